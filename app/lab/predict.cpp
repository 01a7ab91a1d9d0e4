#include "lab/predict.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <type_traits>
#include <utility>

#include "arena/arena_allocator.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

constexpr std::size_t header = arena::buf_node_header_bytes;
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

void allocQuestions(const OpSteps& op, const Alloc& a, std::vector<Question>& out)
{
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
        Question q = make(QuestionKind::path, op, "Does it fit in the newest buffer, does the child grow that buffer "
                                                  "in place, or does the arena need a new buffer?");
        if (refused != nullptr) {
            q.answer = path_fails;
            if (refused->new_len == 0)
                q.explanation = "The new buffer's length would overflow: alloc returns null without asking the child.";
            else
                q.explanation = fmt::format("The arena needs a new {}-byte buffer and the child refuses it: alloc "
                                            "returns null.",
                                            grouped(refused->new_len));
            q.formula = length != nullptr ? fmt::format("({} + {} + 16 + 16) * 3 / 2 = {}; the child refused",
                                                        grouped(length->prev_len), grouped(length->min_size),
                                                        grouped(length->new_len))
                                          : std::string("n + align + 32 overflows");
        } else if (prepended != nullptr) {
            q.answer = path_new_buffer;
            if (empty) {
                q.explanation = "The arena holds no buffer yet, so it asks the child for its first one.";
                q.formula = fmt::format("no buffer; new one: ({} + {} + 16 + 16) * 3 / 2 = {}",
                                        grouped(length->prev_len),
                                        grouped(length->min_size), grouped(length->new_len));
            } else {
                const arena::Step* dnf = firstOf(steps, Kind::does_not_fit);
                q.explanation = fmt::format("{} > {} bytes after the header: it does not fit{}, so the arena "
                                            "prepends a new buffer of {} bytes.",
                                            grouped(dnf->new_end_index), grouped(dnf->node_len - header),
                                            grown != nullptr ? ", and the child will not grow the buffer in place" : "",
                                            grouped(prepended->new_len));
                q.formula = fmt::format("{} + {} + {} = {} > {}; new: ({} + {} + 16 + 16) * 3 / 2 = {}",
                                        grouped(first_padding->end_index), grouped(first_padding->padding),
                                        grouped(a.len),
                                        grouped(first_padding->new_end_index), grouped(dnf->node_len - header),
                                        grouped(length->prev_len),
                                        grouped(length->min_size), grouped(length->new_len));
            }
        } else if (grown != nullptr && grown->ok) {
            q.answer = path_grows;
            q.explanation = fmt::format("It does not fit in the {} bytes after the header, but the child grows the "
                                        "buffer in place from {} to {} bytes.",
                                        grouped(grown->node_len - header), grouped(grown->node_len),
                                        grouped(grown->new_len));
            q.formula = fmt::format("{} + {} + {} = {} > {}; grow to 16 + {} = {}", grouped(first_padding->end_index),
                                    grouped(first_padding->padding), grouped(a.len),
                                    grouped(first_padding->new_end_index),
                                    grouped(grown->node_len - header), grouped(first_padding->new_end_index),
                                    grouped(grown->new_len));
        } else if (fits != nullptr) {
            q.answer = path_fits;
            q.explanation = fmt::format("{} <= {} bytes after the header: it fits, no child call.",
                                        grouped(fits->new_end_index), grouped(fits->node_len - header));
            q.formula = fmt::format("{} + {} + {} = {} <= {} - 16 = {}", grouped(fits->end_index),
                                    grouped(last_padding->padding), grouped(a.len),
                                    grouped(fits->new_end_index), grouped(fits->node_len),
                                    grouped(fits->node_len - header));
        } else {
            return; // no step said how it went (cannot happen with the port)
        }
        q.answer_text = q.choices[q.answer];
        q.trivial = empty; // no buffer yet: it can only be a new one (or a refusal)
        out.push_back(std::move(q));
    }

    if (fits == nullptr) {
        // A failed alloc: end_index stays as it was.
        Question q = make(QuestionKind::end_index, op, "What is end_index after it?");
        q.answer = op.before.end_index;
        q.answer_text = grouped(q.answer);
        q.explanation = "The alloc fails, so nothing changes: end_index stays where it was.";
        q.formula = fmt::format("end_index = {}", grouped(q.answer));
        q.on_screen = true;
        out.push_back(std::move(q));
    } else {
        Question q = make(QuestionKind::end_index, op, "What is end_index after it?");
        q.answer = fits->new_end_index;
        q.answer_text = grouped(q.answer);
        const bool fresh = prepended != nullptr;
        q.explanation = fresh ? "In the new buffer end_index starts at 0; the allocation moves it on by its padding "
                                "and its length."
                              : "end_index moves on by the padding and the allocation's length.";
        q.formula = fmt::format("{} + {} + {} = {}", grouped(fits->end_index), grouped(last_padding->padding),
                                grouped(a.len), grouped(fits->new_end_index));
        q.on_screen = q.answer == op.before.end_index;
        out.push_back(std::move(q));

        Question p = make(QuestionKind::padding, op, fmt::format("How many bytes of padding does it skip to reach "
                                                                 "an address that is a multiple of {}?",
                                                                 grouped(a.alignment)));
        p.answer = last_padding->padding;
        p.answer_text = bytes(p.answer);
        p.explanation = p.answer == 0 ? fmt::format("The next free address is already a multiple of {}.",
                                                    grouped(a.alignment))
                                      : fmt::format("The next free address is {} past a multiple of {}, so {} "
                                                    "skipped.",
                                                    grouped(last_padding->addr % a.alignment), grouped(a.alignment),
                                                    p.answer == 1 ? "1 byte is" : bytes(p.answer) + " are");
        // Addresses differ from run to run; modulo 4096 they do not (the
        // child's `offset`), and alignments are at most 4096.
        const std::uint64_t free_byte = last_padding->addr % 4096;
        const std::uint64_t start = (last_padding->addr - header - last_padding->end_index) % 4096;
        p.formula = fmt::format("buffer start mod 4096 = {}; {} + 16 + {} = {}; next multiple of {}: {}; padding {}",
                                grouped(start), grouped(start), grouped(last_padding->end_index), grouped(free_byte),
                                grouped(a.alignment), grouped(free_byte + p.answer),
                                grouped(p.answer));
        p.trivial = a.alignment == 1;
        out.push_back(std::move(p));

        // Where it starts: only when it lands in a buffer on screen.
        if (!fresh) {
            Question w = make(QuestionKind::offset, op, "At which offset in the newest buffer does the allocation "
                                                        "start (the header is bytes 0 to 15)?");
            w.answer = header + fits->new_end_index - a.len;
            w.answer_text = fmt::format("offset {}", grouped(w.answer));
            w.explanation = "After the 16-byte header, at end_index plus the padding.";
            w.formula = fmt::format("16 + {} + {} = {}", grouped(fits->end_index), grouped(last_padding->padding),
                                    grouped(w.answer));
            out.push_back(std::move(w));
        }
    }

    if (length != nullptr) {
        Question q = make(QuestionKind::new_buffer, op, "How many bytes does the arena ask the child for, for its new "
                                                        "buffer?");
        q.answer = length->new_len;
        q.answer_text = bytes(q.answer);
        q.explanation = length->prev_len == 0
                            ? "The first buffer: n + align, plus the 16-byte header and 16 spare, then half as much again."
                            : "The previous buffer's capacity plus n + align, plus the 16-byte header and 16 spare, "
                              "then half as much again.";
        q.formula = fmt::format("({} + {} + 16 + 16) = {}; {} + {} / 2 = {}", grouped(length->prev_len),
                                grouped(length->min_size),
                                grouped(length->requested), grouped(length->requested), grouped(length->requested),
                                grouped(length->new_len));
        out.push_back(std::move(q));
    }
}

