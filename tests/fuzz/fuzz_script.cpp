// libFuzzer target: the script parser and checker on arbitrary bytes, and
// the run of every script that checks clean.
//
// For any input, parseScript must return (never crash, hang or throw), and:
// - a refused script has 1 to max_errors + 1 diagnostics, each with a line
//   and a column from 1 and a one-line message, in line order;
// - a clean script's statements have lines from 1 to line_count, in order,
//   and repeat counts from 1 to 1,000,000.
// A clean script whose operations run at most `max_run_ops` times in total
// (repeats counted) is then run (lab::runScript, the engine under
// runScriptText; called directly so the child can be watched), and:
// - the exit status is 0, 1 only at a failed expectation, 2 only at a handle
//   whose alloc was refused; a run that ends normally ends with the deinit
//   and leaves the child holding nothing (child_bytes_left == 0);
// - every trace line is one well-formed JSON object with the spec's keys and
//   types, and its line number is within the script (deinit: line_count + 1);
// - after every operation the child holds exactly the arena's nodes;
// - every operation gives what Zig's arena gives with the same answers from
//   the child (reliability::ZigModel, written from docs/script.md).
// Any violation prints what and where, then aborts: libFuzzer saves the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/trace.hpp"
#include "zig_model.hpp"

namespace {

constexpr std::size_t max_run_ops = 10'000;

[[noreturn]] void die(const std::string& what)
{
    std::fprintf(stderr, "fuzz_script: %s\n", what.c_str());
    std::abort();
}
#define REQUIRE_THAT(cond, what)            \
    do {                                    \
        if (!(cond)) die(std::string(#cond ": ") + (what)); \
    } while (0)

void checkDiagnostics(const lab::ParseResult& parsed)
{
    REQUIRE_THAT(parsed.errors.size() <= lab::max_errors + 1, std::to_string(parsed.errors.size()));
    std::size_t previous_line = 0;
    for (const lab::Diagnostic& d : parsed.errors) {
        REQUIRE_THAT(d.line >= 1 && d.col >= 1, std::to_string(d.line) + ":" + std::to_string(d.col));
        REQUIRE_THAT(d.line >= previous_line, std::to_string(d.line));
        previous_line = d.line;
        REQUIRE_THAT(!d.message.empty() && d.message.find('\n') == std::string::npos, d.message);
        const std::string shown = lab::formatDiagnostic("f", d);
        REQUIRE_THAT(shown.rfind("f:" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": error: ", 0) == 0,
                     shown);
    }
}

void checkTraceLine(const lab::OpRecord& r, std::size_t line_count)
{
    std::string text;
    lab::appendTraceLine(text, r);
    REQUIRE_THAT(!text.empty() && text.back() == '\n' && text.find('\n') == text.size() - 1, text);
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    REQUIRE_THAT(!j.is_discarded() && j.is_object(), text);
    auto isCount = [&](const char* key) { return j.contains(key) && j[key].is_number_unsigned(); };
    REQUIRE_THAT(isCount("line") && j.contains("op") && j["op"].is_string(), text);
    const std::size_t line = j["line"].get<std::size_t>();
    const std::string op = j["op"].get<std::string>();
    if (op == "deinit") REQUIRE_THAT(line == line_count + 1, text);
    else REQUIRE_THAT(line >= 1 && line <= line_count, text);
    REQUIRE_THAT(j.contains("result") && j["result"].is_object() && j["result"].contains("ok") &&
                     j["result"]["ok"].is_boolean(),
                 text);
    if (op == "alloc") {
        REQUIRE_THAT(j.contains("name") && (j["name"].is_string() || j["name"].is_null()), text);
        REQUIRE_THAT(isCount("len") && isCount("align"), text);
        if (j["result"]["ok"].get<bool>())
            REQUIRE_THAT(j["result"].contains("buf") && j["result"]["buf"].is_number_unsigned() &&
                             j["result"].contains("offset") && j["result"]["offset"].get<std::size_t>() >= 16,
                         text);
    } else if (op == "resize" || op == "remap") {
        REQUIRE_THAT(j.contains("name") && j["name"].is_string() && isCount("len") && isCount("new_len"), text);
    } else if (op == "free") {
        REQUIRE_THAT(j.contains("name") && j["name"].is_string() && isCount("len"), text);
    } else if (op == "reset") {
        REQUIRE_THAT(j.contains("mode") && j["mode"].is_string(), text);
        const std::string mode = j["mode"].get<std::string>();
        REQUIRE_THAT(mode == "free_all" || mode == "retain_capacity" || mode == "retain_with_limit", text);
        if (mode == "retain_with_limit") REQUIRE_THAT(isCount("limit"), text);
    } else {
        REQUIRE_THAT(op == "deinit", text);
    }
    REQUIRE_THAT(j.contains("child") && j["child"].is_array(), text);
    for (const auto& c : j["child"]) {
        REQUIRE_THAT(c.is_object() && c.contains("call") && c["call"].is_string(), text);
        const std::string call = c["call"].get<std::string>();
        if (call == "alloc")
            REQUIRE_THAT(c.contains("len") && c.contains("align") && c.contains("ok") && c["ok"].is_boolean() &&
                             c.contains("buf") == c["ok"].get<bool>(),
                         text);
        else if (call == "resize")
            REQUIRE_THAT(c.contains("buf") && c.contains("len") && c.contains("new_len") && c.contains("ok"), text);
        else
            REQUIRE_THAT(call == "free" && c.contains("buf") && c.contains("len"), text);
    }
    REQUIRE_THAT(j.contains("state") && j["state"].is_object(), text);
    const auto& st = j["state"];
    REQUIRE_THAT(st.contains("end_index") && st.contains("capacity") && st.contains("nodes") && st["nodes"].is_array(),
                 text);
    if (op == "deinit") REQUIRE_THAT(st["nodes"].empty() && st["capacity"] == 0 && st["end_index"] == 0, text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const lab::ParseResult parsed = lab::parseScript(text);
    if (!parsed.ok()) {
        checkDiagnostics(parsed);
        return 0;
    }
    const lab::Script& script = parsed.script;
    std::size_t ops = 0;
    std::size_t previous_line = 0;
    for (const lab::Statement& st : script.statements) {
        REQUIRE_THAT(st.line >= 1 && st.line <= script.line_count && st.line > previous_line,
                     "statement line " + std::to_string(st.line));
        previous_line = st.line;
        REQUIRE_THAT(st.repeat >= 1 && st.repeat <= lab::max_repeat, std::to_string(st.repeat));
        if (const auto* c = std::get_if<lab::Command>(&st.body); c != nullptr && lab::isOperation(*c)) ops += st.repeat;
    }
    if (ops > max_run_ops) return 0; // keep every input fast

    arena::InstrumentedChild* child = nullptr;
    reliability::ZigModel model;
    std::size_t records = 0;
    bool deinit_seen = false;
    const lab::ChildSetupFn setup = [&](arena::InstrumentedChild& c) { child = &c; };
    const lab::RecordFn on_record = [&](const lab::OpRecord& r) {
        ++records;
        REQUIRE_THAT(!deinit_seen, "a record after the deinit");
        deinit_seen = r.op == lab::OpKind::deinit;
        checkTraceLine(r, script.line_count);
        std::size_t held = 0;
        for (const lab::NodeState& n : r.state.nodes) held += n.len;
        REQUIRE_THAT(child->liveBytes() == held && child->liveBuffers() == r.state.nodes.size(),
                     "line " + std::to_string(r.line) + ": the child holds " + std::to_string(child->liveBytes()) +
                         " bytes, the arena's nodes " + std::to_string(held));
        if (const std::string d = model.check(r, child->config().offset); !d.empty()) die("not Zig's result: " + d);
    };
    const lab::RunResult result = lab::runScript(script, "<fuzz>", on_record, nullptr, setup);

    REQUIRE_THAT(result.ran && result.operations == records, std::to_string(result.operations));
    switch (result.exit_status) {
    case 0:
        REQUIRE_THAT(deinit_seen && result.errors.empty(), "exit 0");
        REQUIRE_THAT(result.child_bytes_left == 0, std::to_string(result.child_bytes_left) + " bytes left");
        break;
    case 1:
        REQUIRE_THAT(!deinit_seen && result.errors.size() == 1 &&
                         result.errors[0].find(": expectation failed: ") != std::string::npos,
                     result.errors.empty() ? std::string("exit 1") : result.errors[0]);
        break;
    case 2: {
        REQUIRE_THAT(!deinit_seen && result.errors.size() == 1, "exit 2");
        const std::string& e = result.errors[0];
        const auto q1 = e.find('\'');
        const auto q2 = q1 == std::string::npos ? q1 : e.find('\'', q1 + 1);
        REQUIRE_THAT(e.find("holds no memory") != std::string::npos && q2 != std::string::npos, e);
        REQUIRE_THAT(model.holdsNoMemory(e.substr(q1 + 1, q2 - q1 - 1)), e);
        break;
    }
    default: die("exit status " + std::to_string(result.exit_status));
    }
    return 0;
}
