// The arena's branches, one by one, over the InstrumentedChild: the numbers
// the spec gives (docs/script.md, "The arena"), the state they leave and the exact
// calls the child receives.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

using Arena = arena::ArenaAllocator<>;
using Mode = Arena::ResetMode;

// The child's log from call `from` on, one call per item:
// "alloc 51 -> #0", "alloc 51 -> null", "resize #0 51->117 ok|no", "free #0 51".
std::string callLog(const InstrumentedChild& child, std::size_t from = 0)
{
    std::string out;
    const auto& calls = child.calls();
    for (std::size_t i = from; i < calls.size(); ++i) {
        const ChildCall& c = calls[i];
        if (!out.empty()) out += "; ";
        switch (c.kind) {
        case ChildCall::Kind::alloc:
            out += "alloc " + std::to_string(c.len) + " -> " + (c.ok ? "#" + std::to_string(c.buf) : std::string("null"));
            break;
        case ChildCall::Kind::resize:
            out += "resize #" + std::to_string(c.buf) + " " + std::to_string(c.len) + "->" + std::to_string(c.new_len) +
                   (c.ok ? " ok" : " no");
            break;
        case ChildCall::Kind::free:
            out += "free #" + std::to_string(c.buf) + " " + std::to_string(c.len);
            break;
        }
    }
    return out;
}

// The arena asks its child for everything at the alignment of BufNode.
bool allCallsAtAlignment8(const InstrumentedChild& child)
{
    for (const ChildCall& c : child.calls())
        if (c.alignment != 8) return false;
    return true;
}

// Node lengths (header included), newest first.
template <class A>
std::vector<std::size_t> nodeLens(const A& a)
{
    std::vector<std::size_t> out;
    for (auto* it = a.state.buffer_list.first; it != nullptr; it = it->next) out.push_back(it->data);
    return out;
}

using Lens = std::vector<std::size_t>;

// The bytes after the first node's header.
template <class A>
std::byte* firstData(const A& a)
{
    return reinterpret_cast<std::byte*>(a.state.buffer_list.first) + 16;
}

} // namespace

// ---------------------------------------------------------------- alloc

TEST_CASE("alloc: the first node is (n + alignment + 32) * 3 / 2 bytes, integer division")
{
    struct Case {
        std::size_t n;
        std::size_t align;
        std::size_t node_len;
    };
    // (1+1+32)=34 -> 51; (1+2+32)=35 -> 52 (35*3/2 = 52.5); (100+16+32)=148 -> 222; (7+8+32)=47 -> 70
    for (const Case c : {Case{1, 1, 51}, Case{1, 2, 52}, Case{100, 16, 222}, Case{7, 8, 70}}) {
        CAPTURE(c.n);
        CAPTURE(c.align);
        InstrumentedChild child(policy(ResizePolicy::never));
        {
            Arena a(child.allocator());
            std::byte* p = a.alloc(c.n, Alignment::fromByteUnits(c.align));
            REQUIRE(p != nullptr);
            CHECK(nodeLens(a) == Lens{c.node_len});
            CHECK(a.queryCapacity() == c.node_len - 16);
            CHECK(callLog(child) == "alloc " + std::to_string(c.node_len) + " -> #0");
            CHECK(allCallsAtAlignment8(child));
            // Offset 0: the data starts 16 bytes into a 4096-aligned buffer.
            const std::size_t padding = (c.align - 16 % c.align) % c.align;
            CHECK(p == firstData(a) + padding);
            CHECK(a.state.end_index == padding + c.n);
        }
        CHECK(callLog(child) == "alloc " + std::to_string(c.node_len) + " -> #0; free #0 " + std::to_string(c.node_len));
        CHECK(child.liveBuffers() == 0);
    }
}

