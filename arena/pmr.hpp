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
        // Zero bytes still need a distinct-enough, aligned pointer; Zig's
        // Allocator gives `alignment` itself, which must never be freed.
        if (bytes == 0) return reinterpret_cast<void*>(alignment);
        std::byte* p = allocator_.rawAlloc(bytes, Alignment::fromByteUnits(alignment));
        if (p == nullptr) throw std::bad_alloc();
        return p;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override
    {
        if (bytes == 0) return;
        allocator_.rawFree(bytesOf(p, bytes), Alignment::fromByteUnits(alignment));
    }
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override
    {
        const auto* o = dynamic_cast<const MemoryResource*>(&other);
        return o != nullptr && o->allocator_.ptr == allocator_.ptr && o->allocator_.vtable == allocator_.vtable;
    }

    Allocator allocator_;
};

} // namespace arena
