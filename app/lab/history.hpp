// Everything that happened, step by step, so any moment can be shown
// again: each operation with its internal steps (from the arena's
// observation points) and the child calls each step made. The picture at
// any step is rebuilt from the nearest checkpoint by replaying steps.
//
// A history of millions of steps must fit in memory (the GUI keeps it
// whole), so it is stored compactly: steps are a byte stream (kind, source
// line, which fields are non-zero, then those fields as varints), with a
// sparse index every `block` steps; operations are small fixed rows, their
// commands interned by script line; checkpoints are pictures serialised
// as varints. `step(k)` and `op(i)` decode and return by value.
// memoryBytes() counts every heap byte of it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
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

// The arena's state after an operation, in short: the whole node list can
// be read off the picture at the operation's end (pictureAt(steps_end)).
struct OpState {
    std::size_t end_index = 0;
    std::size_t capacity = 0;
    std::size_t node_count = 0;
};

struct OpEntry {
    Command command;
    std::size_t line = 0;          // the script line it came from
    std::uint32_t steps_begin = 0; // its steps: [steps_begin, steps_end)
    std::uint32_t steps_end = 0;
    std::uint32_t name = no_name;  // the handle it names (alloc binds, others use)
    std::uint8_t thread = 0;       // the thread that ran it (1-based; 0: none)
    bool ok = true;                // its result
    OpState state;                 // the arena's state after it
};

class History {
public:
    // Steps per sparse-index entry: decoding step k reads at most this many.
    static constexpr std::size_t block = 64;

    // Recording, in order: beginOp, then the arena's steps (via a Session's
    // StepSink) with the child's calls, then endOp.
    // `thread`: the thread that runs it (1-based; 0: a statement of no thread).
    void beginOp(const Command& command, std::size_t line, std::uint8_t thread);
    // A race: thread `thread` goes on with its operation after another
    // thread's step. The history starts another operation, a part of the one
    // that thread began last (opNumber() counts them as one).
    void beginPart(const Command& command, std::size_t line, std::uint8_t thread);
    void recordStep(const arena::Step& step, std::span<const arena::ChildCall> calls);
    void endOp(bool ok, const ArenaState& state);
    void clear();
    // The arena the steps come from (before the first step): how the
    // picture reads them.
    void setModel(Model model);
    Model model() const { return live_.model; }
    // Gives back the spare capacity of the containers (after a load).
    void shrinkToFit();

    std::size_t stepCount() const { return step_count_; }
    std::size_t opCount() const { return op_ends_.size(); }
    // The script's operations as it counts them: each race operation once,
    // however many parts other threads cut it into.
    std::size_t operationCount() const { return op_ends_.size() - parts_.size(); }
    struct OpNumber {
        std::size_t operation = 0; // 0-based, among operationCount()
        std::size_t part = 1;      // 1-based
        bool parted = false;       // the operation has more than one part (so far)
    };
    OpNumber opNumber(std::size_t i) const;
    // Decoded on demand (not thread-safe: a small decoding cache is kept,
    // so that walking steps in either direction costs O(1) per step).
    StepEntry step(std::size_t k) const;
    OpEntry op(std::size_t i) const;
    // Cheap parts of op(i), for loops over all operations.
    std::uint32_t opStepsBegin(std::size_t i) const { return i == 0 ? 0 : op_ends_[i - 1]; }
    std::uint32_t opStepsEnd(std::size_t i) const { return op_ends_[i]; }
    std::size_t opLine(std::size_t i) const { return commands_[commandOf(i)].line; }
    std::uint32_t opName(std::size_t i) const { return commands_[commandOf(i)].name; }
    // The thread that ran operation i (1-based; 0: none).
    std::uint8_t opThread(std::size_t i) const { return commands_[commandOf(i)].thread; }
    OpState opState(std::size_t i) const;
    // The operation step k belongs to.
    std::size_t opOfStep(std::size_t k) const;
    // Where the window opens a script: the end of the first operation after
    // which the arena held the most buffers (then the most capacity). A
    // script usually ends with the arena emptied by a reset, a dull first
    // sight. Nothing when no operation left a buffer.
    std::optional<std::size_t> fullestMoment() const;
    // The step that made child call `call` (stepCount() when none did).
    std::size_t stepOfCall(std::size_t call) const;

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
    // Applies steps [from, to) to `picture` (the picture at `from`).
    void advance(Picture& picture, std::size_t from, std::size_t to) const;
    // The position pictureAt(position) starts replaying from.
    std::size_t checkpointBefore(std::size_t position) const;
    std::size_t checkpointCount() const { return checkpoints_.size(); }

