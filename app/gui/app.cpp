#include "gui/app.hpp"

// glad declares the GL API; GLFW must not bring in a second one.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "gui/embedded.hpp"
#include "gui/widgets.hpp"
#include "lab/builtin_example.hpp"
#include "lab/lessons.hpp"
#include "lab/trace.hpp"
#include "lab/export_doctest.hpp"
#include "lab/command.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"

namespace gui {

namespace {

constexpr float min_font = 10.0f;
constexpr float max_font = 64.0f;
constexpr float theme_font = 18.0f; // the size the theme's spacing is designed at

// GLFW reports errors through a callback; keep the last for messages.
std::string& lastGlfwError()
{
    static std::string message;
    return message;
}
void onGlfwError(int code, const char* description)
{
    lastGlfwError() = std::string(description != nullptr ? description : "unknown error") + " (GLFW error " +
                      std::to_string(code) + ")";
}

// GLFW is process-wide: initialised with the first window and left open
// until the process ends, not closed with each window. Keeping the display
// connection open keeps an Xvfb server from resetting between windows (it
// does when its last client leaves), which would make the next window fail
// to open; and it keeps the GL driver loaded at exit, so LeakSanitizer can
// still name (and we can suppress) the driver's own lifetime allocations.
bool initGlfwOnce()
{
    static bool ready = false;
    if (!ready && glfwInit() == GLFW_TRUE) ready = true;
    return ready;
}

// A calm dark theme: low-contrast chrome so the arena view stands out.
void applyTheme(ImGuiStyle& style)
{
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.WindowBorderSize = 1.0f;
    style.WindowPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(8, 5);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.125f, 0.137f, 0.161f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.106f, 0.118f, 0.141f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.11f, 0.13f, 0.97f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.17f, 0.23f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.28f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.26f, 0.32f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.30f, 0.38f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.20f, 0.27f, 0.36f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.36f, 0.48f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.42f, 0.56f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.20f, 0.27f, 0.36f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.36f, 0.48f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.30f, 0.42f, 0.56f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.34f, 0.71f, 0.91f, 1.0f); // sky blue, as in the arena view
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.50f, 0.80f, 0.95f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.34f, 0.71f, 0.91f, 1.0f);
    c[ImGuiCol_Text] = ImVec4(0.91f, 0.92f, 0.93f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.58f, 0.63f, 1.0f);
}

// The glyphs the panels use: Latin-1 plus the punctuation, arrows and
// shapes a teaching tool wants (… → ▶ ■ −), kept small so the atlas stays
// small at large sizes.
const ImWchar* glyphRanges()
{
    static const ImWchar ranges[] = {
        0x0020, 0x00FF, // Basic Latin, Latin-1
        0x2010, 0x2027, // dashes, quotes, bullet, ellipsis
        0x2190, 0x2199, // arrows
        0x2212, 0x2212, // minus
        0x2260, 0x2265, // not equal, less or equal, greater or equal
        0x25A0, 0x25CF, // squares, triangles, circles
        0,
    };
    return ranges;
}

std::string currentOpText(const lab::Lab& lab)
{
    const lab::OpEntry* op = lab.currentOp();
    if (op == nullptr) return "";
    return "line " + std::to_string(op->line) + ": " + lab::toScript(op->command);
}

// A script usually ends with the arena emptied by a reset, which is a dull
// first sight: the window opens at the end of the first operation after
// which the arena held the most buffers (then the most capacity) instead.
// Home, Space and the scrubber are one key away.
} // namespace

void showFullestMoment(lab::Lab& lab)
{
    const lab::History& h = lab.history();
    std::size_t best = 0, best_nodes = 0, best_capacity = 0;
    for (std::size_t i = 0; i < h.opCount(); ++i) {
        const lab::OpState s = h.opState(i);
        if (s.node_count > best_nodes || (s.node_count == best_nodes && s.capacity > best_capacity)) {
            best = h.opStepsEnd(i);
            best_nodes = s.node_count;
            best_capacity = s.capacity;
        }
    }
    if (best_nodes > 0) lab.seek(best);
}

