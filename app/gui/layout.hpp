// The layout: where each panel goes, a pure function of the window's size,
// its mode and the height the Step panel's text needs (no ImGui), so tests
// can ask it directly.
//
// Lesson first: the Step panel (title, introduction, explanation, caption
// and the step controls) gets the height its text needs, up to a share of
// the window, and the arena view takes the rest. Normal mode has three
// columns with the arena view and the Step panel in the centre;
// presentation mode has the arena view over a strip of numbers over the
// Step panel, across the whole width, with the Controls folded to the left
// only when asked for.
//
// One more region (`extra_h`: a panel under the Step panel, for example a
// prediction to make before the next step) can be hosted in the centre.
#pragma once

#include <optional>

#include "gui/panels.hpp"

namespace gui {

struct PanelLayout {
    PanelRect arena, step;
    // Presentation mode: only when the Controls are opened (its key, C).
    std::optional<PanelRect> controls;
    // Absent in presentation mode.
    std::optional<PanelRect> script, source, child_log, stats;
    // Presentation mode: the strip of numbers a lesson talks about.
    std::optional<PanelRect> numbers;
    // The extra region under the Step panel, when one was asked for.
    std::optional<PanelRect> extra;
};

struct LayoutRequest {
    float top = 0;     // below the menu bar
    float bottom = 0;  // above the status bar
    float width = 0;
    bool presentation = false;
    bool controls_open = true; // presentation mode: the Controls shown
    // The height the Step panel's content needs at its width (stepPanelWidth);
    // 0: a default share.
    float step_h = 0;
    float numbers_h = 0; // presentation: the strip's height
    float extra_h = 0;   // the extra region's height (0: none)
};

// The Step panel's width for a window `width` wide: it does not depend on
// the Step panel's height, so its text can be measured before the layout.
float stepPanelWidth(float width, bool presentation, bool controls_open);

PanelLayout layoutPanels(const LayoutRequest& request);

// The panels between the menu bar (`top`) and the status bar (`bottom`),
// with the default share for the Step panel.
PanelLayout layoutPanels(float top, float bottom, float width, bool presentation);

// The smallest share of the panels' height the arena view keeps, however
// long a caption is.
constexpr float min_arena_share = 0.22f;

} // namespace gui