TEST_CASE("alloc(1, align 1) on an empty arena: a 51-byte node, capacity 35, end_index 1")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    CHECK(a.queryCapacity() == 0);
    std::byte* p = a.alloc(1, align1);
    REQUIRE(p != nullptr);
    CHECK(nodeLens(a) == Lens{51});
    CHECK(a.queryCapacity() == 35);
    CHECK(a.state.end_index == 1);
    CHECK(p == firstData(a));
    REQUIRE(child.find(p).has_value());
    CHECK(child.find(p)->id == 0);
    CHECK(child.find(p)->len == 51);
    CHECK(reinterpret_cast<std::byte*>(a.state.buffer_list.first) == child.find(p)->start);
}

TEST_CASE("alloc: padding depends on the child's offset, deterministically")
{
    struct Case {
        std::size_t offset;
        std::size_t padding; // after alloc(1,1), data + 1 sits at offset + 17 modulo 4096
    };
    for (const Case c : {Case{0, 15}, Case{8, 7}, Case{24, 23}}) {
        CAPTURE(c.offset);
        InstrumentedChild child(policy(ResizePolicy::never, c.offset));
        Arena a(child.allocator());
        REQUIRE(a.alloc(1, align1) != nullptr);
        CHECK(addressOf(a.state.buffer_list.first) % 4096 == c.offset);
        std::byte* p = a.alloc(8, align32);
        REQUIRE(p != nullptr);
        CHECK(addressOf(p) % 32 == 0);
        CHECK(p == firstData(a) + 1 + c.padding);
        CHECK(a.state.end_index == 1 + c.padding + 8);
        CHECK(nodeLens(a) == Lens{51}); // it fit: no new call
        CHECK(child.calls().size() == 1);
    }
}

TEST_CASE("alloc: the first node always has room for the worst padding")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    // data at 16 mod 4096: 48 bytes of padding for alignment 64
    std::byte* p = a.alloc(1, align64);
    REQUIRE(p != nullptr);
    CHECK(addressOf(p) % 64 == 0);
    CHECK(nodeLens(a) == Lens{145}); // (1+64+32) = 97 -> 145
    CHECK(a.state.end_index == 49);
    CHECK(child.calls().size() == 1);
}

TEST_CASE("alloc: what fits bumps end_index in the same node")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    std::byte* p0 = a.alloc(1, align1);
    std::byte* p1 = a.alloc(10, align1);
    std::byte* p2 = a.alloc(24, align1); // 1 + 10 + 24 = 35: exactly full
    REQUIRE(p0 != nullptr);
    REQUIRE(p1 != nullptr);
    REQUIRE(p2 != nullptr);
    CHECK(p1 == p0 + 1);
    CHECK(p2 == p0 + 11);
    CHECK(a.state.end_index == 35);
    CHECK(nodeLens(a) == Lens{51});
    CHECK(callLog(child) == "alloc 51 -> #0");
}

TEST_CASE("alloc: what does not fit asks the child to resize the node to 16 + new_end")
{
    SUBCASE("policy always: grown in place")
    {
        InstrumentedChild child(policy(ResizePolicy::always));
        Arena a(child.allocator());
        std::byte* p0 = a.alloc(1, align1);
        std::byte* p1 = a.alloc(100, align1); // new_end 101 > 35
        REQUIRE(p1 != nullptr);
        CHECK(p1 == p0 + 1);
        CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->117 ok");
        CHECK(allCallsAtAlignment8(child));
        CHECK(nodeLens(a) == Lens{117});
        CHECK(a.queryCapacity() == 101);
        CHECK(a.state.end_index == 101);
        CHECK(child.find(p1 + 99).has_value()); // the child really holds the grown length
    }
    SUBCASE("policy always: new_end includes the padding")
    {
        InstrumentedChild child(policy(ResizePolicy::always));
        Arena a(child.allocator());
        std::byte* p0 = a.alloc(1, align1);
        std::byte* p1 = a.alloc(40, align16); // 17 -> 32: padding 15, new_end = 1 + 15 + 40 = 56
        REQUIRE(p1 != nullptr);
        CHECK(p1 == p0 + 16);
        CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->72 ok");
        CHECK(nodeLens(a) == Lens{72});
        CHECK(a.state.end_index == 56);
    }
    SUBCASE("policy pages, page 4096: grown in place within the page")
    {
        ChildConfig config = policy(ResizePolicy::pages);
        config.page = 4096;
        InstrumentedChild child(config);
        Arena a(child.allocator());
        REQUIRE(a.alloc(1, align1) != nullptr);
        REQUIRE(a.alloc(100, align1) != nullptr);
        CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->117 ok");
        CHECK(nodeLens(a) == Lens{117});
    }
    SUBCASE("policy pages, page 64: refused (64 -> 128), a new node")
    {
        ChildConfig config = policy(ResizePolicy::pages);
        config.page = 64;
        InstrumentedChild child(config);
        Arena a(child.allocator());
        REQUIRE(a.alloc(1, align1) != nullptr);
        REQUIRE(a.alloc(100, align1) != nullptr);
        CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->117 no; alloc 252 -> #1");
        CHECK(nodeLens(a) == Lens{252, 51});
    }
}