void resizeQuestions(const OpSteps& op, std::vector<Question>& out)
{
    const arena::Step* s = nullptr;
    for (const arena::Step& step : op.steps)
        if (step.kind >= Kind::resize_no_buffer && step.kind <= Kind::free_not_last) s = &step;
    if (s == nullptr) return;
    Question q = make(QuestionKind::end_index, op, "What is end_index after it?");
    switch (s->kind) {
    case Kind::resize_shrink:
    case Kind::resize_grow_fits:
    case Kind::free_last:
        q.answer = s->new_end_index;
        q.explanation = s->kind == Kind::free_last
                            ? "It is the most recent allocation: end_index rolls back by its length."
                            : "It is the most recent allocation: end_index moves by the change of length.";
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
                            ? "It cannot grow in this buffer, so it is refused and nothing changes."
                        : s->kind == Kind::resize_not_last || s->kind == Kind::free_not_last
                            ? "It is not the most recent allocation, so end_index does not move."
                            : "The arena holds no buffer: nothing changes.";
        q.formula = fmt::format("end_index = {}", grouped(q.answer));
        break;
    }
    q.answer_text = grouped(q.answer);
    q.on_screen = q.answer == op.before.end_index;
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
    case ResetKind::free_all: requested_formula = "free_all: requested = 0"; break;
    case ResetKind::retain_capacity:
        requested_formula = fmt::format("requested = queryCapacity() = {}", grouped(requested->requested));
        break;
    case ResetKind::retain_with_limit:
        requested_formula = fmt::format("requested = min({}, {}) = {}", grouped(r.limit),
                                        grouped(requested->capacity), grouped(requested->requested));
        break;
    }

    // The capacity after.
    {
        Question q = make(QuestionKind::capacity, op, "What is the capacity (queryCapacity()) after the reset?");
        if (release_all) {
            q.answer = 0;
            q.explanation = "Nothing is kept: every buffer goes back to the child.";
            q.formula = requested_formula;
        } else if (failed != nullptr) {
            q.answer = failed->node_len - header;
            q.explanation = "The child refused the new buffer: the oldest buffer stays as it is.";
            q.formula = fmt::format("{}; wanted 16 + {} = {}, refused; kept {} - 16 = {}", requested_formula,
                                    grouped(requested->requested), grouped(failed->new_len),
                                    grouped(failed->node_len), grouped(q.answer));
        } else {
            q.answer = requested->requested;
            q.explanation = "One buffer is kept, of exactly the requested capacity after its header.";
            q.formula = fmt::format("{}; one buffer of 16 + {} = {} bytes", requested_formula,
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
        Question q = make(QuestionKind::kept, op, "Which buffer does the arena keep after the reset?");
        if (release_all) {
            q.answer = kept_none;
            q.explanation = "The requested capacity is 0: every buffer goes back to the child.";
            q.formula = requested_formula;
        } else if (realloc_step != nullptr && realloc_step->ok) {
            q.answer = kept_new;
            q.explanation = fmt::format("The oldest buffer ({} bytes) cannot be resized in place to {}, so the child "
                                        "gives a new one and the oldest goes back.",
                                        grouped(realloc_step->node_len), grouped(realloc_step->new_len));
            q.formula = fmt::format("{}; 16 + {} = {} != {}", requested_formula, grouped(requested->requested),
                                    grouped(realloc_step->new_len), grouped(realloc_step->node_len));
        } else {
            q.answer = kept_oldest;
            if (failed != nullptr)
                q.explanation = "The child refuses the new buffer, so the oldest stays, as it was.";
            else if (kept_fits)
                q.explanation = "The oldest buffer is already exactly the right length.";
            else
                q.explanation = "The child resizes the oldest buffer in place.";
            q.formula = zero != nullptr ? fmt::format("{}; oldest {} bytes, wanted 16 + {} = {}", requested_formula,
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
        Question q = make(QuestionKind::returns, op, "Does reset return true?");
        q.answer = failed != nullptr ? 1 : 0;
        q.answer_text = q.choices[q.answer];
        if (failed != nullptr) {
            q.explanation = "It needed a new buffer to keep the requested capacity, and the child refused it.";
            q.formula = fmt::format("{}; new buffer of {} bytes refused", requested_formula, grouped(failed->new_len));
        } else if (release_all) {
            q.explanation = "Freeing everything never asks the child for memory, so it cannot fail.";
            q.formula = requested_formula;
        } else if (kept_fits) {
            q.explanation = "The kept buffer already has the requested length: nothing to ask.";
            q.formula = fmt::format("{}; 16 + {} = {}", requested_formula, grouped(requested->requested),
                                    grouped(requested->requested + header));
        } else if (resized != nullptr && resized->ok) {
            q.explanation = "The child resized the kept buffer in place.";
            q.formula = fmt::format("{}; resize {} -> {}: yes", requested_formula, grouped(resized->node_len),
                                    grouped(resized->new_len));
        } else {
            q.explanation = "The child gave the new buffer it was asked for.";
            q.formula = realloc_step != nullptr
                            ? fmt::format("{}; new buffer of {} bytes", requested_formula,
                                          grouped(realloc_step->new_len))
                            : requested_formula;
        }
        q.trivial = r.mode == ResetKind::free_all || op.before.node_lengths.empty();
        out.push_back(std::move(q));
    }
    // end_index is always 0 after a reset: asked only when it was not 0, and trivial.
    {
        Question q = make(QuestionKind::end_index, op, "What is end_index after it?");
        q.answer = 0;
        q.answer_text = "0";
        q.explanation = "Every reset sets end_index to 0.";
        q.formula = "end_index = 0";
        q.trivial = true;
        q.on_screen = op.before.end_index == 0;
        out.push_back(std::move(q));
    }
}

} // namespace

std::string_view questionKindName(QuestionKind kind)
{
    switch (kind) {
    case QuestionKind::end_index: return "end_index";
    case QuestionKind::padding: return "padding";
    case QuestionKind::new_buffer: return "new_buffer";
    case QuestionKind::capacity: return "capacity";
    case QuestionKind::path: return "path";
    case QuestionKind::kept: return "kept";
    case QuestionKind::returns: return "returns";
    case QuestionKind::offset: return "offset";
    }
    return "?";
}

std::optional<QuestionKind> parseQuestionKind(std::string_view word)
{
    for (std::size_t i = 0; i < question_kind_count; ++i) {
        const auto kind = static_cast<QuestionKind>(i);
        if (questionKindName(kind) == word) return kind;
    }
    return std::nullopt;
}

AnswerForm formOf(QuestionKind kind)
{
    switch (kind) {
    case QuestionKind::path:
    case QuestionKind::kept:
    case QuestionKind::returns: return AnswerForm::choice;
    case QuestionKind::offset: return AnswerForm::place;
    default: return AnswerForm::number;
    }
}

namespace {

// Every choice of every choice kind, in the order shown: the word a pinned
// question writes and the text the window shows. One row per choice, so the
// two can never disagree.
struct ChoiceRow {
    QuestionKind kind;
    const char* word;
    const char* text;
};
constexpr ChoiceRow choice_rows[] = {
    {QuestionKind::path, "fits", "it fits in the newest buffer"},
    {QuestionKind::path, "grows", "the child grows the newest buffer in place"},
    {QuestionKind::path, "new_buffer", "a new buffer"},
    {QuestionKind::path, "fails", "it fails: the child refuses"},
    {QuestionKind::kept, "none", "none: every buffer goes back"},
    {QuestionKind::kept, "oldest", "the oldest buffer"},
    {QuestionKind::kept, "new", "a new buffer from the child"},
    {QuestionKind::returns, "true", "true"},
    {QuestionKind::returns, "false", "false"},
};

// One column of choice_rows, by kind.
using ChoiceColumn = std::array<std::vector<std::string>, question_kind_count>;
ChoiceColumn columnOf(const char* ChoiceRow::*column)
{
    ChoiceColumn out;
    for (const ChoiceRow& row : choice_rows) out[static_cast<std::size_t>(row.kind)].emplace_back(row.*column);
    return out;
}

} // namespace

const std::vector<std::string>& choicesOf(QuestionKind kind)
{
    static const ChoiceColumn texts = columnOf(&ChoiceRow::text);
    return texts[static_cast<std::size_t>(kind)];
}

const std::vector<std::string>& choiceWordsOf(QuestionKind kind)
{
    static const ChoiceColumn words = columnOf(&ChoiceRow::word);
    return words[static_cast<std::size_t>(kind)];
}

std::string Question::answerText(std::uint64_t value) const
{
    switch (form) {
    case AnswerForm::choice: return value < choices.size() ? choices[value] : std::string("(no choice)");
    case AnswerForm::place: return fmt::format("offset {}", grouped(value));
    case AnswerForm::number:
        if (kind == QuestionKind::end_index) return grouped(value);
        return bytes(value);
    }
    return grouped(value);
}

std::vector<Question> questionsFor(const OpSteps& op)
{
    std::vector<Question> out;
    std::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, Alloc>) allocQuestions(op, c, out);
            if constexpr (std::is_same_v<T, Resize> || std::is_same_v<T, Free>) resizeQuestions(op, out);
            if constexpr (std::is_same_v<T, Reset>) resetQuestions(op, c, out);
        },
        op.command);
    return out;
}

