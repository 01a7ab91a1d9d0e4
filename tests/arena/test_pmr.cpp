// The std::pmr adapter and the typed helpers on Allocator.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"
#include "arena/plain_children.hpp"
#include "arena/pmr.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

using arena::MemoryResource;
using Arena = arena::ArenaAllocator<>;

ChildConfig limited(std::size_t limit)
{
    ChildConfig config;
    config.limit = limit;
    return config;
}

} // namespace

// ---------------------------------------------------------------- pmr

TEST_CASE("pmr: a vector<int> of 100,000 values over an arena over the page allocator")
{
    Arena a(arena::pageAllocator());
    MemoryResource resource(a.allocator());
    std::pmr::vector<int> v(&resource);
    for (int i = 0; i < 100'000; ++i) v.push_back(i * 3);
    REQUIRE(v.size() == 100'000);
    bool all = true;
    for (int i = 0; i < 100'000; ++i) all = all && v[static_cast<std::size_t>(i)] == i * 3;
    CHECK(all);
    CHECK(a.queryCapacity() >= 100'000 * sizeof(int));
}

TEST_CASE("pmr: a vector's storage lives in the arena's buffers")
{
    InstrumentedChild child;
    {
        Arena a(child.allocator());
        MemoryResource resource(a.allocator());
        std::pmr::vector<int> v(&resource);
        for (int i = 0; i < 100'000; ++i) v.push_back(i);
        CHECK(child.find(v.data()).has_value());
        CHECK(child.find(v.data() + v.size() - 1).has_value());
        CHECK(v.back() == 99'999);
    }
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
}

TEST_CASE("pmr: string concatenations longer than the small-string buffer")
{
    InstrumentedChild child;
    {
        Arena a(child.allocator());
        MemoryResource resource(a.allocator());
        std::pmr::string s(&resource);
        std::string expected;
        for (int i = 0; i < 200; ++i) {
            const std::string piece = "piece-" + std::to_string(i) + ";";
            s += piece.c_str();
            expected += piece;
        }
        const std::string tail = "!tail that is long enough to leave SSO behind";
        std::pmr::string t = s + std::pmr::string(tail.c_str(), &resource);
        CHECK(std::string(s) == expected);
        CHECK(t.size() == s.size() + tail.size());
        CHECK(std::string(t.substr(s.size())) == tail);
        CHECK(t.substr(0, s.size()) == s);
        CHECK(child.find(s.data()).has_value());
        CHECK(child.find(t.data()).has_value());
    }
    CHECK(child.liveBuffers() == 0);
}

TEST_CASE("pmr: a vector of strings passes the resource on to its elements")
{
    InstrumentedChild child;
    {
        Arena a(child.allocator());
        MemoryResource resource(a.allocator());
        std::pmr::vector<std::pmr::string> v(&resource);
        for (int i = 0; i < 1000; ++i) v.emplace_back(std::string(40, static_cast<char>('a' + i % 26)) + std::to_string(i));
        REQUIRE(v.size() == 1000);
        std::size_t in_arena = 0;
        std::size_t right = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            in_arena += child.find(v[i].data()).has_value() ? 1 : 0;
            right += v[i] == std::pmr::string(std::string(40, static_cast<char>('a' + i % 26)) + std::to_string(i)) ? 1 : 0;
        }
        CHECK(in_arena == 1000);
        CHECK(right == 1000);
        CHECK(v[7].get_allocator().resource() == &resource);
    }
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
}

TEST_CASE("pmr: resources are equal when they wrap the same allocator")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    Arena b(child.allocator());
    MemoryResource ra1(a.allocator());
    MemoryResource ra2(a.allocator());
    MemoryResource rb(b.allocator());
    MemoryResource rc(child.allocator());
    CHECK(ra1.is_equal(ra1));
    CHECK(ra1.is_equal(ra2));
    CHECK(ra1 == ra2);
    CHECK_FALSE(ra1.is_equal(rb));
    CHECK_FALSE(ra1.is_equal(rc));
    CHECK_FALSE(ra1.is_equal(*std::pmr::new_delete_resource()));
    CHECK(ra1.allocator().ptr == &a);
}

TEST_CASE("pmr: deallocating the most recent block gives its bytes back to the arena")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    MemoryResource resource(a.allocator());
    void* p = resource.allocate(104, 8);
    REQUIRE(a.state.end_index == 104);
    void* q = resource.allocate(24, 8);
    CHECK(a.state.end_index == 128);
    resource.deallocate(q, 24, 8);
    CHECK(a.state.end_index == 104);
    resource.deallocate(p, 104, 8);
    CHECK(a.state.end_index == 0);
}

TEST_CASE("pmr: zero bytes give an aligned, non-null, distinct pointer: one byte of the arena")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    MemoryResource resource(a.allocator());
    void* p = resource.allocate(0, 16);
    CHECK(p != nullptr);
    CHECK(addressOf(p) % 16 == 0);
    CHECK(a.state.end_index == 1);
    void* q = resource.allocate(0, 16);
    CHECK(q != p);
    CHECK(a.state.end_index == 17);
    resource.deallocate(q, 0, 16); // the most recent: its byte comes back
    CHECK(a.state.end_index == 16);
    resource.deallocate(p, 0, 16);
}

TEST_CASE("pmr: out of memory throws std::bad_alloc")
{
    InstrumentedChild child(limited(256));
    Arena a(child.allocator());
    MemoryResource resource(a.allocator());
    CHECK_THROWS_AS((void)resource.allocate(1000, 8), std::bad_alloc);
    std::pmr::vector<int> v(&resource);
    CHECK_THROWS_AS(v.resize(10'000), std::bad_alloc);
    // What fits still works.
    CHECK(resource.allocate(10, 8) != nullptr);
}

TEST_CASE("pmr: honours over-aligned requests")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    MemoryResource resource(a.allocator());
    for (std::size_t align : {std::size_t{16}, std::size_t{64}, std::size_t{256}}) {
        void* p = resource.allocate(3, align);
        CHECK(addressOf(p) % align == 0);
    }
}

// ---------------------------------------------------------------- typed helpers

namespace {

struct Point {
    int x;
    int y;
    Point(int x_, int y_) : x(x_), y(y_) {}
};

struct Counted {
    static inline int live = 0;
    long value;
    explicit Counted(long v) : value(v) { ++live; }
    ~Counted() { --live; }
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
};

struct alignas(64) Wide {
    unsigned char bytes[64];
};

struct Throws {
    explicit Throws(int) { throw std::runtime_error("constructor failed"); }
    long payload[4];
};

} // namespace

TEST_CASE("typed: alloc<T>(n) gives n aligned, writable Ts")
{
    InstrumentedChild child(ChildConfig{.resize = ResizePolicy::never});
    Arena a(child.allocator());
    const Allocator al = a.allocator();
    std::span<int> ints = al.alloc<int>(10);
    REQUIRE(ints.size() == 10);
    CHECK(addressOf(ints.data()) % alignof(int) == 0);
    for (std::size_t i = 0; i < ints.size(); ++i) ints[i] = static_cast<int>(i);
    CHECK(ints[9] == 9);
    CHECK(a.state.end_index == 40);
    // The child was asked for (40 + 4 + 32) * 3 / 2 = 114 bytes.
    REQUIRE(child.calls().size() == 1);
    CHECK(child.calls()[0].len == 114);

    std::span<double> wide = al.alloc<double, 64>(3);
    REQUIRE(wide.size() == 3);
    CHECK(addressOf(wide.data()) % 64 == 0);
    std::span<Wide> w = al.alloc<Wide>(2);
    CHECK(addressOf(w.data()) % 64 == 0);
}

TEST_CASE("typed: alloc<T>(0) gives a non-null aligned pointer without calling the child")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    const Allocator al = a.allocator();
    std::span<long> none = al.alloc<long>(0);
    CHECK(none.empty());
    CHECK(none.data() != nullptr);
    CHECK(addressOf(none.data()) % alignof(long) == 0);
    std::span<char, std::dynamic_extent> c = al.alloc<char, 4096>(0);
    CHECK(c.data() != nullptr);
    CHECK(addressOf(c.data()) % 4096 == 0);
    al.free(none); // nothing reaches the arena either
    CHECK(a.state.buffer_list.first == nullptr);
    CHECK(child.calls().empty());
}

TEST_CASE("typed: a count whose byte size overflows throws without calling the child")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    CHECK_THROWS_AS((void)a.allocator().alloc<std::uint64_t>(SIZE_MAX / 4), std::bad_alloc);
    CHECK(child.calls().empty());
}

TEST_CASE("typed: create constructs, destroy destructs and frees")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    const Allocator al = a.allocator();
    Point* p = al.create<Point>(3, 4);
    REQUIRE(p != nullptr);
    CHECK(p->x == 3);
    CHECK(p->y == 4);
    const std::size_t end_before = a.state.end_index;
    Counted* c = al.create<Counted>(42L);
    CHECK(c->value == 42);
    CHECK(Counted::live == 1);
    CHECK(addressOf(c) % alignof(Counted) == 0);
    al.destroy(c);
    CHECK(Counted::live == 0);
    CHECK(a.state.end_index == end_before); // it was the most recent: rolled back
    Wide* w = al.create<Wide>();
    CHECK(addressOf(w) % 64 == 0);
    al.destroy<Counted>(nullptr); // no-op
}

