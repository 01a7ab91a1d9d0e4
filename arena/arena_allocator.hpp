// A port of Zig's `std.heap.ArenaAllocator`. It follows, line for line, the
// file of Zig 0.14, lib/std/heap/arena_allocator.zig: the release whose
// allocator takes `mem.Alignment` and has `remap`. Read the two side by
// side: the names, the order of the steps and every piece of arithmetic are
// Zig's, so the arena makes the same calls to its child, with the same
// numbers, and gives the same answers. One shape differs, for speed: alloc's
// two slow paths (the first node; growing or replacing a full node) are
// out-of-line functions holding exactly Zig's steps, so the bump inlines.
//
// Zig 0.11 to 0.13 have the same alloc, resize, free and reset, with a
// `log2_ptr_align: u8` and no remap; tests/zig runs every script through the
// real arena of 0.12.0-dev.1286 and compares the traces with this port's.
// Zig 0.15 changed only the header: `BufNode = struct { data: usize, node:
// std.SinglyLinkedList.Node }`, the list now intrusive and reached through
// @fieldParentPtr. That layout is not mirrored: in both layouts the header is
// 16 bytes with alignment 8, and no number the arena computes, asks or
// reports depends on the order of its two fields, so the traces are
// the same; 0.14's `{ next, data }` reads directly as the C++ struct below,
// with no container_of, and matches every release from 0.11 to 0.14.
//
// The arena takes a child allocator and hands out memory from a singly
// linked list of buffers got from it. Each buffer starts with a BufNode
// header; the newest buffer is first in the list and only it is bumped.
// Nothing is returned to the child until reset() or the destructor, which
// release everything at once.
//
// Two things Zig gets from its language are explicit here:
// - Observation: every internal decision is reported to `Observer` as a
//   Step with its numbers and this file's line. With NoObserver (the
//   default) those reports compile to nothing.
// - Overflow: where Zig's safe builds would panic on an impossible request
//   (a length near the top of the address space) this port returns null
//   without asking the child, so it stays a safe production allocator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "arena/allocator.hpp"
#include "arena/step.hpp"

namespace arena {

// The bytes of the BufNode header at the start of every buffer: a pointer
// and a length, 16 on 64-bit targets. Everything that draws or explains a
// buffer uses this, not a literal 16. A 32-bit build (the browser's
// WebAssembly) lays the header out as a 64-bit target does (see BufNode),
// so every number, and every trace, is the one Arena Lab shows everywhere.
inline constexpr std::size_t buf_node_header_bytes = 16;

template <class Observer = NoObserver>
class ArenaAllocator {
public:
    // The linked-list node at the start of every buffer. `data` is the
    // buffer's whole length in bytes, this header included.
#if UINTPTR_MAX > 0xFFFFFFFFu
    struct BufNode {
        BufNode* next = nullptr;
        std::size_t data = 0;
    };
#else
    // A 32-bit host: the 64-bit layout (two 8-byte fields, alignment 8),
    // the high halves unused.
    struct alignas(8) BufNode {
        BufNode* next = nullptr;
        std::uint32_t next_high = 0;
        std::size_t data = 0;
        std::uint32_t data_high = 0;
    };
#endif
    static_assert(sizeof(BufNode) == buf_node_header_bytes);

    // Zig's `std.SinglyLinkedList(usize)`: only `first` and `prepend` are used.
    struct BufferList {
        BufNode* first = nullptr;
        void prepend(BufNode* node) noexcept
        {
            node->next = first;
            first = node;
        }
    };

    // The whole mutable state: the newest buffer and how much of it is used.
    struct State {
        BufferList buffer_list{};
        std::size_t end_index = 0;
    };

    // Zig's `union(enum) { free_all, retain_capacity, retain_with_limit: usize }`.
    struct ResetMode {
        using Tag = ResetKind; // free_all, retain_capacity, retain_with_limit
        Tag tag = Tag::free_all;
        std::size_t limit = 0; // meaningful for retain_with_limit only

