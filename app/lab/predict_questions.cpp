// Making questions: from the steps an operation took, every question
// predict mode could ask of it, with the answer, the explanation and the
// formula in the real numbers; and running a script to observe its steps.
#include "lab/predict.hpp"
#include "lab/i18n.hpp"

#include <fmt/core.h>

#include <optional>
#include <type_traits>
#include <utility>

#include "arena/arena_allocator.hpp"
#include "arena/arena_allocator_016.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

constexpr std::size_t header = arena::buf_node_header_bytes;
constexpr std::size_t header16 = arena::zig016::node_header_bytes;
using Kind = arena::StepKind;

// The alloc path's choices, by index.
enum Path : std::uint64_t { path_fits, path_grows, path_new_buffer, path_fails };
enum Kept : std::uint64_t { kept_none, kept_oldest, kept_new };

const arena::Step* lastOf(const std::vector<arena::Step>& steps, Kind kind)
{
    for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        if (it->kind == kind) return &*it;
    return nullptr;
}

const arena::Step* firstOf(const std::vector<arena::Step>& steps, Kind kind)
{
    for (const arena::Step& s : steps)
        if (s.kind == kind) return &s;
    return nullptr;
}

Question make(QuestionKind kind, const OpSteps& op, std::string prompt)
{
    Question q;
    q.kind = kind;
    q.form = formOf(kind);
    q.line = op.line;
    q.statement = toScript(op.command);
    q.prompt = std::move(prompt);
    q.choices = choicesOf(kind);
    return q;
}

// What a model's steps say of an alloc, question by question: the answer,
// why, and the formula in the real numbers, with the prompts in the
// model's words (buffer or node). allocQuestions makes the questions from
// them, the same way for both models.
struct Answer {
    std::uint64_t answer = 0;
    std::string explanation;
    std::string formula;
};
struct AllocAnswers {
    std::string path_prompt, offset_prompt, new_buffer_prompt;
    std::optional<Answer> path;       // none: no step said how it went (no question at all)
    bool path_withheld = false;       // ... or no choice says it (a node from free_list): the others stand
    Answer end_index;
    std::optional<Answer> padding;    // none: nothing was bumped
    std::optional<Answer> offset;     // none: it starts where no buffer was on screen
    std::optional<Answer> new_buffer; // none: no new buffer was asked for
};

// The questions of an alloc, from what its model's steps say: the path,
// end_index, the padding, the offset, the new buffer's length.
void allocQuestions(const OpSteps& op, const Alloc& a, const AllocAnswers& f, std::vector<Question>& out)
{
    if (!f.path && !f.path_withheld) return;
    const auto ask = [&](QuestionKind kind, std::string prompt, const Answer& told) {
        Question q = make(kind, op, std::move(prompt));
        q.answer = told.answer;
        q.explanation = told.explanation;
        q.formula = told.formula;
        return q;
    };
    if (f.path) {
        Question path = ask(QuestionKind::path, f.path_prompt, *f.path);
        path.answer_text = path.choices[path.answer];
        path.trivial = op.before.node_lengths.empty(); // no buffer yet: it can only be a new one (or a refusal)
        out.push_back(std::move(path));
    }

    Question end = ask(QuestionKind::end_index, tr("What is end_index after it?"), f.end_index);
    end.answer_text = grouped(end.answer);
    end.on_screen = end.answer == op.before.end_index;
    out.push_back(std::move(end));

    if (f.padding) {
        Question p = ask(QuestionKind::padding,
                         trf("How many bytes of padding does it skip to reach an address that is a multiple of {}?",
                             grouped(a.alignment)),
                         *f.padding);
        p.answer_text = bytes(p.answer);
        p.trivial = a.alignment == 1;
        out.push_back(std::move(p));
    }
    if (f.offset) {
        Question w = ask(QuestionKind::offset, f.offset_prompt, *f.offset);
        w.answer_text = trf("offset {}", grouped(w.answer));
        out.push_back(std::move(w));
    }
    if (f.new_buffer) {
        Question q = ask(QuestionKind::new_buffer, f.new_buffer_prompt, *f.new_buffer);
        q.answer_text = bytes(q.answer);
        out.push_back(std::move(q));
    }
}

