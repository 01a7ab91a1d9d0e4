// Threads in scripts (lab/race.hpp) and `explore` (lab/explore.hpp) on the
// real port of Zig 0.16's arena: parsing, schedules, traces, and every
// interleaving of small races (the sweep over every small two-thread race
// is test_race_sweep.cpp, in the release build only).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "lab/explore.hpp"
#include "lab/lab.hpp"
#include "lab/numbers.hpp"
#include "lab/race.hpp"
#include "lab/race_view.hpp"
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

// ---- the window's race: the Lab's history of it (lab.hpp, race_view.hpp) ----

namespace {

const char* const race_example = "model zig-0.16\n"
                                 "a0 = alloc 100\n"
                                 "schedule T1 T2 T2 T1\n"
                                 "T1: a = alloc 8 align=64\n"
                                 "T2: b = alloc 8\n";

std::string threadsOf(const lab::Lab& lab)
{
    std::string out;
    for (const lab::Lab::RaceStep& s : lab.raceSteps()) out += " T" + std::to_string(s.thread + 1);
    return out;
}

std::string scheduleLineOf(const std::string& text)
{
    const std::size_t at = text.find("schedule");
    return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}

} // namespace

TEST_CASE("race in the window: each thread's allocation is labelled with its own handle, whoever stepped between")
{
    lab::Lab lab;
    REQUIRE(lab.load(race_example, "race.arena"));
    const lab::History& h = lab.history();
    // Every live allocation, by its handle's name and its alignment.
    std::vector<std::pair<std::string, std::size_t>> live;
    for (const lab::PictureNode& node : lab.picture().nodes)
        for (const lab::Segment& seg : node.segments)
            if (seg.kind == lab::SegmentKind::live && seg.name != lab::no_name)
                live.emplace_back(h.names()[seg.name], seg.alignment);
    std::sort(live.begin(), live.end());
    REQUIRE(live.size() == 3);
    CHECK(live[0] == std::pair<std::string, std::size_t>{"a", 64}); // T1's, not labelled "b"
    CHECK(live[1] == std::pair<std::string, std::size_t>{"a0", 1});
    CHECK(live[2] == std::pair<std::string, std::size_t>{"b", 1});
    // Every step after the race began belongs to an operation of the thread that took it.
    REQUIRE(lab.raceSteps().size() >= 4);
    for (const lab::Lab::RaceStep& s : lab.raceSteps())
        for (std::size_t k = s.begin; k < s.end; ++k) {
            CAPTURE(k);
            CHECK(lab.threadOfOp(h.step(k).op) == s.thread + 1);
        }
}

TEST_CASE("race in the window: a node made in a race keeps its buffer number, though its thread yielded between the child's alloc and the push")
{
    // Lesson 16's race: each thread asks the child for a node, then yields
    // before pushing it; the calls made before the yield belong with the
    // push. Without them the picture numbered the nodes UINT64_MAX.
    const std::string script = "model zig-0.16\nchild resize=never\nschedule T1 T2 T1 T2 T1 T2 T2 T2 T2\n"
                               "T1: a = alloc 40\nT2: b = alloc 40\nc = alloc 60\n";
    lab::Lab lab;
    REQUIRE(lab.load(script, "loser.arena"));
    for (std::size_t k = 0; k <= lab.history().stepCount(); ++k) {
        lab.seek(k);
        const lab::Picture& p = lab.picture();
        for (const auto* list : {&p.nodes, &p.held})
            for (const lab::PictureNode& node : *list) {
                CAPTURE(k);
                CHECK(node.buf != arena::ChildCall::no_buf);
            }
    }
    // At the end both of the child's buffers are on used_list, numbered 0 and 1.
    std::vector<std::uint64_t> bufs;
    for (const lab::PictureNode& node : lab.picture().nodes) bufs.push_back(node.buf);
    std::sort(bufs.begin(), bufs.end());
    CHECK(bufs == std::vector<std::uint64_t>{0, 1});
}

