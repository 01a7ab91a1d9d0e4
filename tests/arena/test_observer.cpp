// The observer: the Steps the arena reports, in order, with their numbers,
// the line that took them, and the child calls already made when reported.
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

struct Journal {
    const InstrumentedChild* child = nullptr;
    std::vector<Step> steps;
    std::vector<std::size_t> calls_seen; // child.calls().size() when each step was reported
};

struct Recorder {
    Journal* journal;
    void step(const Step& s)
    {
        journal->steps.push_back(s);
        journal->calls_seen.push_back(journal->child->calls().size());
    }
};

using Observed = arena::ArenaAllocator<Recorder>;
using ObservedMode = Observed::ResetMode;

const Step* find(const Journal& j, StepKind kind, std::size_t from = 0)
{
    for (std::size_t i = from; i < j.steps.size(); ++i)
        if (j.steps[i].kind == kind) return &j.steps[i];
    return nullptr;
}

} // namespace

TEST_CASE("observer: the first alloc creates a node, then bumps")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    Observed a(child.allocator(), Recorder{&j});
    REQUIRE(a.alloc(1, align1) != nullptr);
    CHECK(kinds(j.steps) == "alloc_begin, first_node_needed, node_length, node_prepended, padding_computed, fits_bumped");
    REQUIRE(j.steps.size() == 6);
    CHECK(j.steps[0].len == 1);
    CHECK(j.steps[0].alignment == 1);
    CHECK(j.steps[1].min_size == 2);
    CHECK(j.steps[2].prev_len == 0);
    CHECK(j.steps[2].min_size == 2);
    CHECK(j.steps[2].new_len == 51);
    CHECK(j.steps[3].ok);
    CHECK(j.steps[3].new_len == 51);
    CHECK(j.steps[3].addr == reinterpret_cast<std::uintptr_t>(a.state.buffer_list.first));
    CHECK(j.steps[4].padding == 0);
    CHECK(j.steps[4].new_end_index == 1);
    CHECK(j.steps[4].node_len == 51);
    CHECK(j.steps[5].end_index == 0);
    CHECK(j.steps[5].new_end_index == 1);
}

TEST_CASE("observer: a step involving a child call is reported after the call")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    Observed a(child.allocator(), Recorder{&j});
    REQUIRE(a.alloc(1, align1) != nullptr);
    // node_length is decided before asking; node_prepended comes after the alloc.
    CHECK(j.calls_seen[2] == 0);
    CHECK(j.calls_seen[3] == 1);
    const std::size_t from = j.steps.size();
    REQUIRE(a.alloc(100, align1) != nullptr);
    CHECK(kinds(j.steps, from) ==
          "alloc_begin, padding_computed, does_not_fit, grow_in_place, node_length, node_prepended, padding_computed, fits_bumped");
    CHECK(j.calls_seen[from + 2] == 1); // does_not_fit: nothing asked yet
    CHECK(j.calls_seen[from + 3] == 2); // grow_in_place: the resize is in the log
    CHECK(j.calls_seen[from + 4] == 2);
    CHECK(j.calls_seen[from + 5] == 3);
}

TEST_CASE("observer: an alloc that fits after padding")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    Observed a(child.allocator(), Recorder{&j});
    REQUIRE(a.alloc(1, align1) != nullptr);
    const std::size_t from = j.steps.size();
    REQUIRE(a.alloc(8, align32) != nullptr);
    CHECK(kinds(j.steps, from) == "alloc_begin, padding_computed, fits_bumped");
    const Step& pad = j.steps[from + 1];
    CHECK(pad.padding == 15);
    CHECK(pad.end_index == 1);
    CHECK(pad.new_end_index == 24);
    CHECK(pad.adjusted_addr - pad.addr == 15);
    CHECK(pad.adjusted_addr % 32 == 0);
}

TEST_CASE("observer: growth in place, and growth by a new node")
{
    SUBCASE("policy always")
    {
        InstrumentedChild child(policy(ResizePolicy::always));
        Journal j{&child, {}, {}};
        Observed a(child.allocator(), Recorder{&j});
        REQUIRE(a.alloc(1, align1) != nullptr);
        const std::size_t from = j.steps.size();
        REQUIRE(a.alloc(100, align1) != nullptr);
        CHECK(kinds(j.steps, from) == "alloc_begin, padding_computed, does_not_fit, grow_in_place, padding_computed, fits_bumped");
        const Step* grow = find(j, StepKind::grow_in_place, from);
        REQUIRE(grow != nullptr);
        CHECK(grow->ok);
        CHECK(grow->node_len == 51);
        CHECK(grow->new_len == 117);
    }
    SUBCASE("policy never")
    {
        InstrumentedChild child(policy(ResizePolicy::never));
        Journal j{&child, {}, {}};
        Observed a(child.allocator(), Recorder{&j});
        REQUIRE(a.alloc(1, align1) != nullptr);
        const std::size_t from = j.steps.size();
        REQUIRE(a.alloc(100, align1) != nullptr);
        const Step* grow = find(j, StepKind::grow_in_place, from);
        REQUIRE(grow != nullptr);
        CHECK_FALSE(grow->ok);
        CHECK(grow->new_len == 117);
        const Step* node = find(j, StepKind::node_length, from);
        REQUIRE(node != nullptr);
        CHECK(node->prev_len == 35);
        CHECK(node->min_size == 101);
        CHECK(node->new_len == 252);
    }
}

