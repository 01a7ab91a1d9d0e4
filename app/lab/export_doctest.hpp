// Turns a script into a self-contained doctest TEST_CASE: the script's
// operations replayed through the arena's C++ API (ArenaAllocator over an
// InstrumentedChild, not the script runner), with, after every operation,
// checks of its result, end_index, capacity, every node's length and the
// child's calls, as the real arena gave them when the test was exported.
// What a person tried becomes a regression test.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/model.hpp"

namespace lab {

// The most operations (repeats counted, the final deinit not) a script may
// have to be exported as a test: past this the test's source would pass a
// megabyte, and a trace (export --trace) is the better record.
inline constexpr std::size_t max_doctest_operations = 10'000;

struct ExportResult {
    std::string code;  // the test's source, when the script could be run
    std::string error; // otherwise why not (the checker's first message, or the size limit)
    // As `arenalab trace` would exit: 0, or 1/2/3 when the run stopped early
    // (`code` then replays the script up to where it stopped, and says so).
    int exit_status = 0;
    std::vector<std::string> stop_errors; // why the run stopped, as trace says it
    bool ok() const { return error.empty(); }
};

// `test_name` names the TEST_CASE (the script's file name is a good one);
// `file_name` names the script in messages (default: test_name). Either may
// hold any bytes: they reach the generated code only escaped.
// `model`: for a script without a `model` line; the test drives the classic
// arena, so a zig-0.16 script is refused (exit status 2).
ExportResult exportDoctest(std::string_view script_text, std::string_view test_name, std::string_view file_name = {},
                           Model model = default_model);

} // namespace lab
