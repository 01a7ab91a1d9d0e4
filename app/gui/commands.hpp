// One table of the window's commands: id, label, shortcut, enabled-state
// and what it does. The menus draw their items from it, the Help window
// lists every shortcut from it, and the key handler reads it, so a
// shortcut cannot work without being listed, nor be listed without working.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gui/platform/keys.hpp"

namespace gui {

enum class CommandId : std::uint8_t {
    // File
    new_script, open, save, save_as, export_doctest, export_trace, export_script, export_png, export_animation_op, export_animation_all, export_animation_range, export_handout, export_quiz, builtin_example, copy_link, quit,
    // Edit
    undo, redo, redo_y,
    // View
    larger_text, smaller_text, reset_text, fit_view, presentation, leave_presentation, help, predict, compare, compare_models,
    // Stepping
    play_pause, step_forward, step_back, next_op, prev_op, go_start, go_end,
    // Arena view
    zoom_in, zoom_out, pan_left, pan_right, pan_up, pan_down,
    // Controls
    alloc, resize, remap, free, reset_free_all, reset_retain_capacity, reset_retain_with_limit,
    // Script
    run_script,
    // View, presentation mode: the Controls folded away or shown (layout.hpp)
    presentation_controls,
    // View: the screen blanked (B, a clicker's blank key)
    blank,
    // Help: the first five minutes
    getting_started,
    // Stepping, a race: thread T1 or T2 takes the next atomic step
    step_thread1, step_thread2,
};

struct Shortcut {
    platform::Key key = platform::Key::none;
    platform::Key alt_key = platform::Key::none; // a second key doing the same (the keypad's)
    char typed = 0;           // or a typed character (as the keyboard's layout types it)
    bool ctrl = false;
    std::optional<bool> shift = false; // none: with or without Shift
    bool repeat = false;      // fires again while held
    bool while_typing = false; // also while a text field has the keyboard
    const char* text = "";    // as the menus and Help show it: "Ctrl+O"
};

struct CommandDef {
    CommandId id{};
    const char* section = ""; // where Help lists it: "File", "Stepping", ...
    const char* label = "";
    Shortcut shortcut;
    const char* tip = ""; // a tooltip on its menu item
    std::function<void()> run;
    std::function<bool()> enabled;  // none: always
    std::function<bool()> checked;  // none: not a toggle
    // Where the shortcut works (the arena view's keys: while the mouse is
    // over it or it has focus); none: anywhere. The menu item ignores it.
    std::function<bool()> shortcut_active;
};

// Where an item was drawn, in window pixels.
struct ItemRect {
    float x = 0, y = 0, w = 0, h = 0;
};

class Commands {
public:
    void add(CommandId id, const char* section, const char* label, Shortcut shortcut, const char* tip,
             std::function<void()> run, std::function<bool()> enabled = {}, std::function<bool()> checked = {},
             std::function<bool()> shortcut_active = {});
    const CommandDef& get(CommandId id) const;
    const std::vector<CommandDef>& all() const { return defs_; }
    bool enabled(CommandId id) const;
    void run(CommandId id);

    // A menu item for the command (its label, shortcut, enabled and
    // checked state, tooltip); runs it when chosen.
    void menuItem(CommandId id);
    // Runs every enabled command whose shortcut was pressed this frame;
    // none while a dialog, prompt or menu is open (modalOpen()).
    void handleKeys();
    // Whether a text field has the keyboard (single-key shortcuts wait).
    static bool typing();
    // Whether a modal dialog or prompt (or a menu) is open.
    static bool modalOpen();
    // Whether the shortcut was pressed this frame (modifiers and text
    // fields considered).
    static bool pressed(const Shortcut& s);

    // Where named items (menu items by label, and buttons the dialogs name)
    // were last drawn, so a test clicks them as a person does.
    void noteItem(const std::string& key);
    void noteRect(const std::string& key, ItemRect rect) { drawn_[key] = rect; }
    std::optional<ItemRect> drawnItem(const std::string& key) const;

private:
    std::vector<CommandDef> defs_;
    std::map<std::string, ItemRect> drawn_;
};

} // namespace gui
