#include "lab/history.hpp"

#include <algorithm>
#include <iterator>
#include <type_traits>

namespace lab {

namespace {

// The handle an operation names, if any.
const std::string* nameOf(const Command& command)
{
    return std::visit(
        [](const auto& c) -> const std::string* {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, Alloc>) return c.name ? &*c.name : nullptr;
            if constexpr (std::is_same_v<T, Resize> || std::is_same_v<T, Free>) return &c.name;
            return nullptr;
        },
        command);
}

// ---- varints ----------------------------------------------------------

void putVarint(std::vector<std::uint8_t>& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
}

std::uint64_t getVarint(const std::uint8_t*& p)
{
    std::uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        const std::uint8_t b = *p++;
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
    }
}

std::uint64_t zigzag(std::uint64_t delta) // delta taken modulo 2^64
{
    const auto d = static_cast<std::int64_t>(delta);
    return (static_cast<std::uint64_t>(d) << 1) ^ static_cast<std::uint64_t>(d >> 63);
}

std::uint64_t unzigzag(std::uint64_t z) { return (z >> 1) ^ (~(z & 1) + 1); }

// ---- steps ------------------------------------------------------------
//
// One step: a byte (ok << 5 | made calls << 6), the kind's byte, the index of its
// source line, a mask of its non-zero fields, the number of calls when it
// made any, then the fields the mask names. Addresses are deltas: addr from
// the previous step's addr, adjusted_addr from addr; new_end_index from
// end_index.

enum Field : unsigned {
    f_len, f_alignment, f_end_index, f_new_end_index, f_padding, f_node_len, f_new_len,
    f_prev_len, f_min_size, f_capacity, f_requested, f_addr, f_adjusted_addr, f_reset_mode, f_list, f_count,
};

// The one table of the fields: calls `use` with field `f` of `s` (const or
// not), so reading and writing a field by number cannot disagree.
template <class StepRef, class Use>
void withField(StepRef& s, unsigned f, Use&& use)
{
    switch (f) {
    case f_len: use(s.len); break;
    case f_alignment: use(s.alignment); break;
    case f_end_index: use(s.end_index); break;
    case f_new_end_index: use(s.new_end_index); break;
    case f_padding: use(s.padding); break;
    case f_node_len: use(s.node_len); break;
    case f_new_len: use(s.new_len); break;
    case f_prev_len: use(s.prev_len); break;
    case f_min_size: use(s.min_size); break;
    case f_capacity: use(s.capacity); break;
    case f_requested: use(s.requested); break;
    case f_addr: use(s.addr); break;
    case f_adjusted_addr: use(s.adjusted_addr); break;
    case f_reset_mode: use(s.reset_mode); break;
    case f_list: use(s.list); break;
    default: break;
    }
}

std::uint64_t fieldValue(const arena::Step& s, unsigned f)
{
    std::uint64_t v = 0;
    withField(s, f, [&](const auto& field) { v = static_cast<std::uint64_t>(field); });
    return v;
}

void setField(arena::Step& s, unsigned f, std::uint64_t v)
{
    withField(s, f, [&](auto& field) { field = static_cast<std::remove_reference_t<decltype(field)>>(v); });
}

// ---- checkpoint pictures ------------------------------------------------

void serialiseNode(const PictureNode& n, std::vector<std::uint8_t>& out);

// The nodes a thread holds (Picture::held, lists 2 and 3) after the lists' nodes.
void serialise(const Picture& p, std::vector<std::uint8_t>& out)
{
    out.push_back(static_cast<std::uint8_t>(p.model));
    putVarint(out, p.end_index);
    for (const Picture::PendingAlloc& a : p.pending) {
        putVarint(out, a.len);
        putVarint(out, a.alignment);
    }
    putVarint(out, p.nodes.size() + p.held.size());
    for (const PictureNode& n : p.nodes) serialiseNode(n, out);
    for (const PictureNode& n : p.held) serialiseNode(n, out);
}

