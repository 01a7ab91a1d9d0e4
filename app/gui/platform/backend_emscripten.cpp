// The browser platform: Emscripten's built-in GLFW 3 (JavaScript, no port)
// and WebGL2 (GLES 3.0). With the key table it shares with the desktop
// (backend_glfw_keys.cpp), the only files of the browser build that include
// Emscripten or GLFW; the page's side (file picker, drop, downloads, the
// clipboard, storage) is app/web/arenalab_lib.js, called through the
// `arenalab_js_*` functions below.
//
// Sizes: the canvas fills the tab (CSS), and its drawing buffer follows the
// canvas's CSS size times devicePixelRatio every frame, so the picture is
// sharp on a high-density screen. ImGui works in the buffer's pixels (the
// mouse positions Emscripten's GLFW reports are scaled to them too), and
// contentScale() returns devicePixelRatio, so the text grows with it as it
// does on a desktop monitor with a content scale.
#include "gui/platform/backend.hpp"
#include "lab/i18n.hpp"
#include "gui/platform/backend_glfw_key_queue.hpp"
#include "gui/platform/keys.hpp"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iterator>
#include <utility>

extern "C" {
// app/web/arenalab_lib.js
void arenalab_js_init();
void arenalab_js_set_clipboard(const char* text);
char* arenalab_js_page_address(); // malloc'd
void arenalab_js_pick_file();
void arenalab_js_shadow_gl_state(); // after the context is made
void arenalab_js_fetch_font(const char* url, const char* path); // then arenalab_web_font_arrived
int arenalab_js_take_wake(); // 1 once after input (a key, the mouse, a resize, a paste), a file or the font
void arenalab_js_drew();     // counts the frames drawn (Module.arenalabFramesDrawn, for the tests)
void arenalab_js_first_frame(); // the page's loading message goes; the time to it, for the tests
}

namespace gui::platform {

namespace {

constexpr const char* canvas_id = "#canvas";

// The text the page last put in (a paste) or took from (a copy) the clipboard.
std::string& clipboardText()
{
    static std::string text;
    return text;
}

// Files the page handed over (picked or dropped), in Emscripten's in-memory
// file system, for the next frame to open.
std::deque<std::string>& arrivedFiles()
{
    static std::deque<std::string> paths;
    return paths;
}

// The fuller CJK font beside the page (app/gui/CMakeLists.txt writes it
// into the site folder), fetched once on demand into the in-memory file
// system: its state, and the file or the reason when it came back.
constexpr const char* fuller_font_url = "cjk-full.ttf";
constexpr const char* fuller_font_path = "/fonts/cjk-full.ttf";
struct FullerFont {
    FontFetch state = FontFetch::none;
    bool started = false;
    std::string reason; // why it failed
};
FullerFont& fullerFont()
{
    static FullerFont f;
    return f;
}

const char* getClipboardForImGui(void*) { return clipboardText().c_str(); }
void setClipboardForImGui(void*, const char* text)
{
    clipboardText() = text != nullptr ? text : "";
    arenalab_js_set_clipboard(clipboardText().c_str());
}

// The canvas's CSS size times devicePixelRatio: its drawing buffer's size.
Size wantedBufferSize()
{
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size(canvas_id, &css_w, &css_h);
    const double ratio = emscripten_get_device_pixel_ratio();
    return {std::max(1, static_cast<int>(std::lround(css_w * ratio))),
            std::max(1, static_cast<int>(std::lround(css_h * ratio)))};
}

class EmscriptenBackend final : public Backend {
public:
    explicit EmscriptenBackend(GLFWwindow* window) : window_(window) {}
    ~EmscriptenBackend() override
    {
        if (window_ != nullptr) glfwDestroyWindow(window_);
    }
    EmscriptenBackend(const EmscriptenBackend&) = delete;
    EmscriptenBackend& operator=(const EmscriptenBackend&) = delete;

