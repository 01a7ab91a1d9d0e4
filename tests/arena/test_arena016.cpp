// Zig 0.16's arena (arena/arena_allocator_016.hpp) through its C++ API: the
// steps one thread takes, the atomic steps a scheduler can stop at, and the
// free-list paths that one thread never reaches by itself (the traces of
// tests/zig check the rest against Zig 0.16.0).
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "arena/arena_allocator_016.hpp"
#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

// Records every step, and every beforeAtomic announcement as a step of its
// own kind with `ok` forced true and `len` = 424242, so the order shows.
struct StepJournal {
    std::vector<Step> steps;
    std::vector<StepKind> announced; // beforeAtomic, in order
};
struct Scheduler {
    StepJournal* journal;
    void step(const Step& s) { journal->steps.push_back(s); }
    void beforeAtomic(StepKind kind) { journal->announced.push_back(kind); }
};
using Observed016 = arena::zig016::ArenaAllocator<Scheduler>;
using Plain = arena::zig016::ArenaAllocator<>;

} // namespace

TEST_CASE("zig016: the header is 24 bytes and sizes are even")
{
    static_assert(sizeof(Plain::Node) == 24);
    InstrumentedChild child;
    Plain a(child.allocator());
    REQUIRE(a.alloc(1, align1) != nullptr);
    // (0 + 24 + 1 + 1 + 16) * 1.5 = 63, rounded up to even.
    REQUIRE(child.calls().size() == 1);
    CHECK(child.calls()[0].len == 64);
    CHECK(a.state.used_list->size == 64);
    CHECK(a.state.used_list->end_index == 1);
    CHECK(a.queryCapacity() == 40);
}

TEST_CASE("zig016: every atomic operation is announced before it happens and reported after it")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    StepJournal j;
    Observed016 a(child.allocator(), Scheduler{&j});
    REQUIRE(a.alloc(8, align8) != nullptr); // first node
    // Even the first node is looked for in the free list before the child is asked.
    CHECK(kinds(j.steps) == "alloc_begin, load_first_node, steal_free_list, new_node_length, push_node");
    j.steps.clear();
    j.announced.clear();
    REQUIRE(a.alloc(3, align1) != nullptr); // fits
    CHECK(kinds(j.steps) == "alloc_begin, load_first_node, load_buf, fetch_add_end_index, bump_fits");
    // Each announcement matches, in order, the atomic steps reported.
    std::vector<StepKind> atomic;
    for (const Step& s : j.steps)
        if (arena::isAtomicStep(s.kind)) atomic.push_back(s.kind);
    CHECK(atomic == j.announced);
    for (const StepKind k : j.announced) CHECK(!arena::atomicStepLabel(k).empty());
}

TEST_CASE("zig016: the alignment overshoot is reserved, then given back")
{
    ChildConfig config;
    config.offset = 8; // the buffer after the header starts at 8 + 24 = 32 mod 4096
    InstrumentedChild child(config);
    StepJournal j;
    Observed016 a(child.allocator(), Scheduler{&j});
    REQUIRE(a.alloc(1, align1) != nullptr);
    j.steps.clear();
    std::byte* p = a.alloc(8, align64);
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(p) % 64 == 0);
    CHECK(kinds(j.steps) == "alloc_begin, load_first_node, load_buf, fetch_add_end_index, give_back_overshoot, bump_fits");
    const Step& add = j.steps[3];
    CHECK(add.end_index == 1);
    CHECK(add.new_end_index == 1 + 8 + 63);
    const Step& back = j.steps[4];
    CHECK(back.ok);
    CHECK(back.end_index == 72);
    CHECK(back.new_end_index == 32 + 8); // aligned index 32: address 32 + 32 = 64
    CHECK(a.state.used_list->end_index == 40);
}

TEST_CASE("zig016: a failed fit leaves end_index past the end; the new node is pushed, the old keeps its end_index")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    StepJournal j;
    Observed016 a(child.allocator(), Scheduler{&j});
    REQUIRE(a.alloc(150, align1) != nullptr); // a node of 191 + 191 / 2 = 286 bytes (24 + 1 + 150 + 16 = 191)
    j.steps.clear();
    REQUIRE(a.alloc(200, align1) != nullptr);
    CHECK(kinds(j.steps) == "alloc_begin, load_first_node, load_buf, fetch_add_end_index, bump_past_end, begin_resize, "
                      "load_end_index, grow_node, end_resize, steal_free_list, new_node_length, push_node");
    const auto* older = a.state.used_list->next;
    REQUIRE(older != nullptr);
    CHECK(older->end_index == 350);
    CHECK(older->size == 286);
    CHECK(a.state.used_list->end_index == 200);
    CHECK(a.state.free_list == nullptr);
}

