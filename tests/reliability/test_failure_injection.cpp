// Exhaustive failure injection over real scripts.
//
// For every conformance script (tests/conformance/vectors: cases/ and
// random/) and every lesson (assets/lessons/*.arena), the script is run once clean to count the child's alloc and
// resize calls (N), then once for each k in 0..N-1 with call k refused
// (InstrumentedChild::failCallNumber). Every run, clean or not, must:
//
// - not crash (the CI runs this suite under ASan and UBSan too);
// - end normally, or stop where the script itself says so: exit 1 only at a
//   failed `expect` (a script with expectations may fail them once a call is
//   refused), exit 2 only at a handle whose alloc was refused;
// - keep the child's holdings equal to the arena's nodes after every
//   operation, and leave the child holding nothing after the deinit;
// - give, operation by operation, exactly what Zig's arena gives with the
//   same answers from the child. The oracle is ZigModel (zig_model.hpp), written from
//   docs/script.md alone: it replays each operation, takes the
//   child's answers from the trace, and checks every child call asked for,
//   the result and the state after. So an alloc fails only when createNode's
//   alloc is refused, a reset fails only when its realloc is refused, and
//   resize/remap/free never involve the child;
// - be identical to the clean run up to the operation holding call k, and
//   that call must be the refused one, inside an alloc or a reset.
//
// A race (lessons 15 and 16) is checked as a whole: the holdings once every
// thread has finished, the refused call as one of the race's calls, and a
// fixed schedule that names a thread the refusal ended early is a stop of
// its own (exit 2). For a zig-0.16 script (lessons 12 to 16) ZigModel, which is the classic
// arena's, is not the oracle: Zig 0.16 itself is, through harness016.zig
// in zig016_differential (random scripts with child refusals). Here its
// runs get every other check, with both lists' nodes held by the child.
//
// What ran is checked too, from sources the runs do not produce: every
// script of a folder was tried (the lessons: as many as the program
// embeds), and a conformance folder's injected runs number exactly the
// child's alloc and resize calls in its stored Zig traces.
//
// Coverage: every k of every script, hand-written or random: no sampling
// (about 2,600 runs take about a second in a Debug+ASan build; each test
// case prints its counts and time). A stopped run (exit 1 or 2) has no
// deinit record: for it, the per-operation holdings check stands in for the
// leak check, and the arena's destructor runs the same release code.
#include <doctest/doctest.h>

#include "test_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arena/instrumented_child.hpp"
#include "lab/lessons.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"
#include "zig_model.hpp"

namespace fs = std::filesystem;
using arena::ChildCall;
using arena::InstrumentedChild;
using lab::OpKind;
using lab::OpRecord;
using reliability::ZigModel;

