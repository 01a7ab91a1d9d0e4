// The narrated lessons: every one runs clean and proves its claims with
// `expect` lines, has a title and captions, and together they cover every
// behaviour a teacher needs. Also the caption format of lessons.hpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lab/lessons.hpp"
#include "lab/predict.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"

namespace {

using arena::ResizePolicy;
using lab::Caption;

std::vector<Caption> caps(std::string_view text) { return lab::captions(text); }

struct Run {
    lab::RunResult result;
    std::vector<lab::OpRecord> records;
};

Run run(const lab::Lesson& lesson)
{
    Run r;
    r.result = lab::runScriptText(lesson.text, lesson.file_name,
                                  [&](const lab::OpRecord& rec) { r.records.push_back(rec); });
    return r;
}

lab::Script parsed(const lab::Lesson& lesson)
{
    lab::ParseResult p = lab::parseScript(lesson.text);
    REQUIRE_MESSAGE(p.ok(), lesson.file_name);
    return p.script;
}

template <class T>
const T* commandOf(const lab::Statement& st)
{
    const auto* command = std::get_if<lab::Command>(&st.body);
    return command == nullptr ? nullptr : std::get_if<T>(command);
}

bool isExpect(const lab::Statement& st, lab::Expect::What what)
{
    const auto* e = std::get_if<lab::Expect>(&st.body);
    return e != nullptr && e->what == what;
}

// The child's resize policy in force at each script line (a `child resize=`
// line takes effect from the next line on; the default is pages).
ResizePolicy policyAt(const lab::Script& script, std::size_t line)
{
    ResizePolicy policy = ResizePolicy::pages;
    for (const lab::Statement& st : script.statements) {
        if (st.line >= line) break;
        if (const auto* c = commandOf<lab::ChildSet>(st); c != nullptr && c->resize) policy = *c->resize;
    }
    return policy;
}

bool asksToGrow(const lab::OpRecord& rec, bool ok)
{
    return std::any_of(rec.child.begin(), rec.child.end(), [&](const arena::ChildCall& c) {
        return c.kind == arena::ChildCall::Kind::resize && c.new_len > c.len && c.ok == ok;
    });
}

bool getsNewBuffer(const lab::OpRecord& rec)
{
    return std::any_of(rec.child.begin(), rec.child.end(),
                       [](const arena::ChildCall& c) { return c.kind == arena::ChildCall::Kind::alloc && c.ok; });
}

} // namespace

// ---- captions(): the format lessons.hpp defines --------------------------