// Zig 0.15's arena (the classic one): what its steps say of an alloc.
AllocAnswers allocAnswers(const OpSteps& op, const Alloc& a)
{
    AllocAnswers f;
    f.path_prompt = tr("Does it fit in the newest buffer, does the child grow that buffer "
                       "in place, or does the arena need a new buffer?");
    f.offset_prompt = tr("At which offset in the newest buffer does the allocation "
                         "start (the header is bytes 0 to 15)?");
    f.new_buffer_prompt = tr("How many bytes does the arena ask the child for, for its new "
                             "buffer?");
    const auto& steps = op.steps;
    const arena::Step* fits = lastOf(steps, Kind::fits_bumped);
    const arena::Step* prepended = lastOf(steps, Kind::node_prepended);
    const arena::Step* length = lastOf(steps, Kind::node_length);
    const arena::Step* grown = lastOf(steps, Kind::grow_in_place);
    const arena::Step* refused = lastOf(steps, Kind::node_alloc_failed);
    const arena::Step* first_padding = firstOf(steps, Kind::padding_computed);
    const arena::Step* last_padding = lastOf(steps, Kind::padding_computed);
    const bool empty = op.before.node_lengths.empty();

    // The path: fits / grows in place / new buffer / fails.
    {
        Answer q;
        if (refused != nullptr) {
            q.answer = path_fails;
            if (refused->new_len == 0)
                q.explanation = tr("The new buffer's length would overflow: alloc returns null without asking the child.");
            else
                q.explanation = trf("The arena needs a new {}-byte buffer and the child refuses it: alloc "
                                            "returns null.",
                                            grouped(refused->new_len));
            q.formula = length != nullptr ? trf("({} + {} + 16 + 16) * 3 / 2 = {}; the child refused",
                                                        grouped(length->prev_len), grouped(length->min_size),
                                                        grouped(length->new_len))
                                          : std::string("n + align + 32 overflows");
        } else if (prepended != nullptr) {
            q.answer = path_new_buffer;
            if (empty) {
                q.explanation = tr("The arena holds no buffer yet, so it asks the child for its first one.");
                q.formula = trf("no buffer; new one: ({} + {} + 16 + 16) * 3 / 2 = {}",
                                        grouped(length->prev_len),
                                        grouped(length->min_size), grouped(length->new_len));
            } else {
                const arena::Step* dnf = firstOf(steps, Kind::does_not_fit);
                q.explanation = trf("{} > {} bytes after the header: it does not fit{}, so the arena "
                                            "prepends a new buffer of {} bytes.",
                                            grouped(dnf->new_end_index), grouped(dnf->node_len - header),
                                            grown != nullptr ? tr(", and the child will not grow the buffer in place") : "",
                                            grouped(prepended->new_len));
                q.formula = trf("{} + {} + {} = {} > {}; new: ({} + {} + 16 + 16) * 3 / 2 = {}",
                                        grouped(first_padding->end_index), grouped(first_padding->padding),
                                        grouped(a.len),
                                        grouped(first_padding->new_end_index), grouped(dnf->node_len - header),
                                        grouped(length->prev_len),
                                        grouped(length->min_size), grouped(length->new_len));
            }
        } else if (grown != nullptr && grown->ok) {
            q.answer = path_grows;
            q.explanation = trf("It does not fit in the {} bytes after the header, but the child grows the "
                                        "buffer in place from {} to {} bytes.",
                                        grouped(grown->node_len - header), grouped(grown->node_len),
                                        grouped(grown->new_len));
            q.formula = trf("{} + {} + {} = {} > {}; grow to 16 + {} = {}", grouped(first_padding->end_index),
                                    grouped(first_padding->padding), grouped(a.len),
                                    grouped(first_padding->new_end_index),
                                    grouped(grown->node_len - header), grouped(first_padding->new_end_index),
                                    grouped(grown->new_len));
        } else if (fits != nullptr) {
            q.answer = path_fits;
            q.explanation = trf("{} <= {} bytes after the header: it fits, no child call.",
                                        grouped(fits->new_end_index), grouped(fits->node_len - header));
            q.formula = fmt::format("{} + {} + {} = {} <= {} - 16 = {}", grouped(fits->end_index),
                                    grouped(last_padding->padding), grouped(a.len),
                                    grouped(fits->new_end_index), grouped(fits->node_len),
                                    grouped(fits->node_len - header));
        } else {
            return f; // no step said how it went (cannot happen with the port)
        }
        f.path = std::move(q);
    }

    if (fits == nullptr) {
        // A failed alloc: end_index stays as it was.
        Answer& q = f.end_index;
        q.answer = op.before.end_index;
        q.explanation = tr("The alloc fails, so nothing changes: end_index stays where it was.");
        q.formula = trf("end_index = {}", grouped(q.answer));
    } else {
        Answer& q = f.end_index;
        q.answer = fits->new_end_index;
        const bool fresh = prepended != nullptr;
        q.explanation = fresh ? tr("In the new buffer end_index starts at 0; the allocation moves it on by its padding "
                                "and its length.")
                              : tr("end_index moves on by the padding and the allocation's length.");
        q.formula = fmt::format("{} + {} + {} = {}", grouped(fits->end_index), grouped(last_padding->padding),
                                grouped(a.len), grouped(fits->new_end_index));

        Answer p;
        p.answer = last_padding->padding;
        p.explanation = p.answer == 0 ? trf("The next free address is already a multiple of {}.",
                                                    grouped(a.alignment))
                                      : trf("The next free address is {} past a multiple of {}, so {} "
                                                    "skipped.",
                                                    grouped(last_padding->addr % a.alignment), grouped(a.alignment),
                                                    p.answer == 1 ? std::string(tr("1 byte is")) : trf("{} are", bytes(p.answer)));
        // Addresses differ from run to run; modulo 4096 they do not (the
        // child's `offset`), and alignments are at most 4096.
        const std::uint64_t free_byte = last_padding->addr % 4096;
        const std::uint64_t start = (last_padding->addr - header - last_padding->end_index) % 4096;
        p.formula = trf("buffer start mod 4096 = {}; {} + 16 + {} = {}; next multiple of {}: {}; padding {}",
                                grouped(start), grouped(start), grouped(last_padding->end_index), grouped(free_byte),
                                grouped(a.alignment), grouped(free_byte + p.answer),
                                grouped(p.answer));
        f.padding = std::move(p);

        // Where it starts: only when it lands in a buffer on screen.
        if (!fresh) {
            Answer w;
            w.answer = header + fits->new_end_index - a.len;
            w.explanation = tr("After the 16-byte header, at end_index plus the padding.");
            w.formula = fmt::format("16 + {} + {} = {}", grouped(fits->end_index), grouped(last_padding->padding),
                                    grouped(w.answer));
            f.offset = std::move(w);
        }
    }

    if (length != nullptr) {
        Answer q;
        q.answer = length->new_len;
        q.explanation = length->prev_len == 0
                            ? tr("The first buffer: n + align, plus the 16-byte header and 16 spare, then half as much again.")
                            : tr("The previous buffer's capacity plus n + align, plus the 16-byte header and 16 spare, "
                              "then half as much again.");
        q.formula = fmt::format("({} + {} + 16 + 16) = {}; {} + {} / 2 = {}", grouped(length->prev_len),
                                grouped(length->min_size),
                                grouped(length->requested), grouped(length->requested), grouped(length->requested),
                                grouped(length->new_len));
        f.new_buffer = std::move(q);
    }
    return f;
}