        // Releases all allocated memory in the arena.
        static constexpr ResetMode free_all() { return {Tag::free_all, 0}; }
        // Keeps one buffer big enough for everything allocated so far, so a
        // loop that resets each round stops calling the child once warm.
        static constexpr ResetMode retain_capacity() { return {Tag::retain_capacity, 0}; }
        // As retain_capacity, but keeps at most `limit` bytes.
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
    // Zig's deinit().
    ~ArenaAllocator() { deinit(); }

    // The arena as a type-erased allocator. It points at this object: do not
    // move the arena while the interface is in use.
    Allocator allocator() noexcept { return {this, &vtable}; }

    // Queries the current memory use of this arena: the bytes of every
    // buffer after its header.
    std::size_t queryCapacity() const noexcept
    {
        std::size_t size = 0;
        for (const BufNode* it = state.buffer_list.first; it != nullptr; it = it->next) {
            // Compute the actually allocated size excluding the header.
            size += it->data - sizeof(BufNode);
        }
        return size;
    }

    // Releases the arena's memory as `mode` says. Returns false only when
    // the buffer meant to be kept had to be reallocated and the child
    // refused: the arena is still fully usable then, all its memory is
    // released, and the old buffer stays as the only one.
    bool reset(ResetMode mode)
    {
        // Zig chose to walk the list here rather than count bytes in alloc:
        // alloc stays as fast as if reset did not exist, and once a loop has
        // warmed the arena up, the list is a single node and the walk is O(1).
        const std::size_t capacity = queryCapacity();
        std::size_t requested_capacity = 0;
        switch (mode.tag) {
        case ResetMode::Tag::retain_capacity: requested_capacity = capacity; break;
        case ResetMode::Tag::retain_with_limit: requested_capacity = mode.limit < capacity ? mode.limit : capacity; break;
        case ResetMode::Tag::free_all: requested_capacity = 0; break;
        }
        observe({.kind = StepKind::reset_requested, .len = mode.limit, .capacity = capacity,
                 .requested = requested_capacity, .reset_mode = mode.tag});
        if (requested_capacity == 0) {
            // Nothing to keep: release everything.
            observe({.kind = StepKind::reset_release_all, .capacity = capacity});
            freeEveryNode(); // Zig calls self.deinit() here; the observer was told why already
            state = State{};
            return true;
        }
        const std::size_t total_size = requested_capacity + sizeof(BufNode);
        // Free every node but the last one (the oldest).
        BufNode* it = state.buffer_list.first;
        BufNode* maybe_first_node = nullptr;
        while (it != nullptr) {
            // Read `next` before the free: the free releases the node itself.
            BufNode* const next_it = it->next;
            if (next_it == nullptr) {
                maybe_first_node = it;
                break;
            }
            const std::size_t freed_len = it->data;
            child_allocator.rawFree(nodeBytes(it), BufNode_alignment);
            observe({.kind = StepKind::free_node, .node_len = freed_len, .addr = address(it)});
            it = next_it;
        }
        // Zero end_index before asking the child anything, so the arena is
        // reset even if what follows fails.
        state.end_index = 0;
        if (maybe_first_node != nullptr) {
            BufNode* const first_node = maybe_first_node;
            state.buffer_list.first = first_node;
            observe({.kind = StepKind::reset_end_index_zero, .node_len = first_node->data, .new_len = total_size});
            // Already the right size: no need to ask the child.
            if (first_node->data == total_size) {
                observe({.kind = StepKind::reset_kept_fits, .ok = true, .node_len = first_node->data, .new_len = total_size});
                return true;
            }
            const Bytes first_alloc_buf = nodeBytes(first_node);
            const bool resized = child_allocator.rawResize(first_alloc_buf, BufNode_alignment, total_size);
            observe({.kind = StepKind::reset_resize_kept, .ok = resized, .node_len = first_node->data, .new_len = total_size});
            if (resized) {
                first_node->data = total_size;
            } else {
                // The child cannot resize in place: allocate anew, then free the old one.
                std::byte* const new_ptr = child_allocator.rawAlloc(total_size, BufNode_alignment);
                observe({.kind = StepKind::reset_realloc, .ok = new_ptr != nullptr, .node_len = first_node->data,
                         .new_len = total_size, .addr = address(new_ptr)});
                if (new_ptr == nullptr) {
                    // The arena could not be preheated: tell the caller.
                    observe({.kind = StepKind::reset_failed, .node_len = first_node->data, .new_len = total_size});
                    return false;
                }
                child_allocator.rawFree(first_alloc_buf, BufNode_alignment);
                observe({.kind = StepKind::reset_free_old, .node_len = first_alloc_buf.size(), .addr = address(first_node)});
                BufNode* const node = ::new (static_cast<void*>(new_ptr)) BufNode{.next = nullptr, .data = total_size};
                state.buffer_list.first = node;
            }
        }
        return true;
    }

