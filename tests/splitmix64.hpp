// splitmix64 (Steele, Lea and Flood): the seeded stream the benchmarks'
// workloads and the random-script generator draw from. Zig's side of the
// benchmark (tests/zig/arena_bench.zig) computes the same stream.
#pragma once

#include <cstdint>

namespace test_support {

struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() noexcept
    {
        state += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
    std::uint64_t range(std::uint64_t lo, std::uint64_t hi) noexcept { return lo + below(hi - lo + 1); }
    bool chance(unsigned percent) noexcept { return below(100) < percent; }
};

} // namespace test_support
