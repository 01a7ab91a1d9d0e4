// What a window says of a race at a moment of its history (docs/script.md,
// "Threads"): where each thread is in the port, the operation it has begun
// and not finished, the value it read against the value in memory now, and
// why a compare-and-swap failed. Read off the Lab's history and its race
// steps; no drawing here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arena/step.hpp"
#include "lab/lab.hpp"

namespace lab {

struct ThreadNote {
    std::size_t thread = 0;       // 0-based
    std::size_t line = 0;         // its script line (0: not started or done)
    bool started = false;
    bool done = false;
    std::optional<Command> pending; // the operation under way
    // The port line of its latest step (file and line; line 0: none yet).
    arena::SourceLine where;
    std::optional<arena::StepKind> next_atomic; // what it waits before
    // The end_index it read (a fetch_add's old value, a load), with the
    // node's now; none when it read none in its operation under way.
    std::optional<std::size_t> read_end_index;
    std::optional<std::size_t> end_index_now;
    std::string read_how;           // the atomic step that read it
};

// Every thread of the race at `position` (empty: no race).
std::vector<ThreadNote> threadNotes(const Lab& lab, std::size_t position);

// One thread's line for the Step panel: "T1, line 4: alloc 8 align=64,
// under way; read end_index 112, now 120; next: fetch_add end_index".
std::string describeThread(const ThreadNote& note);
// The same in brief, for a projector's Step panel, where the Source panel
// is hidden and the room is the picture's: "T1: under way; read end_index
// 100, now 179".
std::string describeThreadBriefly(const ThreadNote& note);

// When the step just taken at `position` (the one at position - 1) is a
// failed compare-and-swap: what the thread expected, what it found, and
// which thread's step changed it ("T2 expected end_index 112, found 120: T1
// bumped it first (fetch_add end_index, step 9)").
std::optional<std::string> failedSwapWhy(const Lab& lab, std::size_t position);

// The Step panel's heading of operation `op` (a history op, maybe a part
// of a race operation): "Operation 3 of 4, line 5:  b = alloc 8", or in a
// race "Operation 3 of 4 (part 2), line 5:  b = alloc 8", counted as the
// script counts its operations. `statement` is its line as shown.
std::string operationHeading(const History& history, std::size_t op, std::size_t line, std::string_view statement);

} // namespace lab
