// The session and the runner: operations on the real arena become trace
// records; expectations and run-time errors stop a run as docs/script.md says.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lab/explain.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

namespace {

struct Run {
    lab::RunResult result;
    std::vector<lab::OpRecord> records;
};

Run run(std::string_view text)
{
    Run r;
    r.result = lab::runScriptText(text, "t.arena", [&](const lab::OpRecord& rec) { r.records.push_back(rec); });
    return r;
}

} // namespace

TEST_CASE("session: an alloc reports its buffer, offset, the child's calls and the state after it")
{
    lab::Session s;
    lab::OpRecord rec;
    REQUIRE(s.apply(lab::Alloc{"a", 1, 1}, 2, &rec) == lab::Session::Outcome::done);
    CHECK(rec.line == 2);
    CHECK(rec.op == lab::OpKind::alloc);
    CHECK(rec.ok);
    CHECK(rec.buf == 0);
    CHECK(rec.offset == 16);
    REQUIRE(rec.child.size() == 1);
    CHECK(rec.child[0].kind == arena::ChildCall::Kind::alloc);
    CHECK(rec.child[0].len == 51);
    CHECK(rec.state.end_index == 1);
    CHECK(rec.state.capacity == 35);
    REQUIRE(rec.state.nodes.size() == 1);
    CHECK(rec.state.nodes[0] == lab::NodeState{0, 51});
    // The record is exactly the spec's example line.
    CHECK(lab::traceJson(rec).dump() ==
          R"({"line":2,"op":"alloc","name":"a","len":1,"align":1,"result":{"ok":true,"buf":0,"offset":16},)"
          R"("child":[{"call":"alloc","len":51,"align":8,"ok":true,"buf":0}],)"
          R"("state":{"end_index":1,"capacity":35,"nodes":[{"buf":0,"len":51}]}})");
}

TEST_CASE("session: handles follow resize, free and reset; unknown ones are refused without touching the arena")
{
    lab::Session s;
    s.apply(lab::Alloc{"a", 10, 1}, 1);
    s.apply(lab::Resize{"a", 20, false}, 2);
    REQUIRE(s.handle("a") != nullptr);
    CHECK(s.handle("a")->len == 20);
    CHECK(s.arena().state.end_index == 20);
    s.apply(lab::Resize{"a", 5000, true}, 3); // remap that cannot grow: handle unchanged
    CHECK_FALSE(s.lastOk());
    CHECK(s.handle("a")->len == 20);
    s.apply(lab::Free{"a"}, 4);
    CHECK(s.handle("a") == nullptr);
    CHECK(s.arena().state.end_index == 0);
    CHECK(s.apply(lab::Free{"a"}, 5) == lab::Session::Outcome::unknown_handle);
    s.apply(lab::Alloc{"b", 10, 1}, 6);
    s.apply(lab::Reset{lab::ResetKind::retain_capacity, 0}, 7);
    CHECK(s.handle("b") == nullptr);
    CHECK(s.operations() == 6); // the refused free is not an operation
}

TEST_CASE("session: child settings and one-shot failures apply to the next calls")
{
    lab::Session s;
    s.apply(lab::ChildSet{arena::ResizePolicy::never, std::nullopt, 16u, std::nullopt}, 1);
    CHECK(s.child().config().resize == arena::ResizePolicy::never);
    CHECK(s.child().config().offset == 16);
    CHECK(s.child().config().page == 4096); // untouched keys keep their value
    s.apply(lab::Fail{arena::ChildCall::Kind::alloc}, 2);
    lab::OpRecord rec;
    s.apply(lab::Alloc{"x", 8, 1}, 3, &rec);
    CHECK_FALSE(rec.ok);
    REQUIRE(rec.child.size() == 1);
    CHECK_FALSE(rec.child[0].ok);
    CHECK(s.apply(lab::Free{"x"}, 4) == lab::Session::Outcome::no_memory);
    s.apply(lab::Alloc{"y", 8, 1}, 5, &rec);
    CHECK(rec.ok);
    CHECK(rec.offset == 16);
}

