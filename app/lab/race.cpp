#include "lab/race.hpp"

#include <cstdlib>
#include <exception>
#include <utility>

#include "lab/i18n.hpp"

#ifndef __EMSCRIPTEN__
#include <ucontext.h>
#endif

// AddressSanitizer is told about each switch between stacks (its fiber
// interface), so that exceptions and its stack checks on a thread's own
// stack know which stack they are on.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENALAB_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(ARENALAB_ASAN)
#define ARENALAB_ASAN 1
#endif
#ifdef ARENALAB_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace lab {

#ifndef __EMSCRIPTEN__
struct RaceContext {
    ucontext_t context{};
    // The scheduler's stack (the system thread's), for AddressSanitizer.
    const void* bottom = nullptr;
    std::size_t size = 0;
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
    const Command* in_op = nullptr; // the operation under way (between its begin and end hooks)
    OpRecord record;
    std::vector<arena::ChildCall> carried; // child calls of the operation under way, from earlier steps
};

#ifndef __EMSCRIPTEN__
namespace {
// Coroutine stacks: the arena, the session and the hooks run on them. A
// race of `explore` goes 6 KiB deep (9 KiB under AddressSanitizer, which
// clears a stack's shadow at every switch onto it: there the size is what
// a step costs); the window's hooks run there too.
#ifdef ARENALAB_ASAN
constexpr std::size_t stack_bytes = 64 * 1024;
#else
constexpr std::size_t stack_bytes = 256 * 1024;
#endif
// The race whose thread is starting (makecontext passes no pointer portably).
Race* starting = nullptr;

extern "C" void raceTrampoline() { starting->runCurrent(); }

// Stacks of races that ended, for the next ones: `explore` runs hundreds of
// thousands of races, and a fresh stack each (zeroed, then faulted in page
// by page) was most of its time. Never zeroed: a stack is written before
// it is read.
std::vector<std::unique_ptr<char[]>>& spareStacks()
{
    static std::vector<std::unique_ptr<char[]>> spare;
    return spare;
}
std::unique_ptr<char[]> takeStack()
{
    auto& spare = spareStacks();
    if (spare.empty()) return std::unique_ptr<char[]>(new char[stack_bytes]);
    std::unique_ptr<char[]> stack = std::move(spare.back());
    spare.pop_back();
    return stack;
}

// Switches from the context saved in `from` to `to`, whose stack is
// [bottom, bottom + size) (the scheduler's: the system thread's own, null).
void switchTo(ucontext_t& from, ucontext_t& to, const char* bottom, std::size_t size)
{
#ifdef ARENALAB_ASAN
    void* fake_stack = nullptr;
    __sanitizer_start_switch_fiber(&fake_stack, bottom, size);
    swapcontext(&from, &to);
    __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
#else
    (void)bottom;
    (void)size;
    swapcontext(&from, &to);
#endif
}
} // namespace
#endif

namespace {
// Thrown inside a thread that a race ends before it is done (~Race), so
// that its stack unwinds: what its frames hold is freed, not lost.
struct Abandoned {};
} // namespace

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
        stop_ = Stop{Stop::Why::no_races, statements.empty() || threads_[0]->statements.empty()
                                              ? 1 : threads_[0]->statements[0]->line,
                     1, tr("threads do not run in this build (the browser has no coroutines): run the script with arenalab")};
        return;
    }
    session_.setGate(this);
}

Race::~Race()
{
#ifndef __EMSCRIPTEN__
    // A thread stopped inside an operation (a counterexample found, a stop,
    // a window that left the race) unwinds now, in its own stack.
    abandoning_ = true;
    for (std::size_t t = 0; t < threads_.size(); ++t) {
        Thread& th = *threads_[t];
        if (th.started && !th.done) {
            current_ = t;
            switchTo(scheduler_->context, th.context.context, th.stack.get(), stack_bytes);
        }
        if (th.stack) spareStacks().push_back(std::move(th.stack));
    }
    session_.setCarriedCalls(nullptr);
#endif
    session_.setGate(nullptr);
}

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
    View v{th.done ? 0 : th.line, th.next_atomic, th.last_atomic, th.operations_done, th.done, th.started, std::nullopt};
    if (th.in_op != nullptr && !th.done) v.pending = *th.in_op;
    return v;
}