TEST_CASE("race in the window: choosing the next thread keeps the steps before the cursor and rewrites the schedule")
{
    lab::Lab lab;
    REQUIRE(lab.load(race_example, "race.arena"));
    REQUIRE(lab.raceThreads() == 2);
    CHECK(threadsOf(lab).starts_with(" T1 T2 T2 T1"));
    // After the race's first step (T1's), T1 again instead of T2.
    lab.seek(lab.raceSteps()[0].end);
    CHECK(lab.raceStepsKept(lab.cursor()) == 1);
    REQUIRE_FALSE(lab.stepThread(0));
    const std::string taken = threadsOf(lab);
    CHECK(taken.starts_with(" T1 T1"));
    CHECK(scheduleLineOf(lab.text()) == "schedule" + taken); // the whole schedule taken: it replays
    CHECK(lab.cursor() == lab.raceSteps()[1].end);           // just after the chosen step
    // The saved script replays the same race.
    lab::Lab again;
    REQUIRE(again.load(lab.text(), "race.arena"));
    CHECK(threadsOf(again) == taken);
    CHECK(again.text() == lab.text());

    // Without a schedule line, one is added just before the race.
    lab::Lab plain;
    REQUIRE(plain.load("model zig-0.16\nT1: a = alloc 8\nT2: b = alloc 8\n", "plain.arena"));
    CHECK(threadsOf(plain).starts_with(" T1 T1")); // T1-first
    plain.seek(0);
    REQUIRE_FALSE(plain.stepThread(1));
    CHECK(plain.text().starts_with("model zig-0.16\nschedule T2 "));
    CHECK(threadsOf(plain).starts_with(" T2"));

    // A finished thread, and a moment after the race, are refused with why.
    plain.seek(plain.steps());
    const auto over = plain.whyNotStepThread(0);
    REQUIRE(over);
    CHECK(over->find("the race is over") != std::string::npos);
    lab::Lab none;
    REQUIRE(none.load("a = alloc 8\n", "none.arena"));
    CHECK(none.whyNotStepThread(0));
    CHECK(none.stepThread(0));
}

