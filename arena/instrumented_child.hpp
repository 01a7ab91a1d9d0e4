// A child allocator for watching and testing an arena: it records every
// call, numbers the buffers it hands out, decides in-place resizes by a
// policy, can refuse on purpose, and places buffers so that runs repeat
// exactly (the same offset modulo 4096 on every run and machine).
//
// Buffers are real memory. Each lives in its own reservation of address
// space, big enough for the largest buffer the `limit` in force when it was
// allocated allows, plus one guard page, so no buffer can grow into another
// and a pointer into one buffer never looks like the end of another (the
// arena's "most recent allocation" test compares addresses). Only the pages
// a buffer's length covers are readable and writable. A buffer asked to grow
// past its reservation (the limit was raised after it was allocated) has its
// reservation extended in place when the address space after it is free.
//
// When the system refuses the address space (mmap fails: `ulimit -v`, or a
// 32-bit address space), the call fails and reservationFailures() counts it:
// that is the machine's failure, not a refusal of the child's, and a run
// must stop and say so rather than trace it as a refusal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "arena/allocator.hpp"

namespace arena {

// When the child agrees to resize a buffer in place.
enum class ResizePolicy : std::uint8_t {
    never,  // never
    shrink, // only when the new length is not larger
    pages,  // when it stays within the pages it has (Zig's page allocator)
    always, // always (within the limit)
};
std::string_view policyName(ResizePolicy policy);
std::optional<ResizePolicy> parsePolicy(std::string_view word);

struct ChildConfig {
#if SIZE_MAX > 0xFFFFFFFFu
    static constexpr std::size_t max_limit = std::size_t{1} << 32;
#else
    // A 32-bit build (the browser's WebAssembly): its whole memory is at
    // most 4 GiB, so a child holds at most 2 GiB.
    static constexpr std::size_t max_limit = std::size_t{1} << 31;
#endif
    static constexpr std::size_t placement_period = 4096; // offsets are taken modulo this

    ResizePolicy resize = ResizePolicy::pages;
    std::size_t page = 4096;            // power of two, 8 to 1 MiB: the page size for `pages`
    std::size_t offset = 0;             // multiple of 8 below 4096: where buffers start, modulo 4096
    std::size_t limit = 256u << 20;     // the most bytes held at once, at most max_limit
    friend bool operator==(const ChildConfig&, const ChildConfig&) = default;
};

// One call the arena made to the child, as a trace shows it.
struct ChildCall {
    enum class Kind : std::uint8_t { alloc, resize, free };
    static constexpr std::uint64_t no_buf = UINT64_MAX;

    Kind kind{};
    bool ok = false;
    std::uint64_t buf = no_buf; // the buffer's number (no_buf for a refused alloc)
    std::size_t len = 0;        // alloc: length asked; resize, free: the buffer's length
    std::size_t new_len = 0;    // resize only
    std::size_t alignment = 0;  // in bytes
    friend bool operator==(const ChildCall&, const ChildCall&) = default;
};
std::string_view callName(ChildCall::Kind kind);

class InstrumentedChild {
public:
    struct Buffer {
        std::uint64_t id = 0;
        std::byte* start = nullptr;
        std::size_t len = 0;
    };

    explicit InstrumentedChild(ChildConfig config = {});
    ~InstrumentedChild(); // releases whatever is still held (see liveBuffers())
    InstrumentedChild(const InstrumentedChild&) = delete;
    InstrumentedChild& operator=(const InstrumentedChild&) = delete;

    Allocator allocator() noexcept { return {this, &vtable}; }

    // Applies from the next call on; buffers already handed out stay where they are.
    void configure(const ChildConfig& config) noexcept { config_ = config; }
    const ChildConfig& config() const noexcept { return config_; }

    // The next call of this kind fails, whatever the policy; several stack.
    // Only alloc and resize can fail.
    void failNext(ChildCall::Kind kind) noexcept;
    std::size_t pendingFailures(ChildCall::Kind kind) const noexcept;

