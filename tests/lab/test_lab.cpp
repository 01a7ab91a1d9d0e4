// The Lab: the headless model the GUI views. Its picture must agree with
// the real arena at every operation, jumps must equal replays, and acting
// in the past must branch the script.
#include <doctest/doctest.h>

#include "test_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lab/builtin_example.hpp"
#include "lab/lab.hpp"
#include "lab/runner.hpp"
#include "lab/history_reference.hpp"

namespace fs = std::filesystem;

namespace {

using test_support::slurp;

// The picture's buffers, as the arena's own state lists them.
lab::ArenaState stateOf(const lab::Picture& p)
{
    lab::ArenaState s;
    s.model = p.model;
    s.end_index = p.end_index;
    for (const auto& n : p.nodes) {
        // Zig 0.16: each node's own end_index, and which list it is on.
        (n.list == 0 ? s.nodes : s.free_list).push_back({n.buf, n.len, n.end_index});
        s.capacity += n.len - p.headerBytes();
    }
    return s;
}

bool samePicture(const lab::Picture& a, const lab::Picture& b)
{
    if (a.model != b.model || a.end_index != b.end_index || a.nodes.size() != b.nodes.size()) return false;
    // The live bytes that apply() and the checkpoints keep are what the segments say.
    if (a.live_bytes != a.stats().live_bytes || b.live_bytes != b.stats().live_bytes) return false;
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        const auto& x = a.nodes[i];
        const auto& y = b.nodes[i];
        if (x.buf != y.buf || x.len != y.len || x.end_index != y.end_index || x.list != y.list ||
            x.segments.size() != y.segments.size())
            return false;
        for (std::size_t j = 0; j < x.segments.size(); ++j) {
            const auto& s = x.segments[j];
            const auto& t = y.segments[j];
            if (s.kind != t.kind || s.begin != t.begin || s.end != t.end || s.op != t.op) return false;
        }
    }
    return true;
}

// Segments lie after the header, inside their buffer, in order, apart.
void checkWellFormed(const lab::Picture& p)
{
    for (const auto& n : p.nodes) {
        std::size_t at = p.headerBytes();
        for (const auto& s : n.segments) {
            CHECK(s.begin >= at);
            CHECK(s.end > s.begin);
            CHECK(s.end <= n.len);
            at = s.end;
        }
    }
}

} // namespace

TEST_CASE("lab: the picture agrees with the real arena after every operation of every conformance script")
{
    std::size_t scripts = 0;
    std::size_t zig016_scripts = 0;
    std::size_t gaps = 0; // Zig 0.16: operations after which a failed fit's gap is drawn
    for (const fs::path& path : test_support::scriptsUnder(VECTORS_DIR)) {
        CAPTURE(path.filename().string());
        const std::string text = slurp(path);
        // Both models: Zig 0.16's picture has two lists, 24-byte headers
        // and each node's end_index, all compared with the arena's own.
        if (lab::parseScript(text).script.model == lab::Model::zig_0_16) ++zig016_scripts;
        ++scripts;
        lab::Lab lab;
        lab.load(text);
        // The trace's lines (the run's final deinit last, which the Lab does not record).
        std::vector<lab::OpRecord> records;
        lab::runScriptText(text, "script.arena", [&](const lab::OpRecord& r) { records.push_back(r); });
        const auto& h = lab.history();
        REQUIRE(records.size() >= h.opCount());
        for (std::size_t i = 0; i < h.opCount(); ++i) {
            const lab::OpEntry& op = h.op(i);
            CAPTURE(op.line);
            CHECK(op.line == records[i].line);
            CHECK(op.ok == records[i].ok);
            const lab::Picture p = h.pictureAt(op.steps_end);
            const lab::ArenaState s = stateOf(p);
            CHECK(s.end_index == op.state.end_index);
            CHECK(s.capacity == op.state.capacity);
            CHECK(s.nodes.size() == op.state.node_count);
            CHECK(s.nodes == records[i].state.nodes);
            CHECK(s.free_list == records[i].state.free_list);
            CHECK(p.model == records[i].state.model);
            CHECK(p.live_bytes == p.stats().live_bytes);
            gaps += p.stats().gap_bytes > 0 ? 1 : 0;
            CHECK(op.state.end_index == records[i].state.end_index);
            CHECK(op.state.capacity == records[i].state.capacity);
            checkWellFormed(p);
        }
    }
    CHECK(scripts >= 173 + 177);
    CHECK(zig016_scripts >= 177);
    CHECK(gaps > 0);
}

