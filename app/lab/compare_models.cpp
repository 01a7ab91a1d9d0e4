#include "lab/compare_models.hpp"

#include <span>
#include <utility>
#include <variant>

#include <fmt/core.h>

#include "lab/i18n.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

// The first call of `kind` the record made, if any.
const arena::ChildCall* firstCall(const OpRecord& r, arena::ChildCall::Kind kind)
{
    for (const arena::ChildCall& c : r.child)
        if (c.kind == kind) return &c;
    return nullptr;
}

// Why the two arenas answered differently, in one sentence: the first
// difference a person would ask about.
std::string whyDiffer(const OpRecord& classic, const OpRecord& z16, const ArenaState& z16_before)
{
    using Kind = arena::ChildCall::Kind;
    const arena::ChildCall* a = firstCall(classic, Kind::alloc);
    const arena::ChildCall* b = firstCall(z16, Kind::alloc);
    if (classic.op == OpKind::alloc && a && b && a->len != b->len)
        return trf("A new buffer: the classic arena asks (previous + n + align + 16 + 16) * 3 / 2 = {}; Zig 0.16 asks "
                   "(previous + 24 + align + n + 16) * 1.5, rounded up to even, = {}: its header is 24 bytes, not 16.",
                   grouped(a->len), grouped(b->len));
    const bool past_before = !z16_before.nodes.empty() &&
                             z16_before.nodes.front().end_index + 24 > z16_before.nodes.front().len;
    if (classic.op == OpKind::alloc && classic.child.empty() != z16.child.empty() && past_before)
        return trf("Zig 0.16's end_index was still {}, past the end of its node, where a failed bump left it: "
                   "nothing fits there any more, so it went to the child; the classic arena's end_index had room left.",
                   grouped(z16_before.nodes.front().end_index));
    if (classic.op == OpKind::alloc && (a == nullptr) != (b == nullptr))
        return trf("Only {} needed a new buffer: the two arenas had different room left, since their buffers and "
                   "headers differ.",
                   a ? "zig-0.15" : "zig-0.16");
    const arena::ChildCall* ra = firstCall(classic, Kind::resize);
    const arena::ChildCall* rb = firstCall(z16, Kind::resize);
    if (ra && rb && ra->new_len != rb->new_len)
        return trf("The child is asked to grow in place to {} by the classic arena (16 + the new end_index) and to "
                   "{} by Zig 0.16 (24 + the failed bump's end_index + n, even): the new allocation goes after the "
                   "failed reservation.",
                   grouped(ra->new_len), grouped(rb->new_len));
    if (classic.op == OpKind::reset && classic.ok != z16.ok)
        return tr("The kept buffer's wanted size differs (16 + the limit, or 24 + it rounded down to even), so one child "
                  "call was refused and the other not.");
    if (classic.op == OpKind::reset && classic.state.capacity != z16.state.capacity)
        return tr("Zig 0.16 keeps 24 + the list's share rounded down to even, the classic arena 16 + the requested "
                  "capacity, and each keeps the last node of what it had.");
    if (!z16.state.nodes.empty() && z16.state.nodes.front().end_index + 24 > z16.state.nodes.front().len)
        return trf("Zig 0.16's end_index stays where its failed bump left it, past the end of its {}-byte node: every "
                   "reader compares it with the size.",
                   grouped(z16.state.nodes.front().len));
    if (classic.ok != z16.ok)
        return tr("Their buffers differ, so one arena had room (or a child answer) the other did not.");
    if (classic.state.capacity != z16.state.capacity || classic.state.end_index != z16.state.end_index)
        return tr("Capacity is the buffers' lengths less their headers: 16 bytes each in the classic arena, 24 in "
                  "Zig 0.16, whose buffers are sized by their own formula.");
    return tr("Their buffers differ: the classic arena's headers are 16 bytes, Zig 0.16's 24.");
}

// Records a run's steps into a History as runScript runs it: a step is
// kept until its operation's record says which statement it belonged to
// (the record comes after the steps); the final deinit is left out.
class RunRecorder final : public StepSink {
public:
    RunRecorder(const Script& script, Model model) : script_(script) { history_->setModel(model); }
    void setChild(const arena::InstrumentedChild& child) { child_ = &child; }
    void step(const arena::Step& step) override { pending_.push_back({step, child_->calls().size()}); }
    void ended(const OpRecord& record)
    {
        const Command* command = nullptr;
        for (const Statement& st : script_.statements)
            if (st.line == record.line) command = std::get_if<Command>(&st.body);
        if (command != nullptr) {
            history_->beginOp(*command, record.line, record.thread);
            const auto& calls = child_->calls();
            for (const auto& [step, calls_end] : pending_) {
                history_->recordStep(step, std::span(calls).subspan(seen_calls_, calls_end - seen_calls_));
                seen_calls_ = calls_end;
            }
            history_->endOp(record.ok, record.state);
        }
        pending_.clear();
        seen_calls_ = child_->calls().size();
    }
    std::shared_ptr<const History> history() const { return history_; }

private:
    const Script& script_;
    const arena::InstrumentedChild* child_ = nullptr;
    std::shared_ptr<History> history_ = std::make_shared<History>();
    std::vector<std::pair<arena::Step, std::size_t>> pending_; // with the child's call count after each
    std::size_t seen_calls_ = 0;
};

} // namespace