namespace {

using test_support::slurp;

std::vector<fs::path> scriptsIn(const fs::path& dir)
{
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".arena") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// ------------------------------------------------------------------ one run

bool sameRecord(const OpRecord& a, const OpRecord& b)
{
    if (a.line != b.line || a.op != b.op || a.ok != b.ok || a.buf != b.buf || a.offset != b.offset) return false;
    if (a.state.end_index != b.state.end_index || a.state.capacity != b.state.capacity ||
        !(a.state.nodes == b.state.nodes) || a.child.size() != b.child.size())
        return false;
    for (std::size_t i = 0; i < a.child.size(); ++i) {
        const ChildCall& x = a.child[i];
        const ChildCall& y = b.child[i];
        if (x.kind != y.kind || x.ok != y.ok || x.buf != y.buf || x.len != y.len || x.new_len != y.new_len) return false;
    }
    return true;
}

bool failable(const ChildCall& c) { return c.kind == ChildCall::Kind::alloc || c.kind == ChildCall::Kind::resize; }

struct Run {
    lab::RunResult result;
    std::vector<OpRecord> records;
    std::size_t failable_calls = 0; // alloc + resize calls seen in the trace
    std::vector<std::string> problems;
};

// Runs `script`, refusing failable call `refuse` when given, and checks
// everything that does not need the clean run.
Run runOnce(const lab::Script& script, const std::string& name, std::optional<std::uint64_t> refuse)
{
    Run run;
    InstrumentedChild* child = nullptr;
    ZigModel model;
    const bool zig016 = script.model == lab::Model::zig_0_16;
    std::map<std::string, bool> refused_names; // zig-0.16: each name's last alloc refused?
    bool refused_seen = false;
    auto problem = [&](std::string what) {
        if (run.problems.size() < 5) run.problems.push_back(std::move(what));
    };
    const lab::ChildSetupFn setup = [&](InstrumentedChild& c) {
        child = &c;
        if (refuse) c.failCallNumber(*refuse);
    };
    // A race (lessons 15 and 16): its operations end in the schedule's order,
    // and the child's calls are numbered in the order the threads made them.
    // So the holdings are checked once every thread has finished (a thread
    // inside an operation may hold a node of its own), and the refused call
    // is looked for among all of the race's calls.
    std::size_t race_ops = 0;
    for (const lab::Statement& st : script.statements) {
        const auto* command = std::get_if<lab::Command>(&st.body);
        if (st.thread != 0 && command != nullptr && lab::isOperation(*command)) race_ops += st.repeat;
    }
    std::size_t race_seen = 0;
    std::uint64_t race_first_call = 0;
    std::size_t race_refused = 0; // failed failable calls in the race
    const lab::RecordFn on_record = [&](const OpRecord& r) {
        run.records.push_back(r);
        if (r.thread != 0) {
            if (race_seen++ == 0) race_first_call = run.failable_calls;
            for (const ChildCall& c : r.child) {
                if (!failable(c)) continue;
                ++run.failable_calls;
                race_refused += c.ok ? 0 : 1;
            }
            if (zig016 && r.op == OpKind::alloc && r.name) refused_names[*r.name] = !r.ok;
            if (race_seen < race_ops) return;
            if (refuse && *refuse >= race_first_call && *refuse < run.failable_calls) {
                refused_seen = true;
                if (race_refused != 1)
                    problem("line " + std::to_string(r.line) + ": the race has " + std::to_string(race_refused) +
                            " refused calls, not the one refused");
            }
        }
        // The child holds exactly the arena's nodes, after every operation.
        std::size_t held = 0;
        for (const lab::NodeState& n : r.state.nodes) held += n.len;
        for (const lab::NodeState& n : r.state.free_list) held += n.len;
        if (child->liveBytes() != held || child->liveBuffers() != r.state.nodes.size() + r.state.free_list.size())
            problem("line " + std::to_string(r.line) + ": the child holds " + std::to_string(child->liveBytes()) +
                    " bytes in " + std::to_string(child->liveBuffers()) + " buffers; the arena's nodes total " +
                    std::to_string(held) + " in " + std::to_string(r.state.nodes.size()));
        if (r.thread != 0) return; // its calls are counted above
        if (zig016) {
            if (r.op == OpKind::alloc && r.name) refused_names[*r.name] = !r.ok;
        } else if (std::string d = model.check(r, child->config().offset); !d.empty()) {
            problem(d);
        }
        for (const ChildCall& c : r.child) {
            if (!failable(c)) continue;
            if (refuse && run.failable_calls == *refuse) {
                refused_seen = true;
                if (c.ok) problem("line " + std::to_string(r.line) + ": the refused call succeeded");
                if (r.op != OpKind::alloc && r.op != OpKind::reset)
                    problem("line " + std::to_string(r.line) + ": the refused call is in a " +
                            std::string(lab::opName(r.op)));
            }
            ++run.failable_calls;
        }
    };
    run.result = lab::runScript(script, name, on_record, nullptr, setup);

    const lab::RunResult& res = run.result;
    const bool reached_deinit = !run.records.empty() && run.records.back().op == OpKind::deinit;
    switch (res.exit_status) {
    case 0:
        if (!reached_deinit) problem("exit 0 without a deinit");
        if (res.child_bytes_left != 0)
            problem("the child still holds " + std::to_string(res.child_bytes_left) + " bytes after the deinit");
        break;
    case 1:
        if (reached_deinit) problem("exit 1 after a deinit");
        if (res.errors.size() != 1 || res.errors[0].find("expectation failed") == std::string::npos)
            problem("exit 1 without a failed expectation");
        break;
    case 2: {
        if (reached_deinit) problem("exit 2 after a deinit");
        const std::string e = res.errors.empty() ? std::string() : res.errors[0];
        // A fixed schedule goes on naming a thread whose alloc the refused call ended early.
        if (refuse && race_ops != 0 && e.find("of the schedule names T") != std::string::npos &&
            e.find("which has finished its statements") != std::string::npos &&
            *refuse >= (race_seen == 0 ? run.failable_calls : race_first_call)) {
            refused_seen = true;
            break;
        }
        const auto q1 = e.find('\'');
        const auto q2 = q1 == std::string::npos ? q1 : e.find('\'', q1 + 1);
        if (e.find("holds no memory") == std::string::npos || q2 == std::string::npos)
            problem("exit 2 without a handle holding no memory: " + e);
        else if (const std::string handle = e.substr(q1 + 1, q2 - q1 - 1);
                 zig016 ? !refused_names[handle] : !model.holdsNoMemory(handle))
            problem("exit 2 at a handle whose alloc was not refused: " + e);
        break;
    }
    default: problem("exit status " + std::to_string(res.exit_status));
    }
    if (refuse && !refused_seen)
        problem("call " + std::to_string(*refuse) + " was never made (the run made " +
                std::to_string(run.failable_calls) + ")");
    return run;
}

struct Totals {
    std::size_t scripts = 0;
    std::size_t not_runnable = 0; // refused by the static check: nothing to inject into
    std::size_t runs = 0;         // injected runs
    std::size_t stopped = 0;      // injected runs that ended at an expect or a no-memory handle
    std::size_t failed_ops = 0;   // operations that returned ok:false in injected runs
    std::size_t null_allocs = 0;  // ... of which allocs (createNode refused)
    std::size_t false_resets = 0; // ... of which resets (the realloc refused)
};

void injectAll(const fs::path& path, Totals& totals)
{
    const std::string name = path.filename().string();
    INFO("script " << path.string());
    ++totals.scripts;
    lab::ParseResult parsed = lab::parseScript(slurp(path));
    if (!parsed.ok()) {
        ++totals.not_runnable;
        return;
    }
    const bool has_expect = std::any_of(parsed.script.statements.begin(), parsed.script.statements.end(),
                                        [](const lab::Statement& s) { return std::holds_alternative<lab::Expect>(s.body); });

    const Run clean = runOnce(parsed.script, name, std::nullopt);
    for (const std::string& p : clean.problems) FAIL_CHECK("clean run: " << p);

    for (std::uint64_t k = 0; k < clean.failable_calls; ++k) {
        INFO("refusing call " << k << " of " << clean.failable_calls);
        const Run run = runOnce(parsed.script, name, k);
        ++totals.runs;
        for (const std::string& p : run.problems) FAIL_CHECK(p);
        if (run.result.exit_status != 0) ++totals.stopped;
        totals.failed_ops += run.result.failed_operations;
        for (const OpRecord& r : run.records) {
            if (r.op == OpKind::alloc && !r.ok) ++totals.null_allocs;
            if (r.op == OpKind::reset && !r.ok) ++totals.false_resets;
        }
        if (run.result.exit_status == 1 && !has_expect) FAIL_CHECK("exit 1 in a script without expectations");

        // Identical to the clean run up to the operation holding call k (a
        // race as a whole: its calls are numbered in the order they were made).
        std::size_t calls = 0;
        for (std::size_t i = 0; i < run.records.size(); ++i) {
            std::size_t here = 0;
            if (run.records[i].thread != 0 && (i == 0 || run.records[i - 1].thread == 0))
                for (std::size_t j = i; j < clean.records.size() && clean.records[j].thread != 0; ++j)
                    for (const ChildCall& c : clean.records[j].child) here += failable(c) ? 1 : 0;
            if (calls + here > k) break; // this race holds the refused call
            here = 0;
            for (const ChildCall& c : run.records[i].child) here += failable(c) ? 1 : 0;
            if (calls + here > k) break; // this operation holds the refused call
            if (i >= clean.records.size() || !sameRecord(run.records[i], clean.records[i])) {
                FAIL_CHECK("operation " << i << " (line " << run.records[i].line
                                        << ") differs from the clean run before the refused call");
                break;
            }
            calls += here;
        }
    }
}

void report(const char* what, const Totals& t, std::chrono::steady_clock::duration took)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
    MESSAGE(std::string(what) << ": " << t.scripts << " scripts (" << t.not_runnable << " refused by the static check), "
                 << t.runs << " injected runs (every k), " << t.stopped << " stopped at an expect or a no-memory handle, "
                 << t.failed_ops << " ok:false operations (" << t.null_allocs << " null allocs, " << t.false_resets
                 << " false resets); " << ms << " ms");
}

