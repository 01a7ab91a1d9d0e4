// The children: the InstrumentedChild (policies, placement, limit, forced
// failures, numbering, log) and the two plain ones (pages, malloc), alone
// and under an arena.
#include <doctest/doctest.h>

#include <malloc.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"
#include "arena/plain_children.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

using Kind = ChildCall::Kind;
using Arena = arena::ArenaAllocator<>;
using Mode = Arena::ResetMode;

// Writes a pattern over every byte and reads it back.
bool writable(std::byte* p, std::size_t len, unsigned seed = 1)
{
    for (std::size_t i = 0; i < len; ++i) p[i] = static_cast<std::byte>((i * 13 + seed) & 0xff);
    for (std::size_t i = 0; i < len; ++i)
        if (p[i] != static_cast<std::byte>((i * 13 + seed) & 0xff)) return false;
    return true;
}

std::size_t osPage() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

} // namespace

// ---------------------------------------------------------------- resize policies

TEST_CASE("child: policy never refuses every resize, even to the same length")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    CHECK_FALSE(al.rawResize({p, 100}, align8, 100));
    CHECK_FALSE(al.rawResize({p, 100}, align8, 50));
    CHECK_FALSE(al.rawResize({p, 100}, align8, 200));
    CHECK(al.rawRemap({p, 100}, align8, 50) == nullptr);
    CHECK(child.liveBytes() == 100);
    al.rawFree({p, 100}, align8);
}

TEST_CASE("child: policy shrink allows only new length <= old length")
{
    InstrumentedChild child(policy(ResizePolicy::shrink));
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    CHECK(al.rawResize({p, 100}, align8, 100));
    CHECK_FALSE(al.rawResize({p, 100}, align8, 101));
    CHECK(al.rawResize({p, 100}, align8, 60));
    CHECK(child.liveBytes() == 60);
    CHECK_FALSE(al.rawResize({p, 60}, align8, 61));
    CHECK(al.rawRemap({p, 60}, align8, 1) == p);
    CHECK(child.liveBytes() == 1);
    al.rawFree({p, 1}, align8);
    CHECK(child.liveBytes() == 0);
}

TEST_CASE("child: policy pages with a 64-byte page allows growth within the rounded-up length")
{
    ChildConfig config = policy(ResizePolicy::pages);
    config.page = 64;
    InstrumentedChild child(config);
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8); // 128 rounded
    REQUIRE(p != nullptr);
    CHECK(al.rawResize({p, 100}, align8, 128));
    CHECK_FALSE(al.rawResize({p, 128}, align8, 129));
    CHECK(al.rawResize({p, 128}, align8, 65));   // still 128 rounded
    CHECK(al.rawResize({p, 65}, align8, 128));   // back up within it
    CHECK(al.rawResize({p, 128}, align8, 64));   // 64 rounded
    CHECK_FALSE(al.rawResize({p, 64}, align8, 65));
    CHECK(al.rawResize({p, 64}, align8, 1));
    CHECK(al.rawResize({p, 1}, align8, 64));
    CHECK(child.liveBytes() == 64);
    al.rawFree({p, 64}, align8);
}

