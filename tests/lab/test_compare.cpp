// The compare view's three columns: each equals an independent run of the
// script cut after the same operation, with that reset and the next alloc
// appended as script lines. Also `arenalab compare`'s text and its --step.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "lab/compare.hpp"
#include "lab/compare_models.hpp"
#include "lab/lab.hpp"
#include "lab/lessons.hpp"
#include "lab/runner.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// The first `line` lines of `text`.
std::string firstLines(const std::string& text, std::size_t line)
{
    std::size_t at = 0;
    for (std::size_t i = 0; i < line && at != std::string::npos; ++i) {
        at = text.find('\n', at);
        if (at != std::string::npos) ++at;
    }
    std::string out = at == std::string::npos ? text : text.substr(0, at);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

bool sameState(const lab::ArenaState& a, const lab::ArenaState& b)
{
    return a.end_index == b.end_index && a.capacity == b.capacity && a.nodes == b.nodes;
}

// Checks every point at the end of an operation statement of `text`;
// returns how many were compared.
std::size_t checkScript(const std::string& name, const std::string& text, const std::string& child_line,
                        const std::optional<lab::ChildSet>& child)
{
    const lab::ParseResult parsed = lab::parseScript(text);
    if (!parsed.ok()) return 0;
    if (lab::runScriptText(text, name, {}).exit_status != 0) return 0; // stops early: cut points would differ
    std::size_t ops = 0;
    std::size_t compared = 0;
    const std::vector<lab::Statement>& statements = parsed.script.statements;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const lab::Statement& st = statements[i];
        const auto* command = std::get_if<lab::Command>(&st.body);
        if (command == nullptr || !lab::isOperation(*command)) continue;
        ops += st.repeat;
        // Inside a race the view compares after the whole race (the next
        // test case); its last statement is the cut point checked here.
        if (st.thread != 0 && i + 1 < statements.size() && statements[i + 1].thread != 0) continue;
        lab::CompareRequest request;
        request.ops = ops;
        request.limit = 100;
        request.next_len = 200;
        request.child = child;
        const lab::Comparison cmp = lab::compareResets(parsed.script, request);
        REQUIRE(cmp.ops == ops);
        if (st.thread == 0) CHECK(cmp.line == st.line); // a race's operations end in the schedule's order
        for (const lab::CompareColumn& col : cmp.columns) {
            const std::string script = firstLines(text, st.line) + child_line + lab::toScript(col.reset) +
                                       "\nalloc 200\n";
            std::vector<lab::OpRecord> records;
            const lab::RunResult run = lab::runScriptText(script, name, [&](const lab::OpRecord& r) { records.push_back(r); });
            REQUIRE(run.exit_status == 0);
            REQUIRE(records.size() >= 3);
            const lab::OpRecord& reset = records[records.size() - 3];
            const lab::OpRecord& next = records[records.size() - 2];
            INFO(name, " after line ", st.line, ": ", lab::toScript(col.reset));
            CHECK(reset.op == lab::OpKind::reset);
            CHECK(col.returned == reset.ok);
            CHECK(col.calls == reset.child);
            CHECK(sameState(col.after, reset.state));
            CHECK(next.op == lab::OpKind::alloc);
            CHECK(col.next_calls == next.child);
            CHECK(sameState(col.after_next, next.state));
            CHECK(col.next_record.ok == next.ok);
        }
        ++compared;
    }
    return compared;
}

} // namespace

TEST_CASE("compare: each column is an independent run with that reset appended (every lesson)")
{
    std::size_t compared = 0;
    for (const lab::Lesson& lesson : lab::lessons())
        compared += checkScript(std::string(lesson.file_name), std::string(lesson.text), "", std::nullopt);
    CHECK(compared > 50);
}

