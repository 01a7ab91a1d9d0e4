// A port of Zig 0.16's `std.heap.ArenaAllocator`, the lock-free one
// (lib/std/heap/ArenaAllocator.zig of Zig 0.16.0, from commit a3a9dc111d
// "std.heap.ArenaAllocator: make it threadsafe" and its follow-ups). It
// follows that file line for line: Zig's names, Zig's order, every piece of
// arithmetic and every atomic operation with Zig's memory order, so the arena
// makes the same calls to its child, with the same numbers, and gives the
// same answers. tests/zig runs every script through the real arena of Zig
// 0.16.0 (harness016.zig) and compares the traces with this port's.
//
// The classic arena (arena_allocator.hpp, Zig 0.11 to 0.15) kept one
// `end_index` for the newest buffer only. This one:
// - keeps two lists, `used_list` (the newest node first) and `free_list`
//   (nodes a thread made but could not push, and stolen lists given back);
// - puts a 24-byte header at the start of each buffer: `size`, its own
//   `end_index`, `next`. The lowest bit of `size` marks a node being
//   resized, so sizes are even;
// - bumps with one atomic add of `n + alignment - 1`, then gives the
//   alignment overshoot back with one compare-and-swap that may fail. When
//   the allocation does not fit, the add has already happened: `end_index`
//   stays past the buffer's end, which is safe because every reader compares
//   it with the size and nothing is ever at those bytes;
// - then grows the first node in place (one thread at a time, behind the
//   resizing bit), then takes the best fit from the whole free list, then
//   makes a new node (prev + 24 + alignment + n + 16) * 1.5, rounded up to
//   even, and pushes it with a compare-and-swap.
//
// Single-threaded semantics come first here: Arena Lab runs one thread. But
// each atomic operation is its own observable step (StepKind, isAtomicStep)
// and is announced to the observer just before it happens (beforeAtomic, if
// the observer has it), so a scheduler can interleave threads at exactly
// those points. With NoObserver all of that compiles to nothing and the
// atomics are plain atomic operations (atomic_ref.hpp), as Zig's @atomicRmw are.
//
// Overflow: Zig 0.16's arena has no overflow checks (a length near the top
// of the address space is a caller's bug there). Lengths from a script stay
// far below that; the arithmetic here wraps as Zig's ReleaseFast build does.
#pragma once

#include <atomic>
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

#include "arena/allocator.hpp"
#include "arena/atomic_ref.hpp"
#include "arena/step.hpp"

namespace arena::zig016 {

// The bytes of the Node header at the start of every buffer: `size`,
// `end_index` and `next`, 24 on 64-bit targets. A 32-bit build (the browser)
// lays the header out as a 64-bit target does, so every number is the same.
inline constexpr std::size_t node_header_bytes = 24;

template <class Observer = NoObserver>
class ArenaAllocator {
public:
    // Concurrent accesses to node pointers have acquire/release semantics so
    // that a node is fully written before another thread can reach it through
    // a list (see tryPushNode and pushFreeList).
#if UINTPTR_MAX > 0xFFFFFFFFu
    struct Node {
        // Read through loadBuf/beginResize unless this thread owns the node.
        // Always even: the lowest bit is the `resizing` flag.
        std::size_t size;
        // Any increase uses acquire, any decrease that gives memory back uses
        // release. Not bounded by size: a failed bump leaves it past the end.
        std::size_t end_index;
        // Only touched by the thread that owns the node.
        Node* next;
    };
#else
    struct alignas(8) Node {
        std::size_t size;
        std::uint32_t size_high;
        std::size_t end_index;
        std::uint32_t end_index_high;
        Node* next;
        std::uint32_t next_high;
    };
#endif
    static_assert(sizeof(Node) == node_header_bytes);
    static constexpr std::size_t resizing = 1; // Node.Size's `resizing` bit

    // The whole mutable state: two lists.
    struct State {
        Node* used_list = nullptr;
        Node* free_list = nullptr;
    };

    // Zig's `union(enum) { free_all, retain_capacity, retain_with_limit: usize }`.
    struct ResetMode {
        using Tag = ResetKind;
        Tag tag = Tag::free_all;
        std::size_t limit = 0; // retain_with_limit only

