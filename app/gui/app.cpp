#include "gui/app.hpp"

// GL itself is in the renderer's hands (renderer.hpp), the window system in
// the platform's, the font atlas in WindowFonts' (fonts.hpp); ImGui's
// OpenGL3 backend is set up and fed here.
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "gui/fonts.hpp"
#include "gui/layout.hpp"
#include "gui/status_bar.hpp"
#include "gui/window_export.hpp"
#include "lab/builtin_example.hpp"
#include "lab/command.hpp"
#include "lab/files.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace gui {

// The window opens a script where its arena is fullest (History::fullestMoment);
// Home, Space and the scrubber are one key away.
void showFullestMoment(lab::Lab& lab)
{
    if (const std::optional<std::size_t> step = lab.history().fullestMoment()) lab.seek(*step);
}

// The document reads and writes through the platform's files.
App::App(std::unique_ptr<platform::Backend> backend)
    : backend_(std::move(backend)), doc_(lab_, backend_->files()), dialogs_(*this, lab_, ui_, doc_, commands_, backend_->files())
{
}

std::unique_ptr<App> App::open(const AppOptions& options, std::string& error)
{
#ifdef __EMSCRIPTEN__
    auto backend = platform::openWebCanvas({options.width, options.height, options.visible, "Arena Lab"}, error);
#else
    auto backend = platform::openGlfwWindow({options.width, options.height, options.visible, "Arena Lab"}, error);
#endif
    if (!backend) return nullptr;
    std::unique_ptr<App> app(new App(std::move(backend)));
    if (!app->init(options, error)) return nullptr;
    return app;
}

bool App::init(const AppOptions& options, std::string& error)
{
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_); // CreateContext makes only the first context current
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // the layout is fixed: nothing to remember
    if (!backend_->initImGui() || !ImGui_ImplOpenGL3_Init(backend_->glslVersion())) {
        error = lab::tr("cannot start Dear ImGui's platform and OpenGL3 backends");
        return false;
    }

    renderer_ = std::make_unique<ArenaRenderer>();
    if (!renderer_->init(error)) return false;
    renderer_->memory.animate = options.animate;

    default_font_size_ =
        options.font_size > 0 ? options.font_size : std::round(theme_font_size * std::max(1.0f, backend_->contentScale()));
    ui_.font_size = default_font_size_;
    rebuildFonts();

    defineCommands();
    if (!options.recovery_dir.empty()) doc_.enableRecovery(options.recovery_dir);
    preferences_ = Preferences(options.recovery_dir);
    return true;
}

App::~App()
{
    if (!backend_) return;
    backend_->makeCurrent();
    renderer_.reset(); // its GL objects need the context
    panels_.models.releaseRenderers(); // so do the compare view's
    offscreen_.reset();
    if (imgui_ != nullptr) {
        ImGui::SetCurrentContext(imgui_);
        if (ImGui::GetIO().BackendRendererUserData != nullptr) ImGui_ImplOpenGL3_Shutdown();
        backend_->shutdownImGui();
        ImGui::DestroyContext(imgui_);
    }
    backend_.reset(); // the window goes last
}

// Bakes both fonts at the chosen pixel size (fonts.hpp) and re-uploads
// the atlas.
void App::rebuildFonts()
{
    ui_.font_size = std::clamp(std::round(ui_.font_size), min_font_size, max_font_size);
    fonts_.rebuild(ui_.font_size, ui_.presentation);
    ui_.font_changed = false;
}

void App::fetchFullerFont()
{
    std::string got;
    switch (backend_->fetchFullerFont(got)) {
    case platform::FontFetch::arrived:
        useFullerCjkFont(std::move(got));
        rebuildFonts();
        break;
    case platform::FontFetch::failed:
        // Said once (the platform answers `failed` once); the characters
        // stay the replacement mark.
        setStatus({false, lab::trf("the fuller Chinese font could not be fetched ({0}): characters the built-in one lacks "
                                   "show as the replacement mark", got)});
        break;
    case platform::FontFetch::none:
    case platform::FontFetch::fetching: break;
    }
}

