// Every panel of the window, one file each. The shell (app.cpp) places
// them; each draws itself inside the rectangle it is given, reading the
// Lab and the UiState and sending the Lab Commands.
#pragma once

#include <optional>

#include "gui/document.hpp"
#include "gui/panel_rect.hpp"
#include "gui/ui_state.hpp"
#include "lab/lab.hpp"

namespace gui {

// lab.picture().stats() at the cursor, computed once per (revision, cursor)
// for every panel of the window that asks (it walks every segment: 100,000
// allocations make that count).
const lab::PictureStats& pictureStats(const lab::Lab& lab, UiState& ui); // panel_stats.cpp

class ArenaRenderer; // GL drawing of the arena view (renderer.hpp)

void drawArenaView(lab::Lab& lab, UiState& ui, ArenaRenderer& renderer, const PanelRect& rect); // panel_arena_view.cpp
void drawControlsPanel(lab::Lab& lab, UiState& ui, const PanelRect& rect);  // panel_controls.cpp
class Commands; // the command table (commands.hpp): the Step panel's Predict toggle runs its command
void drawStepPanel(lab::Lab& lab, UiState& ui, Commands& commands, const PanelRect& rect); // panel_step.cpp: explanation, transport, scrubber
void drawSourcePanel(lab::Lab& lab, UiState& ui, const PanelRect& rect);    // panel_source.cpp
// The Source panel's lines, made from the embedded port (once).
void prepareSourcePanel(SourcePanelState& s);
// The line (1-based) the Source panel highlights for a step the observe
// call on `observe_line` recorded: the statement doing the work.
std::size_t sourceWorkLine(const SourcePanelState& s, std::size_t observe_line);
void drawChildLogPanel(lab::Lab& lab, UiState& ui, const PanelRect& rect);  // panel_child_log.cpp
void drawScriptPanel(lab::Lab& lab, UiState& ui, Document& doc, const PanelRect& rect);   // panel_script.cpp
void drawStatsPanel(lab::Lab& lab, UiState& ui, const PanelRect& rect);     // panel_stats.cpp
// Presentation mode's strip of the numbers a lesson talks about (end_index,
// capacity, nodes, the child's bytes held, the free room), the same
// figures as the Stats panel's (panel_stats.cpp).
void drawNumbersStrip(lab::Lab& lab, UiState& ui, const PanelRect& rect);
float numbersStripHeight(const lab::Lab& lab, UiState& ui, float width);

// The height the Step panel needs at `width` to show its text whole (the
// lesson's title, its introduction at step 0, the explanation, the
// caption) with its transport; chooses ui.step_text_scale so it fits in
// `most` where it can (panel_step.cpp).
// `lend`: room the panel may give to a box under it (predict's question),
// as far as its text at the cursor allows, so the arena view keeps its size.
float stepPanelHeight(const lab::Lab& lab, UiState& ui, float width, float most, float lend = 0.0f);
// Predict mode (panel_predict.cpp): before the panels, hold the cursor
// before an operation whose question is up; after them, the question.
void predictBeforePanels(lab::Lab& lab, UiState& ui);
// A place question is answered by a click in the arena view (`view`: what
// it drew this frame, renderer.hpp).
struct ArenaViewMemory;
// Under the Step panel, in the layout's extra region (`room`, sized by
// predictPanelHeight: the box's height last frame).
void drawPredictPanel(lab::Lab& lab, UiState& ui, const PanelRect& arena, const std::optional<PanelRect>& room,
                      const ArenaViewMemory& view);
float predictPanelHeight(const UiState& ui);
void drawComparePanel(lab::Lab& lab, UiState& ui, const PanelRect& arena);    // panel_compare.cpp

} // namespace gui