TEST_CASE("lab: a jump to any step gives the same picture as replaying from the start")
{
    // Both models: checkpoints mid-operation keep Zig 0.16's alloc under
    // way, each node's end_index and its list.
    for (const char* model : {"", "model zig-0.16\n"}) {
    CAPTURE(model);
    lab::Lab lab;
    std::string script = std::string(model) + "child resize=never\n";
    for (int i = 0; i < 60; ++i) script += "x" + std::to_string(i) + " = alloc " + std::to_string(1 + i * 37 % 300) + " align=8\n";
    script += "free x59\nreset retain_with_limit 500\nchild resize=always\n";
    for (int i = 0; i < 40; ++i) script += "alloc " + std::to_string(1 + i * 53 % 700) + " align=" + (i % 3 == 0 ? "64" : "16") + "\n";
    script += "reset retain_capacity\n";
    REQUIRE(lab.load(script));
    const auto& h = lab.history();
    REQUIRE(h.stepCount() > 300);
    REQUIRE(h.checkpointCount() > 1);
    lab::Picture replay = h.pictureAt(0);
    CHECK(replay.model == (*model != 0 ? lab::Model::zig_0_16 : lab::Model::zig_0_15));
    for (std::size_t k = 0; k <= h.stepCount(); ++k) {
        CAPTURE(k);
        REQUIRE(samePicture(h.pictureAt(k), replay));
        if (k < h.stepCount()) {
            const auto& e = h.step(k);
            replay.apply(e.step, h.callsOf(e), e.op, h.op(e.op).name, h.op(e.op).thread);
        }
    }
    }
}

TEST_CASE("history: the fullest moment is the end of the first operation with the most buffers, then capacity")
{
    lab::Lab lab;
    // Two buffers after line 3 and still after line 4 (the same capacity:
    // the first wins), then a reset empties the arena.
    REQUIRE(lab.load("child resize=never\na = alloc 100\nb = alloc 5000\nfree b\nreset free_all\n", "t.arena"));
    const lab::History& h = lab.history();
    REQUIRE(h.opCount() == 4);
    REQUIRE(h.fullestMoment().has_value());
    CHECK(*h.fullestMoment() == h.opStepsEnd(1));
    // A retaining reset keeps one bigger buffer: fewer buffers, so not the fullest.
    REQUIRE(lab.load("a = alloc 100\nreset retain_capacity\n", "t.arena"));
    CHECK(*lab.history().fullestMoment() == lab.history().opStepsEnd(0));
    REQUIRE(lab.load("# nothing\n", "t.arena"));
    CHECK_FALSE(lab.history().fullestMoment().has_value());
}

TEST_CASE("lab: the built-in example runs to the end with every expectation met")
{
    lab::Lab lab;
    CHECK(lab.load(std::string(lab::builtin_example)));
    CHECK(lab.messages().empty());
    CHECK(lab.expectationsMet() == 6);
    CHECK(lab.atEnd());
    CHECK(lab.history().opCount() == 11);
}

TEST_CASE("lab: the picture shows header, padding, live, freed and stranded bytes where the arena put them")
{
    lab::Lab lab;
    lab.load("child offset=0\na = alloc 3\nb = alloc 8 align=8\nc = alloc 4\nfree c\nfree a\n");
    const lab::Picture& p = lab.picture();
    REQUIRE(p.nodes.size() == 1);
    const auto& segs = p.nodes[0].segments;
    REQUIRE(segs.size() == 4);
    CHECK(segs[0].kind == lab::SegmentKind::stranded); // a: freed but not the most recent
    CHECK(segs[0].begin == 16);
    CHECK(segs[0].end == 19);
    CHECK(segs[1].kind == lab::SegmentKind::padding);   // 5 bytes to reach a multiple of 8
    CHECK(segs[1].begin == 19);
    CHECK(segs[1].end == 24);
    CHECK(segs[2].kind == lab::SegmentKind::live);      // b
    CHECK(segs[2].alignment == 8);
    CHECK(lab.history().names()[segs[2].name] == "b");
    CHECK(segs[3].kind == lab::SegmentKind::freed);     // c: end_index rolled back over it
    CHECK(p.end_index == 16);
    const auto st = p.stats();
    CHECK(st.live_bytes == 8);
    CHECK(st.padding_bytes == 5);
    CHECK(st.stranded_bytes == 3);
}