void App::setLanguage(lab::Lang lang)
{
    lab::setLanguage(lang); // fonts_.gather() sees the change and rebuilds the atlas
    if (std::string error; !preferences_.rememberLanguage(lang, error)) setStatus({false, error});
}

void App::changeFontSize(float size)
{
    ui_.font_size = size;
    ui_.font_changed = true;
}

// Presentation mode's body text: at least 1/36 of the window's height (the
// back row of a classroom), a little more where the lesson still fits.
float presentationFontSize(float window_height)
{
    return std::clamp(std::ceil(window_height / 33.0f), min_font_size, max_font_size);
}

void App::setPresentation(bool on)
{
    if (on == ui_.presentation) return;
    ui_.presentation = on;
    if (on) {
        font_size_before_presentation_ = ui_.font_size;
        ui_.font_size = presentationFontSize(frame_height_);
        presentation_font_size_ = ui_.font_size;
        ui_.presentation_controls = false; // folded away until asked for (C)
    } else {
        ui_.font_size = font_size_before_presentation_;
    }
    ui_.font_changed = true;
    panels_.arena.switchMode(); // each mode keeps its own zoom, pan and fit
}

void App::setEmbed(bool on)
{
    if (on == ui_.embed) return;
    ui_.embed = on;
    panels_.arena.requestFit(); // the arena view changed size
}

// ---- the document ---------------------------------------------------------

void App::setStatus(const Outcome& outcome)
{
    ui_.status = outcome.message;
    ui_.status_is_error = outcome.is_error;
}

void App::loaded(const Outcome& outcome)
{
    ui_.selected_handle.reset();
    ui_.hovered_handle.reset();
    ui_.playing = false;
    ui_.steps_per_second = teaching_steps_per_second; // a new lesson starts at a speed a room can follow
    panels_.arena.refitBothModes(); // a new script: both modes fit it afresh
    panels_.predict.forgetScore();
    setStatus(outcome);
}

bool App::loadText(std::string text, std::string name, std::string path)
{
    loaded(doc_.load(std::move(text), std::move(name), std::move(path)));
    return doc_.ranToEnd();
}

bool App::loadFile(const std::string& path)
{
    const Outcome outcome = doc_.open(path);
    if (outcome.ok) loaded(outcome);
    else setStatus(outcome);
    return outcome.ok;
}

bool App::saveFile(const std::string& path)
{
    const Outcome outcome = doc_.save(path);
    setStatus(outcome);
    return outcome.ok;
}

void App::save()
{
    if (doc_.path().empty()) dialogs_.openDialog(PathPrompt::Kind::save_as);
    else saveFile(doc_.path());
}

// The Script panel's Open or Save: the document does it, as for the File menu.
void App::fileRequest()
{
    ScriptPanelState& script = panels_.script.state();
    if (!script.file_request) return;
    const ScriptPanelState::FileRequest request = *std::exchange(script.file_request, std::nullopt);
    if (request.kind == ScriptPanelState::FileRequest::Kind::save && request.path.empty()) {
        save(); // no path typed: as Ctrl+S (the document's file, else Save As)
        return;
    }
    const Outcome outcome = request.kind == ScriptPanelState::FileRequest::Kind::open ? openPath(request.path) : doc_.save(request.path);
    setStatus(outcome);
    panels_.script.state().file_message = outcome.message;
    panels_.script.state().file_error = outcome.is_error;
}

Outcome App::openPath(const std::string& path)
{
    if (path.empty()) return {false, lab::tr("Type the path of a .arena file first.")};
    std::string error;
    std::optional<std::string> text = backend_->files().readScript(path, error);
    if (!text) return {false, error};
    const std::string name = backend_->files().shownName(path);
    const std::string file = lab::baseName(name);
    replaceDocument(lab::tr("Opening ") + file, [this, text = std::move(*text), name, path] {
        loaded(doc_.load(text, name, path == "-" ? std::string() : path));
    });
    return {true, dialogs_.askingAboutUnsavedChanges() ? lab::trf("Opening {}: save or discard the changes first", file) : ui_.status};
}