        // Releases all allocated memory in the arena.
        static constexpr ResetMode free_all() { return {Tag::free_all, 0}; }
        // Keeps enough for everything allocated so far, so a loop that resets
        // each round stops calling the child once warm.
        static constexpr ResetMode retain_capacity() { return {Tag::retain_capacity, 0}; }
        // As retain_capacity, but keeps at most `limit` bytes in all.
        static constexpr ResetMode retain_with_limit(std::size_t limit) { return {Tag::retain_with_limit, limit}; }
    };

    Allocator child_allocator;
    State state{};
    [[no_unique_address]] Observer observer{};

    // Zig's init().
    explicit ArenaAllocator(Allocator child, Observer obs = Observer{}) noexcept
        : child_allocator(child), observer(std::move(obs))
    {
    }
    ArenaAllocator(const ArenaAllocator&) = delete;
    ArenaAllocator& operator=(const ArenaAllocator&) = delete;
    ArenaAllocator(ArenaAllocator&& other) noexcept
        : child_allocator(other.child_allocator), state(std::exchange(other.state, State{})),
          observer(std::move(other.observer))
    {
    }
    // Zig's deinit(). Not threadsafe.
    ~ArenaAllocator() { deinit(); }

    // The arena as a type-erased allocator. It points at this object: do not
    // move the arena while the interface is in use.
    Allocator allocator() noexcept { return {this, &vtable}; }

    // The bytes of every node of both lists after their headers. Not threadsafe.
    std::size_t queryCapacity() const noexcept
    {
        return countListCapacity(state.used_list) + countListCapacity(state.free_list);
    }
    static std::size_t countListCapacity(const Node* first_node) noexcept
    {
        std::size_t capacity = 0;
        for (const Node* it = first_node; it != nullptr; it = it->next) {
            // The allocated size without the header.
            capacity += sizeToInt(it->size) - sizeof(Node);
        }
        return capacity;
    }
    static std::size_t sizeToInt(std::size_t size) noexcept { return size & ~resizing; }

    // Releases the arena's memory as `mode` says. Returns false when a node
    // meant to be kept had to be reallocated and the child refused: the arena
    // still works then, all its memory is released. Not threadsafe.
    bool reset(ResetMode mode)
    {
        // Zig walks the lists here rather than count bytes in alloc: alloc
        // stays as fast as if reset did not exist, and a warm arena has one
        // node per list, so the walk is O(1).
        //
        // limit: null (keep everything) for retain_capacity, 0 for free_all.
        const bool has_limit = mode.tag != ResetMode::Tag::retain_capacity;
        const std::size_t limit = mode.tag == ResetMode::Tag::retain_with_limit ? mode.limit : 0;
        if (has_limit && limit == 0) {
            // Nothing to keep: release everything.
            observe({.kind = StepKind::reset_release_all, .len = limit, .capacity = queryCapacity(),
                     .reset_mode = mode.tag});
            freeEveryNode(); // Zig calls deinit() here; the observer was told why already
            state = State{};
            return true;
        }

        const std::size_t used_capacity = countListCapacity(state.used_list);
        const std::size_t free_capacity = countListCapacity(state.free_list);

        // The used list has first call on the limit; the free list gets what is left.
        const std::size_t new_used_capacity = has_limit ? std::min(limit, used_capacity) : used_capacity;
        const std::size_t new_free_capacity =
            has_limit ? std::min(limit - new_used_capacity, free_capacity) : free_capacity;
        observe({.kind = StepKind::reset_capacities, .len = limit, .prev_len = free_capacity,
                 .min_size = new_free_capacity, .capacity = used_capacity, .requested = new_used_capacity,
                 .reset_mode = mode.tag});

        bool ok = true;
        Node** const first_node_ptrs[2] = {&state.used_list, &state.free_list};
        const std::size_t new_capacities[2] = {new_used_capacity, new_free_capacity};
        for (std::uint8_t list = 0; list < 2; ++list) {
            Node** const first_node_ptr = first_node_ptrs[list];
            const std::size_t new_capacity = new_capacities[list];
            // Free all nodes except for the last one.
            Node* it = *first_node_ptr;
            Node* node = nullptr;
            while (it != nullptr) {
                Node* const this_node = it;
                // Read `next` before the free: the free releases the node itself.
                it = this_node->next;
                if (it == nullptr) {
                    node = this_node;
                    break;
                }
                const std::size_t freed_len = sizeToInt(this_node->size);
                child_allocator.rawFree(allocatedSliceUnsafe(this_node), Node_alignment);
                observe({.kind = StepKind::free_node, .node_len = freed_len, .addr = address(this_node), .list = list});
            }
            if (node == nullptr) continue;
            const Bytes allocated_slice = allocatedSliceUnsafe(node);

            // Round down to even, to stay below the limit.
            const std::size_t new_size = (sizeof(Node) + new_capacity) & ~std::size_t{1};

            if (new_size == sizeof(Node)) {
                // Not one byte to keep: the header alone is no use.
                child_allocator.rawFree(allocated_slice, Node_alignment);
                observe({.kind = StepKind::reset_list_emptied, .node_len = allocated_slice.size(),
                         .new_len = new_size, .addr = address(node), .list = list});
                *first_node_ptr = nullptr;
                continue;
            }

            node->end_index = 0;
            *first_node_ptr = node;
            observe({.kind = StepKind::reset_end_index_zero, .node_len = allocated_slice.size(), .new_len = new_size,
                     .addr = address(node), .list = list});

            if (allocated_slice.size() == new_size) {
                // Already the right size: no need to ask the child.
                observe({.kind = StepKind::reset_kept_fits, .ok = true, .node_len = new_size, .new_len = new_size,
                         .list = list});
                continue;
            }

            const bool resized = child_allocator.rawResize(allocated_slice, Node_alignment, new_size);
            observe({.kind = StepKind::reset_resize_kept, .ok = resized, .node_len = allocated_slice.size(),
                     .new_len = new_size, .list = list});
            if (resized) {
                node->size = new_size;
            } else {
                // The child cannot resize in place: allocate anew, then free the old one.
                std::byte* const new_ptr = child_allocator.rawAlloc(new_size, Node_alignment);
                observe({.kind = StepKind::reset_realloc, .ok = new_ptr != nullptr, .node_len = allocated_slice.size(),
                         .new_len = new_size, .addr = address(new_ptr), .list = list});
                if (new_ptr == nullptr) {
                    // The arena could not be preheated: tell the caller, go on with the other list.
                    observe({.kind = StepKind::reset_failed, .node_len = allocated_slice.size(), .new_len = new_size,
                             .list = list});
                    ok = false;
                    continue;
                }
                child_allocator.rawFree(allocated_slice, Node_alignment);
                observe({.kind = StepKind::reset_free_old, .node_len = allocated_slice.size(), .addr = address(node),
                         .list = list});
                *first_node_ptr = ::new (static_cast<void*>(new_ptr)) Node{};
                (*first_node_ptr)->size = new_size;
            }
        }
        return ok;
    }

