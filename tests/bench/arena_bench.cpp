// arena_bench: the allocator benchmark of Arena Lab.
//
// The workloads are defined exactly, so they can be rerun in any language:
//
//   small  20 rounds of 1,000,000 allocations, length 8..64, alignment 8,
//          reset(retain_capacity) between rounds;
//   mixed  20 rounds of 1,000,000 allocations, length 1..256, alignment 2^k
//          with k in 0..6, reset(retain_capacity) between rounds;
//   churn  20,000 rounds of 100 allocations, length 8..512, alignment 8,
//          reset(free_all) between rounds.
//
// One splitmix64 stream per run, seeded with 42, one number x per
// allocation, drawn in allocation order:
//     state += 0x9e3779b97f4a7c15; z = state;
//     z = (z ^ z>>30) * 0xbf58476d1ce4e5b9; z = (z ^ z>>27) * 0x94d049bb133111eb;
//     x = z ^ z>>31
// length = lo + x % (hi - lo + 1); for mixed the alignment is 2^((x >> 32) % 7);
// the first byte of every allocation is written with tag = x >> 56.
// "Between rounds" means after every round but the last; the timed span
// runs from the allocator's construction to its destruction (for the arena
// the destructor is Zig's deinit), so every byte it took is given back.
//
// checksum = sum over all allocations of (length + alignment in bytes + tag).
// It depends on the stream only, never on addresses, so it is the same for
// every implementation of a workload; the program checks that it is. The
// timed pass does exactly the workload and nothing more (it writes the tag
// and adds the numbers it drew). Whether an implementation is right is
// checked by a separate, untimed verification pass over the first rounds
// (at most 2 for small and mixed, at most 200 for churn), with a fresh
// allocator of the same kind: every allocation is recorded, and at the end
// of each round, before the reset, each must be aligned, none may overlap
// another, and the checksum is recomputed with each tag read back from
// memory; it must equal the stream's. Any failure: exit status 1.
//
// The implementations (every arena's child is the page allocator, mmap/munmap):
//   arena                  ArenaAllocator<> through the type-erased Allocator
//                          (the vtable pointer is hidden from the optimizer,
//                          as when the allocator is passed in from elsewhere)
//   arena-direct           ArenaAllocator<>::alloc, inlined
//   arena-observed         ArenaAllocator<IgnoringObserver>::alloc: every Step is
//                          built and handed to a function the compiler cannot
//                          see through, which ignores it
//   arena-noobserver-check a hand-written copy of the arena with the observer
//                          removed from the source, not compiled away: if
//                          arena-direct matches it, NoObserver costs nothing
//   pmr                    std::pmr::monotonic_buffer_resource through a
//                          std::pmr::memory_resource* (hidden from the optimizer
//                          likewise), release() between rounds
//   malloc                 malloc (aligned_alloc above 16), every pointer kept
//                          in a preallocated vector and freed each round
//   bump                   a bare bump pointer in one mmap'd region big enough
//                          for a round, rewound each round: the floor
//   arena016               Zig 0.16's lock-free arena (arena_allocator_016.hpp)
//                          through the type-erased Allocator, as `arena`: its
//                          atomic operations are real ones
//   arena016-direct        its alloc, inlined, as `arena-direct`
//
// Each (workload, implementation) pair runs in a forked process of its own,
// so every pair starts from the same state: what one pair did to malloc's
// heap (free lists, mmap and trim thresholds raised by large frees) cannot
// help or hurt the next. The pairs still run back to back in one
// invocation, and the ratios the goals are about go to stderr as
// `# W: a/b=R ...` lines. --rounds-scale F runs round(rounds * F) rounds,
// but at least 2, so that every run crosses a reset.
#include <CLI/CLI.hpp>

#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory_resource>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "arena/allocator.hpp"
#include "arena/arena_allocator.hpp"
#include "arena/arena_allocator_016.hpp"
#include "arena/plain_children.hpp"
#include "arena/step.hpp"
#include "splitmix64.hpp"