namespace {

// A background draw-list callback: clears its clip rectangle to the colour
// packed in its user data.
void clearCallback(const ImDrawList*, const ImDrawCmd* cmd)
{
    const ImDrawData* data = ImGui::GetDrawData();
    const ImVec2 scale = data->FramebufferScale;
    const ImVec2 pos = data->DisplayPos;
    const auto fb_h = static_cast<int>(std::lround(data->DisplaySize.y * scale.y));
    const auto x0 = static_cast<int>(std::lround((cmd->ClipRect.x - pos.x) * scale.x));
    const auto y0 = static_cast<int>(std::lround((cmd->ClipRect.y - pos.y) * scale.y));
    const auto x1 = static_cast<int>(std::lround((cmd->ClipRect.z - pos.x) * scale.x));
    const auto y1 = static_cast<int>(std::lround((cmd->ClipRect.w - pos.y) * scale.y));
    if (x1 <= x0 || y1 <= y0) return;
    const auto c = static_cast<ImU32>(reinterpret_cast<std::uintptr_t>(cmd->UserCallbackData));
    const auto channel = [c](int shift) { return static_cast<float>((c >> shift) & 0xFF) / 255.0f; };
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);
    glClearColor(channel(IM_COL32_R_SHIFT), channel(IM_COL32_G_SHIFT), channel(IM_COL32_B_SHIFT), channel(IM_COL32_A_SHIFT));
    glClear(GL_COLOR_BUFFER_BIT);
}

} // namespace

void widgets::clearBehind(const ImVec2& min, const ImVec2& max, ImU32 colour)
{
    ImDrawList* bg = ImGui::GetBackgroundDrawList();
    bg->PushClipRect(min, max, false);
    bg->AddCallback(clearCallback, reinterpret_cast<void*>(static_cast<std::uintptr_t>(colour)));
    bg->PopClipRect();
}

ImFont* monoFont()
{
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
}

App::App() : doc_(lab_, platform::nativeFiles()) {}

std::unique_ptr<App> App::open(const AppOptions& options, std::string& error)
{
    std::unique_ptr<App> app(new App());
    if (!app->init(options, error)) return nullptr;
    return app;
}

bool App::init(const AppOptions& options, std::string& error)
{
    glfwSetErrorCallback(onGlfwError);
    if (!initGlfwOnce()) {
        error = "cannot open a window: " + lastGlfwError();
        return false;
    }
    // OpenGL 3.3 core, which Mesa's software renderer provides under Xvfb.
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    window_ = glfwCreateWindow(options.width, options.height, "Arena Lab", nullptr, nullptr);
    if (window_ == nullptr) {
        error = "cannot open an OpenGL 3.3 window: " + lastGlfwError();
        return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(options.visible ? 1 : 0);
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        error = "cannot load OpenGL 3.3 functions";
        return false;
    }

    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_); // CreateContext makes only the first context current
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // the layout is fixed: nothing to remember
    applyTheme(base_style_);
    if (!ImGui_ImplGlfw_InitForOpenGL(window_, true) || !ImGui_ImplOpenGL3_Init("#version 330 core")) {
        error = "cannot start Dear ImGui's GLFW/OpenGL3 backends";
        return false;
    }

    renderer_ = std::make_unique<ArenaRenderer>();
    if (!renderer_->init(error)) return false;
    renderer_->memory.animate = options.animate;

    float scale_x = 1, scale_y = 1;
    glfwGetWindowContentScale(window_, &scale_x, &scale_y);
    default_font_size_ = options.font_size > 0 ? options.font_size : std::round(theme_font * std::max(1.0f, scale_y));
    ui_.font_size = default_font_size_;
    rebuildFonts();

    if (!options.recovery_dir.empty()) doc_.enableRecovery(options.recovery_dir);
    return true;
}

App::~App()
{
    if (window_ != nullptr) {
        glfwMakeContextCurrent(window_);
        renderer_.reset(); // its GL objects need the context
        if (offscreen_fb_ != 0) glDeleteFramebuffers(1, &offscreen_fb_);
        if (offscreen_rb_ != 0) glDeleteRenderbuffers(1, &offscreen_rb_);
        if (imgui_ != nullptr) {
            ImGui::SetCurrentContext(imgui_);
            if (ImGui::GetIO().BackendRendererUserData != nullptr) ImGui_ImplOpenGL3_Shutdown();
            if (ImGui::GetIO().BackendPlatformUserData != nullptr) ImGui_ImplGlfw_Shutdown();
            ImGui::DestroyContext(imgui_);
        }
        glfwDestroyWindow(window_);
    }
}

// Bakes both fonts at the chosen pixel size (text stays crisp: nothing is
// ever scaled) and scales the theme's spacing to match.
void App::rebuildFonts()
{
    ui_.font_size = std::clamp(std::round(ui_.font_size), min_font, max_font);
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false; // the bytes are the program's own (embedded.hpp)
    config.OversampleH = 2;
    io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font_sans_ttf.data()), static_cast<int>(font_sans_ttf.size()),
                                   ui_.font_size, &config, glyphRanges());
    io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font_mono_ttf.data()), static_cast<int>(font_mono_ttf.size()),
                                   ui_.font_size, &config, glyphRanges());
    io.Fonts->Build();
    if (io.BackendRendererUserData != nullptr) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui::GetStyle() = base_style_;
    ImGui::GetStyle().ScaleAllSizes(ui_.font_size / theme_font);
    if (ui_.presentation) {
        // High contrast for a projector: black panels, white text, clear edges.
        ImGuiStyle& style = ImGui::GetStyle();
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.75f, 0.75f, 0.75f, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(0.85f, 0.85f, 0.85f, 1);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.16f, 0.16f, 1);
        style.WindowBorderSize = std::max(2.0f, style.WindowBorderSize);
        style.FrameBorderSize = std::max(1.0f, style.FrameBorderSize);
    }
    ui_.font_changed = false;
}

