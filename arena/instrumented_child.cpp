#include "arena/instrumented_child.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cassert>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <array>

namespace arena {

namespace {

constexpr std::size_t os_page = 4096;

constexpr std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

// Room for the largest buffer `limit` allows at `offset`, and a guard page.
constexpr std::size_t reservationFor(std::size_t offset, std::size_t limit)
{
    return roundUp(offset + limit, os_page) + os_page;
}

#ifndef __EMSCRIPTEN__
// Where reservations are asked to go: slots of 8 GiB from 32 TiB up, far
// from where the system maps anything by itself (top down from near 128
// TiB; above AddressSanitizer's shadow). A buffer takes only the start of
// its slot (what the limit allows), and the slot's unmapped rest, which costs
// nothing (not even under ulimit -v), lets it grow in place if the limit is
// raised later. The address is a hint: when a slot is taken, or the address
// space is smaller, the system puts the reservation elsewhere.
constexpr std::uintptr_t slot_base = std::uintptr_t{1} << 45;
constexpr std::size_t slot_size = std::size_t{1} << 33;
static_assert(slot_size >= ChildConfig::max_limit + ChildConfig::placement_period + os_page);
constexpr std::size_t slot_count = (std::size_t{1} << 45) / slot_size;

void* slotHint()
{
    static std::atomic<std::size_t> next{0};
    return reinterpret_cast<void*>(slot_base + next.fetch_add(1, std::memory_order_relaxed) % slot_count * slot_size);
}

// Address space for a buffer: nothing usable yet (commitPages).
std::byte* reserveSpace(std::size_t reserved)
{
    void* base = mmap(slotHint(), reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return base == MAP_FAILED ? nullptr : static_cast<std::byte*>(base);
}
void releaseSpace(std::byte* base, std::size_t reserved) { munmap(base, reserved); }
// More address space right after [.., end): only if nothing lies there.
bool extendSpace(std::byte* end, std::size_t extra, int& error)
{
    void* got = mmap(end, extra, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (got == MAP_FAILED || got != end) {
        error = got == MAP_FAILED ? errno : EEXIST;
        if (got != MAP_FAILED) munmap(got, extra);
        return false;
    }
    return true;
}
bool commitPages(std::byte* from, std::size_t len) { return mprotect(from, len, PROT_READ | PROT_WRITE) == 0; }
void decommitPages(std::byte* from, std::size_t len)
{
    madvise(from, len, MADV_DONTNEED);
    mprotect(from, len, PROT_NONE);
}
// The room a new buffer asks for first: the limit's worth, which costs only
// address space.
std::size_t firstRoom(std::size_t, const ChildConfig& config) { return config.limit; }
// When the limit's worth of room cannot be had: none smaller (the system
// said no).
std::array<std::size_t, 2> smallerRooms(std::size_t, const ChildConfig& config) { return {config.limit, config.limit}; }
#else
// The browser (WebAssembly) has no virtual memory to reserve: a buffer's
// room is memory of the page's own (at most 4 GiB, 32-bit addresses), so
// it is given out by need rather than by the limit alone:
// - a child that grows buffers (resize=pages or always) gives each buffer
//   the limit's worth, as natively, so every trace is the same;
// - a child that never grows one (never or shrink) gives its length and
//   1 MiB more: nothing more is used while that holds, the 1 MiB keeps a
//   later `child` line that lets buffers grow as natively for all but big
//   growths, and a script holding 1.5 GB in 39 buffers
//   (tests/bench/frame_100k.arena) fits in the page.
// Only when the page cannot give that much does a buffer get less: four
// times its first size (at least 1 MiB), else its length alone; a resize
// in place past that is refused as the system refusing memory, as under
// `ulimit -v` natively, which the trace and the window say.
// Buffers still start at the same offset modulo 4096. Their bytes are not
// touched: nothing reads them, and the arena writes its header itself, so
// the browser backs only the pages a buffer's header lies on.
std::byte* reserveSpace(std::size_t reserved)
{
    return static_cast<std::byte*>(std::aligned_alloc(os_page, reserved));
}
void releaseSpace(std::byte* base, std::size_t) { std::free(base); }
bool extendSpace(std::byte*, std::size_t, int& error)
{
    error = ENOMEM;
    return false;
}
bool commitPages(std::byte*, std::size_t) { return true; }
void decommitPages(std::byte*, std::size_t) {}
std::size_t firstRoom(std::size_t len, const ChildConfig& config)
{
    const bool grows = config.resize == ResizePolicy::pages || config.resize == ResizePolicy::always;
    return grows ? config.limit : std::min(len + (std::size_t{1} << 20), config.limit);
}
std::array<std::size_t, 2> smallerRooms(std::size_t len, const ChildConfig& config)
{
    return {std::min(std::max<std::size_t>(4 * len, std::size_t{1} << 20), config.limit), len};
}
#endif

} // namespace

std::string_view policyName(ResizePolicy policy)
{
    switch (policy) {
    case ResizePolicy::never: return "never";
    case ResizePolicy::shrink: return "shrink";
    case ResizePolicy::pages: return "pages";
    case ResizePolicy::always: return "always";
    }
    return "?";
}

std::optional<ResizePolicy> parsePolicy(std::string_view word)
{
    for (ResizePolicy p : {ResizePolicy::never, ResizePolicy::shrink, ResizePolicy::pages, ResizePolicy::always})
        if (policyName(p) == word) return p;
    return std::nullopt;
}

std::string_view callName(ChildCall::Kind kind)
{
    switch (kind) {
    case ChildCall::Kind::alloc: return "alloc";
    case ChildCall::Kind::resize: return "resize";
    case ChildCall::Kind::free: return "free";
    }
    return "?";
}

InstrumentedChild::InstrumentedChild(ChildConfig config) : config_(config)
{
    // The placement scheme assumes the OS hands out 4 KiB-aligned mappings.
    assert(static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) <= ChildConfig::placement_period);
}

InstrumentedChild::~InstrumentedChild()
{
    for (auto& [start, block] : buffers_) releaseSpace(block.reservation, block.reserved);
}

void InstrumentedChild::failNext(ChildCall::Kind kind) noexcept
{
    if (kind == ChildCall::Kind::alloc) ++pending_alloc_failures_;
    if (kind == ChildCall::Kind::resize) ++pending_resize_failures_;
}

std::size_t InstrumentedChild::pendingFailures(ChildCall::Kind kind) const noexcept
{
    if (kind == ChildCall::Kind::alloc) return pending_alloc_failures_;
    if (kind == ChildCall::Kind::resize) return pending_resize_failures_;
    return 0;
}

std::optional<InstrumentedChild::Buffer> InstrumentedChild::find(const void* p) const noexcept
{
    const auto addr = reinterpret_cast<std::uintptr_t>(p);
    auto it = buffers_.upper_bound(addr);
    if (it == buffers_.begin()) return std::nullopt;
    --it;
    if (addr >= it->first + it->second.len) return std::nullopt;
    return Buffer{it->second.id, reinterpret_cast<std::byte*>(it->first), it->second.len};
}

std::vector<InstrumentedChild::Buffer> InstrumentedChild::buffers() const
{
    std::vector<Buffer> out;
    out.reserve(buffers_.size());
    for (const auto& [start, block] : buffers_) out.push_back({block.id, reinterpret_cast<std::byte*>(start), block.len});
    return out;
}

// A pending failure is used up by the next call of its kind, even one that
// would have failed anyway.
bool InstrumentedChild::takePending(std::size_t& pending) noexcept
{
    if (pending == 0) return false;
    --pending;
    return true;
}

// Counts one alloc or resize call against failCallNumber(); true for the
// call it chose.
bool InstrumentedChild::takeNumbered() noexcept
{
    if (!fail_call_in_) return false;
    if (*fail_call_in_ == 0) {
        fail_call_in_.reset();
        return true;
    }
    --*fail_call_in_;
    return false;
}

InstrumentedChild::Block* InstrumentedChild::lookup(const std::byte* start) noexcept
{
    auto it = buffers_.find(reinterpret_cast<std::uintptr_t>(start));
    return it == buffers_.end() ? nullptr : &it->second;
}

void InstrumentedChild::record(const ChildCall& call)
{
    ++call_count_;
    if (recording_) calls_.push_back(call);
}

// Makes the pages under [reservation, offset + len) usable and gives the
// pages past them back to the system.
bool InstrumentedChild::commit(Block& block, std::size_t len) noexcept
{
    const std::size_t want = roundUp(block.offset + len, os_page);
    if (want + os_page > block.reserved) {
        // The limit was raised after this buffer was placed: extend its
        // reservation in place, if nothing else lies there.
        const std::size_t extra = want + os_page - block.reserved;
        if (!extendSpace(block.reservation + block.reserved, extra, reservation_errno_)) {
            ++reservation_failures_;
            return false;
        }
        block.reserved += extra;
    }
    if (want > block.committed) {
        if (!commitPages(block.reservation + block.committed, want - block.committed)) {
            reservation_errno_ = errno;
            ++reservation_failures_;
            return false;
        }
    } else if (want < block.committed) {
        decommitPages(block.reservation + want, block.committed - want);
    }
    block.committed = want;
    return true;
}

bool InstrumentedChild::policyAllows(std::size_t old_len, std::size_t new_len) const noexcept
{
    switch (config_.resize) {
    case ResizePolicy::never: return false;
    case ResizePolicy::shrink: return new_len <= old_len;
    case ResizePolicy::pages: return roundUp(new_len, config_.page) <= roundUp(old_len, config_.page);
    case ResizePolicy::always: return true;
    }
    return false;
}

std::byte* InstrumentedChild::alloc(std::size_t len, Alignment alignment)
{
    ChildCall call{.kind = ChildCall::Kind::alloc, .len = len, .alignment = alignment.toByteUnits()};
    const bool numbered = takeNumbered();
    const bool forced = takePending(pending_alloc_failures_) || numbered;
    const bool fits = len <= config_.limit && live_bytes_ <= config_.limit - len;
    // Buffers start at `offset` modulo 4096, so an alignment above 8 (the
    // smallest offset step) is only met when the offset happens to satisfy
    // it, and none above 4096 ever is; the arena only ever asks for 8.
    const bool aligned = alignment.toByteUnits() <= ChildConfig::placement_period && alignment.check(config_.offset);
    std::byte* start = nullptr;
    if (!forced && fits && aligned && len > 0) {
        std::size_t room = firstRoom(len, config_);
        std::size_t reserved = reservationFor(config_.offset, room);
        std::byte* base = reserveSpace(reserved);
        for (std::size_t less : smallerRooms(len, config_)) {
            if (base != nullptr || less >= room) continue;
            room = less;
            reserved = reservationFor(config_.offset, room);
            base = reserveSpace(reserved);
        }
        if (base != nullptr) {
            Block block{next_id_, base, config_.offset, len, 0, reserved};
            if (commit(block, len)) {
                start = block.reservation + block.offset;
                buffers_.emplace(reinterpret_cast<std::uintptr_t>(start), block);
                live_bytes_ += len;
                call.buf = next_id_++;
            } else {
                releaseSpace(base, reserved);
            }
        } else {
            reservation_errno_ = errno;
            ++reservation_failures_;
        }
    }
    call.ok = start != nullptr;
    record(call);
    return start;
}

bool InstrumentedChild::resize(Bytes memory, Alignment alignment, std::size_t new_len)
{
    Block* block = lookup(memory.data());
    assert(block != nullptr && block->len == memory.size() && "resize of a buffer this child does not hold");
    ChildCall call{.kind = ChildCall::Kind::resize,
                   .buf = block ? block->id : ChildCall::no_buf,
                   .len = memory.size(),
                   .new_len = new_len,
                   .alignment = alignment.toByteUnits()};
    const bool numbered = takeNumbered();
    const bool forced = takePending(pending_resize_failures_) || numbered;
    bool ok = block != nullptr && !forced && new_len > 0 && policyAllows(memory.size(), new_len);
    if (ok && new_len > memory.size()) {
        // A growing resize must keep what is held within the limit.
        const std::size_t others = live_bytes_ - memory.size();
        ok = new_len <= config_.limit && others <= config_.limit - new_len;
    }
    if (ok) ok = commit(*block, new_len);
    if (ok) {
        live_bytes_ = live_bytes_ - memory.size() + new_len;
        block->len = new_len;
    }
    call.ok = ok;
    record(call);
    return ok;
}

void InstrumentedChild::free(Bytes memory, Alignment alignment)
{
    auto it = buffers_.find(reinterpret_cast<std::uintptr_t>(memory.data()));
    assert(it != buffers_.end() && it->second.len == memory.size() && "free of a buffer this child does not hold");
    if (it == buffers_.end()) return;
    record({.kind = ChildCall::Kind::free, .ok = true, .buf = it->second.id, .len = memory.size(),
            .alignment = alignment.toByteUnits()});
    live_bytes_ -= it->second.len;
    releaseSpace(it->second.reservation, it->second.reserved);
    buffers_.erase(it);
}

} // namespace arena
