// The mutation test: the port with its overshoot give-back done as a plain
// store instead of a compare-and-swap (ARENALAB_MUTANT_GIVE_BACK_STORE,
// compiled into this test's own copy of the lab only) must be caught by
// explore with an overlap, over the same scripts the real port passes.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "lab/explore.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/trace.hpp"
#include "race_cases.hpp"

#ifndef ARENALAB_MUTANT_GIVE_BACK_STORE
#error "this test must be built against the mutant"
#endif

TEST_CASE("mutant: explore finds the overlap a plain-store give-back makes, and its schedule replays it")
{
    std::size_t caught = 0;
    std::size_t scripts = 0;
    std::string example;
    std::string example_schedule;
    const auto lists = race_cases::threadLists();
    for (const std::string& prelude : race_cases::preludes)
        for (std::size_t i = 0; i < lists.size(); ++i)
            for (std::size_t j = i; j < lists.size(); ++j) {
                const std::string text = race_cases::script(prelude, lists[i], lists[j]);
                const lab::ParseResult parsed = lab::parseScript(text);
                REQUIRE(parsed.ok());
                const lab::ExploreResult result = lab::explore(parsed.script);
                ++scripts;
                INFO(text);
                REQUIRE(result.exit_status != 2);
                if (result.exit_status == 1) {
                    ++caught;
                    CHECK(result.violation.find(" overlaps ") != std::string::npos);
                    if (example.empty()) {
                        example = text;
                        example_schedule = result.schedule;
                        std::printf("first caught:\n%scounterexample: %s\n%s\n", text.c_str(),
                                    result.violation.c_str(), result.schedule.c_str());
                    }
                }
            }
    std::printf("the mutant was caught in %zu of %zu scripts\n", caught, scripts);
    REQUIRE(caught > 0);

    // The counterexample's schedule, put in the script, reproduces the
    // overlap: two allocations in the trace share bytes of one buffer.
    const std::string replay = "model zig-0.16\n" + example_schedule + "\n" + example.substr(15);
    struct Placed {
        std::uint64_t buf;
        std::size_t from, to;
    };
    std::vector<Placed> placed;
    const lab::RunResult run = lab::runScriptText(replay, "replay.arena", [&](const lab::OpRecord& r) {
        if (r.op == lab::OpKind::alloc && r.ok) placed.push_back({r.buf, r.offset, r.offset + r.len});
    });
    REQUIRE(run.exit_status == 0);
    bool overlap = false;
    for (std::size_t a = 0; a < placed.size(); ++a)
        for (std::size_t b = a + 1; b < placed.size(); ++b)
            overlap = overlap || (placed[a].buf == placed[b].buf && placed[a].from < placed[b].to &&
                                  placed[b].from < placed[a].to);
    CHECK(overlap);
}