void resizeQuestions(const OpSteps& op, std::vector<Question>& out)
{
    const arena::Step* s = nullptr;
    for (const arena::Step& step : op.steps)
        if (step.kind >= Kind::resize_no_buffer && step.kind <= Kind::free_not_last) s = &step;
    if (s == nullptr) return;
    Question q = make(QuestionKind::end_index, op, tr("What is end_index after it?"));
    switch (s->kind) {
    case Kind::resize_shrink:
    case Kind::resize_grow_fits:
    case Kind::free_last:
        q.answer = s->new_end_index;
        q.explanation = s->kind == Kind::free_last
                            ? tr("It is the most recent allocation: end_index rolls back by its length.")
                            : tr("It is the most recent allocation: end_index moves by the change of length.");
        if (s->kind == Kind::resize_grow_fits)
            q.formula = fmt::format("{} + ({} - {}) = {}", grouped(s->end_index), grouped(s->new_len),
                                    grouped(s->len), grouped(q.answer));
        else if (s->kind == Kind::resize_shrink)
            q.formula = fmt::format("{} - ({} - {}) = {}", grouped(s->end_index), grouped(s->len),
                                    grouped(s->new_len), grouped(q.answer));
        else
            q.formula = fmt::format("{} - {} = {}", grouped(s->end_index), grouped(s->len), grouped(q.answer));
        break;
    default:
        q.answer = op.before.end_index;
        q.explanation = s->kind == Kind::resize_grow_refused
                            ? tr("It cannot grow in this buffer, so it is refused and nothing changes.")
                        : s->kind == Kind::resize_not_last || s->kind == Kind::free_not_last
                            ? tr("It is not the most recent allocation, so end_index does not move.")
                            : tr("The arena holds no buffer: nothing changes.");
        q.formula = trf("end_index = {}", grouped(q.answer));
        break;
    }
    q.answer_text = grouped(q.answer);
    q.on_screen = q.answer == op.before.end_index;
    out.push_back(std::move(q));
}

