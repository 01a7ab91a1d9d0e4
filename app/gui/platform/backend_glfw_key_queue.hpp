// Key events between GLFW and Dear ImGui, queued so that every press
// counts however slow the frame. Dear ImGui 1.86 reads a key as held or
// not once per frame (ImGuiIO::KeysDown): a press and its release that
// both arrive within one frame (a quick tap, a presenter's clicker, a
// loaded machine) left the key up and the press was never seen. The queue
// hands ImGui at most one change of each key per frame and keeps the rest
// for the frames after, in order. Both backends (GLFW on the desktop,
// Emscripten's GLFW in the browser) use it.
#pragma once

#include <cstddef>
#include <deque>

struct GLFWwindow;

namespace gui::platform {

class GlfwKeyQueue {
public:
    // Takes over the window's key callback from ImGui's GLFW backend:
    // call after ImGui_ImplGlfw_InitForOpenGL(window, true).
    void install(GLFWwindow* window);
    // A key event as GLFW reports it (GLFW_PRESS, GLFW_RELEASE, GLFW_REPEAT).
    void push(int key, int scancode, int action, int mods);
    // Before ImGui_ImplGlfw_NewFrame: gives ImGui's key callback the
    // events that fit in this frame, one change per key.
    void deliver();
    // Events still waiting for a frame (the loop must not sleep then).
    std::size_t pending() const { return events_.size(); }

private:
    struct Event {
        int key, scancode, action, mods;
    };
    GLFWwindow* window_ = nullptr;
    std::deque<Event> events_;
};

} // namespace gui::platform
