// Version-1 `.arena` scripts (docs/script.md): parsing and the static
// check that runs before anything does. A script either parses and checks
// clean, or yields every problem found as a Diagnostic pointing at its line
// and the word at fault.
#pragma once

#include <cstdint>

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lab/command.hpp"
#include "lab/i18n.hpp"
#include "lab/model.hpp"

namespace lab {

// `expect end_index N` / `capacity N` / `nodes N` / `free_nodes N` /
// `node K end_index N` / `ok` / `fail`.
struct Expect {
    enum class What : std::uint8_t { end_index, capacity, nodes, ok, fail, free_nodes, node_end_index };
    What what = What::ok;
    std::size_t value = 0; // end_index, capacity, nodes, free_nodes, node_end_index
    std::size_t node = 0;  // node_end_index: K, the node's place in the list (0: the first, the newest)
};
std::string_view expectName(Expect::What what);

struct Statement {
    std::size_t line = 0;         // 1-based
    std::size_t col = 1;          // column of the statement's first word (for run-time errors)
    std::size_t repeat = 1;       // K of `repeat K ...`; 1 for a plain statement
    std::size_t handle_col = 0;   // column of the handle a resize/remap/free uses (for run-time errors)
    std::uint8_t thread = 0;      // `T1:` ... `T4:`: the thread that runs it (1-based); 0: no thread
    std::variant<Command, Expect> body;
};

// `schedule T1 T2 ...` / `schedule round-robin` / `schedule T1-first`: which
// thread takes each atomic step of the race (docs/script.md, "Threads").
struct Schedule {
    enum class Policy : std::uint8_t { t1_first, round_robin, steps };
    Policy policy = Policy::t1_first;
    std::vector<std::uint8_t> steps; // steps: the thread of each step (1-based)
    std::size_t line = 0;            // the statement's line; 0 when there is none
};
inline constexpr std::size_t max_threads = 4;

struct Script {
    std::vector<Statement> statements; // only lines that do something: no blanks, no comments
    std::size_t line_count = 0;        // lines in the file; the final deinit is at line_count + 1
    Model model = default_model;       // the `model` statement's, else the default parseScript was given
    std::size_t model_line = 0;        // the `model` statement's line; 0 when there is none
    Schedule schedule;                 // the `schedule` statement's (zig-0.16 threads only)
    std::size_t threads = 0;           // the highest thread a statement names (0: no threads)
};

struct Diagnostic {
    std::size_t line = 0;
    std::size_t col = 0; // 1-based byte column of the word at fault
    std::string message;
};

struct ParseResult {
    Script script;
    std::vector<Diagnostic> errors; // empty when the script may run
    bool ok() const { return errors.empty(); }
};

// Limits that keep any input, however hostile, cheap to reject.
inline constexpr std::size_t max_script_bytes = 64u << 20;  // a larger file is refused whole
inline constexpr std::size_t max_errors = 100;              // then one "too many errors" line
#if SIZE_MAX > 0xFFFFFFFFu
inline constexpr std::size_t max_len = std::size_t{1} << 40; // lengths and N
inline constexpr std::string_view max_len_words = "2^40 (1099511627776)";
#else
// A 32-bit build (the browser's WebAssembly, whose memory is at most 4 GiB):
// numbers stay small enough for a 32-bit size_t and the arena's arithmetic.
inline constexpr std::size_t max_len = std::size_t{1} << 27; // lengths and N
inline constexpr std::string_view max_len_words = N_("2^27 (134217728) in the browser");
#endif
inline constexpr std::size_t max_repeat = 1'000'000;

// Parses and checks a whole script. Never throws on bad input. A script
// without a `model` statement runs on `model` (the command line's --model).
ParseResult parseScript(std::string_view text, Model model = default_model);

// A script's model when the command line says `option` (--model, if given):
// the two must agree when the script names one. Nothing, with `error` set
// ("the script says ..."), when they do not.
std::optional<Model> resolveModel(const Script& script, std::optional<Model> option, std::string& error);

// Whether `word` is one of the language's keywords, which cannot name a handle.
bool isKeyword(std::string_view word);

// `FILE:LINE:COL: error: MESSAGE`
std::string formatDiagnostic(std::string_view file, const Diagnostic& d);

} // namespace lab