TEST_CASE("alloc: refused growth prepends a node with prev_len = old node length - 16")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    std::byte* p0 = a.alloc(1, align1);
    std::byte* p1 = a.alloc(100, align1);
    REQUIRE(p0 != nullptr);
    REQUIRE(p1 != nullptr);
    // createNode(prev 35, min 101): big = 35 + 101 + 32 = 168, len = 168 + 84 = 252
    CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->117 no; alloc 252 -> #1");
    CHECK(allCallsAtAlignment8(child));
    CHECK(nodeLens(a) == Lens{252, 51});
    CHECK(a.state.end_index == 100);  // reset to 0 by the new node, then bumped
    CHECK(a.queryCapacity() == 236 + 35);
    CHECK(p1 == firstData(a));
    CHECK(child.find(p1)->id == 1);
    CHECK(child.find(p0)->id == 0);
    // The old node is still the second in the list.
    CHECK(a.state.buffer_list.first->next == reinterpret_cast<Arena::BufNode*>(p0 - 16));

    // A third node grows on the second's length.
    REQUIRE(a.alloc(1000, align1) != nullptr);
    // 100 + 1000 > 236: resize to 1116 refused; createNode(236, 1001): 1269 -> 1903
    CHECK(callLog(child, 3) == "resize #1 252->1116 no; alloc 1903 -> #2");
    CHECK(nodeLens(a) == Lens{1903, 252, 51});
    CHECK(a.queryCapacity() == 1887 + 236 + 35);
}

TEST_CASE("alloc: the new node after a refused growth is aligned from its start")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    REQUIRE(a.alloc(1, align1) != nullptr);
    std::byte* p = a.alloc(40, align16); // new_end 56: resize to 72 refused
    REQUIRE(p != nullptr);
    // createNode(35, 56): 35 + 56 + 32 = 123 -> 184; data at 16 mod 4096: no padding
    CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->72 no; alloc 184 -> #1");
    CHECK(p == firstData(a));
    CHECK(a.state.end_index == 40);
}

TEST_CASE("alloc: a refused first node returns null and leaves the arena empty and usable")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    child.failNext(ChildCall::Kind::alloc);
    CHECK(a.alloc(10, align1) == nullptr); // (10+1+32) = 43 -> 64
    CHECK(callLog(child) == "alloc 64 -> null");
    CHECK(a.state.buffer_list.first == nullptr);
    CHECK(a.state.end_index == 0);
    CHECK(a.queryCapacity() == 0);
    CHECK(a.alloc(10, align1) != nullptr);
    CHECK(callLog(child, 1) == "alloc 64 -> #0");
    CHECK(nodeLens(a) == Lens{64});
}