    // ---- the allocator functions (Zig's vtable entries) ---------------

    // Inlined into allocFn, as the classic port's alloc is: the vtable's
    // call lands on the bump itself, not on a jump to it.
    [[gnu::always_inline]] std::byte* alloc(std::size_t n, Alignment alignment)
    {
        observe({.kind = StepKind::alloc_begin, .len = n, .alignment = alignment.toByteUnits()});
        Node* const cur_first_node = loadFirstNode();
        if (cur_first_node != nullptr) {
            std::size_t prev_size = 0;
            if (std::byte* const p = bumpFirstNode(cur_first_node, n, alignment, prev_size)) return p;
            return allocSlow(cur_first_node, cur_first_node, prev_size, n, alignment);
        }
        return allocSlow(nullptr, nullptr, 0, n, alignment);
    }

    bool resize(Bytes memory, Alignment alignment, std::size_t new_len)
    {
        (void)alignment;
        Node* const node = loadFirstNode(); // never null: `memory` came from a node
        std::byte* const buf_ptr = reinterpret_cast<std::byte*>(node) + sizeof(Node);

        const std::size_t cur_end_index = atomicLoad(node->end_index, std::memory_order_relaxed,
                                                     StepKind::load_end_index, address(node));

        if (address(buf_ptr) + cur_end_index != address(memory.data()) + memory.size()) {
            // Not the most recent allocation, so it cannot grow, but it is
            // fine to make it smaller (the bytes are simply not reused).
            observe({.kind = StepKind::resize_not_last, .ok = new_len <= memory.size(), .len = memory.size(),
                     .end_index = cur_end_index, .new_len = new_len, .addr = address(memory.data())});
            return new_len <= memory.size();
        }

        if (new_len <= memory.size()) {
            const std::size_t new_end_index = cur_end_index - (memory.size() - new_len);
            // The result does not matter: shrinking always succeeds.
            std::size_t expected = cur_end_index;
            beforeAtomic(StepKind::shrink_end_index);
            const bool swapped = atomicRef(node->end_index)
                                     .compare_exchange_strong(expected, new_end_index, std::memory_order_release,
                                                              std::memory_order_relaxed); // release freed memory
            observe({.kind = StepKind::shrink_end_index, .ok = swapped, .len = memory.size(), .end_index = cur_end_index,
                     .new_end_index = new_end_index, .new_len = new_len, .addr = address(memory.data())});
            return true;
        }

        // Saturating: end_index may be past the size, and the allocation
        // could belong to an older node.
        const std::size_t buf_len = loadBuf(node).size();
        const std::size_t room = buf_len > cur_end_index ? buf_len - cur_end_index : 0;
        if (room >= new_len - memory.size()) {
            const std::size_t new_end_index = cur_end_index + (new_len - memory.size());
            std::size_t expected = cur_end_index;
            beforeAtomic(StepKind::grow_end_index);
            const bool swapped = atomicRef(node->end_index)
                                     .compare_exchange_strong(expected, new_end_index, std::memory_order_acquire,
                                                              std::memory_order_relaxed); // acquire freed memory
            observe({.kind = StepKind::grow_end_index, .ok = swapped, .len = memory.size(), .end_index = cur_end_index,
                     .new_end_index = new_end_index, .node_len = buf_len + sizeof(Node), .new_len = new_len,
                     .addr = address(memory.data())});
            return swapped;
        }

        observe({.kind = StepKind::grow_no_room, .len = memory.size(), .end_index = cur_end_index,
                 .node_len = buf_len + sizeof(Node), .new_len = new_len, .addr = address(memory.data())});
        return false;
    }

