// Every panel of the window, one object each (one file each, panel_*.cpp).
// A panel owns what it remembers between frames (its fields, scroll
// requests, caches: panel_state.hpp, predict_state.hpp) and is given, each
// frame, the model (lab::Lab), the view state the window's parts share
// (ViewState) and the rectangle the layout chose (layout.hpp); it reads the
// Lab and sends it Commands. The App owns one Panels and orders them.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "gui/arena_layout.hpp"
#include "gui/document.hpp"
#include "gui/panel_rect.hpp"
#include "gui/panel_state.hpp"
#include "gui/predict_state.hpp"
#include "gui/view_state.hpp"
#include "lab/lab.hpp"

namespace gui {

class ArenaRenderer;   // GL drawing of the arena view (renderer.hpp)
struct ArenaViewMemory; // what the arena view drew this frame (renderer.hpp)
class Commands;        // the command table (commands.hpp)

// lab.picture().stats() at the cursor, computed once per (revision, cursor)
// for every panel of the window that asks (it walks every segment: 100,000
// allocations make that count); the cache is the view's (panel_stats.cpp).
const lab::PictureStats& pictureStats(const lab::Lab& lab, ViewState& view);

// The arena view (panel_arena_view.cpp): the picture at the cursor, drawn
// by the renderer, with labels, tooltips, selection, zoom and pan. It owns
// its camera, one per mode (normal and presentation each keep their own
// zoom, pan and fit); what it drew last is the renderer's
// (ArenaRenderer::memory), which predict mode reads.
class ArenaView {
public:
    void draw(lab::Lab& lab, ViewState& view, ArenaRenderer& renderer, const PanelRect& rect);
    // The camera of the mode shown: the zoom commands, shots and animations
    // set it; fit (F) asks for a fit on the next frame.
    ArenaCamera& camera() { return camera_; }
    const ArenaCamera& camera() const { return camera_; }
    void requestFit() { camera_.fit_requested = true; }
    // Presentation mode on or off: the camera of the mode left is kept for
    // coming back, the other mode's comes back (fitted the first time).
    void switchMode() { std::swap(camera_, other_mode_); }
    // A new script: both modes fit it afresh.
    void refitBothModes() { camera_ = other_mode_ = {}; }

private:
    ArenaCamera camera_;
    ArenaCamera other_mode_; // the camera of the mode not shown
};

// The arena view's tooltip for one of its rectangles at the cursor: what
// those bytes are, where, how big, which operation made them, in the
// words of the picture's model (tests read every one).
std::string describeInstance(const lab::Lab& lab, const Instance& instance);

// What the arena view does to draw a picture, for any view that shows one
// (the arena view, the two arenas side by side): the text scale at which
// `rows` buffer rows of `model` fit `view_h` pixels (never below the least
// share); the label metrics at that scale; and a layout's rectangles
// (`drawn`: its instances, maybe mid-glide) with its labels drawn into
// the current window at (x, y), w x h, through `renderer`, whose memory
// then says where the image is.
float fitTextScale(std::size_t rows, lab::Model model, float view_h, bool presentation);
LayoutMetrics labelMetrics(float text_scale, bool presentation);
void drawLayout(ArenaRenderer& renderer, const ArenaLayout& layout, const std::vector<Instance>& drawn, float x, float y,
                float w, float h);

// Presentation mode's strip of the numbers a lesson talks about (end_index,
// capacity, nodes, the child's bytes held, the free room), the same
// figures as the Stats panel's (panel_stats.cpp).
void drawNumbersStrip(lab::Lab& lab, ViewState& view, const PanelRect& rect);
float numbersStripHeight(const lab::Lab& lab, ViewState& view, float width);

// Allocate, resize, reset and the child's settings (panel_controls.cpp).
class ControlsPanel {
public:
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& rect);
    ControlsPanelState& state() { return state_; }
    const ControlsPanelState& state() const { return state_; }

private:
    ControlsPanelState state_;
};

// The script's editor, Run and the file field (panel_script.cpp).
class ScriptPanel {
public:
    void draw(lab::Lab& lab, ViewState& view, Document& doc, const PanelRect& rect);
    ScriptPanelState& state() { return state_; }
    const ScriptPanelState& state() const { return state_; }

private:
    ScriptPanelState state_;
};