TEST_CASE("alloc: a refused new node returns null and leaves the arena unchanged and usable")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    std::byte* p0 = a.alloc(1, align1);
    REQUIRE(p0 != nullptr);
    child.failNext(ChildCall::Kind::alloc);
    CHECK(a.alloc(100, align1) == nullptr);
    CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->117 no; alloc 252 -> null");
    CHECK(nodeLens(a) == Lens{51});
    CHECK(a.state.end_index == 1);
    CHECK(a.queryCapacity() == 35);
    // Still usable: what fits still fits, and the next growth works.
    CHECK(a.alloc(10, align1) == p0 + 1);
    CHECK(a.state.end_index == 11);
    REQUIRE(a.alloc(100, align1) != nullptr);
    CHECK(callLog(child, 3) == "resize #0 51->127 no; alloc 252 -> #1");
    CHECK(nodeLens(a) == Lens{252, 51});
}

TEST_CASE("alloc: a child at its limit refuses the new node")
{
    ChildConfig config = policy(ResizePolicy::never);
    config.limit = 100;
    InstrumentedChild child(config);
    Arena a(child.allocator());
    REQUIRE(a.alloc(1, align1) != nullptr);
    CHECK(a.alloc(100, align1) == nullptr);
    CHECK(callLog(child) == "alloc 51 -> #0; resize #0 51->117 no; alloc 252 -> null");
    CHECK(nodeLens(a) == Lens{51});
    CHECK(a.state.end_index == 1);
}

TEST_CASE("alloc: a length whose arithmetic overflows returns null without asking the child")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    Arena a(child.allocator());
    CHECK(a.alloc(SIZE_MAX, align1) == nullptr);       // n + alignment overflows
    CHECK(a.alloc(SIZE_MAX - 40, align1) == nullptr);  // createNode's length overflows
    CHECK(child.calls().empty());
    CHECK(a.state.buffer_list.first == nullptr);
    REQUIRE(a.alloc(1, align1) != nullptr);
    CHECK(a.alloc(SIZE_MAX, align8) == nullptr);
    CHECK(nodeLens(a) == Lens{51});
    CHECK(a.state.end_index == 1);
    CHECK(callLog(child) == "alloc 51 -> #0");
}

TEST_CASE("alloc: large alignments are honoured")
{
    InstrumentedChild child(policy(ResizePolicy::never, 8));
    Arena a(child.allocator());
    for (std::size_t align : {std::size_t{128}, std::size_t{4096}, std::size_t{65536}}) {
        CAPTURE(align);
        std::byte* p = a.alloc(3, Alignment::fromByteUnits(align));
        REQUIRE(p != nullptr);
        CHECK(addressOf(p) % align == 0);
        p[0] = p[1] = p[2] = std::byte{0x5a};
    }
}

// ---------------------------------------------------------------- resize / remap

TEST_CASE("resize: an empty arena refuses, without asking the child")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    std::byte local[16]{};
    CHECK_FALSE(a.resize({local, 8}, align1, 4));
    CHECK_FALSE(a.resize({local, 8}, align1, 12));
    CHECK(a.remap({local, 8}, align1, 4) == nullptr);
    CHECK(child.calls().empty());
    CHECK(a.state.buffer_list.first == nullptr);
}

TEST_CASE("resize: not the most recent allocation may shrink but not grow, and nothing changes")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    Arena a(child.allocator());
    std::byte* x = a.alloc(10, align1);
    std::byte* y = a.alloc(10, align1);
    REQUIRE(x != nullptr);
    REQUIRE(y != nullptr);
    CHECK(a.state.end_index == 20);
    CHECK(a.resize({x, 10}, align1, 10));
    CHECK(a.resize({x, 10}, align1, 5));
    CHECK(a.resize({x, 10}, align1, 0));
    CHECK_FALSE(a.resize({x, 10}, align1, 11));
    // A slice that ends inside the used part is not the most recent either.
    CHECK_FALSE(a.resize({y, 5}, align1, 6));
    CHECK(a.resize({y, 5}, align1, 4));
    CHECK(a.state.end_index == 20);
    CHECK(nodeLens(a) == Lens{64}); // (10+1+32) = 43 -> 64
    CHECK(child.calls().size() == 1); // never asked
}

