#include "lab/export_doctest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "lab/i18n.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"

namespace lab {

namespace {

// The fixed part of every exported test: what is checked after an
// operation. The includes and the arena's type, then the child's calls
// (alike for both models), then the state, which each model keeps its way.
constexpr std::string_view prologue_head = R"(#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

)";

constexpr std::string_view prologue_calls = R"(
using Kind = arena::ChildCall::Kind;

struct ExpectedCall {
    Kind kind;
    bool ok;
    std::uint64_t buf;
    std::size_t len;
    std::size_t new_len;
};

// The child's calls since the last check, exactly.
void checkCalls(arena::InstrumentedChild& child, const std::vector<ExpectedCall>& expected)
{
    const auto& calls = child.calls();
    REQUIRE(calls.size() == expected.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        CAPTURE(i);
        CHECK(calls[i].kind == expected[i].kind);
        CHECK(calls[i].ok == expected[i].ok);
        CHECK(calls[i].buf == expected[i].buf);
        CHECK(calls[i].len == expected[i].len);
        CHECK(calls[i].new_len == expected[i].new_len);
    }
    child.clearCalls();
}
)";

constexpr std::string_view prologue_classic = R"(#include "arena/arena_allocator.hpp"
#include "arena/instrumented_child.hpp"

namespace {

using Arena = arena::ArenaAllocator<>;
)";

constexpr std::string_view state_classic = R"(
struct Expected {
    bool ok;
    std::size_t end_index;
    std::size_t capacity;
    std::vector<std::size_t> nodes; // lengths, newest first
    std::vector<ExpectedCall> calls;
};

// After an operation: its result, the arena's state, the child's calls.
[[maybe_unused]] bool checkAfter(const Arena& a, arena::InstrumentedChild& child, bool ok, const Expected& e)
{
    CHECK(ok == e.ok);
    CHECK(a.state.end_index == e.end_index);
    CHECK(a.queryCapacity() == e.capacity);
    std::vector<std::size_t> nodes;
    for (const auto* n = a.state.buffer_list.first; n != nullptr; n = n->next) nodes.push_back(n->data);
    CHECK(nodes == e.nodes);
    checkCalls(child, e.calls);
    return ok;
}

} // namespace
)";

constexpr std::string_view prologue_016 = R"(#include "arena/arena_allocator_016.hpp"
#include "arena/instrumented_child.hpp"

namespace {

using Arena = arena::zig016::ArenaAllocator<>; // Zig 0.16's lock-free arena
)";

constexpr std::string_view state_016 = R"(
// A node as its 24-byte header says: size (header included) and its own end_index.
struct ExpectedNode {
    std::size_t len;
    std::size_t end_index;
    friend bool operator==(const ExpectedNode&, const ExpectedNode&) = default;
};

struct Expected {
    bool ok;
    std::size_t end_index; // used_list's first node's (0 when empty)
    std::size_t capacity;
    std::vector<ExpectedNode> nodes; // used_list, newest first
    std::vector<ExpectedNode> free_list;
    std::vector<ExpectedCall> calls;
};

std::vector<ExpectedNode> listOf(const Arena::Node* n)
{
    std::vector<ExpectedNode> out;
    for (; n != nullptr; n = n->next) out.push_back({Arena::sizeToInt(n->size), n->end_index});
    return out;
}

[[maybe_unused]] std::size_t endIndex(const Arena& a) { return a.state.used_list ? a.state.used_list->end_index : 0; }

// After an operation: its result, both lists node by node, the child's calls.
[[maybe_unused]] bool checkAfter(const Arena& a, arena::InstrumentedChild& child, bool ok, const Expected& e)
{
    CHECK(ok == e.ok);
    CHECK(endIndex(a) == e.end_index);
    CHECK(a.queryCapacity() == e.capacity);
    CHECK(listOf(a.state.used_list) == e.nodes);
    CHECK(listOf(a.state.free_list) == e.free_list);
    checkCalls(child, e.calls);
    return ok;
}

} // namespace
)";

std::string prologueFor(Model model)
{
    const bool z16 = model == Model::zig_0_16;
    std::string out(prologue_head);
    out += z16 ? prologue_016 : prologue_classic;
    out += prologue_calls;
    out += z16 ? state_016 : state_classic;
    return out;
}