    bool initImGui() override
    {
        imgui_ready_ = ImGui_ImplGlfw_InitForOpenGL(window_, true);
        if (imgui_ready_) keys_.install(window_); // every press counts, however slow the frame
        // Emscripten's GLFW has no clipboard: the page's, through our own.
        ImGuiIO& io = ImGui::GetIO();
        io.GetClipboardTextFn = getClipboardForImGui;
        io.SetClipboardTextFn = setClipboardForImGui;
        io.ClipboardUserData = nullptr;
        return imgui_ready_;
    }
    void shutdownImGui() override
    {
        if (imgui_ready_) ImGui_ImplGlfw_Shutdown();
        imgui_ready_ = false;
    }
    void newImGuiFrame() override
    {
        keys_.deliver();
        ImGui_ImplGlfw_NewFrame();
        // ImGui in the drawing buffer's pixels (see the top of this file).
        const Size s = framebufferSize();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(static_cast<float>(s.w), static_cast<float>(s.h));
        io.DisplayFramebufferScale = ImVec2(1, 1);
    }
    const char* glslVersion() const override { return "#version 300 es"; }

    void makeCurrent() override { glfwMakeContextCurrent(window_); }
    void present() override {} // the browser shows the buffer when the frame callback returns
    // WebGL's finish returns before the browser's GPU process has drawn;
    // reading a pixel back has to wait until it has.
    void finishGl() override
    {
        unsigned char pixel[4];
        glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
    }
    Size windowSize() const override { return framebufferSize(); }
    Size framebufferSize() const override
    {
        Size s;
        emscripten_get_canvas_element_size(canvas_id, &s.w, &s.h);
        return s;
    }
    float contentScale() const override { return static_cast<float>(emscripten_get_device_pixel_ratio()); }
    void setTitle(const std::string& title) override { emscripten_set_window_title(title.c_str()); }

    void pollEvents() override
    {
        // The tab was resized or moved to a screen of another density.
        const Size want = wantedBufferSize();
        const Size have = framebufferSize();
        if (want.w != have.w || want.h != have.h) emscripten_set_canvas_element_size(canvas_id, want.w, want.h);
    }
    bool closeRequested() const override { return false; } // a tab closes without asking the page
    void cancelClose() override {}
    double seconds() const override { return emscripten_get_now() / 1000.0; }
    void runFrames(const std::function<bool()>& frame, const std::function<bool()>& busy) override;

    std::string clipboard() const override { return clipboardText(); }
    void setClipboard(const std::string& text) override { setClipboardForImGui(nullptr, text.c_str()); }
    Files& files() override { return webFiles(); }
    bool pickFileToOpen() override
    {
        arenalab_js_pick_file();
        return true;
    }
    std::optional<std::string> takeOpenedFile() override
    {
        if (arrivedFiles().empty()) return std::nullopt;
        std::string path = std::move(arrivedFiles().front());
        arrivedFiles().pop_front();
        return path;
    }
    std::string pageAddress() const override
    {
        char* address = arenalab_js_page_address();
        std::string s = address != nullptr ? address : "";
        std::free(address);
        return s;
    }

    FontFetch fetchFullerFont(std::string& out) override
    {
        FullerFont& f = fullerFont();
        if (!f.started) {
            f.started = true;
            f.state = FontFetch::fetching;
            arenalab_js_fetch_font(fuller_font_url, fuller_font_path);
        }
        const FontFetch state = f.state;
        if (state == FontFetch::arrived) {
            std::ifstream in(fuller_font_path, std::ios::binary);
            out.assign(std::istreambuf_iterator<char>(in), {});
            std::remove(fuller_font_path); // the program keeps its own copy
            if (out.empty()) {
                out = "empty";
                f.state = FontFetch::none;
                return FontFetch::failed;
            }
        } else if (state == FontFetch::failed) {
            out = f.reason;
        }
        if (state == FontFetch::arrived || state == FontFetch::failed) f.state = FontFetch::none; // once
        return state;
    }