TEST_CASE("resize: the most recent allocation moves end_index")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    Arena a(child.allocator());
    std::byte* x = a.alloc(10, align1);
    std::byte* y = a.alloc(10, align1);
    REQUIRE(y == x + 10);

    SUBCASE("shrinking moves end_index back")
    {
        CHECK(a.resize({y, 10}, align1, 4));
        CHECK(a.state.end_index == 14);
        CHECK(a.resize({y, 4}, align1, 0));
        CHECK(a.state.end_index == 10);
        CHECK(a.alloc(1, align1) == y);
    }
    SUBCASE("the same length changes nothing")
    {
        CHECK(a.resize({y, 10}, align1, 10));
        CHECK(a.state.end_index == 20);
    }
    SUBCASE("growing into the room left moves end_index on, up to the node's end")
    {
        CHECK(a.resize({y, 10}, align1, 38)); // node 64, capacity 48: 28 bytes left
        CHECK(a.state.end_index == 48);
        CHECK_FALSE(a.resize({y, 38}, align1, 39));
        CHECK(a.state.end_index == 48);
    }
    SUBCASE("growing past the node's end is refused and changes nothing")
    {
        CHECK_FALSE(a.resize({y, 10}, align1, 39));
        CHECK(a.state.end_index == 20);
        CHECK(nodeLens(a) == Lens{64});
    }
    // The child is never asked, even under policy always.
    CHECK(callLog(child) == "alloc 64 -> #0");
}

TEST_CASE("resize: an allocation in an older node is never the most recent")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    std::byte* x = a.alloc(35, align1); // (35+1+32) = 68 -> 102, capacity 86
    REQUIRE(x != nullptr);
    REQUIRE(a.alloc(60, align1) != nullptr); // 95 > 86: node 1
    // createNode(86, 61): 86 + 61 + 32 = 179 -> 268
    REQUIRE(nodeLens(a) == Lens{268, 102});
    CHECK_FALSE(a.resize({x, 35}, align1, 36));
    CHECK(a.resize({x, 35}, align1, 1));
    CHECK(a.state.end_index == 60);
}

TEST_CASE("remap: the same pointer on success, null on failure")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    Arena a(child.allocator());
    std::byte* x = a.alloc(10, align1);
    std::byte* y = a.alloc(10, align1);
    CHECK(a.remap({y, 10}, align1, 20) == y);
    CHECK(a.state.end_index == 30);
    CHECK(a.remap({y, 20}, align1, 39) == nullptr); // capacity 48: 18 bytes left
    CHECK(a.state.end_index == 30);
    CHECK(a.remap({x, 10}, align1, 3) == x);
    CHECK(a.remap({x, 10}, align1, 11) == nullptr);
    CHECK(a.remap({y, 20}, align1, 5) == y);
    CHECK(a.state.end_index == 15);
    CHECK(child.calls().size() == 1);
}

TEST_CASE("the type-erased interface reaches the same functions")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    const arena::Allocator al = a.allocator();
    CHECK(al.ptr == &a);
    std::byte* x = al.rawAlloc(10, align8);
    REQUIRE(x != nullptr);
    CHECK(a.state.end_index == 10);
    CHECK(al.rawResize({x, 10}, align8, 30));
    CHECK(a.state.end_index == 30);
    CHECK(al.rawRemap({x, 30}, align8, 20) == x);
    CHECK(a.state.end_index == 20);
    CHECK(al.rawRemap({x, 20}, align8, 100) == nullptr);
    al.rawFree({x, 20}, align8);
    CHECK(a.state.end_index == 0);
}

// ---------------------------------------------------------------- free

TEST_CASE("free: the most recent allocation rolls end_index back")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    std::byte* x = a.alloc(10, align1);
    std::byte* y = a.alloc(7, align1);
    a.free({y, 7}, align1);
    CHECK(a.state.end_index == 10);
    a.free({x, 10}, align1);
    CHECK(a.state.end_index == 0);
    CHECK(a.alloc(4, align1) == x); // the bytes are reused
    CHECK(callLog(child) == "alloc 64 -> #0");
}

