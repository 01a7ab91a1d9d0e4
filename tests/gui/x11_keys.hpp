// Characters given keys of their own on the test's X server, as a keyboard
// layout that has them would (test_typing_x11.cpp). `xdotool type` binds a
// character no key has to a spare keycode only while it presses it and
// takes the binding back before the window has read the press, when a
// frame is slow (the window looks the keycode up when it reads the event):
// the typed character then came out as another one, or not at all. With a
// key of its own, the keycode means the same character whenever it is read.
#pragma once

#include <string>
#include <vector>

namespace guitest {

// Binds each code point (>= U+0100; the rest are on the keyboard already)
// to a keycode no key uses, on $DISPLAY's server. Empty, or why not.
std::string bindKeysFor(const std::vector<unsigned>& code_points);

} // namespace guitest
