#include "lab/explain.hpp"

#include <fmt/core.h>

#include "arena/arena_allocator.hpp"
#include "arena/arena_allocator_016.hpp"
#include "lab/i18n.hpp"
#include "lab/numbers.hpp"
#include "lab/session.hpp"

namespace lab {

namespace {

constexpr std::size_t header = arena::buf_node_header_bytes;
constexpr std::size_t header16 = arena::zig016::node_header_bytes; // Zig 0.16's Node

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
        if (s.addr != 0) // Zig 0.16's names the node it keeps, on either list
            return trf("{}: every node but its last, the oldest ({} bytes), went back; that one's end_index = 0. "
                       "It should be 24 + the list's share of the capacity, rounded down to even: {} bytes.",
                       s.list == 0 ? "used_list" : "free_list", grouped(s.node_len), grouped(s.new_len));
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

    // Zig 0.16's arena.
    case Kind::load_first_node:
        if (s.addr == 0) return tr("Atomic load of used_list (acquire): it is empty, there is no node yet.");
        return tr("Atomic load of used_list (acquire): the first node, the newest. Acquire makes everything the "
               "thread that pushed it wrote into its header visible here.");
    case Kind::load_buf:
        return trf("Atomic load of the node's size: {} bytes, so {} - {} header = {} bytes of buffer. "
                           "The size only ever grows, so this buffer stays valid memory.",
                           grouped(s.node_len), grouped(s.node_len), grouped(header16), grouped(s.node_len - header16));
    case Kind::fetch_add_end_index:
        return trf("One atomic add reserves n + align - 1 = {} + {} - 1 = {} bytes: end_index goes from "
                           "{} to {}. That is enough to align the allocation whatever the address, with no "
                           "compare-and-swap loop.",
                           grouped(s.len), grouped(s.alignment), grouped(s.new_end_index - s.end_index), grouped(s.end_index),
                           grouped(s.new_end_index));
    case Kind::give_back_overshoot:
        return trf("Aligning needed {} of padding, so {} reserved bytes were too many. One "
                           "compare-and-swap gives them back: end_index {} -> {} ({}).",
                           bytes(s.padding), grouped(s.end_index - s.new_end_index), grouped(s.end_index), grouped(s.new_end_index),
                           s.ok ? tr("done") : tr("another thread moved end_index first, so the bytes stay reserved"));
    case Kind::bump_fits:
        return trf("{} + {} = {} <= {} bytes of buffer: it fits. The allocation starts at end_index {}, "
                           "{} bytes into the buffer.",
                           grouped(s.end_index), grouped(s.len), grouped(s.new_end_index), grouped(s.node_len - header16), grouped(s.end_index),
                           grouped(header16 + s.end_index));
    case Kind::bump_past_end:
        return trf("{} + {} = {} > {} bytes of buffer: it does not fit. The add has already happened, so "
                           "end_index stays at {}, past the buffer's end. That is safe: every reader compares "
                           "end_index with the size, and no allocation lives there.",
                           grouped(s.end_index), grouped(s.len), grouped(s.new_end_index), grouped(s.node_len - header16),
                           grouped(s.new_end_index));
    case Kind::begin_resize:
        if (s.ok)
            return trf("Set the node's resizing bit (the lowest bit of size, which is why sizes are even): "
                               "this thread may now ask the child to grow the {}-byte node.",
                               grouped(s.node_len));
        return tr("The resizing bit was already set: another thread is growing this node, so this one does not try.");
    case Kind::load_end_index: return trf("Atomic load of the node's end_index: {}.", grouped(s.end_index));
    case Kind::resize_raced:
        return trf("The node would have to be {} bytes, no more than its {}: a resize or free sneaked in. "
                           "Sizes only ever grow, so the arena starts over.",
                           grouped(s.new_len), grouped(s.node_len));
    case Kind::grow_node:
        if (s.ok)
            return trf("The new allocation goes after end_index {} (+ {} padding), so the node must hold "
                               "{} header + {} + {} = {} bytes, rounded up to even: {}. The child grew it in place "
                               "from {}.",
                               grouped(s.end_index), grouped(s.padding), grouped(header16), grouped(s.end_index + s.padding), grouped(s.len),
                               grouped(header16 + s.new_end_index), grouped(s.new_len), grouped(s.node_len));
        return trf("The node must hold {} header + {} + {} = {} bytes (even: {}); the child could not "
                           "grow it in place from {}.",
                           grouped(header16), grouped(s.end_index + s.padding), grouped(s.len), grouped(header16 + s.new_end_index),
                           grouped(s.new_len), grouped(s.node_len));
    case Kind::claim_grown:
        if (!s.ok)
            return trf("Compare-and-swap end_index {} -> {} in the grown node failed: another thread moved it.",
                       grouped(s.end_index), grouped(s.new_end_index));
        return trf("Compare-and-swap end_index {} -> {} in the grown node: the allocation is bytes {} to {}, "
                   "after the failed reservation. The bytes that reservation took, up to {}, stay unused until a "
                   "reset: a wasted gap.",
                   grouped(s.end_index), grouped(s.new_end_index), grouped(s.new_end_index - s.len), grouped(s.new_end_index),
                   grouped(s.new_end_index - s.len));
    case Kind::end_resize:
        if (s.new_len == s.node_len)
            return trf("Store the size {} with the resizing bit clear (release): the resize is over, the node unchanged.",
                       grouped(s.new_len));
        return trf("Store the size {} with the resizing bit clear (release): the resize is over.", grouped(s.new_len));
    case Kind::steal_free_list:
        if (s.addr == 0) return tr("Atomic swap of free_list with null: it was empty.");
        return tr("Atomic swap of free_list with null: this thread now owns the whole list, so no other thread can "
               "change a `next` under it.");
    case Kind::best_fit:
        if (s.padding == 0)
            return trf("The best fit in the free list is a {}-byte node: the allocation fits.", grouped(s.node_len));
        return trf("No free node fits; the closest, {} bytes, lacks {}.", grouped(s.node_len), bytes(s.padding));
    case Kind::best_fit_grow:
        return trf("Ask the child to grow that node from {} to {} bytes: {}.", grouped(s.node_len), grouped(s.new_len),
                           s.ok ? tr("done") : tr("refused, so the free list is given back"));
    case Kind::push_free_list:
        return trf("Compare-and-swap free_list: the nodes go back on the free list{}.",
                           s.ok ? "" : tr(" (failed: another thread pushed first; try again)"));
    case Kind::push_node:
        if (s.ok)
            return trf("Compare-and-swap used_list: the {}-byte node, end_index {} already set, is now the "
                               "first node. The older node keeps its own end_index.",
                               grouped(s.new_len), grouped(s.new_end_index));
        return tr("Compare-and-swap used_list failed: another thread pushed a node first. Retry on that node.");
    case Kind::new_node_length:
        return trf("New node: (previous {} + {} header + align {} + n {} + 16) = {}, times 1.5 = {}, "
                           "rounded up to even: {} bytes.",
                           grouped(s.prev_len), grouped(header16), grouped(s.alignment), grouped(s.len), grouped(s.requested),
                           grouped(s.requested + s.requested / 2), grouped(s.new_len));
    case Kind::new_node_refused:
        return trf("The child refused a {}-byte node: alloc returns null. end_index stays where the failed "
                           "bump left it.",
                           grouped(s.new_len));
    case Kind::shrink_end_index:
        return trf("The most recent allocation shrinks from {} to {}: compare-and-swap end_index {} -> {} "
                           "(release). Shrinking succeeds either way.",
                           grouped(s.len), grouped(s.new_len), grouped(s.end_index), grouped(s.new_end_index));
    case Kind::grow_end_index:
        return trf("The most recent allocation grows from {} to {}: compare-and-swap end_index {} -> {} "
                           "(acquire): {}.",
                           grouped(s.len), grouped(s.new_len), grouped(s.end_index), grouped(s.new_end_index), s.ok ? tr("done") : tr("failed"));
    case Kind::grow_no_room:
        return trf("The most recent allocation cannot grow from {} to {}: it needs {} more, and {} bytes of "
                           "buffer minus end_index {} leaves {}. Refused (resize never asks the child).",
                           grouped(s.len), grouped(s.new_len), bytes(s.new_len - s.len), grouped(s.node_len - header16),
                           grouped(s.end_index),
                           grouped(s.node_len - header16 > s.end_index ? s.node_len - header16 - s.end_index : 0));
    case Kind::free_end_index:
        return trf("The most recent allocation is freed: compare-and-swap end_index {} -> {} (release), "
                           "so the next alloc reuses those {}.",
                           grouped(s.end_index), grouped(s.new_end_index), bytes(s.len));
    case Kind::reset_capacities:
        return trf("Capacities: used_list {} -> keep {}, free_list {} -> keep {} (the used list takes "
                           "its share of the limit first).",
                           grouped(s.capacity), grouped(s.requested), grouped(s.prev_len), grouped(s.min_size));
    case Kind::reset_list_emptied:
        return trf("{}: the last node would keep {} bytes, the header alone, so it goes back to the child "
                           "too and the list is empty.",
                           s.list == 0 ? "used_list" : "free_list", grouped(s.new_len));
    }
    return "?";
}

