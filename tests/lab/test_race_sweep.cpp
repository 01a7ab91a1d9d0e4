// The exhaustive check (issue 23): `explore` over every two-thread race of
// up to two operations per thread drawn from race_cases.hpp, on the real
// port of Zig 0.16's arena; it prints how many schedules and steps it
// checked. Release build only (tests/lab/CMakeLists.txt): under the
// sanitizers race_tests runs the same machinery on smaller races.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "lab/explore.hpp"
#include "lab/numbers.hpp"
#include "lab/script.hpp"
#include "race_cases.hpp"

TEST_CASE("explore: every two-thread race of up to two operations per thread keeps every invariant")
{
    std::size_t scripts = 0;
    std::size_t schedules = 0;
    std::size_t steps = 0;
    const auto lists = race_cases::threadLists();
    for (const std::string& prelude : race_cases::preludes)
        for (std::size_t i = 0; i < lists.size(); ++i)
            for (std::size_t j = i; j < lists.size(); ++j) { // T1 and T2 are symmetric
                const std::string text = race_cases::script(prelude, lists[i], lists[j]);
                const lab::ParseResult parsed = lab::parseScript(text);
                REQUIRE(parsed.ok());
                const lab::ExploreResult result = lab::explore(parsed.script);
                INFO(text);
                INFO(result.error, " ", result.violation, " ", result.schedule);
                REQUIRE(result.exit_status == 0);
                ++scripts;
                schedules += result.schedules;
                steps += result.steps;
            }
    std::printf("explored %s scripts: %s schedules, %s steps, every invariant checked after each\n",
                lab::grouped(scripts).c_str(), lab::grouped(schedules).c_str(), lab::grouped(steps).c_str());
    // 12 lists a thread (2 of one allocation, 4 of two, 6 of an allocation and
    // a free, a resize or a remap), every unordered pair, after each prelude.
    CHECK(scripts == 2 * (12 * 13 / 2));
}
