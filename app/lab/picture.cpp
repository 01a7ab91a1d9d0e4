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

} // namespace

void Picture::apply(const arena::Step& s, std::span<const arena::ChildCall> calls, std::uint32_t op, std::uint32_t name)
{
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
    case StepKind::free_not_last: {
        PictureNode* node = containing(nodes, s.addr);
        Segment* target = node ? segmentAt(*node, s.addr - node->addr) : nullptr;
        if (target == nullptr) break;
        // Whatever this makes of the target stays within its bytes (or, growing, new_len of them).
        node->dirty_end = std::max(node->dirty_end, std::max(target->end, target->begin + s.new_len));
        const bool was_live = target->kind == SegmentKind::live;
        if (was_live) live_bytes -= target->len(); // added back below for what stays live
        if (s.kind == StepKind::resize_shrink) {
            shrinkTarget(*node, *target, s.new_len, SegmentKind::freed);
            end_index = s.new_end_index;
        } else if (s.kind == StepKind::resize_grow_fits) {
            const std::size_t new_end = target->begin + s.new_len;
            const std::size_t old_end = target->end;
            target->end = new_end; // the pointer into segments is used up before it may move
            cover(*node, old_end, new_end);
            end_index = s.new_end_index;
        } else if (s.kind == StepKind::resize_not_last) {
            if (s.ok && s.new_len < s.len) shrinkTarget(*node, *target, s.new_len, SegmentKind::stranded);
        } else if (s.kind == StepKind::free_last) {
            target->kind = SegmentKind::freed;
            end_index = s.new_end_index;
        } else {
            target->kind = SegmentKind::stranded;
        }
        // The target is still at its place (cover and shrinkTarget keep it there).
        if (const Segment* now = segmentAt(*node, s.addr - node->addr); was_live && now && now->kind == SegmentKind::live)
            live_bytes += now->len();
        break;
    }
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
        if (s.ok && !nodes.empty()) {
            PictureNode& node = nodes.front();
            live_bytes -= liveIn(node);
            node.len = s.new_len;
            std::erase_if(node.segments, [&](const Segment& seg) { return seg.begin >= node.len; });
            for (auto& seg : node.segments) seg.end = std::min(seg.end, node.len);
            live_bytes += liveIn(node);
        }
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
        st.capacity += node.len - header_bytes;
        st.held_bytes += node.len;
        st.header_bytes += header_bytes;
        for (const auto& seg : node.segments) {
            switch (seg.kind) {
            case SegmentKind::live:
                st.live_bytes += seg.len();
                ++st.live_allocations;
                break;
            case SegmentKind::padding: st.padding_bytes += seg.len(); break;
            case SegmentKind::stranded: st.stranded_bytes += seg.len(); break;
            case SegmentKind::freed: break;
            }
        }
    }
    return st;
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
