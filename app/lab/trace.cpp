#include "lab/trace.hpp"

#include <algorithm>
#include <charconv>

namespace lab {

namespace {

nlohmann::ordered_json callJson(const arena::ChildCall& call)
{
    nlohmann::ordered_json j;
    j["call"] = callName(call.kind);
    switch (call.kind) {
    case arena::ChildCall::Kind::alloc:
        j["len"] = call.len;
        j["align"] = call.alignment;
        j["ok"] = call.ok;
        if (call.ok) j["buf"] = call.buf;
        break;
    case arena::ChildCall::Kind::resize:
        j["buf"] = call.buf;
        j["len"] = call.len;
        j["new_len"] = call.new_len;
        j["ok"] = call.ok;
        break;
    case arena::ChildCall::Kind::free:
        j["buf"] = call.buf;
        j["len"] = call.len;
        break;
    }
    return j;
}

// zig-0.16 adds each node's own end_index and the free_list; a zig-0.15
// trace is exactly what it always was.
nlohmann::ordered_json nodesJson(const ArenaState& state, const std::vector<NodeState>& list)
{
    nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
    for (const NodeState& node : list) {
        nlohmann::ordered_json j{{"buf", node.buf}, {"len", node.len}};
        if (state.model == Model::zig_0_16) j["end_index"] = node.end_index;
        nodes.push_back(std::move(j));
    }
    return nodes;
}

nlohmann::ordered_json stateJson(const ArenaState& state)
{
    nlohmann::ordered_json j{{"end_index", state.end_index}, {"capacity", state.capacity},
                             {"nodes", nodesJson(state, state.nodes)}};
    if (state.model == Model::zig_0_16) j["free_list"] = nodesJson(state, state.free_list);
    return j;
}

} // namespace

nlohmann::ordered_json traceJson(const OpRecord& r)
{
    nlohmann::ordered_json j;
    j["line"] = r.line;
    if (r.thread != 0) j["thread"] = "T" + std::to_string(r.thread);
    j["op"] = opName(r.op);
    switch (r.op) {
    case OpKind::alloc:
        j["name"] = r.name ? nlohmann::ordered_json(*r.name) : nlohmann::ordered_json(nullptr);
        j["len"] = r.len;
        j["align"] = r.alignment;
        j["result"] = r.ok ? nlohmann::ordered_json{{"ok", true}, {"buf", r.buf}, {"offset", r.offset}}
                           : nlohmann::ordered_json{{"ok", false}};
        break;
    case OpKind::resize:
    case OpKind::remap:
        j["name"] = r.name.value_or("");
        j["len"] = r.len;
        j["new_len"] = r.new_len;
        j["result"] = {{"ok", r.ok}};
        break;
    case OpKind::free:
        j["name"] = r.name.value_or("");
        j["len"] = r.len;
        j["result"] = {{"ok", true}};
        break;
    case OpKind::reset:
        j["mode"] = resetName(r.mode);
        if (r.mode == ResetKind::retain_with_limit) j["limit"] = r.limit;
        j["result"] = {{"ok", r.ok}};
        break;
    case OpKind::deinit:
        j["result"] = {{"ok", true}};
        break;
    }
    nlohmann::ordered_json calls = nlohmann::ordered_json::array();
    for (const auto& call : r.child) calls.push_back(callJson(call));
    j["child"] = std::move(calls);
    j["state"] = stateJson(r.state);
    return j;
}

namespace {

// The fast path for `arenalab trace`: the same text traceJson(r).dump()
// gives (the test suite compares the two on every conformance record), but
// written straight into the output buffer. A trace line holds a few dozen
// values, and building them as JSON objects first was most of trace's time.
class LineWriter {
public:
    explicit LineWriter(std::string& out) : out_(out) {}
    void raw(std::string_view s) { out_ += s; }
    void number(std::uint64_t n)
    {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, n);
        out_.append(buf, r.ptr);
    }
    void boolean(bool b) { out_ += b ? "true" : "false"; }
    // Names are [A-Za-z_][A-Za-z0-9_]*: nothing to escape, but stay correct for anything.
    void string(std::string_view s)
    {
        if (s.find_first_of("\"\\") == std::string_view::npos &&
            std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20; })) {
            out_ += '"';
            out_ += s;
            out_ += '"';
        } else {
            out_ += nlohmann::json(std::string(s)).dump();
        }
    }
    LineWriter& key(std::string_view k) // `,"k":`, or `"k":` first in an object
    {
        if (out_.back() != '{' && out_.back() != '[') out_ += ',';
        out_ += '"';
        out_ += k;
        out_ += "\":";
        return *this;
    }

