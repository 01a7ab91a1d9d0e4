// The layout: where each panel goes, a pure function of the window's size
// and mode (no ImGui), so tests can ask it directly. Normal mode has three
// columns with the arena view in the centre; presentation mode keeps the
// Controls, the arena view and the Step panel.
#pragma once

#include <optional>

#include "gui/panels.hpp"

namespace gui {

struct PanelLayout {
    PanelRect controls, arena, step;
    // Absent in presentation mode.
    std::optional<PanelRect> script, source, child_log, stats;
};

// The panels between the menu bar (`top`) and the status bar (`bottom`).
PanelLayout layoutPanels(float top, float bottom, float width, bool presentation);

} // namespace gui
