// What each panel remembers between frames: its fields, its scroll
// requests and its caches. Each lives in its panel object (panels.hpp, one
// per App), never in a `static`, so a second window in the same process
// starts fresh. Caches key on lab::Lab::revision() (and the cursor where they
// follow it): the one signal that the script or the history changed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arena/instrumented_child.hpp"
#include "lab/picture.hpp"

namespace gui {

// A (revision, cursor) pair: what a panel that follows the cursor last saw.
struct LabMark {
    std::uint64_t revision = UINT64_MAX; // never seen
    std::size_t cursor = SIZE_MAX;
    bool operator==(const LabMark&) const = default;
};

// ---- Arena view (panel_arena_view.cpp) ----------------------------------
// The arena view's camera: bytes to pixels and the scroll offset, and the
// share of the text size its rows use. Presentation mode keeps a camera of
// its own (ArenaView::setPresentation swaps them).
struct ArenaCamera {
    float zoom = 1.0f;        // 1 = the widest buffer fills the view
    float pan_x = 0.0f;       // pixels
    float pan_y = 0.0f;       // pixels
    float text_scale = 1.0f;  // the view's text and rows, shrunk by the last fit to show every row
    bool fit_requested = true; // fit on the next frame
};

// ---- Script (panel_script.cpp) ----------------------------------------
struct ScriptPanelState {
    std::string path_field;  // the path being typed
    std::string seen_path;   // the document's path when path_field last followed it
    std::string file_message;
    bool file_error = false;

    // The buffer's shape: lines and the longest line, in characters.
    std::size_t measured_size = SIZE_MAX;
    std::size_t line_count = 1;
    std::size_t longest = 0;
    std::vector<std::size_t> line_starts{0}; // byte offset of each line

    // The caret, from the editor's callback.
    int caret_pos = -1;
    int caret_len = -1;
    std::size_t caret_line = 0; // 0-based
    std::size_t caret_col = 0;
    bool caret_moved = false;
    bool editor_active = false;

    // Scrolling the editor to a line (0-based) on the next frame.
    std::optional<std::size_t> scroll_to_line;
    LabMark followed;
    float followed_font = 0.0f;

    // The Lab's text when the editor's edits began, to notice a control
    // appending a line meanwhile.
    std::string lab_text_at_edit;

    // Open or Save, done by the shell through the document after the
    // panels are drawn (the same path as the File menu); the outcome comes
    // back in file_message.
    struct FileRequest {
        enum class Kind : std::uint8_t { open, save } kind = Kind::open;
        std::string path;
    };
    std::optional<FileRequest> file_request;
};

// ---- Controls (panel_controls.cpp) ------------------------------------
// What the last action of a section did, shown beside its buttons.
struct ControlsFeedback {
    std::string text;
    bool error = false;
};

struct ChildDraft {
    arena::ResizePolicy policy = arena::ResizePolicy::pages;
    std::string page = "4096";
    std::string offset = "0";
    std::string limit = "268435456";
};

struct ControlsPanelState {
    std::string size = "24";
    int align_exp = 3; // 2^3 = 8
    float align_field_y = 0; // where the Align field was drawn last frame (it must not move while Size is typed)
    std::string name;
    std::string new_len;
    std::optional<std::string> new_len_for; // the handle new_len was filled in for
    std::string reset_limit = "256";
    ChildDraft child;
    std::optional<arena::ChildConfig> child_seen; // the config the draft was last synced to
    bool replay_actions = false;
    // The one open section (0 Allocate, 1 Resize, 2 Reset, 3 Child; -1 none).
    int open_section = 0;
    ControlsFeedback alloc_fb, handle_fb, reset_fb, child_fb, fail_fb;
    // Lab::freshName() and liveHandles() go through every name the history
    // knows (100,000 in a long script): asked again only when the Lab's
    // revision changes, not every frame.
    std::uint64_t names_revision = UINT64_MAX;
    std::string fresh;
    std::vector<std::string> live;
};

// ---- Source (panel_source.cpp) ----------------------------------------
enum class Token : std::uint8_t { plain, keyword, type, comment, preprocessor, number, string, punct };

struct TokenSpan {
    std::uint32_t begin = 0; // byte offsets into the line
    std::uint32_t end = 0;
    Token token = Token::plain;
};

struct SourceLine {
    std::string_view text; // into the embedded port source
    std::vector<TokenSpan> spans;
    bool observe = false;         // part of an observe({...}) call: the lab's hook, dimmed
    std::uint32_t observe_end = 0; // on a call's first line: its last line (1-based)
};

struct SourcePanelState {
    bool prepared = false;      // lines made from the embedded port source
    bool zig016 = false;        // ... of Zig 0.16's port (the zig-0.16 model) rather than the classic one
    std::vector<SourceLine> lines;
    std::size_t longest = 0;    // characters in the longest line
    // What the view last followed: a new mark means the step changed.
    LabMark followed;
    float followed_font = 0.0f; // a new text size moves every line: follow again
    bool scroll_request = false;
};

// ---- Step (panel_step.cpp) ----------------------------------------------
struct StepPanelState {
    // The text scale of the explanation, chosen with the panel's height
    // before the layout (larger where it fits).
    float text_scale = 1.0f;
    // The height of its tallest step (at the two text scales), and for what.
    struct Measured {
        std::uint64_t revision = UINT64_MAX;
        float width = 0, font_px = 0, scale = 0;
        bool title_bar = true;
        float height = 0;
    };
    Measured measured[2];
};

// ---- Child allocator (panel_child_log.cpp) ----------------------------
struct ChildLogPanelState {
    LabMark seen;
    int scroll_frames = 0; // frames left to keep the newest row in view
    // The widest line, call, length and result of the whole log, for the
    // history `widest_for` (the columns' widths).
    std::uint64_t widest_for = UINT64_MAX;
    std::array<std::string, 4> widest;
};

// ---- Stats (panel_stats.cpp) ------------------------------------------
struct StatsPanelState {
    std::uint64_t revision = UINT64_MAX; // the history the series was built for

    std::vector<std::size_t> op_index; // the sampled operations, ascending
    std::vector<float> capacity;       // per sample
    std::vector<float> used;           // per sample, filled as the walk goes
    // The walk: a picture advanced step by step through the history.
    lab::Picture walk;
    std::size_t walk_step = 0;
    std::size_t max_value = 1;
};

// lab.picture().stats() at the cursor, computed once per (revision,
// cursor) for every panel that asks (it walks every segment: 100,000
// allocations make that count).
struct PictureStatsCache {
    std::optional<LabMark> key;
    lab::PictureStats stats;
};


} // namespace gui
