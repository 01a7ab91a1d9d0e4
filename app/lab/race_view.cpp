#include "lab/race_view.hpp"

#include <algorithm>

#include "lab/i18n.hpp"
#include "lab/numbers.hpp"

namespace lab {

namespace {

using arena::StepKind;

// How far back a look through the history goes (a race's operations are short).
constexpr std::size_t look_back = 4096;

// A compare-and-swap of a node's end_index.
bool swapsEndIndex(StepKind k)
{
    return k == StepKind::give_back_overshoot || k == StepKind::claim_grown || k == StepKind::shrink_end_index ||
           k == StepKind::grow_end_index || k == StepKind::free_end_index;
}

// A step that changed a node's end_index (a successful swap, or the add).
bool movesEndIndex(const arena::Step& s)
{
    return s.kind == StepKind::fetch_add_end_index || (swapsEndIndex(s.kind) && s.ok);
}

std::string threadName(std::size_t thread) { return "T" + std::to_string(thread + 1); }

} // namespace

std::vector<ThreadNote> threadNotes(const Lab& lab, std::size_t position)
{
    std::vector<ThreadNote> notes;
    const std::vector<Race::View> views = lab.threadsAt(position);
    if (views.empty()) return notes;
    const History& h = lab.history();
    std::optional<Picture> there;
    const Picture& picture = position == lab.cursor() ? lab.picture() : there.emplace(h.pictureAt(position));
    for (std::size_t t = 0; t < views.size(); ++t) {
        const Race::View& v = views[t];
        ThreadNote n;
        n.thread = t;
        n.line = v.line;
        n.started = v.started;
        n.done = v.done;
        n.pending = v.pending;
        n.next_atomic = v.next_atomic;
        // Its latest step, and what it read in the operation under way.
        const std::size_t stop = position > look_back ? position - look_back : 0;
        bool in_operation = n.pending.has_value();
        for (std::size_t k = position; k-- > stop;) {
            const StepEntry e = h.step(k);
            if (lab.threadOfOp(e.op) != t + 1) continue;
            if (n.where.line() == 0) n.where = e.step.where;
            if (!in_operation) break;
            if (e.step.kind == StepKind::fetch_add_end_index || e.step.kind == StepKind::load_end_index) {
                n.read_end_index = e.step.end_index;
                n.read_how = std::string(arena::atomicStepLabel(e.step.kind));
                if (const PictureNode* node = picture.nodeAt(e.step.addr)) n.end_index_now = node->end_index;
                break;
            }
            if (e.step.kind == StepKind::alloc_begin) break; // the operation's start: it read nothing yet
        }
        notes.push_back(std::move(n));
    }
    return notes;
}

namespace {

// A thread in a sentence: finished, not started, or where it is (the whole
// line under way, or only "under way" when `brief`), what it read of
// end_index against what end_index is now, and (not brief) its next atomic step.
std::string describeThreadNote(const ThreadNote& n, bool brief)
{
    const std::string name = threadName(n.thread);
    if (n.done) return trf("{}: finished", name);
    if (!n.started) return trf("{}: not started", name);
    std::string out = brief       ? trf("{}: under way", name)
                      : n.pending ? trf("{0}, line {1}: {2}, under way", name, grouped(n.line), toScript(*n.pending))
                                  : trf("{0}, line {1}", name, grouped(n.line));
    if (n.read_end_index) {
        if (n.end_index_now && *n.end_index_now != *n.read_end_index)
            out += trf("; read end_index {0}, now {1}", grouped(*n.read_end_index), grouped(*n.end_index_now));
        else
            out += trf("; read end_index {0}, still {0}", grouped(*n.read_end_index));
    }
    if (!brief && n.next_atomic) out += trf("; next: {}", arena::atomicStepLabel(*n.next_atomic));
    return out;
}

} // namespace

std::string describeThread(const ThreadNote& n)
{
    return describeThreadNote(n, false);
}

std::string describeThreadBriefly(const ThreadNote& n)
{
    return describeThreadNote(n, true);
}

std::optional<std::string> failedSwapWhy(const Lab& lab, std::size_t position)
{
    if (position == 0 || position > lab.steps() || lab.raceThreads() == 0) return std::nullopt;
    const History& h = lab.history();
    const StepEntry failed = h.step(position - 1);
    const arena::Step& s = failed.step;
    const bool list_swap = s.kind == StepKind::push_node || s.kind == StepKind::push_free_list;
    if (s.ok || !(swapsEndIndex(s.kind) || list_swap)) return std::nullopt;
    const std::uint8_t me = lab.threadOfOp(failed.op);
    if (me == 0) return std::nullopt;
    std::optional<Picture> there;
    const Picture& picture = position == lab.cursor() ? lab.picture() : there.emplace(h.pictureAt(position));
    const PictureNode* node = swapsEndIndex(s.kind) ? picture.nodeAt(s.addr) : nullptr;
    // The other thread's step that changed what this one expected.
    std::optional<std::size_t> culprit;
    const std::size_t stop = position > look_back ? position - look_back : 0;
    for (std::size_t k = position - 1; k-- > stop;) {
        const StepEntry e = h.step(k);
        const std::uint8_t who = lab.threadOfOp(e.op);
        if (who == me || who == 0) continue;
        const bool changed = list_swap ? (e.step.kind == s.kind && e.step.ok)
                                       : movesEndIndex(e.step) && (node == nullptr || picture.nodeAt(e.step.addr) == node);
        if (changed) {
            culprit = k;
            break;
        }
    }
    const std::string mine = "T" + std::to_string(me);
    std::string by;
    if (culprit) {
        const StepEntry e = h.step(*culprit);
        by = trf("{0} changed it first ({1}, step {2})", "T" + std::to_string(lab.threadOfOp(e.op)),
                 arena::atomicStepLabel(e.step.kind), grouped(*culprit + 1));
    } else {
        by = tr("another thread changed it first");
    }
    if (list_swap) {
        const char* list = s.kind == StepKind::push_node ? "used_list" : "free_list";
        return trf("Compare-and-swap failed: {0} expected {1} to be the head it loaded, and found another: {2}.", mine,
                   list, by);
    }
    if (node != nullptr && node->end_index != s.end_index)
        return trf("Compare-and-swap failed: {0} expected end_index {1}, found {2}: {3}.", mine, grouped(s.end_index),
                   grouped(node->end_index), by);
    return trf("Compare-and-swap failed: {0} expected end_index {1}, and it had changed: {2}.", mine,
               grouped(s.end_index), by);
}

std::string operationHeading(const History& history, std::size_t op, std::size_t line, std::string_view statement)
{
    const History::OpNumber n = history.opNumber(op);
    const std::string number = grouped(n.operation + 1);
    const std::string of = grouped(history.operationCount());
    if (n.parted)
        return trf("Operation {0} of {1} (part {2}), line {3}:  {4}", number, of, grouped(n.part), grouped(line), statement);
    return trf("Operation {} of {}, line {}:  {}", number, of, grouped(line), statement);
}

} // namespace lab
