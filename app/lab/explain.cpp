#include "lab/explain.hpp"

#include <fmt/core.h>

#include "arena/arena_allocator.hpp"
#include "arena/arena_allocator_016.hpp"

namespace lab {

namespace {

constexpr std::size_t header = arena::buf_node_header_bytes;
constexpr std::size_t header16 = arena::zig016::node_header_bytes; // Zig 0.16's Node

// Numbers as the Stats panel shows them: 1,234,567.
std::string g(std::uint64_t n) { return grouped(n); }

std::string bytes(std::size_t n) { return fmt::format("{} byte{}", grouped(n), n == 1 ? "" : "s"); }

} // namespace

std::string explainStep(const arena::Step& s)
{
    using K = arena::StepKind;
    switch (s.kind) {
    case K::alloc_begin:
        return fmt::format("alloc({}, align {}): find {} at an address that is a multiple of {}.", g(s.len), g(s.alignment),
                           bytes(s.len), g(s.alignment));
    case K::first_node_needed:
        return fmt::format("The buffer list is empty, so the arena needs its first buffer, big enough for "
                           "n + align = {} + {} = {} bytes.",
                           g(s.len), g(s.alignment), g(s.min_size));
    case K::node_length:
        return fmt::format("New buffer length: previous {} + minimum {} + {} header + 16 spare = {}, "
                           "plus half of that ({}) = {} bytes.",
                           g(s.prev_len), g(s.min_size), g(header), g(s.requested), g(s.requested / 2), g(s.new_len));
    case K::node_prepended:
        return fmt::format("The child gave a {}-byte buffer. Its first {} bytes become the header (next, length); "
                           "it is prepended as the newest node and end_index restarts at 0.",
                           g(s.new_len), g(header));
    case K::node_alloc_failed:
        if (s.new_len == 0)
            return "The new buffer's length would overflow the address space: alloc returns null without asking the child.";
        return fmt::format("The child refused a {}-byte buffer: alloc returns null and nothing else changes.", g(s.new_len));
    case K::padding_computed:
        if (s.padding == 0)
            return fmt::format("The next free byte is at end_index {}; it is already a multiple of {}, so no padding. "
                               "The allocation would end at end_index {}.",
                               g(s.end_index), g(s.alignment), g(s.new_end_index));
        return fmt::format("The next free byte is at end_index {}; rounding its address up to a multiple of {} "
                           "skips {} of padding. The allocation would end at end_index {} + {} + {} = {}.",
                           g(s.end_index), g(s.alignment), bytes(s.padding), g(s.end_index), g(s.padding), g(s.len), g(s.new_end_index));
    case K::fits_bumped:
        return fmt::format("{} <= {} bytes after the header: it fits. end_index moves from {} to {}; the "
                           "allocation starts {} bytes into the buffer.",
                           g(s.new_end_index), g(s.node_len - header), g(s.end_index), g(s.new_end_index),
                           g(header + s.new_end_index - s.len));
    case K::does_not_fit:
        return fmt::format("{} > {} bytes after the header: it does not fit in the newest buffer.", g(s.new_end_index),
                           g(s.node_len - header));
    case K::grow_in_place:
        if (s.ok)
            return fmt::format("The child grew the buffer in place from {} to {} bytes (header + new end): "
                               "try again in the bigger buffer.",
                               g(s.node_len), g(s.new_len));
        return fmt::format("The child could not grow the buffer in place from {} to {} bytes, so the arena "
                           "prepends a new, bigger buffer.",
                           g(s.node_len), g(s.new_len));
    case K::resize_no_buffer: return "The arena holds no buffer, so nothing can change length: refused.";
    case K::resize_not_last:
        if (s.ok)
            return fmt::format("Not the most recent allocation (it does not end at end_index {}). Shrinking from {} to "
                               "{} is allowed, but the bytes are not reused until a reset.",
                               g(s.end_index), g(s.len), g(s.new_len));
        return fmt::format("Not the most recent allocation (it does not end at end_index {}), so it cannot grow "
                           "from {} to {}: refused.",
                           g(s.end_index), g(s.len), g(s.new_len));
    case K::resize_shrink:
        return fmt::format("The most recent allocation shrinks from {} to {}: end_index moves back from {} to {}.",
                           g(s.len), g(s.new_len), g(s.end_index), g(s.new_end_index));
    case K::resize_grow_fits:
        return fmt::format("The most recent allocation grows from {} to {}: {} more fit in the {} left, so "
                           "end_index moves from {} to {}.",
                           g(s.len), g(s.new_len), bytes(s.new_len - s.len), bytes(s.node_len - header - s.end_index),
                           g(s.end_index), g(s.new_end_index));
    case K::resize_grow_refused:
        return fmt::format("The most recent allocation cannot grow from {} to {}: it needs {} more but only {} "
                           "are left in this buffer. Refused (resize never asks the child).",
                           g(s.len), g(s.new_len), bytes(s.new_len - s.len), bytes(s.node_len - header - s.end_index));
    case K::free_no_buffer: return "The arena holds no buffer: free does nothing.";
    case K::free_last:
        return fmt::format("The most recent allocation is freed: end_index rolls back from {} to {}, so the next "
                           "alloc reuses those {}.",
                           g(s.end_index), g(s.new_end_index), bytes(s.len));
    case K::free_not_last:
        return fmt::format("Not the most recent allocation (it does not end at end_index {}): free does nothing. "
                           "Its {} stay used until a reset.",
                           g(s.end_index), bytes(s.len));
    case K::reset_requested:
        switch (s.reset_mode) {
        case arena::ResetKind::free_all: return "reset(free_all): requested capacity = 0.";
        case arena::ResetKind::retain_capacity:
            return fmt::format("reset(retain_capacity): requested capacity = queryCapacity() = {} (the bytes after "
                               "every header).",
                               g(s.requested));
        default:
            return fmt::format("reset(retain_with_limit {}): requested capacity = min(limit {}, queryCapacity() {}) = {}.",
                               g(s.len), g(s.len), g(s.capacity), g(s.requested));
        }
    case K::reset_release_all:
        return "Nothing to keep: every buffer goes back to the child, newest first, and the list is emptied.";
    case K::free_node: return fmt::format("A {}-byte buffer goes back to the child.", g(s.node_len));
    case K::reset_end_index_zero:
        return fmt::format("Only the oldest buffer ({} bytes) is kept, and end_index = 0. To hold the requested "
                           "capacity it should be header + requested = {} bytes.",
                           g(s.node_len), g(s.new_len));
    case K::reset_kept_fits:
        return fmt::format("It is already exactly {} bytes: the child is not asked.", g(s.new_len));
    case K::reset_resize_kept:
        if (s.ok) return fmt::format("The child resized it in place from {} to {} bytes.", g(s.node_len), g(s.new_len));
        return fmt::format("The child cannot resize it in place from {} to {} bytes, so the arena reallocates "
                           "by hand: a new buffer, then free the old.",
                           g(s.node_len), g(s.new_len));
    case K::reset_realloc:
        if (s.ok) return fmt::format("The child gave a new {}-byte buffer.", g(s.new_len));
        return fmt::format("The child refused a new {}-byte buffer.", g(s.new_len));
    case K::reset_free_old:
        return fmt::format("The old {}-byte buffer goes back to the child; the new one is now the only node.",
                           g(s.node_len));
    case K::reset_failed:
        return fmt::format("reset returns false: the old {}-byte buffer stays as the only node, empty and still "
                           "usable, but the arena was not resized to {} bytes.",
                           g(s.node_len), g(s.new_len));
    case K::deinit_begin: return "deinit: every buffer goes back to the child, newest first.";

    // Zig 0.16's arena.
    case K::load_first_node:
        if (s.addr == 0) return "Atomic load of used_list (acquire): it is empty, there is no node yet.";
        return "Atomic load of used_list (acquire): the first node, the newest. Acquire makes everything the "
               "thread that pushed it wrote into its header visible here.";
    case K::load_buf:
        return fmt::format("Atomic load of the node's size: {} bytes, so {} - {} header = {} bytes of buffer. "
                           "The size only ever grows, so this buffer stays valid memory.",
                           g(s.node_len), g(s.node_len), g(header16), g(s.node_len - header16));
    case K::fetch_add_end_index:
        return fmt::format("One atomic add reserves n + align - 1 = {} + {} - 1 = {} bytes: end_index goes from "
                           "{} to {}. That is enough to align the allocation whatever the address, with no "
                           "compare-and-swap loop.",
                           g(s.len), g(s.alignment), g(s.new_end_index - s.end_index), g(s.end_index),
                           g(s.new_end_index));
    case K::give_back_overshoot:
        return fmt::format("Aligning needed {} of padding, so {} reserved bytes were too many. One "
                           "compare-and-swap gives them back: end_index {} -> {} ({}).",
                           bytes(s.padding), g(s.end_index - s.new_end_index), g(s.end_index), g(s.new_end_index),
                           s.ok ? "done" : "another thread moved end_index first, so the bytes stay reserved");
    case K::bump_fits:
        return fmt::format("{} + {} = {} <= {} bytes of buffer: it fits. The allocation starts at end_index {}, "
                           "{} bytes into the buffer.",
                           g(s.end_index), g(s.len), g(s.new_end_index), g(s.node_len - header16), g(s.end_index),
                           g(header16 + s.end_index));
    case K::bump_past_end:
        return fmt::format("{} + {} = {} > {} bytes of buffer: it does not fit. The add has already happened, so "
                           "end_index stays at {}, past the buffer's end. That is safe: every reader compares "
                           "end_index with the size, and no allocation lives there.",
                           g(s.end_index), g(s.len), g(s.new_end_index), g(s.node_len - header16),
                           g(s.new_end_index));
    case K::begin_resize:
        if (s.ok)
            return fmt::format("Set the node's resizing bit (the lowest bit of size, which is why sizes are even): "
                               "this thread may now ask the child to grow the {}-byte node.",
                               g(s.node_len));
        return "The resizing bit was already set: another thread is growing this node, so this one does not try.";
    case K::load_end_index: return fmt::format("Atomic load of the node's end_index: {}.", g(s.end_index));
    case K::resize_raced:
        return fmt::format("The node would have to be {} bytes, no more than its {}: a resize or free sneaked in. "
                           "Sizes only ever grow, so the arena starts over.",
                           g(s.new_len), g(s.node_len));
    case K::grow_node:
        if (s.ok)
            return fmt::format("The new allocation goes after end_index {} (+ {} padding), so the node must hold "
                               "{} header + {} + {} = {} bytes, rounded up to even: {}. The child grew it in place "
                               "from {}.",
                               g(s.end_index), g(s.padding), g(header16), g(s.end_index + s.padding), g(s.len),
                               g(header16 + s.new_end_index), g(s.new_len), g(s.node_len));
        return fmt::format("The node must hold {} header + {} + {} = {} bytes (even: {}); the child could not "
                           "grow it in place from {}.",
                           g(header16), g(s.end_index + s.padding), g(s.len), g(header16 + s.new_end_index),
                           g(s.new_len), g(s.node_len));
    case K::claim_grown:
        return fmt::format("Compare-and-swap end_index {} -> {} in the grown node{}. The bytes between the old "
                           "buffer's end and {} stay unused: the gap the failed reservation left.",
                           g(s.end_index), g(s.new_end_index), s.ok ? "" : " failed: another thread moved it",
                           g(s.new_end_index - s.len));
    case K::end_resize:
        return fmt::format("Store the size {} with the resizing bit clear (release): the resize is over{}.",
                           g(s.new_len), s.new_len == s.node_len ? ", the node unchanged" : "");
    case K::steal_free_list:
        if (s.addr == 0) return "Atomic swap of free_list with null: it was empty.";
        return "Atomic swap of free_list with null: this thread now owns the whole list, so no other thread can "
               "change a `next` under it.";
    case K::best_fit:
        if (s.padding == 0)
            return fmt::format("The best fit in the free list is a {}-byte node: the allocation fits.", g(s.node_len));
        return fmt::format("No free node fits; the closest, {} bytes, lacks {}.", g(s.node_len), bytes(s.padding));
    case K::best_fit_grow:
        return fmt::format("Ask the child to grow that node from {} to {} bytes: {}.", g(s.node_len), g(s.new_len),
                           s.ok ? "done" : "refused, so the free list is given back");
    case K::push_free_list:
        return fmt::format("Compare-and-swap free_list: the nodes go back on the free list{}.",
                           s.ok ? "" : " (failed: another thread pushed first; try again)");
    case K::push_node:
        if (s.ok)
            return fmt::format("Compare-and-swap used_list: the {}-byte node, end_index {} already set, is now the "
                               "first node. The older node keeps its own end_index.",
                               g(s.new_len), g(s.new_end_index));
        return "Compare-and-swap used_list failed: another thread pushed a node first. Retry on that node.";
    case K::new_node_length:
        return fmt::format("New node: (previous {} + {} header + align {} + n {} + 16) = {}, times 1.5 = {}, "
                           "rounded up to even: {} bytes.",
                           g(s.prev_len), g(header16), g(s.alignment), g(s.len), g(s.requested),
                           g(s.requested + s.requested / 2), g(s.new_len));
    case K::new_node_refused:
        return fmt::format("The child refused a {}-byte node: alloc returns null. end_index stays where the failed "
                           "bump left it.",
                           g(s.new_len));
    case K::shrink_end_index:
        return fmt::format("The most recent allocation shrinks from {} to {}: compare-and-swap end_index {} -> {} "
                           "(release). Shrinking succeeds either way.",
                           g(s.len), g(s.new_len), g(s.end_index), g(s.new_end_index));
    case K::grow_end_index:
        return fmt::format("The most recent allocation grows from {} to {}: compare-and-swap end_index {} -> {} "
                           "(acquire): {}.",
                           g(s.len), g(s.new_len), g(s.end_index), g(s.new_end_index), s.ok ? "done" : "failed");
    case K::grow_no_room:
        return fmt::format("The most recent allocation cannot grow from {} to {}: it needs {} more, and {} bytes of "
                           "buffer minus end_index {} leaves {}. Refused (resize never asks the child).",
                           g(s.len), g(s.new_len), bytes(s.new_len - s.len), g(s.node_len - header16),
                           g(s.end_index),
                           g(s.node_len - header16 > s.end_index ? s.node_len - header16 - s.end_index : 0));
    case K::free_end_index:
        return fmt::format("The most recent allocation is freed: compare-and-swap end_index {} -> {} (release), "
                           "so the next alloc reuses those {}.",
                           g(s.end_index), g(s.new_end_index), bytes(s.len));
    case K::reset_capacities:
        return fmt::format("Capacities: used_list {} -> keep {}, free_list {} -> keep {} (the used list takes "
                           "its share of the limit first).",
                           g(s.capacity), g(s.requested), g(s.prev_len), g(s.min_size));
    case K::reset_list_emptied:
        return fmt::format("{}: the last node would keep {} bytes, the header alone, so it goes back to the child "
                           "too and the list is empty.",
                           s.list == 0 ? "used_list" : "free_list", g(s.new_len));
    }
    return "?";
}

std::string grouped(std::uint64_t n)
{
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace lab
