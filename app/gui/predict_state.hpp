// What predict mode and the compare view remember between frames (one per
// window, in their panel objects: PredictPanel, ComparePanel). Panels: panel_predict.cpp, panel_compare.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/arena_layout.hpp"
#include "lab/compare.hpp"
#include "lab/compare_models.hpp"
#include "lab/predict.hpp"

namespace gui {

struct PredictState {
    bool on = false;
    enum class Phase : std::uint8_t {
        idle,     // nothing asked: the cursor moves freely
        asking,   // a question is up; the cursor waits before its operation
        revealed, // the answer is shown; the operation has played
        summary,  // the script's end: how the questions went
    };
    Phase phase = Phase::idle;
    std::size_t op = 0; // the operation asked about
    std::optional<lab::Question> question;
    bool pinned = false;           // the question is the lesson's own (# ask:)
    std::string typed;             // a number being typed
    std::optional<std::uint64_t> given; // what the student answered (none: skipped, or class mode)
    bool resume_playing = false;   // playing was on when the question stopped it
    bool focus_input = false;      // give the answer field the keyboard next frame
    // Where the cursor was last frame: a question is asked when the cursor
    // moves forward into an operation from before it (SIZE_MAX: not yet seen).
    std::size_t last_cursor = SIZE_MAX;
    // The lines the panel drew in its last frame (what tests read).
    std::vector<std::string> shown;

    // The running score (a new script starts it again: App::loaded).
    std::size_t right = 0;
    std::size_t answered = 0;
    std::size_t skipped = 0;
    std::size_t asked = 0; // questions put, answered or not (class mode answers aloud)
    bool summary_seen = false; // the end's summary was shown and put away
    // The box's height last frame: the layout makes room for it under the
    // Step panel, so it covers neither the picture nor the lesson's text.
    float box_h = 0.0f;

    // Operations already asked about (or with nothing worth asking), for the
    // history of `revision`.
    std::vector<bool> done;
    std::uint64_t revision = UINT64_MAX;
    std::vector<lab::PinnedQuestion> pinned_questions; // the script's `# ask:` lines, for `revision`
    lab::QuestionChooser chooser;
};

// The two arenas side by side (panel_models.cpp): computed once per script.
struct ModelsViewState {
    std::optional<lab::ModelComparison> result;
    std::uint64_t revision = UINT64_MAX;
    std::vector<std::string> shown; // the lines drawn last frame (what tests read)
    // Each arena's picture as drawn last frame (by lab::compared_models):
    // the arena view's layout of it, and where on screen (corner, size).
    struct Drawn {
        lab::Picture picture;
        ArenaLayout layout;
        float x = 0, y = 0, w = 0, h = 0;
    };
    std::array<std::optional<Drawn>, 2> drawn;
};

struct CompareViewState {
    std::string limit = "";  // N of retain_with_limit; empty: half the capacity
    int policy = 0;          // 0: the script's; 1..4: never, shrink, pages, always
    // The comparison last computed, and for what.
    std::optional<lab::Comparison> result;
    std::uint64_t revision = UINT64_MAX;
    std::size_t cursor = SIZE_MAX; // the operations replayed
    std::string key; // limit, policy and size it was computed for
    std::vector<std::string> shown; // the columns' lines drawn last frame (what tests read)
    std::string next_shown;         // what it said of the next alloc, last frame
};

} // namespace gui