    // Every heap byte this history holds (capacities, not sizes), in parts.
    struct Memory {
        std::size_t steps = 0;       // the step stream and its index
        std::size_t ops = 0;         // operation rows and their commands
        std::size_t calls = 0;
        std::size_t names = 0;
        std::size_t checkpoints = 0;
        std::size_t other = 0;       // the picture at the end, the decoding cache, source lines
        std::size_t total() const { return steps + ops + calls + names + checkpoints + other; }
    };
    Memory memory() const;
    std::size_t memoryBytes() const { return memory().total(); }

private:
    // A distinct command: a script line always means the same one, so
    // operations (a repeat's runs) share it.
    struct CommandEntry {
        Command command;
        std::size_t line = 0;
        std::uint32_t name = no_name;
        std::uint32_t first_op = 0; // the first operation that ran it
        std::uint8_t thread = 0;    // its statement's thread (1-based; 0: none)
    };
    // Where decoding operation states can start: every `block`-th op.
    struct OpIndexEntry {
        std::uint64_t offset = 0;   // into op_bytes_
        std::uint64_t capacity = 0; // the capacity after the op before
    };
    // Where decoding can start: every `block`-th step.
    struct IndexEntry {
        std::uint64_t offset = 0;    // into bytes_
        std::uint64_t prev_addr = 0; // the decoder's address predictor there
        std::uint32_t calls = 0;     // calls made by the steps before
    };
    struct Decoder;
    struct Checkpoint {
        std::size_t position;
        std::vector<std::uint8_t> picture; // serialised
    };

    void maybeCheckpoint();
    std::uint32_t whereIndex(const arena::SourceLine& where);
    std::size_t commandOf(std::size_t op) const;

    // Operations: where each one's steps end (sorted), which command it
    // ran, and its state after, as varints (ok | nodes << 1, end_index,
    // capacity's change) with a sparse index.
    std::vector<std::uint32_t> op_ends_;
    // A race's parts (beginPart), in order: the op, its part number, and the
    // op of its first part; and per thread the operation it is in.
    struct Part {
        std::uint32_t op = 0, part = 0, first = 0;
    };
    std::vector<Part> parts_;
    struct OpenOp {
        std::uint32_t first = 0, parts = 0;
    };
    std::array<OpenOp, max_threads + 1> open_{};
    std::vector<CommandEntry> commands_;     // in order of first use
    std::vector<std::uint8_t> op_bytes_;
    std::vector<OpIndexEntry> op_index_;
    std::size_t op_states_ = 0;              // ops whose state is recorded (endOp ran)
    std::uint64_t prev_capacity_ = 0;
    std::vector<std::uint8_t> bytes_;      // the step stream
    std::vector<IndexEntry> index_;
    std::vector<arena::SourceLine> wheres_; // distinct source lines
    std::size_t step_count_ = 0;
    std::uint64_t prev_addr_ = 0;          // the encoder's address predictor
    std::vector<arena::ChildCall> calls_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t> name_index_; // names_ by name
    // Pictures at some positions (multiples of `block`), so a jump replays
    // few steps; see maybeCheckpoint() for when one is taken.
    std::vector<Checkpoint> checkpoints_{Checkpoint{0, {}}};
    std::size_t checkpoint_bytes_ = 0; // their pictures' bytes
    Picture live_; // the picture at the end, kept up to date while recording

    // The decoded block last asked for.
    mutable std::vector<StepEntry> cache_;
    mutable std::size_t cache_block_ = SIZE_MAX;
    mutable std::vector<OpState> op_cache_;
    mutable std::size_t op_cache_block_ = SIZE_MAX;
};

// Forwards a Session's steps into a History, taking along the child calls
// each step made.
class HistoryRecorder final : public StepSink {
public:
    HistoryRecorder(History& history, const arena::InstrumentedChild& child) : history_(history), child_(child) {}
    void step(const arena::Step& step) override;
    void opStarted() { seen_calls_ = child_.calls().size(); }
    // A race (LoopHooks::race_step_begins / _ends): the calls thread t made
    // after its last step are cleared when it yields; they go with its next
    // step (a new node's alloc with the push_node that links it).
    void threadResumes(std::size_t t);
    void threadYields(std::size_t t);

private:
    History& history_;
    const arena::InstrumentedChild& child_;
    std::size_t seen_calls_ = 0;
    std::vector<arena::ChildCall> pending_;             // the resumed thread's held calls
    std::vector<std::vector<arena::ChildCall>> held_;   // per thread
};

} // namespace lab