TEST_CASE("captions: a comment block directly above a statement is its caption")
{
    const auto c = caps("a = alloc 1\n# Room for\n#   the request.\nb = alloc 2\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].line == 4);
    CHECK(c[0].text == "Room for the request.");
}

TEST_CASE("captions: a trailing comment is appended, or is the whole caption")
{
    const auto c = caps("# Above.\na = alloc 1   # after\nb = alloc 2 #alone\t\nc = alloc 3\n");
    REQUIRE(c.size() == 2);
    CHECK(c[0].line == 2);
    CHECK(c[0].text == "Above. after");
    CHECK(c[1].line == 3);
    CHECK(c[1].text == "alone");
}

TEST_CASE("captions: a block followed by a blank line is a note, not a caption")
{
    const auto c = caps("# A note.\n\na = alloc 1\n# Another note.\n   \t\n# The caption.\nb = alloc 2\n# A final note.\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].line == 7);
    CHECK(c[0].text == "The caption.");
    CHECK(caps("a = alloc 1\n# Trailing note at the end, no line ending").empty());
}

TEST_CASE("captions: '#' always starts a comment, even with no space around it")
{
    const auto c = caps("a = alloc 1#x # y ## z\nfree a#\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].line == 1);
    CHECK(c[0].text == "x # y ## z");
    // `free a#` has an empty trailing comment: no caption.
}

TEST_CASE("captions: indented comments, CRLF line endings, tabs")
{
    const auto c = caps("\t# one\r\n  #two  \r\n\texpect ok\t# three\r\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].line == 3);
    CHECK(c[0].text == "one two three");
}

TEST_CASE("captions: an empty comment line ends a paragraph; empty paragraphs vanish")
{
    const auto c = caps("#\n# First.\n#\n#\n# Second,\n# still second.\n#\nalloc 1 # trailing\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].line == 8);
    CHECK(c[0].text == "First.\nSecond, still second. trailing");
    CHECK(caps("#\n#\nalloc 1 #\n").empty());
}

TEST_CASE("captions: the title line is never a caption; line 1 otherwise can be")
{
    CHECK(caps("# Title: T\na = alloc 1\n").empty());
    const auto c = caps("# Title: T\n# Why.\na = alloc 1\n");
    REQUIRE(c.size() == 1);
    CHECK(c[0].line == 3);
    CHECK(c[0].text == "Why.");
    const auto d = caps("# Not a title\na = alloc 1\n");
    REQUIRE(d.size() == 1);
    CHECK(d[0].line == 2);
    CHECK(d[0].text == "Not a title");
}

TEST_CASE("captions: every statement kind can have one; none in an empty text")
{
    CHECK(caps("").empty());
    CHECK(caps("\n\n").empty());
    const auto c = caps("# c\nchild resize=never\n# f\nfail alloc\n# e\nexpect nodes 0\n");
    REQUIRE(c.size() == 3);
    CHECK(c[0].line == 2);
    CHECK(c[1].line == 4);
    CHECK(c[2].line == 6);
}

TEST_CASE("lessonTitle: line 1's `# Title:`, trimmed, or nothing")
{
    static_assert(lab::lessonTitle("# Title: Growth\nalloc 1\n") == "Growth");
    CHECK(lab::lessonTitle("# Title:\t The first alloc \r\nalloc 1\n") == "The first alloc");
    CHECK(lab::lessonTitle("# Title: Only line") == "Only line");
    CHECK(lab::lessonTitle("# Title:").empty());
    CHECK(lab::lessonTitle("# A comment\n# Title: Late\n").empty());
    CHECK(lab::lessonTitle("#Title: No space").empty());
    CHECK(lab::lessonTitle("").empty());
}

TEST_CASE("lessonIntro: the notes before the first statement, not the captions")
{
    const std::string_view text = "# Title: Demo\n\n# An arena gets\n# big buffers.\n\n# A second note.\n\n"
                                  "# Caption of a.\na = alloc 1\n\n# A note after a statement.\n\nb = alloc 2\n";
    CHECK(lab::lessonIntro(text) == "An arena gets big buffers.\nA second note.");
    // No title, a note ending the text, CRLF.
    CHECK(lab::lessonIntro("# Only a note\r\n") == "Only a note");
    // A block straight above the first statement is its caption, not the intro.
    CHECK(lab::lessonIntro("# Title: T\n# Caption.\nalloc 1\n").empty());
    CHECK(lab::lessonIntro("alloc 1\n# Later.\n\n").empty());
    CHECK(lab::lessonIntro("").empty());
}

TEST_CASE("lessons: every lesson has an introduction")
{
    for (const lab::Lesson& lesson : lab::lessons()) {
        INFO(lesson.file_name);
        CHECK(lab::lessonIntro(lesson.text).size() > 40);
    }
}

// ---- the embedded lessons -------------------------------------------------

TEST_CASE("lessons: at least the eleven, named NN-slug.arena, in order, each titled")
{
    const auto all = lab::lessons();
    REQUIRE(all.size() >= 11);
    std::set<std::string_view> titles;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const lab::Lesson& lesson = all[i];
        INFO(lesson.file_name);
        const std::string_view name = lesson.file_name;
        REQUIRE(name.size() > 9);
        CHECK(name[0] >= '0');
        CHECK(name[0] <= '9');
        CHECK(name[1] >= '0');
        CHECK(name[1] <= '9');
        CHECK(name[2] == '-');
        CHECK(name.substr(name.size() - 6) == ".arena");
        if (i > 0) CHECK(all[i - 1].file_name < name);
        CHECK(!lesson.title.empty());
        CHECK(lesson.title == lab::lessonTitle(lesson.text));
        CHECK(lesson.text.substr(0, 9) == "# Title: ");
        CHECK(titles.insert(lesson.title).second);
    }
}

TEST_CASE("lessons: each runs to the end and proves at least three claims")
{
    for (const lab::Lesson& lesson : lab::lessons()) {
        INFO(lesson.file_name);
        const Run r = run(lesson);
        std::string errors;
        for (const std::string& e : r.result.errors) errors += e + "\n";
        INFO(errors);
        CHECK(r.result.exit_status == 0);
        CHECK(r.result.errors.empty());
        CHECK(r.result.expectations_met >= 3);
        CHECK(r.result.child_bytes_left == 0);
    }
}

TEST_CASE("lessons: short, and nearly every operation has a caption")
{
    for (const lab::Lesson& lesson : lab::lessons()) {
        INFO(lesson.file_name);
        const lab::Script script = parsed(lesson);
        CHECK(script.statements.size() >= 10);
        CHECK(script.statements.size() <= 30);

        std::set<std::size_t> captioned;
        for (const Caption& c : lab::captions(lesson.text)) {
            CHECK(!c.text.empty());
            captioned.insert(c.line);
        }
        std::size_t operations = 0;
        std::size_t with_caption = 0;
        for (const lab::Statement& st : script.statements) {
            const auto* command = std::get_if<lab::Command>(&st.body);
            if (command == nullptr || !lab::isOperation(*command)) continue;
            ++operations;
            if (captioned.count(st.line) != 0) ++with_caption;
        }
        CHECK(operations >= 3);
        // "Most": at least four in five.
        CHECK(with_caption * 5 >= operations * 4);
    }
}

// ---- together, the lessons cover what a teacher needs ---------------------

TEST_CASE("coverage: the first alloc, the growth formula, alignment padding and the child's offset")
{
    bool first_alloc_51 = false;
    bool prepended = false; // a new node whose length includes the previous capacity
    bool padded = false;
    std::set<std::size_t> offsets;
    for (const lab::Lesson& lesson : lab::lessons()) {
        const lab::Script script = parsed(lesson);
        for (const lab::Statement& st : script.statements)
            if (const auto* c = commandOf<lab::ChildSet>(st); c != nullptr && c->offset) offsets.insert(*c->offset);
        const Run r = run(lesson);
        for (std::size_t i = 0; i < r.records.size(); ++i) {
            const lab::OpRecord& rec = r.records[i];
            if (rec.op != lab::OpKind::alloc || !rec.ok) continue;
            if (rec.len == 1 && rec.alignment == 1 && rec.child.size() == 1 && rec.child[0].len == 51)
                first_alloc_51 = true;
            if (i > 0 && rec.state.nodes.size() == r.records[i - 1].state.nodes.size() + 1 &&
                !r.records[i - 1].state.nodes.empty())
                prepended = true;
            if (rec.alignment > 1 && i > 0 && r.records[i - 1].op == lab::OpKind::alloc &&
                rec.state.end_index > r.records[i - 1].state.end_index + rec.len &&
                rec.state.nodes.size() == r.records[i - 1].state.nodes.size())
                padded = true;
        }
    }
    CHECK(first_alloc_51);
    CHECK(prepended);
    CHECK(padded);
    CHECK(offsets.size() >= 2); // the same allocation under two different offsets
}

TEST_CASE("coverage: resize, remap and free of the most recent allocation and of an older one")
{
    bool older_grow_refused = false;
    bool older_shrink_changes_nothing = false;
    bool older_free_changes_nothing = false;
    bool recent_free_rolls_back = false;
    bool recent_grow = false;
    bool remap = false;
    for (const lab::Lesson& lesson : lab::lessons()) {
        const Run r = run(lesson);
        for (std::size_t i = 1; i < r.records.size(); ++i) {
            const lab::OpRecord& rec = r.records[i];
            const std::size_t before = r.records[i - 1].state.end_index;
            const std::size_t after = rec.state.end_index;
            switch (rec.op) {
            case lab::OpKind::resize:
            case lab::OpKind::remap:
                if (rec.op == lab::OpKind::remap) remap = true;
                if (rec.new_len > rec.len && !rec.ok && after == before) older_grow_refused = true;
                if (rec.new_len < rec.len && rec.ok && after == before) older_shrink_changes_nothing = true;
                if (rec.new_len > rec.len && rec.ok && after == before + (rec.new_len - rec.len)) recent_grow = true;
                break;
            case lab::OpKind::free:
                if (after == before) older_free_changes_nothing = true;
                if (after + rec.len == before) recent_free_rolls_back = true;
                break;
            default: break;
            }
        }
    }
    CHECK(older_grow_refused);
    CHECK(older_shrink_changes_nothing);
    CHECK(older_free_changes_nothing);
    CHECK(recent_free_rolls_back);
    CHECK(recent_grow);
    CHECK(remap);
}

TEST_CASE("coverage: growing in place versus a new node, under each child policy")
{
    std::set<ResizePolicy> grew_in_place;
    std::set<ResizePolicy> refused_then_new_node;
    for (const lab::Lesson& lesson : lab::lessons()) {
        const lab::Script script = parsed(lesson);
        const Run r = run(lesson);
        for (const lab::OpRecord& rec : r.records) {
            if (rec.op != lab::OpKind::alloc) continue;
            const ResizePolicy policy = policyAt(script, rec.line);
            if (asksToGrow(rec, true)) grew_in_place.insert(policy);
            if (asksToGrow(rec, false) && getsNewBuffer(rec)) refused_then_new_node.insert(policy);
        }
    }
    CHECK(grew_in_place.count(ResizePolicy::pages) == 1);
    CHECK(grew_in_place.count(ResizePolicy::always) == 1);
    CHECK(refused_then_new_node.count(ResizePolicy::never) == 1);
    CHECK(refused_then_new_node.count(ResizePolicy::shrink) == 1);
    CHECK(refused_then_new_node.count(ResizePolicy::pages) == 1); // at the page boundary
}

TEST_CASE("coverage: every reset mode, and retain_with_limit 0, below the header, between and above")
{
    std::set<lab::ResetKind> modes;
    bool limit_zero = false;
    bool limit_below_header = false;
    bool limit_between = false;
    bool limit_above = false;
    bool kept_already_right = false; // retain_capacity with no child call
    for (const lab::Lesson& lesson : lab::lessons()) {
        const Run r = run(lesson);
        for (std::size_t i = 1; i < r.records.size(); ++i) {
            const lab::OpRecord& rec = r.records[i];
            if (rec.op != lab::OpKind::reset || !rec.ok) continue;
            modes.insert(rec.mode);
            const std::size_t capacity = r.records[i - 1].state.capacity;
            if (rec.mode == lab::ResetKind::retain_capacity && rec.child.empty() && capacity > 0)
                kept_already_right = true;
            if (rec.mode != lab::ResetKind::retain_with_limit) continue;
            if (rec.limit == 0 && capacity > 0 && rec.state.nodes.empty()) limit_zero = true;
            if (rec.limit > 0 && rec.limit < 16 && rec.state.capacity == rec.limit) limit_below_header = true;
            if (rec.limit >= 16 && rec.limit < capacity && rec.state.capacity == rec.limit) limit_between = true;
            if (rec.limit > capacity && rec.state.capacity == capacity) limit_above = true;
        }
    }
    CHECK(modes.count(lab::ResetKind::free_all) == 1);
    CHECK(modes.count(lab::ResetKind::retain_capacity) == 1);
    CHECK(modes.count(lab::ResetKind::retain_with_limit) == 1);
    CHECK(limit_zero);
    CHECK(limit_below_header);
    CHECK(limit_between);
    CHECK(limit_above);
    CHECK(kept_already_right);
}

TEST_CASE("coverage: `fail alloc` before a reset that then returns false, and the arena still works")
{
    bool scripted = false; // fail alloc ... reset ... expect fail
    bool still_usable = false;
    for (const lab::Lesson& lesson : lab::lessons()) {
        const lab::Script script = parsed(lesson);
        const auto& sts = script.statements;
        bool pending = false;
        for (std::size_t i = 0; i + 1 < sts.size(); ++i) {
            if (const auto* f = commandOf<lab::Fail>(sts[i]); f != nullptr && f->call == arena::ChildCall::Kind::alloc)
                pending = true;
            if (pending && commandOf<lab::Reset>(sts[i]) != nullptr && isExpect(sts[i + 1], lab::Expect::What::fail))
                scripted = true;
        }
        const Run r = run(lesson);
        for (std::size_t i = 0; i < r.records.size(); ++i) {
            if (r.records[i].op != lab::OpKind::reset || r.records[i].ok) continue;
            for (std::size_t j = i + 1; j < r.records.size(); ++j)
                if (r.records[j].op == lab::OpKind::alloc && r.records[j].ok && r.records[j].child.empty())
                    still_usable = true;
        }
    }
    CHECK(scripted);
    CHECK(still_usable);
}

TEST_CASE("coverage: out of memory under a child limit and by `fail alloc`")
{
    bool limit_refusal = false; // a named alloc refused while a child limit is set
    bool forced_refusal = false;
    for (const lab::Lesson& lesson : lab::lessons()) {
        const lab::Script script = parsed(lesson);
        const auto& sts = script.statements;
        bool has_limit = false;
        bool pending = false;
        for (std::size_t i = 0; i + 1 < sts.size(); ++i) {
            if (const auto* c = commandOf<lab::ChildSet>(sts[i]); c != nullptr && c->limit) has_limit = true;
            if (const auto* f = commandOf<lab::Fail>(sts[i]); f != nullptr && f->call == arena::ChildCall::Kind::alloc)
                pending = true;
            const auto* a = commandOf<lab::Alloc>(sts[i]);
            if (a == nullptr || !isExpect(sts[i + 1], lab::Expect::What::fail)) continue;
            if (pending) {
                forced_refusal = true;
                pending = false;
            } else if (has_limit && a->name) {
                limit_refusal = true;
            }
        }
    }
    CHECK(limit_refusal);
    CHECK(forced_refusal);
}

TEST_CASE("pinned questions: every lesson asks at least one, every answer key is the arena's, none is a caption")
{
    for (const lab::Lesson& lesson : lab::lessons()) {
        INFO(lesson.file_name);
        const lab::PinnedParse pinned = lab::pinnedQuestions(lesson.text);
        CHECK(pinned.errors.empty());
        CHECK(!pinned.questions.empty());
        const lab::Script script = parsed(lesson);
        CHECK(lab::checkPinned(lesson.text, script).empty());
        const auto ops = lab::observeScript(script);
        for (const lab::PinnedQuestion& q : pinned.questions) {
            CHECK(q.statement_line > q.line); // pinned on a statement below it
            const std::optional<lab::Question> generated = lab::pinnedQuestionFor(q, ops);
            REQUIRE(generated.has_value());
            CHECK(generated->answer == q.answer);
        }
        for (const Caption& c : caps(lesson.text)) CHECK(c.text.find("ask:") == std::string::npos);
        // A wrong key fails, on the ask line.
        const lab::PinnedQuestion& first = pinned.questions.front();
        std::string text(lesson.text);
        std::size_t at = 0;
        for (std::size_t line = 1; line < first.line; ++line) at = text.find('\n', at) + 1;
        const std::size_t eq = text.find('=', at);
        const std::size_t end = text.find('\n', eq);
        const std::string wrong_word =
            lab::formOf(first.kind) == lab::AnswerForm::choice
                ? lab::choiceWordsOf(first.kind)[(first.answer + 1) % lab::choiceWordsOf(first.kind).size()]
                : std::to_string(first.answer + 1);
        text.replace(eq + 1, end - eq - 1, " " + wrong_word);
        const auto failures = lab::checkPinned(text, script);
        REQUIRE(failures.size() == 1);
        CHECK(failures[0].line == first.line);
        CHECK(failures[0].message.find("pinned question failed") == 0);
    }
}

TEST_CASE("pinned questions: the comment form, its errors, and where it pins")
{
    const std::string text = "a = alloc 1\n"
                             "# ask: end_index = 21\n"
                             "# a caption line between\n"
                             "b = alloc 20\n"
                             "# ask: padding\n"
                             "\n"
                             "# ask: path = fits\n"
                             "\n"
                             "c = alloc 1\n";
    const lab::PinnedParse p = lab::pinnedQuestions(text);
    REQUIRE(p.questions.size() == 2);
    CHECK(p.questions[0].statement_line == 4);
    CHECK(p.questions[0].kind == lab::QuestionKind::end_index);
    CHECK(p.questions[0].answer == 21);
    CHECK(p.questions[1].statement_line == 0); // a blank line: it pins nothing
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].line == 5);
    CHECK(p.errors[0].col == 3);
    const auto failures = lab::checkPinned(text, lab::parseScript(text).script);
    REQUIRE(failures.size() == 2);
    CHECK(failures[1].line == 7);
    CHECK(failures[1].message.find("pins no statement") != std::string::npos);
    // The caption of line 4 leaves the ask line out.
    const auto c = caps(text);
    REQUIRE(c.size() == 1);
    CHECK(c[0].text == "a caption line between");
}