Picture pictureAfter(const ModelComparison& c, std::size_t m, std::size_t op)
{
    const History* h = c.histories[m].get();
    if (h == nullptr || op >= h->opCount()) {
        Picture empty;
        empty.model = compared_models[m];
        return empty;
    }
    return h->pictureAt(h->opStepsEnd(op));
}

std::string childAskedText(const OpRecord& r)
{
    if (r.child.empty()) return tr("nothing");
    std::string out;
    for (const arena::ChildCall& c : r.child) {
        if (!out.empty()) out += ", ";
        switch (c.kind) {
        case arena::ChildCall::Kind::alloc: out += trf("alloc {}{}", grouped(c.len), c.ok ? "" : tr(": refused")); break;
        case arena::ChildCall::Kind::resize:
            out += trf("resize {} -> {}{}", grouped(c.len), grouped(c.new_len), c.ok ? "" : tr(": refused"));
            break;
        case arena::ChildCall::Kind::free: out += trf("free {}", grouped(c.len)); break;
        }
    }
    return out;
}

std::string nodesText(const OpRecord& r)
{
    if (r.state.nodes.empty()) return tr("none");
    std::string out;
    for (const NodeState& n : r.state.nodes) {
        if (!out.empty()) out += ", ";
        out += grouped(n.len);
        if (r.state.model == Model::zig_0_16) out += trf(" (end_index {})", grouped(n.end_index));
    }
    return out;
}

ModelComparison compareModels(const Script& script)
{
    ModelComparison out;
    std::array<std::vector<OpRecord>, 2> runs;
    // The classic arena is not threadsafe: both arenas run what comes before
    // a race, and the comparison stops there.
    std::size_t race_line = 0;
    for (const Statement& st : script.statements)
        if (st.thread != 0 && race_line == 0) race_line = st.line;
    for (std::size_t m = 0; m < 2; ++m) {
        Script s = script;
        s.model = compared_models[m];
        std::erase_if(s.statements, [&](const Statement& st) {
            return std::holds_alternative<Expect>(st.body) || (race_line != 0 && st.line >= race_line);
        });
        if (race_line != 0) {
            s.threads = 0;
            s.schedule = Schedule{};
            out.stopped[m] = trf("at line {}: the race is not compared, since threads need the zig-0.16 model (the classic "
                                 "arena is not threadsafe)",
                                 race_line);
        }
        RunRecorder recorder(s, compared_models[m]);
        const RunResult run = runScript(
            s, "script",
            [&](const OpRecord& r) {
                recorder.ended(r);
                runs[m].push_back(r);
            },
            &recorder, [&](arena::InstrumentedChild& child) { recorder.setChild(child); });
        if (run.exit_status != 0 && !run.errors.empty()) out.stopped[m] = run.errors.front();
        out.histories[m] = recorder.history();
    }
    const std::size_t n = std::min(runs[0].size(), runs[1].size());
    for (std::size_t i = 0; i < n; ++i) {
        ModelRow row;
        row.line = runs[0][i].line;
        for (const Statement& st : script.statements)
            if (st.line == row.line)
                if (const auto* c = std::get_if<Command>(&st.body)) row.statement = toScript(*c);
        if (row.statement.empty()) row.statement = std::string(opName(runs[0][i].op));
        row.records = {runs[0][i], runs[1][i]};
        const OpRecord& a = row.records[0];
        const OpRecord& b = row.records[1];
        const auto differ = [&](std::string what, const std::string& x, const std::string& y) {
            if (x != y) row.differences.push_back(fmt::format("{}: {} | {}", what, x, y));
        };
        differ(tr("result"), a.ok ? "ok" : "null/false", b.ok ? "ok" : "null/false");
        differ(tr("child asked"), childAskedText(a), childAskedText(b));
        differ(tr("nodes"), nodesText(a), nodesText(b));
        differ(tr("capacity"), grouped(a.state.capacity), grouped(b.state.capacity));
        differ(tr("end_index"), grouped(a.state.end_index), grouped(b.state.end_index));
        if (a.op == OpKind::alloc && a.ok && b.ok) differ(tr("offset"), grouped(a.offset), grouped(b.offset));
        if (!row.differences.empty()) row.why = whyDiffer(a, b, i == 0 ? ArenaState{} : runs[1][i - 1].state);
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::string compareModelsText(const ModelComparison& c, std::string_view file_name)
{
    std::string out = trf("{}: one script on both arenas, operation by operation (expect lines left out)\n", file_name);
    out += tr("  zig-0.15: the classic arena of Zig 0.11 to 0.15: one list of buffers, a 16-byte BufNode header, one end_index\n");
    out += tr("  zig-0.16: Zig 0.16's lock-free arena: used_list and free_list, a 24-byte Node header, an end_index in every node\n");
    out += tr("  each difference: zig-0.15 | zig-0.16\n");
    for (const ModelRow& row : c.rows) {
        out += trf("\nline {}: {}\n", row.line, row.statement);
        if (row.differences.empty()) {
            out += trf("  the same: child asked {}; capacity {}; end_index {}\n", childAskedText(row.records[0]),
                       grouped(row.records[0].state.capacity), grouped(row.records[0].state.end_index));
            continue;
        }
        for (const std::string& d : row.differences) out += "  " + d + "\n";
        out += trf("  why: {}\n", row.why);
    }
    for (std::size_t m = 0; m < 2; ++m)
        if (!c.stopped[m].empty())
            out += trf("\n{} stopped: {}\n", modelName(compared_models[m]), c.stopped[m]);
    return out;
}

} // namespace lab