TEST_CASE("child: policy pages with a 4096-byte page allows growth within the rounded-up length")
{
    InstrumentedChild child(policy(ResizePolicy::pages));
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    CHECK(al.rawResize({p, 100}, align8, 4096));
    CHECK(writable(p, 4096));
    CHECK_FALSE(al.rawResize({p, 4096}, align8, 4097));
    CHECK(al.rawResize({p, 4096}, align8, 1));
    CHECK(al.rawResize({p, 1}, align8, 4096));
    std::byte* q = al.rawAlloc(4097, align8); // two pages
    REQUIRE(q != nullptr);
    CHECK(al.rawResize({q, 4097}, align8, 8192));
    CHECK_FALSE(al.rawResize({q, 8192}, align8, 8193));
    CHECK(al.rawResize({q, 8192}, align8, 4096));
    CHECK_FALSE(al.rawResize({q, 4096}, align8, 4097));
    al.rawFree({p, 4096}, align8);
    al.rawFree({q, 4096}, align8);
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("child: policy always grows and shrinks, and the grown bytes are real memory")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    std::memset(p, 0x77, 100);
    CHECK(al.rawResize({p, 100}, align8, 100'000));
    CHECK(p[99] == std::byte{0x77}); // kept in place
    CHECK(writable(p, 100'000));
    CHECK(al.rawResize({p, 100'000}, align8, 10));
    CHECK(al.rawResize({p, 10}, align8, 50'000)); // grows again after giving pages back
    CHECK(writable(p, 50'000, 3));
    CHECK(child.liveBytes() == 50'000);
    al.rawFree({p, 50'000}, align8);
}

TEST_CASE("child: policy names parse and print")
{
    for (ResizePolicy p : {ResizePolicy::never, ResizePolicy::shrink, ResizePolicy::pages, ResizePolicy::always})
        CHECK(arena::parsePolicy(arena::policyName(p)) == p);
    CHECK(arena::policyName(ResizePolicy::pages) == "pages");
    CHECK_FALSE(arena::parsePolicy("Pages").has_value());
    CHECK_FALSE(arena::parsePolicy("").has_value());
    CHECK(arena::callName(Kind::alloc) == "alloc");
    CHECK(arena::callName(Kind::resize) == "resize");
    CHECK(arena::callName(Kind::free) == "free");
}

// ---------------------------------------------------------------- placement

TEST_CASE("child: every buffer starts at offset modulo 4096")
{
    for (std::size_t offset : {std::size_t{0}, std::size_t{8}, std::size_t{1000}, std::size_t{4088}}) {
        CAPTURE(offset);
        InstrumentedChild child(policy(ResizePolicy::always, offset));
        const Allocator al = child.allocator();
        std::vector<std::byte*> held;
        for (std::size_t len : {std::size_t{1}, std::size_t{51}, std::size_t{4096}, std::size_t{10'000}}) {
            std::byte* p = al.rawAlloc(len, align8);
            REQUIRE(p != nullptr);
            CHECK(addressOf(p) % 4096 == offset);
            CHECK(writable(p, len));
            held.push_back(p);
        }
        // A grown buffer stays where it was.
        CHECK(al.rawResize({held[0], 1}, align8, 9000));
        CHECK(addressOf(held[0]) % 4096 == offset);
        CHECK(writable(held[0], 9000));
    }
}

TEST_CASE("child: offset placement applies from the next call on")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(10, align8);
    ChildConfig config;
    config.offset = 512;
    child.configure(config);
    std::byte* q = al.rawAlloc(10, align8);
    CHECK(addressOf(p) % 4096 == 0);
    CHECK(addressOf(q) % 4096 == 512);
    CHECK(child.config().offset == 512);
}

TEST_CASE("child: an alignment the offset does not satisfy is refused")
{
    ChildConfig config;
    config.offset = 64;
    InstrumentedChild child(config);
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(10, Alignment::fromByteUnits(64));
    CHECK(p != nullptr);
    CHECK(addressOf(p) % 64 == 0);
    CHECK(al.rawAlloc(10, Alignment::fromByteUnits(128)) == nullptr);
    config.offset = 0;
    child.configure(config);
    std::byte* q = al.rawAlloc(10, Alignment::fromByteUnits(4096));
    CHECK(q != nullptr);
    CHECK(addressOf(q) % 4096 == 0);
    CHECK(al.rawAlloc(10, Alignment::fromByteUnits(8192)) == nullptr);
    CHECK(child.liveBuffers() == 2);
}

TEST_CASE("child: a zero-length alloc is refused")
{
    InstrumentedChild child;
    CHECK(child.allocator().rawAlloc(0, align8) == nullptr);
    CHECK(child.liveBuffers() == 0);
    REQUIRE(child.calls().size() == 1);
    CHECK_FALSE(child.calls()[0].ok);
}

TEST_CASE("child: buffers are real memory (every byte of 1 MiB)")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    const std::size_t len = std::size_t{1} << 20;
    std::byte* p = al.rawAlloc(len, align8);
    REQUIRE(p != nullptr);
    CHECK(writable(p, len));
    CHECK(child.liveBytes() == len);
    al.rawFree({p, len}, align8);
    CHECK(child.liveBytes() == 0);
}

TEST_CASE("child: two live buffers start at least 4 GiB apart")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8);
    std::byte* q = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    REQUIRE(q != nullptr);
    const std::uintptr_t a = addressOf(p);
    const std::uintptr_t b = addressOf(q);
    CHECK((a > b ? a - b : b - a) >= (std::uintptr_t{1} << 32));
}

TEST_CASE("child: find maps an interior pointer to its buffer, and nothing else")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, align8);
    std::byte* q = al.rawAlloc(300, align8);
    REQUIRE(p != nullptr);
    REQUIRE(q != nullptr);
    for (std::byte* x : {p, p + 50, p + 99}) {
        auto b = child.find(x);
        REQUIRE(b.has_value());
        CHECK(b->id == 0);
        CHECK(b->start == p);
        CHECK(b->len == 100);
    }
    auto bq = child.find(q + 299);
    REQUIRE(bq.has_value());
    CHECK(bq->id == 1);
    CHECK_FALSE(child.find(p + 100).has_value());
    CHECK_FALSE(child.find(p - 1).has_value());
    int local = 0;
    CHECK_FALSE(child.find(&local).has_value());
    // Follows the length.
    CHECK(al.rawResize({p, 100}, align8, 200));
    CHECK(child.find(p + 150).has_value());
    al.rawFree({p, 200}, align8);
    CHECK_FALSE(child.find(p).has_value());
    CHECK(child.find(q)->id == 1);
}

TEST_CASE("child: buffers() lists the live buffers in address order")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    std::byte* ps[3];
    for (std::size_t i = 0; i < 3; ++i) ps[i] = al.rawAlloc(10 * (i + 1), align8);
    al.rawFree({ps[1], 20}, align8);
    const auto list = child.buffers();
    REQUIRE(list.size() == 2);
    CHECK(list[0].start < list[1].start);
    for (const auto& b : list) {
        CHECK(b.id != 1);
        CHECK(b.start == ps[b.id]);
        CHECK(b.len == 10 * (b.id + 1));
    }
}

// ---------------------------------------------------------------- limit

TEST_CASE("child: an alloc fails when live + len > limit")
{
    ChildConfig config = policy(ResizePolicy::always);
    config.limit = 1000;
    InstrumentedChild child(config);
    const Allocator al = child.allocator();
    std::byte* a = al.rawAlloc(600, align8);
    REQUIRE(a != nullptr);
    CHECK(al.rawAlloc(401, align8) == nullptr);
    CHECK(al.rawAlloc(1001, align8) == nullptr);
    std::byte* b = al.rawAlloc(400, align8); // exactly the limit
    REQUIRE(b != nullptr);
    CHECK(child.liveBytes() == 1000);
    CHECK(al.rawAlloc(1, align8) == nullptr);
    al.rawFree({b, 400}, align8);
    CHECK(al.rawAlloc(400, align8) != nullptr);
}

TEST_CASE("child: a growing resize fails when live - old + new > limit")
{
    ChildConfig config = policy(ResizePolicy::always);
    config.limit = 1000;
    InstrumentedChild child(config);
    const Allocator al = child.allocator();
    std::byte* a = al.rawAlloc(300, align8);
    std::byte* b = al.rawAlloc(200, align8);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(al.rawResize({a, 300}, align8, 800)); // 500 - 300 + 800 = 1000
    CHECK_FALSE(al.rawResize({a, 800}, align8, 801));
    CHECK(child.liveBytes() == 1000);
    CHECK(al.rawResize({a, 800}, align8, 100));
    CHECK(child.liveBytes() == 300);
}

TEST_CASE("child: lowering the limit below what is held fails only later growth")
{
    ChildConfig config = policy(ResizePolicy::always);
    config.limit = 1000;
    InstrumentedChild child(config);
    const Allocator al = child.allocator();
    std::byte* a = al.rawAlloc(500, align8);
    std::byte* b = al.rawAlloc(400, align8);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    config.limit = 500;
    child.configure(config);
    // What is held stays held and usable.
    CHECK(child.liveBuffers() == 2);
    CHECK(child.liveBytes() == 900);
    CHECK(writable(a, 500));
    CHECK(writable(b, 400));
    // Growth fails, in place or new.
    CHECK_FALSE(al.rawResize({a, 500}, align8, 501));
    CHECK(al.rawAlloc(1, align8) == nullptr);
    // Shrinking still works, even while above the limit.
    CHECK(al.rawResize({a, 500}, align8, 300)); // 700 held
    CHECK(child.liveBytes() == 700);
    CHECK(al.rawResize({b, 400}, align8, 150)); // 450 held
    // Once under it again, growth within it works.
    CHECK(al.rawResize({b, 150}, align8, 200));  // 500
    CHECK_FALSE(al.rawResize({b, 200}, align8, 201));
}

// ---------------------------------------------------------------- forced failures

TEST_CASE("child: pending alloc failures stack and are used up one per call")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    child.failNext(Kind::alloc);
    child.failNext(Kind::alloc);
    CHECK(child.pendingFailures(Kind::alloc) == 2);
    CHECK(child.pendingFailures(Kind::resize) == 0);
    CHECK(al.rawAlloc(10, align8) == nullptr);
    CHECK(child.pendingFailures(Kind::alloc) == 1);
    CHECK(al.rawAlloc(10, align8) == nullptr);
    CHECK(child.pendingFailures(Kind::alloc) == 0);
    CHECK(al.rawAlloc(10, align8) != nullptr);
    CHECK(child.liveBuffers() == 1);
}

TEST_CASE("child: pending resize failures stack and do not touch allocs")
{
    InstrumentedChild child(policy(ResizePolicy::always));
    const Allocator al = child.allocator();
    child.failNext(Kind::resize);
    child.failNext(Kind::resize);
    std::byte* p = al.rawAlloc(10, align8); // not used up by an alloc
    REQUIRE(p != nullptr);
    CHECK(child.pendingFailures(Kind::resize) == 2);
    CHECK_FALSE(al.rawResize({p, 10}, align8, 5));
    CHECK_FALSE(al.rawResize({p, 10}, align8, 20));
    CHECK(al.rawResize({p, 10}, align8, 20));
    CHECK(child.liveBytes() == 20);
}

TEST_CASE("child: a pending failure is used up by a call that would have failed anyway")
{
    ChildConfig config = policy(ResizePolicy::never);
    config.limit = 100;
    InstrumentedChild child(config);
    const Allocator al = child.allocator();
    child.failNext(Kind::alloc);
    CHECK(al.rawAlloc(200, align8) == nullptr); // over the limit anyway
    CHECK(child.pendingFailures(Kind::alloc) == 0);
    std::byte* p = al.rawAlloc(50, align8);
    CHECK(p != nullptr);

    child.failNext(Kind::resize);
    CHECK_FALSE(al.rawResize({p, 50}, align8, 10)); // refused by policy never anyway
    CHECK(child.pendingFailures(Kind::resize) == 0);
    config.resize = ResizePolicy::always;
    child.configure(config);
    CHECK(al.rawResize({p, 50}, align8, 10));
}

TEST_CASE("child: failNext(free) is ignored, frees cannot fail")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    child.failNext(Kind::free);
    CHECK(child.pendingFailures(Kind::free) == 0);
    std::byte* p = al.rawAlloc(10, align8);
    REQUIRE(p != nullptr);
    al.rawFree({p, 10}, align8);
    CHECK(child.liveBuffers() == 0);
}

// ---------------------------------------------------------------- numbering and the log

TEST_CASE("child: buffers are numbered 0, 1, 2 by successful allocation only")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    std::byte* a = al.rawAlloc(10, align8);
    child.failNext(Kind::alloc);
    CHECK(al.rawAlloc(10, align8) == nullptr);
    std::byte* b = al.rawAlloc(10, align8);
    al.rawFree({a, 10}, align8);
    std::byte* c = al.rawAlloc(10, align8);
    CHECK(child.find(b)->id == 1);
    CHECK(child.find(c)->id == 2);
    CHECK(child.buffersHanded() == 3);
    const auto& calls = child.calls();
    REQUIRE(calls.size() == 5);
    CHECK(calls[0].buf == 0);
    CHECK(calls[1].buf == ChildCall::no_buf);
    CHECK(calls[2].buf == 1);
    CHECK(calls[3].buf == 0);
    CHECK(calls[4].buf == 2);
}

TEST_CASE("child: the call log records kind, ok, buffer, lengths and alignment")
{
    InstrumentedChild child(policy(ResizePolicy::shrink));
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(100, Alignment::fromByteUnits(16));
    REQUIRE(p != nullptr);
    CHECK_FALSE(al.rawResize({p, 100}, Alignment::fromByteUnits(16), 200));
    CHECK(al.rawResize({p, 100}, Alignment::fromByteUnits(16), 40));
    al.rawFree({p, 40}, Alignment::fromByteUnits(16));
    child.failNext(Kind::alloc);
    CHECK(al.rawAlloc(7, align8) == nullptr);

    const auto& calls = child.calls();
    REQUIRE(calls.size() == 5);
    CHECK(calls[0].kind == Kind::alloc);
    CHECK(calls[0].ok);
    CHECK(calls[0].buf == 0);
    CHECK(calls[0].len == 100);
    CHECK(calls[0].new_len == 0);
    CHECK(calls[0].alignment == 16);

    CHECK(calls[1].kind == Kind::resize);
    CHECK_FALSE(calls[1].ok);
    CHECK(calls[1].buf == 0);
    CHECK(calls[1].len == 100);
    CHECK(calls[1].new_len == 200);
    CHECK(calls[1].alignment == 16);

    CHECK(calls[2].kind == Kind::resize);
    CHECK(calls[2].ok);
    CHECK(calls[2].len == 100);
    CHECK(calls[2].new_len == 40);

    CHECK(calls[3].kind == Kind::free);
    CHECK(calls[3].ok);
    CHECK(calls[3].buf == 0);
    CHECK(calls[3].len == 40);
    CHECK(calls[3].alignment == 16);

    CHECK(calls[4].kind == Kind::alloc);
    CHECK_FALSE(calls[4].ok);
    CHECK(calls[4].buf == ChildCall::no_buf);
    CHECK(calls[4].len == 7);
    CHECK(calls[4].alignment == 8);

    child.clearCalls();
    CHECK(child.calls().empty());
    CHECK(child.buffersHanded() == 1);
}

TEST_CASE("child: setRecording(false) stops the log but not the counters")
{
    InstrumentedChild child;
    const Allocator al = child.allocator();
    std::byte* p = al.rawAlloc(10, align8);
    child.setRecording(false);
    std::byte* q = al.rawAlloc(20, align8);
    CHECK(al.rawResize({q, 20}, align8, 30));
    al.rawFree({p, 10}, align8);
    CHECK(child.calls().size() == 1);
    CHECK(child.liveBuffers() == 1);
    CHECK(child.liveBytes() == 30);
    CHECK(child.buffersHanded() == 2);
    child.setRecording(true);
    al.rawFree({q, 30}, align8);
    REQUIRE(child.calls().size() == 2);
    CHECK(child.calls()[1].kind == Kind::free);
    CHECK(child.calls()[1].buf == 1);
    CHECK(child.calls()[1].len == 30);
}

// ---------------------------------------------------------------- page allocator

TEST_CASE("pageAllocator: page-aligned writable pages; resize within the page count")
{
    const std::size_t page = osPage();
    const Allocator al = arena::pageAllocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    CHECK(addressOf(p) % page == 0);
    CHECK(writable(p, page)); // the whole page is there
    CHECK(al.rawResize({p, 100}, align8, page));
    CHECK_FALSE(al.rawResize({p, page}, align8, page + 1));
    CHECK(al.rawResize({p, page}, align8, 1));
    CHECK(al.rawRemap({p, 1}, align8, page) == p);
    CHECK(al.rawRemap({p, page}, align8, 2 * page) == nullptr);
    al.rawFree({p, page}, align8);

    std::byte* q = al.rawAlloc(3 * page, align8);
    REQUIRE(q != nullptr);
    CHECK(writable(q, 3 * page));
    CHECK(al.rawResize({q, 3 * page}, align8, page + 1)); // gives the third page back
    CHECK(writable(q, 2 * page));
    CHECK_FALSE(al.rawResize({q, page + 1}, align8, 2 * page + 1));
    al.rawFree({q, page + 1}, align8);

    CHECK(al.rawAlloc(0, align8) == nullptr);
}

TEST_CASE("pageAllocator: alignment 65536 is honoured")
{
    const Allocator al = arena::pageAllocator();
    const Alignment big = Alignment::fromByteUnits(65536);
    std::vector<std::byte*> held;
    for (int i = 0; i < 4; ++i) {
        std::byte* p = al.rawAlloc(5000, big);
        REQUIRE(p != nullptr);
        CHECK(addressOf(p) % 65536 == 0);
        CHECK(writable(p, 5000));
        held.push_back(p);
    }
    for (std::byte* p : held) al.rawFree({p, 5000}, big);
}

// ---------------------------------------------------------------- malloc allocator

TEST_CASE("mallocAllocator: resize up to malloc_usable_size succeeds, beyond fails")
{
    const Allocator al = arena::mallocAllocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    const std::size_t usable = malloc_usable_size(p);
    REQUIRE(usable >= 100);
    CHECK(al.rawResize({p, 100}, align8, usable));
    CHECK(writable(p, usable));
    CHECK_FALSE(al.rawResize({p, usable}, align8, usable + 1));
    CHECK(al.rawResize({p, usable}, align8, 10));
    al.rawFree({p, 10}, align8);
}

TEST_CASE("mallocAllocator: remap moves when it must and keeps the bytes")
{
    const Allocator al = arena::mallocAllocator();
    std::byte* p = al.rawAlloc(100, align8);
    REQUIRE(p != nullptr);
    for (std::size_t i = 0; i < 100; ++i) p[i] = static_cast<std::byte>(i);
    std::byte* q = al.rawRemap({p, 100}, align8, 100'000);
    REQUIRE(q != nullptr);
    bool kept = true;
    for (std::size_t i = 0; i < 100; ++i) kept = kept && q[i] == static_cast<std::byte>(i);
    CHECK(kept);
    CHECK(writable(q, 100'000));
    al.rawFree({q, 100'000}, align8);
}

TEST_CASE("mallocAllocator: alignments 64 and 4096 are honoured")
{
    const Allocator al = arena::mallocAllocator();
    for (std::size_t align : {std::size_t{64}, std::size_t{4096}}) {
        CAPTURE(align);
        const Alignment a = Alignment::fromByteUnits(align);
        std::byte* p = al.rawAlloc(100, a);
        std::byte* q = al.rawAlloc(1, a);
        REQUIRE(p != nullptr);
        REQUIRE(q != nullptr);
        CHECK(addressOf(p) % align == 0);
        CHECK(addressOf(q) % align == 0);
        CHECK(writable(p, 100));
        al.rawFree({p, 100}, a);
        al.rawFree({q, 1}, a);
    }
}

// ---------------------------------------------------------------- an arena over each

namespace {

void tenThousandAllocations(Allocator child)
{
    Arena a(child);
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::size_t> size_dist(1, 300);
    std::uniform_int_distribution<unsigned> align_dist(0, 7); // 1 .. 128
    struct Slice {
        std::byte* p;
        std::size_t len;
    };
    std::vector<Slice> slices;
    slices.reserve(10'000);
    std::size_t misaligned = 0;
    for (std::size_t k = 0; k < 10'000; ++k) {
        const std::size_t len = size_dist(rng);
        const std::size_t align = std::size_t{1} << align_dist(rng);
        std::byte* p = a.alloc(len, Alignment::fromByteUnits(align));
        REQUIRE(p != nullptr);
        if (addressOf(p) % align != 0) ++misaligned;
        std::memset(p, static_cast<int>(k & 0xff), len);
        slices.push_back({p, len});
    }
    CHECK(misaligned == 0);
    std::size_t damaged = 0;
    for (std::size_t k = 0; k < slices.size(); ++k)
        for (std::size_t i = 0; i < slices[k].len; ++i)
            if (slices[k].p[i] != static_cast<std::byte>(k & 0xff)) {
                ++damaged;
                break;
            }
    CHECK(damaged == 0);
    CHECK(a.state.buffer_list.first->next != nullptr); // it did grow by nodes

    const std::size_t capacity = a.queryCapacity();
    CHECK(a.reset(Mode::retain_capacity()));
    REQUIRE(a.state.buffer_list.first != nullptr);
    CHECK(a.state.buffer_list.first->next == nullptr);
    CHECK(a.queryCapacity() == capacity);
    CHECK(a.state.end_index == 0);
    // The one node is real memory, all of it.
    CHECK(writable(reinterpret_cast<std::byte*>(a.state.buffer_list.first) + 16, capacity));
}

} // namespace

TEST_CASE("arena over pageAllocator: 10,000 mixed allocations, then one node after reset")
{
    tenThousandAllocations(arena::pageAllocator());
}

TEST_CASE("arena over mallocAllocator: 10,000 mixed allocations, then one node after reset")
{
    tenThousandAllocations(arena::mallocAllocator());
}

TEST_CASE("arena over InstrumentedChild: 10,000 mixed allocations, then one node after reset")
{
    InstrumentedChild child;
    child.setRecording(false);
    tenThousandAllocations(child.allocator());
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
}