// end_index is always 0 after a reset (in both models): asked only when it
// was not 0, and trivial.
void resetEndIndexQuestion(const OpSteps& op, std::vector<Question>& out)
{
    Question q = make(QuestionKind::end_index, op, tr("What is end_index after it?"));
    q.answer = 0;
    q.answer_text = "0";
    q.explanation = tr("Every reset sets end_index to 0.");
    q.formula = tr("end_index = 0");
    q.trivial = true;
    q.on_screen = op.before.end_index == 0;
    out.push_back(std::move(q));
}

void resetQuestions(const OpSteps& op, const Reset& r, std::vector<Question>& out)
{
    const arena::Step* requested = firstOf(op.steps, Kind::reset_requested);
    if (requested == nullptr) return;
    const arena::Step* failed = lastOf(op.steps, Kind::reset_failed);
    const arena::Step* zero = lastOf(op.steps, Kind::reset_end_index_zero);
    const bool release_all = firstOf(op.steps, Kind::reset_release_all) != nullptr;
    const arena::Step* realloc_step = lastOf(op.steps, Kind::reset_realloc);
    const arena::Step* resized = lastOf(op.steps, Kind::reset_resize_kept);
    const bool kept_fits = firstOf(op.steps, Kind::reset_kept_fits) != nullptr;

    std::string requested_formula;
    switch (r.mode) {
    case ResetKind::free_all: requested_formula = tr("free_all: requested = 0"); break;
    case ResetKind::retain_capacity:
        requested_formula = trf("requested = queryCapacity() = {}", grouped(requested->requested));
        break;
    case ResetKind::retain_with_limit:
        requested_formula = trf("requested = min({}, {}) = {}", grouped(r.limit),
                                        grouped(requested->capacity), grouped(requested->requested));
        break;
    }

    // The capacity after.
    {
        Question q = make(QuestionKind::capacity, op, tr("What is the capacity (queryCapacity()) after the reset?"));
        if (release_all) {
            q.answer = 0;
            q.explanation = tr("Nothing is kept: every buffer goes back to the child.");
            q.formula = requested_formula;
        } else if (failed != nullptr) {
            q.answer = failed->node_len - header;
            q.explanation = tr("The child refused the new buffer: the oldest buffer stays as it is.");
            q.formula = trf("{}; wanted 16 + {} = {}, refused; kept {} - 16 = {}", requested_formula,
                                    grouped(requested->requested), grouped(failed->new_len),
                                    grouped(failed->node_len), grouped(q.answer));
        } else {
            q.answer = requested->requested;
            q.explanation = tr("One buffer is kept, of exactly the requested capacity after its header.");
            q.formula = trf("{}; one buffer of 16 + {} = {} bytes", requested_formula,
                                    grouped(requested->requested),
                                    grouped(requested->requested + header));
        }
        q.answer_text = bytes(q.answer);
        q.trivial = r.mode == ResetKind::free_all; // always 0
        q.on_screen = q.answer == op.before.capacity;
        out.push_back(std::move(q));
    }
    // Which buffer it keeps.
    if (!op.before.node_lengths.empty()) {
        Question q = make(QuestionKind::kept, op, tr("Which buffer does the arena keep after the reset?"));
        if (release_all) {
            q.answer = kept_none;
            q.explanation = tr("The requested capacity is 0: every buffer goes back to the child.");
            q.formula = requested_formula;
        } else if (realloc_step != nullptr && realloc_step->ok) {
            q.answer = kept_new;
            q.explanation = trf("The oldest buffer ({} bytes) cannot be resized in place to {}, so the child "
                                        "gives a new one and the oldest goes back.",
                                        grouped(realloc_step->node_len), grouped(realloc_step->new_len));
            q.formula = fmt::format("{}; 16 + {} = {} != {}", requested_formula, grouped(requested->requested),
                                    grouped(realloc_step->new_len), grouped(realloc_step->node_len));
        } else {
            q.answer = kept_oldest;
            if (failed != nullptr)
                q.explanation = tr("The child refuses the new buffer, so the oldest stays, as it was.");
            else if (kept_fits)
                q.explanation = tr("The oldest buffer is already exactly the right length.");
            else
                q.explanation = tr("The child resizes the oldest buffer in place.");
            q.formula = zero != nullptr ? trf("{}; oldest {} bytes, wanted 16 + {} = {}", requested_formula,
                                                      grouped(zero->node_len), grouped(requested->requested),
                                                      grouped(zero->new_len))
                                        : requested_formula;
        }
        q.answer_text = q.choices[q.answer];
        q.trivial = r.mode == ResetKind::free_all;
        out.push_back(std::move(q));
    }
    // Whether it returns true.
    {
        Question q = make(QuestionKind::returns, op, tr("Does reset return true?"));
        q.answer = failed != nullptr ? 1 : 0;
        q.answer_text = q.choices[q.answer];
        if (failed != nullptr) {
            q.explanation = tr("It needed a new buffer to keep the requested capacity, and the child refused it.");
            q.formula = trf("{}; new buffer of {} bytes refused", requested_formula, grouped(failed->new_len));
        } else if (release_all) {
            q.explanation = tr("Freeing everything never asks the child for memory, so it cannot fail.");
            q.formula = requested_formula;
        } else if (kept_fits) {
            q.explanation = tr("The kept buffer already has the requested length: nothing to ask.");
            q.formula = fmt::format("{}; 16 + {} = {}", requested_formula, grouped(requested->requested),
                                    grouped(requested->requested + header));
        } else if (resized != nullptr && resized->ok) {
            q.explanation = tr("The child resized the kept buffer in place.");
            q.formula = trf("{}; resize {} -> {}: yes", requested_formula, grouped(resized->node_len),
                                    grouped(resized->new_len));
        } else {
            q.explanation = tr("The child gave the new buffer it was asked for.");
            q.formula = realloc_step != nullptr
                            ? trf("{}; new buffer of {} bytes", requested_formula,
                                          grouped(realloc_step->new_len))
                            : requested_formula;
        }
        q.trivial = r.mode == ResetKind::free_all || op.before.node_lengths.empty();
        out.push_back(std::move(q));
    }
    resetEndIndexQuestion(op, out);
}