TEST_CASE("race in the window: a failed compare-and-swap says what the thread expected, what it found, and who moved it")
{
    // T1 adds, T2 adds, T1 gives back its overshoot: T2 moved end_index since.
    lab::Lab lab;
    std::optional<std::size_t> failed;
    std::size_t schedule_used = 0;
    const std::vector<std::string> schedules = {"T1 T1 T1 T2 T2 T2 T1", "T1 T1 T2 T2 T2 T1", "T1 T1 T1 T2 T2 T1"};
    for (std::size_t i = 0; i < schedules.size() && !failed; ++i) {
        std::string text = race_example;
        text.replace(text.find("schedule T1 T2 T2 T1"), 20, "schedule " + schedules[i]);
        REQUIRE(lab.load(text, "race.arena"));
        for (std::size_t k = 0; k < lab.steps(); ++k) {
            const arena::Step s = lab.history().step(k).step;
            if (s.kind == arena::StepKind::give_back_overshoot && !s.ok) {
                failed = k;
                schedule_used = i;
                break;
            }
        }
    }
    REQUIRE_MESSAGE(failed, "no schedule tried made T1's give-back fail");
    CAPTURE(schedules[schedule_used]);
    const lab::History& h = lab.history();
    const arena::Step give_back = h.step(*failed).step;
    CHECK(lab.threadOfOp(h.step(*failed).op) == 1);
    // T2's fetch_add before it: what end_index became.
    std::optional<arena::Step> t2_add;
    std::size_t t2_add_at = 0;
    for (std::size_t k = 0; k < *failed; ++k) {
        const lab::StepEntry e = h.step(k);
        if (e.step.kind == arena::StepKind::fetch_add_end_index && lab.threadOfOp(e.op) == 2) {
            t2_add = e.step;
            t2_add_at = k;
        }
    }
    REQUIRE(t2_add);
    lab.seek(*failed + 1);
    const auto why = lab::failedSwapWhy(lab, lab.cursor());
    REQUIRE(why);
    MESSAGE(*why); // docs/script.md quotes it
    CHECK(*why == "Compare-and-swap failed: T1 expected end_index " + lab::grouped(give_back.end_index) + ", found " +
                      lab::grouped(t2_add->new_end_index) + ": T2 changed it first (fetch_add end_index, step " +
                      lab::grouped(t2_add_at + 1) + ").");
    CHECK(give_back.end_index != t2_add->new_end_index);
    // Nothing to explain at a step that is not a failed swap.
    CHECK_FALSE(lab::failedSwapWhy(lab, *failed));

    // Each thread's line: T1 read end_index before T2's add moved it.
    lab.seek(t2_add_at + 1);
    const std::vector<lab::ThreadNote> notes = lab::threadNotes(lab, lab.cursor());
    REQUIRE(notes.size() == 2);
    REQUIRE(notes[0].pending);
    REQUIRE(notes[0].read_end_index);
    REQUIRE(notes[0].end_index_now);
    CHECK(*notes[0].end_index_now == t2_add->new_end_index);
    std::optional<std::size_t> t1_read;
    for (std::size_t k = 0; k < t2_add_at; ++k) {
        const lab::StepEntry e = h.step(k);
        if (e.step.kind == arena::StepKind::fetch_add_end_index && lab.threadOfOp(e.op) == 1) t1_read = e.step.end_index;
    }
    REQUIRE(t1_read);
    CHECK(*notes[0].read_end_index == *t1_read);
    CHECK(*notes[0].read_end_index != *notes[0].end_index_now);
    CHECK(lab::describeThread(notes[0]).starts_with("T1, line 4: a = alloc 8 align=64, under way; read end_index "));
    CAPTURE(lab::describeThread(notes[1]));
    // T2 is inside the race step of its add (which goes on to its bump): under way.
    CHECK(lab::describeThread(notes[1]).starts_with("T2, line 5: b = alloc 8, under way"));
    // Presentation mode's brief line: no script line, the same end_index note, no next step.
    const std::string brief = lab::describeThreadBriefly(notes[0]);
    CHECK(brief == "T1: under way; read end_index " + lab::grouped(*notes[0].read_end_index) + ", now " +
                       lab::grouped(*notes[0].end_index_now));
    // At the failed swap, inside T1's last race step: T1 is still under way, T2 done.
    const std::vector<lab::ThreadNote> at_swap = lab::threadNotes(lab, *failed + 1);
    CHECK(at_swap[0].pending.has_value());
    CHECK(at_swap[1].done);
}

