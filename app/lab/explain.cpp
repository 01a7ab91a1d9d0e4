#include "lab/explain.hpp"

#include <fmt/core.h>

#include "arena/arena_allocator.hpp"
#include "lab/i18n.hpp"

namespace lab {

namespace {

constexpr std::size_t header = arena::buf_node_header_bytes;

// Numbers as the Stats panel shows them: 1,234,567.
std::string g(std::uint64_t n) { return grouped(n); }

std::string bytes(std::size_t n) { return n == 1 ? trf("{} byte", grouped(n)) : trf("{} bytes", grouped(n)); }

} // namespace

std::string explainStep(const arena::Step& s)
{
    using K = arena::StepKind;
    switch (s.kind) {
    case K::alloc_begin:
        return trf("alloc({}, align {}): find {} at an address that is a multiple of {}.", g(s.len), g(s.alignment),
                           bytes(s.len), g(s.alignment));
    case K::first_node_needed:
        return trf("The buffer list is empty, so the arena needs its first buffer, big enough for "
                           "n + align = {} + {} = {} bytes.",
                           g(s.len), g(s.alignment), g(s.min_size));
    case K::node_length:
        return trf("New buffer length: previous {} + minimum {} + {} header + 16 spare = {}, "
                           "plus half of that ({}) = {} bytes.",
                           g(s.prev_len), g(s.min_size), g(header), g(s.requested), g(s.requested / 2), g(s.new_len));
    case K::node_prepended:
        return trf("The child gave a {}-byte buffer. Its first {} bytes become the header (next, length); "
                           "it is prepended as the newest node and end_index restarts at 0.",
                           g(s.new_len), g(header));
    case K::node_alloc_failed:
        if (s.new_len == 0)
            return tr("The new buffer's length would overflow the address space: alloc returns null without asking the child.");
        return trf("The child refused a {}-byte buffer: alloc returns null and nothing else changes.", g(s.new_len));
    case K::padding_computed:
        if (s.padding == 0)
            return trf("The next free byte is at end_index {}; it is already a multiple of {}, so no padding. "
                               "The allocation would end at end_index {}.",
                               g(s.end_index), g(s.alignment), g(s.new_end_index));
        return trf("The next free byte is at end_index {}; rounding its address up to a multiple of {} "
                           "skips {} of padding. The allocation would end at end_index {} + {} + {} = {}.",
                           g(s.end_index), g(s.alignment), bytes(s.padding), g(s.end_index), g(s.padding), g(s.len), g(s.new_end_index));
    case K::fits_bumped:
        return trf("{} <= {} bytes after the header: it fits. end_index moves from {} to {}; the "
                           "allocation starts {} bytes into the buffer.",
                           g(s.new_end_index), g(s.node_len - header), g(s.end_index), g(s.new_end_index),
                           g(header + s.new_end_index - s.len));
    case K::does_not_fit:
        return trf("{} > {} bytes after the header: it does not fit in the newest buffer.", g(s.new_end_index),
                           g(s.node_len - header));
    case K::grow_in_place:
        if (s.ok)
            return trf("The child grew the buffer in place from {} to {} bytes (header + new end): "
                               "try again in the bigger buffer.",
                               g(s.node_len), g(s.new_len));
        return trf("The child could not grow the buffer in place from {} to {} bytes, so the arena "
                           "prepends a new, bigger buffer.",
                           g(s.node_len), g(s.new_len));
    case K::resize_no_buffer: return tr("The arena holds no buffer, so nothing can change length: refused.");
    case K::resize_not_last:
        if (s.ok)
            return trf("Not the most recent allocation (it does not end at end_index {}). Shrinking from {} to "
                               "{} is allowed, but the bytes are not reused until a reset.",
                               g(s.end_index), g(s.len), g(s.new_len));
        return trf("Not the most recent allocation (it does not end at end_index {}), so it cannot grow "
                           "from {} to {}: refused.",
                           g(s.end_index), g(s.len), g(s.new_len));
    case K::resize_shrink:
        return trf("The most recent allocation shrinks from {} to {}: end_index moves back from {} to {}.",
                           g(s.len), g(s.new_len), g(s.end_index), g(s.new_end_index));
    case K::resize_grow_fits:
        return trf("The most recent allocation grows from {} to {}: {} more fit in the {} left, so "
                           "end_index moves from {} to {}.",
                           g(s.len), g(s.new_len), bytes(s.new_len - s.len), bytes(s.node_len - header - s.end_index),
                           g(s.end_index), g(s.new_end_index));
    case K::resize_grow_refused:
        return trf("The most recent allocation cannot grow from {} to {}: it needs {} more but only {} "
                           "are left in this buffer. Refused (resize never asks the child).",
                           g(s.len), g(s.new_len), bytes(s.new_len - s.len), bytes(s.node_len - header - s.end_index));
    case K::free_no_buffer: return tr("The arena holds no buffer: free does nothing.");
    case K::free_last:
        return trf("The most recent allocation is freed: end_index rolls back from {} to {}, so the next "
                           "alloc reuses those {}.",
                           g(s.end_index), g(s.new_end_index), bytes(s.len));
    case K::free_not_last:
        return trf("Not the most recent allocation (it does not end at end_index {}): free does nothing. "
                           "Its {} stay used until a reset.",
                           g(s.end_index), bytes(s.len));
    case K::reset_requested:
        switch (s.reset_mode) {
        case arena::ResetKind::free_all: return tr("reset(free_all): requested capacity = 0.");
        case arena::ResetKind::retain_capacity:
            return trf("reset(retain_capacity): requested capacity = queryCapacity() = {} (the bytes after "
                               "every header).",
                               g(s.requested));
        default:
            return trf("reset(retain_with_limit {}): requested capacity = min(limit {}, queryCapacity() {}) = {}.",
                               g(s.len), g(s.len), g(s.capacity), g(s.requested));
        }
    case K::reset_release_all:
        return tr("Nothing to keep: every buffer goes back to the child, newest first, and the list is emptied.");
    case K::free_node: return trf("A {}-byte buffer goes back to the child.", g(s.node_len));
    case K::reset_end_index_zero:
        return trf("Only the oldest buffer ({} bytes) is kept, and end_index = 0. To hold the requested "
                           "capacity it should be header + requested = {} bytes.",
                           g(s.node_len), g(s.new_len));
    case K::reset_kept_fits:
        return trf("It is already exactly {} bytes: the child is not asked.", g(s.new_len));
    case K::reset_resize_kept:
        if (s.ok) return trf("The child resized it in place from {} to {} bytes.", g(s.node_len), g(s.new_len));
        return trf("The child cannot resize it in place from {} to {} bytes, so the arena reallocates "
                           "by hand: a new buffer, then free the old.",
                           g(s.node_len), g(s.new_len));
    case K::reset_realloc:
        if (s.ok) return trf("The child gave a new {}-byte buffer.", g(s.new_len));
        return trf("The child refused a new {}-byte buffer.", g(s.new_len));
    case K::reset_free_old:
        return trf("The old {}-byte buffer goes back to the child; the new one is now the only node.",
                           g(s.node_len));
    case K::reset_failed:
        return trf("reset returns false: the old {}-byte buffer stays as the only node, empty and still "
                           "usable, but the arena was not resized to {} bytes.",
                           g(s.node_len), g(s.new_len));
    case K::deinit_begin: return tr("deinit: every buffer goes back to the child, newest first.");
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