TEST_CASE("lab: reset's steps can be watched one at a time")
{
    lab::Lab lab;
    lab.load("child resize=never\na = alloc 1\nb = alloc 1000\nreset retain_with_limit 1\n");
    const lab::OpEntry& reset = lab.history().op(2);
    // Before the reset: two buffers. Then the newer one is freed, then the
    // kept one is reallocated (new buffer while the old still exists), then
    // the old is freed.
    lab.seek(reset.steps_begin);
    CHECK(lab.picture().nodes.size() == 2);
    std::vector<std::size_t> counts;
    for (std::size_t k = reset.steps_begin + 1; k <= reset.steps_end; ++k) {
        lab.seek(k);
        counts.push_back(lab.picture().nodes.size());
    }
    CHECK(counts == std::vector<std::size_t>{2, 1, 1, 1, 2, 1});
    CHECK(lab.picture().nodes[0].len == 17);
    CHECK(lab.currentStep()->step.kind == arena::StepKind::reset_free_old);
    CHECK(lab.currentOp()->line == 4);
}

TEST_CASE("lab: a control's action appends its script line and records its steps")
{
    lab::Lab lab;
    lab.load("child resize=never\n");
    CHECK(lab.freshName() == "a1");
    CHECK_FALSE(lab.perform(lab::Alloc{"a1", 24, 8}));
    CHECK(lab.text() == "child resize=never\na1 = alloc 24 align=8\n");
    CHECK(lab.atEnd());
    CHECK(lab.history().opCount() == 1);
    CHECK(lab.liveHandles() == std::vector<std::string>{"a1"});
    CHECK(lab.freshName() == "a2");
    CHECK_FALSE(lab.perform(lab::Resize{"a1", 8, false}));
    CHECK(lab.picture().end_index == 8);
}

TEST_CASE("lab: invalid actions are refused with the checker's message and change nothing")
{
    lab::Lab lab;
    lab.load("a = alloc 8\n");
    const std::string before = lab.text();
    auto e = lab.perform(lab::Free{"nobody"});
    REQUIRE(e);
    CHECK(e->find("unknown handle 'nobody'") != std::string::npos);
    e = lab.perform(lab::Alloc{"b", 8, 3});
    REQUIRE(e);
    CHECK(e->find("power of two") != std::string::npos);
    e = lab.perform(lab::Alloc{"b", 0, 1});
    REQUIRE(e);
    CHECK(lab.text() == before);
    CHECK(lab.history().opCount() == 1);
}

TEST_CASE("lab: acting in the past replaces the future")
{
    lab::Lab lab;
    lab.load("a = alloc 8\nb = alloc 8\nc = alloc 8\n");
    lab.seek(lab.history().op(0).steps_end); // just after `a = alloc 8`
    CHECK_FALSE(lab.perform(lab::Alloc{"d", 100, 1}));
    CHECK(lab.text() == "a = alloc 8\nd = alloc 100\n");
    CHECK(lab.history().opCount() == 2);
    CHECK(lab.atEnd());
    CHECK(lab.picture().end_index == 108);
}

TEST_CASE("lab: a script with errors is kept, runs up to its first error, and its errors point at lines")
{
    lab::Lab lab;
    CHECK_FALSE(lab.load("a = alloc 8\nb = alloc 100\nfrob\nc = alloc 5\nresize zz 3\n"));
    CHECK(lab.text() == "a = alloc 8\nb = alloc 100\nfrob\nc = alloc 5\nresize zz 3\n");
    // Lines 1 and 2 ran and are drawn; nothing after the first error ran.
    REQUIRE(lab.history().opCount() == 2);
    CHECK(lab.history().opLine(0) == 1);
    CHECK(lab.history().opLine(1) == 2);
    CHECK(lab.atEnd());
    CHECK(lab.picture().end_index == 108);
    REQUIRE(lab.messages().size() == 2);
    CHECK(lab.messages()[0].line == 3);
    CHECK(lab.messages()[0].col == 1);
    CHECK(lab.messages()[1].line == 5);
    CHECK(lab.messages()[1].is_error);
    auto e = lab.perform(lab::Alloc{"d", 8, 1});
    REQUIRE(e);
    CHECK(e->find("line 3") != std::string::npos);
}

