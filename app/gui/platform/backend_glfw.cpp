// The desktop platform: GLFW 3.3 and OpenGL 3.3 core (glad). With its key
// table (backend_glfw_keys.cpp), the only files of the window that include GLFW.
#include "gui/platform/backend.hpp"
#include "lab/i18n.hpp"
#include "gui/platform/backend_glfw_key_queue.hpp"
#include "gui/platform/keys.hpp"

// glad declares the GL API; GLFW must not bring in a second one.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <imgui.h>

#include <algorithm>

namespace gui::platform {

namespace {

// GLFW reports errors through a callback, process-wide: the last one is
// kept for the message of a window that cannot open.
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

class GlfwBackend final : public Backend {
public:
    explicit GlfwBackend(GLFWwindow* window) : window_(window) {}
    ~GlfwBackend() override
    {
        if (window_ != nullptr) glfwDestroyWindow(window_);
    }
    GlfwBackend(const GlfwBackend&) = delete;
    GlfwBackend& operator=(const GlfwBackend&) = delete;

    bool initImGui() override
    {
        imgui_ready_ = ImGui_ImplGlfw_InitForOpenGL(window_, true);
        if (imgui_ready_) keys_.install(window_); // every press counts, however slow the frame
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
    }
    void queueKey(int key_index, bool down) override { keys_.push(key_index, 0, down ? GLFW_PRESS : GLFW_RELEASE, 0); }
    void queueChar(unsigned int codepoint) override { keys_.pushChar(codepoint); }
    const char* glslVersion() const override { return "#version 330 core"; }

    void makeCurrent() override { glfwMakeContextCurrent(window_); }
    void present() override { glfwSwapBuffers(window_); }
    void finishGl() override { glFinish(); }
    Size windowSize() const override
    {
        Size s;
        glfwGetWindowSize(window_, &s.w, &s.h);
        return s;
    }
    Size framebufferSize() const override
    {
        Size s;
        glfwGetFramebufferSize(window_, &s.w, &s.h);
        return s;
    }
    float contentScale() const override
    {
        float x = 1, y = 1;
        glfwGetWindowContentScale(window_, &x, &y);
        return y;
    }
    void setTitle(const std::string& title) override { glfwSetWindowTitle(window_, title.c_str()); }

    void pollEvents() override { glfwPollEvents(); }
    bool closeRequested() const override { return glfwWindowShouldClose(window_) != 0; }
    void cancelClose() override { glfwSetWindowShouldClose(window_, 0); }
    double seconds() const override { return glfwGetTime(); }
    void runFrames(const std::function<bool()>& frame, const std::function<bool()>& busy) override
    {
        while (frame()) {
            // Between frames, so no frame ever blocks; not while key
            // events wait for their frame.
            if (!busy() && keys_.pending() == 0) glfwWaitEventsTimeout(0.1);
        }
    }

    std::string clipboard() const override
    {
        const char* text = glfwGetClipboardString(window_);
        return text != nullptr ? text : "";
    }
    void setClipboard(const std::string& text) override { glfwSetClipboardString(window_, text.c_str()); }
    Files& files() override { return nativeFiles(); }

private:
    GLFWwindow* window_;
    bool imgui_ready_ = false;
    GlfwKeyQueue keys_;
};

} // namespace

std::unique_ptr<Backend> openGlfwWindow(const WindowOptions& options, std::string& error)
{
    glfwSetErrorCallback(onGlfwError);
    if (!initGlfwOnce()) {
        error = lab::trf("cannot open a window: {}", lastGlfwError());
        return nullptr;
    }
    // OpenGL 3.3 core, which Mesa's software renderer provides under Xvfb.
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (window == nullptr) {
        error = lab::trf("cannot open an OpenGL 3.3 window: {}", lastGlfwError());
        return nullptr;
    }
    auto backend = std::make_unique<GlfwBackend>(window);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.visible ? 1 : 0);
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        error = lab::tr("cannot load OpenGL 3.3 functions");
        return nullptr;
    }
    return backend;
}

} // namespace gui::platform
