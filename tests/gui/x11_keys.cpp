// Xlib on its own (its macros, None, Bool, Status, stay out of the tests).
#include "x11_keys.hpp"

#include <X11/Xlib.h>

#include <algorithm>

namespace guitest {

std::string bindKeysFor(const std::vector<unsigned>& code_points)
{
    std::vector<unsigned> wanted;
    for (unsigned c : code_points)
        if (c >= 0x100 && std::find(wanted.begin(), wanted.end(), c) == wanted.end()) wanted.push_back(c);
    Display* display = XOpenDisplay(nullptr);
    if (display == nullptr) return "cannot open the X display";
    int low = 0, high = 0, per_key = 0;
    XDisplayKeycodes(display, &low, &high);
    KeySym* map = XGetKeyboardMapping(display, static_cast<KeyCode>(low), high - low + 1, &per_key);
    std::size_t bound = 0;
    for (int code = low; code <= high && bound < wanted.size(); ++code) {
        const KeySym* syms = map + static_cast<std::ptrdiff_t>(code - low) * per_key;
        if (std::any_of(syms, syms + per_key, [](KeySym s) { return s != NoSymbol; })) continue;
        KeySym sym = 0x01000000 + wanted[bound++]; // X's keysym for a Unicode code point
        XChangeKeyboardMapping(display, code, 1, &sym, 1);
    }
    XFree(map);
    XSync(display, False);
    XCloseDisplay(display);
    if (bound < wanted.size()) return "the X server has only " + std::to_string(bound) + " free keycodes for " +
                                      std::to_string(wanted.size()) + " characters";
    return {};
}

} // namespace guitest