TEST_CASE("compare: at a step inside a race, the three resets follow the whole race (reset is not threadsafe)")
{
    std::size_t races = 0;
    for (const lab::Lesson& lesson : lab::lessons()) {
        const lab::ParseResult parsed = lab::parseScript(lesson.text);
        REQUIRE(parsed.ok());
        if (parsed.script.threads == 0) continue;
        ++races;
        INFO(lesson.file_name);
        // The operations before the race, and the race's own.
        std::size_t before = 0;
        std::size_t race = 0;
        for (const lab::Statement& st : parsed.script.statements) {
            const auto* command = std::get_if<lab::Command>(&st.body);
            if (command == nullptr || !lab::isOperation(*command)) continue;
            if (st.thread != 0) race += st.repeat;
            else if (race == 0) before += st.repeat;
        }
        REQUIRE(race >= 2);
        const std::size_t through = before + race;
        lab::CompareRequest request;
        request.limit = 100;
        request.ops = through;
        const lab::Comparison end = lab::compareResets(parsed.script, request);
        CHECK(end.ops == through);
        CHECK(end.error.empty());
        for (std::size_t ops = before + 1; ops < through; ++ops) {
            request.ops = ops;
            const lab::Comparison inside = lab::compareResets(parsed.script, request);
            CHECK(inside.ops == through);
            CHECK(inside.error.empty());
            CHECK(sameState(inside.before, end.before));
            for (std::size_t m = 0; m < end.columns.size(); ++m) {
                CHECK(sameState(inside.columns[m].after, end.columns[m].after));
                CHECK(inside.columns[m].calls == end.columns[m].calls);
            }
        }
    }
    CHECK(races >= 2);
}

TEST_CASE("compare: the child's policy changed in the view is a child line before the reset")
{
    lab::ChildSet always;
    always.resize = arena::ResizePolicy::always;
    lab::ChildSet never;
    never.resize = arena::ResizePolicy::never;
    std::size_t compared = 0;
    for (const lab::Lesson& lesson : lab::lessons()) {
        compared += checkScript(std::string(lesson.file_name), std::string(lesson.text), "child resize=always\n", always);
        compared += checkScript(std::string(lesson.file_name), std::string(lesson.text), "child resize=never\n", never);
    }
    CHECK(compared > 100);
}

TEST_CASE("compare: conformance cases")
{
    std::size_t compared = 0;
    for (const fs::path& path : test_support::scriptsUnder(fs::path(VECTORS_DIR) / "cases"))
        compared += checkScript(path.string(), test_support::slurp(path), "", std::nullopt);
    CHECK(compared > 50);
}

TEST_CASE("arenalab compare: the text of the comparison at a window step")
{
    test_support::Scratch scratch;
    const lab::Lesson& lesson = lab::lessons()[1]; // growth
    const auto path = scratch.write("growth.arena", std::string(lesson.text));
    // The window's step count: the end of the third operation.
    lab::Lab lab;
    REQUIRE(lab.load(std::string(lesson.text), "growth.arena"));
    const std::size_t step = lab.history().opStepsEnd(2);
    const test_support::Exec run = test_support::runProgram(
        ARENALAB_EXE, "compare " + path.string() + " --step " + std::to_string(step) + " --limit 300");
    REQUIRE(run.status == 0);
    lab::CompareRequest request;
    request.ops = 3;
    request.limit = 300;
    const lab::Comparison cmp = lab::compareResets(lab::parseScript(lesson.text).script, request);
    CHECK(run.out == lab::compareText(cmp, path.string()));
    CHECK(run.out.find("after operation 3 (line ") != std::string::npos);
    CHECK(run.out.find("reset retain_with_limit 300\n  returns:        true") != std::string::npos);
    CHECK(run.out.find("capacity kept:  300") != std::string::npos);
    // The child's settings in the window's words, bytes as the picture says
    // them (it printed "limit=268435456" before).
    CHECK(run.out.find("  child: Resize never  Page 4,096 B  Offset 0 B  Limit 256.0 MiB\n") != std::string::npos);
    const test_support::Exec bad = test_support::runProgram(ARENALAB_EXE, "compare " + path.string() + " --child colour=red");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--child") != std::string::npos);
}

