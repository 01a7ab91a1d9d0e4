// Predict mode's questions: for every lesson and every conformance script,
// each question generated from an operation's steps has the answer the
// arena then gave, read independently off the operation's trace line (its
// result, child calls and state). Also the chooser's rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "lab/explain.hpp"
#include "lab/lessons.hpp"
#include "lab/predict.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "predict_check.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using lab::QuestionKind;

struct Tally {
    std::map<QuestionKind, std::size_t> by_kind;
    std::map<QuestionKind, std::size_t> by_kind016; // of zig-0.16 scripts
    std::size_t questions = 0;
    std::size_t scripts = 0;
};

void checkScript(const std::string& name, const std::string& text, Tally& tally)
{
    const lab::ParseResult parsed = lab::parseScript(text);
    if (!parsed.ok()) return; // refused scripts run nothing: no operation to ask about
    ++tally.scripts;
    const std::vector<lab::ObservedOp> ops = lab::observeScript(parsed.script);
    lab::ArenaState before; // the state before each operation: the one before's after
    for (const lab::ObservedOp& o : ops) {
        if (o.op.thread != 0) {
            // A race's operation (observed in the order they end, as traced): no question.
            CHECK(o.op.steps.empty());
            CHECK(lab::questionsFor(o.op).empty());
            before = o.record.state;
            continue;
        }
        // The state the question generator saw is the trace's state before.
        REQUIRE(o.op.before.end_index == before.end_index);
        REQUIRE(o.op.before.capacity == before.capacity);
        REQUIRE(o.op.before.node_lengths.size() == before.nodes.size());
        for (const lab::Question& q : lab::questionsFor(o.op)) {
            INFO(name, ":", o.op.line, " ", q.statement, ": ", lab::questionKindName(q.kind), " -> ", q.answer_text,
                 " (", q.formula, ")");
            CHECK(q.answer == predict_check::actualAnswer(q, o, before));
            CHECK(!q.prompt.empty());
            CHECK(!q.explanation.empty());
            CHECK(!q.formula.empty());
            CHECK(q.answer_text == q.answerText(q.answer));
            if (q.form == lab::AnswerForm::choice) CHECK(q.answer < q.choices.size());
            ++tally.by_kind[q.kind];
            if (parsed.script.model == lab::Model::zig_0_16) ++tally.by_kind016[q.kind];
            ++tally.questions;
        }
        before = o.record.state;
    }
}


lab::OpSteps opOf(const std::string& text, std::size_t index)
{
    const lab::ParseResult parsed = lab::parseScript(text);
    REQUIRE(parsed.ok());
    const auto ops = lab::observeScript(parsed.script);
    REQUIRE(index < ops.size());
    return ops[index].op;
}

const lab::Question* find(const std::vector<lab::Question>& qs, QuestionKind kind)
{
    for (const auto& q : qs)
        if (q.kind == kind) return &q;
    return nullptr;
}

} // namespace

TEST_CASE("every generated question of every lesson is answered as the arena then did")
{
    Tally tally;
    for (const lab::Lesson& lesson : lab::lessons()) checkScript(std::string(lesson.file_name), std::string(lesson.text), tally);
    CHECK(tally.scripts == lab::lessons().size());
    // The lessons between them ask every kind.
    for (std::size_t k = 0; k < lab::question_kind_count; ++k) {
        INFO(lab::questionKindName(static_cast<QuestionKind>(k)));
        CHECK(tally.by_kind[static_cast<QuestionKind>(k)] > 0);
    }
}

TEST_CASE("every generated question of every conformance script is answered as the arena then did")
{
    Tally tally;
    for (const fs::path& p : test_support::scriptsUnder(VECTORS_DIR)) checkScript(p.string(), test_support::slurp(p), tally);
    CHECK(tally.scripts >= 150); // the rest are refused scripts (static errors): they run nothing
    CHECK(tally.questions > 1000);
    for (std::size_t k = 0; k < lab::question_kind_count; ++k) {
        INFO(lab::questionKindName(static_cast<QuestionKind>(k)));
        CHECK(tally.by_kind[static_cast<QuestionKind>(k)] > 0);
        CHECK(tally.by_kind016[static_cast<QuestionKind>(k)] > 0); // Zig 0.16's steps ask every kind too
    }
}

TEST_CASE("questions carry the formula with the real numbers")
{
    // Lesson 2's third alloc: (236 + 1000 + 1 + 16 + 16) * 3 / 2 = 1903.
    const auto qs = lab::questionsFor(opOf("child resize=never\na = alloc 1\nb = alloc 100\nc = alloc 1000\n", 2));
    const lab::Question* q = find(qs, QuestionKind::new_buffer);
    REQUIRE(q != nullptr);
    CHECK(q->answer == 1903);
    CHECK(q->formula == "(236 + 1,001 + 16 + 16) = 1,269; 1,269 + 1,269 / 2 = 1,903");
    CHECK(q->answer_text == "1,903 bytes"); // a reveal reads as the panels do
    const lab::Question* path = find(qs, QuestionKind::path);
    REQUIRE(path != nullptr);
    CHECK(path->answer_text == "a new buffer");
    CHECK(path->formula.find("1,100 > 236") != std::string::npos);
    CHECK(path->explanation.find("1,100 > 236 bytes") != std::string::npos);
}

