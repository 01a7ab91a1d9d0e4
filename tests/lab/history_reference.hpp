// Records a script twice at once: into a lab::History (compact, decoded on
// demand) and into plain vectors of the steps and calls exactly as the
// arena reported them. Decoding the history must give back the vectors.
// The run mirrors lab::Lab's (it stops where the Lab stops).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lab/history.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace history_reference {

struct Recording {
    lab::History history;
    std::vector<arena::Step> steps;
    std::vector<std::uint32_t> op_of_step;
    std::vector<std::size_t> calls_begin; // per step, into calls; one more at the end
    std::vector<arena::ChildCall> calls;
    std::size_t ops = 0;
};

class Tee final : public lab::StepSink {
public:
    Tee(Recording& r, const arena::InstrumentedChild& child) : r_(r), child_(child), rec_(r.history, child) {}
    void opStarted()
    {
        seen_ = child_.calls().size();
        rec_.opStarted();
    }
    void step(const arena::Step& s) override
    {
        const auto& calls = child_.calls();
        r_.steps.push_back(s);
        r_.op_of_step.push_back(static_cast<std::uint32_t>(r_.ops - 1));
        r_.calls_begin.push_back(r_.calls.size());
        r_.calls.insert(r_.calls.end(), calls.begin() + static_cast<std::ptrdiff_t>(std::min(seen_, calls.size())),
                        calls.end());
        seen_ = calls.size();
        rec_.step(s);
    }

private:
    Recording& r_;
    const arena::InstrumentedChild& child_;
    lab::HistoryRecorder rec_;
    std::size_t seen_ = 0;
};

inline const std::string* usedHandle(const lab::Command& command)
{
    if (const auto* r = std::get_if<lab::Resize>(&command)) return &r->name;
    if (const auto* f = std::get_if<lab::Free>(&command)) return &f->name;
    return nullptr;
}

// Runs `text` as lab::Lab::load does, recording both ways.
inline std::unique_ptr<Recording> record(const std::string& text)
{
    auto r = std::make_unique<Recording>();
    const lab::ParseResult parsed = lab::parseScript(text);
    if (parsed.ok()) {
        lab::Session session;
        Tee tee(*r, session.child());
        session.setStepSink(&tee);
        bool stop = false;
        for (const lab::Statement& st : parsed.script.statements) {
            if (stop) break;
            if (const auto* e = std::get_if<lab::Expect>(&st.body)) {
                stop = lab::failedExpectation(*e, session).has_value();
                continue;
            }
            const lab::Command& command = std::get<lab::Command>(st.body);
            for (std::size_t k = 0; k < st.repeat && !stop; ++k) {
                if (const std::string* name = usedHandle(command)) {
                    const lab::Handle* h = session.handle(*name);
                    if (h == nullptr || h->ptr == nullptr) {
                        stop = true;
                        break;
                    }
                }
                if (!lab::isOperation(command)) {
                    session.apply(command, st.line);
                    continue;
                }
                tee.opStarted();
                r->history.beginOp(command, st.line);
                ++r->ops;
                session.apply(command, st.line);
                r->history.endOp(session.lastOk(), session.state());
            }
        }
        session.setStepSink(nullptr);
    }
    r->calls_begin.push_back(r->calls.size());
    return r;
}

inline bool sameStep(const arena::Step& a, const arena::Step& b)
{
    return a.kind == b.kind && a.ok == b.ok && a.len == b.len && a.alignment == b.alignment &&
           a.end_index == b.end_index && a.new_end_index == b.new_end_index && a.padding == b.padding &&
           a.node_len == b.node_len && a.new_len == b.new_len && a.prev_len == b.prev_len &&
           a.min_size == b.min_size && a.capacity == b.capacity && a.requested == b.requested && a.addr == b.addr &&
           a.adjusted_addr == b.adjusted_addr && a.reset_mode == b.reset_mode &&
           a.where.file_name() == b.where.file_name() && a.where.line() == b.where.line();
}

inline bool sameCall(const arena::ChildCall& a, const arena::ChildCall& b)
{
    return a.kind == b.kind && a.ok == b.ok && a.buf == b.buf && a.len == b.len && a.new_len == b.new_len &&
           a.alignment == b.alignment;
}

// The first step whose decoding differs from what was recorded, or -1 when
// they all agree (as do the step and operation counts).
inline long long firstMismatch(const Recording& r)
{
    const lab::History& h = r.history;
    if (h.stepCount() != r.steps.size() || h.opCount() != r.ops) return 0;
    for (std::size_t k = 0; k < r.steps.size(); ++k) {
        const lab::StepEntry e = h.step(k);
        if (!sameStep(e.step, r.steps[k]) || e.op != r.op_of_step[k] || e.calls_begin != r.calls_begin[k] ||
            e.calls_end != r.calls_begin[k + 1])
            return static_cast<long long>(k);
        const auto calls = h.callsOf(e);
        for (std::size_t c = 0; c < calls.size(); ++c)
            if (!sameCall(calls[c], r.calls[r.calls_begin[k] + c])) return static_cast<long long>(k);
    }
    return -1;
}

} // namespace history_reference