namespace {

using arena::Alignment;
using arena::Allocator;
using arena::Bytes;

// "The no-observer build pays nothing for the observer's existence", part
// one: the default arena is the child allocator and the state, no more.
static_assert(std::is_empty_v<arena::NoObserver>);
static_assert(sizeof(arena::ArenaAllocator<>) ==
              sizeof(Allocator) + sizeof(arena::ArenaAllocator<>::State));

// Returns `value` unchanged, but the optimizer can no longer know what it
// is: calls through it stay indirect.
template <class T>
T opaque(T value) noexcept
{
    __asm__ volatile("" : "+r"(value));
    return value;
}

[[noreturn]] void outOfMemory()
{
    std::fputs("arena_bench: out of memory\n", stderr);
    std::exit(1);
}

// ---- the stream and the workloads -------------------------------------

using test_support::SplitMix64;

enum class Reset : std::uint8_t { retain_capacity, free_all };

// A workload, usable as a template argument so that `x % range` divides by
// a constant, as it would in a Zig program with comptime-known workloads.
struct Spec {
    std::size_t rounds;
    std::size_t per_round;
    std::size_t lo;
    std::size_t hi;
    bool mixed_alignment;
    Reset reset;
    std::size_t verify_rounds;

    constexpr std::size_t maxAlign() const { return mixed_alignment ? 64 : 8; }
};

constexpr Spec small_spec{20, 1'000'000, 8, 64, false, Reset::retain_capacity, 2};
constexpr Spec mixed_spec{20, 1'000'000, 1, 256, true, Reset::retain_capacity, 2};
constexpr Spec churn_spec{20'000, 100, 8, 512, false, Reset::free_all, 200};

struct Request {
    std::size_t len;
    unsigned log2_align;
    std::uint8_t tag;
};

template <Spec W>
Request draw(SplitMix64& rng) noexcept
{
    const std::uint64_t x = rng.next();
    return {W.lo + x % (W.hi - W.lo + 1), W.mixed_alignment ? static_cast<unsigned>((x >> 32) % 7) : 3u,
            static_cast<std::uint8_t>(x >> 56)};
}

inline Alignment alignmentOf(unsigned log2) noexcept { return Alignment::fromByteUnits(std::size_t{1} << log2); }

// Harness memory made before the clock starts: the malloc implementation's
// pointer vector.
struct Scratch {
    std::vector<void*> pointers;
};

// ---- the implementations ----------------------------------------------
// Each: constructed before the first round, alloc() for every request,
// endRound() between rounds, destroyed after the last round.

// An arena through the std.mem.Allocator-shaped interface, its pointers
// hidden from the optimizer (calls stay indirect), and the same arena called
// directly; for the classic arena and for Zig 0.16's.
template <class ArenaType>
class ErasedArena {
public:
    ErasedArena(const Spec&, Scratch&)
    {
        const Allocator a = arena_.allocator();
        iface_ = {opaque(a.ptr), opaque(a.vtable)};
    }
    std::byte* alloc(std::size_t len, unsigned log2) { return iface_.rawAlloc(len, alignmentOf(log2)); }
    void endRound(Reset r)
    {
        (void)arena_.reset(r == Reset::free_all ? Mode::free_all() : Mode::retain_capacity());
    }

private:
    using Mode = typename ArenaType::ResetMode;
    ArenaType arena_{arena::pageAllocator()};
    Allocator iface_{};
};

template <class ArenaType>
class DirectArena {
public:
    DirectArena(const Spec&, Scratch&) {}
    std::byte* alloc(std::size_t len, unsigned log2) { return arena_.alloc(len, alignmentOf(log2)); }
    void endRound(Reset r)
    {
        (void)arena_.reset(r == Reset::free_all ? Mode::free_all() : Mode::retain_capacity());
    }

private:
    using Mode = typename ArenaType::ResetMode;
    ArenaType arena_{arena::pageAllocator()};
};

using ArenaErased = ErasedArena<arena::ArenaAllocator<>>;
using ArenaDirect = DirectArena<arena::ArenaAllocator<>>;
using Arena016Erased = ErasedArena<arena::zig016::ArenaAllocator<>>;
using Arena016Direct = DirectArena<arena::zig016::ArenaAllocator<>>;

// The observer of arena-observed: each Step goes to a function reached
// through a pointer the optimizer cannot see, and that function ignores it.
using StepSink = void (*)(const arena::Step&) noexcept;
[[gnu::noinline]] void ignoreStep(const arena::Step&) noexcept { __asm__ volatile(""); }

struct IgnoringObserver {
    StepSink sink = nullptr;
    void step(const arena::Step& s) const noexcept { sink(s); }
};

class ArenaObserved {
public:
    ArenaObserved(const Spec&, Scratch&) {}
    std::byte* alloc(std::size_t len, unsigned log2) { return arena_.alloc(len, alignmentOf(log2)); }
    void endRound(Reset r)
    {
        (void)arena_.reset(r == Reset::free_all ? Mode::free_all() : Mode::retain_capacity());
    }

private:
    using Arena = arena::ArenaAllocator<IgnoringObserver>;
    using Mode = Arena::ResetMode;
    Arena arena_{arena::pageAllocator(), IgnoringObserver{opaque(&ignoreStep)}};
};

// "The no-observer build pays nothing", part two: ArenaAllocator's alloc,
// createNode, reset and deinit copied by hand with every observe() line
// deleted (same arithmetic, same calls to the child, same answers, the
// same slow paths out of line). Only what the workloads use is copied.
class HandArena {
    struct Node;

public:
    HandArena(const Spec&, Scratch&) {}
    HandArena(const HandArena&) = delete;
    HandArena& operator=(const HandArena&) = delete;
    ~HandArena() { deinit(); }

    std::byte* alloc(std::size_t len, unsigned log2)
    {
        const Alignment alignment = alignmentOf(log2);
        std::size_t minimum_size = 0;
        if (__builtin_add_overflow(len, alignment.toByteUnits(), &minimum_size)) return nullptr;
        if (first_ == nullptr) return createFirstNode(len, alignment);
        return allocInNode(first_, len, alignment);
    }

    std::byte* allocInNode(Node* cur, std::size_t len, Alignment alignment)
    {
        std::byte* const buf = reinterpret_cast<std::byte*>(cur) + sizeof(Node);
        const std::size_t buf_len = cur->data - sizeof(Node);
        const std::uintptr_t addr = reinterpret_cast<std::uintptr_t>(buf) + end_index_;
        const std::uintptr_t adjusted_addr = alignment.forward(addr);
        const std::size_t adjusted_index = end_index_ + (adjusted_addr - addr);
        std::size_t new_end_index = 0;
        const bool overflow = __builtin_add_overflow(adjusted_index, len, &new_end_index);
        if (!overflow && new_end_index <= buf_len) {
            end_index_ = new_end_index;
            return buf + adjusted_index;
        }
        return growOrCreateNode(cur, len, alignment, new_end_index, overflow);
    }

    void endRound(Reset r)
    {
        std::size_t capacity = 0;
        for (const Node* it = first_; it != nullptr; it = it->next) capacity += it->data - sizeof(Node);
        const std::size_t requested = r == Reset::free_all ? 0 : capacity;
        if (requested == 0) {
            deinit();
            first_ = nullptr;
            end_index_ = 0;
            return;
        }
        const std::size_t total = requested + sizeof(Node);
        Node* it = first_;
        Node* oldest = nullptr;
        while (it != nullptr) {
            Node* const next = it->next;
            if (next == nullptr) {
                oldest = it;
                break;
            }
            child_.rawFree(bytes(it), node_alignment);
            it = next;
        }
        end_index_ = 0;
        if (oldest == nullptr) return;
        first_ = oldest;
        if (oldest->data == total) return;
        if (child_.rawResize(bytes(oldest), node_alignment, total)) {
            oldest->data = total;
            return;
        }
        std::byte* const fresh = child_.rawAlloc(total, node_alignment);
        if (fresh == nullptr) return;
        child_.rawFree(bytes(oldest), node_alignment);
        first_ = ::new (static_cast<void*>(fresh)) Node{nullptr, total};
    }

private:
    struct Node {
        Node* next;
        std::size_t data;
    };
    static constexpr Alignment node_alignment = Alignment::of<Node>();
    static Bytes bytes(Node* n) noexcept { return {reinterpret_cast<std::byte*>(n), n->data}; }

    // The port's two out-of-line slow paths, likewise.
    [[gnu::noinline]] std::byte* createFirstNode(std::size_t len, Alignment alignment)
    {
        Node* const cur = createNode(0, len + alignment.toByteUnits());
        if (cur == nullptr) return nullptr;
        return allocInNode(cur, len, alignment);
    }
    [[gnu::noinline]] std::byte* growOrCreateNode(Node* cur, std::size_t len, Alignment alignment,
                                                  std::size_t new_end_index, bool overflow)
    {
        std::size_t bigger = 0;
        if (!overflow && !__builtin_add_overflow(sizeof(Node), new_end_index, &bigger) &&
            child_.rawResize(bytes(cur), node_alignment, bigger)) {
            cur->data = bigger;
        } else {
            cur = createNode(cur->data - sizeof(Node), len + alignment.toByteUnits());
            if (cur == nullptr) return nullptr;
        }
        return allocInNode(cur, len, alignment);
    }

    Node* createNode(std::size_t prev_len, std::size_t minimum_size)
    {
        std::size_t actual_min = 0;
        std::size_t big_enough = 0;
        std::size_t len = 0;
        if (__builtin_add_overflow(minimum_size, sizeof(Node) + 16, &actual_min) ||
            __builtin_add_overflow(prev_len, actual_min, &big_enough) ||
            __builtin_add_overflow(big_enough, big_enough / 2, &len))
            return nullptr;
        std::byte* const p = child_.rawAlloc(len, node_alignment);
        if (p == nullptr) return nullptr;
        Node* const node = ::new (static_cast<void*>(p)) Node{first_, len};
        first_ = node;
        end_index_ = 0;
        return node;
    }

    void deinit()
    {
        Node* it = first_;
        while (it != nullptr) {
            Node* const next = it->next;
            child_.rawFree(bytes(it), node_alignment);
            it = next;
        }
    }

    Allocator child_ = arena::pageAllocator();
    Node* first_ = nullptr;
    std::size_t end_index_ = 0;
};

class Pmr {
public:
    Pmr(const Spec&, Scratch&) : resource_(opaque(static_cast<std::pmr::memory_resource*>(&buffer_))) {}
    std::byte* alloc(std::size_t len, unsigned log2)
    {
        return static_cast<std::byte*>(resource_->allocate(len, std::size_t{1} << log2));
    }
    void endRound(Reset) { buffer_.release(); }

private:
    std::pmr::monotonic_buffer_resource buffer_;
    std::pmr::memory_resource* resource_;
};

class Malloc {
public:
    Malloc(const Spec&, Scratch& scratch) : pointers_(scratch.pointers.data()) {}
    Malloc(const Malloc&) = delete;
    Malloc& operator=(const Malloc&) = delete;
    ~Malloc() { freeAll(); }

    std::byte* alloc(std::size_t len, unsigned log2)
    {
        void* p = nullptr;
        if (log2 <= 4) {
            p = std::malloc(len); // glibc's malloc aligns to 16
        } else {
            const std::size_t align = std::size_t{1} << log2;
            p = std::aligned_alloc(align, (len + align - 1) & ~(align - 1));
        }
        pointers_[count_++] = p;
        return static_cast<std::byte*>(p);
    }
    void endRound(Reset) { freeAll(); }

private:
    void freeAll()
    {
        for (std::size_t i = 0; i < count_; ++i) std::free(pointers_[i]);
        count_ = 0;
    }
    void** pointers_;
    std::size_t count_ = 0;
};

class Bump {
public:
    Bump(const Spec& w, Scratch&) : size_(w.per_round * (w.hi + w.maxAlign() - 1))
    {
        void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) outOfMemory();
        base_ = static_cast<std::byte*>(p);
        cur_ = reinterpret_cast<std::uintptr_t>(base_);
        end_ = cur_ + size_;
    }
    Bump(const Bump&) = delete;
    Bump& operator=(const Bump&) = delete;
    ~Bump() { munmap(base_, size_); }

    std::byte* alloc(std::size_t len, unsigned log2)
    {
        const std::uintptr_t mask = (std::uintptr_t{1} << log2) - 1;
        const std::uintptr_t p = (cur_ + mask) & ~mask;
        if (p + len > end_) return nullptr;
        cur_ = p + len;
        return reinterpret_cast<std::byte*>(p);
    }
    void endRound(Reset) { cur_ = reinterpret_cast<std::uintptr_t>(base_); }

private:
    std::size_t size_;
    std::byte* base_ = nullptr;
    std::uintptr_t cur_ = 0;
    std::uintptr_t end_ = 0;
};

// ---- the runs ----------------------------------------------------------

inline void writeTag(std::byte* p, std::uint8_t tag) noexcept { *reinterpret_cast<volatile std::uint8_t*>(p) = tag; }
inline std::uint8_t readTag(std::uintptr_t addr) noexcept { return *reinterpret_cast<const volatile std::uint8_t*>(addr); }

inline std::uint64_t checksumTerm(const Request& r) noexcept
{
    return r.len + (std::uint64_t{1} << r.log2_align) + r.tag;
}

struct Outcome {
    double ns_per_alloc;
    std::uint64_t checksum;
};

// The clock: this process's CPU time, user and system (page faults, mmap
// and munmap included), not wall time, so that other processes sharing the
// machine do not inflate the figures; each pair runs in a single-threaded
// process of its own (see runIsolated). On an idle machine the two agree.
double cpuNanoseconds() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

template <Spec W, class Impl>
Outcome timedRun(std::size_t rounds, Scratch& scratch)
{
    SplitMix64 rng{42};
    std::uint64_t checksum = 0;
    const double start = cpuNanoseconds();
    {
        Impl impl(W, scratch);
        for (std::size_t round = 0; round < rounds; ++round) {
            if (round != 0) impl.endRound(W.reset);
            for (std::size_t i = 0; i < W.per_round; ++i) {
                const Request req = draw<W>(rng);
                std::byte* const p = impl.alloc(req.len, req.log2_align);
                if (p == nullptr) [[unlikely]]
                    outOfMemory();
                writeTag(p, req.tag);
                checksum += checksumTerm(req);
            }
        }
    }
    const double ns = cpuNanoseconds() - start;
    return {ns / static_cast<double>(rounds * W.per_round), checksum};
}

// The stream's own checksum over `rounds` rounds, no allocator involved.
template <Spec W>
std::uint64_t referenceChecksum(std::size_t rounds)
{
    SplitMix64 rng{42};
    std::uint64_t checksum = 0;
    for (std::size_t i = 0; i < rounds * W.per_round; ++i) checksum += checksumTerm(draw<W>(rng));
    return checksum;
}

// The untimed verification pass; prints what is wrong and returns false.
template <Spec W, class Impl>
bool verifyRun(std::size_t rounds, std::string_view what, Scratch& scratch)
{
    struct Record {
        std::uintptr_t addr;
        std::size_t len;
        Request req;
    };
    rounds = std::min(rounds, W.verify_rounds);
    std::vector<Record> records;
    records.reserve(W.per_round);
    SplitMix64 rng{42};
    std::uint64_t read_back = 0;
    Impl impl(W, scratch);
    for (std::size_t round = 0; round < rounds; ++round) {
        if (round != 0) impl.endRound(W.reset);
        records.clear();
        for (std::size_t i = 0; i < W.per_round; ++i) {
            const Request req = draw<W>(rng);
            std::byte* const p = impl.alloc(req.len, req.log2_align);
            if (p == nullptr) outOfMemory();
            writeTag(p, req.tag);
            records.push_back({reinterpret_cast<std::uintptr_t>(p), req.len, req});
        }
        for (const Record& r : records) {
            if ((r.addr & ((std::uintptr_t{1} << r.req.log2_align) - 1)) != 0) {
                std::fprintf(stderr, "arena_bench: %.*s: round %zu: %#zx is not aligned to %zu\n",
                             static_cast<int>(what.size()), what.data(), round, static_cast<std::size_t>(r.addr),
                             std::size_t{1} << r.req.log2_align);
                return false;
            }
            read_back += r.len + (std::uint64_t{1} << r.req.log2_align) + readTag(r.addr);
        }
        std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) { return a.addr < b.addr; });
        for (std::size_t i = 1; i < records.size(); ++i) {
            if (records[i - 1].addr + records[i - 1].len > records[i].addr) {
                std::fprintf(stderr, "arena_bench: %.*s: round %zu: [%#zx, +%zu) overlaps [%#zx, +%zu)\n",
                             static_cast<int>(what.size()), what.data(), round,
                             static_cast<std::size_t>(records[i - 1].addr), records[i - 1].len,
                             static_cast<std::size_t>(records[i].addr), records[i].len);
                return false;
            }
        }
    }
    const std::uint64_t expected = referenceChecksum<W>(rounds);
    if (read_back != expected) {
        std::fprintf(stderr,
                     "arena_bench: %.*s: checksum read back from memory over %zu rounds is %llu, the stream's is %llu\n",
                     static_cast<int>(what.size()), what.data(), rounds, static_cast<unsigned long long>(read_back),
                     static_cast<unsigned long long>(expected));
        return false;
    }
    return true;
}

