// Running a whole script the way docs/script.md says: check everything first,
// then run statement by statement, stop at the first failed expectation or
// use of a handle that holds no memory, and deinitialise at the end.
#pragma once

#include <array>
#include <cstdint>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

// Where and why a script loop stopped before its end.
struct Stop {
    enum class Why : std::uint8_t {
        none,        // ran to the end
        expectation, // an expect line failed
        no_memory,   // a command used a handle it cannot use (its alloc was refused)
        refused,     // the caller's before_operation hook said no (the Lab's full history)
        system_refused, // the system refused address space the child needed: not the child's refusal
        schedule,    // a race's schedule named a thread that had finished
        no_races,    // the script has a race and this build cannot run one (the browser's: no coroutines)
    };
    Why why = Why::none;
    std::size_t line = 0;  // 1-based; 0 when the run did not stop
    std::size_t col = 0;   // of the handle for no_memory, of the statement for an expectation, else 1
    std::string message;   // what a person reads, without file or line
    explicit operator bool() const { return why != Why::none; }
};

// What the one script loop tells the one who runs it. Every hook may be empty.
class Race;

struct LoopHooks {
    // Before each operation (not child settings); a message stops the run there.
    std::function<std::optional<std::string>(std::size_t line)> before_operation;
    // Around each operation's apply (repeat lines call them once per repetition).
    std::function<void(std::size_t line, const Command&)> operation_begins;
    std::function<void(std::size_t line, const Command&)> operation_ended;
    std::function<void()> expectation_met;
    OpRecord* record = nullptr; // filled with each operation's trace line when given
    // Races (lab/race.hpp): a thread (0-based) goes on with the operation
    // on `line` after another thread's step, so the steps that follow are
    // its operation's again (a history starts a part of it).
    std::function<void(std::size_t thread, std::size_t line, const Command&)> operation_resumed;
    // Before a race's first step and after each of its steps.
    std::function<void(const Race&)> race_stepped;
    // Around each step of thread `thread`: the child calls it made after its
    // last observed step are cleared when it yields (they belong to its
    // operation, not to the next thread's), so a recorder that attributes
    // calls to steps keeps them for that thread's next step.
    std::function<void(std::size_t thread)> race_step_begins;
    std::function<void(std::size_t thread)> race_step_ends;
};

// The script loop: runs `script`'s statements on `session` in order, as
// docs/script.md says, and stops at the first failed expectation or use of a
// handle holding no memory. The command line, the window's Lab and the
// tests all run scripts through it. No deinit: the caller decides.
Stop runStatements(const Script& script, Session& session, const LoopHooks& hooks);

// Runs the race of statements [first, last) of `script` (the consecutive
// threaded ones, docs/script.md "Threads") with the script's schedule;
// steps the schedule does not cover go T1-first. Stops with Why::schedule
// when a step names a thread that has finished. In race.cpp (lab/race.hpp),
// which builds on this loop.
Stop runRace(const Script& script, std::size_t first, std::size_t last, Session& session, const LoopHooks& hooks);

// One command, as the loop applies each repetition of a statement on
// `line` (a person's action in the window goes through it too): refused
// when its handle holds no memory (`handle_col` says where the handle is),
// stopped when the system refuses the child's address space. Calls the
// operation hooks; not before_operation.
Stop applyCommand(Session& session, const Command& command, std::size_t line, std::size_t handle_col,
                  const LoopHooks& hooks);

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
    Stop stop;                       // where the run stopped early, if it did
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

// Parses, checks and runs `text`. `model` is the command line's --model:
// the model of a script without a `model` statement (one with it must agree).
RunResult runScriptText(std::string_view text, std::string_view file_name, const RecordFn& on_record,
                        StepSink* sink = nullptr, std::optional<Model> model = std::nullopt);

// Checks an expect line against the session; returns what failed, or nothing.
std::optional<std::string> failedExpectation(const Expect& e, const Session& session);

// Reads a script file (`-` is standard input). On failure, returns nothing
// and sets `error` to a message a person can act on.
std::optional<std::string> readScriptFile(const std::string& path, std::string& error);

// How a file is named in messages: `-` is `<stdin>`.
std::string displayName(const std::string& path);

} // namespace lab
