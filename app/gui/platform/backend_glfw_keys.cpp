// The keys by GLFW's codes, which Dear ImGui 1.86 indexes KeysDown by.
// Both backends use them: the desktop's GLFW and, in the browser,
// Emscripten's built-in GLFW 3, which reports the same codes.
#define GLFW_INCLUDE_NONE // only the key codes are wanted here
#include <GLFW/glfw3.h>

#include "gui/platform/keys.hpp"

namespace gui::platform {

int keyIndex(Key key)
{
    switch (key) {
    case Key::none: return -1;
    case Key::a: return GLFW_KEY_A;
    case Key::f: return GLFW_KEY_F;
    case Key::l: return GLFW_KEY_L;
    case Key::m: return GLFW_KEY_M;
    case Key::o: return GLFW_KEY_O;
    case Key::q: return GLFW_KEY_Q;
    case Key::r: return GLFW_KEY_R;
    case Key::s: return GLFW_KEY_S;
    case Key::num0: return GLFW_KEY_0;
    case Key::num1: return GLFW_KEY_1;
    case Key::num2: return GLFW_KEY_2;
    case Key::num3: return GLFW_KEY_3;
    case Key::equal: return GLFW_KEY_EQUAL;
    case Key::minus: return GLFW_KEY_MINUS;
    case Key::keypad_add: return GLFW_KEY_KP_ADD;
    case Key::keypad_subtract: return GLFW_KEY_KP_SUBTRACT;
    case Key::keypad0: return GLFW_KEY_KP_0;
    case Key::space: return GLFW_KEY_SPACE;
    case Key::enter: return GLFW_KEY_ENTER;
    case Key::escape: return GLFW_KEY_ESCAPE;
    case Key::del: return GLFW_KEY_DELETE;
    case Key::left: return GLFW_KEY_LEFT;
    case Key::right: return GLFW_KEY_RIGHT;
    case Key::up: return GLFW_KEY_UP;
    case Key::down: return GLFW_KEY_DOWN;
    case Key::home: return GLFW_KEY_HOME;
    case Key::end: return GLFW_KEY_END;
    case Key::f5: return GLFW_KEY_F5;
    case Key::n: return GLFW_KEY_N;
    case Key::y: return GLFW_KEY_Y;
    case Key::z: return GLFW_KEY_Z;
    case Key::tab: return GLFW_KEY_TAB;
    case Key::keypad_enter: return GLFW_KEY_KP_ENTER;
    case Key::page_up: return GLFW_KEY_PAGE_UP;
    case Key::page_down: return GLFW_KEY_PAGE_DOWN;
    case Key::b: return GLFW_KEY_B;
    case Key::period: return GLFW_KEY_PERIOD;
    case Key::v: return GLFW_KEY_V;
    case Key::left_control: return GLFW_KEY_LEFT_CONTROL;
    }
    return -1;
}

} // namespace gui::platform