TEST_CASE("race in the window: free_list fills with the loser's node as it happens, and empties when a later alloc steals it")
{
    // Both threads find the first node full (the child never grows it) and
    // make a node each; the one whose push loses allocates in the winner's
    // node and gives its own to free_list; `c`, too big for what is left of
    // the winner's node, takes it back.
    // The schedule: T1 takes `a` steps, T2 `b`, then T1-first (T1 pushes
    // its node and finishes, then T2 pushes); the first (a, b) where T2's push loses.
    const auto hasLostPush = [](const lab::Lab& l) {
        for (std::size_t k = 0; k < l.steps(); ++k) {
            const arena::Step s = l.history().step(k).step;
            if (s.kind == arena::StepKind::push_node && !s.ok) return true;
        }
        return false;
    };
    lab::Lab lab;
    std::string schedule;
    for (int a = 1; a <= 10 && schedule.empty(); ++a)
        for (int b = 1; b <= 10 && schedule.empty(); ++b) {
            std::string line = "schedule";
            for (int k = 0; k < a; ++k) line += " T1";
            for (int k = 0; k < b; ++k) line += " T2";
            const std::string text = "model zig-0.16\nchild resize=never\na0 = alloc 300\n" + line +
                                     "\nT1: alloc 200\nT2: alloc 200\nc = alloc 800\n";
            if (lab.load(text, "loser.arena") && hasLostPush(lab)) schedule = line;
        }
    REQUIRE_MESSAGE(!schedule.empty(), "no schedule tried made a push lose");
    MESSAGE(schedule);
    const lab::History& h = lab.history();
    const auto freeNodes = [](const lab::Picture& p) {
        return std::count_if(p.nodes.begin(), p.nodes.end(), [](const lab::PictureNode& n) { return n.list == 1; });
    };
    std::optional<std::size_t> lost, given, stolen, taken;
    for (std::size_t k = 0; k < h.stepCount(); ++k) {
        const arena::Step s = h.step(k).step;
        if (s.kind == arena::StepKind::push_node && !s.ok && !lost) lost = k;
        if (s.kind == arena::StepKind::push_free_list && s.ok && !given) given = k;
        if (s.kind == arena::StepKind::steal_free_list && s.addr != 0 && given && !stolen) stolen = k;
        if (s.kind == arena::StepKind::push_node && s.ok && stolen && !taken) taken = k;
    }
    REQUIRE(lost);
    REQUIRE(given);
    REQUIRE(stolen);
    REQUIRE(taken);
    const arena::Step give = h.step(*given).step;
    const std::size_t give_len = h.step(*lost).step.new_len; // the loser's node
    // Before the give-back free_list is empty; right after it, it holds the loser's node.
    CHECK(freeNodes(h.pictureAt(*given)) == 0);
    const lab::Picture after_give = h.pictureAt(*given + 1);
    REQUIRE(freeNodes(after_give) == 1);
    CHECK(after_give.nodes.back().addr == give.addr);
    CHECK(after_give.nodes.back().len == give_len);
    // The steal empties it at once; the push puts the node first in used_list.
    CHECK(freeNodes(h.pictureAt(*stolen)) == 1);
    CHECK(freeNodes(h.pictureAt(*stolen + 1)) == 0);
    const lab::Picture after_take = h.pictureAt(*taken + 1);
    CHECK(freeNodes(after_take) == 0);
    CHECK(after_take.nodes.front().addr == give.addr);
    // The picture replayed from checkpoints agrees with the one walked step by step.
    lab::Picture walked = h.pictureAt(0);
    for (std::size_t k = 0; k < h.stepCount(); ++k) {
        h.advance(walked, k, k + 1);
        CHECK(freeNodes(walked) == freeNodes(h.pictureAt(k + 1)));
    }
}

namespace {

// Runs the race of `head` + a schedule line + `race` under every schedule
// (a depth-first search: each run takes a prefix, T1-first after it, and
// every later step where another thread could have gone instead is a new
// prefix), calling `check` with the Lab loaded with each. Returns the runs.
template <class Check>
std::size_t forEverySchedule(const std::string& head, const std::string& race, Check&& check)
{
    std::size_t runs = 0;
    std::vector<std::vector<std::uint8_t>> todo{{}};
    lab::Lab lab;
    while (!todo.empty()) {
        const std::vector<std::uint8_t> prefix = std::move(todo.back());
        todo.pop_back();
        const std::string text = head + (prefix.empty() ? "" : lab::scheduleLine(prefix) + "\n") + race;
        REQUIRE(lab.load(text, "every.arena"));
        ++runs;
        check(lab, text);
        const std::vector<lab::Lab::RaceStep>& steps = lab.raceSteps();
        REQUIRE(steps.size() >= prefix.size());
        std::vector<std::uint8_t> taken;
        for (const lab::Lab::RaceStep& s : steps) taken.push_back(s.thread);
        for (std::size_t i = prefix.size(); i < steps.size(); ++i) {
            const std::vector<lab::Race::View> before = i == 0 ? lab.threadsAt(0) : steps[i - 1].after;
            for (std::size_t t = 0; t < before.size(); ++t) {
                if (t == steps[i].thread || before[t].done) continue;
                std::vector<std::uint8_t> next(taken.begin(), taken.begin() + static_cast<std::ptrdiff_t>(i));
                next.push_back(static_cast<std::uint8_t>(t));
                todo.push_back(std::move(next));
            }
        }
    }
    return runs;
}

} // namespace

