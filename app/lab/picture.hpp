// The picture of the arena at one moment: its buffers, newest first, and
// what every byte range in them is (header, live allocation, alignment
// padding, bytes given back by rolling end_index back, bytes that stay used
// until a reset). The arena view draws this; the history can rebuild it at
// any step by applying the arena's own steps one after another.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"
#include "lab/model.hpp"
#include "lab/script.hpp"

namespace lab {

// The classic arena's BufNode header; a Picture's own is headerBytes().
inline constexpr std::size_t header_bytes = arena::buf_node_header_bytes;
inline constexpr std::uint32_t no_name = UINT32_MAX;

enum class SegmentKind : std::uint8_t {
    live,     // an allocation in use
    padding,  // skipped to align the allocation after it
    freed,    // given back by rolling end_index back: the next alloc reuses it
    stranded, // freed or shrunk but not the most recent: used until a reset
    // Zig 0.16 only:
    reserved, // bumped over by fetch_add end_index, not yet given back or handed out
    gap,      // skipped by a failed fit: the bytes its bump took, then (grown in place) up to the new allocation
};

struct Segment {
    SegmentKind kind = SegmentKind::live;
    std::size_t begin = 0;        // bytes from the buffer's start (the header is 0..16)
    std::size_t end = 0;          // one past the last byte
    std::uint32_t op = 0;         // the operation that made it (History op index)
    std::uint32_t name = no_name; // the handle it was bound to (History name index)
    std::size_t alignment = 1;    // live: the alignment asked for
    // stranded: the bytes an older allocation gave up by shrinking (a
    // resize), not a whole allocation freed while not the most recent.
    // Both wait for a reset; the picture names them apart.
    bool shrunk = false;
    std::size_t len() const { return end - begin; }
};

struct PictureNode {
    std::uint64_t buf = 0;     // the child's buffer number
    std::size_t len = 0;       // header included
    std::uintptr_t addr = 0;   // where the buffer starts (only meaningful within one run)
    std::vector<Segment> segments; // sorted by begin, non-overlapping; the header is implicit
    // Every segment beginning at or past this offset is freed (a ghost), so
    // a reset need not visit them; SIZE_MAX when unknown.
    std::size_t dirty_end = SIZE_MAX;
    // Zig 0.16: the node's own end_index (every node keeps it; past
    // len - 24 after a failed fit) and its list (0: used_list, 1: free_list).
    std::size_t end_index = 0;
    std::uint8_t list = 0;
};

struct PictureStats {
    std::size_t capacity = 0;      // queryCapacity(): sum of (len - 16)
    std::size_t live_bytes = 0;    // bytes in live allocations
    std::size_t padding_bytes = 0;
    std::size_t stranded_bytes = 0;
    std::size_t gap_bytes = 0;     // Zig 0.16: skipped by failed fits
    std::size_t held_bytes = 0;    // bytes the child holds for the arena: sum of len
    std::size_t header_bytes = 0;  // headerBytes() per node
    std::size_t live_allocations = 0;
};

struct Picture {
    Model model = default_model;
    // Newest first, as the arena's list; Zig 0.16: used_list's nodes, then
    // free_list's (PictureNode::list).
    std::vector<PictureNode> nodes;
    std::size_t end_index = 0; // the first node's (Zig 0.16: used_list's first, also in its node)
    // Bytes in live allocations: stats().live_bytes, kept by apply() so a
    // walk over a long history can read it at every step without visiting
    // every segment.
    std::size_t live_bytes = 0;
    // Zig 0.16: the alloc each thread has under way (alloc_begin's n and
    // alignment), by thread (0: a statement of no thread): a new node's push
    // tells its end_index, and n splits it into padding and bytes. In a race
    // two threads' allocs overlap, so each keeps its own.
    struct PendingAlloc {
        std::size_t len = 0;
        std::size_t alignment = 0;
    };
    std::array<PendingAlloc, max_threads + 1> pending{};
    // Zig 0.16, in a race: nodes a thread holds off both lists, not drawn
    // (list 2: the free list it stole whole; list 3: a node it made and has
    // not pushed, the loser's node before it goes to free_list).
    std::vector<PictureNode> held;

    std::size_t headerBytes() const { return modelHeaderBytes(model); }
    // Zig 0.16: the nodes of used_list (they come first in `nodes`).
    std::size_t usedCount() const;

    // Advances the picture by one step of the arena. `calls` are the child
    // calls made during that step (they tell the numbers of new buffers);
    // `op` and `name` label what the step creates; `thread` (1-based, 0:
    // none) is the thread whose operation it is (History::opThread).
    void apply(const arena::Step& step, std::span<const arena::ChildCall> calls, std::uint32_t op, std::uint32_t name,
               std::uint8_t thread);
    // apply()'s half for Zig 0.16's steps.
    void apply016(const arena::Step& step, std::span<const arena::ChildCall> calls, std::uint32_t op, std::uint32_t name,
                  std::uint8_t thread);

    PictureStats stats() const;
    std::size_t segmentCount() const;

    // The node holding address `addr` and the segment starting there, if any.
    const PictureNode* nodeAt(std::uintptr_t addr) const;
};

} // namespace lab
