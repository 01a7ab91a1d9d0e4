// Comparing traces (JSON Lines, docs/script.md) key by key, with
// their JSON types: the conformance suite against the stored Zig traces,
// and tests/zig's zig_diff against the harness around Zig's own arena.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace test_support {

// One JSON value per non-empty line.
inline std::vector<nlohmann::json> parseLines(const std::string& text)
{
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

// Every key of `expected` must be in `actual` with the same value and the
// same JSON type (integers of either signedness count as one type); arrays
// must match element for element. Extra keys in `actual` are allowed.
// Returns the path of the first difference and both values, or "" when
// they agree.
inline std::string firstDifference(const nlohmann::json& expected, const nlohmann::json& actual,
                                   const std::string& path)
{
    const auto differ = [&] { return path + ": expected " + expected.dump() + ", got " + actual.dump(); };
    const bool both_int = expected.is_number_integer() && actual.is_number_integer();
    if (!both_int && expected.type() != actual.type()) return differ();
    if (expected.is_object()) {
        for (const auto& [key, value] : expected.items()) {
            if (!actual.contains(key)) return path + "." + key + ": missing";
            if (auto d = firstDifference(value, actual[key], path + "." + key); !d.empty()) return d;
        }
        return "";
    }
    if (expected.is_array()) {
        if (expected.size() != actual.size())
            return path + ": expected " + std::to_string(expected.size()) + " elements, got " +
                   std::to_string(actual.size()) + " (" + expected.dump() + " against " + actual.dump() + ")";
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (auto d = firstDifference(expected[i], actual[i], path + "[" + std::to_string(i) + "]"); !d.empty())
                return d;
        return "";
    }
    if (both_int) {
        // Compared as unsigned when both are, so values past 2^63 compare exactly.
        const bool same = expected.is_number_unsigned() && actual.is_number_unsigned()
                              ? expected.get<std::uint64_t>() == actual.get<std::uint64_t>()
                              : expected.get<long long>() == actual.get<long long>();
        return same ? "" : differ();
    }
    return expected == actual ? "" : differ();
}

} // namespace test_support
