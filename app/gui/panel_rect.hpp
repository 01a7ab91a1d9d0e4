// Where a panel goes in the window, in pixels: what the layout hands each
// panel (layout.hpp) and what a panel's frame is drawn in (widgets.hpp).
#pragma once

namespace gui {

struct PanelRect {
    float x = 0, y = 0, w = 0, h = 0;
};

} // namespace gui
