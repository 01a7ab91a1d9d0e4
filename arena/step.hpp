// What the arena tells an observer as it works: one Step per internal
// decision, with the numbers that decided it and the line of the port that
// took it. A step that involves a call to the child is reported after the
// call, so the calls made since the previous step belong to it. The GUI plays these back ("why did that happen?"); the default
// NoObserver makes every report compile to nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace arena {

// Where a step was taken: a file and a line of the port. Shaped like
// std::source_location, but built on __builtin_FILE/__builtin_LINE, which
// gcc and every clang have: Debian 12's clang 14 has no std::source_location
// with libstdc++, and the arena must build with both. As a default argument,
// current() names the caller's line.
class SourceLine {
public:
    static constexpr SourceLine current(const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) noexcept
    {
        SourceLine here;
        here.file_ = file;
        here.line_ = line;
        return here;
    }
    constexpr const char* file_name() const noexcept { return file_; }
    constexpr unsigned line() const noexcept { return line_; }

private:
    const char* file_ = "";
    unsigned line_ = 0;

public:
    // The same file's name (the very pointer __builtin_FILE gave) and line.
    friend constexpr bool operator==(const SourceLine&, const SourceLine&) = default;
};

// How reset() goes: Zig's ResetMode tags. One type for the port, its steps,
// scripts and the window.
enum class ResetKind : std::uint8_t { free_all, retain_capacity, retain_with_limit };

enum class StepKind : std::uint8_t {
    // alloc
    alloc_begin,          // len, alignment
    first_node_needed,    // list is empty: a node for minimum size len + alignment
    padding_computed,     // addr, adjusted_addr, padding, end_index, new_end_index, cur_len
    fits_bumped,          // end_index -> new_end_index, offset of the result
    does_not_fit,         // new_end_index > cur_len
    grow_in_place,        // child asked to resize node to new_len; ok
    node_length,          // createNode: prev_len, min_size, big_enough_len, new_len
    node_prepended,       // child gave the buffer; node is now first; end_index = 0
    node_alloc_failed,    // child refused createNode's buffer: alloc returns null
    // resize / remap / free
    resize_no_buffer,     // the list is empty: refuse
    resize_not_last,      // not the most recent allocation: ok iff new_len <= len
    resize_shrink,        // most recent, shrinking: end_index moves back
    resize_grow_fits,     // most recent, growing, room left: end_index moves on
    resize_grow_refused,  // most recent, growing, no room
    free_no_buffer,       // the list is empty: nothing to do
    free_last,            // most recent: end_index rolls back by len
    free_not_last,        // not the most recent: nothing happens
    // reset and deinit
    reset_requested,      // mode, capacity (queryCapacity), requested
    reset_release_all,    // requested == 0: every node freed, state emptied
    free_node,            // one node handed back to the child (node, node_len)
    reset_end_index_zero, // end_index = 0, the oldest node is now the only one
    reset_kept_fits,      // kept node already has length total: nothing to ask
    reset_resize_kept,    // child asked to resize kept node to total; ok
    reset_realloc,        // child asked for a new buffer of total bytes; ok
    reset_free_old,       // old kept buffer freed after the new one arrived
    reset_failed,         // the new buffer was refused: reset returns false
    deinit_begin,         // deinit frees every node, newest first

