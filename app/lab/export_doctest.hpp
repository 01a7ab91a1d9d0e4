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

namespace lab {

struct ExportResult {
    std::string code;  // the test's source, when the script could be run
    std::string error; // otherwise why not (the checker's first message)
    bool ok() const { return error.empty(); }
};

// `test_name` names the TEST_CASE (the script's file name is a good one).
ExportResult exportDoctest(std::string_view script_text, std::string_view test_name);

} // namespace lab