void serialiseNode(const PictureNode& n, std::vector<std::uint8_t>& out)
{
    {
        putVarint(out, n.buf + 1); // no_buf becomes 0
        putVarint(out, n.len);
        putVarint(out, n.addr);
        putVarint(out, n.end_index);
        putVarint(out, n.dirty_end == SIZE_MAX ? 0 : std::uint64_t{n.dirty_end} + 1);
        out.push_back(n.list);
        putVarint(out, n.segments.size());
        std::size_t at = 0;
        std::uint32_t op = 0;
        for (const Segment& s : n.segments) {
            out.push_back(static_cast<std::uint8_t>(s.kind));
            putVarint(out, s.begin - at);
            putVarint(out, s.end - s.begin);
            putVarint(out, zigzag(static_cast<std::uint64_t>(s.op) - op));
            putVarint(out, s.name == no_name ? 0 : std::uint64_t{s.name} + 1);
            putVarint(out, s.alignment);
            at = s.end;
            op = s.op;
        }
    }
}

Picture deserialise(const std::vector<std::uint8_t>& in)
{
    Picture p;
    if (in.empty()) return p;
    const std::uint8_t* c = in.data();
    p.model = static_cast<Model>(*c++);
    p.end_index = getVarint(c);
    for (Picture::PendingAlloc& a : p.pending) {
        a.len = getVarint(c);
        a.alignment = getVarint(c);
    }
    p.nodes.resize(getVarint(c));
    for (PictureNode& n : p.nodes) {
        n.buf = getVarint(c) - 1;
        n.len = getVarint(c);
        n.addr = getVarint(c);
        n.end_index = getVarint(c);
        const std::uint64_t dirty_end = getVarint(c);
        n.dirty_end = dirty_end == 0 ? SIZE_MAX : dirty_end - 1;
        n.list = *c++;
        n.segments.resize(getVarint(c));
        std::size_t at = 0;
        std::uint32_t op = 0;
        for (Segment& s : n.segments) {
            s.kind = static_cast<SegmentKind>(*c++);
            s.begin = at + getVarint(c);
            s.end = s.begin + getVarint(c);
            s.op = static_cast<std::uint32_t>(op + unzigzag(getVarint(c)));
            const std::uint64_t name = getVarint(c);
            s.name = name == 0 ? no_name : static_cast<std::uint32_t>(name - 1);
            s.alignment = getVarint(c);
            at = s.end;
            op = s.op;
            if (s.kind == SegmentKind::live) p.live_bytes += s.len();
        }
    }
    const auto held = std::find_if(p.nodes.begin(), p.nodes.end(), [](const PictureNode& n) { return n.list >= 2; });
    p.held.assign(std::make_move_iterator(held), std::make_move_iterator(p.nodes.end()));
    p.nodes.erase(held, p.nodes.end());
    return p;
}

} // namespace

// Reads the step stream from an index entry on.
struct History::Decoder {
    const History& h;
    const std::uint8_t* p;
    std::uint64_t prev_addr;
    std::uint32_t calls;

    Decoder(const History& history, std::size_t block_index)
        : h(history), p(history.bytes_.data() + history.index_[block_index].offset),
          prev_addr(history.index_[block_index].prev_addr), calls(history.index_[block_index].calls)
    {
    }

    void next(StepEntry& e)
    {
        const std::uint8_t head = *p++;
        e.step = arena::Step{};
        arena::Step& s = e.step;
        s.kind = static_cast<arena::StepKind>(*p++);
        s.ok = (head & 0x20) != 0;
        s.where = h.wheres_[getVarint(p)];
        const std::uint64_t mask = getVarint(p);
        e.calls_begin = calls;
        if ((head & 0x40) != 0) calls += static_cast<std::uint32_t>(getVarint(p));
        e.calls_end = calls;
        for (unsigned f = 0; f < f_count; ++f) {
            if ((mask >> f & 1) == 0) continue;
            std::uint64_t v = getVarint(p);
            if (f == f_new_end_index) v = s.end_index + unzigzag(v);
            else if (f == f_addr) v = prev_addr + unzigzag(v);
            else if (f == f_adjusted_addr) v = s.addr + unzigzag(v);
            setField(s, f, v);
        }
        if (s.addr != 0) prev_addr = s.addr;
    }
};

