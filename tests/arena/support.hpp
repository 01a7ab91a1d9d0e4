// What the arena test files share: the alignments they ask for, a
// pointer's address, a child with a given resize policy, and the kinds of
// the steps an observer was told. One of each,
// so every file means the same by them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "arena/allocator.hpp"
#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"

namespace arenatest {

// The arena's names the test files use, brought in with the helpers by
// `using namespace arenatest`.
using arena::Alignment;
using arena::Allocator;
using arena::ChildCall;
using arena::ChildConfig;
using arena::InstrumentedChild;
using arena::ResizePolicy;
using arena::Step;
using arena::StepKind;

inline constexpr arena::Alignment align1 = arena::Alignment::fromByteUnits(1);
inline constexpr arena::Alignment align8 = arena::Alignment::fromByteUnits(8);
inline constexpr arena::Alignment align16 = arena::Alignment::fromByteUnits(16);
inline constexpr arena::Alignment align32 = arena::Alignment::fromByteUnits(32);
inline constexpr arena::Alignment align64 = arena::Alignment::fromByteUnits(64);

inline std::uintptr_t addressOf(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

// A child that answers resizes by `resize` and places buffers at `offset`
// modulo 4096; page and limit are ChildConfig's defaults.
inline arena::ChildConfig policy(arena::ResizePolicy resize, std::size_t offset = 0)
{
    arena::ChildConfig config;
    config.resize = resize;
    config.offset = offset;
    return config;
}

// The kinds of the steps an observer was told, from step `from` on,
// comma-separated: "alloc_begin, load_first_node".
inline std::string kinds(const std::vector<arena::Step>& steps, std::size_t from = 0)
{
    std::string out;
    for (std::size_t i = from; i < steps.size(); ++i) {
        if (!out.empty()) out += ", ";
        out += arena::stepName(steps[i].kind);
    }
    return out;
}

} // namespace arenatest