    // ---- the allocator functions (Zig's vtable entries) ---------------

    std::byte* alloc(std::size_t n, Alignment alignment)
    {
        const std::size_t ptr_align = alignment.toByteUnits();
        observe({.kind = StepKind::alloc_begin, .len = n, .alignment = ptr_align, .end_index = state.end_index});
        std::size_t minimum_size = 0;
        if (addOverflows(n, ptr_align, minimum_size)) return nullptr;
        BufNode* const cur_node = state.buffer_list.first;
        if (cur_node == nullptr) return createFirstNode(n, alignment);
        return allocInNode(cur_node, n, alignment);
    }

    // One turn of Zig's `while (true)` loop in alloc: bump in `cur_node` if the
    // allocation fits, else grow the node or prepend a new one and take the
    // next turn (growOrCreateNode calls back). The loop is a pair of tail
    // calls so that the bump, with nothing to save across a call, inlines
    // into every caller of alloc; at most two turns are ever taken, since a
    // grown or new node always holds the allocation.
    std::byte* allocInNode(BufNode* cur_node, std::size_t n, Alignment alignment)
    {
        const std::size_t ptr_align = alignment.toByteUnits();
        const Bytes cur_alloc_buf = nodeBytes(cur_node);
        const Bytes cur_buf = cur_alloc_buf.subspan(sizeof(BufNode));
        const std::uintptr_t addr = address(cur_buf.data()) + state.end_index;
        const std::uintptr_t adjusted_addr = alignment.forward(addr);
        const std::size_t adjusted_index = state.end_index + (adjusted_addr - addr);
        std::size_t new_end_index = 0;
        const bool overflow = addOverflows(adjusted_index, n, new_end_index);
        observe({.kind = StepKind::padding_computed, .len = n, .alignment = ptr_align, .end_index = state.end_index,
                 .new_end_index = new_end_index, .padding = adjusted_addr - addr, .node_len = cur_node->data,
                 .addr = addr, .adjusted_addr = adjusted_addr});

        if (!overflow && new_end_index <= cur_buf.size()) {
            observe({.kind = StepKind::fits_bumped, .ok = true, .len = n, .alignment = ptr_align, .end_index = state.end_index,
                     .new_end_index = new_end_index, .node_len = cur_node->data, .adjusted_addr = adjusted_addr});
            state.end_index = new_end_index;
            return cur_buf.data() + adjusted_index;
        }
        return growOrCreateNode(cur_node, n, alignment, new_end_index, overflow);
    }