void Race::runCurrent()
{
#ifdef ARENALAB_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &scheduler_->bottom, &scheduler_->size);
#endif
    Thread& th = *threads_[current_];
    const std::uint8_t thread_number = static_cast<std::uint8_t>(current_ + 1);
    LoopHooks hooks = hooks_;
    hooks.record = &th.record;
    hooks.operation_begins = [&](std::size_t line, const Command& command) {
        th.in_op = &command;
        if (hooks_.operation_begins) hooks_.operation_begins(line, command);
    };
    hooks.operation_ended = [&, thread_number](std::size_t line, const Command& command) {
        th.in_op = nullptr;
        th.record.thread = thread_number;
        ++th.operations_done;
        if (hooks_.record != nullptr) *hooks_.record = th.record;
        if (hooks_.operation_ended) hooks_.operation_ended(line, command);
    };
    try {
        for (const Statement* st : th.statements) {
            th.line = st->line;
            const Command& command = std::get<Command>(st->body);
            for (std::size_t k = 0; k < st->repeat && !stop_; ++k) {
                if (hooks.before_operation)
                    if (auto refusal = hooks.before_operation(st->line)) {
                        stop_ = Stop{Stop::Why::refused, st->line, 0, *refusal};
                        break;
                    }
                if (Stop stop = applyCommand(session_, command, st->line, st->handle_col, hooks))
                    stop_ = std::move(stop);
            }
            if (stop_) break;
        }
    } catch (const Abandoned&) {
        // ~Race: the stack is unwound, nothing more to do.
    }
    th.done = true;
    th.next_atomic.reset();
#ifdef ARENALAB_ASAN
    // This stack is left for good (its fake frames with it).
    __sanitizer_start_switch_fiber(nullptr, scheduler_->bottom, scheduler_->size);
#endif
    // Back to step() or ~Race: the context's uc_link.
}

void Race::beforeAtomic(arena::StepKind kind)
{
    if (abandoning_) {
        // A destructor on the way out takes an atomic step: let it.
        if (std::uncaught_exceptions() == 0) throw Abandoned{};
        return;
    }
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
    switchTo(th.context.context, scheduler_->context, static_cast<const char*>(scheduler_->bottom), scheduler_->size);
    if (abandoning_) throw Abandoned{};
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
    if (hooks_.race_step_begins) hooks_.race_step_begins(t);
    if (!th.started) {
        th.started = true;
        th.stack = takeStack();
        getcontext(&th.context.context);
        th.context.context.uc_stack.ss_sp = th.stack.get();
        th.context.context.uc_stack.ss_size = stack_bytes;
        th.context.context.uc_link = &scheduler_->context;
        makecontext(&th.context.context, raceTrampoline, 0);
        starting = this;
    } else if (th.in_op != nullptr && !taken_.empty() && taken_.back() != t && hooks_.operation_resumed) {
        // Another thread stepped since: what follows is this thread's operation again.
        hooks_.operation_resumed(t, th.line, *th.in_op);
    }
    switchTo(scheduler_->context, th.context.context, th.stack.get(), stack_bytes);
    session_.setCarriedCalls(nullptr);
    // The calls this step made belong to the operation under way.
    if (!th.done) {
        const auto& calls = session_.child().calls();
        th.carried.insert(th.carried.end(), calls.begin(), calls.end());
    }
    if (hooks_.race_step_ends) hooks_.race_step_ends(t);
    session_.child().clearCalls();
    taken_.push_back(static_cast<std::uint8_t>(t));
    if (hooks_.race_stepped) hooks_.race_stepped(*this);
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
    if (hooks.race_stepped) hooks.race_stepped(race);
    while (!race.finished()) {
        const std::size_t k = race.taken().size();
        std::size_t t = policyChoice(race, schedule.policy);
        if (schedule.policy == Schedule::Policy::steps && k < schedule.steps.size()) {
            t = schedule.steps[k] - 1u;
            if (!race.running(t))
                return Stop{Stop::Why::schedule, schedule.line, 1,
                            trf("step {0} of the schedule names T{1}, which has finished its statements", k + 1, t + 1)};
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