TEST_CASE("typed: resize<T> and free<T> act in units of T")
{
    InstrumentedChild child;
    Arena a(child.allocator());
    const Allocator al = a.allocator();
    std::span<std::uint32_t> x = al.alloc<std::uint32_t>(4);
    std::span<std::uint32_t> y = al.alloc<std::uint32_t>(4);
    CHECK(a.state.end_index == 32);
    CHECK(al.resize(y, 6));
    CHECK(a.state.end_index == 40);
    y = {y.data(), 6};
    CHECK_FALSE(al.resize(x, 5)); // not the most recent
    CHECK(al.resize(x, 2));
    CHECK_FALSE(al.resize(std::span<std::uint32_t>{}, 3)); // empty: refused
    CHECK_FALSE(al.resize(y, SIZE_MAX / 2));               // byte size overflows
    CHECK(al.resize(y, 0));                                // frees
    CHECK(a.state.end_index == 16);
    al.free(std::span<std::uint32_t>{x.data(), 4});
    CHECK(a.state.end_index == 0);
}

TEST_CASE("typed: out of memory throws std::bad_alloc")
{
    InstrumentedChild child(limited(64));
    Arena a(child.allocator());
    const Allocator al = a.allocator();
    CHECK_THROWS_AS((void)al.alloc<int>(100), std::bad_alloc);
    CHECK_THROWS_AS((void)al.create<Wide>(), std::bad_alloc);
    CHECK_THROWS_AS((void)child.allocator().alloc<char>(65), std::bad_alloc);
    CHECK(al.alloc<char>(1).size() == 1); // (1+1+32)*3/2 = 51 <= 64
}

TEST_CASE("typed: create releases the memory when the constructor throws")
{
    // As a new-expression does: the memory of an object whose constructor
    // throws is given back. Directly over the child, nothing must stay held.
    InstrumentedChild child;
    const Allocator al = child.allocator();
    CHECK_THROWS_AS((void)al.create<Throws>(1), std::runtime_error);
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
}
