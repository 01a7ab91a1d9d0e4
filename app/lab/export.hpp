// The exports of a script that are text, behind one function that both the
// command line (`arenalab export`) and the window (File > Export) call, so
// the two write the same bytes and refuse the same scripts. Pictures need
// the window and are drawn there (gui/shot.cpp).
//
// To add a text export: a kind in ExportKind, its row in exportKinds(), and
// its case in exportScript().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lab/model.hpp"

namespace lab {

enum class ExportKind : std::uint8_t {
    doctest,        // a doctest TEST_CASE replaying the script through the arena's C++ API
    trace,          // the trace, JSON Lines (docs/script.md)
    quiz_gift,      // predict's questions for Moodle (GIFT)
    quiz_markdown,  // the same questions as a printable sheet, answers at the end
    session_script, // the script as run, under a comment saying where it came from
};

struct ExportKindInfo {
    ExportKind kind;
    const char* name;      // as messages say it: "doctest test", "trace"...
    const char* extension; // what a file of it ends with: ".cpp", ".jsonl"...
};
// Every text export, in ExportKind's order.
std::span<const ExportKindInfo> exportKinds();
const ExportKindInfo& exportKindInfo(ExportKind kind);

struct ExportNames {
    std::string shown; // the script as messages name it: "<stdin>", "lessons/02-growth.arena"
    std::string file;  // what the export is titled by (the test case, the quiz): the file's base name
};

// Where the contents go, in pieces: a trace streams, so memory stays
// bounded however long the run.
class ExportSink {
public:
    virtual ~ExportSink() = default;
    // Called once before the first piece, only when the export will write
    // something: false (the output could not be opened, having said why)
    // stops it with exit status 2.
    virtual bool begin() { return true; }
    virtual void write(std::string_view piece) = 0;
};

struct ExportOutcome {
    bool written = false; // the sink got the contents (false: refused, nothing was written)
    int exit_status = 0;  // as `arenalab trace` would exit: 0, or 1/2/3 when the run stopped early
    std::vector<std::string> errors; // FILE:LINE:COL messages for standard error or the status line
    std::string note;                // said after the errors (empty: nothing)
};

// Exports `text` as `kind`. A doctest test or a trace of a run that stops
// early is still written, up to where it stopped (exit status 1 to 3); a
// quiz with a wrong pinned key, or a script that cannot run, is not.
// `model`: for a script without a `model` line (the command line's --model).
ExportOutcome exportScript(ExportKind kind, std::string_view text, const ExportNames& names, ExportSink& sink,
                           Model model = default_model);

// An ExportSink that keeps the contents (the window's, and tests').
class StringSink final : public ExportSink {
public:
    void write(std::string_view piece) override { text.append(piece); }
    std::string text;
};

} // namespace lab