// ---- the tables --------------------------------------------------------

constexpr std::array<std::string_view, 9> impl_names{
    "arena", "arena-direct", "arena-observed", "arena-noobserver-check", "pmr", "malloc", "bump",
    "arena016", "arena016-direct"};

struct ImplEntry {
    Outcome (*timed)(std::size_t, Scratch&);
    bool (*verify)(std::size_t, std::string_view, Scratch&);
};

template <Spec W, class Impl>
constexpr ImplEntry entry()
{
    return {&timedRun<W, Impl>, &verifyRun<W, Impl>};
}

template <Spec W>
constexpr std::array<ImplEntry, impl_names.size()> implTable()
{
    // In the order of impl_names.
    return {entry<W, ArenaErased>(), entry<W, ArenaDirect>(), entry<W, ArenaObserved>(), entry<W, HandArena>(),
            entry<W, Pmr>(),         entry<W, Malloc>(),      entry<W, Bump>(),
            entry<W, Arena016Erased>(), entry<W, Arena016Direct>()};
}

struct WorkloadEntry {
    std::string_view name;
    Spec spec;
    std::array<ImplEntry, impl_names.size()> impls;
    std::uint64_t (*reference)(std::size_t);
};

const std::array<WorkloadEntry, 3> workloads{{
    {"small", small_spec, implTable<small_spec>(), &referenceChecksum<small_spec>},
    {"mixed", mixed_spec, implTable<mixed_spec>(), &referenceChecksum<mixed_spec>},
    {"churn", churn_spec, implTable<churn_spec>(), &referenceChecksum<churn_spec>},
}};

