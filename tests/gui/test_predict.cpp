// Predict mode and the compare view in the real window, driven by ImGui
// key events as a person's keys arrive: a wrong answer's reveal shows both
// answers, class mode waits for Enter twice, Skip, and the compare view's
// columns are the lab's comparison at the cursor.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "gui/platform/keys.hpp"
#include "lab/compare.hpp"
#include "lab/compare_models.hpp"
#include "lab/lessons.hpp"

#include <imgui_internal.h> // the models view's window, to see nothing runs past its edges
#include "lab/quiz.hpp"
#include "test_support.hpp"
#include "support.hpp"

using namespace guitest;
using gui::platform::Key;

namespace {

const char* const predict_script = "child resize=never\n"
                                   "a = alloc 1\n"
                                   "# ask: new_buffer = 252\n"
                                   "b = alloc 100\n"
                                   "c = alloc 10\n"
                                   "reset retain_capacity\n";

bool shows(const gui::App& app, const std::string& text)
{
    const auto& shown = const_cast<gui::App&>(app).panels().predict.state().shown;
    return std::find(shown.begin(), shown.end(), text) != shown.end();
}

// The window with the script loaded, the cursor at the end of operation
// `op`, predict mode on (key P).
std::unique_ptr<gui::App> predictingAt(std::size_t op)
{
    auto app = openApp(16.0f);
    app->loadText(predict_script, "predict.arena");
    settle(*app);
    app->lab().seek(app->lab().history().opStepsEnd(op));
    type(*app, "p");
    REQUIRE(app->panels().predict.state().on);
    return app;
}

} // namespace

TEST_CASE("predict: a wrong answer's reveal shows both answers, the formula, and the score")
{
    auto app = predictingAt(0);
    const lab::History& h = app->lab().history();
    // One step forward enters `b = alloc 100`: the lesson's own question is
    // asked, and the cursor waits before the operation.
    press(*app, Key::right);
    gui::PredictState& p = app->panels().predict.state();
    REQUIRE(p.phase == gui::PredictState::Phase::asking);
    REQUIRE(p.question.has_value());
    CHECK(p.pinned);
    CHECK(p.question->kind == lab::QuestionKind::new_buffer);
    CHECK(app->lab().cursor() == h.opStepsBegin(1));
    // Stepping on does not get past the question.
    press(*app, Key::right);
    CHECK(app->lab().cursor() == h.opStepsBegin(1));
    keepFrame(*app, "predict_asking");

    // The answer field has the keyboard: type a wrong answer and Enter.
    type(*app, "250");
    press(*app, Key::enter);
    REQUIRE(p.phase == gui::PredictState::Phase::revealed);
    tick(*app);
    CHECK(shows(*app, "Not quite."));
    CHECK(shows(*app, "You said: 250 bytes"));
    CHECK(shows(*app, "Answer: 252 bytes"));
    CHECK(shows(*app, p.question->formula));
    CHECK(p.question->formula == "(35 + 101 + 16 + 16) = 168; 168 + 168 / 2 = 252");
    CHECK(p.answered == 1);
    CHECK(p.right == 0);
    // The operation has played: its result is on screen.
    CHECK(app->lab().cursor() == h.opStepsEnd(1));
    keepFrame(*app, "predict_reveal_wrong");

    // Enter goes on; the next operation asks again, and a right answer scores.
    press(*app, Key::enter);
    CHECK(p.phase == gui::PredictState::Phase::idle);
    press(*app, Key::right);
    REQUIRE(p.phase == gui::PredictState::Phase::asking);
    REQUIRE(p.question.has_value());
    CHECK(p.question->line == 5);
    if (p.question->form == lab::AnswerForm::choice) {
        type(*app, std::to_string(p.question->answer + 1));
    } else {
        type(*app, std::to_string(p.question->answer));
        press(*app, Key::enter);
    }
    REQUIRE(p.phase == gui::PredictState::Phase::revealed);
    tick(*app);
    CHECK(shows(*app, "Right!"));
    CHECK(p.right == 1);
    CHECK(p.answered == 2);
}

