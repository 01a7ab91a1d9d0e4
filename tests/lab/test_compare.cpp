// The compare view's three columns: each equals an independent run of the
// script cut after the same operation, with that reset and the next alloc
// appended as script lines. Also `arenalab compare`'s text and its --step.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "lab/compare.hpp"
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
    for (const lab::Statement& st : parsed.script.statements) {
        const auto* command = std::get_if<lab::Command>(&st.body);
        if (command == nullptr || !lab::isOperation(*command)) continue;
        ops += st.repeat;
        lab::CompareRequest request;
        request.ops = ops;
        request.limit = 100;
        request.next_len = 200;
        request.child = child;
        const lab::Comparison cmp = lab::compareResets(parsed.script, request);
        REQUIRE(cmp.ops == ops);
        CHECK(cmp.line == st.line);
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
    for (const auto& entry : fs::directory_iterator(fs::path(VECTORS_DIR) / "cases"))
        if (entry.path().extension() == ".arena")
            compared += checkScript(entry.path().string(), test_support::slurp(entry.path()), "", std::nullopt);
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
    const test_support::Exec bad = test_support::runProgram(ARENALAB_EXE, "compare " + path.string() + " --child colour=red");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--child") != std::string::npos);
}
