// libFuzzer target: arbitrary operation sequences on the arena over the
// instrumented child, checked after every step.
//
// The input is a byte string read as a program (reading past the end gives
// zeros, so every input is valid):
//
//   byte 0          bit 0: observe the arena (ArenaAllocator<Recorder>,
//                   whose steps are cross-checked too) or not (NoObserver)
//   then, repeated, one opcode byte (taken modulo 12) and its arguments:
//   0, 1, 2  alloc     LEN ALIGN        LEN: one byte b; b < 0x80: 1 + b,
//                                       else 1 + ((b & 0x7f) << 8 | next) % 4096.
//                                       ALIGN: 1 << (byte % 13), 1 to 4096
//   3        resize    WHICH LEN        WHICH: byte, a live allocation (index modulo their number)
//   4        remap     WHICH LEN
//   5        free      WHICH
//   6        reset     MODE LIMIT       MODE: byte % 3 (free_all, retain_capacity,
//                                       retain_with_limit); LIMIT: two bytes, little-endian
//   7        child     MASK POLICY PAGE OFFSET(2) LIMIT-KIND LIMIT(2)
//                                       MASK bits say which of resize policy, page,
//                                       offset, limit change
//   8        fail next KIND             KIND: byte % 2 (alloc, resize)
//   9        fail call K                the child refuses its alloc/resize call K (byte % 8) from now
//   10       write all                  rewrite every live allocation's pattern
//   11       grow/shrink WHICH DELTA    resize by a small signed delta (byte - 128), at least 1
//
// After every operation: the result is Zig's (alloc fails only when
// createNode's child alloc was refused; reset fails only when its realloc
// was; resize, remap and free never call the child and answer as Zig's code
// does), and the invariants hold:
//   - every node in state.buffer_list is a live child buffer starting at the
//     node, with the node's length; the nodes' lengths add up to
//     child.liveBytes() and their number is child.liveBuffers();
//   - end_index <= first node's length - 16 (0 with no node);
//   - queryCapacity() == sum of (length - 16);
//   - every live allocation lies in its node, after the 16-byte header, is
//     aligned as asked, and (in the first node) ends at or before end_index;
//   - live allocations do not overlap, and each still holds the byte
//     pattern written into it (so an overlap would show for real).
// After the arena's destruction the child holds nothing.
//
// Any violation prints what and where, then aborts: libFuzzer saves the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <type_traits>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"

