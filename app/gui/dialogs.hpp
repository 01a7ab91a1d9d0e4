// Dialogs and prompts (dialogs.cpp, App members): the path prompt of File >
// Open, Save As and Export; the Help window, which lists every shortcut
// from the command table; the unsaved-changes prompt on quit; and the
// recovery prompt when unsaved work of a crashed window is found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/platform/files.hpp"

namespace gui {

// The file dialog's state (no native dialogs: the folder's files, the
// recent files and a name field, through platform::Files).
struct PathPrompt {
    enum class Kind : std::uint8_t { none, open, save_as, export_doctest, export_trace, export_script, export_png, export_quiz, export_animation_op,
                             export_animation_all, export_animation_range, export_handout };
    Kind kind = Kind::none;
    bool opening = false; // open it on the next frame
    bool refocus = false; // give the field the keyboard again (after an error)
    std::string folder;      // the folder listed
    std::string name;        // the name field: a name in `folder`, or a path
    std::string error;
    std::vector<platform::Files::Entry> entries; // `folder`'s, as listed when it was entered
    std::string list_error;
    int generation = 0;            // one name field per opening
    std::string confirmed_replace; // an existing file the person was told about once
    void goTo(platform::Files& files, std::string folder);
};

} // namespace gui