    bool resize(Bytes buf, Alignment alignment, std::size_t new_len)
    {
        (void)alignment;
        BufNode* const cur_node = state.buffer_list.first;
        if (cur_node == nullptr) {
            observe({.kind = StepKind::resize_no_buffer, .len = buf.size(), .new_len = new_len});
            return false;
        }
        const Bytes cur_buf = nodeBytes(cur_node).subspan(sizeof(BufNode));
        if (address(cur_buf.data()) + state.end_index != address(buf.data()) + buf.size()) {
            // Not the most recent allocation, so it cannot grow, but it is
            // fine to make it smaller (the bytes are simply not reused).
            observe({.kind = StepKind::resize_not_last, .ok = new_len <= buf.size(), .len = buf.size(),
                     .end_index = state.end_index, .new_len = new_len, .addr = address(buf.data())});
            return new_len <= buf.size();
        }

        if (buf.size() >= new_len) {
            observe({.kind = StepKind::resize_shrink, .ok = true, .len = buf.size(), .end_index = state.end_index,
                     .new_end_index = state.end_index - (buf.size() - new_len), .new_len = new_len,
                     .addr = address(buf.data())});
            state.end_index -= buf.size() - new_len;
            return true;
        } else if (cur_buf.size() - state.end_index >= new_len - buf.size()) {
            observe({.kind = StepKind::resize_grow_fits, .ok = true, .len = buf.size(), .end_index = state.end_index,
                     .new_end_index = state.end_index + (new_len - buf.size()), .node_len = cur_node->data,
                     .new_len = new_len, .addr = address(buf.data())});
            state.end_index += new_len - buf.size();
            return true;
        } else {
            observe({.kind = StepKind::resize_grow_refused, .len = buf.size(), .end_index = state.end_index,
                     .node_len = cur_node->data, .new_len = new_len, .addr = address(buf.data())});
            return false;
        }
    }

    // Zig's remap: the arena never moves memory, so remap is resize that
    // hands back the same pointer on success.
    std::byte* remap(Bytes memory, Alignment alignment, std::size_t new_len)
    {
        return resize(memory, alignment, new_len) ? memory.data() : nullptr;
    }

    void free(Bytes buf, Alignment alignment)
    {
        (void)alignment;
        BufNode* const cur_node = state.buffer_list.first;
        if (cur_node == nullptr) {
            observe({.kind = StepKind::free_no_buffer, .len = buf.size()});
            return;
        }
        const Bytes cur_buf = nodeBytes(cur_node).subspan(sizeof(BufNode));

        if (address(cur_buf.data()) + state.end_index == address(buf.data()) + buf.size()) {
            observe({.kind = StepKind::free_last, .ok = true, .len = buf.size(), .end_index = state.end_index,
                     .new_end_index = state.end_index - buf.size(), .addr = address(buf.data())});
            state.end_index -= buf.size();
        } else {
            observe({.kind = StepKind::free_not_last, .len = buf.size(), .end_index = state.end_index,
                     .addr = address(buf.data())});
        }
    }

private:
    static constexpr Alignment BufNode_alignment = Alignment::of<BufNode>();
    static constexpr bool observed = !std::is_same_v<Observer, NoObserver>;

    static std::uintptr_t address(const void* p) noexcept { return reinterpret_cast<std::uintptr_t>(p); }
    static Bytes nodeBytes(BufNode* node) noexcept { return {reinterpret_cast<std::byte*>(node), node->data}; }
    static bool addOverflows(std::size_t a, std::size_t b, std::size_t& sum) noexcept
    {
        return __builtin_add_overflow(a, b, &sum);
    }

    // `where` defaults to the caller's line: the line of this file that took
    // the step, which the GUI's source panel highlights.
    void observe(Step step, SourceLine where = SourceLine::current())
    {
        if constexpr (observed) {
            step.where = where;
            observer.step(step);
        }
    }

    void deinit()
    {
        if (state.buffer_list.first != nullptr) observe({.kind = StepKind::deinit_begin, .capacity = queryCapacity()});
        freeEveryNode();
    }