std::string describeCall(const arena::ChildCall& c)
{
    switch (c.kind) {
    case arena::ChildCall::Kind::alloc:
        return c.ok ? trf("alloc {} -> buf {}", bytesExact(c.len), c.buf) : trf("alloc {}: refused", bytesExact(c.len));
    case arena::ChildCall::Kind::resize:
        return c.ok ? trf("resize buf {} from {} to {}: yes", c.buf, bytesExact(c.len), bytesExact(c.new_len))
                    : trf("resize buf {} from {} to {}: no", c.buf, bytesExact(c.len), bytesExact(c.new_len));
    case arena::ChildCall::Kind::free: return trf("free buf {} ({})", c.buf, bytesExact(c.len));
    }
    return "?";
}

std::vector<ChildSetting> childSettings(const arena::ChildConfig& config, ChildSettingsForm form)
{
    const bool all = form == ChildSettingsForm::all;
    std::vector<ChildSetting> out{{tr(N_("Resize")), std::string(arena::policyName(config.resize))}};
    if (all || config.resize == arena::ResizePolicy::pages) out.push_back({tr(N_("Page")), bytesShort(config.page)});
    if (all || config.offset != 0) out.push_back({tr(N_("Offset")), bytesShort(config.offset)});
    if (all || config.limit != arena::ChildConfig{}.limit) out.push_back({tr(N_("Limit")), bytesShort(config.limit)});
    return out;
}

