#include "lab/compare.hpp"
#include "lab/i18n.hpp"

#include <fmt/core.h>

#include "lab/explain.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

// The script cut right after its `ops`-th operation: the statements before
// it, and the one holding it with only the runs up to it. A race is kept
// whole: its operations end in the schedule's order, not the lines', and
// the reset the view appends may not run inside it (Zig 0.16's reset is not
// threadsafe).
Script truncated(const Script& script, std::size_t ops)
{
    Script out = script; // the model, the schedule and the number of threads too
    out.statements.clear();
    std::size_t seen = 0;
    for (const Statement& st : script.statements) {
        const bool in_race = st.thread != 0 && !out.statements.empty() && out.statements.back().thread != 0;
        if (seen >= ops && !in_race) break;
        const auto* command = std::get_if<Command>(&st.body);
        Statement copy = st;
        if (command != nullptr && isOperation(*command)) {
            if (st.thread != 0) {
                seen += st.repeat;
                out.statements.push_back(copy);
                continue;
            }
            if (seen + st.repeat > ops) copy.repeat = ops - seen;
            seen += copy.repeat;
        }
        out.statements.push_back(copy);
    }
    return out;
}

NextPath pathOf(const OpRecord& r)
{
    if (!r.ok) return NextPath::fails;
    for (const arena::ChildCall& c : r.child)
        if (c.kind == arena::ChildCall::Kind::alloc && c.ok) return NextPath::new_buffer;
    for (const arena::ChildCall& c : r.child)
        if (c.kind == arena::ChildCall::Kind::resize && c.ok) return NextPath::grows;
    return NextPath::fits;
}

} // namespace

std::string_view nextPathName(NextPath path)
{
    switch (path) {
    case NextPath::fits: return tr("fits");
    case NextPath::grows: return tr("grows in place");
    case NextPath::new_buffer: return tr("a new buffer");
    case NextPath::fails: return tr("fails");
    }
    return "?";
}

std::string nextPathText(const CompareColumn& column)
{
    std::string out(nextPathName(column.next));
    for (const arena::ChildCall& c : column.next_calls) out += trf(" (child: {})", describeCall(c));
    return out;
}

Comparison compareResets(const Script& script, const CompareRequest& request)
{
    Comparison cmp;
    const Script cut = truncated(script, request.ops);
    const std::array<ResetKind, 3> modes = {ResetKind::free_all, ResetKind::retain_capacity,
                                            ResetKind::retain_with_limit};
    for (std::size_t m = 0; m < modes.size(); ++m) {
        Session session(nullptr, script.model);
        std::size_t ops = 0;
        LoopHooks hooks;
        OpRecord last;
        hooks.record = &last;
        hooks.operation_ended = [&](std::size_t line, const Command& command) {
            ++ops;
            cmp.line = line;
            cmp.statement = toScript(command);
        };
        if (const Stop stop = runStatements(cut, session, hooks); stop && m == 0)
            cmp.error = fmt::format("{}:{}: {}", stop.line, stop.col, stop.message);
        if (request.child) session.apply(*request.child, 0);
        if (m == 0) {
            cmp.ops = ops;
            cmp.before = session.state();
            cmp.limit = request.limit ? *request.limit : cmp.before.capacity / 2;
            cmp.child = session.child().config();
        }
        CompareColumn& col = cmp.columns[m];
        col.reset = Reset{modes[m], modes[m] == ResetKind::retain_with_limit ? cmp.limit : 0};
        session.apply(col.reset, cmp.line + 1, &col.reset_record);
        col.returned = col.reset_record.ok;
        col.calls = col.reset_record.child;
        col.after = col.reset_record.state;
        session.apply(Alloc{std::nullopt, request.next_len, request.next_align}, cmp.line + 2, &col.next_record);
        col.next = pathOf(col.next_record);
        col.next_calls = col.next_record.child;
        col.after_next = col.next_record.state;
    }
    return cmp;
}

std::string compareText(const Comparison& c, std::string_view file_name)
{
    std::string out;
    if (c.ops == 0)
        out += trf("{}: before any operation\n", file_name);
    else
        out += trf("{}: after operation {} (line {}: {})\n", file_name, grouped(c.ops), c.line, c.statement);
    if (!c.error.empty()) out += trf("  note: the replay stopped early, at {}\n", c.error);
    out += trf("  now: {}\n", describeState(c.before));
    out += trf("  child: {}\n", childSettingsText(c.child));
    const std::size_t next_len = c.columns[0].next_record.len;
    for (const CompareColumn& col : c.columns) {
        out += "\n" + toScript(col.reset) + "\n";
        out += trf("  returns:        {}\n", col.returned ? "true" : "false");
        std::string calls;
        for (const arena::ChildCall& call : col.calls) calls += (calls.empty() ? "" : ", ") + describeCall(call);
        out += trf("  child calls:    {}\n", calls.empty() ? std::string(tr("none")) : calls);
        out += trf("  buffers after:  {}\n", buffersText(col.after));
        out += trf("  capacity kept:  {}\n", grouped(col.after.capacity));
        out += trf("  next alloc {}: {}\n", grouped(next_len), nextPathText(col));
    }
    return out;
}

} // namespace lab