// ---- Zig 0.16's arena: the same kinds of question, from its own steps ----

// Whether the steps are Zig 0.16's: every one of its operations has a step
// of its own kind (an atomic load, reset's capacities), or releases all
// without the classic reset_requested.
bool isZig016(const std::vector<arena::Step>& steps)
{
    for (const arena::Step& s : steps)
        if (s.kind >= Kind::load_first_node) return true;
    return firstOf(steps, Kind::reset_release_all) != nullptr && firstOf(steps, Kind::reset_requested) == nullptr;
}

// Zig 0.16's arena: what its steps say of an alloc.
AllocAnswers allocAnswers016(const OpSteps& op, const Alloc& a)
{
    AllocAnswers f;
    f.path_prompt = tr("Does it fit in the first node, does the child grow that node "
                       "in place, or does the arena need a new node?");
    f.offset_prompt = tr("At which offset in the first node does the allocation start "
                         "(the header is bytes 0 to 23)?");
    f.new_buffer_prompt = tr("How many bytes does the arena ask the child for, for its new "
                             "node?");
    const auto& steps = op.steps;
    const arena::Step* fits = lastOf(steps, Kind::bump_fits);
    const arena::Step* past = lastOf(steps, Kind::bump_past_end);
    const arena::Step* grow = lastOf(steps, Kind::grow_node);
    const arena::Step* claimed = lastOf(steps, Kind::claim_grown);
    const arena::Step* length = lastOf(steps, Kind::new_node_length);
    const arena::Step* refused = lastOf(steps, Kind::new_node_refused);
    const arena::Step* pushed = lastOf(steps, Kind::push_node);
    const bool empty = op.before.node_lengths.empty();
    const std::string no_fit = past != nullptr ? fmt::format("{} + {} = {} > {}", grouped(past->end_index), grouped(a.len),
                                                             grouped(past->new_end_index), grouped(past->node_len - header16))
                                               : std::string(tr("no node"));
    const std::string formula_new =
        length != nullptr ? trf("({} + 24 + {} + {} + 16) = {}; {} + {} / 2 = {}, even: {}", grouped(length->prev_len),
                                grouped(length->alignment), grouped(length->len), grouped(length->requested),
                                grouped(length->requested), grouped(length->requested),
                                grouped(length->requested + length->requested / 2), grouped(length->new_len))
                          : std::string();

    // The path: fits / grows in place / new node / fails. Not asked when the
    // node comes from free_list (after a race): it is new to used_list but
    // not the child's, and no choice says so.
    const arena::Step* best_fit = lastOf(steps, Kind::best_fit);
    f.path_withheld = best_fit != nullptr && pushed != nullptr && pushed->ok && pushed->addr == best_fit->addr;
    if (!f.path_withheld) {
        Answer q;
        if (refused != nullptr) {
            q.answer = path_fails;
            q.explanation = trf("The arena needs a new {}-byte node and the child refuses it: alloc returns null.",
                                grouped(refused->new_len));
            q.formula = fmt::format("{}; {}", no_fit, formula_new);
        } else if (claimed != nullptr && claimed->ok && grow != nullptr && grow->ok) {
            q.answer = path_grows;
            q.explanation = trf("It does not fit, but the child grows the node in place from {} to {} bytes; the "
                                "allocation goes after the failed reservation.",
                                grouped(grow->node_len), grouped(grow->new_len));
            q.formula = trf("{}; grow to 24 + {} + {} = {}, even: {}", no_fit, grouped(grow->end_index + grow->padding),
                            grouped(a.len), grouped(header16 + grow->new_end_index), grouped(grow->new_len));
        } else if (pushed != nullptr && pushed->ok) {
            q.answer = path_new_buffer;
            q.explanation = empty ? tr("used_list is empty, so the arena asks the child for its first node.")
                                  : trf("It does not fit{}, so the arena pushes a new {}-byte node.",
                                        grow != nullptr ? tr(" and the child will not grow the node in place") : "",
                                        grouped(pushed->new_len));
            q.formula = empty ? formula_new : fmt::format("{}; {}", no_fit, formula_new);
        } else if (fits != nullptr) {
            q.answer = path_fits;
            q.explanation = trf("{} <= {} bytes after the 24-byte header: it fits, no child call.",
                                grouped(fits->new_end_index), grouped(fits->node_len - header16));
            q.formula = fmt::format("{} + {} = {} <= {} - 24 = {}", grouped(fits->end_index), grouped(a.len),
                                    grouped(fits->new_end_index), grouped(fits->node_len), grouped(fits->node_len - header16));
        } else {
            return f;
        }
        f.path = std::move(q);
    }

    // end_index after it: the first node's. A failed alloc leaves it past
    // the end of the node, where the bump put it.
    {
        Answer& q = f.end_index;
        if (refused != nullptr) {
            q.answer = past != nullptr ? past->new_end_index : op.before.end_index;
            q.explanation = past != nullptr ? tr("The alloc fails, but the atomic add already happened: end_index stays "
                                                 "past the node's end, where the failed bump put it.")
                                            : tr("The alloc fails and there is no node: end_index stays 0.");
            q.formula = past != nullptr ? no_fit : trf("end_index = {}", grouped(q.answer)); // no_fit ends "> room"
        } else if (claimed != nullptr && claimed->ok) {
            q.answer = claimed->new_end_index;
            q.explanation = tr("In the grown node the allocation goes after the failed reservation: end_index moves on "
                               "from where the failed bump left it.");
            q.formula = fmt::format("{} + {} + {} = {}", grouped(claimed->end_index), grouped(claimed->new_end_index - a.len - claimed->end_index),
                                    grouped(a.len), grouped(q.answer));
        } else if (pushed != nullptr && pushed->ok) {
            q.answer = pushed->new_end_index;
            q.explanation = tr("The new node's end_index is set before it is pushed: its padding and the allocation's "
                               "length. The older node keeps its own end_index.");
            q.formula = fmt::format("{} + {} = {}", grouped(pushed->new_end_index - a.len), grouped(a.len), grouped(q.answer));
        } else {
            q.answer = fits->new_end_index;
            q.explanation = tr("end_index moves on by the padding and the allocation's length (the atomic add's "
                               "overshoot given back).");
            q.formula = fmt::format("{} + {} + {} = {}", grouped(fits->end_index - fits->padding), grouped(fits->padding),
                                    grouped(a.len), grouped(q.answer));
        }
    }

    if (fits != nullptr) {
        Answer p;
        p.answer = fits->padding;
        p.explanation = tr("The atomic add reserved n + align - 1 bytes; rounding up to the alignment used this "
                           "many, and the rest was given back.");
        p.formula = fmt::format("{} -> {}: {}", grouped(fits->end_index - fits->padding), grouped(fits->end_index),
                                grouped(p.answer));
        f.padding = std::move(p);

        Answer w;
        w.answer = header16 + fits->end_index;
        w.explanation = tr("After the 24-byte header, at end_index plus the padding.");
        w.formula = fmt::format("24 + {} + {} = {}", grouped(fits->end_index - fits->padding), grouped(fits->padding),
                                grouped(w.answer));
        f.offset = std::move(w);
    }

    if (length != nullptr) {
        Answer q;
        q.answer = length->new_len;
        q.explanation = tr("Zig 0.16: the previous node's buffer + the 24-byte header + align + n + 16, then half as "
                           "much again, rounded up to even.");
        q.formula = formula_new;
        f.new_buffer = std::move(q);
    }
    return f;
}