    // Refuses one call chosen by number, for exhaustive failure injection:
    // the alloc or resize call `k` such calls from now (counting from the
    // moment of this call, not from construction: 0 is the very next one).
    // Frees are not counted, since they cannot fail. The chosen call is
    // refused whatever the policy and the limit, and it still uses up a
    // failNext() pending for its kind, as any call does. One number at a
    // time: a new one replaces the one pending.
    void failCallNumber(std::uint64_t k) noexcept { fail_call_in_ = k; }
    // How many alloc/resize calls remain before the numbered refusal (0: the
    // next one is refused); nothing when none is pending (or it was used).
    std::optional<std::uint64_t> pendingCallNumber() const noexcept { return fail_call_in_; }

    // The call log. Recording can be switched off where only the arena's
    // results matter (a benchmark); the counters below are always kept.
    const std::vector<ChildCall>& calls() const noexcept { return calls_; }
    void clearCalls() noexcept { calls_.clear(); }
    void setRecording(bool on) noexcept { recording_ = on; }

    std::size_t liveBytes() const noexcept { return live_bytes_; }
    std::size_t liveBuffers() const noexcept { return buffers_.size(); }
    std::uint64_t buffersHanded() const noexcept { return next_id_; }
    std::uint64_t callCount() const noexcept { return call_count_; } // every call, recorded or not
    // Calls that failed because the system refused address space (see above).
    std::uint64_t reservationFailures() const noexcept { return reservation_failures_; }
    int reservationErrno() const noexcept { return reservation_errno_; } // of the last such failure
    // The live buffer holding `p`, if any.
    std::optional<Buffer> find(const void* p) const noexcept;
    // Every live buffer, in address order.
    std::vector<Buffer> buffers() const;

private:
    struct Block {
        std::uint64_t id;
        std::byte* reservation; // page-aligned start of the reserved range
        std::size_t offset;     // start - reservation
        std::size_t len;
        std::size_t committed;  // bytes of the reservation readable and writable
        std::size_t reserved;   // bytes reserved from `reservation` (a guard page included)
    };

    std::byte* alloc(std::size_t len, Alignment alignment);
    bool resize(Bytes memory, Alignment alignment, std::size_t new_len);
    void free(Bytes memory, Alignment alignment);
    bool policyAllows(std::size_t old_len, std::size_t new_len) const noexcept;
    bool takePending(std::size_t& pending) noexcept;
    bool takeNumbered() noexcept;
    Block* lookup(const std::byte* start) noexcept;
    void record(const ChildCall& call);
    bool commit(Block& block, std::size_t len) noexcept;

    static std::byte* allocFn(void* ctx, std::size_t len, Alignment a) { return static_cast<InstrumentedChild*>(ctx)->alloc(len, a); }
    static bool resizeFn(void* ctx, Bytes m, Alignment a, std::size_t n) { return static_cast<InstrumentedChild*>(ctx)->resize(m, a, n); }
    static std::byte* remapFn(void* ctx, Bytes m, Alignment a, std::size_t n)
    {
        return static_cast<InstrumentedChild*>(ctx)->resize(m, a, n) ? m.data() : nullptr;
    }
    static void freeFn(void* ctx, Bytes m, Alignment a) { static_cast<InstrumentedChild*>(ctx)->free(m, a); }
    static constexpr Allocator::VTable vtable{allocFn, resizeFn, remapFn, freeFn};

    ChildConfig config_;
    std::map<std::uintptr_t, Block> buffers_; // by start address
    std::vector<ChildCall> calls_;
    std::size_t live_bytes_ = 0;
    std::uint64_t next_id_ = 0;
    std::uint64_t call_count_ = 0;
    std::size_t pending_alloc_failures_ = 0;
    std::size_t pending_resize_failures_ = 0;
    std::optional<std::uint64_t> fail_call_in_; // failCallNumber(): alloc/resize calls to go
    bool recording_ = true;
    std::uint64_t reservation_failures_ = 0;
    int reservation_errno_ = 0;
};

} // namespace arena