    // Zig 0.16's arena (arena_allocator_016.hpp). It shares the kinds above
    // where the step is the same (alloc_begin, resize_not_last, free_not_last, free_node, reset_release_all,
    // reset_end_index_zero, reset_kept_fits, reset_resize_kept,
    // reset_realloc, reset_free_old, reset_failed, deinit_begin; `list` says
    // which list a reset step is about). Every atomic operation is a step
    // of its own (isAtomicStep), reported after it took effect.
    load_first_node,      // atomic: used_list loaded (acquire); addr = the first node, 0 for none
    load_buf,             // atomic: a node's size loaded; addr = node, node_len (resizing bit cleared)
    fetch_add_end_index,  // atomic: end_index += n + alignment - 1; end_index before, new_end_index after
    give_back_overshoot,  // atomic: cmpxchg end_index from end_index to new_end_index (aligned + n); ok; padding
    bump_fits,            // aligned + n fits the buffer: end_index = aligned start, new_end_index, node_len
    bump_past_end,        // it does not: end_index stays at new_end_index, past the buffer's end (node_len - 24)
    begin_resize,         // atomic: the resizing bit set; ok = this thread took it (it was clear); node_len
    load_end_index,       // atomic: a node's end_index loaded; end_index
    resize_raced,         // the node would not grow (new_len <= node_len): a resize or free sneaked in; retry
    grow_node,            // the child asked to resize the first node to new_len (even); ok; end_index, new_end_index
    claim_grown,          // atomic: cmpxchg end_index from end_index to new_end_index in the grown node; ok
    end_resize,           // atomic: the size stored (release), resizing bit clear; new_len, node_len before
    steal_free_list,      // atomic: free_list swapped with null; addr = the list taken, 0 when empty
    best_fit,             // the free list's best fit: addr = node, node_len, padding = bytes it lacks (0: fits)
    best_fit_grow,        // the best fit lacks room: the child asked to resize it to new_len; ok
    push_free_list,       // atomic: cmpxchg free_list from the old head to addr (stolen nodes back); ok
    push_node,            // atomic: cmpxchg used_list from the old first node to addr; ok; new_len, new_end_index
    new_node_length,      // (prev_len + min_size + 16) * 1.5 rounded up to even = new_len; requested = the sum
    new_node_refused,     // the child refused the new node (new_len): alloc returns null
    shrink_end_index,     // atomic: cmpxchg end_index back by len - new_len (resize, shrinking); ok
    grow_end_index,       // atomic: cmpxchg end_index on by new_len - len (resize, room left); ok = the result
    grow_no_room,         // resize growing, not enough room after end_index (node_len - 24 - end_index): refused
    free_end_index,       // atomic: cmpxchg end_index back by len (free of the most recent); ok
    reset_capacities,     // capacity = used_list's, requested = its new one; prev_len = free_list's,
                          // min_size = its new one; len = the limit (retain_with_limit)
    reset_list_emptied,   // the kept node would hold no byte: freed, the list (`list`) is empty
};

// Whether a step is one atomic operation of Zig 0.16's arena: the points at
// which a scheduler may stop one thread and run another.
constexpr bool isAtomicStep(StepKind kind)
{
    switch (kind) {
    case StepKind::load_first_node:
    case StepKind::load_buf:
    case StepKind::fetch_add_end_index:
    case StepKind::give_back_overshoot:
    case StepKind::begin_resize:
    case StepKind::load_end_index:
    case StepKind::claim_grown:
    case StepKind::end_resize:
    case StepKind::steal_free_list:
    case StepKind::push_free_list:
    case StepKind::push_node:
    case StepKind::shrink_end_index:
    case StepKind::grow_end_index:
    case StepKind::free_end_index: return true;
    default: return false;
    }
}

// An atomic step as Zig's source writes it.
constexpr std::string_view atomicStepLabel(StepKind kind)
{
    switch (kind) {
    case StepKind::load_first_node: return "atomic load used_list";
    case StepKind::load_buf: return "atomic load size";
    case StepKind::fetch_add_end_index: return "fetch_add end_index";
    case StepKind::give_back_overshoot: return "cmpxchg end_index (give back overshoot)";
    case StepKind::begin_resize: return "begin resize (set the resizing bit)";
    case StepKind::load_end_index: return "atomic load end_index";
    case StepKind::claim_grown: return "cmpxchg end_index (claim the grown node)";
    case StepKind::end_resize: return "end resize (store size)";
    case StepKind::steal_free_list: return "steal free_list";
    case StepKind::push_free_list: return "push free_list";
    case StepKind::push_node: return "push node";
    case StepKind::shrink_end_index: return "cmpxchg end_index (shrink)";
    case StepKind::grow_end_index: return "cmpxchg end_index (grow)";
    case StepKind::free_end_index: return "cmpxchg end_index (free)";
    default: return "";
    }
}

