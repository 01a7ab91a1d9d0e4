#include "gui/platform/backend_glfw_key_queue.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include <algorithm>
#include <vector>

namespace gui::platform {

namespace {

void onKey(GLFWwindow* window, int key, int scancode, int action, int mods)
{
    if (auto* queue = static_cast<GlfwKeyQueue*>(glfwGetWindowUserPointer(window))) queue->push(key, scancode, action, mods);
}

void onChar(GLFWwindow* window, unsigned int codepoint)
{
    if (auto* queue = static_cast<GlfwKeyQueue*>(glfwGetWindowUserPointer(window))) queue->pushChar(codepoint);
}

} // namespace

void GlfwKeyQueue::install(GLFWwindow* window)
{
    window_ = window;
    glfwSetWindowUserPointer(window, this);
    glfwSetKeyCallback(window, onKey);
    glfwSetCharCallback(window, onChar);
}

void GlfwKeyQueue::push(int key, int scancode, int action, int mods) { events_.push_back({key, scancode, action, mods}); }
void GlfwKeyQueue::pushChar(unsigned int codepoint) { events_.push_back({-1, 0, 0, 0, codepoint}); }

void GlfwKeyQueue::deliver()
{
    std::vector<int> changed;  // the keys that went down or up in this frame
    bool typed = false;        // characters given in this frame
    bool key_changed = false;  // a key other than a modifier went down or up in this frame
    while (!events_.empty()) {
        const Event e = events_.front();
        if (e.key < 0) {
            if (!changed.empty()) break; // after this frame's key changes: the next frame's
            typed = true;
            events_.pop_front();
            ImGui_ImplGlfw_CharCallback(window_, e.codepoint);
            continue;
        }
        const bool change = e.action != GLFW_REPEAT;
        if (change && (typed || std::find(changed.begin(), changed.end(), e.key) != changed.end())) break; // the next frame's
        // ImGui judges a key pressed in a frame with the modifiers as they
        // are at the frame's end: Ctrl let go after V went down (a quick
        // Ctrl+V across a slow frame) made it a plain V, and the paste was
        // lost. A modifier's change after another key's: the next frame's.
        const bool modifier = e.key >= GLFW_KEY_LEFT_SHIFT && e.key <= GLFW_KEY_RIGHT_SUPER;
        if (change && modifier && key_changed) break;
        if (change && !modifier) key_changed = true;
        if (change) changed.push_back(e.key);
        events_.pop_front();
        ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
    }
}

} // namespace gui::platform
