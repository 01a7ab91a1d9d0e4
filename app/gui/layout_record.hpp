// The layout as drawn, recorded each frame for the tests (and for the
// browser page's layout query): where each text went, inside which part of
// its panel, and how far each panel would scroll. The panels write it
// through text(); App clears it at the start of a frame and adds each
// panel's overflow at the end.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include <imgui.h>

namespace gui {

struct RecordedRect {
    std::string what;   // "title", "intro", "explanation", "caption", "script editor", ...
    float x = 0, y = 0, w = 0, h = 0;        // where it was drawn
    float px = 0, py = 0, pw = 0, ph = 0;    // the visible inside of its panel
    float font_px = 0;  // its text's height
    // Wrapped text: the whole text, and its lines as shown (lab::wrapText).
    std::string text;
    std::vector<std::string> lines;
};

struct PanelOverflow {
    std::string panel;
    float scroll_max_x = 0; // content beyond the panel's right edge
    float scroll_max_y = 0; // content below its bottom edge
};

struct LayoutRecord {
    std::vector<RecordedRect> texts;
    std::vector<PanelOverflow> panels;
    float body_font_px = 0;
    std::string arena_title; // the arena view's title bar, as shown (without its ### id)

    void clear()
    {
        texts.clear();
        panels.clear();
        body_font_px = 0;
        arena_title.clear();
    }
    // A text (or control) between `min` and `max`, in the current window,
    // whose visible inside is its draw list's clip rectangle; returns the
    // record, to add the wrapped text and its lines to.
    RecordedRect& text(std::string what, ImVec2 min, ImVec2 max, float font_px);
    // The same inside a given part of the panel.
    RecordedRect& text(std::string what, ImVec2 min, ImVec2 max, ImVec2 inside_min, ImVec2 inside_max, float font_px);
    // How far each of these windows would scroll, for those drawn this frame.
    void panelOverflow(std::initializer_list<const char*> window_names);
};

} // namespace gui
