// The scripts the exhaustive race test explores, for the real port and for
// its mutant (tests/lab/test_race_mutant.cpp): every two-thread race of up
// to two operations per thread drawn from a small set.
#pragma once

#include <string>
#include <vector>

namespace race_cases {

// Allocations around the first node's room: after `a0 = alloc 100` the
// first node (212 bytes, 188 after its 24-byte header) has 88 bytes left; 8
// fits, 89 does not; align=64 makes the bump overshoot and give the rest
// back (the buffer starts 24 bytes into a page), align 1 never does.
inline const std::vector<std::string> allocations = {"alloc 8 align=64", "alloc 89"};

// What a thread does after an allocation it named (`@` is its name): each
// of the other operations a thread runs (free, a resize that grows, a remap
// that shrinks), and a second allocation.
inline const std::vector<std::string> follow_ups = {"free @", "resize @ 100", "remap @ 4"};

// What happens before the race: nothing (the threads race to make the
// first node), or a first node already there.
inline const std::vector<std::string> preludes = {"", "a0 = alloc 100\n"};

// Every list of one or two operations: one allocation; two allocations;
// an allocation and what follows it.
inline std::vector<std::vector<std::string>> threadLists()
{
    std::vector<std::vector<std::string>> lists;
    for (const auto& a : allocations) lists.push_back({a});
    for (const auto& a : allocations)
        for (const auto& b : allocations) lists.push_back({a, b});
    for (const auto& a : allocations)
        for (const auto& f : follow_ups) lists.push_back({"@ = " + a, f});
    return lists;
}

// `@` becomes the thread's own name (t1, t2): each thread binds its own.
inline std::string named(std::string op, const std::string& name)
{
    for (std::size_t at = op.find('@'); at != std::string::npos; at = op.find('@')) op.replace(at, 1, name);
    return op;
}

inline std::string script(const std::string& prelude, const std::vector<std::string>& t1,
                          const std::vector<std::string>& t2)
{
    std::string text = "model zig-0.16\n" + prelude;
    for (const auto& op : t1) text += "T1: " + named(op, "t1") + "\n";
    for (const auto& op : t2) text += "T2: " + named(op, "t2") + "\n";
    return text;
}

} // namespace race_cases