TEST_CASE("compare --models: both arenas run the script, row by row, each equal to a run on that model")
{
    // Every lesson, both models: row i is the i-th trace line of an
    // independent run of the script (its expect lines left out) on each.
    for (const lab::Lesson& lesson : lab::lessons()) {
        CAPTURE(lesson.file_name);
        const lab::Script script = lab::parseScript(lesson.text).script;
        const lab::ModelComparison cmp = lab::compareModels(script);
        if (script.threads != 0) {
            // The classic arena is not threadsafe: the comparison stops before the race, and says why.
            std::size_t race_line = 0;
            for (const lab::Statement& st : script.statements)
                if (st.thread != 0 && race_line == 0) race_line = st.line;
            for (const lab::ModelRow& row : cmp.rows) CHECK((row.line < race_line || row.line == script.line_count + 1));
            for (const std::string& why : cmp.stopped) CHECK(why.find("not threadsafe") != std::string::npos);
            continue;
        }
        REQUIRE(!cmp.rows.empty());
        std::size_t differing = 0;
        for (std::size_t m = 0; m < 2; ++m) {
            lab::Script s = script;
            s.model = lab::compared_models[m];
            std::erase_if(s.statements, [](const lab::Statement& st) { return std::holds_alternative<lab::Expect>(st.body); });
            std::vector<lab::OpRecord> records;
            lab::runScript(s, "x", [&](const lab::OpRecord& r) { records.push_back(r); });
            REQUIRE(records.size() >= cmp.rows.size());
            for (std::size_t i = 0; i < cmp.rows.size(); ++i) {
                CAPTURE(i);
                const lab::OpRecord& r = cmp.rows[i].records[m];
                CHECK(r.line == records[i].line);
                CHECK(r.state.model == lab::compared_models[m]);
                CHECK(r.state.capacity == records[i].state.capacity);
                CHECK(r.state.nodes == records[i].state.nodes);
                CHECK(r.child == records[i].child);
            }
        }
        for (const lab::ModelRow& row : cmp.rows) {
            CHECK(row.records[0].line == row.records[1].line); // aligned by operation
            CHECK(row.differences.empty() == row.why.empty());
            differing += row.differences.empty() ? 0 : 1;
        }
        CHECK(differing > 0); // a 16-byte and a 24-byte header never size the first buffer alike
    }
}

TEST_CASE("arenalab compare --models: the numbers that differ, and why")
{
    test_support::Scratch scratch;
    const auto path = scratch.write("two.arena", "model zig-0.16\na = alloc 100\nexpect node 0 end_index 100\nreset free_all\n");
    const test_support::Exec run = test_support::runProgram(ARENALAB_EXE, "compare --models " + path.string());
    REQUIRE(run.status == 0);
    CHECK(run.out == lab::compareModelsText(lab::compareModels(lab::parseScript(test_support::slurp(path)).script), path.string()));
    // The first buffer: (0 + 100 + 1 + 16 + 16) * 3 / 2 = 199 against (0 + 24 + 1 + 100 + 16) * 1.5, even = 212.
    CHECK(run.out.find("line 2: a = alloc 100\n  child asked: alloc 199 | alloc 212\n") != std::string::npos);
    CHECK(run.out.find("  capacity: 183 | 188\n") != std::string::npos);
    CHECK(run.out.find("  why: A new buffer:") != std::string::npos);
    CHECK(run.out.find("16-byte BufNode header") != std::string::npos);
    CHECK(run.out.find("24-byte Node header") != std::string::npos);
    // --models is its own comparison: it takes no --step.
    CHECK(test_support::runProgram(ARENALAB_EXE, "compare --models --step 3 " + path.string()).status == 2);
}
