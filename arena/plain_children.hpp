// Children for real use, the two Zig programs most often put under an arena.
#pragma once

#include "arena/allocator.hpp"

namespace arena {

// Whole pages straight from the kernel (mmap/munmap), like Zig's
// `std.heap.page_allocator`: a resize succeeds when the new length needs no
// more pages than the buffer has (shrinking gives the spare pages back);
// growing past them is refused, so the arena prepends a new node instead.
Allocator pageAllocator() noexcept;

// malloc and free, like Zig's `std.heap.c_allocator`: a resize succeeds
// when the new length fits in what malloc_usable_size says the block has.
Allocator mallocAllocator() noexcept;

} // namespace arena
