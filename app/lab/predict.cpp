// Predict's vocabulary: the question kinds and their names, answer forms,
// the choices, and how an answer and the arena before it read. Making the
// questions is predict_questions.cpp, choosing them predict_choose.cpp,
// the `# ask:` lines predict_pinned.cpp.
#include "lab/predict.hpp"
#include "lab/i18n.hpp"

#include <fmt/core.h>

#include <array>

#include "lab/explain.hpp"
#include "lab/numbers.hpp"

namespace lab {

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
    {QuestionKind::path, "fits", N_("it fits in the newest buffer")},
    {QuestionKind::path, "grows", N_("the child grows the newest buffer in place")},
    {QuestionKind::path, "new_buffer", N_("a new buffer")},
    {QuestionKind::path, "fails", N_("it fails: the child refuses")},
    {QuestionKind::kept, "none", N_("none: every buffer goes back")},
    {QuestionKind::kept, "oldest", N_("the oldest buffer")},
    {QuestionKind::kept, "new", N_("a new buffer from the child")},
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
    // In the language a person reads: one column per language, made once.
    static ChoiceColumn texts[3];
    static bool made[3] = {};
    const auto lang = static_cast<std::size_t>(language());
    if (!made[lang]) {
        texts[lang] = columnOf(&ChoiceRow::text);
        for (auto& column : texts[lang])
            for (std::string& text : column) text = std::string(tr(std::string_view(text)));
        made[lang] = true;
    }
    return texts[lang][static_cast<std::size_t>(kind)];
}

const std::vector<std::string>& choiceWordsOf(QuestionKind kind)
{
    static const ChoiceColumn words = columnOf(&ChoiceRow::word);
    return words[static_cast<std::size_t>(kind)];
}

std::string Question::answerText(std::uint64_t value) const
{
    switch (form) {
    case AnswerForm::choice: return value < choices.size() ? choices[value] : std::string(tr("(no choice)"));
    case AnswerForm::place: return trf("offset {}", grouped(value));
    case AnswerForm::number:
        if (kind == QuestionKind::end_index) return grouped(value);
        return bytes(value);
    }
    return grouped(value);
}

std::string contextText(const StateBefore& before, const arena::ChildConfig& child)
{
    // In the Child allocator panel's words (lab::childSettings), only those in effect.
    std::string text = trf("The child: {}. ", childSettingsSentence(child)); // Chinese: no space after "。"
    if (before.node_lengths.empty()) return text + tr("The arena holds no buffer yet.");
    text += before.node_lengths.size() == 1 ? trf("The arena holds {} buffer (newest first: ", grouped(before.node_lengths.size()))
                                            : trf("The arena holds {} buffers (newest first: ", grouped(before.node_lengths.size()));
    for (std::size_t i = 0; i < before.node_lengths.size(); ++i)
        text += (i == 0 ? "" : ", ") + trf("{} bytes", grouped(before.node_lengths[i]));
    text += trf(", {}-byte header included); end_index {}, capacity {}.", before.header, grouped(before.end_index),
                grouped(before.capacity));
    return text;
}

} // namespace lab