TEST_CASE("predict: S skips a choice question, and the score counts it")
{
    auto app = predictingAt(2);
    press(*app, Key::right); // into the reset
    gui::PredictState& p = app->panels().predict.state();
    REQUIRE(p.phase == gui::PredictState::Phase::asking);
    REQUIRE(p.question.has_value());
    // retain_capacity with resize=never: which buffer is kept (a choice;
    // the capacity is the same as before, so it is not asked).
    REQUIRE(p.question->kind == lab::QuestionKind::kept);
    const std::size_t ops = app->lab().history().opCount();
    type(*app, "s");
    CHECK(p.phase == gui::PredictState::Phase::revealed);
    CHECK(p.skipped == 1);
    CHECK(p.answered == 0);
    tick(*app);
    CHECK(shows(*app, "Skipped."));
    CHECK(app->lab().history().opCount() == ops); // no key reached the arena
}

TEST_CASE("predict: class mode in presentation waits for Enter, reveals, then goes on")
{
    auto app = predictingAt(0);
    app->setPresentation(true);
    settle(*app);
    press(*app, Key::right);
    gui::PredictState& p = app->panels().predict.state();
    REQUIRE(p.phase == gui::PredictState::Phase::asking);
    tick(*app);
    CHECK(shows(*app, "Answer aloud or on paper, then press Enter to reveal."));
    keepFrame(*app, "predict_class_question");
    // Keys that would act on the arena do nothing while the class thinks.
    const std::size_t ops = app->lab().history().opCount();
    type(*app, "1");
    CHECK(app->lab().history().opCount() == ops);
    CHECK(p.phase == gui::PredictState::Phase::asking);
    press(*app, Key::enter);
    REQUIRE(p.phase == gui::PredictState::Phase::revealed);
    tick(*app);
    CHECK(shows(*app, "Answer: 252 bytes"));
    CHECK_FALSE(shows(*app, "Skipped."));
    CHECK(p.answered == 0); // nobody typed: no score
    keepFrame(*app, "predict_class_reveal");
    press(*app, Key::enter);
    CHECK(p.phase == gui::PredictState::Phase::idle);
    CHECK(app->lab().cursor() == app->lab().history().opStepsEnd(1));
    // P turns it off: stepping no longer asks.
    type(*app, "p");
    press(*app, Key::right);
    CHECK(p.phase == gui::PredictState::Phase::idle);
}

TEST_CASE("compare view: key W (what if?) opens it; its columns are the lab's comparison at the cursor")
{
    auto app = openApp(16.0f);
    app->loadText(predict_script, "compare.arena");
    settle(*app);
    app->lab().seek(app->lab().history().opStepsEnd(2));
    type(*app, "w");
    REQUIRE(app->ui().comparing);
    keepFrame(*app, "compare_view");
    REQUIRE(app->panels().compare.state().result.has_value());
    const lab::Comparison& shown = *app->panels().compare.state().result;
    lab::CompareRequest request;
    request.ops = 3;
    request.next_len = 24; // the Controls' Size
    request.next_align = 8; // and Align
    const lab::Comparison expected = lab::compareResets(lab::parseScript(predict_script).script, request);
    CHECK(shown.ops == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(shown.columns[i].returned == expected.columns[i].returned);
        CHECK(shown.columns[i].calls == expected.columns[i].calls);
        CHECK(shown.columns[i].after.capacity == expected.columns[i].after.capacity);
        CHECK(shown.columns[i].next == expected.columns[i].next);
    }
    // The three columns with their numbers, as drawn.
    const auto& lines = app->panels().compare.state().shown;
    const auto drawn = [&](const std::string& t) { return std::find(lines.begin(), lines.end(), t) != lines.end(); };
    CHECK(drawn("reset free_all"));
    CHECK(drawn("reset retain_capacity"));
    CHECK(drawn("reset retain_with_limit " + std::to_string(expected.limit)));
    CHECK(drawn("capacity kept: 0 bytes"));
    CHECK(drawn("capacity kept: 271 bytes"));
    CHECK(drawn("next alloc 24 bytes: a new buffer"));
    // The child's policy changed in the view: retain_capacity's kept buffer
    // is now resized in place (resize=always), not reallocated.
    app->panels().compare.state().policy = 4; // always
    tick(*app);
    const lab::CompareColumn& retain = app->panels().compare.state().result->columns[1];
    REQUIRE(!retain.calls.empty());
    CHECK(retain.calls.back().kind == arena::ChildCall::Kind::resize);
    CHECK(retain.calls.back().ok);
    // On a projector too.
    app->setPresentation(true);
    settle(*app);
    keepFrame(*app, "compare_present");
    CHECK(drawn("reset retain_capacity"));
    type(*app, "w");
    CHECK_FALSE(app->ui().comparing);
}