private:
    std::string& out_;
};

void writeCall(LineWriter& w, const arena::ChildCall& call)
{
    w.raw("{");
    w.key("call");
    w.string(callName(call.kind));
    switch (call.kind) {
    case arena::ChildCall::Kind::alloc:
        w.key("len").number(call.len);
        w.key("align").number(call.alignment);
        w.key("ok").boolean(call.ok);
        if (call.ok) w.key("buf").number(call.buf);
        break;
    case arena::ChildCall::Kind::resize:
        w.key("buf").number(call.buf);
        w.key("len").number(call.len);
        w.key("new_len").number(call.new_len);
        w.key("ok").boolean(call.ok);
        break;
    case arena::ChildCall::Kind::free:
        w.key("buf").number(call.buf);
        w.key("len").number(call.len);
        break;
    }
    w.raw("}");
}

} // namespace

void appendTraceLine(std::string& out, const OpRecord& r)
{
    LineWriter w(out);
    w.raw("{");
    w.key("line").number(r.line);
    if (r.thread != 0) w.key("thread").string("T" + std::to_string(r.thread));
    w.key("op").string(opName(r.op));
    switch (r.op) {
    case OpKind::alloc:
        w.key("name");
        if (r.name) w.string(*r.name);
        else w.raw("null");
        w.key("len").number(r.len);
        w.key("align").number(r.alignment);
        w.key("result");
        if (r.ok) {
            w.raw("{\"ok\":true");
            w.key("buf").number(r.buf);
            w.key("offset").number(r.offset);
            w.raw("}");
        } else {
            w.raw("{\"ok\":false}");
        }
        break;
    case OpKind::resize:
    case OpKind::remap:
        w.key("name").string(r.name.value_or(""));
        w.key("len").number(r.len);
        w.key("new_len").number(r.new_len);
        w.key("result").raw(r.ok ? "{\"ok\":true}" : "{\"ok\":false}");
        break;
    case OpKind::free:
        w.key("name").string(r.name.value_or(""));
        w.key("len").number(r.len);
        w.key("result").raw("{\"ok\":true}");
        break;
    case OpKind::reset:
        w.key("mode").string(resetName(r.mode));
        if (r.mode == ResetKind::retain_with_limit) w.key("limit").number(r.limit);
        w.key("result").raw(r.ok ? "{\"ok\":true}" : "{\"ok\":false}");
        break;
    case OpKind::deinit:
        w.key("result").raw("{\"ok\":true}");
        break;
    }
    w.key("child");
    w.raw("[");
    for (const auto& call : r.child) {
        if (out.back() != '[') out += ',';
        writeCall(w, call);
    }
    w.raw("]");
    w.key("state");
    w.raw("{");
    w.key("end_index").number(r.state.end_index);
    w.key("capacity").number(r.state.capacity);
    const bool zig016 = r.state.model == Model::zig_0_16;
    auto list = [&](const std::vector<NodeState>& nodes) {
        w.raw("[");
        for (const auto& node : nodes) {
            if (out.back() != '[') out += ',';
            w.raw("{");
            w.key("buf").number(node.buf);
            w.key("len").number(node.len);
            if (zig016) w.key("end_index").number(node.end_index);
            w.raw("}");
        }
        w.raw("]");
    };
    w.key("nodes");
    list(r.state.nodes);
    if (zig016) {
        w.key("free_list");
        list(r.state.free_list);
    }
    w.raw("}}\n");
}

} // namespace lab
