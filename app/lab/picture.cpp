#include "lab/picture.hpp"

#include <algorithm>

namespace lab {

namespace {

using arena::StepKind;

// The first successful alloc among a step's calls: the buffer it created.
std::uint64_t newBufferId(std::span<const arena::ChildCall> calls)
{
    for (const auto& c : calls)
        if (c.kind == arena::ChildCall::Kind::alloc && c.ok) return c.buf;
    return arena::ChildCall::no_buf;
}

PictureNode* containing(std::vector<PictureNode>& nodes, std::uintptr_t addr)
{
    for (auto& n : nodes)
        if (addr >= n.addr && addr < n.addr + n.len) return &n;
    return nullptr;
}

Segment* segmentAt(PictureNode& node, std::size_t begin)
{
    auto it = std::lower_bound(node.segments.begin(), node.segments.end(), begin,
                               [](const Segment& s, std::size_t b) { return s.begin < b; });
    return it != node.segments.end() && it->begin == begin ? &*it : nullptr;
}

// Bytes the bump pointer now covers again: ghosts of earlier frees there go,
// and `added` (sorted, inside [begin, end)) takes their place. Segments are
// sorted and apart, so those touching [begin, end) are one run (usually
// none: a bump lands past every segment); only that run changes, in place
// when it keeps its length (a bump over the ghost of an allocation of the
// same size, as after every reset), so no step shifts the whole node.
void cover(PictureNode& node, std::size_t begin, std::size_t end, std::span<const Segment> added = {})
{
    auto& segs = node.segments;
    const auto first = std::partition_point(segs.begin(), segs.end(), [begin](const Segment& s) { return s.end <= begin; });
    if (added.empty() && (first == segs.end() || first->begin >= end)) return;
    auto last = first;
    static thread_local std::vector<Segment> run;
    run.clear();
    for (; last != segs.end() && last->begin < end; ++last) {
        const Segment& s = *last;
        if (s.kind != SegmentKind::freed) {
            run.push_back(s);
            continue;
        }
        if (s.begin < begin) run.push_back({s.kind, s.begin, begin, s.op, s.name, s.alignment});
        if (s.end > end) run.push_back({s.kind, end, s.end, s.op, s.name, s.alignment});
    }
    for (const Segment& a : added) {
        const auto at = std::lower_bound(run.begin(), run.end(), a.begin, [](const Segment& s, std::size_t b) { return s.begin < b; });
        run.insert(at, a);
    }
    const auto at = static_cast<std::size_t>(first - segs.begin());
    const auto old_n = static_cast<std::size_t>(last - first);
    const std::size_t common = std::min(old_n, run.size());
    std::copy_n(run.begin(), common, segs.begin() + static_cast<std::ptrdiff_t>(at));
    const auto tail = segs.begin() + static_cast<std::ptrdiff_t>(at + common);
    if (run.size() > old_n) segs.insert(tail, run.begin() + static_cast<std::ptrdiff_t>(common), run.end());
    else segs.erase(tail, tail + static_cast<std::ptrdiff_t>(old_n - common));
}

void insertSorted(PictureNode& node, const Segment& seg)
{
    auto it = std::lower_bound(node.segments.begin(), node.segments.end(), seg.begin,
                               [](const Segment& s, std::size_t b) { return s.begin < b; });
    node.segments.insert(it, seg);
}

// The target of a resize or free shrinks to `new_len`; the cut-off tail
// becomes `tail_kind`.
void shrinkTarget(PictureNode& node, Segment& target, std::size_t new_len, SegmentKind tail_kind)
{
    Segment tail{tail_kind, target.begin + new_len, target.end, target.op, target.name, target.alignment};
    tail.shrunk = tail_kind == SegmentKind::stranded;
    target.end = target.begin + new_len;
    if (tail.len() > 0) insertSorted(node, tail);
}

std::size_t liveIn(const PictureNode& node)
{
    std::size_t live = 0;
    for (const Segment& seg : node.segments)
        if (seg.kind == SegmentKind::live) live += seg.len();
    return live;
}

// Removes the node at `addr`; returns the live bytes it held.
std::size_t dropNode(std::vector<PictureNode>& nodes, std::uintptr_t addr)
{
    std::size_t live = 0;
    std::erase_if(nodes, [&](const PictureNode& n) {
        if (n.addr != addr) return false;
        live += liveIn(n);
        return true;
    });
    return live;
}

// A reset's kept node, resized in place by the child to `new_len`.
void resizeKept(Picture& pic, PictureNode& node, std::size_t new_len)
{
    pic.live_bytes -= liveIn(node);
    node.len = new_len;
    std::erase_if(node.segments, [&](const Segment& seg) { return seg.begin >= node.len; });
    for (auto& seg : node.segments) seg.end = std::min(seg.end, node.len);
    pic.live_bytes += liveIn(node);
}

// What a resize or free does to its target: the classic arena's step kinds,
// which Zig 0.16's map to (changeKindOf016).
bool movesEndIndex(StepKind kind)
{
    return kind == StepKind::resize_shrink || kind == StepKind::resize_grow_fits || kind == StepKind::free_last;
}

// Applies a resize or free (`change`, a classic kind) to the allocation at
// s.addr; returns its node, or null when the picture has no such segment.
PictureNode* changeTarget(Picture& pic, const arena::Step& s, StepKind change)
{
    PictureNode* node = containing(pic.nodes, s.addr);
    Segment* target = node ? segmentAt(*node, s.addr - node->addr) : nullptr;
    if (target == nullptr) return nullptr;
    // Whatever this makes of the target stays within its bytes (or, growing, new_len of them).
    node->dirty_end = std::max(node->dirty_end, std::max(target->end, target->begin + s.new_len));
    const bool was_live = target->kind == SegmentKind::live;
    if (was_live) pic.live_bytes -= target->len(); // added back below for what stays live
    if (change == StepKind::resize_shrink) {
        shrinkTarget(*node, *target, s.new_len, SegmentKind::freed);
    } else if (change == StepKind::resize_grow_fits) {
        const std::size_t new_end = target->begin + s.new_len;
        const std::size_t old_end = target->end;
        target->end = new_end; // the pointer into segments is used up before it may move
        cover(*node, old_end, new_end);
    } else if (change == StepKind::resize_not_last) {
        if (s.ok && s.new_len < s.len) shrinkTarget(*node, *target, s.new_len, SegmentKind::stranded);
    } else if (change == StepKind::free_last) {
        target->kind = SegmentKind::freed;
    } else {
        target->kind = SegmentKind::stranded;
    }
    // The target is still at its place (cover and shrinkTarget keep it there).
    if (const Segment* now = segmentAt(*node, s.addr - node->addr); was_live && now && now->kind == SegmentKind::live)
        pic.live_bytes += now->len();
    return node;
}

} // namespace

void Picture::apply(const arena::Step& s, std::span<const arena::ChildCall> calls, std::uint32_t op, std::uint32_t name,
                    std::uint8_t thread)
{
    if (model == Model::zig_0_16) {
        apply016(s, calls, op, name, thread);
        return;
    }
    switch (s.kind) {
    case StepKind::node_prepended:
        nodes.insert(nodes.begin(), PictureNode{newBufferId(calls), s.new_len, s.addr, {}, 0});
        end_index = 0;
        break;
    case StepKind::grow_in_place:
        if (s.ok && !nodes.empty()) nodes.front().len = s.new_len;
        break;
    case StepKind::fits_bumped: {
        if (nodes.empty()) break;
        PictureNode& node = nodes.front();
        const std::size_t begin = header_bytes + s.end_index;
        const std::size_t end = header_bytes + s.new_end_index;
        const std::size_t alloc_begin = end - s.len;
        const Segment made[2] = {{SegmentKind::padding, begin, alloc_begin, op, name, 1},
                                 {SegmentKind::live, alloc_begin, end, op, name, s.alignment}};
        cover(node, begin, end, std::span(made).subspan(alloc_begin > begin ? 0 : 1));
        live_bytes += s.len; // cover() replaces only ghosts of freed bytes
        node.dirty_end = std::max(node.dirty_end, end);
        end_index = s.new_end_index;
        break;
    }
    case StepKind::resize_shrink:
    case StepKind::resize_grow_fits:
    case StepKind::resize_not_last:
    case StepKind::free_last:
    case StepKind::free_not_last:
        if (PictureNode* node = changeTarget(*this, s, s.kind); node && movesEndIndex(s.kind)) end_index = s.new_end_index;
        break;
    case StepKind::free_node:
    case StepKind::reset_free_old:
        live_bytes -= dropNode(nodes, s.addr);
        break;
    case StepKind::reset_release_all:
        end_index = 0;
        break;
    case StepKind::reset_end_index_zero:
        end_index = 0;
        // Every handle died with the reset: what the kept buffer held is free
        // again (past dirty_end it already is).
        for (auto& node : nodes) {
            for (auto& seg : node.segments) {
                if (seg.begin >= node.dirty_end) break;
                seg.kind = SegmentKind::freed;
                seg.shrunk = false;
            }
            node.dirty_end = 0;
        }
        live_bytes = 0; // every segment past a node's dirty_end is already freed
        break;
    case StepKind::reset_resize_kept:
        if (s.ok && !nodes.empty()) resizeKept(*this, nodes.front(), s.new_len);
        break;
    case StepKind::reset_realloc:
        // For a moment both buffers exist: the new one, then the old one is freed.
        if (s.ok) nodes.insert(nodes.begin(), PictureNode{newBufferId(calls), s.new_len, s.addr, {}, 0});
        break;
    default:
        break; // steps that decide without changing memory
    }
}

PictureStats Picture::stats() const
{
    PictureStats st;
    for (const auto& node : nodes) {
        st.capacity += node.len - headerBytes();
        st.held_bytes += node.len;
        st.header_bytes += headerBytes();
        for (const auto& seg : node.segments) {
            switch (seg.kind) {
            case SegmentKind::live:
                st.live_bytes += seg.len();
                ++st.live_allocations;
                break;
            case SegmentKind::padding: st.padding_bytes += seg.len(); break;
            case SegmentKind::stranded: st.stranded_bytes += seg.len(); break;
            case SegmentKind::gap: st.gap_bytes += seg.len(); break;
            case SegmentKind::freed:
            case SegmentKind::reserved: break;
            }
        }
    }
    return st;
}

std::size_t Picture::usedCount() const
{
    return static_cast<std::size_t>(std::count_if(nodes.begin(), nodes.end(), [](const PictureNode& n) { return n.list == 0; }));
}

// Zig 0.16's steps. Each node keeps its own end_index; a bump first
// reserves n + alignment - 1 bytes (drawn `reserved`), gives the overshoot
// back, then either hands the bytes out or, past the end, leaves them a
// `gap`. Nodes move between the lists only by a push.
void Picture::apply016(const arena::Step& s, std::span<const arena::ChildCall> calls, std::uint32_t op, std::uint32_t name,
                       std::uint8_t thread)
{
    const std::size_t hdr = headerBytes();
    // This thread's alloc under way (another thread's may be under way too).
    PendingAlloc& mine = pending[std::min<std::size_t>(thread, pending.size() - 1)];
    const auto nodeAt = [&](std::uintptr_t addr) -> PictureNode* {
        for (auto& n : nodes)
            if (n.addr == addr) return &n;
        return nullptr;
    };
    // The reserved run a bump made, starting at the bump's old end_index.
    const auto reservedAt = [](PictureNode& node, std::size_t begin) -> Segment* {
        Segment* seg = segmentAt(node, begin);
        return seg && seg->kind == SegmentKind::reserved ? seg : nullptr;
    };
    const auto dropReserved = [](PictureNode& node, Segment* seg) {
        node.segments.erase(node.segments.begin() + (seg - node.segments.data()));
    };
    switch (s.kind) {
    case StepKind::alloc_begin:
        mine = {s.len, s.alignment};
        break;
    case StepKind::fetch_add_end_index:
        if (PictureNode* node = nodeAt(s.addr)) {
            node->end_index = s.new_end_index;
            const std::size_t begin = hdr + s.end_index;
            const std::size_t end = std::min(hdr + s.new_end_index, node->len);
            if (begin < end) {
                const Segment made{SegmentKind::reserved, begin, end, op, name, s.alignment};
                cover(*node, begin, end, std::span(&made, 1));
                node->dirty_end = std::max(node->dirty_end, end);
            }
        }
        break;
    case StepKind::give_back_overshoot:
        if (PictureNode* node = nodeAt(s.addr); node && s.ok) {
            node->end_index = s.new_end_index;
            // The bump started at aligned - padding; its run now ends at aligned + n.
            if (Segment* r = reservedAt(*node, hdr + s.new_end_index - s.len - s.padding)) {
                r->end = std::min(r->end, hdr + s.new_end_index);
                if (r->len() == 0) dropReserved(*node, r);
            }
        }
        break;
    case StepKind::bump_fits:
        if (PictureNode* node = nodeAt(s.addr)) {
            const std::size_t begin = hdr + s.end_index - s.padding;
            const std::size_t alloc_begin = hdr + s.end_index;
            const std::size_t end = hdr + s.new_end_index;
            if (Segment* r = reservedAt(*node, begin)) dropReserved(*node, r);
            const Segment made[2] = {{SegmentKind::padding, begin, alloc_begin, op, name, 1},
                                     {SegmentKind::live, alloc_begin, end, op, name, s.alignment}};
            cover(*node, begin, end, std::span(made).subspan(alloc_begin > begin ? 0 : 1));
            live_bytes += s.len;
            node->dirty_end = std::max(node->dirty_end, end);
        }
        break;
    case StepKind::bump_past_end:
        // What the bump took inside the buffer is lost to this node: a gap.
        if (PictureNode* node = nodeAt(s.addr))
            if (Segment* r = reservedAt(*node, hdr + s.end_index - s.padding)) r->kind = SegmentKind::gap;
        break;
    case StepKind::grow_node:
        if (PictureNode* node = nodeAt(s.addr); node && s.ok) {
            // The allocation goes after end_index (past the old end): the gap
            // reaches up to it, through the bytes the child just added.
            const std::size_t old_len = node->len;
            node->len = s.new_len;
            const std::size_t gap_end = hdr + s.new_end_index - s.len;
            if (!node->segments.empty() && node->segments.back().kind == SegmentKind::gap) {
                node->segments.back().end = std::max(node->segments.back().end, gap_end);
            } else if (old_len < gap_end) {
                insertSorted(*node, {SegmentKind::gap, old_len, gap_end, op, name, 1});
            }
            node->dirty_end = std::max(node->dirty_end, gap_end);
        }
        break;
    case StepKind::claim_grown:
        if (PictureNode* node = nodeAt(s.addr); node && s.ok) {
            node->end_index = s.new_end_index;
            const std::size_t end = hdr + s.new_end_index;
            const Segment made{SegmentKind::live, end - s.len, end, op, name, mine.alignment};
            cover(*node, made.begin, end, std::span(&made, 1));
            live_bytes += s.len;
            node->dirty_end = std::max(node->dirty_end, end);
        }
        break;
    case StepKind::best_fit_grow:
        if (PictureNode* node = nodeAt(s.addr); node && s.ok) node->len = s.new_len;
        break;
    case StepKind::push_node:
        if (!s.ok) {
            // Lost the race: a node the thread made (on no list yet) is its
            // own until it pushes it again or gives it to free_list.
            const bool known = nodeAt(s.addr) != nullptr ||
                               std::any_of(held.begin(), held.end(), [&](const PictureNode& n) { return n.addr == s.addr; });
            if (!known) {
                PictureNode made{newBufferId(calls), s.new_len, s.addr, {}, 0};
                made.list = 3;
                held.push_back(std::move(made));
            }
        }
        if (s.ok) {
            // A new node from the child (this step's calls made it), or the
            // best fit taken off free_list: first in used_list either way.
            PictureNode node;
            const auto was_held = std::find_if(held.begin(), held.end(), [&](const PictureNode& n) { return n.addr == s.addr; });
            if (was_held != held.end()) {
                node = std::move(*was_held);
                held.erase(was_held);
            } else if (PictureNode* known = nodeAt(s.addr)) {
                node = std::move(*known);
                live_bytes -= liveIn(node);
                nodes.erase(nodes.begin() + (known - nodes.data()));
                node.segments.clear();
            } else {
                node.buf = newBufferId(calls);
                node.addr = s.addr;
            }
            node.len = s.new_len;
            node.list = 0;
            node.end_index = s.new_end_index;
            const std::size_t end = hdr + s.new_end_index;
            const std::size_t alloc_begin = end - std::min(mine.len, s.new_end_index);
            if (alloc_begin > hdr) node.segments.push_back({SegmentKind::padding, hdr, alloc_begin, op, name, 1});
            if (end > alloc_begin) node.segments.push_back({SegmentKind::live, alloc_begin, end, op, name, mine.alignment});
            live_bytes += end - alloc_begin;
            node.dirty_end = end;
            nodes.insert(nodes.begin(), std::move(node));
        }
        break;
    case StepKind::steal_free_list:
        // free_list is swapped with null: its nodes are the thread's now.
        for (auto it = nodes.begin(); it != nodes.end();) {
            if (it->list != 1) {
                ++it;
                continue;
            }
            it->list = 2;
            held.push_back(std::move(*it));
            it = nodes.erase(it);
        }
        break;
    case StepKind::push_free_list:
        if (s.ok) {
            // Back on free_list (after used_list's nodes): the node made and
            // not pushed, or the whole stolen list that is left.
            const auto at = std::find_if(held.begin(), held.end(), [&](const PictureNode& n) { return n.addr == s.addr; });
            const std::uint8_t which = at != held.end() ? at->list : std::uint8_t{2};
            for (auto it = held.begin(); it != held.end();) {
                if (which == 3 ? it != at : it->list != 2) {
                    ++it;
                    continue;
                }
                it->list = 1;
                nodes.push_back(std::move(*it));
                it = held.erase(it);
                if (which == 3) break;
            }
        }
        break;
    case StepKind::resize_not_last: changeTarget(*this, s, StepKind::resize_not_last); break;
    case StepKind::free_not_last: changeTarget(*this, s, StepKind::free_not_last); break;
    case StepKind::shrink_end_index:
    case StepKind::grow_end_index:
    case StepKind::free_end_index:
        if (!s.ok) break;
        if (PictureNode* node = changeTarget(*this, s,
                                             s.kind == StepKind::shrink_end_index ? StepKind::resize_shrink
                                             : s.kind == StepKind::grow_end_index ? StepKind::resize_grow_fits
                                                                                  : StepKind::free_last))
            node->end_index = s.new_end_index;
        break;
    case StepKind::free_node:
    case StepKind::reset_free_old:
    case StepKind::reset_list_emptied:
        live_bytes -= dropNode(nodes, s.addr);
        break;
    case StepKind::reset_end_index_zero:
        // Every handle died with the reset: the kept node's bytes are free again.
        if (PictureNode* node = nodeAt(s.addr)) {
            live_bytes -= liveIn(*node);
            node->end_index = 0;
            for (auto& seg : node->segments) {
                if (seg.begin >= node->dirty_end) break;
                seg.kind = SegmentKind::freed;
                seg.shrunk = false;
            }
            node->dirty_end = 0;
        }
        break;
    case StepKind::reset_resize_kept:
        // The list's only node by now: the one it keeps.
        for (auto& node : nodes) {
            if (node.list != s.list || !s.ok) continue;
            resizeKept(*this, node, s.new_len);
            break;
        }
        break;
    case StepKind::reset_realloc:
        // For a moment both nodes are in the list: the new one, then the old one is freed.
        if (s.ok) {
            const auto at = std::find_if(nodes.begin(), nodes.end(), [&](const PictureNode& n) { return n.list >= s.list; });
            PictureNode made{newBufferId(calls), s.new_len, s.addr, {}, 0};
            made.list = s.list;
            nodes.insert(at, std::move(made));
        }
        break;
    default:
        break; // loads, begin and end of a resize, steals, failed swaps: nothing moves
    }
    const auto first = std::find_if(nodes.begin(), nodes.end(), [](const PictureNode& n) { return n.list == 0; });
    end_index = first == nodes.end() ? 0 : first->end_index;
}

std::size_t Picture::segmentCount() const
{
    std::size_t n = 0;
    for (const auto& node : nodes) n += node.segments.size();
    return n;
}

const PictureNode* Picture::nodeAt(std::uintptr_t addr) const
{
    for (const auto& n : nodes)
        if (addr >= n.addr && addr < n.addr + n.len) return &n;
    return nullptr;
}

} // namespace lab