std::string callLiteral(const arena::ChildCall& c)
{
    const std::string buf = c.buf == arena::ChildCall::no_buf ? "arena::ChildCall::no_buf" : std::to_string(c.buf);
    return fmt::format("{{Kind::{}, {}, {}, {}, {}}}", callName(c.kind), c.ok ? "true" : "false", buf, c.len, c.new_len);
}

std::string callsLiteral(const std::vector<arena::ChildCall>& calls)
{
    std::string out = "{";
    for (std::size_t i = 0; i < calls.size(); ++i) out += (i ? ", " : "") + callLiteral(calls[i]);
    return out + "}";
}

std::string expectedLiteral(const OpRecord& r)
{
    const bool z16 = r.state.model == Model::zig_0_16;
    // zig-0.16: each node with its end_index, and free_list too.
    const auto list = [&](const std::vector<NodeState>& nodes) {
        std::string out = "{";
        for (std::size_t i = 0; i < nodes.size(); ++i)
            out += (i ? ", " : "") + (z16 ? fmt::format("{{{}, {}}}", nodes[i].len, nodes[i].end_index) : std::to_string(nodes[i].len));
        return out + "}";
    };
    if (z16)
        return fmt::format("{{{}, {}, {}, {}, {}, {}}}", r.ok ? "true" : "false", r.state.end_index, r.state.capacity,
                           list(r.state.nodes), list(r.state.free_list), callsLiteral(r.child));
    return fmt::format("{{{}, {}, {}, {}, {}}}", r.ok ? "true" : "false", r.state.end_index, r.state.capacity,
                       list(r.state.nodes), callsLiteral(r.child));
}

std::string alignmentOf(std::size_t bytes) { return fmt::format("arena::Alignment::fromByteUnits({})", bytes); }

// A C++ string literal of any bytes: quotes and backslashes escaped,
// everything outside printable ASCII as three-digit octal (which, unlike
// \x, cannot swallow the character after it).
std::string cString(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (b < 0x20 || b >= 0x7f) {
            out += fmt::format("\\{:03o}", b);
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// Text safe inside a // comment: no line break (which would end the comment
// and let the rest compile), no backslash (which could splice the next line
// in), nothing outside printable ASCII: each such byte is written %XX.
std::string commentText(std::string_view s)
{
    std::string out;
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b >= 0x7f || c == '\\' || c == '%') out += fmt::format("%{:02X}", b);
        else out += c;
    }
    return out;
}

class Exporter {
public:
    Exporter(const Script& script, const std::vector<OpRecord>& records, std::size_t stop_line, std::string stop_reason)
        : script_(script), records_(records), stop_line_(stop_line), stop_reason_(std::move(stop_reason))
    {
    }

    std::string body();

private:
    // The code of one run of an operation; `expected` is the expression of its Expected.
    std::string operation(const Command& command, const std::string& expected);
    std::string statementCode(const Statement& st);
    std::string expectCode(const Expect& e);
    void line(const std::string& text) { out_ += "        " + text + "\n"; }

    const Script& script_;
    const std::vector<OpRecord>& records_;
    std::size_t next_record_ = 0;
    std::size_t stop_line_;
    std::string stop_reason_;
    std::map<std::string, std::size_t> alignment_of_; // each handle's alignment, as last bound
    std::string out_;
};

std::string Exporter::operation(const Command& command, const std::string& expected)
{
    if (const auto* op = std::get_if<Alloc>(&command)) {
        const std::string call = fmt::format("a.alloc({}, {})", op->len, alignmentOf(op->alignment));
        if (!op->name) return fmt::format("last_ok = checkAfter(a, child, {} != nullptr, {});", call, expected);
        alignment_of_[*op->name] = op->alignment;
        return fmt::format("h_{0} = {{{1}, {2}}};\n        last_ok = checkAfter(a, child, h_{0}.data() != nullptr, {3});",
                           *op->name, call, op->len, expected);
    }
    if (const auto* op = std::get_if<Resize>(&command)) {
        const std::string align = alignmentOf(alignment_of_[op->name]);
        if (op->remap)
            return fmt::format("{{\n            std::byte* p = a.remap(h_{0}, {1}, {2});\n            if (p != nullptr) h_{0} = "
                               "{{p, {2}}};\n            last_ok = checkAfter(a, child, p != nullptr, {3});\n        }}",
                               op->name, align, op->new_len, expected);
        return fmt::format("{{\n            const bool ok = a.resize(h_{0}, {1}, {2});\n            if (ok) h_{0} = "
                           "{{h_{0}.data(), {2}}};\n            last_ok = checkAfter(a, child, ok, {3});\n        }}",
                           op->name, align, op->new_len, expected);
    }
    if (const auto* op = std::get_if<Free>(&command))
        return fmt::format("a.free(h_{}, {});\n        last_ok = checkAfter(a, child, true, {});", op->name,
                           alignmentOf(alignment_of_[op->name]), expected);
    const auto& op = std::get<Reset>(command);
    std::string mode = "Arena::ResetMode::free_all()";
    if (op.mode == ResetKind::retain_capacity) mode = "Arena::ResetMode::retain_capacity()";
    if (op.mode == ResetKind::retain_with_limit) mode = fmt::format("Arena::ResetMode::retain_with_limit({})", op.limit);
    return fmt::format("last_ok = checkAfter(a, child, a.reset({}), {});", mode, expected);
}