TEST_CASE("race in the window: every allocation is drawn with its own length and alignment, whichever thread's alloc "
          "overlapped it")
{
    // Two threads make new nodes with different sizes and alignments; the
    // picture once kept one alloc under way for the whole arena, so a push
    // (a new node, or the best fit off free_list) or a claim after an
    // in-place grow drew the allocation with the other thread's length.
    struct Case {
        std::string head, race;
    };
    const std::vector<Case> cases = {
        // Both threads find no node and make one; the push that loses gives its node to free_list.
        {"model zig-0.16\nchild resize=never\n", "T1: a = alloc 8 align=64\nT2: b = alloc 100\n"},
        // The child grows the first node in place for T2 while T1's alloc is under way.
        {"model zig-0.16\n", "T1: a = alloc 8 align=64\nT2: b = alloc 100\n"},
        // A node on free_list taken back by the best fit while the other thread allocates.
        {"model zig-0.16\nchild resize=never\n", "T1: a = alloc 8 align=64\nT2: b = alloc 100\nT2: c = alloc 30 align=16\n"},
    };
    std::size_t wrong = 0;
    // The steps that place an allocation from an alloc under way, each seen
    // in some schedule: a new node's push, the best fit's push (a node that
    // was on free_list), a claim after an in-place grow.
    bool new_node = false, best_fit = false, claim = false;
    for (const Case& c : cases) {
        CAPTURE(c.race);
        const std::size_t runs = forEverySchedule(c.head, c.race, [&](const lab::Lab& lab, const std::string& text) {
            const lab::History& h = lab.history();
            REQUIRE_FALSE(lab.raceSteps().empty());
            std::vector<std::uintptr_t> freed;
            for (std::size_t k = 0; k < h.stepCount(); ++k) {
                const arena::Step s = h.step(k).step;
                if (s.kind == arena::StepKind::push_free_list && s.ok) freed.push_back(s.addr);
                if (s.kind == arena::StepKind::claim_grown && s.ok) claim = true;
                if (s.kind != arena::StepKind::push_node || !s.ok) continue;
                if (std::find(freed.begin(), freed.end(), s.addr) != freed.end()) best_fit = true;
                else new_node = true;
            }
            const lab::Picture p = h.pictureAt(lab.raceSteps().back().end);
            std::size_t live = 0;
            for (const lab::PictureNode& node : p.nodes)
                for (const lab::Segment& seg : node.segments) {
                    if (seg.kind != lab::SegmentKind::live) continue;
                    ++live;
                    // What its own alloc asked, as the history recorded the operation.
                    const lab::OpEntry op = h.op(seg.op);
                    const auto* alloc = std::get_if<lab::Alloc>(&op.command);
                    REQUIRE(alloc != nullptr);
                    REQUIRE(alloc->name);
                    const lab::Handle* handle = lab.session().handle(*alloc->name);
                    REQUIRE(handle != nullptr);
                    const bool right = seg.len() == alloc->len && seg.alignment == alloc->alignment &&
                                       node.addr + seg.begin == reinterpret_cast<std::uintptr_t>(handle->ptr) &&
                                       seg.name != lab::no_name && h.names()[seg.name] == *alloc->name;
                    if (!right && wrong++ == 0) {
                        MESSAGE(text);
                        CHECK(h.names()[seg.name] == *alloc->name);
                        CHECK(seg.len() == alloc->len);
                        CHECK(seg.alignment == alloc->alignment);
                        CHECK(node.addr + seg.begin == reinterpret_cast<std::uintptr_t>(handle->ptr));
                    }
                }
            // One live segment per handle, none missing.
            if (live != lab.liveHandles().size() && wrong++ == 0) {
                MESSAGE(text);
                CHECK(live == lab.liveHandles().size());
            }
        });
        // As many as `explore` runs without its reduction.
        lab::ExploreOptions every;
        every.reduce = false;
        CHECK(runs == exploreText(c.head + c.race, every).schedules);
        MESSAGE(c.race << runs << " schedules");
    }
    CHECK(new_node);
    CHECK(best_fit);
    CHECK(claim);
    CHECK(wrong == 0);
}

