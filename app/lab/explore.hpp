// `arenalab explore FILE`: every interleaving of a script's race, with the
// arena's invariants checked after every step (docs/script.md, "Threads").
// A stateless depth-first search over schedules: each schedule runs from
// scratch on a fresh Session (runs are deterministic), and the next one
// changes the latest step that had another running thread to choose,
// skipping (with sleep sets, unless told not to) the orders that only swap
// independent steps.
#pragma once

#include <cstddef>
#include <string>

#include "lab/script.hpp"

namespace lab {

struct ExploreOptions {
    std::size_t limit = 200'000;   // schedules; more is refused
    std::size_t max_steps = 10'000; // steps of one schedule; more is refused
    // Sleep sets: a schedule that differs from one already run only by the
    // order of two neighbouring independent steps (different locations, or
    // both loads) is not run again. Every reachable state is still visited.
    bool reduce = true;
};

struct ExploreResult {
    // 0: every schedule kept every invariant; 1: one broke one (a
    // counterexample); 2: refused (no race, too many schedules, a stop).
    int exit_status = 0;
    std::size_t schedules = 0;         // schedules run to the end (one per class of equivalent orders)
    std::size_t steps = 0;             // steps taken (and checked) over all of them
    std::size_t sequential_orders = 0; // single-threaded orders the results are compared with
    std::string error;                 // exit 2: why
    std::string violation;             // exit 1: the invariant that broke, with its numbers
    std::string schedule;              // exit 1: `schedule T1 T2 ...`, the steps up to the violation
    std::size_t line = 0;              // exit 2: the line at fault, when there is one
};

// Explores `script` (parsed and checked, with a race).
ExploreResult explore(const Script& script, const ExploreOptions& options = {});

} // namespace lab