std::string Exporter::expectCode(const Expect& e)
{
    if (script_.model == Model::zig_0_16) {
        switch (e.what) {
        case Expect::What::end_index: return fmt::format("CHECK(endIndex(a) == {});", e.value);
        case Expect::What::capacity: return fmt::format("CHECK(a.queryCapacity() == {});", e.value);
        case Expect::What::nodes: return fmt::format("CHECK(listOf(a.state.used_list).size() == {});", e.value);
        case Expect::What::free_nodes: return fmt::format("CHECK(listOf(a.state.free_list).size() == {});", e.value);
        case Expect::What::node_end_index:
            return fmt::format("REQUIRE(listOf(a.state.used_list).size() > {0});\n        CHECK(listOf(a.state.used_list)[{0}].end_index == {1});",
                               e.node, e.value);
        case Expect::What::ok: return "CHECK(last_ok);";
        case Expect::What::fail: return "CHECK_FALSE(last_ok);";
        }
        return "";
    }
    switch (e.what) {
    case Expect::What::end_index: return fmt::format("CHECK(a.state.end_index == {});", e.value);
    case Expect::What::capacity: return fmt::format("CHECK(a.queryCapacity() == {});", e.value);
    case Expect::What::nodes:
        return fmt::format("{{\n            std::size_t nodes = 0;\n            for (const auto* n = a.state.buffer_list.first; n "
                           "!= nullptr; n = n->next) ++nodes;\n            CHECK(nodes == {});\n        }}",
                           e.value);
    case Expect::What::ok: return "CHECK(last_ok);";
    case Expect::What::fail: return "CHECK_FALSE(last_ok);";
    // The classic arena has no free list, and one end_index: the first node's.
    case Expect::What::free_nodes: return fmt::format("CHECK(0 == {}); // the zig-0.15 arena has no free_list", e.value);
    case Expect::What::node_end_index:
        if (e.node == 0) return fmt::format("CHECK(a.state.end_index == {});", e.value);
        return "FAIL(\"the zig-0.15 arena keeps no end_index for older nodes\");";
    }
    return "";
}

std::string Exporter::body()
{
    for (const Statement& st : script_.statements) {
        if (st.line == stop_line_) {
            line("// line " + std::to_string(st.line) + ": the script stopped here when exported: " + stop_reason_);
            return out_;
        }
        if (const auto* e = std::get_if<Expect>(&st.body)) {
            line(fmt::format("// line {}: expect {}{}", st.line, expectName(e->what),
                             e->what == Expect::What::ok || e->what == Expect::What::fail ? "" : " " + std::to_string(e->value)));
            line(expectCode(*e));
            continue;
        }
        const Command& command = std::get<Command>(st.body);
        line("// line " + std::to_string(st.line) + ": " + (st.repeat > 1 ? "repeat " + std::to_string(st.repeat) + " " : "") +
             toScript(command));
        if (const auto* set = std::get_if<ChildSet>(&command)) {
            std::string code = "{\n            auto c = child.config();\n";
            if (set->resize) code += fmt::format("            c.resize = arena::ResizePolicy::{};\n", policyName(*set->resize));
            if (set->page) code += fmt::format("            c.page = {};\n", *set->page);
            if (set->offset) code += fmt::format("            c.offset = {};\n", *set->offset);
            if (set->limit) code += fmt::format("            c.limit = {};\n", *set->limit);
            line(code + "            child.configure(c);\n        }");
            continue;
        }
        if (const auto* fail = std::get_if<Fail>(&command)) {
            line(fmt::format("child.failNext(Kind::{});", callName(fail->call)));
            continue;
        }
        if (st.repeat == 1) {
            line(operation(command, expectedLiteral(records_.at(next_record_++))));
            continue;
        }
        // A repeat: the expected state of each run in a table, one loop.
        const std::string table = "line_" + std::to_string(st.line);
        std::string rows;
        for (std::size_t k = 0; k < st.repeat; ++k) rows += "            " + expectedLiteral(records_.at(next_record_++)) + ",\n";
        line(fmt::format("{{\n            const Expected {}[] = {{\n{}            }};\n            for (const Expected& e : {}) {{\n"
                         "                {}\n            }}\n        }}",
                         table, rows, table, operation(command, "e")));
    }
    return out_;
}

} // namespace