TEST_CASE("session: deinit returns every buffer and records it")
{
    lab::Session s;
    s.apply(lab::ChildSet{arena::ResizePolicy::never, {}, {}, {}}, 1);
    s.apply(lab::Alloc{{}, 100, 1}, 2);
    s.apply(lab::Alloc{{}, 1000, 1}, 3);
    lab::OpRecord rec;
    s.deinit(4, &rec);
    CHECK(rec.op == lab::OpKind::deinit);
    CHECK(rec.line == 4);
    REQUIRE(rec.child.size() == 2);
    CHECK(rec.child[0].kind == arena::ChildCall::Kind::free);
    CHECK(rec.child[0].buf == 1); // newest first
    CHECK(rec.child[1].buf == 0);
    CHECK(rec.state.nodes.empty());
    CHECK(s.child().liveBuffers() == 0);
}

TEST_CASE("runner: a clean run ends with a deinit line at line_count + 1")
{
    auto r = run("a = alloc 1\nexpect end_index 1\n");
    CHECK(r.result.exit_status == 0);
    CHECK(r.result.errors.empty());
    CHECK(r.result.expectations_met == 1);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[1].op == lab::OpKind::deinit);
    CHECK(r.records[1].line == 3);
    CHECK(run("").records.at(0).line == 1);
    CHECK(run("alloc 1").records.at(1).line == 2);
}

TEST_CASE("runner: repeat gives one line per run with the repeat's line; a named repeat keeps the last result")
{
    // 10 bytes at 0..10, then 2 of padding and 12..22, then 2 more and 24..34.
    auto r = run("repeat 3 x = alloc 10 align=4\nfree x\nexpect end_index 24\n");
    CHECK(r.result.exit_status == 0);
    REQUIRE(r.records.size() == 5);
    for (int i = 0; i < 3; ++i) CHECK(r.records[i].line == 1);
    CHECK(r.records[3].op == lab::OpKind::free);
    CHECK(r.records[3].len == 10);
}

TEST_CASE("runner: a failed expectation stops the run with status 1, no deinit, and names the line")
{
    auto r = run("a = alloc 100\nexpect end_index 100\nb = alloc 8 align=8\nexpect end_index 105\nc = alloc 1\n");
    CHECK(r.result.exit_status == 1);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records.back().op == lab::OpKind::alloc);
    REQUIRE(r.result.errors.size() == 1);
    CHECK(r.result.errors[0] == "t.arena:4:1: error: expectation failed: expected end_index 105, but it is 112");
    CHECK(run("alloc 1\nexpect fail\n").result.exit_status == 1);
    CHECK(run("child limit=10\nalloc 100\nexpect ok\n").result.exit_status == 1);
    CHECK(run("alloc 1\nexpect nodes 2\n").result.errors.at(0) == "t.arena:2:1: error: expectation failed: expected nodes 2, but it is 1");
    // The column is the expect's own.
    CHECK(run("alloc 1\n   expect nodes 2\n").result.errors.at(0).rfind("t.arena:2:4: error: expectation failed: ", 0) == 0);
}

TEST_CASE("runner: using a handle whose alloc was refused stops with status 2 at its column")
{
    auto r = run("child limit=200\nb = alloc 500\nexpect fail\nresize   b 10\nalloc 1\n");
    CHECK(r.result.exit_status == 2);
    REQUIRE(r.records.size() == 1);
    REQUIRE(r.result.errors.size() == 1);
    CHECK(r.result.errors[0].rfind("t.arena:4:10: error: 'b' holds no memory: ", 0) == 0);
    CHECK(r.result.errors[0].find("line 2") != std::string::npos);
}

