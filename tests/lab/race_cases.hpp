// The scripts the exhaustive race test explores, for the real port and for
// its mutant (tests/lab/test_race_mutant.cpp): every two-thread race of up
// to two operations per thread drawn from a small set.
#pragma once

#include <string>
#include <vector>

namespace race_cases {

// Operations around the first node's room: after `a0 = alloc 100` the first
// node (212 bytes, 188 after its 24-byte header) has 88 bytes left; 8 fits,
// 89 does not; align=64 makes the bump overshoot and give the rest back
// (the buffer starts 24 bytes into a page). Two operations keep the test
// within a minute: every pair of them per thread, both sizes, both alignments.
inline const std::vector<std::string> operations = {"alloc 8 align=64", "alloc 89"};

// What happens before the race: nothing (the threads race to make the
// first node), or a first node already there.
inline const std::vector<std::string> preludes = {"", "a0 = alloc 100\n"};

// Every list of one or two operations.
inline std::vector<std::vector<std::string>> threadLists()
{
    std::vector<std::vector<std::string>> lists;
    for (const auto& a : operations) lists.push_back({a});
    for (const auto& a : operations)
        for (const auto& b : operations) lists.push_back({a, b});
    return lists;
}

inline std::string script(const std::string& prelude, const std::vector<std::string>& t1,
                          const std::vector<std::string>& t2)
{
    std::string text = "model zig-0.16\n" + prelude;
    for (const auto& op : t1) text += "T1: " + op + "\n";
    for (const auto& op : t2) text += "T2: " + op + "\n";
    return text;
}

} // namespace race_cases