TEST_CASE("race in the window: operations are counted as the script counts them, a race's parts named as parts")
{
    // a0, then T1's a and T2's b, cut into parts by each other's steps, then c: four operations.
    const std::string text = "model zig-0.16\na0 = alloc 100\nschedule T1 T2 T2 T1 T1 T1 T2\nT1: a = alloc 8 align=64\n"
                             "T2: b = alloc 8\nc = alloc 8\n";
    lab::Lab lab;
    REQUIRE(lab.load(text, "parts.arena"));
    const lab::History& h = lab.history();
    CHECK(h.operationCount() == 4);
    REQUIRE(h.opCount() > 4); // the race's parts
    // Each history op: its operation (by line) and part, counted independently.
    const std::vector<std::size_t> order = {2, 4, 5, 6}; // the script's operations by first part: a0, a, b, c
    std::vector<std::size_t> seen_lines;
    std::vector<std::size_t> parts_of_line(8, 0);
    for (std::size_t i = 0; i < h.opCount(); ++i) {
        CAPTURE(i);
        const std::size_t line = h.opLine(i);
        if (std::find(seen_lines.begin(), seen_lines.end(), line) == seen_lines.end()) seen_lines.push_back(line);
        ++parts_of_line[line];
        const lab::History::OpNumber n = h.opNumber(i);
        CHECK(n.operation == static_cast<std::size_t>(std::find(seen_lines.begin(), seen_lines.end(), line) - seen_lines.begin()));
        CHECK(n.part == parts_of_line[line]);
    }
    CHECK(seen_lines == order);
    for (std::size_t i = 0; i < h.opCount(); ++i)
        CHECK(h.opNumber(i).parted == (parts_of_line[h.opLine(i)] > 1));
    CHECK(parts_of_line[2] == 1);
    CHECK(parts_of_line[4] > 1);
    CHECK(parts_of_line[5] > 1);
    CHECK(parts_of_line[6] == 1);
    // The Step panel's heading: T2's second part, and c after the race.
    std::optional<std::size_t> t2_second;
    for (std::size_t i = 0; i < h.opCount() && !t2_second; ++i)
        if (h.opLine(i) == 5 && h.opNumber(i).part == 2) t2_second = i;
    REQUIRE(t2_second);
    CHECK(lab::operationHeading(h, *t2_second, 5, "b = alloc 8") == "Operation 3 of 4 (part 2), line 5:  b = alloc 8");
    CHECK(lab::operationHeading(h, h.opCount() - 1, 6, "c = alloc 8") == "Operation 4 of 4, line 6:  c = alloc 8");
    CHECK(lab::operationHeading(h, 0, 2, "a0 = alloc 100") == "Operation 1 of 4, line 2:  a0 = alloc 100");
    // Without a race, every op is an operation of one part.
    lab::Lab plain;
    REQUIRE(plain.load("a = alloc 8\nb = alloc 9\n", "plain.arena"));
    CHECK(plain.history().operationCount() == plain.history().opCount());
    CHECK(lab::operationHeading(plain.history(), 1, 2, "b = alloc 9") == "Operation 2 of 2, line 2:  b = alloc 9");
}