TEST_CASE("runner: a refused script runs nothing and reports every problem")
{
    auto r = run("a = alloc 0\nfree q\n");
    CHECK(r.result.exit_status == 2);
    CHECK_FALSE(r.result.ran);
    CHECK(r.records.empty());
    REQUIRE(r.result.errors.size() == 2);
    CHECK(r.result.errors[0].rfind("t.arena:1:11: error: ", 0) == 0);
    CHECK(r.result.errors[1].rfind("t.arena:2:6: error: ", 0) == 0);
}

TEST_CASE("runner: the step sink sees the arena's steps before each record")
{
    struct Sink final : lab::StepSink {
        std::vector<arena::StepKind> kinds;
        void step(const arena::Step& s) override { kinds.push_back(s.kind); }
    } sink;
    std::vector<std::size_t> steps_before_record;
    lab::runScriptText("a = alloc 1\nreset free_all\n", "t", [&](const lab::OpRecord&) { steps_before_record.push_back(sink.kinds.size()); }, &sink);
    REQUIRE(steps_before_record.size() == 3);
    CHECK(steps_before_record[0] == 6); // alloc_begin, first_node_needed, node_length, node_prepended, padding, fits
    CHECK(sink.kinds[5] == arena::StepKind::fits_bumped);
    CHECK(sink.kinds[6] == arena::StepKind::reset_requested);
    CHECK(sink.kinds[7] == arena::StepKind::reset_release_all);
}

TEST_CASE("explanations carry the actual numbers")
{
    struct Sink final : lab::StepSink {
        std::vector<std::string> text;
        void step(const arena::Step& s) override { text.push_back(lab::explainStep(s)); }
    } sink;
    lab::runScriptText("child offset=0\na = alloc 3\nb = alloc 8 align=8\n", "t", {}, &sink);
    bool padding_told = false;
    for (const auto& t : sink.text)
        if (t.find("5 bytes of padding") != std::string::npos && t.find("= 16") != std::string::npos) padding_told = true;
    CHECK(padding_told);
    CHECK(sink.text.at(2).find("(34)") == std::string::npos); // node_length: 3+1+16+16 = 36, half 18, 54 bytes
    CHECK(sink.text.at(2).find("= 36, plus half of that (18) = 54 bytes") != std::string::npos);
}

TEST_CASE("explanations group their numbers as the panels do")
{
    struct Sink final : lab::StepSink {
        std::vector<std::string> text;
        void step(const arena::Step& s) override { text.push_back(lab::explainStep(s)); }
    } sink;
    lab::runScriptText("a = alloc 1000 align=4096\n", "t", {}, &sink);
    REQUIRE(!sink.text.empty());
    CHECK(sink.text.front() == "alloc(1,000, align 4,096): find 1,000 bytes at an address that is a multiple of 4,096.");
}

TEST_CASE("the one call describer: the demo, compare and the window say a child call alike")
{
    using Kind = arena::ChildCall::Kind;
    arena::ChildCall c{};
    c.kind = Kind::alloc;
    c.len = 1602;
    c.buf = 1;
    c.ok = true;
    CHECK(lab::describeCall(c) == "alloc 1,602 B -> buf 1");
    c.ok = false;
    CHECK(lab::describeCall(c) == "alloc 1,602 B: refused");
    c.kind = Kind::resize;
    c.new_len = 2000;
    CHECK(lab::describeCall(c) == "resize buf 1 from 1,602 B to 2,000 B: no");
    c.kind = Kind::free;
    CHECK(lab::describeCall(c) == "free buf 1 (1,602 B)");
}

