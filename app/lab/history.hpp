// Everything that happened, step by step, so any moment can be shown
// again: each operation with its internal steps (from the arena's
// observation points) and the child calls each step made. The picture at
// any step is rebuilt from the nearest checkpoint by replaying steps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"
#include "lab/command.hpp"
#include "lab/picture.hpp"
#include "lab/session.hpp"

namespace lab {

struct StepEntry {
    arena::Step step;
    std::uint32_t op = 0;          // index of the operation it belongs to
    std::uint32_t calls_begin = 0; // the child calls this step made: [calls_begin, calls_end)
    std::uint32_t calls_end = 0;
};

struct OpEntry {
    Command command;
    std::size_t line = 0;          // the script line it came from
    std::uint32_t steps_begin = 0; // its steps: [steps_begin, steps_end)
    std::uint32_t steps_end = 0;
    std::uint32_t name = no_name;  // the handle it names (alloc binds, others use)
    bool ok = true;                // its result
    ArenaState state;              // the arena's state after it (nodes newest first)
};

class History {
public:
    // Recording, in order: beginOp, then the arena's steps (via a Session's
    // StepSink) with the child's calls, then endOp.
    void beginOp(const Command& command, std::size_t line);
    void recordStep(const arena::Step& step, std::span<const arena::ChildCall> calls);
    void endOp(bool ok, ArenaState state);
    void clear();

    std::size_t stepCount() const { return steps_.size(); }
    std::size_t opCount() const { return ops_.size(); }
    const StepEntry& step(std::size_t k) const { return steps_[k]; }
    const OpEntry& op(std::size_t i) const { return ops_[i]; }
    std::span<const arena::ChildCall> calls() const { return calls_; }
    std::span<const arena::ChildCall> callsOf(const StepEntry& s) const
    {
        return std::span(calls_).subspan(s.calls_begin, s.calls_end - s.calls_begin);
    }
    const std::vector<std::string>& names() const { return names_; }
    std::uint32_t nameIndex(const std::string& name); // interns
    bool knowsName(const std::string& name) const { return name_index_.contains(name); }

    // The operation a cursor position belongs to: position p means "after p
    // steps"; the op of the last applied step (op 0 for p == 0).
    std::size_t opAtPosition(std::size_t position) const;

    // The picture after the first `position` steps (0 .. stepCount()).
    Picture pictureAt(std::size_t position) const;

private:
    void maybeCheckpoint();

    std::vector<OpEntry> ops_;
    std::vector<StepEntry> steps_;
    std::vector<arena::ChildCall> calls_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t> name_index_; // names_ by name
    // Pictures at some positions, so a jump replays few steps: a checkpoint
    // is taken once the steps since the last one outnumber its segments.
    struct Checkpoint {
        std::size_t position;
        Picture picture;
    };
    std::vector<Checkpoint> checkpoints_{Checkpoint{0, {}}};
    Picture live_; // the picture at the end, kept up to date while recording
};

// Forwards a Session's steps into a History, taking along the child calls
// each step made.
class HistoryRecorder final : public StepSink {
public:
    HistoryRecorder(History& history, const arena::InstrumentedChild& child) : history_(history), child_(child) {}
    void step(const arena::Step& step) override;
    void opStarted() { seen_calls_ = child_.calls().size(); }

private:
    History& history_;
    const arena::InstrumentedChild& child_;
    std::size_t seen_calls_ = 0;
};

} // namespace lab
