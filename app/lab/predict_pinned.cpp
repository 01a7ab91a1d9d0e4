// Parsing `# ask:` lines: the questions a lesson pins, and checking that
// each pinned answer is the one the run gives.
#include "lab/predict.hpp"
#include "lab/i18n.hpp"

#include <algorithm>
#include <utility>

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
            error(trf("a pinned question is '# ask: KIND = ANSWER' (KIND one of {})", kindList()));
            continue;
        }
        const std::string_view kind_word = trimmedView(body.substr(0, eq));
        const std::string_view answer_word = trimmedView(body.substr(eq + 1));
        const std::optional<QuestionKind> kind = parseQuestionKind(kind_word);
        if (!kind) {
            error(trf("unknown question '{}': use one of {}", kind_word, kindList()));
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
                error(trf("the answer of a '{}' question is {} (got '{}')", kind_word, wordList(words), answer_word));
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
                error(trf("the answer of a '{}' question is a decimal number (got '{}')", kind_word, answer_word));
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
            fail(trf("this '{}' question pins no statement: put it directly above an operation (no blank line)", kind));
            continue;
        }
        bool ran = false;
        bool operation = false;
        for (const Statement& st : script.statements)
            if (st.line == pinned.statement_line) operation = std::holds_alternative<Command>(st.body) &&
                                                                isOperation(std::get<Command>(st.body));
        for (const ObservedOp& o : ops) ran = ran || o.op.line == pinned.statement_line;
        if (!operation) {
            fail(trf("line {} is not an operation (alloc, resize, remap, free, reset): a question needs one",
                     pinned.statement_line));
            continue;
        }
        if (!ran) {
            fail(trf("line {} never ran (the script stopped at line {})", pinned.statement_line, stop.line));
            continue;
        }
        const std::optional<Question> q = pinnedQuestionFor(pinned, ops);
        if (!q) {
            fail(trf("line {} gives no '{}' question (see docs/lessons.md for which operations ask what)",
                     pinned.statement_line, kind));
            continue;
        }
        if (q->answer != pinned.answer)
            fail(trf("pinned question failed: '{} = {}', but the arena gives {} ({})", kind, q->answerText(pinned.answer),
                     q->answer_text, q->formula));
    }
    return failures;
}

} // namespace lab