constexpr std::string_view stepName(StepKind kind)
{
    switch (kind) {
    case StepKind::alloc_begin: return "alloc_begin";
    case StepKind::first_node_needed: return "first_node_needed";
    case StepKind::padding_computed: return "padding_computed";
    case StepKind::fits_bumped: return "fits_bumped";
    case StepKind::does_not_fit: return "does_not_fit";
    case StepKind::grow_in_place: return "grow_in_place";
    case StepKind::node_length: return "node_length";
    case StepKind::node_prepended: return "node_prepended";
    case StepKind::node_alloc_failed: return "node_alloc_failed";
    case StepKind::resize_no_buffer: return "resize_no_buffer";
    case StepKind::resize_not_last: return "resize_not_last";
    case StepKind::resize_shrink: return "resize_shrink";
    case StepKind::resize_grow_fits: return "resize_grow_fits";
    case StepKind::resize_grow_refused: return "resize_grow_refused";
    case StepKind::free_no_buffer: return "free_no_buffer";
    case StepKind::free_last: return "free_last";
    case StepKind::free_not_last: return "free_not_last";
    case StepKind::reset_requested: return "reset_requested";
    case StepKind::reset_release_all: return "reset_release_all";
    case StepKind::free_node: return "free_node";
    case StepKind::reset_end_index_zero: return "reset_end_index_zero";
    case StepKind::reset_kept_fits: return "reset_kept_fits";
    case StepKind::reset_resize_kept: return "reset_resize_kept";
    case StepKind::reset_realloc: return "reset_realloc";
    case StepKind::reset_free_old: return "reset_free_old";
    case StepKind::reset_failed: return "reset_failed";
    case StepKind::deinit_begin: return "deinit_begin";
    case StepKind::load_first_node: return "load_first_node";
    case StepKind::load_buf: return "load_buf";
    case StepKind::fetch_add_end_index: return "fetch_add_end_index";
    case StepKind::give_back_overshoot: return "give_back_overshoot";
    case StepKind::bump_fits: return "bump_fits";
    case StepKind::bump_past_end: return "bump_past_end";
    case StepKind::begin_resize: return "begin_resize";
    case StepKind::load_end_index: return "load_end_index";
    case StepKind::resize_raced: return "resize_raced";
    case StepKind::grow_node: return "grow_node";
    case StepKind::claim_grown: return "claim_grown";
    case StepKind::end_resize: return "end_resize";
    case StepKind::steal_free_list: return "steal_free_list";
    case StepKind::best_fit: return "best_fit";
    case StepKind::best_fit_grow: return "best_fit_grow";
    case StepKind::push_free_list: return "push_free_list";
    case StepKind::push_node: return "push_node";
    case StepKind::new_node_length: return "new_node_length";
    case StepKind::new_node_refused: return "new_node_refused";
    case StepKind::shrink_end_index: return "shrink_end_index";
    case StepKind::grow_end_index: return "grow_end_index";
    case StepKind::grow_no_room: return "grow_no_room";
    case StepKind::free_end_index: return "free_end_index";
    case StepKind::reset_capacities: return "reset_capacities";
    case StepKind::reset_list_emptied: return "reset_list_emptied";
    }
    return "?";
}

// The numbers of one step. Which fields mean something depends on the kind
// (see the comments on StepKind); the rest stay zero.
struct Step {
    StepKind kind{};
    bool ok = false;
    std::size_t len = 0;            // the request's length (alloc n, resize's old len)
    std::size_t alignment = 0;      // in bytes
    std::size_t end_index = 0;      // before the step
    std::size_t new_end_index = 0;  // after the step (or the candidate)
    std::size_t padding = 0;        // alignment padding in bytes
    std::size_t node_len = 0;       // the node's length before (header included)
    std::size_t new_len = 0;        // a length asked for (resize target, new node, total)
    std::size_t prev_len = 0;       // createNode's previous length
    std::size_t min_size = 0;       // createNode's minimum size
    std::size_t capacity = 0;       // queryCapacity() where it matters
    std::size_t requested = 0;      // reset's requested capacity
    std::uintptr_t addr = 0;        // padding_computed: start of cur + end_index; node steps: the node;
                                    // resize/free: the allocation; reset_realloc: the new buffer
    std::uintptr_t adjusted_addr = 0;
    ResetKind reset_mode{};         // reset_requested (for retain_with_limit, len = limit)
    std::uint8_t list = 0;          // Zig 0.16's reset steps: 0 used_list, 1 free_list
    SourceLine where{};             // the line of arena_allocator.hpp that took the step
    friend bool operator==(const Step&, const Step&) = default;
};

// An observer may also define `void beforeAtomic(StepKind)`: Zig 0.16's
// arena calls it just before each atomic operation (the step of that kind
// follows once the operation took effect), so a scheduler can hold a thread
// there and let another run. Without it, nothing is called.

// The observer that watches nothing. ArenaAllocator checks for it at compile
// time, so with it no Step is ever built.
struct NoObserver {
    void step(const Step&) const noexcept {}
};

} // namespace arena