TEST_CASE("free: the padding before the most recent allocation is not given back")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    REQUIRE(a.alloc(1, align1) != nullptr);
    std::byte* p = a.alloc(8, align32); // padding 15: end 24
    REQUIRE(a.state.end_index == 24);
    a.free({p, 8}, align32);
    CHECK(a.state.end_index == 16);
}

TEST_CASE("free: anything but the most recent allocation does nothing")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    std::byte* x = a.alloc(10, align1);
    REQUIRE(a.alloc(10, align1) != nullptr);
    a.free({x, 10}, align1);
    CHECK(a.state.end_index == 20);
    // An allocation in an older node.
    std::byte* z = a.alloc(100, align1);
    REQUIRE(nodeLens(a).size() == 2);
    a.free({x, 10}, align1);
    CHECK(a.state.end_index == 100);
    a.free({z, 100}, align1);
    CHECK(a.state.end_index == 0);
    CHECK(nodeLens(a) == Lens{271, 64}); // nodes are only released by reset or deinit
    // createNode(48, 101): 48 + 101 + 32 = 181 -> 271
    CHECK(callLog(child) == "alloc 64 -> #0; resize #0 64->136 no; alloc 271 -> #1");
}

TEST_CASE("free: an empty arena does nothing and asks nothing")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    std::byte local[8]{};
    a.free({local, 8}, align1);
    CHECK(a.state.buffer_list.first == nullptr);
    CHECK(a.state.end_index == 0);
    CHECK(child.calls().empty());
}

// ---------------------------------------------------------------- reset

namespace {

// Three nodes under policy never: 1903, 252, 51 (capacity 2158), newest first.
void threeNodes(Arena& a)
{
    REQUIRE(a.alloc(1, align1) != nullptr);
    REQUIRE(a.alloc(100, align1) != nullptr);
    REQUIRE(a.alloc(1000, align1) != nullptr);
    REQUIRE(nodeLens(a) == Lens{1903, 252, 51});
    REQUIRE(a.queryCapacity() == 2158);
}

} // namespace

TEST_CASE("reset(free_all) frees every node, newest first, and empties the arena")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    threeNodes(a);
    const std::size_t before = child.calls().size();
    CHECK(a.reset(Mode::free_all()));
    CHECK(callLog(child, before) == "free #2 1903; free #1 252; free #0 51");
    CHECK(a.state.buffer_list.first == nullptr);
    CHECK(a.state.end_index == 0);
    CHECK(a.queryCapacity() == 0);
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
    // Usable again from scratch.
    REQUIRE(a.alloc(1, align1) != nullptr);
    CHECK(callLog(child, before + 3) == "alloc 51 -> #3");
}

TEST_CASE("reset of an empty arena succeeds in every mode without asking the child")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    CHECK(a.reset(Mode::free_all()));
    CHECK(a.reset(Mode::retain_capacity()));
    CHECK(a.reset(Mode::retain_with_limit(100)));
    CHECK(a.state.buffer_list.first == nullptr);
    CHECK(child.calls().empty());
}

TEST_CASE("reset(retain_capacity) with one node of the right size asks the child nothing")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    Arena a(child.allocator());
    std::byte* x = a.alloc(1, align1);
    REQUIRE(a.alloc(30, align1) != nullptr);
    auto* node = a.state.buffer_list.first;
    CHECK(a.reset(Mode::retain_capacity()));
    CHECK(callLog(child) == "alloc 51 -> #0");
    CHECK(a.state.buffer_list.first == node);
    CHECK(node->next == nullptr);
    CHECK(node->data == 51);
    CHECK(a.state.end_index == 0);
    CHECK(a.queryCapacity() == 35);
    CHECK(a.alloc(1, align1) == x);
}

