// Dialogs and prompts (dialogs.cpp, App members): the path prompt of File >
// Open, Save As and Export; the Help window, which lists every shortcut
// from the command table; the unsaved-changes prompt on quit; and the
// recovery prompt when unsaved work of a crashed window is found.
#pragma once

#include <cstdint>
#include <string>

namespace gui {

// The path prompt's state (no native dialogs: a field for the path).
struct PathPrompt {
    enum class Kind : std::uint8_t { none, open, save_as, export_doctest, export_trace, export_script, export_png, export_quiz };
    Kind kind = Kind::none;
    bool opening = false; // open it on the next frame
    std::string path;
    std::string error;
};

} // namespace gui
