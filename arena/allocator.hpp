// The allocator interface, shaped like Zig's `std.mem.Allocator`: a
// type-erased context pointer plus a table of four functions. Everything in
// arena/ speaks this interface, so an ArenaAllocator can sit on top of any
// child (page, malloc, instrumented, or another arena).
//
// Raw calls follow Zig: `rawAlloc` returns nullptr when out of memory,
// `rawResize` answers whether the memory could change length in place,
// `rawRemap` may move it, `rawFree` cannot fail. Zig's return-address
// argument is left out: nothing here reports leaks by call site.
//
// The typed helpers on top follow C++ custom instead: they throw
// std::bad_alloc when out of memory, like operator new and std::pmr.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <utility>

namespace arena {

// A power-of-two alignment stored as its log2, like Zig's `mem.Alignment`.
class Alignment {
public:
    static constexpr Alignment fromByteUnits(std::size_t bytes) noexcept
    {
        assert(std::has_single_bit(bytes));
        return Alignment(static_cast<std::uint8_t>(std::countr_zero(bytes)));
    }
    template <class T>
    static constexpr Alignment of() noexcept
    {
        return fromByteUnits(alignof(T));
    }

    constexpr std::size_t toByteUnits() const noexcept { return std::size_t{1} << log2_; }
    constexpr std::uint8_t log2() const noexcept { return log2_; }

    // Round `addr` up to the next multiple of this alignment (Zig's
    // `mem.alignForward`). Wraps like Zig's ReleaseFast build when addr is
    // within one alignment of the top of the address space; callers keep
    // their numbers far from there.
    constexpr std::uintptr_t forward(std::uintptr_t addr) const noexcept
    {
        const std::uintptr_t mask = toByteUnits() - 1;
        return (addr + mask) & ~mask;
    }
    constexpr bool check(std::uintptr_t addr) const noexcept { return (addr & (toByteUnits() - 1)) == 0; }

    friend constexpr bool operator==(Alignment, Alignment) = default;

private:
    constexpr explicit Alignment(std::uint8_t log2) noexcept : log2_(log2) {}
    std::uint8_t log2_;
};

using Bytes = std::span<std::byte>;

struct Allocator {
    struct VTable {
        std::byte* (*alloc)(void* ctx, std::size_t len, Alignment alignment);
        bool (*resize)(void* ctx, Bytes memory, Alignment alignment, std::size_t new_len);
        std::byte* (*remap)(void* ctx, Bytes memory, Alignment alignment, std::size_t new_len);
        void (*free)(void* ctx, Bytes memory, Alignment alignment);
    };

    void* ptr;
    const VTable* vtable;

    // ---- raw calls: exactly what the implementation receives ----------
    std::byte* rawAlloc(std::size_t len, Alignment alignment) const { return vtable->alloc(ptr, len, alignment); }
    bool rawResize(Bytes memory, Alignment alignment, std::size_t new_len) const
    {
        return vtable->resize(ptr, memory, alignment, new_len);
    }
    std::byte* rawRemap(Bytes memory, Alignment alignment, std::size_t new_len) const
    {
        return vtable->remap(ptr, memory, alignment, new_len);
    }
    void rawFree(Bytes memory, Alignment alignment) const { vtable->free(ptr, memory, alignment); }

    // ---- typed helpers ------------------------------------------------
    // Zero-length requests never reach the implementation (as in Zig): they
    // get a non-null, suitably aligned pointer that must not be read.

    template <class T, std::size_t Align = alignof(T)>
    std::span<T> alloc(std::size_t n) const
    {
        static_assert(std::has_single_bit(Align) && Align >= alignof(T));
        if (n == 0) return {reinterpret_cast<T*>(Align), 0};
        if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
        std::byte* p = rawAlloc(n * sizeof(T), Alignment::fromByteUnits(Align));
        if (p == nullptr) throw std::bad_alloc();
        return {reinterpret_cast<T*>(p), n};
    }

    template <class T, class... Args>
    T* create(Args&&... args) const
    {
        std::byte* p = rawAlloc(sizeof(T), Alignment::of<T>());
        if (p == nullptr) throw std::bad_alloc();
        // Like a new-expression: if the constructor throws, the memory goes back.
        try {
            return ::new (static_cast<void*>(p)) T(std::forward<Args>(args)...);
        } catch (...) {
            rawFree({p, sizeof(T)}, Alignment::of<T>());
            throw;
        }
    }

    template <class T>
    void destroy(T* object) const
    {
        if (object == nullptr) return;
        object->~T();
        rawFree({reinterpret_cast<std::byte*>(object), sizeof(T)}, Alignment::of<T>());
    }

    template <class T, std::size_t Align = alignof(T)>
    bool resize(std::span<T> memory, std::size_t new_n) const
    {
        if (new_n == 0) {
            free<T, Align>(memory);
            return true;
        }
        if (memory.empty()) return false;
        if (new_n > SIZE_MAX / sizeof(T)) return false;
        return rawResize(std::as_writable_bytes(memory), Alignment::fromByteUnits(Align), new_n * sizeof(T));
    }

    template <class T, std::size_t Align = alignof(T)>
    void free(std::span<T> memory) const
    {
        if (memory.empty()) return;
        rawFree(std::as_writable_bytes(memory), Alignment::fromByteUnits(Align));
    }
};

// Bytes of a buffer from its start pointer and length.
inline Bytes bytesOf(void* p, std::size_t len) { return {static_cast<std::byte*>(p), len}; }

} // namespace arena