std::uint32_t History::nameIndex(const std::string& name)
{
    const auto [it, added] = name_index_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
}

std::uint32_t History::whereIndex(const arena::SourceLine& where)
{
    // Few distinct lines (one per observation point of the port): a scan.
    for (std::size_t i = 0; i < wheres_.size(); ++i)
        if (wheres_[i].line() == where.line() && wheres_[i].file_name() == where.file_name())
            return static_cast<std::uint32_t>(i);
    wheres_.push_back(where);
    return static_cast<std::uint32_t>(wheres_.size() - 1);
}

void History::beginOp(const Command& command, std::size_t line, std::uint8_t thread)
{
    // A script line always means the same command: consecutive runs of a
    // line (repeat) share one entry.
    if (commands_.empty() || commands_.back().line != line || !(commands_.back().command == command) ||
        commands_.back().thread != thread) {
        CommandEntry c{command, line, no_name, static_cast<std::uint32_t>(op_ends_.size()), thread};
        if (const std::string* name = nameOf(command)) c.name = nameIndex(*name);
        commands_.push_back(std::move(c));
    }
    op_ends_.push_back(static_cast<std::uint32_t>(step_count_));
    open_[std::min<std::size_t>(thread, open_.size() - 1)] = {static_cast<std::uint32_t>(op_ends_.size() - 1), 1};
}

void History::beginPart(const Command& command, std::size_t line, std::uint8_t thread)
{
    const std::size_t t = std::min<std::size_t>(thread, open_.size() - 1);
    const OpenOp was = open_[t];
    beginOp(command, line, thread);
    open_[t] = {was.first, was.parts + 1};
    parts_.push_back({static_cast<std::uint32_t>(op_ends_.size() - 1), open_[t].parts, was.first});
}

History::OpNumber History::opNumber(std::size_t i) const
{
    const auto byOp = [](const Part& p, std::size_t op) { return p.op < op; };
    const auto at = std::lower_bound(parts_.begin(), parts_.end(), i, byOp);
    OpNumber n;
    std::size_t first = i;
    if (at != parts_.end() && at->op == i) {
        n.part = at->part;
        first = at->first;
    }
    // Numbered by its first part: the parts before that are not operations.
    n.operation = first - static_cast<std::size_t>(std::lower_bound(parts_.begin(), parts_.end(), first, byOp) - parts_.begin());
    n.parted = n.part > 1 || std::any_of(at, parts_.end(), [&](const Part& p) { return p.first == first; });
    return n;
}

void History::recordStep(const arena::Step& step, std::span<const arena::ChildCall> calls)
{
    const auto op_index = static_cast<std::uint32_t>(op_ends_.size() - 1);
    if (step_count_ % block == 0)
        index_.push_back({bytes_.size(), prev_addr_, static_cast<std::uint32_t>(calls_.size())});

    std::uint64_t mask = 0;
    for (unsigned f = 0; f < f_count; ++f)
        if (fieldValue(step, f) != 0) mask |= std::uint64_t{1} << f;
    bytes_.push_back(static_cast<std::uint8_t>((step.ok ? 0x20u : 0u) | (calls.empty() ? 0u : 0x40u)));
    bytes_.push_back(static_cast<std::uint8_t>(step.kind)); // a byte of its own: Zig 0.16's kinds go past 31
    putVarint(bytes_, whereIndex(step.where));
    putVarint(bytes_, mask);
    if (!calls.empty()) putVarint(bytes_, calls.size());
    for (unsigned f = 0; f < f_count; ++f) {
        if ((mask >> f & 1) == 0) continue;
        std::uint64_t v = fieldValue(step, f);
        if (f == f_new_end_index) v = zigzag(v - step.end_index);
        else if (f == f_addr) v = zigzag(v - prev_addr_);
        else if (f == f_adjusted_addr) v = zigzag(v - step.addr);
        putVarint(bytes_, v);
    }
    if (step.addr != 0) prev_addr_ = step.addr;

    calls_.insert(calls_.end(), calls.begin(), calls.end());
    ++step_count_;
    op_ends_.back() = static_cast<std::uint32_t>(step_count_);
    cache_block_ = SIZE_MAX;
    live_.apply(step, calls, op_index, commands_.back().name, commands_.back().thread);
    maybeCheckpoint();
}

