// Reading and writing script files so that nothing is lost: writes go to a
// temporary file beside the target, flushed to disk, then renamed over it;
// reads refuse what is not a script before anything changes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lab {

// Returns false and sets `error` (a message a person can act on) on failure;
// the target is then untouched.
bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error);

// Why `contents` is not a text file, if it is not: a NUL byte (binaries,
// UTF-16 text) or bytes that are not UTF-8, with the line and column of the
// first. Scripts are text; the window refuses such files before they can
// replace the script being edited.
std::optional<std::string> whyNotText(std::string_view contents);

// A script file to put in the window's editor: every refusal of
// readScriptFile (runner.hpp), and a file that is not text, as
// "PATH: error: WHY" in `error`.
std::optional<std::string> readEditableScriptFile(const std::string& path, std::string& error);

// A window's session as a script to keep: `text` (the script it ran, one
// line per button pressed included) under a comment saying where it came
// from, ending with a newline. Running it gives the same arena.
std::string sessionScript(std::string_view text, std::string_view name);

} // namespace lab