TEST_CASE("lab: a script whose first line is an error runs nothing")
{
    lab::Lab lab;
    CHECK_FALSE(lab.load("frob\na = alloc 8\n"));
    CHECK(lab.steps() == 0);
    REQUIRE(lab.messages().size() == 1);
    CHECK(lab.messages()[0].line == 1);
}

TEST_CASE("lab: a failed expectation stops the run at its line and says why")
{
    lab::Lab lab;
    CHECK_FALSE(lab.load("a = alloc 8\nexpect end_index 9\nb = alloc 1\n"));
    REQUIRE(lab.messages().size() == 1);
    CHECK(lab.messages()[0].line == 2);
    CHECK(lab.messages()[0].text.find("expected end_index 9, but it is 8") != std::string::npos);
    CHECK(lab.history().opCount() == 1);
}

TEST_CASE("lab: stepping by operation")
{
    lab::Lab lab;
    lab.load("a = alloc 8\nb = alloc 8\n");
    lab.seek(0);
    lab.nextOp();
    CHECK(lab.cursor() == lab.history().op(0).steps_end);
    lab.nextOp();
    CHECK(lab.atEnd());
    lab.prevOp();
    CHECK(lab.cursor() == lab.history().op(0).steps_end);
    lab.prevOp();
    CHECK(lab.cursor() == 0);
    CHECK(lab.currentStep() == nullptr);
}

TEST_CASE("lab: acting on a handle whose alloc was refused is refused with the reason")
{
    lab::Lab lab;
    lab.load("child limit=100\nbig = alloc 500\n");
    const std::string before = lab.text();
    const auto e = lab.perform(lab::Free{"big"});
    REQUIRE(e);
    CHECK(e->find("'big' holds no memory: its alloc at line 2") != std::string::npos);
    CHECK(lab.text() == before);
    CHECK(lab.messages().empty());
}

TEST_CASE("lab: a lesson's caption belongs to its operation's line")
{
    lab::Lab lab;
    lab.load("# Title: t\n\n# Needs a first buffer:\na = alloc 1   # 51 bytes.\nb = alloc 2\n");
    const std::string* caption = lab.captionFor(4);
    REQUIRE(caption != nullptr);
    CHECK(*caption == "Needs a first buffer: 51 bytes.");
    CHECK(lab.captionFor(5) == nullptr);
    CHECK(lab.captionFor(3) == nullptr);
    // Every embedded lesson loads, runs clean and has captions for its operations.
    for (const lab::Lesson& lesson : lab::lessons()) {
        CAPTURE(lesson.file_name);
        CHECK(lab.load(std::string(lesson.text), std::string(lesson.file_name)));
        std::size_t captioned = 0;
        for (std::size_t i = 0; i < lab.history().opCount(); ++i)
            if (lab.captionFor(lab.history().op(i).line)) ++captioned;
        CHECK(captioned > 0);
    }
}

namespace {


// Applies the recorded (not decoded) steps [from, to) to `p`.
void applyRecorded(const history_reference::Recording& r, lab::Picture& p, std::size_t from, std::size_t to)
{
    for (std::size_t k = from; k < to; ++k) {
        const std::size_t op = r.op_of_step[k];
        const std::span<const arena::ChildCall> calls(r.calls.data() + r.calls_begin[k], r.calls_begin[k + 1] - r.calls_begin[k]);
        p.apply(r.steps[k], calls, static_cast<std::uint32_t>(op), r.history.opName(op), r.op_thread[op]);
    }
}

// pictureAt(k) for every k equals the recorded steps 0..k applied from scratch.
void checkEveryJump(const history_reference::Recording& r)
{
    const lab::History& h = r.history;
    lab::Picture replay;
    for (std::size_t k = 0; k <= h.stepCount(); ++k) {
        CAPTURE(k);
        REQUIRE(samePicture(h.pictureAt(k), replay));
        if (k < h.stepCount()) applyRecorded(r, replay, k, k + 1);
    }
}

} // namespace

