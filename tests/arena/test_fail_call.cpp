// InstrumentedChild::failCallNumber(k): the alloc or resize call k such
// calls from now is refused, frees are not counted, and nothing else about
// the child changes. The exhaustive failure injection (tests/reliability)
// stands on this.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

using arena::Bytes;
using Kind = ChildCall::Kind;
using Arena = arena::ArenaAllocator<>;
using Mode = Arena::ResetMode;

} // namespace

TEST_CASE("fail call number: 0 refuses the very next alloc, then the child is back to normal")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    child.failCallNumber(0);
    CHECK(child.pendingCallNumber() == std::optional<std::uint64_t>{0});
    CHECK(child.allocator().rawAlloc(64, align8) == nullptr);
    CHECK_FALSE(child.pendingCallNumber().has_value());
    REQUIRE(child.calls().size() == 1);
    CHECK(child.calls()[0].kind == Kind::alloc);
    CHECK_FALSE(child.calls()[0].ok);
    CHECK(child.calls()[0].buf == ChildCall::no_buf);
    CHECK(child.buffersHanded() == 0);
    CHECK(child.liveBytes() == 0);

    std::byte* p = child.allocator().rawAlloc(64, align8);
    REQUIRE(p != nullptr);
    CHECK(child.calls().back().buf == 0); // the refused call took no number
    child.allocator().rawFree({p, 64}, align8);
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("fail call number: allocs and resizes count together, frees do not count")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    // Calls before failCallNumber() do not count: it counts from the moment it is called.
    std::byte* before = child.allocator().rawAlloc(32, align8);
    REQUIRE(before != nullptr);
    child.allocator().rawFree({before, 32}, align8);

    child.failCallNumber(3);
    std::byte* a = child.allocator().rawAlloc(100, align8); // call 0
    REQUIRE(a != nullptr);
    CHECK(child.allocator().rawResize({a, 100}, align8, 200)); // call 1
    std::byte* b = child.allocator().rawAlloc(100, align8);   // call 2
    REQUIRE(b != nullptr);
    child.allocator().rawFree({b, 100}, align8); // not counted
    CHECK(child.pendingCallNumber() == std::optional<std::uint64_t>{0});
    CHECK_FALSE(child.allocator().rawResize({a, 200}, align8, 300)); // call 3: refused, though `always`
    CHECK(child.calls().back().kind == Kind::resize);
    CHECK_FALSE(child.calls().back().ok);
    CHECK(child.liveBytes() == 200); // the refused resize changed nothing
    CHECK(child.allocator().rawResize({a, 200}, align8, 300)); // call 4: fine again
    CHECK(child.liveBytes() == 300);
    child.allocator().rawFree({a, 300}, align8);
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("fail call number: refuses an alloc within the limit, and a refused call still uses up failNext")
{
    InstrumentedChild child;
    child.failNext(Kind::alloc);
    child.failCallNumber(0);
    // The numbered call is an alloc: it is refused, and the pending failNext
    // is used up by it too (as by any alloc, even one that fails anyway).
    CHECK(child.allocator().rawAlloc(8, align8) == nullptr);
    CHECK(child.pendingFailures(Kind::alloc) == 0);
    std::byte* p = child.allocator().rawAlloc(8, align8);
    REQUIRE(p != nullptr);
    child.allocator().rawFree({p, 8}, align8);

    // failNext alone, then a number further on: both refusals happen.
    child.failNext(Kind::alloc);
    child.failCallNumber(1);
    CHECK(child.allocator().rawAlloc(8, align8) == nullptr); // failNext
    CHECK(child.allocator().rawAlloc(8, align8) == nullptr); // number 1
    p = child.allocator().rawAlloc(8, align8);
    REQUIRE(p != nullptr);
    child.allocator().rawFree({p, 8}, align8);
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("fail call number: a new number replaces the pending one")
{
    InstrumentedChild child;
    child.failCallNumber(0);
    child.failCallNumber(1);
    std::byte* p = child.allocator().rawAlloc(8, align8);
    REQUIRE(p != nullptr);
    CHECK(child.allocator().rawAlloc(8, align8) == nullptr);
    CHECK_FALSE(child.pendingCallNumber().has_value());
    child.allocator().rawFree({p, 8}, align8);
}

TEST_CASE("fail call number: under an arena, refusing createNode makes alloc return null, and the arena stays usable")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    {
        Arena arena(child.allocator());
        child.failCallNumber(0);
        CHECK(arena.alloc(10, align1) == nullptr);
        CHECK(arena.state.buffer_list.first == nullptr);
        CHECK(arena.alloc(10, align1) != nullptr);
        // call 1 (the grow in place of the first node) is refused: a new node instead.
        const std::size_t first_len = arena.state.buffer_list.first->data;
        child.failCallNumber(0);
        CHECK(arena.alloc(first_len, align1) != nullptr);
        std::size_t nodes = 0;
        for (auto* n = arena.state.buffer_list.first; n != nullptr; n = n->next) ++nodes;
        CHECK(nodes == 2);
        CHECK(child.calls()[child.calls().size() - 2].kind == Kind::resize);
        CHECK_FALSE(child.calls()[child.calls().size() - 2].ok);
        CHECK(child.calls().back().kind == Kind::alloc);
        CHECK(child.calls().back().ok);
        // Refusing the reset's resize with `always`, then its realloc: reset returns false.
        child.failNext(Kind::alloc);
        child.failCallNumber(0);
        CHECK_FALSE(arena.reset(Mode::retain_capacity()));
        CHECK(arena.state.end_index == 0);
        CHECK(arena.alloc(10, align1) != nullptr);
    }
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
}