void App::setPresentation(bool on)
{
    if (on == ui_.presentation) return;
    ui_.presentation = on;
    if (on) {
        ui_.font_size_before_presentation = ui_.font_size;
        ui_.font_size = std::max(ui_.font_size * 1.5f, std::round(frame_height_ / 30.0f));
    } else {
        ui_.font_size = ui_.font_size_before_presentation;
    }
    ui_.font_changed = true;
    ui_.fit_requested = true;
}

void App::show(const Outcome& outcome)
{
    ui_.status = outcome.message;
    ui_.status_is_error = outcome.is_error;
}

void App::loaded(const Outcome& outcome)
{
    ui_.selected_handle.reset();
    ui_.hovered_handle.reset();
    ui_.playing = false;
    ui_.fit_requested = true;
    show(outcome);
    if (window_ != nullptr) glfwSetWindowTitle(window_, ("Arena Lab - " + lab_.fileName()).c_str());
}

bool App::loadText(std::string text, std::string name, std::string path)
{
    loaded(doc_.load(std::move(text), std::move(name), std::move(path)));
    return doc_.ranToEnd();
}

// The Script panel's Open or Save: the document does it, as for the File menu.
void App::fileRequest()
{
    if (!ui_.file_request) return;
    const UiState::FileRequest request = *std::exchange(ui_.file_request, std::nullopt);
    Outcome outcome;
    if (request.kind == UiState::FileRequest::Kind::open) {
        outcome = doc_.open(request.path);
        if (outcome.ok) loaded(outcome);
    } else {
        outcome = doc_.save(request.path);
    }
    show(outcome);
    ui_.panels.script.file_message = outcome.message;
    ui_.panels.script.file_error = outcome.is_error;
}

bool App::loadFile(const std::string& path)
{
    Outcome outcome = doc_.open(path);
    if (outcome.ok) loaded(outcome);
    else show(outcome);
    return outcome.ok;
}

bool App::saveFile(const std::string& path)
{
    const Outcome outcome = doc_.save(path);
    show(outcome);
    return outcome.ok;
}

bool App::exportFile(Export what, const std::string& path)
{
    std::string error;
    bool ok = false;
    if (what == Export::png) {
        ok = writeShot(*this, window_w_, window_h_, path, error);
    } else {
        std::string contents;
        if (what == Export::script) {
            contents = lab::sessionScript(lab_.text(), lab_.fileName());
        } else if (what == Export::doctest) {
            const lab::ExportResult r = lab::exportDoctest(lab_.text(), lab_.fileName());
            contents = r.code;
            error = r.error;
        } else {
            const lab::RunResult r = lab::runScriptText(lab_.text(), lab_.fileName(),
                                                        [&](const lab::OpRecord& rec) { lab::appendTraceLine(contents, rec); });
            if (!r.ran) error = r.errors.empty() ? "the script has errors" : r.errors.front();
        }
        ok = error.empty() && lab::writeFileAtomically(path, contents, error);
    }
    ui_.status = ok ? "Exported " + path : error;
    ui_.status_is_error = !ok;
    return ok;
}

void App::autosave(bool force)
{
    if (auto said = doc_.autosave(glfwGetTime(), force)) show(*said);
}

void App::recover(std::size_t i)
{
    if (i >= doc_.offers().size()) return;
    loaded(doc_.recover(i, glfwGetTime()));
}

void App::discardRecovery(std::size_t i) { doc_.discardOffer(i); }