void resizeQuestions016(const OpSteps& op, std::vector<Question>& out)
{
    const arena::Step* s = nullptr;
    for (const arena::Step& step : op.steps)
        if (step.kind == Kind::shrink_end_index || step.kind == Kind::grow_end_index || step.kind == Kind::free_end_index ||
            step.kind == Kind::grow_no_room || step.kind == Kind::resize_not_last || step.kind == Kind::free_not_last)
            s = &step;
    if (s == nullptr) return;
    Question q = make(QuestionKind::end_index, op, tr("What is end_index after it?"));
    if (s->kind == Kind::shrink_end_index || s->kind == Kind::grow_end_index || s->kind == Kind::free_end_index) {
        q.answer = s->new_end_index;
        q.explanation = s->kind == Kind::free_end_index
                            ? tr("It is the most recent allocation: one compare-and-swap rolls end_index back by its length.")
                            : tr("It is the most recent allocation: one compare-and-swap moves end_index by the change of length.");
        q.formula = s->kind == Kind::free_end_index
                        ? fmt::format("{} - {} = {}", grouped(s->end_index), grouped(s->len), grouped(q.answer))
                        : fmt::format("{} + ({} - {}) = {}", grouped(s->end_index), grouped(s->new_len), grouped(s->len),
                                      grouped(q.answer));
    } else {
        q.answer = op.before.end_index;
        q.explanation = s->kind == Kind::grow_no_room ? tr("There is no room after end_index in the node, so it is "
                                                           "refused and nothing changes.")
                                                      : tr("It is not the most recent allocation, so end_index does not move.");
        q.formula = trf("end_index = {}", grouped(q.answer));
    }
    q.answer_text = grouped(q.answer);
    q.on_screen = q.answer == op.before.end_index;
    out.push_back(std::move(q));
}

