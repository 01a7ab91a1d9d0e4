// Threads in scripts (lab/race.hpp) and `explore` (lab/explore.hpp) on the
// real port of Zig 0.16's arena: parsing, schedules, traces, and every
// interleaving of small races (the sweep over every small two-thread race
// is test_race_sweep.cpp, in the release build only).
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "lab/explore.hpp"
#include "lab/numbers.hpp"
#include "lab/race.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/trace.hpp"

namespace {

std::string firstError(std::string_view text)
{
    const lab::ParseResult parsed = lab::parseScript(text);
    return parsed.errors.empty() ? "" : lab::formatDiagnostic("t.arena", parsed.errors[0]);
}

std::vector<std::string> traceLines(std::string_view text, int* status = nullptr)
{
    std::vector<std::string> lines;
    const lab::RunResult result = lab::runScriptText(text, "t.arena", [&](const lab::OpRecord& r) {
        std::string line;
        lab::appendTraceLine(line, r);
        lines.push_back(line);
    });
    if (status != nullptr) *status = result.exit_status;
    return lines;
}

lab::ExploreResult exploreText(std::string_view text, lab::ExploreOptions options = {})
{
    const lab::ParseResult parsed = lab::parseScript(text);
    REQUIRE(parsed.ok());
    return lab::explore(parsed.script, options);
}

} // namespace

TEST_CASE("threads: statements parse with their thread, and the schedule with its steps")
{
    const lab::ParseResult parsed =
        lab::parseScript("model zig-0.16\nschedule T1 T2 T2 T1\nT1: a = alloc 100\nT2: b = alloc 5000 align=64\n");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.script.statements.size() == 2);
    CHECK(parsed.script.statements[0].thread == 1);
    CHECK(parsed.script.statements[1].thread == 2);
    CHECK(parsed.script.threads == 2);
    CHECK(parsed.script.schedule.policy == lab::Schedule::Policy::steps);
    CHECK(parsed.script.schedule.steps == std::vector<std::uint8_t>{1, 2, 2, 1});
    CHECK(lab::parseScript("model zig-0.16\nschedule round-robin\nT1: alloc 1\nT2: alloc 1\n").script.schedule.policy ==
          lab::Schedule::Policy::round_robin);
    // Without threads, nothing changes: no thread, no schedule.
    const lab::ParseResult plain = lab::parseScript("a = alloc 100\nfree a\n");
    REQUIRE(plain.ok());
    CHECK(plain.script.threads == 0);
    CHECK(plain.script.statements[0].thread == 0);
}

TEST_CASE("threads: what a threaded script may not say is refused where it is said")
{
    CHECK(firstError("T1: a = alloc 100\n") ==
          "t.arena:1:1: error: threads need the zig-0.16 model (the classic arena is not threadsafe): begin the "
          "script with 'model zig-0.16'");
    CHECK(firstError("model zig-0.16\nT1: reset free_all\n").starts_with(
        "t.arena:2:5: error: a thread runs alloc, resize, remap and free only"));
    CHECK(firstError("model zig-0.16\nT1: alloc 1\nalloc 2\nT2: alloc 3\n") ==
          "t.arena:4:1: error: one race a script: the threads' statements must be consecutive lines (line 3 ended "
          "the race)");
    CHECK(firstError("model zig-0.16\nT1: a = alloc 1\nT2: free a\n") ==
          "t.arena:3:10: error: handle 'a' is T1's: a thread uses its own handles and those bound before the race");
    CHECK(firstError("model zig-0.16\nschedule T1 T3\nT1: alloc 1\nT2: alloc 1\n") ==
          "t.arena:2:13: error: the schedule names T3, but no statement runs on it (the script's threads are T1 to T2)");
    CHECK(firstError("model zig-0.16\nschedule T1 X\nT1: alloc 1\n").starts_with("t.arena:2:13: error: expected a thread"));
    CHECK(firstError("model zig-0.16\nT9: alloc 1\n") == "t.arena:2:1: error: unknown thread 'T9': threads are T1 to T4");
    CHECK(firstError("model zig-0.16\nschedule round-robin\nalloc 1\n") ==
          "t.arena:2:1: error: a schedule without threads: give statements to threads first (T1: a = alloc 100)");
    CHECK(firstError("model zig-0.16\nT1:\n") == "t.arena:2:1: error: T1: needs an operation after it: T1: a = alloc 100");
}