    // Zig's remap: the arena never moves memory, so remap is resize that
    // hands back the same pointer on success.
    std::byte* remap(Bytes memory, Alignment alignment, std::size_t new_len)
    {
        return resize(memory, alignment, new_len) ? memory.data() : nullptr;
    }

    void free(Bytes memory, Alignment alignment)
    {
        (void)alignment;
        Node* const node = loadFirstNode(); // never null: `memory` came from a node
        std::byte* const buf_ptr = reinterpret_cast<std::byte*>(node) + sizeof(Node);

        const std::size_t cur_end_index = atomicLoad(node->end_index, std::memory_order_relaxed,
                                                     StepKind::load_end_index, address(node));

        if (address(buf_ptr) + cur_end_index != address(memory.data()) + memory.size()) {
            // Not the most recent allocation: it cannot be freed.
            observe({.kind = StepKind::free_not_last, .len = memory.size(), .end_index = cur_end_index,
                     .addr = address(memory.data())});
            return;
        }

        const std::size_t new_end_index = cur_end_index - memory.size();
        std::size_t expected = cur_end_index;
        beforeAtomic(StepKind::free_end_index);
        const bool swapped = atomicRef(node->end_index)
                                 .compare_exchange_strong(expected, new_end_index, std::memory_order_release,
                                                          std::memory_order_relaxed); // release freed memory
        observe({.kind = StepKind::free_end_index, .ok = swapped, .len = memory.size(), .end_index = cur_end_index,
                 .new_end_index = new_end_index, .addr = address(memory.data())});
    }

private:
    static constexpr Alignment Node_alignment = Alignment::of<Node>();
    static constexpr bool observed = !std::is_same_v<Observer, NoObserver>;

    static std::uintptr_t address(const void* p) noexcept { return reinterpret_cast<std::uintptr_t>(p); }

    // `where` defaults to the caller's line: the line of this file that took
    // the step, which the GUI's source panel highlights.
    void observe(Step step, SourceLine where = SourceLine::current())
    {
        if constexpr (observed) {
            step.where = where;
            observer.step(step);
        }
    }
    // Just before an atomic operation: a scheduler may hold this thread here.
    void beforeAtomic(StepKind kind)
    {
        if constexpr (requires(Observer& o) { o.beforeAtomic(kind); }) observer.beforeAtomic(kind);
    }

    // An atomic load, announced and observed.
    std::size_t atomicLoad(std::size_t& field, std::memory_order order, StepKind kind, std::uintptr_t node,
                           SourceLine where = SourceLine::current())
    {
        beforeAtomic(kind);
        const std::size_t value = atomicRef(field).load(order);
        if constexpr (observed) {
            Step s{.kind = kind, .addr = node};
            if (kind == StepKind::load_end_index) s.end_index = value;
            else s.node_len = sizeToInt(value);
            observe(s, where);
        }
        return value;
    }