    // deinit()'s body, which reset(free_all) runs too. Zig's reset calls
    // deinit() itself; here the two differ only in what the observer is
    // told: a reset is not a deinit, and must not be narrated as one.
    void freeEveryNode()
    {
        // NOTE: reset() releases all but one buffer the same way; keep the two in step.
        BufNode* it = state.buffer_list.first;
        while (it != nullptr) {
            // Read `next` before the free: the free releases the node itself.
            BufNode* const next_it = it->next;
            const std::size_t freed_len = it->data;
            child_allocator.rawFree(nodeBytes(it), BufNode_alignment);
            observe({.kind = StepKind::free_node, .node_len = freed_len, .addr = address(it)});
            it = next_it;
        }
    }

    // alloc's two slow paths, out of line so that the bump stays small
    // enough to inline: Zig's steps, in Zig's order, moved.
    // Both take `n + ptr_align` again where Zig computes it, at createNode's
    // call; alloc has already checked that it does not overflow.
    [[gnu::noinline]] std::byte* createFirstNode(std::size_t n, Alignment alignment)
    {
        const std::size_t minimum_size = n + alignment.toByteUnits();
        observe({.kind = StepKind::first_node_needed, .len = n, .alignment = alignment.toByteUnits(),
                 .min_size = minimum_size});
        BufNode* const cur_node = createNode(0, minimum_size);
        if (cur_node == nullptr) return nullptr;
        return allocInNode(cur_node, n, alignment);
    }

    // The current node cannot hold the allocation: the rest of the loop's turn.
    [[gnu::noinline]] std::byte* growOrCreateNode(BufNode* cur_node, std::size_t n, Alignment alignment,
                                                  std::size_t new_end_index, bool overflow)
    {
        observe({.kind = StepKind::does_not_fit, .len = n, .end_index = state.end_index,
                 .new_end_index = new_end_index, .node_len = cur_node->data});
        const Bytes cur_alloc_buf = nodeBytes(cur_node);

        // First try to grow the current buffer in place.
        std::size_t bigger_buf_size = 0;
        const bool grown = !overflow && !addOverflows(sizeof(BufNode), new_end_index, bigger_buf_size) &&
                           child_allocator.rawResize(cur_alloc_buf, BufNode_alignment, bigger_buf_size);
        observe({.kind = StepKind::grow_in_place, .ok = grown, .node_len = cur_node->data, .new_len = bigger_buf_size});
        if (grown) {
            cur_node->data = bigger_buf_size;
        } else {
            // Allocate a new node if that's not possible.
            cur_node = createNode(cur_alloc_buf.size() - sizeof(BufNode), n + alignment.toByteUnits());
            if (cur_node == nullptr) return nullptr;
        }
        return allocInNode(cur_node, n, alignment);
    }

    BufNode* createNode(std::size_t prev_len, std::size_t minimum_size)
    {
        // Room for the header and 16 bytes of slack on top of what is needed,
        // then half as much again, so each new buffer is 1.5x the last.
        std::size_t actual_min_size = 0;
        std::size_t big_enough_len = 0;
        std::size_t len = 0;
        if (addOverflows(minimum_size, sizeof(BufNode) + 16, actual_min_size) ||
            addOverflows(prev_len, actual_min_size, big_enough_len) ||
            addOverflows(big_enough_len, big_enough_len / 2, len)) {
            observe({.kind = StepKind::node_alloc_failed, .prev_len = prev_len, .min_size = minimum_size});
            return nullptr;
        }
        observe({.kind = StepKind::node_length, .new_len = len, .prev_len = prev_len, .min_size = minimum_size,
                 .requested = big_enough_len});
        std::byte* const ptr = child_allocator.rawAlloc(len, BufNode_alignment);
        if (ptr == nullptr) {
            observe({.kind = StepKind::node_alloc_failed, .new_len = len, .prev_len = prev_len, .min_size = minimum_size});
            return nullptr;
        }
        BufNode* const buf_node = ::new (static_cast<void*>(ptr)) BufNode{.next = nullptr, .data = len};
        state.buffer_list.prepend(buf_node);
        state.end_index = 0;
        observe({.kind = StepKind::node_prepended, .ok = true, .new_len = len, .addr = address(buf_node)});
        return buf_node;
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

} // namespace arena