Totals injectDir(const char* what, const fs::path& dir)
{
    const auto start = std::chrono::steady_clock::now();
    Totals totals;
    for (const fs::path& p : scriptsIn(dir)) injectAll(p, totals);
    report(what, totals, std::chrono::steady_clock::now() - start);
    return totals;
}

// What a conformance folder's stored Zig traces say the injection must do:
// its scripts (each has a trace), and the child's alloc and resize calls in
// all of them (one injected run each).
struct Expected {
    std::size_t scripts = 0;
    std::size_t runs = 0;
};

Expected expectedFromTraces(const fs::path& dir)
{
    Expected e;
    for (const fs::path& script : scriptsIn(dir)) {
        fs::path trace = script;
        trace.replace_extension(".jsonl");
        REQUIRE_MESSAGE(fs::is_regular_file(trace), "no stored trace beside " << script.string());
        ++e.scripts;
        std::istringstream lines(slurp(trace));
        for (std::string line; std::getline(lines, line);) {
            if (line.empty()) continue;
            const nlohmann::json record = nlohmann::json::parse(line);
            for (const auto& call : record.at("child")) {
                const std::string kind = call.at("call").get<std::string>();
                if (kind == "alloc" || kind == "resize") ++e.runs;
            }
        }
    }
    return e;
}