TEST_CASE("history: every decoded step equals the recorded one, for every conformance script and lesson")
{
    std::vector<fs::path> paths = test_support::scriptsUnder(VECTORS_DIR);
    const std::vector<fs::path> lessons = test_support::scriptsUnder(LESSONS_DIR);
    paths.insert(paths.end(), lessons.begin(), lessons.end());
    REQUIRE(paths.size() >= 173 + 10);
    std::size_t steps = 0;
    for (const fs::path& path : paths) {
        CAPTURE(path.filename().string());
        const std::string text = slurp(path);
        const auto r = history_reference::record(text);
        CHECK(history_reference::firstMismatch(*r) == -1);
        steps += r->steps.size();
        // The reference runs the script as the Lab does: same steps, same operations.
        lab::Lab lab;
        lab.load(text);
        const lab::History& h = lab.history();
        REQUIRE(h.stepCount() == r->steps.size());
        REQUIRE(h.opCount() == r->ops);
        for (std::size_t k = 0; k < h.stepCount(); ++k) {
            const lab::StepEntry e = h.step(k);
            REQUIRE(e.step.kind == r->steps[k].kind);
            REQUIRE(e.op == r->op_of_step[k]);
            REQUIRE(e.calls_begin == r->calls_begin[k]);
            REQUIRE(e.calls_end == r->calls_begin[k + 1]);
        }
        // Walking backwards decodes the same as walking forwards.
        for (std::size_t k = h.stepCount(); k-- > 0;)
            REQUIRE(r->history.step(k).step == r->steps[k]);
    }
    CHECK(steps > 10000);
}

TEST_CASE("history: a jump to any step equals replaying the recorded steps from scratch")
{
    SUBCASE("conformance scripts")
    {
        for (const char* name : {"cases/10-retain-capacity.arena", "cases/12-retain-with-limit.arena",
                                 "random/r0000.arena", "random/r0001.arena"}) {
            const fs::path path = fs::path(VECTORS_DIR) / name;
            CAPTURE(name);
            REQUIRE(fs::is_regular_file(path));
            checkEveryJump(*history_reference::record(slurp(path)));
        }
    }
    SUBCASE("a long script with large pictures, so checkpoints are far apart")
    {
        // Every jump rebuilds a picture of up to 2,500 allocations from its
        // checkpoint: the cost grows with the square of the script, so it
        // is long enough for 30 checkpoints and no longer.
        const auto r = history_reference::record("child resize=never\nrepeat 1500 a = alloc 24 align=8\n"
                                                 "repeat 1000 b = alloc 13 align=16\nrepeat 1500 resize b 5\n"
                                                 "repeat 1000 resize b 40\nfree b\nreset retain_with_limit 5000\n"
                                                 "repeat 1500 alloc 7 align=4\nreset free_all\nrepeat 250 alloc 3000\n");
        REQUIRE(r->history.stepCount() > 15000);
        CHECK(r->history.checkpointCount() >= 30);
        CHECK(r->history.checkpointCount() > 1);
        CHECK(history_reference::firstMismatch(*r) == -1);
        checkEveryJump(*r);
    }
}

TEST_CASE("history: operations decode with their command, line, name, result and state")
{
    lab::Lab lab;
    lab.load("child resize=never\nrepeat 100 a = alloc 8\nresize a 2000\nrepeat 70 b = alloc 3\nfree b\nreset retain_capacity\n");
    const lab::History& h = lab.history();
    REQUIRE(h.opCount() == 173);
    const lab::OpEntry first = h.op(0);
    CHECK(first.line == 2);
    CHECK(lab::toScript(first.command) == "a = alloc 8");
    CHECK(h.names()[first.name] == "a");
    CHECK(first.steps_begin == 0);
    CHECK(first.state.node_count == 1);
    const lab::OpEntry resize = h.op(100);
    CHECK(resize.line == 3);
    CHECK_FALSE(resize.ok);
    CHECK(resize.steps_begin == h.op(99).steps_end);
    const lab::OpEntry free = h.op(171);
    CHECK(lab::toScript(free.command) == "free b");
    CHECK(h.names()[free.name] == "b");
    const lab::OpEntry reset = h.op(172);
    CHECK(reset.name == lab::no_name);
    CHECK(reset.state.end_index == 0);
    CHECK(reset.state.node_count == 1);
    CHECK(reset.steps_end == h.stepCount());
    for (std::size_t i = 0; i < h.opCount(); ++i) {
        CHECK(h.opStepsEnd(i) == h.op(i).steps_end);
        CHECK(h.opOfStep(h.opStepsBegin(i)) == i);
    }
    CHECK(h.memoryBytes() > 0);
}