std::string App::start(const std::string& file, bool present)
{
    if (present) setPresentation(true);
    std::string error;
    if (!file.empty()) {
        if (std::optional<std::string> text = backend_->files().readScript(file, error)) {
            loadText(std::move(*text), lab::displayName(file), file == "-" ? std::string() : file);
            showFullestMoment(lab_);
            doc_.forgetUndo();
            return {};
        }
    }
    if (file.empty()) {
        openFirstScreen();
        return {};
    }
    // A file that could not be opened: the built-in example at its end (a
    // first action then adds to it), and a notice that says why.
    loadText(std::string(lab::builtin_example), std::string(lab::builtin_example_name));
    doc_.forgetUndo();
    if (!error.empty()) {
        dialogs_.setNotice(lab::trf("Arena Lab could not open {}:\n\n{}\n\nThe built-in example is shown instead. Open a script "
                                    "with File > Open (Ctrl+O).",
                                    file, error));
        setStatus({false, error});
    }
    return error;
}

void App::openLesson(const lab::Lesson& lesson)
{
    replaceDocument(lab::tr("The lesson ") + std::string(lesson.file_name), [this, &lesson] {
        loadText(std::string(lesson.text), std::string(lesson.file_name)); // untitled: Save asks where
        lab_.seek(0); // a lesson starts at the beginning, ready to play
        ui_.playing = false;
    });
}

void App::openFirstScreen()
{
    const auto all = lab::lessons();
    const lab::Lesson& first = all.front();
    loadText(std::string(first.text), std::string(first.file_name)); // untitled: Save asks where
    lab_.seek(0);
    doc_.forgetUndo();
    setStatus({true, lab::trf("Lesson 1 of {}: Right (or Space) takes its first step. Help > Getting started: the first "
                              "five minutes.",
                              lab::grouped(all.size()))});
    first_step_hint_ = ui_.status;
}

void App::autosave(bool force)
{
    if (auto said = doc_.autosave(backend_->seconds(), force)) setStatus(*said);
}

void App::recover(std::size_t i)
{
    if (i >= doc_.offers().size()) return;
    loaded(doc_.recover(i, backend_->seconds()));
}

bool App::exportFile(Export what, const std::string& path)
{
    std::string error;
    const bool ok = exportWindow(*this, backend_->files(), what, path, window_w_, window_h_, error);
    ui_.status = ok ? lab::trf("Exported {}", backend_->files().shownName(path)) : error;
    ui_.status_is_error = !ok;
    return ok;
}

// A close (the window's button, Ctrl+Q, File > Quit) goes through when
// nothing would be lost; otherwise it waits for the unsaved-changes prompt.
bool App::shouldClose()
{
    const bool asked = backend_->closeRequested() || quit_requested_;
    if (!asked) return false;
    if (quit_confirmed_ || !hasUnsavedChanges()) return true;
    backend_->cancelClose();
    quit_requested_ = false;
    replaceDocument(lab::tr("Quitting"), [this] {
        quit_confirmed_ = true;
        quit_requested_ = true;
    }, true);
    return false;
}

// ---- frames ----------------------------------------------------------------

bool App::frame()
{
    backend_->pollEvents();
    if (shouldClose()) return false;
    // A file picked or dropped on the page opens between frames, as File > Open.
    while (const auto path = backend_->takeOpenedFile()) loadFile(*path);
    const platform::Size fb = backend_->framebufferSize();
    const platform::Size win = backend_->windowSize();
    window_w_ = std::max(win.w, 64);
    window_h_ = std::max(win.h, 64);
    if (const auto pending = dialogs_.takePendingExport()) exportFile(pending->first, pending->second);
    buildFrame(static_cast<float>(win.w), static_cast<float>(win.h), false, nullptr);
    drawImGuiFrame(0, fb.w, fb.h);
    backend_->present();
    autosave();
    return !shouldClose();
}

bool App::busy() const
{
    return ui_.playing || renderer_->memory.anim_start >= 0 || ui_.font_changed;
}

void App::run()
{
    // Idle (not busy): the backend sleeps until an event instead of drawing
    // the same frame 60 times a second.
    backend_->runFrames([this] { return frame(); }, [this] { return busy(); });
}

std::vector<std::uint8_t> App::renderOffscreen(int width, int height, const FakeMouse* mouse)
{
    drawOffscreen(width, height, mouse);
    return offscreen_->readPixels();
}

