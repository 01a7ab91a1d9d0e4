#include "lab/explore.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <unordered_set>
#include <vector>

#include "lab/i18n.hpp"
#include "lab/numbers.hpp"
#include "lab/race.hpp"
#include "lab/runner.hpp"
#include "lab/session.hpp"

namespace lab {

namespace {

using Node = LabArena016::Node;
constexpr std::size_t max_sequential_orders = 100'000;

// What one step touched, for the sleep sets: one bit per shared location.
// Every node's end_index is one location, and every node's size one, which
// only makes more steps dependent than need be (sound, less reduction).
enum Location : std::uint8_t { used_list = 1, free_list = 2, sizes = 4, end_indices = 8, child = 16 };
struct Access {
    std::uint8_t reads = 0;
    std::uint8_t writes = 0;
};
bool independent(const Access& a, const Access& b)
{
    return (a.writes & (b.reads | b.writes)) == 0 && (b.writes & a.reads) == 0;
}
Access accessOf(std::optional<arena::StepKind> atomic, bool called_child)
{
    Access a;
    if (called_child) a.writes |= child;
    if (!atomic) return a;
    switch (*atomic) {
    case arena::StepKind::load_first_node: a.reads |= used_list; break;
    case arena::StepKind::push_node: a.writes |= used_list; break;
    case arena::StepKind::steal_free_list:
    case arena::StepKind::push_free_list: a.writes |= free_list; break;
    case arena::StepKind::load_buf: a.reads |= sizes; break;
    case arena::StepKind::begin_resize:
    case arena::StepKind::end_resize: a.writes |= sizes; break;
    case arena::StepKind::load_end_index: a.reads |= end_indices; break;
    default: a.writes |= end_indices; break; // fetch_add and every cmpxchg of end_index
    }
    return a;
}

// One operation of one thread: a statement's command (a repeat gives several).
struct Op {
    const Statement* statement = nullptr;
    const Command* command = nullptr;
};

// A live allocation, as the invariants see it.
struct Live {
    const std::byte* ptr = nullptr;
    std::size_t len = 0;
    std::size_t alignment = 1;
    std::string what; // "'a'", or "the alloc at line 4"
};

// Where a pointer is, in a person's words: "buf 1 + 24".
std::string where(const Session& session, const void* p)
{
    if (const auto buffer = session.child().find(p))
        return fmt::format("buf {} + {}", buffer->id,
                           grouped(static_cast<std::size_t>(static_cast<const std::byte*>(p) - buffer->start)));
    return tr("outside every buffer");
}

std::string describe(const Session& session, const Live& a)
{
    return trf("{0} ({1} bytes at {2})", a.what, grouped(a.len), where(session, a.ptr));
}

// What the invariants watch during one run, besides the session.
struct Watch {
    std::vector<Live> unnamed;          // unnamed allocations still live
    std::vector<std::vector<char>> results; // per thread: each operation's ok (1) or not (0)
    std::vector<bool> in_operation;     // per thread
};

std::vector<Live> liveAllocations(const Session& session, const Watch& watch)
{
    std::vector<Live> live = watch.unnamed;
    for (const std::string& name : session.handleNames()) {
        const Handle* h = session.handle(name);
        if (h->ptr != nullptr) live.push_back({h->ptr, h->len, h->alignment, "'" + name + "'"});
    }
    return live;
}

// The invariants, after a step. `quiescent`: no thread is inside an
// operation, so no node is held privately by one (a node it made and has
// not pushed yet, a free list it stole).
std::optional<std::string> violated(const Session& session, const Watch& watch, bool quiescent)
{
    const auto& state = session.arena016().state;
    std::vector<const Node*> used;
    std::unordered_set<const Node*> seen;
    const Node* lists[2] = {state.used_list, state.free_list};
    const char* list_names[2] = {"used_list", "free_list"};
    for (int l = 0; l < 2; ++l) {
        for (const Node* node = lists[l]; node != nullptr; node = node->next) {
            const auto buffer = session.child().find(node);
            if (!buffer || buffer->start != reinterpret_cast<const std::byte*>(node))
                return trf("{0} holds a node at {1}, which is no buffer the child gave", list_names[l], where(session, node));
            if (!seen.insert(node).second)
                return trf("buf {0} is on the lists twice (again on {1})", buffer->id, list_names[l]);
            if (l == 0) used.push_back(node);
        }
    }
    if (quiescent && seen.size() != session.child().liveBuffers()) {
        for (const auto& buffer : session.child().buffers())
            if (!seen.count(reinterpret_cast<const Node*>(buffer.start)))
                return trf("the child holds buf {}, which is on neither list", buffer.id);
    }

    std::vector<Live> live = liveAllocations(session, watch);
    for (const Live& a : live) {
        if (reinterpret_cast<std::uintptr_t>(a.ptr) % a.alignment != 0)
            return trf("{0} is not aligned to {1}", describe(session, a), grouped(a.alignment));
        const bool inside = std::any_of(used.begin(), used.end(), [&](const Node* node) {
            const auto* start = reinterpret_cast<const std::byte*>(node) + sizeof(Node);
            const auto* end = reinterpret_cast<const std::byte*>(node) + LabArena016::sizeToInt(node->size);
            return a.ptr >= start && a.ptr + a.len <= end;
        });
        if (!inside) return trf("{} is inside no node of used_list", describe(session, a));
    }
    std::sort(live.begin(), live.end(), [](const Live& x, const Live& y) { return x.ptr < y.ptr; });
    for (std::size_t i = 1; i < live.size(); ++i)
        if (live[i - 1].ptr + live[i - 1].len > live[i].ptr)
            return trf("{0} overlaps {1}", describe(session, live[i - 1]), describe(session, live[i]));
    return std::nullopt;
}

std::string resultsText(const std::vector<std::vector<char>>& results)
{
    std::string text;
    for (std::size_t t = 0; t < results.size(); ++t) {
        text += (t ? "; T" : "T") + std::to_string(t + 1) + ":";
        for (const char ok : results[t]) text += ok ? " ok" : " fail"; // the trace's words
    }
    return text;
}

// The script before the race, as a script of its own.
Script prefixOf(const Script& script, std::size_t first)
{
    Script prefix;
    prefix.model = script.model;
    prefix.line_count = script.line_count;
    prefix.statements.assign(script.statements.begin(), script.statements.begin() + static_cast<std::ptrdiff_t>(first));
    return prefix;
}

// Hooks that keep `watch` up to date; `thread` says whose operation ended.
LoopHooks watchHooks(Session& session, Watch& watch, const std::function<std::size_t()>& thread)
{
    LoopHooks hooks;
    hooks.operation_begins = [&watch, thread](std::size_t, const Command&) {
        if (const std::size_t t = thread(); t < watch.in_operation.size()) watch.in_operation[t] = true;
    };
    hooks.operation_ended = [&session, &watch, thread](std::size_t line, const Command& command) {
        if (std::holds_alternative<Reset>(command)) watch.unnamed.clear();
        if (const auto* alloc = std::get_if<Alloc>(&command); alloc && !alloc->name && session.lastAlloc())
            watch.unnamed.push_back({session.lastAlloc(), alloc->len, alloc->alignment,
                                     trf("the alloc at line {}", line)});
        if (const std::size_t t = thread(); t < watch.results.size()) {
            // A resize's or remap's answer is not compared: the Allocator
            // contract lets it refuse for any reason, and a race can give
            // room no sequential order gives (an alloc that lands in a new
            // node because another thread held the first one's resizing bit
            // leaves room after it; docs/script.md, "explore"). What it did
            // to memory is checked after every step all the same.
            if (!std::holds_alternative<Resize>(command)) watch.results[t].push_back(session.lastOk() ? 1 : 0);
            watch.in_operation[t] = false;
        }
    };
    return hooks;
}

} // namespace

ExploreResult explore(const Script& script, const ExploreOptions& options)
{
    ExploreResult result;
    auto refuse = [&](std::string message, std::size_t line = 0) {
        result.exit_status = 2;
        result.error = std::move(message);
        result.line = line;
        return result;
    };
    const auto first_it = std::find_if(script.statements.begin(), script.statements.end(),
                                       [](const Statement& st) { return st.thread != 0; });
    if (first_it == script.statements.end())
        return refuse(tr("explore needs a race: give statements to threads (model zig-0.16, then T1: a = alloc 100 "
                         "and T2: b = alloc 5000)"));
    if (!racesSupported()) return refuse(tr("threads do not run in this build (the browser has no coroutines)"));
    const std::size_t first = static_cast<std::size_t>(first_it - script.statements.begin());
    std::size_t last = first;
    while (last < script.statements.size() && script.statements[last].thread != 0) ++last;
    const Script prefix = prefixOf(script, first);
    const auto per_thread = threadStatements(script, first, last);
    const std::size_t threads = per_thread.size();

    // Every sequential order of the threads' operations, run single-threaded:
    // the results a race may give.
    std::vector<std::vector<Op>> ops(threads);
    for (std::size_t t = 0; t < threads; ++t)
        for (const Statement* st : per_thread[t])
            for (std::size_t k = 0; k < st->repeat; ++k) ops[t].push_back({st, &std::get<Command>(st->body)});
    std::set<std::vector<std::vector<char>>> sequential;
    {
        std::vector<std::size_t> next(threads, 0);
        std::vector<std::size_t> order;
        std::size_t total_ops = 0;
        for (const auto& list : ops) total_ops += list.size();
        std::string failure;
        std::function<void()> orders = [&] {
            if (!failure.empty()) return;
            if (order.size() == total_ops) {
                if (++result.sequential_orders > max_sequential_orders) {
                    failure = trf("more than {} sequential orders of the threads' operations: give the threads fewer "
                                  "operations",
                                  grouped(max_sequential_orders));
                    return;
                }
                Session session(nullptr, script.model);
                Watch watch;
                watch.results.assign(threads, {});
                watch.in_operation.assign(threads, false);
                std::size_t running = threads; // no thread during the prefix
                LoopHooks hooks = watchHooks(session, watch, [&] { return running; });
                if (Stop stop = runStatements(prefix, session, hooks)) {
                    failure = stop.message;
                    return;
                }
                std::vector<std::size_t> done(threads, 0);
                for (const std::size_t t : order) {
                    running = t;
                    const Op& op = ops[t][done[t]++];
                    if (Stop stop = applyCommand(session, *op.command, op.statement->line, op.statement->handle_col, hooks);
                        stop && !std::holds_alternative<Resize>(*op.command))
                        watch.results[t].push_back(0); // its handle holds no memory: it cannot succeed
                }
                sequential.insert(watch.results);
                return;
            }
            for (std::size_t t = 0; t < threads; ++t) {
                if (next[t] == ops[t].size()) continue;
                ++next[t];
                order.push_back(t);
                orders();
                order.pop_back();
                --next[t];
            }
        };
        orders();
        if (!failure.empty()) return refuse(failure);
    }

    // Depth-first over schedules: at each step, the running threads and the one chosen.
    struct Tried {
        std::uint8_t thread = 0;
        Access access;
    };
    struct Choice {
        std::vector<std::uint8_t> running;
        std::uint8_t chosen = 0;       // the thread
        Access access;                  // what its step touched
        std::vector<Tried> sleep;       // threads whose step here would repeat an explored order
        std::vector<Tried> done;        // threads already explored from here
        bool asleep(std::uint8_t t) const
        {
            return std::any_of(sleep.begin(), sleep.end(), [&](const Tried& x) { return x.thread == t; }) ||
                   std::any_of(done.begin(), done.end(), [&](const Tried& x) { return x.thread == t; });
        }
    };
    std::vector<Choice> path;
    while (true) {
        if (result.schedules == options.limit)
            return refuse(trf("more than {0} schedules: explore checks at most {0} (--limit N); give the threads fewer "
                              "or smaller operations",
                              grouped(options.limit)));
        Session session(nullptr, script.model);
        Watch watch;
        watch.results.assign(threads, {});
        watch.in_operation.assign(threads, false);
        Race* race_ptr = nullptr;
        LoopHooks hooks = watchHooks(session, watch, [&] { return race_ptr ? race_ptr->current() : threads; });
        if (Stop stop = runStatements(prefix, session, hooks)) return refuse(stop.message, stop.line);
        Race race(session, per_thread, hooks);
        race_ptr = &race;
        while (!race.finished()) {
            const std::size_t depth = race.taken().size();
            if (depth == options.max_steps)
                return refuse(trf("a schedule of more than {} steps", grouped(options.max_steps)));
            std::vector<std::uint8_t> running;
            for (std::size_t t = 0; t < threads; ++t)
                if (race.running(t)) running.push_back(static_cast<std::uint8_t>(t));
            if (depth == path.size()) {
                Choice choice;
                choice.running = running;
                if (options.reduce && depth > 0) {
                    // Asleep here: what was asleep or explored at the parent,
                    // and does not touch what the parent's step touched.
                    const Choice& parent = path[depth - 1];
                    for (const auto* list : {&parent.sleep, &parent.done})
                        for (const Tried& x : *list)
                            if (x.thread != parent.chosen && independent(x.access, parent.access))
                                choice.sleep.push_back(x);
                }
                // The first thread awake; when all sleep, any (no other will be tried).
                choice.chosen = running[0];
                for (const std::uint8_t t : running)
                    if (!choice.asleep(t)) {
                        choice.chosen = t;
                        break;
                    }
                path.push_back(std::move(choice));
            } else if (path[depth].running != running) {
                return refuse(tr("a schedule ran differently when run again (explore needs deterministic runs)"));
            }
            const std::uint64_t calls_before = session.child().callCount();
            race.step(path[depth].chosen);
            path[depth].access = accessOf(race.view(path[depth].chosen).last_atomic,
                                          session.child().callCount() != calls_before);
            ++result.steps;
            const bool quiescent =
                std::none_of(watch.in_operation.begin(), watch.in_operation.end(), [](bool b) { return b; });
            if (auto broken = violated(session, watch, quiescent)) {
                result.exit_status = 1;
                result.violation = trf("after step {0}: {1}", depth + 1, *broken);
                result.schedule = scheduleLine(race.taken());
                return result;
            }
        }
        if (race.stop()) return refuse(race.stop().message, race.stop().line);
        ++result.schedules;
        if (!sequential.count(watch.results)) {
            result.exit_status = 1;
            result.violation = trf("the threads' results ({}) are those of no sequential order of their operations",
                                   resultsText(watch.results));
            result.schedule = scheduleLine(race.taken());
            return result;
        }
        path.resize(race.taken().size());
        // The deepest step with a thread left to try.
        while (!path.empty()) {
            Choice& back = path.back();
            back.done.push_back({back.chosen, back.access});
            const auto next = std::find_if(back.running.begin(), back.running.end(),
                                           [&](std::uint8_t t) { return !back.asleep(t); });
            if (next != back.running.end()) {
                back.chosen = *next;
                break;
            }
            path.pop_back();
        }
        if (path.empty()) break;
    }
    return result;
}

} // namespace lab
