// A Session is one real arena over one instrumented child, driven by
// Commands. It keeps the handles a script or a person named, and turns each
// operation into an OpRecord: exactly what one trace line says (inputs,
// result, the child's calls, the arena's state afterwards).
//
// Nothing is simulated: the numbers in a record are read off the real
// ArenaAllocator and the real buffers it got from the child.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/arena_allocator_016.hpp"
#include "arena/instrumented_child.hpp"
#include "lab/command.hpp"
#include "lab/model.hpp"

namespace lab {

// Receives the arena's internal steps as they happen (the GUI's recorder).
class StepSink {
public:
    virtual ~StepSink() = default;
    virtual void step(const arena::Step& step) = 0;
};

// Where a race (lab/race.hpp) holds a thread: just before each atomic
// operation of Zig 0.16's arena.
class AtomicGate {
public:
    virtual ~AtomicGate() = default;
    virtual void beforeAtomic(arena::StepKind kind) = 0;
};

// The arena observer a Session installs: forwards to a sink when there is
// one, and to a race's gate before each atomic operation when one is set.
struct StepForward {
    StepSink* sink = nullptr;
    AtomicGate* gate = nullptr;
    void step(const arena::Step& s) const
    {
        if (sink != nullptr) sink->step(s);
    }
    void beforeAtomic(arena::StepKind kind) const
    {
        if (gate != nullptr) gate->beforeAtomic(kind);
    }
};

using LabArena = arena::ArenaAllocator<StepForward>;
using LabArena016 = arena::zig016::ArenaAllocator<StepForward>;

struct NodeState {
    std::uint64_t buf = 0; // the child's buffer number
    std::size_t len = 0;   // header included
    std::size_t end_index = 0; // zig-0.16: the node's own end_index (may be past its end); zig-0.15: 0
    friend bool operator==(const NodeState&, const NodeState&) = default;
};

struct ArenaState {
    Model model = default_model;
    std::size_t end_index = 0;    // the first node's (zig-0.16: used_list's first)
    std::size_t capacity = 0;
    std::vector<NodeState> nodes; // newest first (zig-0.16: used_list)
    std::vector<NodeState> free_list; // zig-0.16 only
};

enum class OpKind : std::uint8_t { alloc, resize, remap, free, reset, deinit };
std::string_view opName(OpKind op);
// The kind of an operation's command (isOperation(command) must hold).
OpKind opKindOf(const Command& command);

// One executed operation, as a trace line shows it.
struct OpRecord {
    std::size_t line = 0;
    std::uint8_t thread = 0;         // the thread that ran it (`T1:` is 1); 0: no thread
    OpKind op = OpKind::alloc;
    std::optional<std::string> name; // alloc: the bound name or none; resize, remap, free: the handle
    std::size_t len = 0;             // alloc: asked; resize, remap, free: the handle's length before
    std::size_t alignment = 0;       // alloc
    std::size_t new_len = 0;         // resize, remap
    ResetKind mode = ResetKind::free_all;
    std::size_t limit = 0;           // reset retain_with_limit
    bool ok = false;
    std::uint64_t buf = 0;           // successful alloc: the buffer holding the result
    std::size_t offset = 0;          // successful alloc: address minus the buffer's start
    std::vector<arena::ChildCall> child;
    ArenaState state;
};

// What a name refers to.
struct Handle {
    std::byte* ptr = nullptr; // null: the alloc that bound the name was refused
    std::size_t len = 0;
    std::size_t alignment = 1;
    std::size_t bound_line = 0; // where the name was last bound (for messages)
};

// Why using `name` stops a run: "'NAME' holds no memory: its alloc at line
// N was refused by the child".
std::string noMemoryReason(const std::string& name, const Handle& handle);

class Session {
public:
    explicit Session(StepSink* sink = nullptr, Model model = default_model);

    // How applying a command went.
    enum class Outcome : std::uint8_t {
        done,           // applied; for an operation, `record` is filled
        unknown_handle, // the command names a handle that is not live
        no_memory,      // the handle is live but its alloc was refused
    };

    // Applies one command. For operations `record` (when given) receives
    // the trace line, with `line` set to the given line.
    Outcome apply(const Command& command, std::size_t line, OpRecord* record = nullptr);

    // Why `command` cannot be applied now, if it cannot: the handle it uses
    // is unknown, or its alloc was refused. The one place that says so,
    // for scripts and buttons alike.
    std::optional<std::string> whyNotApplicable(const Command& command) const;

    // Releases everything (the arena's deinit) and records it; the session
    // then starts over with an empty arena and the same child settings.
    void deinit(std::size_t line, OpRecord* record = nullptr);

    ArenaState state() const;
    Model model() const { return model_; }
    // The arena of the model the session runs (the other one is empty).
    const LabArena& arena() const { return arena_.value(); }
    const LabArena016& arena016() const { return arena016_.value(); }
    const arena::InstrumentedChild& child() const { return child_; }
    arena::InstrumentedChild& child() { return child_; }
    const Handle* handle(const std::string& name) const;
    // Every bound name, sorted (including names whose alloc was refused).
    std::vector<std::string> handleNames() const;
    // Where the arena's steps go from now on (null: nowhere).
    void setStepSink(StepSink* sink);
    // Races (lab/race.hpp): the gate the zig-0.16 arena calls before each
    // atomic operation (null: none), and the child calls the running thread
    // made in its earlier steps, which its operation's record takes first.
    void setGate(AtomicGate* gate);
    void setCarriedCalls(std::vector<arena::ChildCall>* carried) { carried_ = carried; }
    // The pointer the last alloc returned (null when refused).
    std::byte* lastAlloc() const { return last_alloc_; }
    // The result of the last operation (free and deinit are always ok).
    bool lastOk() const { return last_ok_; }
    std::size_t operations() const { return operations_; }

private:
    void finish(OpRecord* record);
    void fillState(ArenaState& state) const;
    Outcome applyAlloc(const Alloc& op, OpRecord* record, std::size_t line);
    Outcome applyResize(const Resize& op, OpRecord* record);
    Outcome applyFree(const Free& op, OpRecord* record);
    Outcome applyReset(const Reset& op, OpRecord* record);
    Outcome use(const std::string& name, Handle*& handle);
    void makeArena();
    // Calls f with the arena of the session's model.
    template <class F>
    decltype(auto) withArena(F&& f)
    {
        if (model_ == Model::zig_0_16) return f(*arena016_);
        return f(*arena_);
    }

    arena::InstrumentedChild child_;
    StepSink* sink_;
    Model model_;
    std::optional<LabArena> arena_;
    std::optional<LabArena016> arena016_;
    std::unordered_map<std::string, Handle> handles_;
    bool last_ok_ = true;
    std::size_t operations_ = 0;
    std::byte* last_alloc_ = nullptr;
    std::vector<arena::ChildCall>* carried_ = nullptr;
};

} // namespace lab
