// Key events between GLFW and Dear ImGui, queued so that every press
// counts however slow the frame. Dear ImGui 1.86 reads a key as held or
// not once per frame (ImGuiIO::KeysDown): a press and its release that
// both arrive within one frame (a quick tap, a presenter's clicker, a
// loaded machine) left the key up and the press was never seen. The queue
// hands ImGui at most one change of each key per frame and keeps the rest
// for the frames after, in order. Typed characters go through the same
// queue, so they keep their order with the keys: ImGui's text fields drop
// characters that arrive in a frame where Ctrl is down (they read them as
// Ctrl+letter), and a character typed after Enter or a paste must not
// land before it. A frame gets either key changes or characters, not
// both, and no modifier change after another key's change (ImGui reads a
// key pressed in a frame with the modifiers as the frame ends them: Ctrl
// up in the frame V went down turned Ctrl+V into V). Both backends (GLFW on the desktop, Emscripten's GLFW in the
// browser) use it.
#pragma once

#include <cstddef>
#include <deque>

struct GLFWwindow;

namespace gui::platform {

class GlfwKeyQueue {
public:
    // Takes over the window's key and character callbacks from ImGui's
    // GLFW backend: call after ImGui_ImplGlfw_InitForOpenGL(window, true).
    void install(GLFWwindow* window);
    // A key event as GLFW reports it (GLFW_PRESS, GLFW_RELEASE, GLFW_REPEAT).
    void push(int key, int scancode, int action, int mods);
    // A character as GLFW reports it (a Unicode code point).
    void pushChar(unsigned int codepoint);
    // Before ImGui_ImplGlfw_NewFrame: gives ImGui's key and character
    // callbacks the events that fit in this frame, in order: one change per
    // key, no character in a frame that changed a key or the reverse, and
    // no modifier change after another key's change.
    void deliver();
    // Events still waiting for a frame (the loop must not sleep then).
    std::size_t pending() const { return events_.size(); }

private:
    struct Event {
        int key, scancode, action, mods; // key < 0: the character `codepoint`
        unsigned int codepoint = 0;
    };
    GLFWwindow* window_ = nullptr;
    std::deque<Event> events_;
};

} // namespace gui::platform
