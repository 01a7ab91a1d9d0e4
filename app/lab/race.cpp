#include "lab/race.hpp"

#include <cstdlib>
#include <utility>

#ifndef __EMSCRIPTEN__
#include <ucontext.h>
#endif

namespace lab {

#ifndef __EMSCRIPTEN__
struct RaceContext {
    ucontext_t context{};
};
#else
struct RaceContext {};
#endif

struct Race::Thread {
    std::vector<const Statement*> statements;
    RaceContext context;
    std::unique_ptr<char[]> stack;
    bool started = false;
    bool done = false;
    bool took_atomic = false; // this step's atomic operation has happened
    std::size_t line = 0;
    std::optional<arena::StepKind> next_atomic;
    std::optional<arena::StepKind> last_atomic;
    std::size_t operations_done = 0;
    OpRecord record;
    std::vector<arena::ChildCall> carried; // child calls of the operation under way, from earlier steps
};

#ifndef __EMSCRIPTEN__
namespace {
// Coroutine stacks: the arena, the session and the observers run on them.
constexpr std::size_t stack_bytes = 512 * 1024;
// The race whose thread is starting (makecontext passes no pointer portably).
Race* starting = nullptr;

extern "C" void raceTrampoline() { starting->runCurrent(); }
} // namespace
#endif

bool racesSupported()
{
#ifdef __EMSCRIPTEN__
    return false;
#else
    return true;
#endif
}

Race::Race(Session& session, std::vector<std::vector<const Statement*>> statements, const LoopHooks& hooks)
    : session_(session), hooks_(hooks), scheduler_(std::make_unique<RaceContext>())
{
    for (auto& list : statements) {
        auto thread = std::make_unique<Thread>();
        thread->statements = std::move(list);
        thread->done = thread->statements.empty();
        threads_.push_back(std::move(thread));
    }
    if (!racesSupported()) {
        stop_ = Stop{Stop::Why::schedule, statements.empty() || threads_[0]->statements.empty()
                                              ? 1 : threads_[0]->statements[0]->line,
                     1, "threads do not run in this build (the browser has no coroutines): run the script with arenalab"};
        return;
    }
    session_.setGate(this);
}

Race::~Race() { session_.setGate(nullptr); }

bool Race::running(std::size_t t) const { return t < threads_.size() && !threads_[t]->done; }

bool Race::finished() const
{
    if (stop_) return true;
    for (const auto& thread : threads_)
        if (!thread->done) return false;
    return true;
}

Race::View Race::view(std::size_t t) const
{
    const Thread& th = *threads_.at(t);
    return View{th.done ? 0 : th.line, th.next_atomic, th.last_atomic, th.operations_done, th.done};
}

void Race::runCurrent()
{
    Thread& th = *threads_[current_];
    const std::uint8_t thread_number = static_cast<std::uint8_t>(current_ + 1);
    LoopHooks hooks = hooks_;
    hooks.record = &th.record;
    hooks.operation_ended = [&, thread_number](std::size_t line, const Command& command) {
        th.record.thread = thread_number;
        ++th.operations_done;
        if (hooks_.record != nullptr) *hooks_.record = th.record;
        if (hooks_.operation_ended) hooks_.operation_ended(line, command);
    };
    for (const Statement* st : th.statements) {
        th.line = st->line;
        const Command& command = std::get<Command>(st->body);
        for (std::size_t k = 0; k < st->repeat && !stop_; ++k) {
            if (hooks.before_operation)
                if (auto refusal = hooks.before_operation(st->line)) {
                    stop_ = Stop{Stop::Why::refused, st->line, 0, *refusal};
                    break;
                }
            if (Stop stop = applyCommand(session_, command, st->line, st->handle_col, hooks)) stop_ = std::move(stop);
        }
        if (stop_) break;
    }
    th.done = true;
    th.next_atomic.reset();
    // Back to step(): the context's uc_link.
}

void Race::beforeAtomic(arena::StepKind kind)
{
#ifndef __EMSCRIPTEN__
    Thread& th = *threads_[current_];
    if (!th.took_atomic) {
        // The step's own atomic operation: it happens now.
        th.took_atomic = true;
        th.last_atomic = kind;
        return;
    }
    // The next one waits for the thread's next step.
    th.next_atomic = kind;
    swapcontext(&th.context.context, &scheduler_->context);
    th.next_atomic.reset();
    th.took_atomic = true;
    th.last_atomic = kind;
#else
    (void)kind;
#endif
}

void Race::step(std::size_t t)
{
#ifndef __EMSCRIPTEN__
    if (finished() || !running(t)) return;
    Thread& th = *threads_[t];
    current_ = t;
    th.took_atomic = false;
    session_.setCarriedCalls(&th.carried);
    if (!th.started) {
        th.started = true;
        th.stack = std::make_unique<char[]>(stack_bytes);
        getcontext(&th.context.context);
        th.context.context.uc_stack.ss_sp = th.stack.get();
        th.context.context.uc_stack.ss_size = stack_bytes;
        th.context.context.uc_link = &scheduler_->context;
        makecontext(&th.context.context, raceTrampoline, 0);
        starting = this;
    }
    swapcontext(&scheduler_->context, &th.context.context);
    session_.setCarriedCalls(nullptr);
    // The calls this step made belong to the operation under way.
    if (!th.done) {
        const auto& calls = session_.child().calls();
        th.carried.insert(th.carried.end(), calls.begin(), calls.end());
    }
    session_.child().clearCalls();
    taken_.push_back(static_cast<std::uint8_t>(t));
#else
    (void)t;
#endif
}

std::size_t policyChoice(const Race& race, Schedule::Policy policy)
{
    std::size_t from = 0;
    if (policy == Schedule::Policy::round_robin && !race.taken().empty()) from = race.taken().back() + 1;
    for (std::size_t k = 0; k < race.threads(); ++k) {
        const std::size_t t = (from + k) % race.threads();
        if (race.running(t)) return t;
    }
    return 0;
}

std::vector<std::vector<const Statement*>> threadStatements(const Script& script, std::size_t first, std::size_t last)
{
    std::vector<std::vector<const Statement*>> threads(script.threads);
    for (std::size_t i = first; i < last; ++i)
        threads[script.statements[i].thread - 1].push_back(&script.statements[i]);
    return threads;
}

Stop runRace(const Script& script, std::size_t first, std::size_t last, Session& session, const LoopHooks& hooks)
{
    Race race(session, threadStatements(script, first, last), hooks);
    const Schedule& schedule = script.schedule;
    while (!race.finished()) {
        const std::size_t k = race.taken().size();
        std::size_t t = policyChoice(race, schedule.policy);
        if (schedule.policy == Schedule::Policy::steps && k < schedule.steps.size()) {
            t = schedule.steps[k] - 1u;
            if (!race.running(t))
                return Stop{Stop::Why::schedule, schedule.line, 1,
                            "step " + std::to_string(k + 1) + " of the schedule names T" + std::to_string(t + 1) +
                                ", which has finished its statements"};
        }
        race.step(t);
    }
    return race.stop();
}

std::string scheduleLine(const std::vector<std::uint8_t>& steps)
{
    std::string line = "schedule";
    for (const std::uint8_t t : steps) line += " T" + std::to_string(t + 1);
    return line;
}

} // namespace lab
