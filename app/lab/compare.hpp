// What if? The three reset modes side by side. From any point of a script,
// three real arenas are replayed to it (runs are deterministic) and each is
// then reset, one with free_all, one with retain_capacity, one with
// retain_with_limit N; then each makes the same next allocation. Nothing is
// simulated: every number is read off a real ArenaAllocator. Headless: the
// window's compare view and `arenalab compare` show this.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lab/command.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

struct CompareRequest {
    std::size_t ops = SIZE_MAX;      // replay the script's first `ops` operations (all when more)
    std::optional<std::size_t> limit; // N of retain_with_limit; none: half the capacity at that point
    std::size_t next_len = 64;       // the next allocation each arena then makes
    std::size_t next_align = 1;
    std::optional<ChildSet> child;   // the child's settings changed just before the resets
};

// How the next allocation goes.
enum class NextPath : std::uint8_t { fits, grows, new_buffer, fails };
std::string_view nextPathName(NextPath path);

struct CompareColumn {
    Reset reset;
    bool returned = false;                 // what reset returned
    std::vector<arena::ChildCall> calls;   // the child's calls during the reset
    ArenaState after;                      // the arena after the reset
    NextPath next = NextPath::fits;        // the next allocation's path
    std::vector<arena::ChildCall> next_calls;
    ArenaState after_next;
    OpRecord reset_record;                 // the reset's trace line
    OpRecord next_record;                  // the next alloc's trace line
};

struct Comparison {
    std::size_t ops = 0;    // operations replayed
    std::size_t line = 0;   // the script line of the last one (0 when none)
    std::string statement;  // its script text
    ArenaState before;      // the arena they all start from
    std::size_t limit = 0;  // N used
    arena::ChildConfig child; // the child's settings for the resets
    std::array<CompareColumn, 3> columns; // free_all, retain_capacity, retain_with_limit
    std::string error;      // the replay stopped early (an expect, a handle holding no memory)
};

// The replay stops at the first failed expectation like a run does; the
// comparison is then of the state there, and `error` says so.
Comparison compareResets(const Script& script, const CompareRequest& request);

// The comparison as text for a terminal (`arenalab compare`).
std::string compareText(const Comparison& comparison, std::string_view file_name);

// What a path means to a person: "fits", "grows in place", ...
std::string nextPathText(const CompareColumn& column);

} // namespace lab