    // Node.loadBuf: the bytes after the header. `size` only ever grows, so
    // the slice is always valid memory.
    Bytes loadBuf(Node* node, SourceLine where = SourceLine::current())
    {
        const std::size_t size =
            atomicLoad(node->size, std::memory_order_relaxed, StepKind::load_buf, address(node), where);
        return Bytes{reinterpret_cast<std::byte*>(node), sizeToInt(size)}.subspan(sizeof(Node));
    }

    // Node.beginResize: the whole allocated slice, or none when the node is
    // already (being) resized by another thread.
    std::optional<Bytes> beginResize(Node* node)
    {
        beforeAtomic(StepKind::begin_resize);
        const std::size_t size =
            atomicRef(node->size).fetch_or(resizing, std::memory_order_acquire); // syncs with endResize
        const bool taken = (size & resizing) == 0;
        observe({.kind = StepKind::begin_resize, .ok = taken, .node_len = sizeToInt(size), .addr = address(node)});
        if (!taken) return std::nullopt;
        return Bytes{reinterpret_cast<std::byte*>(node), sizeToInt(size)};
    }

    // Node.endResize: publish the (never smaller) size, clearing the bit.
    void endResize(Node* node, std::size_t size, std::size_t prev_size)
    {
        beforeAtomic(StepKind::end_resize);
        atomicRef(node->size).store(size, std::memory_order_release); // syncs with beginResize
        observe({.kind = StepKind::end_resize, .node_len = prev_size, .new_len = size, .addr = address(node)});
    }

    // Node.allocatedSliceUnsafe: header included. Not threadsafe.
    static Bytes allocatedSliceUnsafe(Node* node) noexcept
    {
        return {reinterpret_cast<std::byte*>(node), sizeToInt(node->size)};
    }

    Node* loadFirstNode(SourceLine where = SourceLine::current())
    {
        beforeAtomic(StepKind::load_first_node);
        Node* const node = atomicRef(state.used_list).load(std::memory_order_acquire); // syncs with tryPushNode
        observe({.kind = StepKind::load_first_node, .addr = address(node)}, where);
        return node;
    }

    // Makes `node` the first of used_list if the first is still node->next.
    // Strong: retrying would mean throwing away a fitting node. On failure,
    // the first node found instead.
    bool tryPushNode(Node* node, Node*& old_first)
    {
        Node* expected = node->next;
        beforeAtomic(StepKind::push_node);
        const bool pushed = atomicRef(state.used_list)
                                .compare_exchange_strong(expected, node, std::memory_order_release,
                                                         std::memory_order_acquire);
        observe({.kind = StepKind::push_node, .ok = pushed, .new_end_index = node->end_index,
                 .new_len = sizeToInt(node->size), .addr = address(node)});
        old_first = expected;
        return pushed;
    }

    Node* stealFreeList()
    {
        // Acquire only: swapping in null releases no node.
        beforeAtomic(StepKind::steal_free_list);
        Node* const list = atomicRef(state.free_list).exchange(nullptr, std::memory_order_acquire);
        observe({.kind = StepKind::steal_free_list, .addr = address(list)});
        return list;
    }

    // Puts the chain first..last back on free_list.
    void pushFreeList(Node* first, Node* last)
    {
        while (true) {
            Node* expected = last->next;
            beforeAtomic(StepKind::push_free_list);
            const bool pushed = atomicRef(state.free_list)
                                    .compare_exchange_weak(expected, first, std::memory_order_release,
                                                           std::memory_order_relaxed); // the old head is never read
            observe({.kind = StepKind::push_free_list, .ok = pushed, .addr = address(first)});
            if (pushed) return;
            last->next = expected;
        }
    }

    // Wrapping: end_index is not bounded by the size. The largest alignment
    // divides 2^64, so a wrapped value is still correctly aligned.
    static std::size_t alignedIndex(const std::byte* buf_ptr, std::size_t end_index, Alignment alignment) noexcept
    {
        return alignment.forward(address(buf_ptr) + end_index) - address(buf_ptr);
    }
    static std::size_t alignForward2(std::size_t n) noexcept { return (n + 1) & ~std::size_t{1}; }