    void queueKey(int key_index, bool down) override { keys_.push(key_index, 0, down ? GLFW_PRESS : GLFW_RELEASE, 0); }
    void queueChar(unsigned int codepoint) override { keys_.pushChar(codepoint); }
    // Key changes the queue holds for a later frame (backend_glfw_key_queue.hpp).
    bool keysWaiting() const { return keys_.pending() > 0; }

private:
    GLFWwindow* window_;
    GlfwKeyQueue keys_;
    bool imgui_ready_ = false;
};

// The frame loop's state: what to call, whose keys to wait for, and when
// it last drew.
struct FrameLoop {
    std::function<bool()> frame;
    std::function<bool()> busy;
    const EmscriptenBackend* backend = nullptr;
    double last_drawn = -1;  // seconds (emscripten_get_now), -1 before the first frame
    int after_input = 0;     // frames still to draw after the last input
};

// Called on every animation frame of the page (60 times a second and more).
// It draws only after input, while something moves (`busy`), and else
// twice a second for what changes with time alone (a status line's
// timeout, the autosave), ten times while a text field has the keyboard
// (its cursor blinks). Between those the canvas keeps showing the last
// picture: an idle tab that drew every animation frame took 1.6 cores of
// a 2-core machine in software WebGL (docs/performance.md, "In a browser").
void frameCallback(void* arg)
{
    auto* loop = static_cast<FrameLoop*>(arg);
    const double now = emscripten_get_now() / 1000.0;
    // ImGui needs a frame or two after an event for what it changes to
    // settle on screen (a popup's size, a hover's colour).
    constexpr int frames_after_input = 3;
    if (arenalab_js_take_wake() != 0) loop->after_input = frames_after_input;
    const bool held_keys = loop->backend->keysWaiting();
    const double idle_interval = ImGui::GetIO().WantTextInput ? 0.1 : 0.5;
    const bool due = loop->last_drawn < 0 || now - loop->last_drawn >= idle_interval;
    if (!due && loop->after_input == 0 && !held_keys && !loop->busy()) return; // the same picture
    if (loop->after_input > 0) --loop->after_input;
    const bool first = loop->last_drawn < 0;
    loop->last_drawn = now;
    arenalab_js_drew();
    const bool more = loop->frame();
    if (first) arenalab_js_first_frame(); // the page's loading message goes
    if (!more) emscripten_cancel_main_loop();
}

void EmscriptenBackend::runFrames(const std::function<bool()>& frame, const std::function<bool()>& busy)
{
    // Lives as long as the page: the main loop never returns to its caller
    // (simulate_infinite_loop), so nothing on the stack is destroyed either.
    auto* kept = new FrameLoop{frame, busy, this};
    emscripten_set_main_loop_arg(frameCallback, kept, 0, 1);
}

} // namespace

std::unique_ptr<Backend> openWebCanvas(const WindowOptions& options, std::string& error)
{
    if (glfwInit() != GLFW_TRUE) {
        error = lab::tr("cannot start Emscripten's GLFW");
        return nullptr;
    }
    arenalab_js_init();
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (window == nullptr) {
        error = lab::tr("this browser cannot give the page a WebGL2 context");
        return nullptr;
    }
    auto backend = std::make_unique<EmscriptenBackend>(window);
    glfwMakeContextCurrent(window);
    arenalab_js_shadow_gl_state();
    backend->pollEvents(); // the buffer at the tab's size from the first frame
    return backend;
}

} // namespace gui::platform

// Called by the page (arenalab_lib.js) with what it was given.
extern "C" EMSCRIPTEN_KEEPALIVE void arenalab_web_clipboard(const char* text)
{
    gui::platform::clipboardText() = text != nullptr ? text : "";
}

extern "C" EMSCRIPTEN_KEEPALIVE void arenalab_web_file_arrived(const char* path)
{
    if (path != nullptr) gui::platform::arrivedFiles().emplace_back(path);
}

// Called by the page (arenalab_js_fetch_font) when the fuller font is in
// the in-memory file system (`error` empty) or could not be fetched.
extern "C" EMSCRIPTEN_KEEPALIVE void arenalab_web_font_arrived(const char* error)
{
    gui::platform::FullerFont& f = gui::platform::fullerFont();
    if (error == nullptr || *error == '\0') {
        f.state = gui::platform::FontFetch::arrived;
    } else {
        f.reason = error;
        f.state = gui::platform::FontFetch::failed;
    }
}