void History::endOp(bool ok, const ArenaState& state)
{
    // Ops before this one whose endOp never ran get an empty state.
    while (op_states_ < op_ends_.size()) {
        if (op_states_ % block == 0) op_index_.push_back({op_bytes_.size(), prev_capacity_});
        const bool last = op_states_ + 1 == op_ends_.size();
        const ArenaState empty;
        const ArenaState& s = last ? state : empty;
        putVarint(op_bytes_, std::uint64_t{s.nodes.size()} << 1 | ((ok || !last) ? 1u : 0u));
        putVarint(op_bytes_, s.end_index);
        putVarint(op_bytes_, zigzag(s.capacity - prev_capacity_));
        prev_capacity_ = s.capacity;
        ++op_states_;
    }
    op_cache_block_ = SIZE_MAX;
}

void History::clear() { *this = History{}; }

void History::setModel(Model model)
{
    live_.model = model;
    checkpoints_.front().picture.clear();
    serialise(live_, checkpoints_.front().picture);
}

void History::shrinkToFit()
{
    op_ends_.shrink_to_fit();
    parts_.shrink_to_fit();
    commands_.shrink_to_fit();
    op_bytes_.shrink_to_fit();
    op_index_.shrink_to_fit();
    bytes_.shrink_to_fit();
    index_.shrink_to_fit();
    calls_.shrink_to_fit();
    names_.shrink_to_fit();
    checkpoints_.shrink_to_fit();
}

// Checkpoints are taken at block boundaries. Memory and jump time pull
// against each other: a checkpoint costs its serialised picture (about 8
// bytes a segment), a jump costs restoring one plus replaying the steps
// since. So one is taken once the steps since the last, at
// `bytes_per_step` each, pay for the picture: checkpoints then cost a
// fixed share of the history, and a jump replays about as many steps as
// the picture has segments (a picture of 100,000 segments: ~70,000 steps).
// Past `max_replay` steps one is taken sooner, as long as all checkpoints
// stay within `max_bytes_per_step` of the whole history: only pictures of
// hundreds of thousands of segments get there, and those jumps are slow
// anyway, because restoring the picture is.
void History::maybeCheckpoint()
{
    constexpr std::size_t bytes_per_step = 12;
    constexpr std::size_t max_bytes_per_step = 32;
    constexpr std::size_t max_replay = std::size_t{1} << 16;
    if (step_count_ % block != 0) return;
    const std::size_t since = step_count_ - checkpoints_.back().position;
    const std::size_t estimate = 8 * live_.segmentCount() + 24 * live_.nodes.size() + 16;
    const bool pays = since * bytes_per_step >= estimate;
    const bool overdue = since >= max_replay && checkpoint_bytes_ + estimate <= max_bytes_per_step * step_count_;
    if (!pays && !overdue) return;
    Checkpoint c{step_count_, {}};
    c.picture.reserve(estimate);
    serialise(live_, c.picture);
    c.picture.shrink_to_fit();
    checkpoint_bytes_ += c.picture.size();
    checkpoints_.push_back(std::move(c));
}

StepEntry History::step(std::size_t k) const
{
    const std::size_t b = k / block;
    if (cache_block_ != b) {
        const std::size_t first = b * block;
        const std::size_t n = std::min(block, step_count_ - first);
        cache_.resize(n);
        Decoder d(*this, b);
        std::size_t op = opOfStep(first);
        for (std::size_t j = 0; j < n; ++j) {
            while (op_ends_[op] <= first + j) ++op;
            d.next(cache_[j]);
            cache_[j].op = static_cast<std::uint32_t>(op);
        }
        cache_block_ = b;
    }
    return cache_[k % block];
}