    // alloc's `first_node` block: bump the first node. On success the
    // allocation; else null, with prev_size = the node's buffer length.
    std::byte* bumpFirstNode(Node* node, std::size_t n, Alignment alignment, std::size_t& prev_size)
    {
        const Bytes buf = loadBuf(node);

        // One atomic add, large enough to align within it whatever the
        // address: no compare-and-swap loop on the hot path. The overshoot
        // is then given back with one cmpxchg, which may fail.
        const std::size_t alignable = n + alignment.toByteUnits() - 1;
        beforeAtomic(StepKind::fetch_add_end_index);
        const std::size_t end_index = atomicRef(node->end_index)
                                          .fetch_add(alignable, std::memory_order_acquire); // acquire freed memory
        observe({.kind = StepKind::fetch_add_end_index, .len = n, .alignment = alignment.toByteUnits(),
                 .end_index = end_index, .new_end_index = end_index + alignable, .node_len = buf.size() + sizeof(Node),
                 .addr = address(node)});
        const std::size_t aligned_index = alignedIndex(buf.data(), end_index, alignment);
        if (end_index + alignable != aligned_index + n) {
            std::size_t expected = end_index + alignable;
            beforeAtomic(StepKind::give_back_overshoot);
            // Relaxed: alignment padding is nobody's memory, nothing to release.
#ifndef ARENALAB_MUTANT_GIVE_BACK_STORE
            const bool given_back = atomicRef(node->end_index)
                                        .compare_exchange_strong(expected, aligned_index + n,
                                                                 std::memory_order_relaxed, std::memory_order_relaxed);
#else
            // A deliberate bug, compiled only into tests/lab's mutant: a plain
            // store, which rolls back any bump another thread made since the
            // fetch_add. `arenalab explore` must find the overlap it makes.
            atomicRef(node->end_index).store(aligned_index + n, std::memory_order_relaxed);
            const bool given_back = expected == end_index + alignable;
#endif
            observe({.kind = StepKind::give_back_overshoot, .ok = given_back, .len = n,
                     .alignment = alignment.toByteUnits(), .end_index = end_index + alignable,
                     .new_end_index = aligned_index + n, .padding = aligned_index - end_index,
                     .node_len = buf.size() + sizeof(Node), .addr = address(node)});
        }

        if (aligned_index + n > buf.size()) {
            observe({.kind = StepKind::bump_past_end, .len = n, .alignment = alignment.toByteUnits(),
                     .end_index = aligned_index, .new_end_index = aligned_index + n,
                     .padding = aligned_index - end_index, .node_len = buf.size() + sizeof(Node),
                     .addr = address(node)});
            prev_size = buf.size();
            return nullptr;
        }
        observe({.kind = StepKind::bump_fits, .ok = true, .len = n, .alignment = alignment.toByteUnits(),
                 .end_index = aligned_index, .new_end_index = aligned_index + n, .padding = aligned_index - end_index,
                 .node_len = buf.size() + sizeof(Node), .addr = address(node)});
        return buf.data() + aligned_index;
    }