void checkRanEverything(const char* what, const fs::path& dir, const Totals& t)
{
    const Expected e = expectedFromTraces(dir);
    INFO(what);
    CHECK(e.scripts >= 10);
    CHECK(t.scripts == e.scripts);
    CHECK(t.runs == e.runs);
}

} // namespace

TEST_CASE("failure injection: every call of every hand-written conformance case")
{
    const fs::path dir = fs::path(VECTORS_DIR) / "cases";
    REQUIRE(fs::is_directory(dir));
    const Totals t = injectDir("cases", dir);
    checkRanEverything("cases", dir, t);
    // Both of Zig's failure results were reached by injection.
    CHECK(t.null_allocs > 0);
    CHECK(t.false_resets > 0);
}

TEST_CASE("failure injection: every call of every random conformance vector")
{
    const fs::path dir = fs::path(VECTORS_DIR) / "random";
    REQUIRE(fs::is_directory(dir));
    const Totals t = injectDir("random", dir);
    checkRanEverything("random", dir, t);
}

TEST_CASE("failure injection: every call of every lesson")
{
    const fs::path dir(LESSONS_DIR);
    REQUIRE_MESSAGE(fs::is_directory(dir), "the lessons folder " << dir.string() << " is missing");
    const Totals t = injectDir("lessons", dir);
    // Every lesson the program embeds, each runnable, each asking the child
    // for at least its first buffer: at least one injected run per lesson.
    CHECK(t.scripts == lab::lessons().size());
    CHECK(t.scripts >= 1);
    CHECK(t.not_runnable == 0);
    CHECK(t.runs >= t.scripts);
}

TEST_CASE("failure injection: the oracle itself catches a wrong result")
{
    // A hand-made record that claims an alloc failed with no child call: Zig's
    // code would have created the first node, so the model must object.
    ZigModel model;
    OpRecord r;
    r.line = 1;
    r.op = OpKind::alloc;
    r.len = 10;
    r.alignment = 1;
    r.ok = false;
    CHECK_FALSE(model.check(r, 0).empty());

    // And agrees with the spec's example line (child resize=never, `a = alloc 1`).
    ZigModel fresh;
    OpRecord a;
    a.line = 2;
    a.op = OpKind::alloc;
    a.name = "a";
    a.len = 1;
    a.alignment = 1;
    a.ok = true;
    a.buf = 0;
    a.offset = 16;
    a.child.push_back({.kind = ChildCall::Kind::alloc, .ok = true, .buf = 0, .len = 51, .alignment = 8});
    a.state.end_index = 1;
    a.state.capacity = 35;
    a.state.nodes.push_back({0, 51});
    CHECK(fresh.check(a, 0) == "");
}