namespace {

using arena::Alignment;
using arena::ChildCall;
using arena::ChildConfig;
using arena::InstrumentedChild;
using arena::ResizePolicy;
using arena::Step;
using arena::StepKind;

constexpr std::size_t header = 16;
constexpr std::size_t max_ops = 512;

std::size_t op_index = 0; // for messages

[[noreturn]] void die(const char* what, unsigned long long a = 0, unsigned long long b = 0)
{
    std::fprintf(stderr, "fuzz_arena: operation %zu: %s (%llu, %llu)\n", op_index, what, a, b);
    std::abort();
}
#define REQUIRE_THAT(cond, ...) \
    do {                        \
        if (!(cond)) die(#cond __VA_OPT__(, ) __VA_ARGS__); \
    } while (0)

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool done() const { return pos_ >= size_; }
    std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::uint16_t u16()
    {
        const std::uint16_t lo = byte();
        return static_cast<std::uint16_t>(lo | byte() << 8);
    }
    std::size_t len()
    {
        const std::uint8_t b = byte();
        if (b < 0x80) return std::size_t{1} + b;
        return 1 + ((std::size_t{b & 0x7fu} << 8) | byte()) % 4096;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// Records the arena's steps of the current operation.
struct Recorder {
    std::vector<Step>* steps = nullptr;
    void step(const Step& s) const { steps->push_back(s); }
};

struct Live {
    std::byte* ptr;
    std::size_t len;
    std::size_t alignment;
    const void* node; // the node it was carved from
    std::uint8_t seed;
};

std::uint8_t patternAt(std::uint8_t seed, std::size_t i)
{
    return static_cast<std::uint8_t>(seed + (i * 7) + (i >> 8));
}
void writePattern(const Live& l, std::size_t from)
{
    for (std::size_t i = from; i < l.len; ++i) l.ptr[i] = static_cast<std::byte>(patternAt(l.seed, i));
}
void verifyPattern(const Live& l)
{
    for (std::size_t i = 0; i < l.len; ++i)
        if (l.ptr[i] != static_cast<std::byte>(patternAt(l.seed, i)))
            die("a live allocation lost its bytes: offset, length", i, l.len);
}

std::uintptr_t addr(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

template <class Observer>
class Driver {
public:
    using Arena = arena::ArenaAllocator<Observer>;
    using Mode = typename Arena::ResetMode;
    static constexpr bool observed = std::is_same_v<Observer, Recorder>;

    explicit Driver(InstrumentedChild& child) : child_(child), arena_(make(child, steps_)) {}

    void run(Reader& in)
    {
        for (op_index = 0; op_index < max_ops && !in.done(); ++op_index) {
            child_.clearCalls();
            steps_.clear();
            switch (in.byte() % 12) {
            case 0:
            case 1:
            case 2: {
                const std::size_t n = in.len();
                const std::size_t a = std::size_t{1} << (in.byte() % 13);
                alloc(n, a);
                break;
            }
            case 3: {
                const std::size_t which = in.byte();
                resize(which, in.len(), false);
                break;
            }
            case 4: {
                const std::size_t which = in.byte();
                resize(which, in.len(), true);
                break;
            }
            case 5: free(in.byte()); break;
            case 6: {
                const std::uint8_t mode = in.byte() % 3;
                reset(mode, in.u16());
                break;
            }
            case 7: configure(in); break;
            case 8: child_.failNext(in.byte() % 2 == 0 ? ChildCall::Kind::alloc : ChildCall::Kind::resize); break;
            case 9: child_.failCallNumber(in.byte() % 8); break;
            case 10:
                for (const Live& l : live_) writePattern(l, 0);
                break;
            case 11: {
                const std::size_t which = in.byte();
                const int delta = static_cast<int>(in.byte()) - 128;
                if (live_.empty()) break;
                const Live& l = live_[which % live_.size()];
                const long long target = static_cast<long long>(l.len) + delta;
                resize(which, target < 1 ? 1 : static_cast<std::size_t>(target), (delta & 1) != 0);
                break;
            }
            }
            checkInvariants();
        }
    }

    Arena& arena() { return arena_; }

private:
    static Arena make(InstrumentedChild& child, std::vector<Step>& steps)
    {
        if constexpr (observed) return Arena(child.allocator(), Recorder{&steps});
        else return Arena(child.allocator());
    }

    std::size_t childCalls(ChildCall::Kind kind) const
    {
        return static_cast<std::size_t>(std::count_if(child_.calls().begin(), child_.calls().end(),
                                                      [&](const ChildCall& c) { return c.kind == kind; }));
    }
    bool isLast(const Live& l) const
    {
        const auto* first = arena_.state.buffer_list.first;
        return first != nullptr && addr(l.ptr) + l.len == addr(first) + header + arena_.state.end_index;
    }

    void alloc(std::size_t n, std::size_t a)
    {
        std::byte* p = arena_.alloc(n, Alignment::fromByteUnits(a));
        const auto& calls = child_.calls();
        // Zig's alloc makes at most: [resize (grow in place)], [alloc (createNode)].
        REQUIRE_THAT(childCalls(ChildCall::Kind::free) == 0);
        REQUIRE_THAT(calls.size() <= 2, calls.size());
        if (p == nullptr) {
            // Only when createNode's child alloc was refused.
            REQUIRE_THAT(!calls.empty() && calls.back().kind == ChildCall::Kind::alloc && !calls.back().ok);
            if (calls.size() == 2) REQUIRE_THAT(calls[0].kind == ChildCall::Kind::resize && !calls[0].ok);
            if constexpr (observed) REQUIRE_THAT(!steps_.empty() && steps_.back().kind == StepKind::node_alloc_failed);
            return;
        }
        // Any call that gave memory ends the search; a refused resize is followed by createNode.
        if (!calls.empty()) REQUIRE_THAT(calls.back().ok);
        if (calls.size() == 2) REQUIRE_THAT(calls[0].kind == ChildCall::Kind::resize && !calls[0].ok &&
                                            calls[1].kind == ChildCall::Kind::alloc);
        const auto* first = arena_.state.buffer_list.first;
        REQUIRE_THAT(first != nullptr);
        REQUIRE_THAT(addr(p) + n == addr(first) + header + arena_.state.end_index, addr(p) - addr(first), n);
        if constexpr (observed) {
            REQUIRE_THAT(!steps_.empty() && steps_.front().kind == StepKind::alloc_begin);
            REQUIRE_THAT(steps_.back().kind == StepKind::fits_bumped && steps_.back().adjusted_addr == addr(p));
        }
        Live l{p, n, a, first, static_cast<std::uint8_t>(next_seed_++ * 37 + 1)};
        writePattern(l, 0);
        live_.push_back(l);
    }

    void resize(std::size_t which, std::size_t new_len, bool remap)
    {
        if (live_.empty()) return;
        Live& l = live_[which % live_.size()];
        // Zig's answer, worked out before asking.
        const auto* first = arena_.state.buffer_list.first;
        bool expected = false;
        if (first == nullptr) expected = false;
        else if (!isLast(l)) expected = new_len <= l.len;
        else if (new_len <= l.len) expected = true;
        else expected = first->data - header - arena_.state.end_index >= new_len - l.len;
        const std::size_t end_before = arena_.state.end_index;
        const std::size_t end_after = !expected || !isLast(l) ? end_before : end_before - l.len + new_len;

        const arena::Bytes memory{l.ptr, l.len};
        const auto alignment = Alignment::fromByteUnits(l.alignment);
        bool ok = false;
        if (remap) {
            std::byte* q = arena_.remap(memory, alignment, new_len);
            REQUIRE_THAT(q == nullptr || q == l.ptr);
            ok = q != nullptr;
        } else {
            ok = arena_.resize(memory, alignment, new_len);
        }
        REQUIRE_THAT(child_.calls().empty(), child_.calls().size());
        REQUIRE_THAT(ok == expected, ok, expected);
        REQUIRE_THAT(arena_.state.end_index == end_after, arena_.state.end_index, end_after);
        if constexpr (observed) REQUIRE_THAT(steps_.size() == 1 && steps_[0].ok == ok, steps_.size());
        if (ok) {
            const std::size_t old = l.len;
            l.len = new_len;
            if (new_len > old) writePattern(l, old);
        }
    }

    void free(std::size_t which)
    {
        if (live_.empty()) return;
        const std::size_t i = which % live_.size();
        const Live l = live_[i];
        const bool last = isLast(l);
        const std::size_t end_before = arena_.state.end_index;
        arena_.free({l.ptr, l.len}, Alignment::fromByteUnits(l.alignment));
        REQUIRE_THAT(child_.calls().empty());
        REQUIRE_THAT(arena_.state.end_index == (last ? end_before - l.len : end_before), arena_.state.end_index);
        live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
    }

    void reset(std::uint8_t mode_byte, std::uint16_t limit_bits)
    {
        const std::size_t capacity = arena_.queryCapacity();
        std::size_t oldest_len = 0;
        for (const auto* n = arena_.state.buffer_list.first; n != nullptr; n = n->next) oldest_len = n->data;
        Mode mode = Mode::free_all();
        std::size_t requested = 0;
        if (mode_byte == 1) {
            mode = Mode::retain_capacity();
            requested = capacity;
        } else if (mode_byte == 2) {
            const std::size_t limit = std::size_t{limit_bits} * 4;
            mode = Mode::retain_with_limit(limit);
            requested = std::min(limit, capacity);
        }
        const bool ok = arena_.reset(mode);
        live_.clear(); // every allocation is dead now
        const auto& calls = child_.calls();
        const auto* first = arena_.state.buffer_list.first;
        REQUIRE_THAT(arena_.state.end_index == 0);
        if (requested == 0) {
            REQUIRE_THAT(ok && first == nullptr);
            REQUIRE_THAT(childCalls(ChildCall::Kind::free) == calls.size());
            return;
        }
        REQUIRE_THAT(first != nullptr && first->next == nullptr);
        if (!ok) {
            // Only when the resize and then the realloc were refused; the old buffer stays.
            REQUIRE_THAT(calls.size() >= 2);
            REQUIRE_THAT(calls[calls.size() - 2].kind == ChildCall::Kind::resize && !calls[calls.size() - 2].ok);
            REQUIRE_THAT(calls.back().kind == ChildCall::Kind::alloc && !calls.back().ok);
            REQUIRE_THAT(first->data == oldest_len, first->data, oldest_len);
            if constexpr (observed) REQUIRE_THAT(steps_.back().kind == StepKind::reset_failed);
        } else {
            REQUIRE_THAT(first->data == requested + header, first->data, requested + header);
            // Frees, then at most a resize (refused only if a realloc follows) and a realloc that worked.
            for (const ChildCall& c : calls)
                if (c.kind == ChildCall::Kind::alloc) REQUIRE_THAT(c.ok);
            if (!calls.empty() && calls.back().kind == ChildCall::Kind::resize) REQUIRE_THAT(calls.back().ok);
        }
    }

    void configure(Reader& in)
    {
        ChildConfig c = child_.config();
        const std::uint8_t mask = in.byte();
        const std::uint8_t policy = in.byte();
        const std::uint8_t page = in.byte();
        const std::uint16_t offset = in.u16();
        const std::uint8_t limit_kind = in.byte();
        const std::uint16_t limit = in.u16();
        if (mask & 1) c.resize = static_cast<ResizePolicy>(policy % 4);
        if (mask & 2) c.page = std::size_t{8} << (page % 18); // 8 to 1 MiB
        if (mask & 4) c.offset = (offset % 512) * std::size_t{8};
        if (mask & 8) {
            switch (limit_kind % 4) {
            case 0: c.limit = limit; break;                               // tiny: refusals
            case 1: c.limit = std::size_t{limit} << 6; break;             // up to 4 MiB
            case 2: c.limit = std::size_t{256} << 20; break;              // the default
            default: c.limit = ChildConfig::max_limit; break;
            }
        }
        child_.configure(c);
    }

    void checkInvariants()
    {
        const auto& st = arena_.state;
        std::set<const void*> nodes;
        std::size_t sum = 0;
        std::size_t capacity = 0;
        for (const auto* n = st.buffer_list.first; n != nullptr; n = n->next) {
            REQUIRE_THAT(nodes.size() < child_.liveBuffers() + 1, nodes.size()); // no cycle, no stray node
            const auto buffer = child_.find(n);
            REQUIRE_THAT(buffer.has_value(), addr(n));
            REQUIRE_THAT(buffer->start == reinterpret_cast<const std::byte*>(n), addr(buffer->start), addr(n));
            REQUIRE_THAT(buffer->len == n->data, buffer->len, n->data);
            REQUIRE_THAT(n->data >= header, n->data);
            nodes.insert(n);
            sum += n->data;
            capacity += n->data - header;
        }
        REQUIRE_THAT(nodes.size() == child_.liveBuffers(), nodes.size(), child_.liveBuffers());
        REQUIRE_THAT(sum == child_.liveBytes(), sum, child_.liveBytes());
        REQUIRE_THAT(arena_.queryCapacity() == capacity, arena_.queryCapacity(), capacity);
        if (st.buffer_list.first == nullptr) REQUIRE_THAT(st.end_index == 0, st.end_index);
        else REQUIRE_THAT(st.end_index <= st.buffer_list.first->data - header, st.end_index, st.buffer_list.first->data);

        std::vector<const Live*> sorted;
        sorted.reserve(live_.size());
        for (const Live& l : live_) {
            REQUIRE_THAT(nodes.count(l.node) == 1, addr(l.node)); // its node is still the arena's
            const auto* node = static_cast<const typename Arena::BufNode*>(l.node);
            REQUIRE_THAT(addr(l.ptr) >= addr(node) + header, addr(l.ptr) - addr(node));
            REQUIRE_THAT(addr(l.ptr) + l.len <= addr(node) + node->data, addr(l.ptr) + l.len - addr(node), node->data);
            REQUIRE_THAT(addr(l.ptr) % l.alignment == 0, addr(l.ptr), l.alignment);
            if (node == st.buffer_list.first)
                REQUIRE_THAT(addr(l.ptr) + l.len <= addr(node) + header + st.end_index, addr(l.ptr) - addr(node),
                             st.end_index);
            verifyPattern(l);
            sorted.push_back(&l);
        }
        std::sort(sorted.begin(), sorted.end(), [](const Live* x, const Live* y) { return addr(x->ptr) < addr(y->ptr); });
        for (std::size_t i = 1; i < sorted.size(); ++i)
            REQUIRE_THAT(addr(sorted[i - 1]->ptr) + sorted[i - 1]->len <= addr(sorted[i]->ptr),
                         addr(sorted[i - 1]->ptr), addr(sorted[i]->ptr));
    }

    InstrumentedChild& child_;
    std::vector<Step> steps_;
    Arena arena_;
    std::vector<Live> live_;
    unsigned next_seed_ = 0;
};

template <class Observer>
void runWith(Reader& in)
{
    InstrumentedChild child;
    {
        Driver<Observer> driver(child);
        driver.run(in);
    } // the arena's destructor: Zig's deinit
    REQUIRE_THAT(child.liveBuffers() == 0, child.liveBuffers());
    REQUIRE_THAT(child.liveBytes() == 0, child.liveBytes());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    Reader in(data, size);
    op_index = 0;
    if (in.byte() & 1) runWith<Recorder>(in);
    else runWith<arena::NoObserver>(in);
    return 0;
}