TEST_CASE("predict and compare are in the command table (View menu, Step panel, Help) and File > Export writes a quiz")
{
    auto app = openApp(16.0f);
    app->loadText(predict_script, "quiz.arena");
    settle(*app);
    CHECK(std::string(app->commands().get(gui::CommandId::predict).shortcut.text) == "P");
    CHECK(std::string(app->commands().get(gui::CommandId::compare).shortcut.text) == "W");
    app->commands().run(gui::CommandId::predict);
    CHECK(app->panels().predict.state().on);
    app->commands().run(gui::CommandId::predict);
    CHECK_FALSE(app->panels().predict.state().on);

    const std::string dir = ARENALAB_TEST_DIR;
    REQUIRE(app->exportFile(gui::App::Export::quiz, dir + "/quiz.gift"));
    REQUIRE(app->exportFile(gui::App::Export::quiz, dir + "/quiz.md"));
    const lab::Quiz quiz = lab::buildQuiz(predict_script, "quiz.arena");
    CHECK(test_support::slurp(dir + "/quiz.gift") == lab::quizGift(quiz, "quiz.arena"));
    CHECK(test_support::slurp(dir + "/quiz.md") == lab::quizMarkdown(quiz, "quiz.arena"));
    CHECK(test_support::slurp(dir + "/quiz.gift").find("{#252:0####") != std::string::npos);
}

TEST_CASE("the Step panel's Predict button runs the command, in its transport row, at 1280x720 in both modes")
{
    for (const bool presentation : {false, true}) {
        CAPTURE(presentation);
        auto app = openApp(18.0f);
        app->loadText(predict_script, "toggle.arena");
        app->setPresentation(presentation);
        app->lab().seek(app->lab().history().opStepsEnd(0));
        settle(*app);
        const std::optional<gui::ItemRect> r = app->commands().drawnItem("step:predict");
        REQUIRE(r.has_value());
        // Inside the Step panel (the explanation's panel), below its text.
        const gui::RecordedRect* explanation = nullptr;
        for (const gui::RecordedRect& t : app->ui().layout_record.texts)
            if (t.what == "explanation") explanation = &t;
        REQUIRE(explanation != nullptr);
        CHECK(r->x >= explanation->px - 0.5f);
        CHECK(r->x + r->w <= explanation->px + explanation->pw + 0.5f);
        CHECK(r->y >= explanation->y + explanation->h);
        CHECK(r->y + r->h <= explanation->py + explanation->ph + 0.5f);
        keepFrame(*app, presentation ? "step_predict_button_present" : "step_predict_button");
        click(*app, r->x + r->w / 2, r->y + r->h / 2);
        CHECK(app->panels().predict.state().on);
        // Its question is up at once, in the room made under the Step panel,
        // which moved up for it (the box is measured in its first frames):
        // the button is found where it is now.
        for (int i = 0; i < 4; ++i) tick(*app);
        const std::optional<gui::ItemRect> now = app->commands().drawnItem("step:predict");
        REQUIRE(now.has_value());
        keepFrame(*app, presentation ? "step_predict_asking_present" : "step_predict_asking");
        click(*app, now->x + now->w / 2, now->y + now->h / 2);
        CHECK_FALSE(app->panels().predict.state().on);
    }
}

TEST_CASE("shot --compare: the compare view at 1280x720")
{
    test_support::Scratch scratch;
    const auto script = scratch.write("cmp.arena", predict_script);
    const auto with = scratch.dir / "with.png";
    const auto without = scratch.dir / "without.png";
    const auto a = test_support::runProgram(ARENALAB_EXE, "shot " + script.string() + " --compare -o " + with.string());
    const auto b = test_support::runProgram(ARENALAB_EXE, "shot " + script.string() + " -o " + without.string());
    REQUIRE(a.status == 0);
    REQUIRE(b.status == 0);
    const std::string png_with = test_support::slurp(with);
    CHECK(png_with.substr(1, 3) == "PNG");
    CHECK(png_with != test_support::slurp(without)); // the view is drawn
}

