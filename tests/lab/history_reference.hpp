// Records a script twice at once: into a lab::History (compact, decoded on
// demand) and into plain vectors of the steps and calls exactly as the
// arena reported them. Decoding the history must give back the vectors.
// The run is lab::Lab's: the same script loop, stopping where the Lab stops.
#pragma once

#include <algorithm>
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
    std::vector<std::uint8_t> op_thread; // per operation: its thread (1-based; 0: none)
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
        r_.calls.insert(r_.calls.end(), pending_.begin(), pending_.end());
        pending_.clear();
        r_.calls.insert(r_.calls.end(), calls.begin() + static_cast<std::ptrdiff_t>(std::min(seen_, calls.size())),
                        calls.end());
        seen_ = calls.size();
        rec_.step(s);
    }
    // A race clears the child's calls when a thread yields: the ones it made
    // after its last step go with its next step.
    void threadResumes(std::size_t t)
    {
        held_.resize(std::max(held_.size(), t + 1));
        pending_ = std::move(held_[t]);
        held_[t].clear();
        seen_ = child_.calls().size();
        rec_.threadResumes(t);
    }
    void threadYields(std::size_t t)
    {
        held_.resize(std::max(held_.size(), t + 1));
        const auto& calls = child_.calls();
        held_[t] = std::move(pending_);
        pending_.clear();
        held_[t].insert(held_[t].end(), calls.begin() + static_cast<std::ptrdiff_t>(std::min(seen_, calls.size())),
                        calls.end());
        seen_ = 0;
        rec_.threadYields(t);
    }

private:
    Recording& r_;
    const arena::InstrumentedChild& child_;
    lab::HistoryRecorder rec_;
    std::size_t seen_ = 0;
    std::vector<arena::ChildCall> pending_;
    std::vector<std::vector<arena::ChildCall>> held_;
};

// Runs `text` as lab::Lab::load does (through the same script loop),
// recording both ways.
inline std::unique_ptr<Recording> record(const std::string& text)
{
    auto r = std::make_unique<Recording>();
    const lab::ParseResult parsed = lab::parseScript(text);
    if (parsed.ok()) {
        lab::Session session(nullptr, parsed.script.model);
        r->history.setModel(parsed.script.model);
        Tee tee(*r, session.child());
        session.setStepSink(&tee);
        // Each statement's thread, by its line.
        const auto threadOf = [&](std::size_t line) {
            for (const lab::Statement& st : parsed.script.statements)
                if (st.line == line) return st.thread;
            return std::uint8_t{0};
        };
        lab::LoopHooks hooks;
        hooks.operation_begins = [&](std::size_t line, const lab::Command& command) {
            tee.opStarted();
            r->history.beginOp(command, line, threadOf(line));
            r->op_thread.push_back(threadOf(line));
            ++r->ops;
        };
        hooks.operation_ended = [&](std::size_t, const lab::Command&) {
            r->history.endOp(session.lastOk(), session.state());
        };
        // A race: a thread's steps after another thread's start a part of
        // its operation, as the Lab records them.
        hooks.operation_resumed = [&](std::size_t t, std::size_t line, const lab::Command& command) {
            r->history.endOp(true, session.state());
            tee.opStarted();
            r->history.beginPart(command, line, static_cast<std::uint8_t>(t + 1));
            r->op_thread.push_back(static_cast<std::uint8_t>(t + 1));
            ++r->ops;
        };
        hooks.race_step_begins = [&](std::size_t t) { tee.threadResumes(t); };
        hooks.race_step_ends = [&](std::size_t t) { tee.threadYields(t); };
        lab::runStatements(parsed.script, session, hooks);
        session.setStepSink(nullptr);
    }
    r->calls_begin.push_back(r->calls.size());
    return r;
}

// The first step whose decoding differs from what was recorded, or -1 when
// they all agree (as do the step and operation counts).
inline long long firstMismatch(const Recording& r)
{
    const lab::History& h = r.history;
    if (h.stepCount() != r.steps.size() || h.opCount() != r.ops) return 0;
    for (std::size_t k = 0; k < r.steps.size(); ++k) {
        const lab::StepEntry e = h.step(k);
        if (e.step != r.steps[k] || e.op != r.op_of_step[k] || e.calls_begin != r.calls_begin[k] ||
            e.calls_end != r.calls_begin[k + 1] || h.opThread(e.op) != r.op_thread[e.op])
            return static_cast<long long>(k);
        const auto calls = h.callsOf(e);
        for (std::size_t c = 0; c < calls.size(); ++c)
            if (calls[c] != r.calls[r.calls_begin[k] + c]) return static_cast<long long>(k);
    }
    return -1;
}

} // namespace history_reference
