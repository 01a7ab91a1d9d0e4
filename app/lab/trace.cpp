#include "lab/trace.hpp"

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

nlohmann::ordered_json stateJson(const ArenaState& state)
{
    nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
    for (const NodeState& node : state.nodes) nodes.push_back({{"buf", node.buf}, {"len", node.len}});
    return {{"end_index", state.end_index}, {"capacity", state.capacity}, {"nodes", std::move(nodes)}};
}

} // namespace

nlohmann::ordered_json traceJson(const OpRecord& r)
{
    nlohmann::ordered_json j;
    j["line"] = r.line;
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

void appendTraceLine(std::string& out, const OpRecord& record)
{
    out += traceJson(record).dump();
    out += '\n';
}

} // namespace lab