std::string contextText(const StateBefore& before, const arena::ChildConfig& child)
{
    std::string text = fmt::format("The child: resize={}", arena::policyName(child.resize));
    if (child.resize == arena::ResizePolicy::pages) text += fmt::format(" page={}", child.page);
    if (child.offset != 0) text += fmt::format(" offset={}", child.offset);
    text += ". ";
    if (before.node_lengths.empty()) return text + "The arena holds no buffer yet.";
    text += fmt::format("The arena holds {} buffer{} (newest first: ", before.node_lengths.size(),
                        before.node_lengths.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < before.node_lengths.size(); ++i)
        text += fmt::format("{}{} bytes", i == 0 ? "" : ", ", grouped(before.node_lengths[i]));
    text += fmt::format(", 16-byte header included); end_index {}, capacity {}.", grouped(before.end_index),
                        grouped(before.capacity));
    return text;
}

std::optional<std::size_t> QuestionChooser::choose(const std::vector<Question>& candidates) const
{
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Question& q = candidates[i];
        if (q.trivial || q.on_screen) continue;
        if (previous_ == q.kind && run_ >= 2) continue;
        if (!best || last_asked_[static_cast<std::size_t>(q.kind)] <
                         last_asked_[static_cast<std::size_t>(candidates[*best].kind)])
            best = i;
    }
    return best;
}