void resetQuestions016(const OpSteps& op, const Reset& r, std::vector<Question>& out)
{
    const bool release_all = firstOf(op.steps, Kind::reset_release_all) != nullptr;
    const arena::Step* caps = firstOf(op.steps, Kind::reset_capacities);
    if (!release_all && caps == nullptr) return;
    // What each list keeps: the rounded size minus the header, the old node
    // when its new buffer was refused, nothing when it was emptied.
    std::size_t kept[2] = {0, 0};
    bool failed = false, renewed = false, emptied = false;
    for (const arena::Step& s : op.steps) {
        const std::size_t l = s.list & 1;
        if (s.kind == Kind::reset_end_index_zero) kept[l] = s.new_len - header16;
        if (s.kind == Kind::reset_failed) {
            kept[l] = s.node_len - header16;
            failed = true;
        }
        if (s.kind == Kind::reset_realloc && s.ok && l == 0) renewed = true;
        if (s.kind == Kind::reset_list_emptied && l == 0) emptied = true;
    }
    const std::string caps_formula =
        caps == nullptr ? std::string(tr("free_all: nothing kept"))
                        : trf("used_list {} -> {}, free_list {} -> {}", grouped(caps->capacity), grouped(caps->requested),
                              grouped(caps->prev_len), grouped(caps->min_size));
    {
        Question q = make(QuestionKind::capacity, op, tr("What is the capacity (queryCapacity()) after the reset?"));
        q.answer = kept[0] + kept[1];
        q.answer_text = bytes(q.answer);
        q.explanation = release_all ? tr("Nothing is kept: every node of both lists goes back to the child.")
                                    : tr("Each list keeps its last node, sized 24 + its share rounded down to even.");
        q.formula = fmt::format("{}; {} + {} = {}", caps_formula, grouped(kept[0]), grouped(kept[1]), grouped(q.answer));
        q.trivial = r.mode == ResetKind::free_all;
        q.on_screen = q.answer == op.before.capacity;
        out.push_back(std::move(q));
    }
    if (!op.before.node_lengths.empty()) {
        Question q = make(QuestionKind::kept, op, tr("Which buffer does the arena keep after the reset?"));
        q.answer = release_all || emptied ? kept_none : renewed ? kept_new : kept_oldest;
        q.answer_text = q.choices[q.answer];
        q.explanation = q.answer == kept_none ? tr("used_list keeps nothing: every node goes back to the child.")
                        : q.answer == kept_new ? tr("The oldest node cannot be resized in place, so the child gives a new one.")
                                               : tr("used_list keeps its last node, the oldest.");
        q.formula = caps_formula;
        q.trivial = r.mode == ResetKind::free_all;
        out.push_back(std::move(q));
    }
    {
        Question q = make(QuestionKind::returns, op, tr("Does reset return true?"));
        q.answer = failed ? 1 : 0;
        q.answer_text = q.choices[q.answer];
        q.explanation = failed ? tr("A kept node needed a new buffer and the child refused it: the arena could not be "
                                    "preheated.")
                               : tr("Every kept node got its size without a refusal.");
        q.formula = caps_formula;
        q.trivial = r.mode == ResetKind::free_all || op.before.node_lengths.empty();
        out.push_back(std::move(q));
    }
    resetEndIndexQuestion(op, out);
}

} // namespace