TEST_CASE("observer: a refused node")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    Observed a(child.allocator(), Recorder{&j});
    child.failNext(ChildCall::Kind::alloc);
    CHECK(a.alloc(1, align1) == nullptr);
    CHECK(kinds(j.steps) == "alloc_begin, first_node_needed, node_length, node_alloc_failed");
    CHECK(j.steps.back().new_len == 51);
}

TEST_CASE("observer: resize and free report their branch")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    Observed a(child.allocator(), Recorder{&j});
    std::byte local[4]{};
    CHECK_FALSE(a.resize({local, 4}, align1, 2));
    a.free({local, 4}, align1);
    CHECK(kinds(j.steps) == "resize_no_buffer, free_no_buffer");
    std::byte* x = a.alloc(10, align1);
    std::byte* y = a.alloc(10, align1);
    const std::size_t from = j.steps.size();
    CHECK(a.resize({x, 10}, align1, 5));
    CHECK(a.resize({y, 10}, align1, 5));
    CHECK(a.resize({y, 5}, align1, 20));
    CHECK_FALSE(a.resize({y, 20}, align1, 100));
    a.free({x, 10}, align1);
    a.free({y, 20}, align1);
    CHECK(kinds(j.steps, from) == "resize_not_last, resize_shrink, resize_grow_fits, resize_grow_refused, free_not_last, free_last");
    CHECK(j.steps[from + 1].new_end_index == 15);
    CHECK(j.steps[from + 2].new_end_index == 30);
    CHECK(j.steps[from + 5].end_index == 30);
    CHECK(j.steps[from + 5].new_end_index == 10);
}

TEST_CASE("observer: reset's steps in each case")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    Observed a(child.allocator(), Recorder{&j});
    REQUIRE(a.alloc(1, align1) != nullptr);
    REQUIRE(a.alloc(100, align1) != nullptr);
    REQUIRE(a.alloc(1000, align1) != nullptr);

    std::size_t from = j.steps.size();
    CHECK(a.reset(ObservedMode::retain_capacity()));
    CHECK(kinds(j.steps, from) ==
          "reset_requested, free_node, free_node, reset_end_index_zero, reset_resize_kept, reset_realloc, reset_free_old");
    CHECK(j.steps[from].capacity == 2158);
    CHECK(j.steps[from].requested == 2158);
    CHECK(j.steps[from + 1].node_len == 1903);
    CHECK(j.steps[from + 2].node_len == 252);
    CHECK(j.steps[from + 4].new_len == 2174);
    CHECK_FALSE(j.steps[from + 4].ok);
    CHECK(j.steps[from + 5].ok);
    CHECK(j.steps[from + 6].node_len == 51);

    from = j.steps.size();
    CHECK(a.reset(ObservedMode::retain_capacity()));
    CHECK(kinds(j.steps, from) == "reset_requested, reset_end_index_zero, reset_kept_fits");

    from = j.steps.size();
    child.failNext(ChildCall::Kind::alloc);
    CHECK_FALSE(a.reset(ObservedMode::retain_with_limit(10)));
    CHECK(kinds(j.steps, from) == "reset_requested, reset_end_index_zero, reset_resize_kept, reset_realloc, reset_failed");
    CHECK(j.steps[from].requested == 10);

    from = j.steps.size();
    CHECK(a.reset(ObservedMode::free_all()));
    CHECK(kinds(j.steps, from) == "reset_requested, reset_release_all, free_node");
}

TEST_CASE("observer: the destructor reports deinit and each node")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    std::size_t from = 0;
    {
        Observed a(child.allocator(), Recorder{&j});
        REQUIRE(a.alloc(1, align1) != nullptr);
        REQUIRE(a.alloc(100, align1) != nullptr);
        from = j.steps.size();
    }
    CHECK(kinds(j.steps, from) == "deinit_begin, free_node, free_node");
    CHECK(j.steps[from].capacity == 271);
    CHECK(j.steps[from + 1].node_len == 252);
    CHECK(j.steps[from + 2].node_len == 51);
}

TEST_CASE("observer: every step carries its line of arena_allocator.hpp")
{
    InstrumentedChild child(policy(ResizePolicy::never));
    Journal j{&child, {}, {}};
    {
        Observed a(child.allocator(), Recorder{&j});
        REQUIRE(a.alloc(1, align1) != nullptr);
        REQUIRE(a.alloc(100, align1) != nullptr);
        CHECK(a.reset(ObservedMode::retain_capacity()));
    }
    REQUIRE_FALSE(j.steps.empty());
    std::size_t bad = 0;
    for (const Step& s : j.steps) {
        if (s.where.line() == 0 || !std::string_view(s.where.file_name()).ends_with("arena_allocator.hpp")) {
            ++bad;
            MESSAGE(arena::stepName(s.kind), " at ", s.where.file_name(), ":", s.where.line());
        }
    }
    CHECK(bad == 0);
    // Different decisions, different lines.
    const Step* pad = find(j, StepKind::padding_computed);
    const Step* fits = find(j, StepKind::fits_bumped);
    REQUIRE(pad != nullptr);
    REQUIRE(fits != nullptr);
    CHECK(pad->where.line() != fits->where.line());
}

TEST_CASE("observer: with NoObserver the arena is only its child and its state")
{
    using Plain = arena::ArenaAllocator<>;
    CHECK(sizeof(Plain) == sizeof(arena::Allocator) + sizeof(Plain::State));
    CHECK(sizeof(Plain) == 4 * sizeof(void*));
    CHECK(sizeof(Observed) > sizeof(Plain));
}