TEST_CASE("reset(retain_capacity) with several nodes frees the newer ones then resizes the oldest")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    threeNodes(a);
    auto* oldest = a.state.buffer_list.first->next->next;
    const std::size_t before = child.calls().size();

    SUBCASE("resize granted: the oldest buffer is kept, grown to capacity + 16")
    {
        child.configure(policy(ResizePolicy::always));
        CHECK(a.reset(Mode::retain_capacity()));
        CHECK(callLog(child, before) == "free #2 1903; free #1 252; resize #0 51->2174 ok");
        CHECK(a.state.buffer_list.first == oldest);
        CHECK(child.liveBuffers() == 1);
        CHECK(child.liveBytes() == 2174);
    }
    SUBCASE("resize refused: a new buffer is allocated, then the old one freed")
    {
        CHECK(a.reset(Mode::retain_capacity()));
        CHECK(callLog(child, before) == "free #2 1903; free #1 252; resize #0 51->2174 no; alloc 2174 -> #3; free #0 51");
        CHECK(child.find(a.state.buffer_list.first)->id == 3);
        CHECK(child.liveBuffers() == 1);
    }
    CHECK(allCallsAtAlignment8(child));
    CHECK(nodeLens(a) == Lens{2174});
    CHECK(a.queryCapacity() == 2158);
    CHECK(a.state.end_index == 0);
    // Everything allocated before fits now without a call.
    const std::size_t after = child.calls().size();
    REQUIRE(a.alloc(1, align1) != nullptr);
    REQUIRE(a.alloc(100, align1) != nullptr);
    REQUIRE(a.alloc(1000, align1) != nullptr);
    CHECK(child.calls().size() == after);
    CHECK(a.state.end_index == 1101);
}

TEST_CASE("reset: a refused reallocation returns false, keeps the old buffer as the only node, and the arena works")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    REQUIRE(a.alloc(1, align1) != nullptr);
    REQUIRE(a.alloc(100, align1) != nullptr);
    REQUIRE(nodeLens(a) == Lens{252, 51});
    auto* oldest = a.state.buffer_list.first->next;
    const std::size_t before = child.calls().size();
    child.failNext(ChildCall::Kind::alloc);
    CHECK_FALSE(a.reset(Mode::retain_capacity()));
    CHECK(callLog(child, before) == "free #1 252; resize #0 51->287 no; alloc 287 -> null");
    CHECK(a.state.buffer_list.first == oldest);
    CHECK(nodeLens(a) == Lens{51});
    CHECK(a.state.end_index == 0);
    CHECK(a.queryCapacity() == 35);
    CHECK(child.liveBuffers() == 1);
    CHECK(child.liveBytes() == 51);
    // Still usable: the old buffer serves, and a later reset works.
    CHECK(a.alloc(10, align1) == reinterpret_cast<std::byte*>(oldest) + 16);
    CHECK(a.state.end_index == 10);
    CHECK(a.reset(Mode::retain_capacity()));
    CHECK(callLog(child, before + 3) == "");
}

TEST_CASE("reset(retain_with_limit) below 16 keeps a tiny node")
{
    InstrumentedChild child(policy(ResizePolicy::shrink));
    Arena a(child.allocator());
    REQUIRE(a.alloc(1, align1) != nullptr);
    REQUIRE(a.alloc(100, align1) != nullptr); // shrink refuses the growth: a second node
    REQUIRE(nodeLens(a) == Lens{252, 51});
    const std::size_t before = child.calls().size();
    CHECK(a.reset(Mode::retain_with_limit(5)));
    CHECK(callLog(child, before) == "free #1 252; resize #0 51->21 ok");
    CHECK(nodeLens(a) == Lens{21});
    CHECK(a.queryCapacity() == 5);
    CHECK(a.state.end_index == 0);
    CHECK(a.alloc(5, align1) != nullptr);
    CHECK(a.state.end_index == 5);
    // createNode(5, 2): 5 + 2 + 32 = 39 -> 58
    REQUIRE(a.alloc(1, align1) != nullptr);
    CHECK(callLog(child, before + 2) == "resize #0 21->22 no; alloc 58 -> #2");
}

