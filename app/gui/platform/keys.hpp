// Keys by name, for the command table and the panels. ImGui 1.86 indexes
// keys by the platform's own codes (GLFW's on the desktop, and on the web
// through Emscripten's GLFW); only the backend knows them, so everything
// else asks by name.
#pragma once

#include <cstdint>

namespace gui::platform {

enum class Key : std::uint8_t {
    none,
    a, f, l, m, o, q, r, s,
    num0, num1, num2, num3,
    equal, minus, keypad_add, keypad_subtract, keypad0,
    space, enter, escape, del,
    left, right, up, down, home, end,
    f5,
    n, y, z, tab, keypad_enter,
    page_up, page_down, b, period, // a presenter's clicker sends these
    v, left_control,               // Ctrl+V, as a window system sends it (tests)
};

// The index of `key` in ImGuiIO::KeysDown (backend_glfw.cpp); -1 if none.
int keyIndex(Key key);

} // namespace gui::platform