std::optional<std::size_t> History::fullestMoment() const
{
    std::size_t best = 0, best_nodes = 0, best_capacity = 0;
    for (std::size_t i = 0; i < opCount(); ++i) {
        const OpState s = opState(i);
        if (s.node_count > best_nodes || (s.node_count == best_nodes && s.capacity > best_capacity)) {
            best = opStepsEnd(i);
            best_nodes = s.node_count;
            best_capacity = s.capacity;
        }
    }
    if (best_nodes == 0) return std::nullopt;
    return best;
}

OpState History::opState(std::size_t i) const
{
    if (i >= op_states_) return {};
    const std::size_t b = i / block;
    if (op_cache_block_ != b) {
        const std::size_t first = b * block;
        const std::size_t n = std::min(block, op_states_ - first);
        op_cache_.resize(n);
        const std::uint8_t* p = op_bytes_.data() + op_index_[b].offset;
        std::uint64_t capacity = op_index_[b].capacity;
        for (OpState& st : std::span(op_cache_).first(n)) {
            st.node_count = getVarint(p); // with ok in bit 0, taken off by op()
            st.end_index = getVarint(p);
            capacity += unzigzag(getVarint(p));
            st.capacity = capacity;
        }
        op_cache_block_ = b;
    }
    OpState st = op_cache_[i % block];
    st.node_count >>= 1;
    return st;
}

std::size_t History::commandOf(std::size_t op) const
{
    const auto it = std::partition_point(commands_.begin(), commands_.end(),
                                         [op](const CommandEntry& c) { return c.first_op <= op; });
    return static_cast<std::size_t>(it - commands_.begin()) - 1;
}

OpEntry History::op(std::size_t i) const
{
    const CommandEntry& c = commands_[commandOf(i)];
    OpEntry e;
    e.command = c.command;
    e.line = c.line;
    e.steps_begin = opStepsBegin(i);
    e.steps_end = op_ends_[i];
    e.name = c.name;
    e.thread = c.thread;
    e.state = opState(i);
    e.ok = i >= op_states_ || (op_cache_[i % block].node_count & 1) != 0;
    return e;
}

std::size_t History::opOfStep(std::size_t k) const
{
    const auto it = std::upper_bound(op_ends_.begin(), op_ends_.end(), k);
    return static_cast<std::size_t>(it - op_ends_.begin());
}

// Steps own consecutive, ordered ranges of calls: the index's call counts
// find the block, a scan the step.
std::size_t History::stepOfCall(std::size_t call) const
{
    const auto it = std::partition_point(index_.begin(), index_.end(), [call](const IndexEntry& e) { return e.calls <= call; });
    if (it == index_.begin()) return step_count_;
    const std::size_t first = static_cast<std::size_t>(it - index_.begin() - 1) * block;
    for (std::size_t k = first; k < std::min(first + block, step_count_); ++k)
        if (step(k).calls_end > call) return k;
    return step_count_;
}

std::size_t History::opAtPosition(std::size_t position) const
{
    if (step_count_ == 0 || position == 0) return 0;
    return opOfStep(std::min(position, step_count_) - 1);
}

std::size_t History::checkpointBefore(std::size_t position) const
{
    auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), position,
                               [](std::size_t p, const Checkpoint& c) { return p < c.position; });
    return std::prev(it)->position; // checkpoints_[0] is at position 0
}

void History::advance(Picture& picture, std::size_t from, std::size_t to) const
{
    to = std::min(to, step_count_);
    if (from >= to) return;
    Decoder d(*this, from / block);
    StepEntry e;
    for (std::size_t k = from / block * block; k < from; ++k) d.next(e);
    std::size_t op = opOfStep(from);
    std::size_t command = commandOf(op);
    for (std::size_t k = from; k < to; ++k) {
        while (op_ends_[op] <= k) ++op;
        while (command + 1 < commands_.size() && commands_[command + 1].first_op <= op) ++command;
        d.next(e);
        picture.apply(e.step, callsOf(e), static_cast<std::uint32_t>(op), commands_[command].name, commands_[command].thread);
    }
}

