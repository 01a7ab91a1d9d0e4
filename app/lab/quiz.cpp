#include "lab/quiz.hpp"
#include "lab/i18n.hpp"

#include <algorithm>
#include <fmt/core.h>

#include <map>
#include <set>

#include "lab/files.hpp"
#include "lab/lessons.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"

namespace lab {

Quiz buildQuiz(std::string_view text, std::string_view file_name, Model model)
{
    Quiz quiz;
    quiz.title = std::string(lessonTitle(text));
    if (quiz.title.empty()) quiz.title = baseName(file_name);
    const ParseResult parsed = parseScript(text, model);
    if (!parsed.ok()) {
        for (const Diagnostic& d : parsed.errors) quiz.errors.push_back(formatDiagnostic(file_name, d));
        quiz.exit_status = 2;
        return quiz;
    }
    for (const PinnedFailure& f : checkPinned(text, parsed.script)) {
        quiz.errors.push_back(fmt::format("{}:{}:{}: error: {}", file_name, f.line, f.col, f.message));
        quiz.exit_status = 1;
    }
    Stop stop;
    const std::vector<ObservedOp> ops = observeScript(parsed.script, &stop);
    if (stop) {
        quiz.errors.push_back(fmt::format("{}:{}:{}: error: {}", file_name, stop.line, stop.col, stop.message));
        quiz.exit_status = stop.why == Stop::Why::expectation ? 1 : 2;
    }
    // The pinned questions by statement line; asked at the statement's last run.
    std::map<std::size_t, std::vector<PinnedQuestion>> pinned;
    for (const PinnedQuestion& p : pinnedQuestions(text).questions)
        if (p.statement_line != 0) pinned[p.statement_line].push_back(p);
    std::map<std::size_t, std::size_t> last_op_of_line;
    for (std::size_t i = 0; i < ops.size(); ++i) last_op_of_line[ops[i].op.line] = i;

    QuestionChooser chooser;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const ObservedOp& o = ops[i];
        std::vector<Question> candidates = questionsFor(o.op);
        const auto pins = pinned.find(o.op.line);
        if (pins != pinned.end()) {
            if (last_op_of_line[o.op.line] != i) continue; // a repeat: its last run is asked
            for (const PinnedQuestion& p : pins->second)
                for (Question& q : candidates)
                    if (q.kind == p.kind && q.answer == p.answer) {
                        chooser.asked(q.kind);
                        quiz.items.push_back({q, contextText(o.op.before, o.child), true, i});
                    }
            continue;
        }
        const std::optional<std::size_t> pick = chooser.choose(candidates);
        if (!pick) continue;
        chooser.asked(candidates[*pick].kind);
        quiz.items.push_back({std::move(candidates[*pick]), contextText(o.op.before, o.child), false, i});
    }
    return quiz;
}

std::string giftEscape(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

namespace {

std::string feedback(const Question& q) { return q.explanation + " " + q.formula; }

} // namespace

std::string quizGift(const Quiz& quiz, std::string_view file_name)
{
    std::string out = quiz.items.size() == 1
                          ? trf("// Arena Lab quiz: {} ({}), {} question.\n// Import into Moodle as GIFT. Generated "
                                "by arenalab export --quiz from what the arena really does.\n\n",
                                quiz.title, file_name, quiz.items.size())
                          : trf("// Arena Lab quiz: {} ({}), {} questions.\n// Import into Moodle as GIFT. Generated "
                                "by arenalab export --quiz from what the arena really does.\n\n",
                                quiz.title, file_name, quiz.items.size());
    // A category line is read as it is (no escapes); `/` would nest categories.
    std::string category(quiz.title);
    std::replace(category.begin(), category.end(), '/', '-');
    std::replace(category.begin(), category.end(), '\n', ' ');
    out += "$CATEGORY: $course$/Arena Lab/" + category + "\n\n";
    for (std::size_t i = 0; i < quiz.items.size(); ++i) {
        const QuizItem& item = quiz.items[i];
        const Question& q = item.question;
        out += "::" + giftEscape(trf("{} {} (line {})", quiz.title, i + 1, q.line)) + "::";
        out += giftEscape(trf("{} Next statement, line {}: {}. {}", item.context, q.line, q.statement, q.prompt));
        if (q.form == AnswerForm::choice) {
            out += " {";
            for (std::size_t c = 0; c < q.choices.size(); ++c)
                out += fmt::format("\n\t{}{}", c == q.answer ? '=' : '~', giftEscape(q.choices[c]));
            out += "\n\t####" + giftEscape(feedback(q)) + "\n}\n\n";
        } else {
            out += fmt::format(" {{#{}:0####{}}}\n\n", q.answer, giftEscape(feedback(q)));
        }
    }
    return out;
}

std::string quizMarkdown(const Quiz& quiz, std::string_view file_name)
{
    std::string out = trf("# Quiz: {}\n\n", quiz.title);
    out += trf("From `{}`. For each question: the arena's state before the statement, the statement, and what "
                       "to predict. The answers are at the end.\n\n",
                       file_name);
    for (std::size_t i = 0; i < quiz.items.size(); ++i) {
        const QuizItem& item = quiz.items[i];
        const Question& q = item.question;
        out += trf("## {}. Line {}: `{}`\n\n{}\n\n**{}**\n\n", i + 1, q.line, q.statement, item.context, q.prompt);
        if (q.form == AnswerForm::choice) {
            for (std::size_t c = 0; c < q.choices.size(); ++c)
                out += fmt::format("- ( ) {}) {}\n", static_cast<char>('a' + c), q.choices[c]);
            out += "\n";
        } else {
            out += tr("Answer: ____________\n\n");
        }
    }
    out += tr("---\n\n## Answer key\n\n");
    for (std::size_t i = 0; i < quiz.items.size(); ++i) {
        const Question& q = quiz.items[i].question;
        const std::string answer = q.form == AnswerForm::choice
                                       ? fmt::format("{}) {}", static_cast<char>('a' + q.answer), q.answer_text)
                                       : q.answer_text;
        out += fmt::format("{}. **{}**. {} `{}`\n", i + 1, answer, q.explanation, q.formula);
    }
    return out;
}

} // namespace lab