TEST_CASE("Zig 0.16: a failed alloc's end_index question says the failed bump once")
{
    // Lesson 13's refused alloc: the atomic add left end_index past the end.
    const auto qs = lab::questionsFor(
        opOf("model zig-0.16\na = alloc 100\nchild limit=300\nc = alloc 1000\n", 1));
    const lab::Question* q = find(qs, QuestionKind::end_index);
    REQUIRE(q != nullptr);
    CHECK(q->answer == 1100);
    CHECK(q->formula == "100 + 1,000 = 1,100 > 188"); // was "... > 188 > 188"
}

TEST_CASE("trivial questions and answers already on screen are marked")
{
    // The first alloc: the path is always a new buffer; align 1 pads nothing.
    const auto first = lab::questionsFor(opOf("a = alloc 8\n", 0));
    CHECK(find(first, QuestionKind::path)->trivial);
    CHECK(find(first, QuestionKind::padding)->trivial);
    CHECK_FALSE(find(first, QuestionKind::end_index)->trivial);
    // A free that is not the most recent leaves end_index as shown.
    const auto not_last = lab::questionsFor(opOf("a = alloc 8\nb = alloc 8\nfree a\n", 2));
    CHECK(find(not_last, QuestionKind::end_index)->on_screen);
    // free_all always returns true.
    const auto reset = lab::questionsFor(opOf("a = alloc 8\nreset free_all\n", 1));
    CHECK(find(reset, QuestionKind::returns)->trivial);
}

TEST_CASE("the chooser skips trivial and on-screen questions and never asks one kind three times in a row")
{
    auto q = [](QuestionKind kind, bool trivial = false, bool on_screen = false) {
        lab::Question x;
        x.kind = kind;
        x.trivial = trivial;
        x.on_screen = on_screen;
        return x;
    };
    lab::QuestionChooser chooser;
    CHECK_FALSE(chooser.choose({q(QuestionKind::padding, true), q(QuestionKind::end_index, false, true)}));
    const std::vector<lab::Question> only_end = {q(QuestionKind::end_index)};
    REQUIRE(chooser.choose(only_end) == 0u);
    chooser.asked(QuestionKind::end_index);
    REQUIRE(chooser.choose(only_end) == 0u);
    chooser.asked(QuestionKind::end_index);
    CHECK_FALSE(chooser.choose(only_end)); // a third end_index in a row: no
    // With another kind on offer, the one asked least recently wins.
    const std::vector<lab::Question> two = {q(QuestionKind::end_index), q(QuestionKind::capacity)};
    REQUIRE(chooser.choose(two) == 1u);
    chooser.asked(QuestionKind::capacity);
    CHECK(chooser.choose(two) == 0u);

    // Over a whole lesson: never three of a kind in a row, never trivial.
    for (const lab::Lesson& lesson : lab::lessons()) {
        const lab::ParseResult parsed = lab::parseScript(lesson.text);
        const auto chosen = lab::chosenQuestions(lab::observeScript(parsed.script));
        INFO(lesson.file_name);
        CHECK(!chosen.empty());
        for (std::size_t i = 0; i < chosen.size(); ++i) {
            CHECK_FALSE(chosen[i].question.trivial);
            CHECK_FALSE(chosen[i].question.on_screen);
            CHECK(!chosen[i].context.empty());
            if (i >= 2)
                CHECK_FALSE((chosen[i].question.kind == chosen[i - 1].question.kind &&
                             chosen[i].question.kind == chosen[i - 2].question.kind));
        }
    }
}

TEST_CASE("a question's context names the child in the Child allocator panel's words, only the settings in effect")
{
    lab::StateBefore before;
    before.end_index = 40;
    before.capacity = 4080;
    before.node_lengths = {4096};
    arena::ChildConfig child; // resize=pages page=4096 offset=0 limit=256 MiB: the defaults
    CHECK(lab::contextText(before, child).rfind("The child: Resize pages, Page 4,096 B. The arena holds 1 buffer", 0) == 0);
    child.offset = 8;
    child.page = 65536;
    CHECK(lab::contextText(before, child).rfind("The child: Resize pages, Page 65,536 B, Offset 8 B. ", 0) == 0);
    // No page without resize=pages; a limit that is not the default is said.
    child.resize = arena::ResizePolicy::never;
    child.limit = 5000;
    CHECK(lab::contextText(before, child).rfind("The child: Resize never, Offset 8 B, Limit 5,000 B. ", 0) == 0);
    // Each pair is the panel's own (lab::childSettings), none of the script's "resize=".
    for (const lab::ChildSetting& setting : lab::childSettings(child))
        if (setting.name != "Page") CHECK(lab::contextText(before, child).find(setting.name + " " + setting.value) != std::string::npos);
    CHECK(lab::contextText(before, child).find('=') == std::string::npos);
    CHECK(lab::childSettingsSentence(child) == "Resize never, Offset 8 B, Limit 5,000 B");
    CHECK(lab::childSettingsText(child) == "Resize never  Page 65,536 B  Offset 8 B  Limit 5,000 B");
}