    // The rest of Zig's `retry: while (true)` loop, out of line so that the
    // bump inlines: grow the first node, take from the free list, or make a
    // new node. `first_node` and `prev_size` are what the failed bump saw.
    [[gnu::noinline]] std::byte* allocSlow(Node* cur_first_node, Node* first_node, std::size_t prev_size,
                                           std::size_t n, Alignment alignment)
    {
        // A node made by this call and not (yet) pushed; given to free_list
        // when the call returns without having pushed it (Zig's defer).
        Node* cur_new_node = nullptr;
        struct GiveBack {
            ArenaAllocator& arena;
            Node*& node;
            ~GiveBack()
            {
                if (node != nullptr) {
                    node->next = nullptr; // an empty free list is the likely case
                    arena.pushFreeList(node, node);
                }
            }
        } give_back{*this, cur_new_node};

        bool bumped = true; // the first turn's bump was done by alloc()
        while (true) {
            if (!bumped) {
                first_node = cur_first_node;
                prev_size = 0;
                if (first_node != nullptr) {
                    if (std::byte* const p = bumpFirstNode(first_node, n, alignment, prev_size)) return p;
                }
            }
            bumped = false;

            // resize: before getting a new node, try to grow the one we hold.
            // Exclusive: if another thread is in here, we never resize.
            if (first_node != nullptr) {
                if (const std::optional<Bytes> allocated_slice = beginResize(first_node)) {
                    std::size_t size = allocated_slice->size();
                    const Bytes buf = allocated_slice->subspan(sizeof(Node));
                    const std::size_t end_index = atomicLoad(first_node->end_index, std::memory_order_relaxed,
                                                             StepKind::load_end_index, address(first_node));
                    // The allocation goes after whatever end_index reached,
                    // past the end if the bump failed: those bytes stay a gap.
                    const std::size_t aligned_index = alignedIndex(buf.data(), end_index, alignment);
                    const std::size_t new_size = alignForward2(sizeof(Node) + aligned_index + n);

                    if (new_size <= allocated_slice->size()) {
                        // A resize or free sneaked in; size must only grow: retry.
                        observe({.kind = StepKind::resize_raced, .len = n, .end_index = end_index,
                                 .node_len = allocated_slice->size(), .new_len = new_size, .addr = address(first_node)});
                        endResize(first_node, size, allocated_slice->size());
                        continue;
                    }

                    const bool grown = child_allocator.rawResize(*allocated_slice, Node_alignment, new_size);
                    observe({.kind = StepKind::grow_node, .ok = grown, .len = n, .alignment = alignment.toByteUnits(),
                             .end_index = end_index, .new_end_index = aligned_index + n,
                             .padding = aligned_index - end_index, .node_len = allocated_slice->size(),
                             .new_len = new_size, .addr = address(first_node)});
                    if (grown) {
                        size = new_size;
                        // Strong: a spurious failure would waste this node.
                        std::size_t expected = end_index;
                        beforeAtomic(StepKind::claim_grown);
                        const bool claimed = atomicRef(first_node->end_index)
                                                 .compare_exchange_strong(expected, aligned_index + n,
                                                                          std::memory_order_acquire,
                                                                          std::memory_order_relaxed);
                        observe({.kind = StepKind::claim_grown, .ok = claimed, .len = n, .end_index = end_index,
                                 .new_end_index = aligned_index + n, .node_len = new_size,
                                 .addr = address(first_node)});
                        endResize(first_node, size, allocated_slice->size());
                        if (claimed) return allocated_slice->data() + sizeof(Node) + aligned_index;
                    } else {
                        endResize(first_node, size, allocated_slice->size());
                    }
                }
            }

            // We need a new node: the best fit from free_list first, else one
            // from the child (unless this call made one already).
            if (std::byte* result = nullptr; fromFreeList(first_node, n, alignment, cur_first_node, result)) {
                if (result != nullptr) return result;
                continue; // there is a new first node: retry
            }

            Node* new_node = cur_new_node;
            if (new_node == nullptr) {
                const std::size_t min_size = sizeof(Node) + alignment.toByteUnits() + n;
                const std::size_t big_enough_size = prev_size + min_size + 16;
                const std::size_t size = alignForward2(big_enough_size + big_enough_size / 2);
                observe({.kind = StepKind::new_node_length, .len = n, .alignment = alignment.toByteUnits(),
                         .new_len = size, .prev_len = prev_size, .min_size = min_size, .requested = big_enough_size});
                std::byte* const ptr = child_allocator.rawAlloc(size, Node_alignment);
                if (ptr == nullptr) {
                    observe({.kind = StepKind::new_node_refused, .new_len = size, .prev_len = prev_size,
                             .min_size = min_size});
                    return nullptr;
                }
                new_node = ::new (static_cast<void*>(ptr)) Node{};
                new_node->size = size; // end_index and next: set below
                cur_new_node = new_node;
            }

            const Bytes buf = allocatedSliceUnsafe(new_node).subspan(sizeof(Node));
            const std::size_t aligned_index = alignedIndex(buf.data(), 0, alignment);
            new_node->end_index = aligned_index + n;
            new_node->next = first_node;

            Node* old_first_node = nullptr;
            if (tryPushNode(new_node, old_first_node)) {
                cur_new_node = nullptr;
                return buf.data() + aligned_index;
            }
            cur_first_node = old_first_node;
        }
    }