ExportResult exportDoctest(std::string_view script_text, std::string_view test_name, std::string_view file_name,
                           Model model)
{
    if (file_name.empty()) file_name = test_name;
    ExportResult result;
    const ParseResult parsed = parseScript(script_text, model);
    if (!parsed.ok()) {
        result.error = formatDiagnostic(file_name, parsed.errors.front());
        result.exit_status = 2;
        return result;
    }
    // A race's operations interleave in its schedule's order; the exported
    // test calls the arena one operation after another, on one thread, so
    // it would check a run the script never makes.
    if (parsed.script.threads > 0) {
        result.error = std::string(file_name) + ": error: " +
                       tr("a script with threads is not exported as a doctest test: the test would run its operations "
                          "one after another, not in the race's schedule; export its trace with --trace instead");
        result.exit_status = 2;
        return result;
    }
    // Refused before running, so a huge script costs nothing.
    std::size_t operations = 0;
    for (const Statement& st : parsed.script.statements)
        if (const auto* c = std::get_if<Command>(&st.body); c && isOperation(*c)) operations += st.repeat;
    if (operations > max_doctest_operations) {
        result.error = std::string(file_name) + ": error: the script has " + std::to_string(operations) +
                       " operations; a test is exported for at most " + std::to_string(max_doctest_operations) +
                       " (its source would be too large to be of use): export its trace with --trace instead";
        result.exit_status = 2;
        return result;
    }
    std::vector<OpRecord> records;
    constexpr std::string_view tag = "script";
    const RunResult run = runScript(parsed.script, tag, [&](const OpRecord& r) { records.push_back(r); });
    result.exit_status = run.exit_status;
    for (const std::string& e : run.errors) result.stop_errors.push_back(std::string(file_name) + e.substr(tag.size()));

    // Where a stopped run stopped, and why.
    const std::size_t stop_line = run.stop.line;
    const std::string stop_reason = commentText(run.stop.message);

    // Every handle the script binds is declared up front, so rebinding is an assignment.
    std::vector<std::string> handles;
    for (const Statement& st : parsed.script.statements)
        if (const auto* c = std::get_if<Command>(&st.body))
            if (const auto* a = std::get_if<Alloc>(c); a && a->name &&
                std::find(handles.begin(), handles.end(), *a->name) == handles.end())
                handles.push_back(*a->name);

    std::string& code = result.code;
    code = fmt::format("// Exported by `arenalab export --doctest` from {}: the script replayed through the\n"
                       "// arena's C++ API, checked after every operation against what the arena did then.\n",
                       commentText(test_name));
    code += prologueFor(parsed.script.model);
    code += fmt::format("\nTEST_CASE({})\n{{\n    arena::InstrumentedChild child;\n    {{\n        Arena a(child.allocator());\n"
                        "        [[maybe_unused]] bool last_ok = true;\n",
                        cString("exported: " + std::string(test_name)));
    for (const std::string& h : handles) code += "        [[maybe_unused]] arena::Bytes h_" + h + ";\n";
    code += Exporter(parsed.script, records, stop_line, stop_reason).body();
    if (run.exit_status == 0) {
        code += "        // end of the script: the arena's destructor is Zig's deinit\n    }\n";
        code += "    checkCalls(child, " + callsLiteral(records.back().child) + ");\n";
    } else {
        code += "    }\n";
    }
    code += "    CHECK(child.liveBuffers() == 0);\n}\n";
    return result;
}

} // namespace lab