TEST_CASE("the one number formatter: grouped, bytes, bytesExact, binaryUnits, bytesShort")
{
    CHECK(lab::grouped(0) == "0");
    CHECK(lab::grouped(999) == "999");
    CHECK(lab::grouped(1000) == "1,000");
    CHECK(lab::grouped(1048576) == "1,048,576");
    CHECK(lab::grouped(18446744073709551615u) == "18,446,744,073,709,551,615");
    CHECK(lab::bytes(0) == "0 bytes");
    CHECK(lab::bytes(1) == "1 byte");
    CHECK(lab::bytes(1000) == "1,000 bytes");
    CHECK(lab::bytes(10239) == "10,239 bytes");
    CHECK(lab::bytes(10240) == "10,240 bytes (10.0 KiB)");
    CHECK(lab::bytes(std::uint64_t{3} << 30) == "3,221,225,472 bytes (3.0 GiB)");
    // The Stats panel's narrow cells (binary units from 100,000 bytes) and
    // bytes' parenthesis say the unit the same way.
    CHECK(lab::binaryUnits(100000) == "97.7 KiB");
    CHECK(lab::binaryUnits(std::uint64_t{3} << 30) == "3.0 GiB");
    CHECK(lab::binaryUnits(std::uint64_t{5} << 40) == "5.0 TiB");
    CHECK(lab::binaryUnits(std::uint64_t{5} << 50) == "5120.0 TiB");
    // An exact count, short (the child's calls, the buffers of `compare`
    // and `trace --check`), whatever its size; bytesShort says it so below
    // a million and rounds above.
    CHECK(lab::bytesExact(0) == "0 B");
    CHECK(lab::bytesExact(1000) == "1,000 B");
    CHECK(lab::bytesExact(38571) == "38,571 B");
    CHECK(lab::bytesExact(4294967296) == "4,294,967,296 B");
    for (const std::uint64_t n : {std::uint64_t{0}, std::uint64_t{999}, std::uint64_t{4096}, std::uint64_t{999999}})
        CHECK(lab::bytesShort(n) == lab::bytesExact(n));
    CHECK(lab::bytesShort(999999) == "999,999 B");
    CHECK(lab::bytesShort(1000000) == "976.6 KiB");
    // A call past a million bytes stays exact too.
    arena::ChildCall big{};
    big.kind = arena::ChildCall::Kind::free;
    big.buf = 3;
    big.len = 3145728;
    CHECK(lab::describeCall(big) == "free buf 3 (3,145,728 B)");
}

TEST_CASE("script files: missing, directory and oversized files give a message, not a crash")
{
    std::string error;
    CHECK_FALSE(lab::readScriptFile("/nonexistent/x.arena", error));
    CHECK(error.find("/nonexistent/x.arena: error: cannot open") == 0);
    CHECK_FALSE(lab::readScriptFile("/", error));
    CHECK(error.find("is a directory") != std::string::npos);
    CHECK(lab::displayName("-") == "<stdin>");
}

TEST_CASE("one describer of an arena's state: trace --check's final state, compare's now, the demo's lines")
{
    lab::ArenaState state;
    CHECK(lab::buffersText(state) == "none");
    CHECK(lab::describeState(state) == "end_index 0, capacity 0, 0 nodes");
    // A real run: a second buffer, newest first.
    const lab::RunResult r = lab::runScriptText("child offset=0\na = alloc 1000\nb = alloc 5000\n", "t", {});
    REQUIRE(r.final_state.nodes.size() == 2);
    const std::string newest = "buf " + std::to_string(r.final_state.nodes[0].buf) + " = " +
                               lab::bytesExact(r.final_state.nodes[0].len);
    const std::string oldest = "buf " + std::to_string(r.final_state.nodes[1].buf) + " = " +
                               lab::bytesExact(r.final_state.nodes[1].len);
    CHECK(lab::buffersText(r.final_state) == newest + ", " + oldest);
    CHECK(lab::describeState(r.final_state) ==
          "end_index " + lab::grouped(r.final_state.end_index) + ", capacity " + lab::grouped(r.final_state.capacity) +
              ", 2 nodes (newest first: " + newest + ", " + oldest + ")");
    // Zig 0.16's state says its model and its free nodes.
    const lab::RunResult z = lab::runScriptText("a = alloc 10\n", "t", {}, nullptr, lab::Model::zig_0_16);
    const std::string z16 = lab::describeState(z.final_state);
    CHECK(z16.rfind("zig-0.16: end_index ", 0) == 0);
    CHECK(z16.find(", 0 free nodes") != std::string::npos);
}