void QuestionChooser::asked(QuestionKind kind)
{
    last_asked_[static_cast<std::size_t>(kind)] = ++turn_;
    run_ = previous_ == kind ? run_ + 1 : 1;
    previous_ = kind;
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
    hooks.operation_begins = [&](std::size_t line, const Command& command) {
        // The statement index: advance to the one on this line.
        while (statement < script.statements.size() && script.statements[statement].line < line) ++statement;
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
    hooks.operation_ended = [&](std::size_t, const Command&) {
        if (collector.into != nullptr) ops.back().record = record;
        collector.into = nullptr;
    };
    Stop stopped = runStatements(script, session, hooks);
    if (stop != nullptr) *stop = std::move(stopped);
    return ops;
}

std::vector<ScriptQuestion> chosenQuestions(const std::vector<ObservedOp>& ops)
{
    std::vector<ScriptQuestion> out;
    QuestionChooser chooser;
    for (const ObservedOp& o : ops) {
        std::vector<Question> candidates = questionsFor(o.op);
        const std::optional<std::size_t> pick = chooser.choose(candidates);
        if (!pick) continue;
        chooser.asked(candidates[*pick].kind);
        out.push_back({std::move(candidates[*pick]), contextText(o.op.before, o.child)});
    }
    return out;
}

} // namespace lab

