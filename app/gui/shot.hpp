// The window as a picture (shot.cpp): a frame drawn off screen once ImGui
// has settled its panels, and that frame as a PNG. The one way a PNG of the
// window is made, for `arenalab shot`, `export --png` (hidden_window.hpp)
// and File > Export alike (window_export.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/offscreen_window.hpp"

namespace gui {

// The window at the lab's cursor, drawn offscreen until ImGui has settled
// its panels (the third frame), as RGBA rows, top first: what a shot shows.
std::vector<std::uint8_t> settledFrame(OffscreenWindow& window, int width, int height);

// settledFrame as a PNG (opaque: RGB) in `png`; false with `error` set when
// it cannot be encoded.
bool encodeShot(OffscreenWindow& window, int width, int height, std::string& png, std::string& error);

} // namespace gui
