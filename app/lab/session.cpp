#include "lab/session.hpp"

#include "lab/i18n.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace lab {

std::string_view opName(OpKind op)
{
    switch (op) {
    case OpKind::alloc: return "alloc";
    case OpKind::resize: return "resize";
    case OpKind::remap: return "remap";
    case OpKind::free: return "free";
    case OpKind::reset: return "reset";
    case OpKind::deinit: return "deinit";
    }
    return "?";
}

std::string noMemoryReason(const std::string& name, const Handle& handle)
{
    return trf("'{0}' holds no memory: its alloc at line {1} was refused by the child", name, handle.bound_line);
}

Session::Session(StepSink* sink, Model model) : sink_(sink), model_(model) { makeArena(); }

void Session::makeArena()
{
    if (model_ == Model::zig_0_16) arena016_.emplace(child_.allocator(), StepForward{sink_});
    else arena_.emplace(child_.allocator(), StepForward{sink_});
}

const Handle* Session::handle(const std::string& name) const
{
    auto it = handles_.find(name);
    return it == handles_.end() ? nullptr : &it->second;
}

std::vector<std::string> Session::handleNames() const
{
    std::vector<std::string> names;
    names.reserve(handles_.size());
    for (const auto& [name, h] : handles_) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

void Session::setStepSink(StepSink* sink)
{
    sink_ = sink;
    withArena([&](auto& a) { a.observer.sink = sink; });
}

void Session::setGate(AtomicGate* gate)
{
    if (arena016_) arena016_->observer.gate = gate;
}

void Session::fillState(ArenaState& state) const
{
    state.model = model_;
    state.nodes.clear();
    state.free_list.clear();
    auto bufOf = [&](const void* node) {
        const auto buffer = child_.find(node);
        return buffer ? buffer->id : arena::ChildCall::no_buf;
    };
    if (model_ == Model::zig_0_16) {
        const LabArena016& a = *arena016_;
        state.end_index = a.state.used_list != nullptr ? a.state.used_list->end_index : 0;
        state.capacity = a.queryCapacity();
        for (const auto* node = a.state.used_list; node != nullptr; node = node->next)
            state.nodes.push_back({bufOf(node), LabArena016::sizeToInt(node->size), node->end_index});
        for (const auto* node = a.state.free_list; node != nullptr; node = node->next)
            state.free_list.push_back({bufOf(node), LabArena016::sizeToInt(node->size), node->end_index});
        return;
    }
    const LabArena& a = *arena_;
    state.end_index = a.state.end_index;
    state.capacity = a.queryCapacity();
    for (const auto* node = a.state.buffer_list.first; node != nullptr; node = node->next)
        state.nodes.push_back({bufOf(node), node->data, 0});
}

ArenaState Session::state() const
{
    ArenaState s;
    fillState(s);
    return s;
}

// Moves the child's calls of this operation into the record (or drops them)
// and reads the state after it.
void Session::finish(OpRecord* record)
{
    ++operations_;
    if (record != nullptr) {
        record->ok = last_ok_;
        record->child.clear();
        if (carried_ != nullptr) record->child = *carried_;
        record->child.insert(record->child.end(), child_.calls().begin(), child_.calls().end());
        fillState(record->state);
    }
    if (carried_ != nullptr) carried_->clear();
    child_.clearCalls();
}

OpKind opKindOf(const Command& command)
{
    if (std::holds_alternative<Alloc>(command)) return OpKind::alloc;
    if (const auto* r = std::get_if<Resize>(&command)) return r->remap ? OpKind::remap : OpKind::resize;
    if (std::holds_alternative<Free>(command)) return OpKind::free;
    return OpKind::reset;
}

std::optional<std::string> Session::whyNotApplicable(const Command& command) const
{
    const std::string* name = usedHandle(command);
    if (name == nullptr) return std::nullopt;
    const Handle* h = handle(*name);
    if (h == nullptr) return trf("'{}' is not a live handle", *name);
    if (h->ptr == nullptr) return noMemoryReason(*name, *h);
    return std::nullopt;
}

Session::Outcome Session::use(const std::string& name, Handle*& handle)
{
    auto it = handles_.find(name);
    if (it == handles_.end()) return Outcome::unknown_handle;
    handle = &it->second;
    return handle->ptr == nullptr ? Outcome::no_memory : Outcome::done;
}

Session::Outcome Session::applyAlloc(const Alloc& op, OpRecord* record, std::size_t line)
{
    const auto alignment = arena::Alignment::fromByteUnits(op.alignment);
    std::byte* const ptr = withArena([&](auto& a) { return a.alloc(op.len, alignment); });
    last_ok_ = ptr != nullptr;
    last_alloc_ = ptr;
    if (op.name) handles_[*op.name] = Handle{ptr, op.len, op.alignment, line};
    if (record != nullptr) {
        record->op = OpKind::alloc;
        record->name = op.name;
        record->len = op.len;
        record->alignment = op.alignment;
        if (ptr != nullptr) {
            const auto buffer = child_.find(ptr);
            record->buf = buffer ? buffer->id : arena::ChildCall::no_buf;
            record->offset = buffer ? static_cast<std::size_t>(ptr - buffer->start) : 0;
        }
    }
    finish(record);
    return Outcome::done;
}

Session::Outcome Session::applyResize(const Resize& op, OpRecord* record)
{
    Handle* h = nullptr;
    if (const Outcome o = use(op.name, h); o != Outcome::done) return o;
    const arena::Bytes memory{h->ptr, h->len};
    const auto alignment = arena::Alignment::fromByteUnits(h->alignment);
    last_ok_ = withArena([&](auto& a) {
        return op.remap ? a.remap(memory, alignment, op.new_len) != nullptr : a.resize(memory, alignment, op.new_len);
    });
    if (record != nullptr) {
        record->op = op.remap ? OpKind::remap : OpKind::resize;
        record->name = op.name;
        record->len = h->len;
        record->new_len = op.new_len;
    }
    if (last_ok_) h->len = op.new_len;
    finish(record);
    return Outcome::done;
}

Session::Outcome Session::applyFree(const Free& op, OpRecord* record)
{
    Handle* h = nullptr;
    if (const Outcome o = use(op.name, h); o != Outcome::done) return o;
    withArena([&](auto& a) { a.free({h->ptr, h->len}, arena::Alignment::fromByteUnits(h->alignment)); });
    last_ok_ = true;
    if (record != nullptr) {
        record->op = OpKind::free;
        record->name = op.name;
        record->len = h->len;
    }
    handles_.erase(op.name);
    finish(record);
    return Outcome::done;
}

Session::Outcome Session::applyReset(const Reset& op, OpRecord* record)
{
    last_ok_ = withArena([&](auto& a) {
        using Mode = typename std::decay_t<decltype(a)>::ResetMode;
        Mode mode = Mode::free_all();
        if (op.mode == ResetKind::retain_capacity) mode = Mode::retain_capacity();
        if (op.mode == ResetKind::retain_with_limit) mode = Mode::retain_with_limit(op.limit);
        return a.reset(mode);
    });
    handles_.clear(); // every handle dies with a reset
    if (record != nullptr) {
        record->op = OpKind::reset;
        record->name.reset();
        record->mode = op.mode;
        record->limit = op.limit;
    }
    finish(record);
    return Outcome::done;
}

Session::Outcome Session::apply(const Command& command, std::size_t line, OpRecord* record)
{
    if (record != nullptr) {
        record->line = line;
        record->thread = 0; // a race sets its thread once the operation ends
    }
    return std::visit(
        [&](const auto& c) -> Outcome {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, Alloc>) return applyAlloc(c, record, line);
            if constexpr (std::is_same_v<T, Resize>) return applyResize(c, record);
            if constexpr (std::is_same_v<T, Free>) return applyFree(c, record);
            if constexpr (std::is_same_v<T, Reset>) return applyReset(c, record);
            if constexpr (std::is_same_v<T, ChildSet>) {
                child_.configure(c.appliedTo(child_.config()));
                return Outcome::done;
            }
            if constexpr (std::is_same_v<T, Fail>) {
                child_.failNext(c.call);
                return Outcome::done;
            }
        },
        command);
}

void Session::deinit(std::size_t line, OpRecord* record)
{
    child_.clearCalls();
    // The destructor is Zig's deinit: every buffer back to the child.
    arena_.reset();
    arena016_.reset();
    makeArena();
    handles_.clear();
    last_ok_ = true;
    if (record != nullptr) {
        record->line = line;
        record->thread = 0;
        record->op = OpKind::deinit;
        record->name.reset();
    }
    finish(record);
}

} // namespace lab