// Shown when the window opens over recovery files: what each one is, and
// a choice that never loses anything by accident (Later keeps the files).
void App::recoveryPrompt()
{
    if (doc_.offers().empty() || dialog_ != Dialog::none || confirm_quit_) return;
    ImGui::OpenPopup("Recover unsaved work?");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Recover unsaved work?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(doc_.offers().size() == 1 ? "An Arena Lab window did not close cleanly. Its unsaved script was autosaved:"
                                               : "Arena Lab windows did not close cleanly. Their unsaved scripts were autosaved:");
    ImGui::Spacing();
    std::optional<std::size_t> recover_index, discard_index;
    for (std::size_t i = 0; i < doc_.offers().size() && i < 8; ++i) {
        const lab::RecoveredScript& r = doc_.offers()[i];
        char when[64] = "an unknown time";
        const auto t = static_cast<std::time_t>(r.saved_at);
        if (std::tm tm{}; r.saved_at > 0 && localtime_r(&t, &tm) != nullptr) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        const auto lines = std::count(r.text.begin(), r.text.end(), '\n') + (r.text.empty() || r.text.back() == '\n' ? 0 : 1);
        ImGui::PushID(static_cast<int>(i));
        ImGui::BulletText("%s, %ld lines, autosaved %s%s%s", r.name.c_str(), static_cast<long>(lines), when,
                          r.script_path.empty() ? "" : " (from ", r.script_path.empty() ? "" : (r.script_path + ")").c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Recover")) recover_index = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load it as unsaved work; save it to keep it.\nThe script open now is replaced.");
        ImGui::SameLine();
        if (ImGui::SmallButton("Discard")) discard_index = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Delete the recovery file: %s", r.file.c_str());
        ImGui::PopID();
    }
    // Acted on after the list, which must not change while it is drawn.
    if (recover_index) recover(*recover_index);
    else if (discard_index) discardRecovery(*discard_index);
    if (doc_.offers().size() > 8) ImGui::TextDisabled("and %zu more in %s", doc_.offers().size() - 8, doc_.recoveryDir().c_str());
    ImGui::Spacing();
    if (ImGui::Button("Later") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) keepRecoveryForLater();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the files; the next window offers them again.\nThey are in %s", doc_.recoveryDir().c_str());
    if (doc_.offers().empty()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}


// A close (the window's button, Ctrl+Q, File > Quit) goes through when
// nothing would be lost; otherwise it becomes the unsaved-changes prompt.
bool App::shouldClose()
{
    const bool asked = (window_ != nullptr && glfwWindowShouldClose(window_) != 0) || ui_.request_quit;
    if (!asked) return false;
    if (ui_.quit_confirmed || !hasUnsavedChanges()) return true;
    if (window_ != nullptr) glfwSetWindowShouldClose(window_, 0);
    ui_.request_quit = false;
    confirm_quit_ = true;
    return false;
}

void App::quitPrompt()
{
    if (!confirm_quit_) return;
    ImGui::OpenPopup("Unsaved changes");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("The script has changes that are not saved.");
        const std::string where = doc_.path().empty() ? "Save as..." : "Save to " + doc_.path();
        if (ImGui::Button(where.c_str())) {
            confirm_quit_ = false;
            if (doc_.path().empty()) {
                dialog_ = Dialog::save_as;
                dialog_opening_ = true;
            } else if (saveFile(doc_.path())) {
                ui_.request_quit = true;
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Quit without saving")) {
            confirm_quit_ = false;
            ui_.quit_confirmed = true;
            ui_.request_quit = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
            confirm_quit_ = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

bool App::frame()
{
    glfwPollEvents();
    if (shouldClose()) return false;
    int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glfwGetWindowSize(window_, &win_w, &win_h);
    window_w_ = std::max(win_w, 64);
    window_h_ = std::max(win_h, 64);
    if (!pending_png_.empty()) exportFile(Export::png, std::exchange(pending_png_, std::string()));
    buildFrame(static_cast<float>(win_w), static_cast<float>(win_h), false, nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fb_w, fb_h);
    const Rgba bg = palette::background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window_);
    autosave();
    return !shouldClose();
}

void App::run()
{
    while (frame()) {
        // Idle (not playing, nothing gliding): sleep until an event or a
        // tenth of a second, instead of drawing the same frame 60 times a
        // second. Between frames, so no frame ever blocks.
        const bool busy = ui_.playing || renderer_->memory.anim_start >= 0 || ui_.font_changed;
        if (!busy) glfwWaitEventsTimeout(0.1);
    }
}

std::vector<std::uint8_t> App::renderOffscreen(int width, int height, const FakeMouse* mouse)
{
    drawOffscreen(width, height, mouse);
    const auto w = static_cast<std::size_t>(width);
    const auto h = static_cast<std::size_t>(height);
    std::vector<std::uint8_t> pixels(w * h * 4);
    glBindFramebuffer(GL_FRAMEBUFFER, offscreen_fb_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    // GL's first row is the bottom one; images start at the top.
    for (std::size_t y = 0; y < h / 2; ++y)
        std::swap_ranges(pixels.begin() + static_cast<std::ptrdiff_t>(y * w * 4),
                         pixels.begin() + static_cast<std::ptrdiff_t>((y + 1) * w * 4),
                         pixels.begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * w * 4));
    return pixels;
}

void App::drawOffscreen(int width, int height, const FakeMouse* mouse)
{
    glfwMakeContextCurrent(window_);
    glfwPollEvents();
    if (width != offscreen_w_ || height != offscreen_h_) {
        if (offscreen_fb_ == 0) {
            glGenFramebuffers(1, &offscreen_fb_);
            glGenRenderbuffers(1, &offscreen_rb_);
        }
        glBindRenderbuffer(GL_RENDERBUFFER, offscreen_rb_);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
        glBindFramebuffer(GL_FRAMEBUFFER, offscreen_fb_);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, offscreen_rb_);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        offscreen_w_ = width;
        offscreen_h_ = height;
    }
    buildFrame(static_cast<float>(width), static_cast<float>(height), true, mouse);
    glBindFramebuffer(GL_FRAMEBUFFER, offscreen_fb_);
    glViewport(0, 0, width, height);
    const Rgba bg = palette::background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void App::buildFrame(float width, float height, bool offscreen, const FakeMouse* mouse)
{
    ImGui::SetCurrentContext(imgui_);
    frame_height_ = height;
    if (ui_.font_changed) rebuildFonts();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (offscreen) {
        // The backend sized the frame to the window; this frame has its own size.
        io.DisplaySize = ImVec2(width, height);
        io.DisplayFramebufferScale = ImVec2(1, 1);
    }
    if (mouse != nullptr) {
        io.MousePos = ImVec2(mouse->x, mouse->y);
        io.MouseDown[0] = mouse->left_down;
        io.MouseDown[1] = io.MouseDown[2] = false;
        io.MouseWheel = mouse->wheel;
    }
    ImGui::NewFrame();

    shortcuts();
    playback();
    menuBar();
    const float menu_h = ImGui::GetFrameHeight();
    const float status_h = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().WindowPadding.y;
    panels(menu_h, height - status_h, width);
    fileRequest();
    statusBar(height - status_h, width, status_h);
    fileDialog();
    helpWindow();
    quitPrompt();
    recoveryPrompt();
    ImGui::Render();
}

// Keys that work everywhere. Ctrl shortcuts work while typing too; the
// single keys do not, so the script editor gets its spaces and arrows.
void App::shortcuts()
{
    const ImGuiIO& io = ImGui::GetIO();
    const bool ctrl = io.KeyCtrl;
    const auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    const auto repeated = [](int key) { return ImGui::IsKeyPressed(key, true); };
    if (ctrl && pressed(GLFW_KEY_O)) {
        dialog_ = Dialog::open;
        dialog_opening_ = true;
    }
    if (ctrl && pressed(GLFW_KEY_S)) {
        if (doc_.path().empty()) {
            dialog_ = Dialog::save_as;
            dialog_opening_ = true;
        } else {
            saveFile(doc_.path());
        }
    }
    if (ctrl && pressed(GLFW_KEY_Q)) ui_.request_quit = true;
    if (pressed(GLFW_KEY_F5)) setPresentation(!ui_.presentation);
    if (ui_.presentation && !io.WantTextInput && pressed(GLFW_KEY_ESCAPE)) setPresentation(false);
    if (ctrl && (repeated(GLFW_KEY_EQUAL) || repeated(GLFW_KEY_KP_ADD))) {
        ui_.font_size += 2;
        ui_.font_changed = true;
    }
    if (ctrl && (repeated(GLFW_KEY_MINUS) || repeated(GLFW_KEY_KP_SUBTRACT))) {
        ui_.font_size -= 2;
        ui_.font_changed = true;
    }
    if (ctrl && (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0))) {
        ui_.font_size = default_font_size_;
        ui_.font_changed = true;
    }

    if (io.WantTextInput || io.KeyShift || io.KeyAlt) return; // Shift+arrows pan the arena view
    if (!ctrl && pressed(GLFW_KEY_SPACE)) {
        if (!ui_.playing && lab_.atEnd()) lab_.seek(0); // play again from the start
        ui_.playing = !ui_.playing;
    }
    if (repeated(GLFW_KEY_RIGHT)) {
        ui_.playing = false;
        if (ctrl) lab_.nextOp();
        else lab_.seek(std::min(lab_.cursor() + 1, lab_.steps()));
    }
    if (repeated(GLFW_KEY_LEFT)) {
        ui_.playing = false;
        if (ctrl) lab_.prevOp();
        else lab_.seek(lab_.cursor() == 0 ? 0 : lab_.cursor() - 1);
    }
    if (pressed(GLFW_KEY_HOME)) {
        ui_.playing = false;
        lab_.seek(0);
    }
    if (pressed(GLFW_KEY_END)) {
        ui_.playing = false;
        lab_.seek(lab_.steps());
    }
}

// Playing advances the cursor by steps_per_second, however fast frames come.
void App::playback()
{
    if (!ui_.playing) {
        ui_.play_accumulator = 0;
        return;
    }
    if (lab_.atEnd()) {
        ui_.playing = false;
        return;
    }
    ui_.play_accumulator += static_cast<double>(ImGui::GetIO().DeltaTime) * ui_.steps_per_second;
    const double whole = std::floor(ui_.play_accumulator);
    if (whole >= 1.0) {
        ui_.play_accumulator -= whole;
        lab_.seek(std::min(lab_.cursor() + static_cast<std::size_t>(whole), lab_.steps()));
        if (lab_.atEnd()) ui_.playing = false;
    }
}

void App::menuBar()
{
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...", "Ctrl+O")) {
            dialog_ = Dialog::open;
            dialog_opening_ = true;
        }
        if (ImGui::MenuItem("Save", "Ctrl+S")) {
            if (doc_.path().empty()) {
                dialog_ = Dialog::save_as;
                dialog_opening_ = true;
            } else {
                saveFile(doc_.path());
            }
        }
        if (ImGui::MenuItem("Save As...")) {
            dialog_ = Dialog::save_as;
            dialog_opening_ = true;
        }
        ImGui::Separator();
        const auto exportItem = [this](const char* label, const char* tip, Dialog kind) {
            if (ImGui::MenuItem(label)) {
                dialog_ = kind;
                dialog_opening_ = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
        };
        exportItem("Export as a doctest test...",
                   "A self-contained doctest TEST_CASE that replays the script through the arena's C++ API and "
                   "checks every operation (as `arenalab export --doctest`).",
                   Dialog::export_doctest);
        exportItem("Export the trace...", "The script's trace, JSON Lines (as `arenalab export --trace`).",
                   Dialog::export_trace);
        exportItem("Export the session as a script...",
                   "Everything this window ran, as a .arena script: the script's lines and one line for every button you "
                   "pressed, in order. Replaying it (or `arenalab check`) gives the same arena. The script open now "
                   "keeps its own file.",
                   Dialog::export_script);
        exportItem("Export the picture (PNG)...", "The window as it is now, at its size (as `arenalab shot`).",
                   Dialog::export_png);
        ImGui::Separator();
        if (ImGui::MenuItem("Load the built-in example")) loadText(std::string(lab::builtin_example), std::string(lab::builtin_example_name));
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) ui_.request_quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Lessons")) {
        // Each lesson is a narrated script: its captions play with its steps.
        for (const lab::Lesson& lesson : lab::lessons()) {
            const std::string label = std::string(lesson.title) + "##" + std::string(lesson.file_name);
            if (ImGui::MenuItem(label.c_str())) {
                loadText(std::string(lesson.text), std::string(lesson.file_name));
                lab_.seek(0); // a lesson starts at the beginning, ready to play
                ui_.playing = false;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(lesson.file_name).c_str());
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Larger text", "Ctrl+=")) {
            ui_.font_size += 2;
            ui_.font_changed = true;
        }
        if (ImGui::MenuItem("Smaller text", "Ctrl+-")) {
            ui_.font_size -= 2;
            ui_.font_changed = true;
        }
        if (ImGui::MenuItem("Reset text size", "Ctrl+0")) {
            ui_.font_size = default_font_size_;
            ui_.font_changed = true;
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Fit the arena view", "F")) ui_.fit_requested = true;
        if (ImGui::MenuItem("Presentation mode", "F5", ui_.presentation)) setPresentation(!ui_.presentation);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keys, mouse and colours")) show_help_ = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

// The fixed layout: three columns; the arena view takes the centre.
void App::panels(float top, float bottom, float width)
{
    const float height = std::max(bottom - top, 100.0f);
    const float left_w = std::round(std::clamp(width * 0.22f, std::min(260.0f, width * 0.3f), width * 0.3f));
    const float right_w = std::round(std::clamp(width * 0.25f, std::min(280.0f, width * 0.3f), width * 0.32f));
    const float centre_w = width - left_w - right_w;
    const auto place = [](const PanelRect& r) {
        ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
        return r;
    };
    const auto split = [](float y, float h, float fraction) { return std::round(y + h * fraction); };

    if (ui_.presentation) {
        // For a projector: the controls, the arena view, and the explanation.
        const float controls_w = std::round(std::clamp(width * 0.24f, std::min(300.0f, width * 0.35f), width * 0.35f));
        const float arena_end = split(top, height, 0.6f);
        drawControlsPanel(lab_, ui_, place({0, top, controls_w, height}));
        arena_rect_ = {controls_w, top, width - controls_w, arena_end - top};
        drawArenaView(lab_, ui_, *renderer_, place(arena_rect_));
        drawStepPanel(lab_, ui_, place({controls_w, arena_end, width - controls_w, bottom - arena_end}));
        return;
    }

    // Left: Controls over Script.
    const float controls_end = split(top, height, 0.52f);
    drawControlsPanel(lab_, ui_, place({0, top, left_w, controls_end - top}));
    drawScriptPanel(lab_, ui_, doc_, place({0, controls_end, left_w, bottom - controls_end}));

    // Centre: the arena over the Step panel.
    const float arena_end = split(top, height, 0.64f);
    arena_rect_ = {left_w, top, centre_w, arena_end - top};
    drawArenaView(lab_, ui_, *renderer_, place(arena_rect_));
    drawStepPanel(lab_, ui_, place({left_w, arena_end, centre_w, bottom - arena_end}));

    // Right: Source, Child log, Stats.
    const float x = left_w + centre_w;
    const float source_end = split(top, height, 0.46f);
    const float log_end = split(top, height, 0.74f);
    drawSourcePanel(lab_, ui_, place({x, top, right_w, source_end - top}));
    drawChildLogPanel(lab_, ui_, place({x, source_end, right_w, log_end - source_end}));
    drawStatsPanel(lab_, ui_, place({x, log_end, right_w, bottom - log_end}));
}

// Where we are, any message, and the text size (easy to find: bottom right).
void App::statusBar(float y, float width, float height)
{
    ImGui::SetNextWindowPos(ImVec2(0, y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().WindowPadding.y));
    // Its background is painted by a clear, as the panels' are (widgets.hpp).
    const bool opaque = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg).w >= 1.0f && ImGui::GetStyle().Alpha >= 1.0f;
    if (opaque) ImGui::SetNextWindowBgAlpha(0.0f);
    ImGui::Begin("##status", nullptr, flags);
    if (opaque) widgets::clearBehind(ImVec2(0, y), ImVec2(width, y + height), ImGui::GetColorU32(ImGuiCol_WindowBg));
    ImGui::PopStyleVar();

    std::string where = "step " + std::to_string(lab_.cursor()) + " / " + std::to_string(lab_.steps());
    const std::string op = currentOpText(lab_);
    if (!op.empty()) where += "   " + op;
    if (ui_.playing) where += "   (playing)";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(where.c_str());
    // Text size: - N px +, right-aligned.
    char size_text[32];
    std::snprintf(size_text, sizeof size_text, "Text %d px", static_cast<int>(ui_.font_size));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w = ImGui::GetFrameHeight() * 1.3f;
    const float group_w = ImGui::CalcTextSize(size_text).x + 2 * button_w + 2 * style.ItemSpacing.x;

    if (!ui_.status.empty()) {
        // A long message is cut to the room left, ending in "...", and
        // shown whole in a tooltip: it never runs under the size control.
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        const float room = width - group_w - 2 * style.WindowPadding.x - ImGui::GetCursorPosX() - ImGui::GetFontSize();
        std::string shown = ui_.status;
        if (ImGui::CalcTextSize(shown.c_str()).x > room) {
            while (!shown.empty() && ImGui::CalcTextSize((shown + "...").c_str()).x > room) {
                shown.pop_back();
                while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
                if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
            }
            shown += "...";
        }
        const ImVec4 colour = ui_.status_is_error ? ImVec4(1.0f, 0.55f, 0.45f, 1.0f) : ImVec4(0.6f, 0.8f, 0.65f, 1.0f);
        ImGui::TextColored(colour, "%s", shown.c_str());
        if (shown.size() != ui_.status.size() && ImGui::IsItemHovered()) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
            ImGui::SetTooltip("%s", ui_.status.c_str());
            ImGui::PopTextWrapPos();
        }
    }
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), width - group_w - style.WindowPadding.x));
    if (ImGui::Button("-", ImVec2(button_w, 0))) {
        ui_.font_size -= 2;
        ui_.font_changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smaller text (Ctrl+-)");
    ImGui::SameLine();
    ImGui::TextUnformatted(size_text);
    ImGui::SameLine();
    if (ImGui::Button("+", ImVec2(button_w, 0))) {
        ui_.font_size += 2;
        ui_.font_changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger text (Ctrl+=); Ctrl+0 resets");
    ImGui::End();
}

// File > Open and Save As: a path prompt. Reading and writing go through
// loadFile/saveFile, the one place that touches files.
void App::fileDialog()
{
    const char* title = "Save the script as";
    const char* prompt = "Path of the .arena file:";
    const char* action = "Save";
    std::string suggestion = doc_.path();
    const std::string stem = lab_.fileName().substr(0, lab_.fileName().rfind('.'));
    switch (dialog_) {
    case Dialog::open:
        title = "Open a script";
        action = "Open";
        break;
    case Dialog::export_doctest:
        title = "Export as a doctest test";
        prompt = "Path of the .cpp file:";
        action = "Export";
        suggestion = stem + "_test.cpp";
        break;
    case Dialog::export_trace:
        title = "Export the trace";
        prompt = "Path of the .jsonl file:";
        action = "Export";
        suggestion = stem + ".jsonl";
        break;
    case Dialog::export_script:
        title = "Export the session as a script";
        action = "Export";
        suggestion = stem + "-session.arena";
        break;
    case Dialog::export_png:
        title = "Export the picture";
        prompt = "Path of the .png file:";
        action = "Export";
        suggestion = stem + ".png";
        break;
    default: break;
    }
    if (dialog_opening_) {
        dialog_opening_ = false;
        dialog_path_ = suggestion;
        dialog_error_.clear();
        ImGui::OpenPopup(title);
    }
    if (dialog_ == Dialog::none) return;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        dialog_ = Dialog::none;
        return;
    }
    ImGui::TextUnformatted(prompt);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##path", &dialog_path_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (!dialog_error_.empty()) ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", dialog_error_.c_str());
    bool done = false;
    if (ImGui::Button(action) || enter) {
        bool ok = false;
        switch (dialog_) {
        case Dialog::open: ok = loadFile(dialog_path_); break;
        case Dialog::save_as: ok = saveFile(dialog_path_); break;
        case Dialog::export_doctest: ok = exportFile(Export::doctest, dialog_path_); break;
        case Dialog::export_trace: ok = exportFile(Export::trace, dialog_path_); break;
        case Dialog::export_script: ok = exportFile(Export::script, dialog_path_); break;
        case Dialog::export_png: // drawn between frames, not inside this one
            pending_png_ = dialog_path_;
            ok = true;
            break;
        case Dialog::none: break;
        }
        if (ok) done = true;
        else dialog_error_ = ui_.status;
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) done = true;
    if (done) {
        ImGui::CloseCurrentPopup();
        dialog_ = Dialog::none;
    }
    ImGui::EndPopup();
}