TEST_CASE("lab: a full history stops the run with a note, and acting at its end is refused")
{
    lab::Lab lab(1000);
    CHECK(lab.maxSteps() == 1000);
    CHECK_FALSE(lab.load("a = alloc 8\nrepeat 1000000 alloc 8\nrepeat 1000000 alloc 16\n"));
    CHECK(lab.historyFull());
    CHECK(lab.steps() >= 1000);
    CHECK(lab.steps() < 1010);
    REQUIRE(lab.messages().size() == 1);
    CHECK(lab.messages()[0].line == 2);
    CHECK_FALSE(lab.messages()[0].is_error);
    CHECK(lab.messages()[0].text.find("the history is full at 1,00") != std::string::npos);
    CHECK(lab.messages()[0].text.find("at most 1,000 steps") != std::string::npos);
    CHECK(lab.atEnd());

    const std::string before = lab.text();
    const auto refused = lab.perform(lab::Alloc{std::string("z"), 4, 1});
    REQUIRE(refused);
    CHECK(refused->find("history is full") != std::string::npos);
    CHECK(lab.text() == before);

    // In the past, before the line where it got full, acting branches as usual.
    lab.seek(lab.history().op(0).steps_end);
    CHECK_FALSE(lab.perform(lab::Alloc{std::string("z"), 4, 1}));
    CHECK_FALSE(lab.historyFull());
    CHECK(lab.history().opCount() == 2);

    // A bigger cap lets the same script run further.
    lab.setMaxSteps(5000);
    lab.load("a = alloc 8\nrepeat 1000000 alloc 8\n");
    CHECK(lab.historyFull());
    CHECK(lab.steps() >= 5000);
    CHECK(lab.steps() < 5010);

    // So does a memory limit: large pictures fill a history sooner.
    lab::Lab small(lab::Lab::default_max_steps, std::size_t{1} << 20);
    CHECK_FALSE(small.load("child resize=never\nrepeat 1000000 a = alloc 24\n"));
    CHECK(small.historyFull());
    CHECK(small.steps() < 200000);
    CHECK(small.messages().back().text.find("1 MiB") != std::string::npos);
    CHECK(small.perform(lab::Alloc{std::string("z"), 4, 1}).has_value());
}

TEST_CASE("lab: the revision changes with the script and the history, and only then")
{
    lab::Lab lab;
    const std::uint64_t r0 = lab.revision();
    lab.load("a = alloc 24\nb = alloc 8\n", "r.arena");
    const std::uint64_t r1 = lab.revision();
    CHECK(r1 != r0);
    // Moving the cursor changes no history: the revision stays.
    lab.seek(0);
    lab.nextOp();
    lab.seek(lab.steps());
    CHECK(lab.revision() == r1);
    // A refused action changes nothing, so neither does the revision.
    REQUIRE(lab.perform(lab::Free{std::string("nope")}).has_value());
    CHECK(lab.revision() == r1);
    // Acting at the end appends a line and steps: a new revision.
    REQUIRE_FALSE(lab.perform(lab::Alloc{std::string("c"), 16, 8}));
    const std::uint64_t r2 = lab.revision();
    CHECK(r2 != r1);
    // Acting in the past branches (a reload): a new revision again.
    lab.seek(0);
    REQUIRE_FALSE(lab.perform(lab::Alloc{std::string("d"), 16, 8}));
    CHECK(lab.revision() != r2);
    // Loading the same text again rebuilds the history: a new revision.
    const std::uint64_t r3 = lab.revision();
    lab.load(lab.text(), "r.arena");
    CHECK(lab.revision() != r3);
}

TEST_CASE("lab: linesAnActionReplaces says how many lines an action in the past drops")
{
    lab::Lab lab;
    REQUIRE(lab.load("a = alloc 8\n# a comment\nb = alloc 16\nc = alloc 24\nd = alloc 32\n"));
    CHECK(lab.linesAnActionReplaces() == 0); // at the end an action appends
    // The cursor at the end of b's operation: c, d and nothing else follow.
    lab.seek(lab.history().opStepsEnd(1));
    CHECK(lab.linesAnActionReplaces() == 2);
    REQUIRE_FALSE(lab.perform(lab::Reset{lab::ResetKind::free_all, 0}));
    CHECK(lab.text() == "a = alloc 8\n# a comment\nb = alloc 16\nreset free_all\n");
    // At step 0 everything from the first operation's line goes.
    lab.seek(0);
    CHECK(lab.linesAnActionReplaces() == 4);
}