Picture History::pictureAt(std::size_t position) const
{
    position = std::min(position, step_count_);
    if (position == step_count_) return live_;
    auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), position,
                               [](std::size_t p, const Checkpoint& c) { return p < c.position; });
    const Checkpoint& from = *std::prev(it);
    Picture picture = deserialise(from.picture);
    advance(picture, from.position, position);
    return picture;
}

namespace {

std::size_t pictureBytes(const Picture& p)
{
    std::size_t n = p.nodes.capacity() * sizeof(PictureNode);
    for (const PictureNode& node : p.nodes) n += node.segments.capacity() * sizeof(Segment);
    return n;
}

std::size_t stringBytes(const std::string& s)
{
    // Beyond the small-string buffer, the characters live on the heap.
    return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

std::size_t commandBytes(const Command& c)
{
    const std::string* name = nameOf(c);
    return name != nullptr ? stringBytes(*name) : 0;
}

} // namespace

History::Memory History::memory() const
{
    Memory m;
    m.ops += op_ends_.capacity() * sizeof(std::uint32_t);
    m.ops += commands_.capacity() * sizeof(CommandEntry);
    for (const CommandEntry& c : commands_) m.ops += commandBytes(c.command);
    m.ops += op_bytes_.capacity();
    m.ops += op_index_.capacity() * sizeof(OpIndexEntry);
    m.ops += parts_.capacity() * sizeof(Part);
    m.ops += op_cache_.capacity() * sizeof(OpState);
    m.steps += bytes_.capacity();
    m.steps += index_.capacity() * sizeof(IndexEntry);
    m.calls += calls_.capacity() * sizeof(arena::ChildCall);
    m.names += names_.capacity() * sizeof(std::string);
    for (const std::string& s : names_) m.names += stringBytes(s);
    // The hash map: its buckets and one node per name (key, value, next, hash).
    m.names += name_index_.bucket_count() * sizeof(void*);
    m.names += name_index_.size() * (sizeof(std::pair<const std::string, std::uint32_t>) + 2 * sizeof(void*));
    for (const auto& [name, _] : name_index_) m.names += stringBytes(name);
    m.checkpoints += checkpoints_.capacity() * sizeof(Checkpoint);
    for (const Checkpoint& c : checkpoints_) m.checkpoints += c.picture.capacity();
    m.other += pictureBytes(live_);
    m.other += cache_.capacity() * sizeof(StepEntry);
    m.other += wheres_.capacity() * sizeof(arena::SourceLine);
    return m;
}

void HistoryRecorder::step(const arena::Step& step)
{
    const auto& calls = child_.calls();
    const std::size_t from = std::min(seen_calls_, calls.size());
    if (pending_.empty()) {
        history_.recordStep(step, std::span(calls).subspan(from));
    } else {
        pending_.insert(pending_.end(), calls.begin() + static_cast<std::ptrdiff_t>(from), calls.end());
        history_.recordStep(step, pending_);
        pending_.clear();
    }
    seen_calls_ = calls.size();
}

void HistoryRecorder::threadResumes(std::size_t t)
{
    if (held_.size() <= t) held_.resize(t + 1);
    pending_ = std::move(held_[t]);
    held_[t].clear();
    seen_calls_ = child_.calls().size();
}

void HistoryRecorder::threadYields(std::size_t t)
{
    if (held_.size() <= t) held_.resize(t + 1);
    const auto& calls = child_.calls();
    const std::size_t from = std::min(seen_calls_, calls.size());
    held_[t] = std::move(pending_);
    pending_.clear();
    held_[t].insert(held_[t].end(), calls.begin() + static_cast<std::ptrdiff_t>(from), calls.end());
    seen_calls_ = 0; // the race clears the child's calls next
}

} // namespace lab