TEST_CASE("predict: a place question is answered by a click on the arena view")
{
    auto app = openApp(16.0f);
    app->loadText("a = alloc 10\n# ask: offset = 26\nb = alloc 20\n", "place.arena");
    settle(*app);
    app->lab().seek(app->lab().history().opStepsEnd(0));
    type(*app, "p");
    press(*app, Key::right);
    gui::PredictState& p = app->panels().predict.state();
    REQUIRE(p.phase == gui::PredictState::Phase::asking);
    REQUIRE(p.question->form == lab::AnswerForm::place);
    settle(*app);
    // Where byte 26 of the newest buffer is drawn, in window pixels.
    const gui::ArenaViewMemory& view = app->arenaRenderer().memory;
    const gui::Instance* target = nullptr;
    for (const gui::Instance& in : view.layout.instances)
        if (in.node == 0 && in.begin <= 26 && 26 < in.end && in.rect.w > 0) target = &in;
    REQUIRE(target != nullptr);
    const float per_byte = target->rect.w / static_cast<float>(target->end - target->begin);
    gui::FakeMouse mouse;
    mouse.x = view.image_x + target->rect.x + (26.0f - static_cast<float>(target->begin) + 0.5f) * per_byte;
    mouse.y = view.image_y + target->rect.cy();
    tick(*app, 1280, 720, &mouse);
    mouse.left_down = true;
    tick(*app, 1280, 720, &mouse);
    mouse.left_down = false;
    tick(*app, 1280, 720, &mouse);
    REQUIRE(p.phase == gui::PredictState::Phase::revealed);
    REQUIRE(p.given.has_value());
    CHECK(*p.given == 26);
    CHECK(p.right == 1);
    tick(*app);
    CHECK(shows(*app, "Answer: offset 26"));
}

TEST_CASE("the two arenas side by side: key V opens them at the cursor's operation, with what differs and why, whole at 1280x720")
{
    auto app = openApp(18.0f);
    const lab::Lesson& lesson = lab::lessons()[12]; // 13: end_index past the end
    app->loadText(std::string(lesson.text), std::string(lesson.file_name));
    settle(*app);
    // Inside the fourth operation (line 57: d = alloc 8).
    app->lab().seek(app->lab().history().opStepsEnd(3) - 1);
    type(*app, "v");
    REQUIRE(app->ui().comparing_models);
    keepFrame(*app, "models_view");
    const auto& m = app->panels().models.state();
    REQUIRE(m.result.has_value());
    const lab::ModelComparison expected = lab::compareModels(lab::parseScript(lesson.text).script);
    REQUIRE(m.result->rows.size() == expected.rows.size());
    const lab::ModelRow& row = expected.rows[3];
    CHECK(row.line == 57);
    const auto drawn = [&](const std::string& t) { return std::find(m.shown.begin(), m.shown.end(), t) != m.shown.end(); };
    CHECK(drawn("Operation 4, line 57: d = alloc 8"));
    REQUIRE_FALSE(row.differences.empty());
    for (const std::string& d : row.differences) CHECK(drawn("  " + d));
    CHECK(drawn("Why: " + row.why));
    CHECK(drawn("child asked: resize 212 -> 1,140")); // zig-0.16 grows its node after the failed bump
    CHECK(drawn("child asked: nothing"));             // the classic arena had room
    // Each arena's own numbers, as its own run gives them.
    CHECK(drawn("capacity 183 bytes, end_index 158"));
    CHECK(drawn("capacity 1,116 bytes, end_index 1,116"));

    // On a projector at 1280x720: nothing runs past the view's edges.
    app->setPresentation(true);
    settle(*app, 1280, 720);
    const ImGuiWindow* view = ImGui::FindWindowByName("The two arenas: Zig 0.15 and Zig 0.16###models");
    REQUIRE(view != nullptr);
    CHECK(view->ScrollMax.x == 0.0f);
    CHECK(view->ScrollMax.y == 0.0f);
    keepFrame(*app, "models_present");
    type(*app, "v");
    CHECK_FALSE(app->ui().comparing_models);
}
