#include "lab/explain.hpp"

#include <fmt/core.h>

#include "arena/arena_allocator.hpp"
#include "lab/i18n.hpp"
#include "lab/numbers.hpp"

namespace lab {

namespace {

constexpr std::size_t header = arena::buf_node_header_bytes;

} // namespace

std::string explainStep(const arena::Step& s)
{
    using Kind = arena::StepKind;
    switch (s.kind) {
    case Kind::alloc_begin:
        return trf("alloc({}, align {}): find {} at an address that is a multiple of {}.", grouped(s.len), grouped(s.alignment),
                           bytes(s.len), grouped(s.alignment));
    case Kind::first_node_needed:
        return trf("The buffer list is empty, so the arena needs its first buffer, big enough for "
                           "n + align = {} + {} = {} bytes.",
                           grouped(s.len), grouped(s.alignment), grouped(s.min_size));
    case Kind::node_length:
        return trf("New buffer length: previous {} + minimum {} + {} header + 16 spare = {}, "
                           "plus half of that ({}) = {} bytes.",
                           grouped(s.prev_len), grouped(s.min_size), grouped(header), grouped(s.requested), grouped(s.requested / 2), grouped(s.new_len));
    case Kind::node_prepended:
        return trf("The child gave a {}-byte buffer. Its first {} bytes become the header (next, length); "
                           "it is prepended as the newest node and end_index restarts at 0.",
                           grouped(s.new_len), grouped(header));
    case Kind::node_alloc_failed:
        if (s.new_len == 0)
            return tr("The new buffer's length would overflow the address space: alloc returns null without asking the child.");
        return trf("The child refused a {}-byte buffer: alloc returns null and nothing else changes.", grouped(s.new_len));
    case Kind::padding_computed:
        if (s.padding == 0)
            return trf("The next free byte is at end_index {}; it is already a multiple of {}, so no padding. "
                               "The allocation would end at end_index {}.",
                               grouped(s.end_index), grouped(s.alignment), grouped(s.new_end_index));
        return trf("The next free byte is at end_index {}; rounding its address up to a multiple of {} "
                           "skips {} of padding. The allocation would end at end_index {} + {} + {} = {}.",
                           grouped(s.end_index), grouped(s.alignment), bytes(s.padding), grouped(s.end_index), grouped(s.padding), grouped(s.len), grouped(s.new_end_index));
    case Kind::fits_bumped:
        return trf("{} <= {} bytes after the header: it fits. end_index moves from {} to {}; the "
                           "allocation starts {} bytes into the buffer.",
                           grouped(s.new_end_index), grouped(s.node_len - header), grouped(s.end_index), grouped(s.new_end_index),
                           grouped(header + s.new_end_index - s.len));
    case Kind::does_not_fit:
        return trf("{} > {} bytes after the header: it does not fit in the newest buffer.", grouped(s.new_end_index),
                           grouped(s.node_len - header));
    case Kind::grow_in_place:
        if (s.ok)
            return trf("The child grew the buffer in place from {} to {} bytes (header + new end): "
                               "try again in the bigger buffer.",
                               grouped(s.node_len), grouped(s.new_len));
        return trf("The child could not grow the buffer in place from {} to {} bytes, so the arena "
                           "prepends a new, bigger buffer.",
                           grouped(s.node_len), grouped(s.new_len));
    case Kind::resize_no_buffer: return tr("The arena holds no buffer, so nothing can change length: refused.");
    case Kind::resize_not_last:
        if (s.ok)
            return trf("Not the most recent allocation (it does not end at end_index {}). Shrinking from {} to "
                               "{} is allowed, but the bytes are not reused until a reset.",
                               grouped(s.end_index), grouped(s.len), grouped(s.new_len));
        return trf("Not the most recent allocation (it does not end at end_index {}), so it cannot grow "
                           "from {} to {}: refused.",
                           grouped(s.end_index), grouped(s.len), grouped(s.new_len));
    case Kind::resize_shrink:
        return trf("The most recent allocation shrinks from {} to {}: end_index moves back from {} to {}.",
                           grouped(s.len), grouped(s.new_len), grouped(s.end_index), grouped(s.new_end_index));
    case Kind::resize_grow_fits:
        return trf("The most recent allocation grows from {} to {}: {} more fit in the {} left, so "
                           "end_index moves from {} to {}.",
                           grouped(s.len), grouped(s.new_len), bytes(s.new_len - s.len), bytes(s.node_len - header - s.end_index),
                           grouped(s.end_index), grouped(s.new_end_index));
    case Kind::resize_grow_refused:
        return trf("The most recent allocation cannot grow from {} to {}: it needs {} more but only {} "
                           "are left in this buffer. Refused (resize never asks the child).",
                           grouped(s.len), grouped(s.new_len), bytes(s.new_len - s.len), bytes(s.node_len - header - s.end_index));
    case Kind::free_no_buffer: return tr("The arena holds no buffer: free does nothing.");
    case Kind::free_last:
        return trf("The most recent allocation is freed: end_index rolls back from {} to {}, so the next "
                           "alloc reuses those {}.",
                           grouped(s.end_index), grouped(s.new_end_index), bytes(s.len));
    case Kind::free_not_last:
        return trf("Not the most recent allocation (it does not end at end_index {}): free does nothing. "
                           "Its {} stay used until a reset.",
                           grouped(s.end_index), bytes(s.len));
    case Kind::reset_requested:
        switch (s.reset_mode) {
        case arena::ResetKind::free_all: return tr("reset(free_all): requested capacity = 0.");
        case arena::ResetKind::retain_capacity:
            return trf("reset(retain_capacity): requested capacity = queryCapacity() = {} (the bytes after "
                               "every header).",
                               grouped(s.requested));
        default:
            return trf("reset(retain_with_limit {}): requested capacity = min(limit {}, queryCapacity() {}) = {}.",
                               grouped(s.len), grouped(s.len), grouped(s.capacity), grouped(s.requested));
        }
    case Kind::reset_release_all:
        return tr("Nothing to keep: every buffer goes back to the child, newest first, and the list is emptied.");
    case Kind::free_node: return trf("A {}-byte buffer goes back to the child.", grouped(s.node_len));
    case Kind::reset_end_index_zero:
        return trf("Only the oldest buffer ({} bytes) is kept, and end_index = 0. To hold the requested "
                           "capacity it should be header + requested = {} bytes.",
                           grouped(s.node_len), grouped(s.new_len));
    case Kind::reset_kept_fits:
        return trf("It is already exactly {} bytes: the child is not asked.", grouped(s.new_len));
    case Kind::reset_resize_kept:
        if (s.ok) return trf("The child resized it in place from {} to {} bytes.", grouped(s.node_len), grouped(s.new_len));
        return trf("The child cannot resize it in place from {} to {} bytes, so the arena reallocates "
                           "by hand: a new buffer, then free the old.",
                           grouped(s.node_len), grouped(s.new_len));
    case Kind::reset_realloc:
        if (s.ok) return trf("The child gave a new {}-byte buffer.", grouped(s.new_len));
        return trf("The child refused a new {}-byte buffer.", grouped(s.new_len));
    case Kind::reset_free_old:
        return trf("The old {}-byte buffer goes back to the child; the new one is now the only node.",
                           grouped(s.node_len));
    case Kind::reset_failed:
        return trf("reset returns false: the old {}-byte buffer stays as the only node, empty and still "
                           "usable, but the arena was not resized to {} bytes.",
                           grouped(s.node_len), grouped(s.new_len));
    case Kind::deinit_begin: return tr("deinit: every buffer goes back to the child, newest first.");
    }
    return "?";
}

} // namespace lab