TEST_CASE("reset(retain_with_limit(0)) behaves as free_all")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    threeNodes(a);
    const std::size_t before = child.calls().size();
    CHECK(a.reset(Mode::retain_with_limit(0)));
    CHECK(callLog(child, before) == "free #2 1903; free #1 252; free #0 51");
    CHECK(a.state.buffer_list.first == nullptr);
    CHECK(a.state.end_index == 0);
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("reset(retain_with_limit) above the capacity behaves as retain_capacity")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    threeNodes(a);
    const std::size_t before = child.calls().size();
    CHECK(a.reset(Mode::retain_with_limit(1'000'000)));
    CHECK(callLog(child, before) == "free #2 1903; free #1 252; resize #0 51->2174 no; alloc 2174 -> #3; free #0 51");
    CHECK(nodeLens(a) == Lens{2174});
}

TEST_CASE("reset(retain_with_limit) within the capacity keeps limit + 16 bytes")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    threeNodes(a);
    const std::size_t before = child.calls().size();
    CHECK(a.reset(Mode::retain_with_limit(100)));
    CHECK(callLog(child, before) == "free #2 1903; free #1 252; resize #0 51->116 no; alloc 116 -> #3; free #0 51");
    CHECK(nodeLens(a) == Lens{116});
    CHECK(a.queryCapacity() == 100);
}

TEST_CASE("reset after reset: a warm arena stops calling the child")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena a(child.allocator());
    threeNodes(a);
    CHECK(a.reset(Mode::retain_capacity()));
    const std::size_t before = child.calls().size();
    for (int round = 0; round < 5; ++round) {
        REQUIRE(a.alloc(1, align1) != nullptr);
        REQUIRE(a.alloc(100, align1) != nullptr);
        REQUIRE(a.alloc(1000, align1) != nullptr);
        CHECK(a.reset(Mode::retain_capacity()));
    }
    CHECK(child.calls().size() == before);
    CHECK(nodeLens(a) == Lens{2174});
}

// ---------------------------------------------------------------- lifetime

TEST_CASE("the destructor frees every node, newest first")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    {
        Arena a(child.allocator());
        threeNodes(a);
        child.clearCalls();
    }
    CHECK(callLog(child) == "free #2 1903; free #1 252; free #0 51");
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
}

TEST_CASE("a moved arena hands its nodes over; the moved-from one frees nothing")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    {
        Arena a(child.allocator());
        REQUIRE(a.alloc(1, align1) != nullptr);
        REQUIRE(a.alloc(100, align1) != nullptr);
        const std::size_t end = a.state.end_index;
        Arena b(std::move(a));
        CHECK(a.state.buffer_list.first == nullptr);
        CHECK(a.state.end_index == 0);
        CHECK(nodeLens(b) == Lens{252, 51});
        CHECK(b.state.end_index == end);
        CHECK(b.alloc(1, align1) != nullptr);
        child.clearCalls();
    }
    CHECK(callLog(child) == "free #1 252; free #0 51");
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("an arena can be the child of another arena")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Arena outer(child.allocator());
    {
        Arena inner(outer.allocator());
        std::byte* p = inner.alloc(10, align1);
        REQUIRE(p != nullptr);
        // inner's node: (10+1+32) = 43 -> 64 bytes from outer; outer's node: (64+8+32) = 104 -> 156
        CHECK(nodeLens(inner) == Lens{64});
        CHECK(nodeLens(outer) == Lens{156});
        CHECK(outer.state.end_index == 64);
        // Growth in place: inner's node is outer's most recent allocation.
        REQUIRE(inner.alloc(60, align1) != nullptr); // new_end 70: resize 64 -> 86 in outer
        CHECK(nodeLens(inner) == Lens{86});
        CHECK(outer.state.end_index == 86);
        CHECK(inner.reset(Mode::retain_capacity()));
        CHECK(nodeLens(inner) == Lens{86});
    }
    // inner's destructor freed its node: outer's most recent allocation rolls back.
    CHECK(outer.state.end_index == 0);
    CHECK(callLog(child) == "alloc 156 -> #0");
}
