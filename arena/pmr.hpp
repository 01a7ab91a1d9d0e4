// A std::pmr::memory_resource over any Allocator, so standard containers
// (std::pmr::vector, std::pmr::string, ...) can live in an arena:
//
//     arena::ArenaAllocator<> a(arena::pageAllocator());
//     arena::MemoryResource resource(a.allocator());
//     std::pmr::vector<int> v(&resource);
//
// Deallocation is passed on as a free, so a container that grows its last
// block in an arena gets the bytes back; everything else is released when
// the arena is reset or destroyed.
//
// It is not thread-safe, as Zig's ArenaAllocator is not: one resource (and
// its arena) belongs to one thread at a time. Two threads allocating from
// it at once race on the arena's state (ThreadSanitizer reports it); give
// each thread its own arena, or guard the resource with a lock
// (std::pmr::synchronized_pool_resource over it is one way).
//
// allocate(0, A) returns a distinct, A-aligned pointer each time, as
// std::pmr::monotonic_buffer_resource does: it takes one byte of the arena,
// so two zero-byte allocations never compare equal.
#pragma once

#include <memory_resource>
#include <new>

#include "arena/allocator.hpp"

namespace arena {

class MemoryResource final : public std::pmr::memory_resource {
public:
    explicit MemoryResource(Allocator allocator) noexcept : allocator_(allocator) {}
    Allocator allocator() const noexcept { return allocator_; }

private:
    void* do_allocate(std::size_t bytes, std::size_t alignment) override
    {
        // Zero bytes still get storage of their own (one byte), so every
        // pointer handed out is distinct, as the standard's resources give.
        std::byte* p = allocator_.rawAlloc(bytes == 0 ? 1 : bytes, Alignment::fromByteUnits(alignment));
        if (p == nullptr) throw std::bad_alloc();
        return p;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override
    {
        allocator_.rawFree(bytesOf(p, bytes == 0 ? 1 : bytes), Alignment::fromByteUnits(alignment));
    }
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override
    {
        const auto* o = dynamic_cast<const MemoryResource*>(&other);
        return o != nullptr && o->allocator_.ptr == allocator_.ptr && o->allocator_.vtable == allocator_.vtable;
    }

    Allocator allocator_;
};

} // namespace arena
