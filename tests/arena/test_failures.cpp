// Failure injection: a fixed scenario of arena operations is run once to
// count the child's alloc and resize calls, then once more for each of them
// with that one call refused. Whatever is refused, the arena must stay
// consistent and usable, fail only where Zig's arena fails, and leak nothing.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"

#include "support.hpp"

namespace {

using namespace arenatest;

using arena::Bytes;
using Arena = arena::ArenaAllocator<>;
using Mode = Arena::ResetMode;

// Forwards to the InstrumentedChild, except that the alloc or resize call
// numbered `refuse_at` (counting allocs and resizes together, from 0) is
// answered nullptr / false without reaching it.
struct Refuser {
    enum class Kind { none, alloc, resize };

    InstrumentedChild* child = nullptr;
    std::optional<std::size_t> refuse_at;
    std::size_t count = 0;  // alloc and resize calls seen
    Kind refused = Kind::none;
    std::size_t refused_call = 0;

    Allocator allocator() { return {this, &vtable}; }

    bool refuseThis(Kind kind)
    {
        const std::size_t index = count++;
        if (refuse_at && *refuse_at == index) {
            refused = kind;
            refused_call = index;
            return true;
        }
        return false;
    }

    static std::byte* allocFn(void* ctx, std::size_t len, Alignment a)
    {
        auto* self = static_cast<Refuser*>(ctx);
        if (self->refuseThis(Kind::alloc)) return nullptr;
        return self->child->allocator().rawAlloc(len, a);
    }
    static bool resizeFn(void* ctx, Bytes m, Alignment a, std::size_t n)
    {
        auto* self = static_cast<Refuser*>(ctx);
        if (self->refuseThis(Kind::resize)) return false;
        return self->child->allocator().rawResize(m, a, n);
    }
    static std::byte* remapFn(void* ctx, Bytes m, Alignment a, std::size_t n)
    {
        return resizeFn(ctx, m, a, n) ? m.data() : nullptr;
    }
    static void freeFn(void* ctx, Bytes m, Alignment a) { static_cast<Refuser*>(ctx)->child->allocator().rawFree(m, a); }
    static constexpr Allocator::VTable vtable{allocFn, resizeFn, remapFn, freeFn};
};

struct Handle {
    std::byte* p = nullptr;
    std::size_t len = 0;
    std::size_t align = 1;
    unsigned seed = 0;
};

void fill(const Handle& h)
{
    for (std::size_t i = 0; i < h.len; ++i) h.p[i] = static_cast<std::byte>((h.seed * 37 + i) & 0xff);
}

bool intact(const Handle& h)
{
    for (std::size_t i = 0; i < h.len; ++i)
        if (h.p[i] != static_cast<std::byte>((h.seed * 37 + i) & 0xff)) return false;
    return true;
}

// Runs the scenario, checking everything it can after each operation.
class Scenario {
public:
    Scenario(InstrumentedChild& child, Refuser& refuser, Arena& arena) : child_(child), refuser_(refuser), a_(arena) {}

    void run()
    {
        policy(ResizePolicy::never);
        alloc(0, 1, 1);
        alloc(1, 100, 8);    // does not fit: resize refused, a new node
        alloc(2, 24, 32);
        resize(2, 48);       // most recent: grows in place in the node
        free(1);             // not the most recent: nothing
        alloc(3, 1000, 16);  // a third node
        reset(Mode::retain_capacity()); // frees two, resize refused, realloc
        policy(ResizePolicy::pages);
        alloc(4, 500, 64);
        alloc(5, 3000, 8);   // grows in place within the page, or a new node
        resize(5, 100);      // shrink the most recent
        free(5);             // roll back
        alloc(6, 5000, 4096);
        reset(Mode::retain_with_limit(300)); // shrinks the oldest in place
        alloc(7, 200, 16);
        alloc(8, 400, 8);
        reset(Mode::free_all());
        alloc(9, 64, 8);
        reset(Mode::retain_capacity()); // one node of the right size: nothing to ask
        policy(ResizePolicy::never);
        alloc(10, 2000, 32);
        reset(Mode::retain_with_limit(10)); // resize refused: realloc
    }

    std::size_t operations() const { return operations_; }
    std::size_t nullAllocs() const { return null_allocs_; }
    std::size_t failedResets() const { return failed_resets_; }

private:
    void policy(ResizePolicy p)
    {
        child_.configure(arenatest::policy(p, 8)); // the member policy() hides it
    }

    bool refusedDuring(std::size_t before) const
    {
        return refuser_.refused != Refuser::Kind::none && refuser_.refused_call >= before && refuser_.refused_call < refuser_.count;
    }

    void alloc(std::size_t id, std::size_t len, std::size_t align)
    {
        CAPTURE(operations_);
        const std::size_t before = refuser_.count;
        std::byte* p = a_.alloc(len, Alignment::fromByteUnits(align));
        const bool createNodeRefused = refusedDuring(before) && refuser_.refused == Refuser::Kind::alloc;
        // Null only when the refused call was createNode's alloc; in alloc
        // every child alloc is createNode's.
        CHECK((p == nullptr) == createNodeRefused);
        null_allocs_ += p == nullptr ? 1 : 0;
        if (p != nullptr) {
            CHECK(reinterpret_cast<std::uintptr_t>(p) % align == 0);
            handles_[id] = Handle{p, len, align, static_cast<unsigned>(id + 1)};
            fill(*handles_[id]);
        }
        step();
    }

    void resize(std::size_t id, std::size_t new_len)
    {
        CAPTURE(operations_);
        const std::size_t before = refuser_.count;
        if (Handle* h = live(id)) {
            if (a_.resize({h->p, h->len}, Alignment::fromByteUnits(h->align), new_len)) {
                h->len = new_len;
                fill(*h);
            }
        }
        CHECK(refuser_.count == before); // resize never asks the child
        step();
    }