// The offscreen frame is the one waited for: a browser's read back waits
// only for the framebuffer it reads.
void App::finishGl()
{
    if (offscreen_) offscreen_->bind();
    backend_->finishGl();
    bindWindowFramebuffer();
}

void App::buildOffscreen(int width, int height, const FakeMouse* mouse)
{
    backend_->makeCurrent();
    // What a dialog asked to export, between frames as in frame(): the
    // tests drive the dialogs through offscreen frames.
    if (const auto pending = dialogs_.takePendingExport()) exportFile(pending->first, pending->second);
    backend_->pollEvents();
    buildFrame(static_cast<float>(width), static_cast<float>(height), true, mouse);
}

void App::drawOffscreen(int width, int height, const FakeMouse* mouse)
{
    buildOffscreen(width, height, mouse);
    if (!offscreen_) offscreen_ = std::make_unique<OffscreenTarget>();
    drawImGuiFrame(offscreen_->framebuffer(width, height), width, height);
    bindWindowFramebuffer();
}

void App::buildFrame(float width, float height, bool offscreen, const FakeMouse* mouse)
{
    ImGui::SetCurrentContext(imgui_);
    frame_height_ = height;
    // Presentation mode's text follows the window's height (a resize, a
    // shot at another size) unless a person chose a size (Ctrl+= / Ctrl+-),
    // and is never smaller than 1/36 of it.
    if (ui_.presentation) {
        const float automatic = presentationFontSize(height);
        const bool chosen = ui_.font_size != presentation_font_size_;
        if ((!chosen && ui_.font_size != automatic) || ui_.font_size < std::ceil(height / 36.0f)) {
            ui_.font_size = automatic;
            ui_.font_changed = true;
        }
        presentation_font_size_ = automatic;
    }
    // The first screen's hint speaks of the first step: once the lesson has
    // left step 0 it would be stale (it said "Right takes its first step" at
    // the last one), so it goes, unless another message replaced it.
    if (!first_step_hint_.empty() && lab_.cursor() != 0) {
        if (ui_.status == first_step_hint_) ui_.status.clear();
        first_step_hint_.clear();
    }
    // The text shaders failed at the last frame's drawing: said once, on
    // standard error with the compiler's words and on the status line.
    if (const std::optional<std::string> failure = renderer_->text_shader.takeFailure()) {
        const std::string said = lab::tr("The text shader did not compile: text is drawn with ImGui's own antialiasing, "
                                         "in more shades (exported pictures have more colours)");
        std::fprintf(stderr, "arenalab: %s\n%s\n", said.c_str(), failure->c_str());
        setStatus({false, said});
    }
    if (fonts_.gather(lab_.revision(), doc_.text(), {title_, ui_.status})) ui_.font_changed = true;
    if (ui_.font_changed) rebuildFonts();
    if (fonts_.missing() != 0) fetchFullerFont();
    ImGui_ImplOpenGL3_NewFrame();
    backend_->newImGuiFrame();
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
    // Everything ImGui draws this frame with its coverage in few shades:
    // the background list is drawn first.
    renderer_->text_shader.addTo(*ImGui::GetBackgroundDrawList());
    ui_.layout_record.clear(); // what this frame draws, the menu bar's notice included

    // What changed the document since the last frame (a load between frames)
    // is one undo step; so is what this frame's input changes.
    doc_.track(io.WantTextInput);
    commands_.handleKeys();
    dialogs_.guardLessonKeys();
    playback();
    // Embed mode: no menu bar, and a status line only for an error.
    const bool bars = !ui_.embed;
    if (bars) drawMenuBar(commands_, *this, ui_.layout_record, ui_.presentation);
    const float menu_h = bars ? ImGui::GetFrameHeight() : 0.0f;
    const bool status_line = bars || (ui_.status_is_error && !ui_.status.empty());
    // An error too long for the bar's row is shown whole on rows of its own.
    const float status_h = bars ? statusBarHeight(lab_, ui_, width) : status_line ? messageLineHeight(ui_, width) : 0.0f;
    drawPanels(menu_h, height - status_h, width);
    ui_.panel_commands.clear(); // keys for a panel that did not take them (hidden, or its fields invalid)
    fileRequest();
    if (bars) drawStatusBar(lab_, ui_, commands_, height - status_h, width, status_h);
    else if (status_line) drawMessageLine(ui_, height - status_h, width, status_h);
    dialogs_.draw();
    // Blanked (B): black over everything, the keys still working.
    if (ui_.blank) ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(width, height), IM_COL32(0, 0, 0, 255));
    ImGui::Render();
    doc_.track(io.WantTextInput || ImGui::IsAnyItemActive());
    if (std::string t = doc_.title(); t != title_) {
        title_ = std::move(t);
        backend_->setTitle(title_);
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

void App::drawPanels(float top, float bottom, float width)
{
    // Lesson first: the Step panel is measured at its width before the
    // layout, and gets the height its text needs.
    LayoutRequest request;
    request.top = top;
    request.bottom = bottom;
    request.width = width;
    request.presentation = ui_.presentation;
    request.embed = ui_.embed;
    // A control's key (A, R, Del...) in presentation mode shows the Controls
    // (embed mode never does).
    for (const CommandId id : ui_.panel_commands)
        if (id >= CommandId::alloc && id <= CommandId::reset_retain_with_limit) ui_.presentation_controls = true;
    request.controls_open = !ui_.embed && (!ui_.presentation || ui_.presentation_controls);
    request.font_px = ImGui::GetFontSize();
    request.narrow = belowMinimum(width, frame_height_);
    const float step_w = stepPanelWidth(request);
    if (ui_.presentation && !ui_.embed) request.numbers_h = numbersStripHeight(lab_, ui_, step_w);
    const float height = bottom - top;
    // Predict mode's box, under the Step panel (never over the lesson's text).
    request.extra_h = std::min(panels_.predict.height(), height * 0.45f);
    request.step_h = panels_.step.height(lab_, ui_, step_w, height - minArenaHeight(request) - request.numbers_h - request.extra_h,
                                         request.extra_h);
    const PanelLayout layout = layoutPanels(request);
    arena_rect_ = layout.arena;
    ui_.layout_record.body_font_px = ImGui::GetFontSize();
    panels_.predict.beforePanels(lab_, ui_);
    if (layout.controls) panels_.controls.draw(lab_, ui_, *layout.controls);
    if (layout.script) panels_.script.draw(lab_, ui_, doc_, *layout.script);
    panels_.arena.draw(lab_, ui_, *renderer_, layout.arena);
    if (layout.numbers) drawNumbersStrip(lab_, ui_, *layout.numbers);
    panels_.step.draw(lab_, ui_, commands_, layout.step);
    if (layout.source) panels_.source.draw(lab_, ui_, *layout.source);
    if (layout.child_log) panels_.child_log.draw(lab_, ui_, *layout.child_log);
    if (layout.stats) panels_.stats.draw(lab_, ui_, *layout.stats);
    // How far each panel would scroll: nothing of Controls, Step or the
    // strip may be out of sight (the tests read this).
    ui_.layout_record.panelOverflow({"Controls", "Step", "Numbers", "Stats", "Child allocator"});
    panels_.compare.draw(lab_, ui_, layout.arena, panels_.controls.state());
    panels_.models.draw(lab_, ui_, layout.arena);
    panels_.predict.draw(lab_, ui_, layout.arena, layout.extra, renderer_->memory);
}

std::optional<int> runWindow(const std::string& file, bool language_given, bool present)
{
    std::string error;
    AppOptions options;
    options.recovery_dir = lab::Recovery::defaultDir();
    if (!language_given)
        if (const auto remembered = Preferences(options.recovery_dir).language()) lab::setLanguage(*remembered);
    std::unique_ptr<App> app = App::open(options, error);
    if (!app) {
        std::fprintf(stderr, "arenalab: %s\n", error.c_str());
        return std::nullopt;
    }
    // A file that cannot be opened still opens the window (a launcher or a
    // double-click shows nothing otherwise), which says why; so does
    // standard error, and the exit status, for scripts.
    const std::string failed = app->start(file, present);
    if (!failed.empty()) std::fprintf(stderr, "%s\n", failed.c_str());
    app->run();
    return failed.empty() ? 0 : 2;
}

} // namespace gui