    // alloc's `from_free_list` block. False: nothing usable there (go on to
    // a new node). True: `result` is the allocation, or null when another
    // thread pushed a node first (`cur_first_node` is that node: retry).
    bool fromFreeList(Node* first_node, std::size_t n, Alignment alignment, Node*& cur_first_node, std::byte*& result)
    {
        // Take the whole list with one swap: no other thread can get into
        // our business, and no stale `next` can appear (no ABA problem).
        Node* const free_list = stealFreeList();
        if (free_list == nullptr) return false;

        // The best fit: the node that lacks the fewest bytes (0: it fits).
        Node* best_fit_prev = nullptr;
        Node* best_fit = nullptr;
        std::size_t best_fit_diff = SIZE_MAX;
        Node* it_prev = nullptr;
        for (Node* it = free_list; it != nullptr; it_prev = it, it = it->next) {
            const Bytes buf = allocatedSliceUnsafe(it).subspan(sizeof(Node));
            const std::size_t aligned_index = alignedIndex(buf.data(), 0, alignment);
            const std::size_t need = aligned_index + n;
            const std::size_t diff = need > buf.size() ? need - buf.size() : 0; // saturating
            if (diff < best_fit_diff) {
                best_fit_prev = it_prev;
                best_fit = it;
                best_fit_diff = diff;
            }
        }
        Node* const first_free = free_list;
        Node* const last_free = it_prev;
        Node* const node = best_fit;
        Node* const prev = best_fit_prev;
        observe({.kind = StepKind::best_fit, .len = n, .alignment = alignment.toByteUnits(), .padding = best_fit_diff,
                 .node_len = sizeToInt(node->size), .addr = address(node)});

        const Bytes fit_buf = allocatedSliceUnsafe(node).subspan(sizeof(Node));
        const std::size_t aligned_index = alignedIndex(fit_buf.data(), 0, alignment);
        if (aligned_index + n > fit_buf.size()) {
            // None fits: grow the closest, so every free node gets used in the end.
            const std::size_t new_size = alignForward2(sizeof(Node) + aligned_index + n);
            const bool grown = child_allocator.rawResize(allocatedSliceUnsafe(node), Node_alignment, new_size);
            observe({.kind = StepKind::best_fit_grow, .ok = grown, .len = n, .node_len = sizeToInt(node->size),
                     .new_len = new_size, .addr = address(node)});
            if (grown) {
                node->size = new_size;
            } else {
                pushFreeList(first_free, last_free);
                return false; // no fitting free node
            }
        }

        const Bytes buf = allocatedSliceUnsafe(node).subspan(sizeof(Node));
        Node* const old_next = node->next;
        node->end_index = aligned_index + n;
        node->next = first_node;

        Node* old_first_node = nullptr;
        if (tryPushNode(node, old_first_node)) {
            // Finish taking the node out of the free list.
            if (prev != nullptr) prev->next = old_next;
            // Give the rest of the stolen list back.
            Node* const new_first_free = node == first_free ? old_next : first_free;
            Node* const new_last_free = node == last_free ? prev : last_free;
            if (new_first_free != nullptr) pushFreeList(new_first_free, new_last_free);
            result = buf.data() + aligned_index;
            return true;
        }
        // Restore the free list as it was found.
        node->next = old_next;
        pushFreeList(first_free, last_free);
        cur_first_node = old_first_node;
        result = nullptr;
        return true;
    }

    void deinit()
    {
        if (state.used_list != nullptr || state.free_list != nullptr)
            observe({.kind = StepKind::deinit_begin, .capacity = queryCapacity()});
        freeEveryNode();
    }

    // deinit()'s body, which reset(free_all) runs too: both lists, newest
    // first. NOTE: reset() releases all but one node the same way.
    void freeEveryNode()
    {
        Node* const firsts[2] = {state.used_list, state.free_list};
        for (std::uint8_t list = 0; list < 2; ++list) {
            Node* it = firsts[list];
            while (it != nullptr) {
                Node* const node = it;
                // Read `next` before the free: the free releases the node itself.
                it = node->next;
                const std::size_t freed_len = sizeToInt(node->size);
                child_allocator.rawFree(allocatedSliceUnsafe(node), Node_alignment);
                observe({.kind = StepKind::free_node, .node_len = freed_len, .addr = address(node), .list = list});
            }
        }
    }

    static std::byte* allocFn(void* ctx, std::size_t len, Alignment alignment)
    {
        return static_cast<ArenaAllocator*>(ctx)->alloc(len, alignment);
    }
    static bool resizeFn(void* ctx, Bytes memory, Alignment alignment, std::size_t new_len)
    {
        return static_cast<ArenaAllocator*>(ctx)->resize(memory, alignment, new_len);
    }
    static std::byte* remapFn(void* ctx, Bytes memory, Alignment alignment, std::size_t new_len)
    {
        return static_cast<ArenaAllocator*>(ctx)->remap(memory, alignment, new_len);
    }
    static void freeFn(void* ctx, Bytes memory, Alignment alignment)
    {
        static_cast<ArenaAllocator*>(ctx)->free(memory, alignment);
    }
    static constexpr Allocator::VTable vtable{allocFn, resizeFn, remapFn, freeFn};
};

} // namespace arena::zig016
