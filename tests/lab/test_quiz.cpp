// `arenalab export --quiz`: every lesson exported as GIFT (read back by a
// GIFT reader written from Moodle's documentation, tests/lab/gift_parser.hpp)
// and as Markdown; every answer is what the arena did.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "gift_parser.hpp"
#include "lab/lessons.hpp"
#include "lab/predict.hpp"
#include "lab/quiz.hpp"
#include "predict_check.hpp"
#include "test_support.hpp"

namespace {

struct Truth {
    lab::Quiz quiz;
    std::vector<lab::ObservedOp> ops;
    std::vector<lab::ArenaState> before; // by op
};

Truth truthOf(const lab::Lesson& lesson)
{
    Truth t;
    t.quiz = lab::buildQuiz(lesson.text, lesson.file_name);
    t.ops = lab::observeScript(lab::parseScript(lesson.text).script);
    lab::ArenaState state;
    for (const auto& o : t.ops) {
        t.before.push_back(state);
        state = o.record.state;
    }
    return t;
}

} // namespace

TEST_CASE("export --quiz: every lesson's GIFT parses, and each answer is what the arena did")
{
    test_support::Scratch scratch;
    for (const lab::Lesson& lesson : lab::lessons()) {
        INFO(lesson.file_name);
        const auto path = scratch.write(std::string(lesson.file_name), std::string(lesson.text));
        const test_support::Exec run = test_support::runProgram(ARENALAB_EXE, "export --quiz " + path.string());
        REQUIRE(run.status == 0);
        CHECK(test_support::withoutSanitizerNotes(run.err).empty());
        const Truth t = truthOf(lesson);
        REQUIRE(t.quiz.exit_status == 0);
        const std::vector<gift::Question> parsed = gift::parse(run.out);
        REQUIRE(parsed.size() == t.quiz.items.size());
        CHECK(parsed.size() >= 3);
        std::size_t pinned = 0;
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            const gift::Question& g = parsed[i];
            const lab::QuizItem& item = t.quiz.items[i];
            const std::uint64_t arena_did = predict_check::actualAnswer(item.question, t.ops[item.op], t.before[item.op]);
            INFO("question ", i + 1, ": ", g.title, " / ", g.text);
            CHECK(g.category == "$course$/Arena Lab/" + std::string(lesson.title));
            CHECK(g.text.find(item.question.statement) != std::string::npos);
            CHECK(g.text.find(item.question.prompt) != std::string::npos);
            CHECK(!g.general_feedback.empty());
            if (item.question.form == lab::AnswerForm::choice) {
                REQUIRE(g.type == gift::Question::Type::multiple_choice);
                std::size_t right = 0;
                for (const gift::Choice& c : g.choices) right += c.right ? 1 : 0;
                CHECK(right == 1);
                REQUIRE(arena_did < g.choices.size());
                CHECK(g.choices[arena_did].right);
                CHECK(g.choices[arena_did].text == item.question.choices[arena_did]);
            } else {
                REQUIRE(g.type == gift::Question::Type::numerical);
                CHECK(g.tolerance == 0);
                CHECK(g.number == static_cast<double>(arena_did));
            }
            pinned += item.pinned ? 1 : 0;
        }
        // The lesson's own questions are in its quiz.
        CHECK(pinned == lab::pinnedQuestions(lesson.text).questions.size());
    }
}

TEST_CASE("export --quiz --format markdown: the questions, then an answer key with every answer")
{
    test_support::Scratch scratch;
    for (const lab::Lesson& lesson : lab::lessons()) {
        INFO(lesson.file_name);
        const auto path = scratch.write(std::string(lesson.file_name), std::string(lesson.text));
        const auto out = scratch.dir / "quiz.md";
        const test_support::Exec run = test_support::runProgram(
            ARENALAB_EXE, "export --quiz " + path.string() + " --format markdown -o " + out.string());
        REQUIRE(run.status == 0);
        const std::string md = test_support::slurp(out);
        const lab::Quiz quiz = lab::buildQuiz(lesson.text, lesson.file_name);
        CHECK(md.rfind("# Quiz: " + std::string(lesson.title) + "\n", 0) == 0);
        const std::size_t key = md.find("\n## Answer key\n");
        REQUIRE(key != std::string::npos);
        for (std::size_t i = 0; i < quiz.items.size(); ++i) {
            const lab::Question& q = quiz.items[i].question;
            // The question before the key, its answer only after it.
            const std::string heading = "## " + std::to_string(i + 1) + ". Line " + std::to_string(q.line) + ": `" +
                                        q.statement + "`";
            const std::size_t at = md.find(heading);
            CHECK(at < key);
            CHECK(md.find(std::to_string(i + 1) + ". **", key) != std::string::npos);
            CHECK(md.find(q.formula, key) != std::string::npos);
        }
    }
}

TEST_CASE("export --quiz: a wrong pinned key writes nothing and says where; a bad format is refused")
{
    test_support::Scratch scratch;
    const auto path = scratch.write("wrong.arena", "a = alloc 1\n# ask: end_index = 3\nb = alloc 1\n");
    const auto out = scratch.dir / "q.gift";
    const test_support::Exec run = test_support::runProgram(ARENALAB_EXE, "export --quiz " + path.string() + " -o " + out.string());
    CHECK(run.status == 1);
    CHECK(run.err.find("wrong.arena:2:3: error: pinned question failed") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
    const test_support::Exec bad = test_support::runProgram(ARENALAB_EXE, "export --quiz " + path.string() + " --format pdf");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--format is gift or markdown") != std::string::npos);
}

TEST_CASE("gift reader: the documentation's own forms")
{
    const auto qs = gift::parse("// comment\n::Q1:: 1 + 1 \\= ? {#2:0}\n\n"
                                "::Q2:: Colour? {=red#yes ~blue#no ~gr\\=een}\n\n"
                                "Sky is blue. {T}\n\n::Q4:: Range {#1..5####general}\n");
    REQUIRE(qs.size() == 4);
    CHECK(qs[0].text == "1 + 1 = ?");
    CHECK(qs[0].number == 2);
    CHECK(qs[1].choices.size() == 3);
    CHECK(qs[1].choices[0].right);
    CHECK(qs[1].choices[0].feedback == "yes");
    CHECK(qs[1].choices[2].text == "gr=een");
    CHECK(qs[2].type == gift::Question::Type::true_false);
    CHECK(qs[3].number == 3);
    CHECK(qs[3].tolerance == 2);
    CHECK(qs[3].general_feedback == "general");
    CHECK_THROWS(gift::parse("::T:: no block\n"));
}
