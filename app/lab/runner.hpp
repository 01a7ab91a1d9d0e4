// Running a whole script the way SCRIPT.md says: check everything first,
// then run statement by statement, stop at the first failed expectation or
// use of a handle that holds no memory, and deinitialise at the end.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

struct RunResult {
    // 0: ran to the end; 1: an expectation failed; 2: the script was refused
    // or used a handle holding no memory; 3: the system refused memory the
    // child needed (not a refusal by the child: see InstrumentedChild).
    int exit_status = 0;
    std::vector<std::string> errors; // for standard error, one line each
    std::array<std::size_t, 6> ops_by_kind{}; // indexed by OpKind
    std::size_t operations = 0;      // trace lines, deinit included
    std::size_t failed_operations = 0;
    std::size_t expectations_met = 0;
    std::size_t child_calls = 0;
    std::size_t peak_child_bytes = 0;
    std::size_t child_bytes_left = 0; // held by the child after the final deinit (0 unless something leaked)
    ArenaState final_state;          // just before the deinit (or where the run stopped)
    bool ran = false;                // false when the static check refused the script
};

using RecordFn = std::function<void(const OpRecord&)>;
// Prepares the child before the first statement runs (tests inject failures).
using ChildSetupFn = std::function<void(arena::InstrumentedChild&)>;

// Runs a parsed, checked script. `on_record` (may be empty) sees every
// trace line; `sink` (may be null) every internal step, before the record
// of the operation it belongs to.
RunResult runScript(const Script& script, std::string_view file_name, const RecordFn& on_record,
                    StepSink* sink = nullptr, const ChildSetupFn& setup = {});

// Parses, checks and runs `text`.
RunResult runScriptText(std::string_view text, std::string_view file_name, const RecordFn& on_record,
                        StepSink* sink = nullptr);

// Checks an expect line against the session; returns what failed, or nothing.
std::optional<std::string> failedExpectation(const Expect& e, const Session& session);

// Reads a script file (`-` is standard input). On failure, returns nothing
// and sets `error` to a message a person can act on.
std::optional<std::string> readScriptFile(const std::string& path, std::string& error);

// How a file is named in messages: `-` is `<stdin>`.
std::string displayName(const std::string& path);

} // namespace lab
