#include "arena/plain_children.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace arena {

namespace {

std::size_t pageSize() noexcept
{
    static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    return size;
}

// Rounds up to whole pages; false when that overflows.
bool pagesFor(std::size_t len, std::size_t& rounded) noexcept
{
    const std::size_t page = pageSize();
    if (len > SIZE_MAX - (page - 1)) return false;
    rounded = (len + page - 1) & ~(page - 1);
    return true;
}

// ---- page allocator ----------------------------------------------------

std::byte* pageAlloc(void*, std::size_t len, Alignment alignment)
{
    std::size_t aligned_len = 0;
    if (len == 0 || !pagesFor(len, aligned_len)) return nullptr;
    const std::size_t align = alignment.toByteUnits();
    if (align <= pageSize()) {
        void* p = mmap(nullptr, aligned_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? nullptr : static_cast<std::byte*>(p);
    }
    // A bigger alignment: map enough to find an aligned start, then unmap
    // the slack on both sides.
    const std::size_t over = aligned_len + align - pageSize();
    if (over < aligned_len) return nullptr;
    void* p = mmap(nullptr, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    auto* base = static_cast<std::byte*>(p);
    const std::uintptr_t start = alignment.forward(reinterpret_cast<std::uintptr_t>(base));
    auto* aligned = reinterpret_cast<std::byte*>(start);
    if (aligned > base) munmap(base, static_cast<std::size_t>(aligned - base));
    const std::size_t tail = over - static_cast<std::size_t>(aligned - base) - aligned_len;
    if (tail > 0) munmap(aligned + aligned_len, tail);
    return aligned;
}

bool pageResize(void*, Bytes memory, Alignment, std::size_t new_len)
{
    std::size_t new_aligned = 0;
    std::size_t old_aligned = 0;
    if (!pagesFor(new_len, new_aligned) || !pagesFor(memory.size(), old_aligned)) return false;
    if (new_aligned == old_aligned) return true;
    if (new_aligned < old_aligned) {
        munmap(memory.data() + new_aligned, old_aligned - new_aligned);
        return true;
    }
    return false;
}

std::byte* pageRemap(void* ctx, Bytes memory, Alignment alignment, std::size_t new_len)
{
    return pageResize(ctx, memory, alignment, new_len) ? memory.data() : nullptr;
}

void pageFree(void*, Bytes memory, Alignment)
{
    std::size_t aligned_len = 0;
    if (pagesFor(memory.size(), aligned_len)) munmap(memory.data(), aligned_len);
}

constexpr Allocator::VTable page_vtable{pageAlloc, pageResize, pageRemap, pageFree};

// ---- malloc allocator --------------------------------------------------

std::byte* mallocAlloc(void*, std::size_t len, Alignment alignment)
{
    const std::size_t align = alignment.toByteUnits();
    if (align <= alignof(std::max_align_t)) return static_cast<std::byte*>(std::malloc(len));
    void* p = nullptr;
    if (posix_memalign(&p, align, len) != 0) return nullptr;
    return static_cast<std::byte*>(p);
}

bool mallocResize(void*, Bytes memory, Alignment, std::size_t new_len)
{
    if (new_len <= memory.size()) return true;
    return new_len <= malloc_usable_size(memory.data());
}

std::byte* mallocRemap(void* ctx, Bytes memory, Alignment alignment, std::size_t new_len)
{
    if (mallocResize(ctx, memory, alignment, new_len)) return memory.data();
    // realloc keeps only malloc's own alignment.
    if (alignment.toByteUnits() > alignof(std::max_align_t)) return nullptr;
    return static_cast<std::byte*>(std::realloc(memory.data(), new_len));
}

void mallocFree(void*, Bytes memory, Alignment) { std::free(memory.data()); }

constexpr Allocator::VTable malloc_vtable{mallocAlloc, mallocResize, mallocRemap, mallocFree};

} // namespace

Allocator pageAllocator() noexcept { return {nullptr, &page_vtable}; }
Allocator mallocAllocator() noexcept { return {nullptr, &malloc_vtable}; }

} // namespace arena