    void free(std::size_t id)
    {
        CAPTURE(operations_);
        const std::size_t before = refuser_.count;
        if (Handle* h = live(id)) a_.free({h->p, h->len}, Alignment::fromByteUnits(h->align));
        handles_[id].reset();
        CHECK(refuser_.count == before); // free never asks the child
        step();
    }

    void reset(Mode mode)
    {
        CAPTURE(operations_);
        // Everything allocated so far kept its bytes.
        for (std::size_t id = 0; id < handles_.size(); ++id)
            if (handles_[id]) {
                CAPTURE(id);
                CHECK(intact(*handles_[id]));
            }
        const std::size_t before = refuser_.count;
        const bool ok = a_.reset(mode);
        const bool reallocRefused = refusedDuring(before) && refuser_.refused == Refuser::Kind::alloc;
        // False only when the refused call was reset's realloc: reset's only alloc.
        CHECK(ok == !reallocRefused);
        failed_resets_ += ok ? 0 : 1;
        for (auto& h : handles_) h.reset();
        CHECK(a_.state.end_index == 0);
        if (mode.tag != Mode::Tag::free_all && a_.state.buffer_list.first != nullptr)
            CHECK(a_.state.buffer_list.first->next == nullptr);
        step();
    }

    Handle* live(std::size_t id) { return handles_[id] ? &*handles_[id] : nullptr; }

    // The invariants after every operation.
    void step()
    {
        ++operations_;
        const auto* first = a_.state.buffer_list.first;
        if (first == nullptr) {
            CHECK(a_.state.end_index == 0);
        } else {
            CHECK(a_.state.end_index <= first->data - 16);
        }
        std::size_t sum = 0;
        std::size_t nodes = 0;
        bool match = true;
        for (auto* it = first; it != nullptr; it = it->next) {
            sum += it->data - 16;
            ++nodes;
            // Each node is a whole live buffer of the child, of the recorded length.
            const auto buf = child_.find(it);
            match = match && buf.has_value() && buf->start == reinterpret_cast<const std::byte*>(it) && buf->len == it->data;
        }
        CHECK(match);
        CHECK(a_.queryCapacity() == sum);
        // The arena holds exactly what the child has live.
        CHECK(nodes == child_.liveBuffers());
        CHECK(sum + 16 * nodes == child_.liveBytes());
    }

    InstrumentedChild& child_;
    Refuser& refuser_;
    Arena& a_;
    std::vector<std::optional<Handle>> handles_ = std::vector<std::optional<Handle>>(11);
    std::size_t operations_ = 0;
    std::size_t null_allocs_ = 0;
    std::size_t failed_resets_ = 0;
};

struct Outcome {
    std::size_t calls = 0;     // alloc and resize calls that reached the refuser
    bool refused = false;
    std::size_t operations = 0;
    std::size_t null_allocs = 0;
    std::size_t failed_resets = 0;
};

Outcome runScenario(std::optional<std::size_t> refuse_at)
{
    InstrumentedChild child;
    Refuser refuser;
    refuser.child = &child;
    refuser.refuse_at = refuse_at;
    Outcome out;
    {
        Arena a(refuser.allocator());
        Scenario scenario(child, refuser, a);
        scenario.run();
        out.calls = refuser.count;
        // Still usable (with the refusal spent, nothing more is refused).
        refuser.refuse_at.reset();
        std::byte* p = a.alloc(100, Alignment::fromByteUnits(16));
        CHECK(p != nullptr);
        if (p != nullptr) p[99] = std::byte{1};
        out.refused = refuser.refused != Refuser::Kind::none;
        out.operations = scenario.operations();
        out.null_allocs = scenario.nullAllocs();
        out.failed_resets = scenario.failedResets();
    }
    CHECK(child.liveBuffers() == 0);
    CHECK(child.liveBytes() == 0);
    return out;
}

} // namespace

TEST_CASE("failure injection: the scenario without failures exercises the child")
{
    const Outcome clean = runScenario(std::nullopt);
    CHECK(clean.operations == 20);
    CHECK_FALSE(clean.refused);
    CHECK(clean.null_allocs == 0);
    CHECK(clean.failed_resets == 0);
    // Allocs and resizes, by the spec's arithmetic (offset 8): op 1 node; op 2
    // resize, node; op 6 resize, node; op 7 resize, realloc; op 9 resize (pages:
    // 2222 -> 3556 granted); op 12 resize, node; op 13 resize (3556 -> 316);
    // op 15 resize (316 -> 624); op 17 node; op 19 resize, node; op 20 resize,
    // realloc. Op 18 keeps a node of the right size and asks nothing.
    CHECK(clean.calls == 17);
}

TEST_CASE("failure injection: refusing any one child call leaves the arena consistent and usable")
{
    const std::size_t n = runScenario(std::nullopt).calls;
    REQUIRE(n > 0);
    std::size_t null_allocs = 0;
    std::size_t failed_resets = 0;
    for (std::size_t k = 0; k < n; ++k) {
        CAPTURE(k);
        const Outcome out = runScenario(k);
        // The calls before k are the same as in the clean run, so call k happens.
        CHECK(out.refused);
        CHECK(out.operations == 20);
        CHECK(out.null_allocs + out.failed_resets <= 1); // one refusal, at most one failure
        null_allocs += out.null_allocs;
        failed_resets += out.failed_resets;
    }
    // Six of the calls are createNode allocs and two are reset reallocs.
    CHECK(null_allocs == 6);
    CHECK(failed_resets == 2);
}