void App::helpWindow()
{
    if (!show_help_) return;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Help", &show_help_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::TextUnformatted("Stepping");
        ImGui::BulletText("Space: play / pause");
        ImGui::BulletText("Left / Right: one step back / forward");
        ImGui::BulletText("Ctrl+Left / Ctrl+Right: previous / next operation");
        ImGui::BulletText("Home / End: the start / the end");
        ImGui::Separator();
        ImGui::TextUnformatted("Arena view");
        ImGui::BulletText("Wheel or + / -: zoom about the mouse");
        ImGui::BulletText("Drag or Shift+arrows: pan;  F: fit");
        ImGui::BulletText("Hover: what a byte range is;  click: select a handle");
        ImGui::Separator();
        ImGui::TextUnformatted("Colours");
        ImGui::BulletText("Grey: the 16-byte BufNode header (next, data)");
        ImGui::BulletText("Coloured: live allocations, one colour per handle");
        ImGui::BulletText("Yellow stripes: alignment padding");
        ImGui::BulletText("Faint checkers: freed by rolling end_index back");
        ImGui::BulletText("Dim: stranded until the next reset");
        ImGui::BulletText("Vermillion line: end_index on the newest buffer");
        ImGui::Separator();
        ImGui::TextUnformatted("Text size: Ctrl+= / Ctrl+- / Ctrl+0, or the - + at the bottom right");
        ImGui::TextUnformatted("Presentation mode: F5 (Esc leaves): large text, high contrast, fewer panels");
    }
    ImGui::End();
}

std::optional<int> runWindow(const std::string& file)
{
    std::string error;
    std::optional<std::string> text;
    if (!file.empty()) {
        text = lab::readEditableScriptFile(file, error);
        if (!text) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 2;
        }
    }
    AppOptions options;
    options.recovery_dir = lab::Recovery::defaultDir();
    std::unique_ptr<App> app = App::open(options, error);
    if (!app) {
        std::fprintf(stderr, "arenalab: %s\n", error.c_str());
        return std::nullopt;
    }
    if (text) {
        app->loadText(std::move(*text), lab::displayName(file), file == "-" ? std::string() : file);
    } else {
        app->loadText(std::string(lab::builtin_example), std::string(lab::builtin_example_name));
    }
    showFullestMoment(app->lab());
    app->run();
    return 0;
}

} // namespace gui