TEST_CASE("zig016: a node from the free list is taken by best fit, and the rest is given back")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Plain a(child.allocator());
    REQUIRE(a.alloc(10, align1) != nullptr);
    Plain::Node* const first = a.state.used_list;
    // Two nodes on the free list, as racing threads would leave them: 400
    // and 1000 bytes. One thread never puts them there itself.
    auto makeNode = [&](std::size_t size) {
        auto* node = ::new (static_cast<void*>(child.allocator().rawAlloc(size, align8))) Plain::Node{};
        node->size = size;
        return node;
    };
    Plain::Node* small = makeNode(400);
    Plain::Node* big = makeNode(1000);
    small->next = big;
    a.state.free_list = small;
    child.clearCalls();

    // 500 does not fit the first node; the 400-byte node lacks 500 - 376 =
    // 124 bytes, the 1000-byte one fits: it is taken, though second.
    std::byte* p = a.alloc(500, align1);
    REQUIRE(p != nullptr);
    CHECK(a.state.used_list == big);
    CHECK(big->next == first);
    CHECK(big->end_index == 500);
    CHECK(p == reinterpret_cast<std::byte*>(big) + 24);
    CHECK(a.state.free_list == small);
    CHECK(small->next == nullptr);
    // No new node: the only child call was the refused resize of the first node.
    REQUIRE(child.calls().size() == 1);
    CHECK(child.calls()[0].kind == ChildCall::Kind::resize);
    CHECK(!child.calls()[0].ok);
    // Both lists count.
    CHECK(a.queryCapacity() == (first->size - 24) + (1000 - 24) + (400 - 24));

    // 600 fits neither big's rest nor small (376 bytes: it lacks 224). The
    // closest free node is asked to grow; refused, the list goes back and
    // a new node comes from the child.
    child.clearCalls();
    REQUIRE(a.alloc(600, align1) != nullptr);
    REQUIRE(child.calls().size() == 3);
    CHECK(child.calls()[0].kind == ChildCall::Kind::resize); // big, in place
    CHECK(child.calls()[1].kind == ChildCall::Kind::resize); // small, the best fit
    CHECK(child.calls()[1].len == 400);
    CHECK(child.calls()[1].new_len == 24 + 600);
    CHECK(child.calls()[2].kind == ChildCall::Kind::alloc);
    CHECK(a.state.free_list == small);
    CHECK(a.state.used_list->next == big);
}

TEST_CASE("zig016: reset keeps the last node of each list and splits the limit between them")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Plain a(child.allocator());
    REQUIRE(a.alloc(100, align1) != nullptr);
    REQUIRE(a.alloc(1000, align1) != nullptr);
    auto* free_node = ::new (static_cast<void*>(child.allocator().rawAlloc(500, align8))) Plain::Node{};
    free_node->size = 500;
    a.state.free_list = free_node;
    const std::size_t used_capacity = a.queryCapacity() - (500 - 24);
    // The used list takes its share first: 101 of 101, the free list nothing.
    CHECK(a.reset(Plain::ResetMode::retain_with_limit(101)));
    CHECK(a.state.free_list == nullptr);
    REQUIRE(a.state.used_list != nullptr);
    CHECK(a.state.used_list->next == nullptr);
    CHECK(a.state.used_list->size == 24 + 100); // 125 rounded down to even
    CHECK(a.state.used_list->end_index == 0);
    CHECK(used_capacity > 101);
}

TEST_CASE("zig016: a refused reallocation in reset returns false, and the arena still works")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Plain a(child.allocator());
    for (int i = 0; i < 3; ++i) REQUIRE(a.alloc(400, align1) != nullptr);
    child.failNext(ChildCall::Kind::alloc);
    CHECK_FALSE(a.reset(Plain::ResetMode::retain_capacity()));
    REQUIRE(a.state.used_list != nullptr);
    CHECK(a.state.used_list->next == nullptr);
    CHECK(a.state.used_list->end_index == 0);
    CHECK(a.alloc(10, align1) != nullptr);
    CHECK(a.reset(Plain::ResetMode::free_all()));
    CHECK(child.liveBuffers() == 0);
}
