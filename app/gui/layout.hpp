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
// only when asked for. Embed mode (a link's `&embed`, for an <iframe>) is
// the arena view over the Step panel alone, filling the frame: no menu
// bar, no status bar (the caller passes top 0 and bottom the frame's
// height), no Controls whatever is asked, and the arena view keeps at
// least embed_min_arena_share of a small frame.
//
// One more region (`extra_h`: a panel under the Step panel, for example a
// prediction to make before the next step) can be hosted in the centre.
#pragma once

#include <optional>

#include "gui/panel_rect.hpp"

namespace gui {

struct PanelLayout {
    PanelRect arena, step;
    // Presentation mode: only when the Controls are opened (its key, C);
    // never in embed mode.
    std::optional<PanelRect> controls;
    // Absent in presentation and embed mode.
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
    bool embed = false;        // embed mode: the arena view and the Step panel only
    bool controls_open = true; // presentation mode: the Controls shown (never in embed mode)
    // The height the Step panel's content needs at its width (stepPanelWidth);
    // 0: a default share.
    float step_h = 0;
    float numbers_h = 0; // presentation (and embed): the strip's height, 0 for none
    float extra_h = 0;   // the extra region's height (0: none)
    // The text's height in pixels: normal mode's arena view keeps at least
    // min_arena_lines of it (0: the share alone).
    float font_px = 0;
    // Normal mode in a window below the minimum (belowMinimum): no right
    // column (Source, Child allocator, Stats).
    bool narrow = false;
};

// The smallest window the normal layout shows every panel in (a small
// laptop's screen). Below it, in either direction, the normal layout leaves
// out the right column (Source, Child allocator, Stats), so that the arena
// view, the Step panel with its step buttons, the Controls and the Script
// stay usable, and the menu bar says so in one line (drawMenuBar).
// Presentation and embed mode show no such column at any size.
constexpr float min_window_w = 1024.0f;
constexpr float min_window_h = 600.0f;
inline bool belowMinimum(float window_w, float window_h) { return window_w < min_window_w || window_h < min_window_h; }
// Normal mode: the arena view keeps at least this many lines of the text's
// height (a few buffer rows, never a strip), up to 60% of the panels' height;
// the Step panel's text scrolls above its step buttons past that.
constexpr float min_arena_lines = 10.0f;

// The Step panel's width for a window `width` wide: it does not depend on
// the Step panel's height, so its text can be measured before the layout.
float stepPanelWidth(float width, bool presentation, bool controls_open, bool narrow = false);
// The same for a request (embed mode: the whole width).
float stepPanelWidth(const LayoutRequest& request);

PanelLayout layoutPanels(const LayoutRequest& request);

// The panels between the menu bar (`top`) and the status bar (`bottom`),
// with the default share for the Step panel.
PanelLayout layoutPanels(float top, float bottom, float width, bool presentation);

// The smallest share of the panels' height the arena view keeps, however
// long a caption is.
constexpr float min_arena_share = 0.22f;
// Embed mode: the arena is what an <iframe> on a slide is for, so it keeps
// more of a small frame; the Step panel's text scrolls past that.
constexpr float embed_min_arena_share = 0.45f;

// The share of the panels' height the arena view keeps at least.
inline float minArenaShare(const LayoutRequest& request)
{
    return request.embed ? embed_min_arena_share : min_arena_share;
}

// The height the arena view keeps at least, in pixels: its share, and in
// normal mode min_arena_lines of text too.
float minArenaHeight(const LayoutRequest& request);

} // namespace gui