std::string joined(auto names)
{
    std::string s;
    for (std::string_view n : names) {
        if (!s.empty()) s += ", ";
        s += n;
    }
    return s;
}

// A ratio a/b of two implementations' figures, as "a/b=R", when both ran.
void printRatio(std::string& line, const std::array<std::optional<double>, impl_names.size()>& ns, std::size_t a,
                std::size_t b)
{
    if (!ns[a] || !ns[b]) return;
    char buf[128];
    std::snprintf(buf, sizeof buf, " %s/%s=%.2f", impl_names[a].data(), impl_names[b].data(), *ns[a] / *ns[b]);
    line += buf;
}

// One pair in a child process of its own, so that every pair starts from
// the same process state: what an earlier pair did to malloc's heap (its
// free lists, its mmap and trim thresholds, raised by every large free)
// must not speed up or slow down a later one. Returns nothing when the
// child failed (its messages are on stderr).
struct PairResult {
    Outcome outcome;
    bool verified;
};

std::optional<PairResult> runIsolated(const WorkloadEntry& w, std::size_t impl, std::size_t rounds,
                                      const std::string& what)
{
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("arena_bench: pipe");
        return std::nullopt;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("arena_bench: fork");
        close(fds[0]);
        close(fds[1]);
        return std::nullopt;
    }
    if (pid == 0) {
        close(fds[0]);
        Scratch scratch;
        scratch.pointers.assign(w.spec.per_round, nullptr);
        PairResult r{};
        r.outcome = w.impls[impl].timed(rounds, scratch);
        r.verified = w.impls[impl].verify(rounds, what, scratch);
        const bool written = write(fds[1], &r, sizeof r) == static_cast<ssize_t>(sizeof r);
        std::fflush(stderr);
        _exit(written ? 0 : 1);
    }
    close(fds[1]);
    PairResult r{};
    ssize_t got = 0;
    do {
        got = read(fds[0], &r, sizeof r);
    } while (got < 0 && errno == EINTR);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (got != static_cast<ssize_t>(sizeof r) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFSIGNALED(status))
            std::fprintf(stderr, "arena_bench: %s: killed by signal %d\n", what.c_str(), WTERMSIG(status));
        else
            std::fprintf(stderr, "arena_bench: %s: the measuring process failed\n", what.c_str());
        return std::nullopt;
    }
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Arena Lab's allocator benchmark: runs the workloads over each implementation and prints\n"
                 "one line `W I ns_per_alloc=X checksum=Y` per pair, back to back (ratios go to stderr).",
                 "arena_bench"};
    std::string workload_arg = "all";
    std::string impl_arg = "all";
    double scale = 1.0;
    app.add_option("--workload", workload_arg, "small, mixed, churn, or all")->capture_default_str();
    app.add_option("--impl", impl_arg, joined(impl_names) + ", or all")->capture_default_str();
    app.add_option("--rounds-scale", scale,
                   "multiply every workload's round count by this (at least 2 rounds are run, so every run crosses a reset), e.g. 0.01 for a smoke run")
        ->check(CLI::Validator(
            [](const std::string& text) {
                const double v = std::strtod(text.c_str(), nullptr);
                return v > 0 && v <= 1000 ? std::string() : "must be greater than 0 and at most 1000, not " + text;
            },
            "in (0, 1000]"))
        ->capture_default_str();
    app.footer("Workloads (splitmix64 seeded with 42, one x per allocation; length = lo + x % (hi - lo + 1)):\n"
               "  small  20 rounds x 1,000,000 allocations, length 8..64, alignment 8, reset(retain_capacity)\n"
               "  mixed  20 rounds x 1,000,000 allocations, length 1..256, alignment 2^((x >> 32) % 7),\n"
               "         reset(retain_capacity)\n"
               "  churn  20,000 rounds x 100 allocations, length 8..512, alignment 8, reset(free_all)\n"
               "The first byte of every allocation is written. The arena's child is the page allocator.\n"
               "Exit status: 0 all good, 1 an implementation failed verification or disagreed on the\n"
               "checksum, 2 bad command line.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }

    std::vector<const WorkloadEntry*> chosen_workloads;
    for (const WorkloadEntry& w : workloads)
        if (workload_arg == "all" || workload_arg == w.name) chosen_workloads.push_back(&w);
    if (chosen_workloads.empty()) {
        std::fprintf(stderr, "arena_bench: unknown workload '%s' (expected one of: small, mixed, churn, all)\n",
                     workload_arg.c_str());
        return 2;
    }
    std::vector<std::size_t> chosen_impls;
    for (std::size_t i = 0; i < impl_names.size(); ++i)
        if (impl_arg == "all" || impl_arg == impl_names[i]) chosen_impls.push_back(i);
    if (chosen_impls.empty()) {
        std::fprintf(stderr, "arena_bench: unknown implementation '%s' (expected one of: %s, all)\n",
                     impl_arg.c_str(), joined(impl_names).c_str());
        return 2;
    }

    bool ok = true;
    for (const WorkloadEntry* w : chosen_workloads) {
        const double scaled = std::round(static_cast<double>(w->spec.rounds) * scale);
        const std::size_t rounds = std::max<std::size_t>(2, static_cast<std::size_t>(scaled));
        const std::uint64_t reference = w->reference(rounds);
        std::array<std::optional<double>, impl_names.size()> ns{};
        for (const std::size_t i : chosen_impls) {
            const std::string what = std::string(w->name) + " " + std::string(impl_names[i]);
            const std::optional<PairResult> r = runIsolated(*w, i, rounds, what);
            if (!r) {
                ok = false;
                continue;
            }
            std::printf("%s ns_per_alloc=%.3f checksum=%llu\n", what.c_str(), r->outcome.ns_per_alloc,
                        static_cast<unsigned long long>(r->outcome.checksum));
            std::fflush(stdout);
            ns[i] = r->outcome.ns_per_alloc;
            if (r->outcome.checksum != reference) {
                std::fprintf(stderr, "arena_bench: %s: checksum %llu, the stream's is %llu\n", what.c_str(),
                             static_cast<unsigned long long>(r->outcome.checksum),
                             static_cast<unsigned long long>(reference));
                ok = false;
            }
            if (!r->verified) ok = false;
        }
        // The goals' ratios (indices into impl_names).
        std::string line = "# " + std::string(w->name) + ":";
        printRatio(line, ns, 0, 4); // arena/pmr
        printRatio(line, ns, 0, 5); // arena/malloc
        printRatio(line, ns, 1, 6); // arena-direct/bump
        printRatio(line, ns, 1, 3); // arena-direct/arena-noobserver-check
        printRatio(line, ns, 2, 1); // arena-observed/arena-direct
        printRatio(line, ns, 0, 1); // arena/arena-direct
        printRatio(line, ns, 7, 0); // arena016/arena: what thread safety costs in the port
        if (line.find('=') != std::string::npos) std::fprintf(stderr, "%s\n", line.c_str());
    }
    return ok ? 0 : 1;
}