std::string childSettingsText(const arena::ChildConfig& config)
{
    std::string out;
    for (const ChildSetting& s : childSettings(config)) out += (out.empty() ? "" : "  ") + s.name + " " + s.value;
    return out;
}

std::string childSettingsSentence(const arena::ChildConfig& config)
{
    std::string out;
    for (const ChildSetting& s : childSettings(config, ChildSettingsForm::in_effect))
        out = out.empty() ? s.name + " " + s.value : trf("{}, {}", out, s.name + " " + s.value); // Chinese: "，"
    return out;
}

std::string buffersText(const ArenaState& state)
{
    if (state.nodes.empty()) return tr("none");
    std::string out;
    for (const NodeState& n : state.nodes) {
        const std::string node = trf("buf {} = {}", n.buf, bytesExact(n.len));
        out = out.empty() ? node : trf("{}, {}", out, node); // Chinese: "，", as childSettingsSentence
    }
    return out;
}

std::string describeState(const ArenaState& state)
{
    const bool z16 = state.model == Model::zig_0_16;
    std::string out = std::string(z16 ? "zig-0.16: " : "") +
                      (state.nodes.size() == 1 ? trf("end_index {}, capacity {}, {} node", grouped(state.end_index),
                                                     grouped(state.capacity), grouped(state.nodes.size()))
                                               : trf("end_index {}, capacity {}, {} nodes", grouped(state.end_index),
                                                     grouped(state.capacity), grouped(state.nodes.size())));
    if (!state.nodes.empty()) out += trf(" (newest first: {})", buffersText(state));
    if (z16)
        out += state.free_list.size() == 1 ? trf(", {} free node", grouped(state.free_list.size()))
                                           : trf(", {} free nodes", grouped(state.free_list.size()));
    return out;
}

} // namespace lab
