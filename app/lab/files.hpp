// Reading and writing files so that nothing is lost. Every file the
// program writes (the command line's -o, the window's Save and Export,
// autosave) goes through AtomicFile:
// - the new contents go to an unnamed temporary file (O_TMPFILE) in the
//   target's folder, so a crash or kill -9 leaves nothing behind; where
//   the file system has no O_TMPFILE, to a hidden file named
//   `.NAME.arenalab-tmp-PID-XXXXXX`, which the next write into that folder
//   removes once process PID is gone;
// - every write is checked, the data is flushed to disk (fsync), and only
//   then does the file take the target's name (linkat, then rename), so the
//   target is either the old file or the whole new one;
// - a symbolic link is written through: its target is replaced, the link stays;
// - anything that is not a regular file (a folder, FIFO, socket or device
//   such as /dev/null) is refused, never replaced;
// - an existing file keeps its mode (and, for root, its owner); a new one
//   gets 0666 less the umask;
// - the output is refused when it is the input (the same device and inode,
//   whatever the names);
// - errors name the path as the user gave it.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "lab/script.hpp"

namespace lab {

class AtomicFile {
public:
    AtomicFile() = default;
    ~AtomicFile(); // an uncommitted file vanishes: the target is untouched
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Prepares to replace `path`. `input` is a file the output must not be
    // ("" for none, "-" for standard input). Returns false with `error` set
    // ("PATH: error: WHY") when the path is refused or cannot be written.
    bool open(const std::string& path, std::string& error, const std::string& input = "");
    // Appends; false once any write failed (the rest is then ignored and
    // commit() reports the failure).
    bool write(std::string_view data);
    // Flushes to disk and puts the file in place. False with `error` set on
    // any failure; the target is then untouched.
    bool commit(std::string& error);

private:
    void abandon();

    std::string shown_;  // the path as given
    std::string target_; // the file replaced (a symlink resolved)
    std::string temp_;   // the fallback's named temporary file ("" with O_TMPFILE)
    int fd_ = -1;
    int write_errno_ = 0;
};

// Why `path` may not be written as an output of `input` (see AtomicFile::open),
// checked without creating anything; nothing when it may.
std::optional<std::string> whyNotOutput(const std::string& path, const std::string& input = "");

// The file name without its folders: "lessons/02-growth.arena" ->
// "02-growth.arena" (a name without a slash is itself).
std::string baseName(std::string_view path);

// Writes `contents` to `path` through AtomicFile. Returns false and sets
// `error` (a message a person can act on) on failure; the target is then
// untouched.
bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error);

// Why `contents` is not a text file, if it is not: a NUL byte (binaries,
// UTF-16 text) or bytes that are not UTF-8, at the line and (byte) column
// of the first. Scripts are text; the window refuses such files before they
// can replace the script being edited.
std::optional<Diagnostic> whyNotText(std::string_view contents);
// The length of the UTF-8 sequence starting at `s[i]` (i < s.size()), or 0
// if it is not one (overlong forms, surrogates and values past U+10FFFF
// included). whyNotText and the text wrapper (text_wrap.hpp) read UTF-8 by it.
std::size_t utf8Length(std::string_view s, std::size_t i);

// A script file to put in the window's editor: every refusal of
// readScriptFile (runner.hpp) as "PATH: error: WHY", and a file that is not
// text as "PATH:LINE:COL: error: WHY", like every other refusal of a
// script's contents, in `error`.
std::optional<std::string> readEditableScriptFile(const std::string& path, std::string& error);

// A window's session as a script to keep: `text` (the script it ran, one
// line per button pressed included) under a comment saying where it came
// from, ending with a newline. Running it gives the same arena.
std::string sessionScript(std::string_view text, std::string_view name);

} // namespace lab
