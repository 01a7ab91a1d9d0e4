// Conformance: the port must reproduce, value for value, the traces the
// real Zig std.heap.ArenaAllocator produced (docs/script.md,
// "Conformance vectors").
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "trace_compare.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "lab/runner.hpp"
#include "lab/trace.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using test_support::firstDifference;
using test_support::parseLines;
using test_support::slurp;

struct Vector {
    fs::path script;
    std::vector<json> trace;
    int exit_status = 0;
};

std::vector<Vector> vectorsIn(const char* sub)
{
    std::vector<Vector> out;
    for (const auto& entry : fs::directory_iterator(fs::path(VECTORS_DIR) / sub)) {
        if (entry.path().extension() != ".arena") continue;
        Vector v;
        v.script = entry.path();
        v.trace = parseLines(slurp(fs::path(entry.path()).replace_extension(".jsonl")));
        const fs::path rc = fs::path(entry.path()).replace_extension(".rc");
        if (fs::exists(rc)) v.exit_status = std::stoi(slurp(rc));
        out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end(), [](const Vector& a, const Vector& b) { return a.script < b.script; });
    return out;
}

void compareTrace(const Vector& v, const std::vector<json>& actual)
{
    CHECK_MESSAGE(actual.size() == v.trace.size(), "trace lines: expected ", v.trace.size(), ", got ", actual.size());
    const std::size_t n = std::min(actual.size(), v.trace.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string d = firstDifference(v.trace[i], actual[i], "line " + std::to_string(i + 1));
        CHECK_MESSAGE(d.empty(), d);
        if (!d.empty()) break; // one difference per script is enough to read
    }
}

void runInProcess(const char* sub)
{
    const auto vectors = vectorsIn(sub);
    REQUIRE(!vectors.empty());
    for (const Vector& v : vectors) {
        CAPTURE(v.script.filename().string());
        std::vector<json> actual;
        std::size_t writer_mismatches = 0;
        const auto result = lab::runScriptText(slurp(v.script), v.script.filename().string(), [&](const lab::OpRecord& r) {
            const std::string reference = lab::traceJson(r).dump() + "\n";
            std::string fast;
            lab::appendTraceLine(fast, r); // what `arenalab trace` prints
            if (fast != reference) ++writer_mismatches;
            actual.push_back(json::parse(reference));
        });
        CHECK_MESSAGE(writer_mismatches == 0, "the fast trace writer differs from the JSON library's output");
        CHECK(result.exit_status == v.exit_status);
        compareTrace(v, actual);
    }
}

// Runs the real program, as a person would: `arenalab trace FILE`.
void runProgram(const char* sub)
{
    const auto vectors = vectorsIn(sub);
    REQUIRE(!vectors.empty());
    for (const Vector& v : vectors) {
        CAPTURE(v.script.filename().string());
        const std::string command = std::string("'") + ARENALAB_EXE + "' trace '" + v.script.string() + "' 2>/dev/null";
        std::FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::string out;
        char buf[1 << 14];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
        const int status = pclose(pipe);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == v.exit_status);
        compareTrace(v, parseLines(out));
    }
}

} // namespace

TEST_CASE("conformance: hand-written cases match the Zig arena's traces (in process)") { runInProcess("cases"); }
TEST_CASE("conformance: generated cases match the Zig arena's traces (in process)") { runInProcess("random"); }
TEST_CASE("conformance: `arenalab trace` prints the stored trace for every hand-written case") { runProgram("cases"); }
TEST_CASE("conformance: `arenalab trace` prints the stored trace for every generated case") { runProgram("random"); }

// The zig-0.16 model: Zig 0.16.0's lock-free arena made these traces
// (tests/zig/harness016.zig); each script says `model zig-0.16` itself.
TEST_CASE("conformance: zig-0.16 hand-written cases match Zig 0.16's arena (in process)") { runInProcess("zig-0.16/cases"); }
TEST_CASE("conformance: zig-0.16 generated cases match Zig 0.16's arena (in process)") { runInProcess("zig-0.16/random"); }
TEST_CASE("conformance: `arenalab trace` prints the stored zig-0.16 trace for every hand-written case") { runProgram("zig-0.16/cases"); }
TEST_CASE("conformance: `arenalab trace` prints the stored zig-0.16 trace for every generated case") { runProgram("zig-0.16/random"); }

TEST_CASE("the comparison itself catches differences")
{
    const json expected = json::parse(R"({"a":1,"b":{"c":[1,2]},"d":true})");
    CHECK(firstDifference(expected, json::parse(R"({"a":1,"b":{"c":[1,2]},"d":true,"extra":0})"), "").empty());
    CHECK(!firstDifference(expected, json::parse(R"({"a":2,"b":{"c":[1,2]},"d":true})"), "").empty());
    CHECK(!firstDifference(expected, json::parse(R"({"a":1,"b":{"c":[1]},"d":true})"), "").empty());
    CHECK(!firstDifference(expected, json::parse(R"({"a":1,"b":{"c":[1,2]},"d":1})"), "").empty());
    CHECK(!firstDifference(expected, json::parse(R"({"a":1,"b":{"c":[1,2]}})"), "").empty());
    CHECK(!firstDifference(expected, json::parse(R"({"a":"1","b":{"c":[1,2]},"d":true})"), "").empty());
}