TEST_CASE("threads: a race's trace names each operation's thread; the schedule decides who wins")
{
    // T1-first: T1 makes the first node, T2 then finds it too small.
    const std::string race = "model zig-0.16\nT1: a = alloc 100\nT2: b = alloc 5000\n";
    const auto first = traceLines(race);
    REQUIRE(first.size() == 3);
    CHECK(first[0].starts_with(R"({"line":2,"thread":"T1","op":"alloc")"));
    CHECK(first[1].starts_with(R"({"line":3,"thread":"T2","op":"alloc")"));
    CHECK(first[2].starts_with(R"({"line":4,"op":"deinit")"));

    // Both load an empty used_list and make a node; T1 pushes first, so
    // T2's push fails, and T2 retries with the node it made.
    int status = -1;
    const auto rr = traceLines("model zig-0.16\nschedule round-robin\n" + race.substr(15), &status);
    CHECK(status == 0);
    REQUIRE(rr.size() == 3);
    CHECK(rr[0].find(R"("thread":"T1")") != std::string::npos);
    CHECK(rr[1].find(R"("child":[{"call":"alloc","len":7562,"align":8,"ok":true,"buf":1},{"call":"resize","buf":0)") !=
          std::string::npos);
    CHECK(rr[1].find(R"("nodes":[{"buf":1,"len":7562,"end_index":5000},{"buf":0,"len":212,"end_index":5100}])") !=
          std::string::npos);
}

TEST_CASE("threads: a schedule step that names a finished thread stops the run with status 2")
{
    const lab::RunResult result =
        lab::runScriptText("model zig-0.16\nschedule T1 T1 T1 T1 T1 T1 T1 T1 T1 T1 T1 T1\nT1: alloc 8\nT2: alloc 8\n",
                           "t.arena", {});
    CHECK(result.exit_status == 2);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].find("error: step ") != std::string::npos);
    CHECK(result.errors[0].find("names T1, which has finished its statements") != std::string::npos);
}

TEST_CASE("explore: refuses a script without a race, and a race beyond its limit")
{
    const lab::ExploreResult none = exploreText("model zig-0.16\nalloc 8\n");
    CHECK(none.exit_status == 2);
    CHECK(none.error.starts_with("explore needs a race"));
    lab::ExploreOptions small;
    small.limit = 3;
    const lab::ExploreResult big = exploreText("model zig-0.16\nT1: alloc 8\nT1: alloc 8\nT2: alloc 8\n", small);
    CHECK(big.exit_status == 2);
    CHECK(big.error == "more than 3 schedules: explore checks at most 3 (--limit N); give the threads fewer or "
                       "smaller operations");
}

TEST_CASE("explore: one thread has one schedule; two threads have every interleaving of their steps")
{
    const lab::ExploreResult one = exploreText("model zig-0.16\nT1: alloc 8\n");
    CHECK(one.exit_status == 0);
    CHECK(one.schedules == 1);
    // After a first node, each alloc 8 takes three atomic steps (load
    // used_list, load size, fetch_add) and no give-back: C(6, 3) = 20.
    const std::string text = "model zig-0.16\na0 = alloc 100\nT1: alloc 8\nT2: alloc 8\n";
    lab::ExploreOptions every;
    every.reduce = false;
    const lab::ExploreResult two = exploreText(text, every);
    CHECK(two.exit_status == 0);
    CHECK(two.schedules == 20);
    CHECK(two.steps > 20 * 5);
    CHECK(two.sequential_orders == 2);
    // With sleep sets, the loads commute with everything but the other
    // thread's fetch_add: fewer schedules, the same states.
    const lab::ExploreResult reduced = exploreText(text);
    CHECK(reduced.exit_status == 0);
    CHECK(reduced.schedules < 20);
    CHECK(reduced.schedules >= 2);
}

TEST_CASE("threads: a race left midway unwinds its threads, and the session goes on without it")
{
    // Both threads are held inside their first alloc (each has taken one
    // atomic step) when the race ends; their stacks unwind (what their frames
    // hold is freed: LeakSanitizer checks it in the asan build), and the
    // session runs single-threaded again.
    const lab::ParseResult parsed =
        lab::parseScript("model zig-0.16\nT1: a = alloc 100\nT1: alloc 8\nT2: b = alloc 5000\n");
    REQUIRE(parsed.ok());
    lab::Session session(nullptr, lab::Model::zig_0_16);
    std::size_t ended = 0;
    lab::LoopHooks hooks;
    hooks.operation_ended = [&](std::size_t, const lab::Command&) { ++ended; };
    {
        lab::Race race(session, lab::threadStatements(parsed.script, 0, parsed.script.statements.size()), hooks);
        race.step(0);
        race.step(1);
        CHECK(race.running(0));
        CHECK(race.running(1));
        CHECK(race.view(0).line == 2);
        CHECK(race.view(1).line == 4);
        CHECK(race.view(0).next_atomic.has_value());
        CHECK_FALSE(race.finished());
    }
    CHECK(ended == 0); // no operation of the race finished
    const lab::ParseResult after = lab::parseScript("model zig-0.16\nc = alloc 8\n");
    REQUIRE(after.ok());
    CHECK_FALSE(lab::runStatements(after.script, session, {}));
    CHECK(session.lastOk());
    CHECK(session.operations() >= 1);
}