namespace lab {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view trimmedView(std::string_view s)
{
    while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
    while (!s.empty() && (isBlank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

constexpr std::string_view ask_prefix = "ask:";

std::string kindList()
{
    std::string out;
    for (std::size_t k = 0; k < question_kind_count; ++k)
        out += (k == 0 ? "" : ", ") + std::string(questionKindName(static_cast<QuestionKind>(k)));
    return out;
}

std::string wordList(const std::vector<std::string>& words)
{
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    return out;
}

} // namespace

bool isAskComment(std::string_view comment_text) { return comment_text.substr(0, ask_prefix.size()) == ask_prefix; }

PinnedParse pinnedQuestions(std::string_view text)
{
    PinnedParse out;
    std::vector<std::size_t> waiting; // indices into out.questions not yet tied to a statement
    std::size_t line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(pos, end - pos);
        const std::size_t line_start = pos;
        pos = end + 1;
        const std::string_view content = trimmedView(raw);
        if (content.empty()) {
            waiting.clear(); // a blank line: what was above pins nothing
            continue;
        }
        if (content.front() != '#') {
            for (std::size_t i : waiting) out.questions[i].statement_line = line;
            waiting.clear();
            continue;
        }
        const std::string_view comment = trimmedView(content.substr(1));
        if (!isAskComment(comment)) continue;
        const std::size_t col = static_cast<std::size_t>(comment.data() - text.data()) - line_start + 1;
        auto error = [&](std::string message) { out.errors.push_back({line, col, std::move(message)}); };
        const std::string_view body = trimmedView(comment.substr(ask_prefix.size()));
        const std::size_t eq = body.find('=');
        if (eq == std::string_view::npos) {
            error("a pinned question is '# ask: KIND = ANSWER' (KIND one of " + kindList() + ")");
            continue;
        }
        const std::string_view kind_word = trimmedView(body.substr(0, eq));
        const std::string_view answer_word = trimmedView(body.substr(eq + 1));
        const std::optional<QuestionKind> kind = parseQuestionKind(kind_word);
        if (!kind) {
            error("unknown question '" + std::string(kind_word) + "': use one of " + kindList());
            continue;
        }
        PinnedQuestion q;
        q.line = line;
        q.col = col;
        q.kind = *kind;
        if (formOf(*kind) == AnswerForm::choice) {
            const auto& words = choiceWordsOf(*kind);
            const auto it = std::find(words.begin(), words.end(), answer_word);
            if (it == words.end()) {
                error("the answer of a '" + std::string(kind_word) + "' question is " + wordList(words) + " (got '" +
                      std::string(answer_word) + "')");
                continue;
            }
            q.answer = static_cast<std::uint64_t>(it - words.begin());
        } else {
            std::uint64_t value = 0;
            bool digits = !answer_word.empty() && answer_word.size() <= 15;
            for (const char c : answer_word) {
                if (c < '0' || c > '9') digits = false;
                else value = value * 10 + static_cast<std::uint64_t>(c - '0');
            }
            if (!digits) {
                error("the answer of a '" + std::string(kind_word) + "' question is a decimal number (got '" +
                      std::string(answer_word) + "')");
                continue;
            }
            q.answer = value;
        }
        waiting.push_back(out.questions.size());
        out.questions.push_back(q);
    }
    return out;
}

std::optional<Question> pinnedQuestionFor(const PinnedQuestion& pinned, const std::vector<ObservedOp>& ops)
{
    // The last run of the statement (a repeat's last).
    const ObservedOp* op = nullptr;
    for (const ObservedOp& o : ops)
        if (o.op.line == pinned.statement_line) op = &o;
    if (op == nullptr) return std::nullopt;
    for (Question& q : questionsFor(op->op))
        if (q.kind == pinned.kind) return std::move(q);
    return std::nullopt;
}

std::vector<PinnedFailure> checkPinned(std::string_view text, const Script& script)
{
    std::vector<PinnedFailure> failures;
    PinnedParse parsed = pinnedQuestions(text);
    for (const Diagnostic& d : parsed.errors) failures.push_back({d.line, d.col, d.message});
    if (parsed.questions.empty()) return failures;
    Stop stop;
    const std::vector<ObservedOp> ops = observeScript(script, &stop);
    for (const PinnedQuestion& pinned : parsed.questions) {
        auto fail = [&](std::string message) { failures.push_back({pinned.line, pinned.col, std::move(message)}); };
        const std::string kind(questionKindName(pinned.kind));
        if (pinned.statement_line == 0) {
            fail("this '" + kind + "' question pins no statement: put it directly above an operation (no blank line)");
            continue;
        }
        bool ran = false;
        bool operation = false;
        for (const Statement& st : script.statements)
            if (st.line == pinned.statement_line) operation = std::holds_alternative<Command>(st.body) &&
                                                                isOperation(std::get<Command>(st.body));
        for (const ObservedOp& o : ops) ran = ran || o.op.line == pinned.statement_line;
        if (!operation) {
            fail("line " + std::to_string(pinned.statement_line) +
                 " is not an operation (alloc, resize, remap, free, reset): a question needs one");
            continue;
        }
        if (!ran) {
            fail("line " + std::to_string(pinned.statement_line) + " never ran (the script stopped at line " +
                 std::to_string(stop.line) + ")");
            continue;
        }
        const std::optional<Question> q = pinnedQuestionFor(pinned, ops);
        if (!q) {
            fail("line " + std::to_string(pinned.statement_line) + " gives no '" + kind +
                 "' question (see docs/lessons.md for which operations ask what)");
            continue;
        }
        if (q->answer != pinned.answer)
            fail("pinned question failed: '" + kind + " = " + q->answerText(pinned.answer) + "', but the arena gives " +
                 q->answer_text + " (" + q->formula + ")");
    }
    return failures;
}

} // namespace lab