std::vector<Question> questionsFor(const OpSteps& op)
{
    std::vector<Question> out;
    if (op.thread != 0) return out;
    const bool z16 = isZig016(op.steps);
    std::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if (z16) {
                if constexpr (std::is_same_v<T, Alloc>) allocQuestions(op, c, allocAnswers016(op, c), out);
                if constexpr (std::is_same_v<T, Resize> || std::is_same_v<T, Free>) resizeQuestions016(op, out);
                if constexpr (std::is_same_v<T, Reset>) resetQuestions016(op, c, out);
                return;
            }
            if constexpr (std::is_same_v<T, Alloc>) allocQuestions(op, c, allocAnswers(op, c), out);
            if constexpr (std::is_same_v<T, Resize> || std::is_same_v<T, Free>) resizeQuestions(op, out);
            if constexpr (std::is_same_v<T, Reset>) resetQuestions(op, c, out);
        },
        op.command);
    return out;
}

namespace {

// Collects the steps of the operation running now.
struct StepCollector final : StepSink {
    std::vector<arena::Step>* into = nullptr;
    void step(const arena::Step& s) override
    {
        if (into != nullptr) into->push_back(s);
    }
};

StateBefore beforeOf(const Session& session)
{
    const ArenaState s = session.state();
    StateBefore b;
    b.end_index = s.end_index;
    b.capacity = s.capacity;
    b.header = modelHeaderBytes(s.model);
    for (const NodeState& n : s.nodes) b.node_lengths.push_back(n.len);
    return b;
}

} // namespace

std::vector<ObservedOp> observeScript(const Script& script, Stop* stop, std::size_t max_ops)
{
    std::vector<ObservedOp> ops;
    StepCollector collector;
    Session session(&collector, script.model);
    OpRecord record;
    std::size_t statement = 0;
    std::size_t last_line = 0;
    std::size_t repetition = 0;
    LoopHooks hooks;
    hooks.record = &record;
    // The statement index of `line` (lines go back and forth in a race).
    const auto statementOf = [&](std::size_t line) {
        while (statement > 0 && script.statements[statement - 1].line >= line) --statement;
        while (statement < script.statements.size() && script.statements[statement].line < line) ++statement;
    };
    hooks.operation_begins = [&](std::size_t line, const Command& command) {
        statementOf(line);
        if (statement < script.statements.size() && script.statements[statement].thread != 0) {
            collector.into = nullptr; // a race's operation: observed when it ends
            return;
        }
        repetition = line == last_line ? repetition + 1 : 0;
        last_line = line;
        if (ops.size() >= max_ops) {
            collector.into = nullptr;
            return;
        }
        ObservedOp& o = ops.emplace_back();
        o.op.command = command;
        o.op.line = line;
        o.op.before = beforeOf(session);
        o.child = session.child().config();
        o.statement = statement;
        o.repetition = repetition;
        collector.into = &o.op.steps;
    };
    hooks.operation_ended = [&](std::size_t line, const Command& command) {
        statementOf(line);
        if (statement < script.statements.size() && script.statements[statement].thread != 0) {
            // In the order the race's operations end, as the trace has them;
            // no steps (they interleave with the other threads'), no question.
            if (ops.size() >= max_ops) return;
            ObservedOp& o = ops.emplace_back();
            o.op.command = command;
            o.op.line = line;
            o.op.thread = script.statements[statement].thread;
            o.record = record;
            o.child = session.child().config();
            o.statement = statement;
            return;
        }
        if (collector.into != nullptr) ops.back().record = record;
        collector.into = nullptr;
    };
    Stop stopped = runStatements(script, session, hooks);
    if (stop != nullptr) *stop = std::move(stopped);
    return ops;
}

} // namespace lab