// The explanation, the transport and the scrubber (panel_step.cpp).
class StepPanel {
public:
    // The height the panel needs at `width` to show its text whole (the
    // lesson's title, its introduction at step 0, the explanation, the
    // caption) with its transport; chooses its text scale so it fits
    // in `most` where it can. `lend`: room the panel may give to a box under
    // it (predict's question), as far as its text at the cursor allows, so
    // the arena view keeps its size.
    float height(const lab::Lab& lab, ViewState& view, float width, float most, float lend = 0.0f);
    // `commands`: its Predict toggle runs the command.
    void draw(lab::Lab& lab, ViewState& view, Commands& commands, const PanelRect& rect);
    const StepPanelState& state() const { return state_; }

private:
    StepPanelState state_;
};

// The port's source with the step's line (panel_source.cpp).
class SourcePanel {
public:
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& rect);
    const SourcePanelState& state() const { return state_; }

private:
    SourcePanelState state_;
};
// The Source panel's lines, made from the embedded port (once).
void prepareSourcePanel(SourcePanelState& s);
// The line (1-based) the Source panel highlights for a step the observe
// call on `observe_line` recorded: the statement doing the work.
std::size_t sourceWorkLine(const SourcePanelState& s, std::size_t observe_line);

// The child allocator's calls and settings (panel_child_log.cpp).
class ChildLogPanel {
public:
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& rect);
    const ChildLogPanelState& state() const { return state_; }

private:
    ChildLogPanelState state_;
};

// The numbers and the capacity plot (panel_stats.cpp).
class StatsPanel {
public:
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& rect);
    const StatsPanelState& state() const { return state_; }

private:
    StatsPanelState state_;
};

// Predict mode (panel_predict.cpp).
class PredictPanel {
public:
    // Before the panels: hold the cursor before an operation whose question
    // is up.
    void beforePanels(lab::Lab& lab, ViewState& view);
    // The box's height last frame: the layout makes room for it under the
    // Step panel.
    float height() const;
    // After the panels, under the Step panel in the layout's extra region
    // (`room`); a place question is answered by a click in the arena view
    // (`drawn`: what it drew this frame).
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& arena, const std::optional<PanelRect>& room,
              const ArenaViewMemory& drawn);
    PredictState& state() { return state_; }
    const PredictState& state() const { return state_; }
    // A new script, a new score: nobody sees the last person's.
    void forgetScore()
    {
        state_.right = state_.answered = state_.skipped = state_.asked = 0;
        state_.summary_seen = false;
    }

private:
    PredictState state_;
};

// The three reset modes side by side, over the arena view (panel_compare.cpp),
// while view.comparing; its next alloc is the Controls' (`controls`).
class ComparePanel {
public:
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& arena, const ControlsPanelState& controls);
    CompareViewState& state() { return state_; }
    const CompareViewState& state() const { return state_; }

private:
    CompareViewState state_;
};

// An arena's nodes as bars, newest first, `scale` pixels per byte, to at
// most `width`: the header darker, the end_index marker (Zig 0.16: on every
// node, "past the end" when it is), each bar's buffer and length under it.
// The compare views draw their arenas with it (panel_models.cpp).
void drawNodeBars(const lab::ArenaState& state, float scale, float width);

// The two arenas (zig-0.15 and zig-0.16) at the cursor's operation, over
// the arena view (panel_models.cpp), while view.comparing_models: each
// arena's whole picture as the arena view draws it (its nodes, headers,
// allocations, end_index markers, Zig 0.16's free_list), both to one
// scale, with the numbers where they differ and why.
class ModelsPanel {
public:
    ModelsPanel();
    ~ModelsPanel();
    ModelsPanel(const ModelsPanel&) = delete;
    ModelsPanel& operator=(const ModelsPanel&) = delete;
    void draw(lab::Lab& lab, ViewState& view, const PanelRect& arena);
    ModelsViewState& state() { return state_; }
    const ModelsViewState& state() const { return state_; }
    // Its two renderers' GL objects go while the context is still current
    // (the App's teardown calls it before the window goes).
    void releaseRenderers();

private:
    // The arena view's drawing of each side's picture (made on first use).
    ArenaRenderer* renderer(std::size_t side);
    void drawPicture(std::size_t side, const lab::Picture& picture, const std::vector<std::string>& names,
                     const LayoutMetrics& metrics, float w, float h, double px_per_byte, bool presentation);

    ModelsViewState state_;
    std::array<std::unique_ptr<ArenaRenderer>, 2> renderers_;
    bool renderers_failed_ = false;
};

// One of each, for the App to order.
struct Panels {
    ArenaView arena;
    ControlsPanel controls;
    ScriptPanel script;
    StepPanel step;
    SourcePanel source;
    ChildLogPanel child_log;
    StatsPanel stats;
    PredictPanel predict;
    ComparePanel compare;
    ModelsPanel models;
};

} // namespace gui
