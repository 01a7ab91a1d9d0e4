// What the window's parts share about viewing, not about the arena (that
// is lab::Lab's) nor the script (the Document's): selection, playback, font size, the status line, the modes (presentation, embed,
// blank, compare) and the keys handed to panels. Each panel and dialog owns
// what only it remembers (panels.hpp, dialogs.hpp); this is what they are
// all given, with the Lab. One per App: nothing here is process-wide.
// Nothing here draws.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/commands.hpp"
#include "gui/layout_record.hpp"
#include "gui/panel_state.hpp"

namespace gui {

// The playback speed a newly loaded script starts at: slow enough to read
// each step's explanation aloud.
constexpr float teaching_steps_per_second = 2.0f;

struct ViewState {
    // Text: rendered from the TTF at this pixel size; the atlas is rebuilt
    // when it changes, so text stays crisp at any size.
    float font_size = 18.0f;
    bool font_changed = false;

    // Playback over the history.
    bool playing = false;
    float steps_per_second = teaching_steps_per_second;
    double play_accumulator = 0.0;

    // File > Export > Animation of a range: the range is picked on the step
    // bar itself (panel_step.cpp). While `active`, a click on the bar picks
    // a step instead of seeking: the first click `from`, the second `to`;
    // then the export's path prompt opens with the range kept here.
    struct RangePick {
        bool active = false;
        std::optional<std::size_t> from, to;
        std::size_t at = 0; // the step under the bar's grab while picking
    };
    RangePick range_pick;

    // The allocation clicked in the arena view (its handle name), if any.
    std::optional<std::string> selected_handle;
    // What the mouse is over in the arena view, for other panels to echo.
    std::optional<std::string> hovered_handle;

    // A one-line message for the status bar (errors from controls, saves).
    std::string status;
    bool status_is_error = false;

    // Presentation mode (F5): large text, high contrast, and only the arena
    // view, the explanation and the controls, for a projector.
    bool presentation = false;
    // Presentation mode: the Controls are folded away until asked for (C).
    bool presentation_controls = false;

    // Embed mode (a link's `&embed`, `arenalab shot --embed`): for an
    // <iframe> in slides or a course page, only the arena view and the Step
    // panel (explanation, caption, step controls), filling the frame: no
    // menu bar, no Controls or other panels, no status bar (a line shows
    // only an error, such as a link that was refused). The keys still work.
    bool embed = false;

    // The window blanked black (B or period, as a clicker's blank key):
    // nothing shows until B again.
    bool blank = false;

    // Where the last frame put the lesson's text and how much each panel
    // would need to scroll: what the tests check the layout with.
    LayoutRecord layout_record;

    // Shortcuts the command table hands to a panel (Alloc, zoom, Run...):
    // the panel takes them while it draws, in the same frame.
    std::vector<CommandId> panel_commands;
    bool take(CommandId id)
    {
        const auto it = std::find(panel_commands.begin(), panel_commands.end(), id);
        if (it == panel_commands.end()) return false;
        panel_commands.erase(it);
        return true;
    }
    // Whether the arena view takes keys (the mouse is over it or it has
    // focus), as of its last frame.
    bool arena_has_keys = false;

    // The compare view of the reset modes is up (W: the command, the
    // Controls' button, `shot --compare`); what it shows is its panel's.
    bool comparing = false;
    // The two arenas side by side (V: the command, `shot --models`).
    bool comparing_models = false;
    // lab.picture().stats() at the cursor, for every panel that asks
    // (pictureStats, panels.hpp).
    PictureStatsCache picture_stats;
};

} // namespace gui
