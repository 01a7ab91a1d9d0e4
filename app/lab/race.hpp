// Threads racing one Zig 0.16 arena (docs/script.md, "Threads"), one atomic
// step at a time. Each thread runs its statements on the shared Session in
// a coroutine of its own (ucontext: one system thread, so every run is
// deterministic); the arena's observer calls the race's gate just before
// each atomic operation of the port, and the gate hands control back to
// whoever chose the thread. A step of thread T is: T's next atomic
// operation, then T's own work up to its following atomic operation (or to
// the end of its statements). The memory model is sequential consistency:
// every interleaving of the atomic operations, none of the reorderings a
// weak memory model would add.
//
// The script loop (runner.cpp) runs a script's race with its schedule;
// `explore` (explore.hpp) runs every schedule; the window steps a thread
// when a person presses its key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

// Whether this build can race threads (not the browser's: no ucontext there).
bool racesSupported();

class Race final : public AtomicGate {
public:
    // `statements[t]`: what thread T(t+1) runs, in order. The session must
    // run model zig-0.16 and outlive the race; `hooks` are the script loop's
    // (their record receives each finished operation, with its thread).
    Race(Session& session, std::vector<std::vector<const Statement*>> statements, const LoopHooks& hooks);
    ~Race() override;
    Race(const Race&) = delete;
    Race& operator=(const Race&) = delete;

    std::size_t threads() const { return threads_.size(); }
    // Thread t (0-based) has statements left to run.
    bool running(std::size_t t) const;
    // Every thread finished, or one stopped the race (stop()).
    bool finished() const;
    // Runs thread t for one step. Only while running(t) and !finished().
    void step(std::size_t t);
    // Where and why a thread stopped the race (a handle holding no memory).
    const Stop& stop() const { return stop_; }
    // Steps taken so far, and the thread of each (0-based).
    const std::vector<std::uint8_t>& taken() const { return taken_; }

    // What a window shows of thread t.
    struct View {
        std::size_t line = 0;                         // the statement it is in (0: not started or done)
        std::optional<arena::StepKind> next_atomic;   // the operation it is held before
        std::optional<arena::StepKind> last_atomic;   // the last one it took
        std::size_t operations_done = 0;
        bool done = false;
        bool started = false;
        std::optional<Command> pending;               // the operation it is inside (begun, not returned)
    };
    View view(std::size_t t) const;
    // The thread that finished the latest operation (0-based), for hooks.
    std::size_t current() const { return current_; }

    // The ucontext entry point (public for the C trampoline only).
    void runCurrent();

private:
    struct Thread;
    void beforeAtomic(arena::StepKind kind) override;

    Session& session_;
    LoopHooks hooks_;
    std::vector<std::unique_ptr<Thread>> threads_;
    std::unique_ptr<struct RaceContext> scheduler_;
    std::size_t current_ = 0;
    Stop stop_;
    std::vector<std::uint8_t> taken_;
    bool abandoning_ = false; // ~Race is unwinding the threads still inside an operation
};

// The thread a named policy gives the next step: T1-first, the lowest
// running thread; round-robin, the next running one after the last step's.
std::size_t policyChoice(const Race& race, Schedule::Policy policy);

// runRace (declared in runner.hpp, whose loop calls it) is in race.cpp.

// The statements of each thread in [first, last).
std::vector<std::vector<const Statement*>> threadStatements(const Script& script, std::size_t first, std::size_t last);

// `schedule T1 T2 ...` for the steps taken (0-based threads).
std::string scheduleLine(const std::vector<std::uint8_t>& steps);

} // namespace lab
