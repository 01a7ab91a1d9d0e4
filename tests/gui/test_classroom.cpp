// Controlling a lesson in front of a class (issue 24): a presenter's
// clicker (Page Down / Page Up, B or period to blank), every key press
// counted however slow the frame, and a lesson's later lines never
// replaced by one key without asking. Through ImGui's events, as a
// person's keys arrive.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <imgui_internal.h> // the compare view's window, to see nothing runs past its edge

#include "gui/app.hpp"
#include "gui/arena_layout.hpp"
#include "gui/layout.hpp"
#include "gui/platform/keys.hpp"
#include "lab/lab.hpp"
#include "lab/lessons.hpp"
#include "lab/recovery.hpp"
#include "support.hpp"

using namespace guitest;
using gui::platform::Key;

namespace {

void loadLesson(gui::App& app, std::size_t number)
{
    const lab::Lesson& lesson = lab::lessons()[number - 1];
    app.loadText(std::string(lesson.text), std::string(lesson.file_name));
}

// Taps `key` `n` times, each press and release arriving before one frame
// is drawn (a quick tap on a loaded machine), then draws frames until
// the queue has handed every event over.
void tapsWithinOneFrame(gui::App& app, Key key, int n)
{
    tick(app);
    for (int i = 0; i < n; ++i) {
        app.queueKey(key, true);
        app.queueKey(key, false);
    }
    for (int i = 0; i < 2 * n + 4; ++i) tick(app);
}

} // namespace

TEST_CASE("a presenter's clicker: Page Down and Page Up step forwards and back in every mode")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 2);
    for (const int mode : {0, 1, 2}) { // normal, presentation, embed
        CAPTURE(mode);
        app->setPresentation(mode == 1);
        app->setEmbed(mode == 2);
        app->lab().seek(5);
        settle(*app);
        press(*app, Key::page_down);
        CHECK(app->lab().cursor() == 6);
        press(*app, Key::page_down);
        CHECK(app->lab().cursor() == 7);
        press(*app, Key::page_up);
        CHECK(app->lab().cursor() == 6);
    }
}

TEST_CASE("a presenter's clicker: B (or period) blanks the window, and B again shows it")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 2);
    app->setPresentation(true);
    app->lab().seek(app->lab().steps());
    settle(*app);
    const auto blackEverywhere = [](const Image& img) {
        for (int y = 0; y < img.h; y += 7)
            for (int x = 0; x < img.w; x += 7)
                if (!near(img.at(x, y), gui::Rgba{0, 0, 0, 255}, 0)) return false;
        return true;
    };
    CHECK_FALSE(blackEverywhere(settled(*app)));
    press(*app, Key::b);
    CHECK(app->ui().blank);
    CHECK(blackEverywhere(settled(*app)));
    // The keys still work while it is blank.
    press(*app, Key::page_up);
    CHECK(app->lab().cursor() == app->lab().steps() - 1);
    press(*app, Key::b);
    CHECK_FALSE(app->ui().blank);
    CHECK_FALSE(blackEverywhere(settled(*app)));
    press(*app, Key::period);
    CHECK(app->ui().blank);
    press(*app, Key::period);
    CHECK_FALSE(app->ui().blank);
}

TEST_CASE("every key press counts, however slow the frame: ten taps within one frame are ten steps")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 2);
    for (const Key key : {Key::right, Key::page_down}) {
        CAPTURE(static_cast<int>(key));
        app->lab().seek(3);
        settle(*app);
        tapsWithinOneFrame(*app, key, 10);
        CHECK(app->lab().cursor() == 13);
    }
    // And back.
    tapsWithinOneFrame(*app, Key::left, 4);
    CHECK(app->lab().cursor() == 9);
}

TEST_CASE("in a lesson, a single key that would replace later lines asks first; in one's own script it does not")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 2);
    app->setPresentation(true); // the Controls and their warning folded away
    app->lab().seek(12);
    settle(*app);
    const std::string lesson_text = app->lab().text();
    REQUIRE(app->lab().linesAnActionReplaces() > 20);

    // 2 (reset retain_capacity): asked, and Esc keeps the lesson.
    type(*app, '2');
    CHECK(app->askingBeforeAction());
    CHECK(app->lab().text() == lesson_text);
    press(*app, Key::escape);
    tick(*app);
    CHECK_FALSE(app->askingBeforeAction());
    CHECK(app->ui().presentation); // Esc answered the question, it did not leave presentation mode
    CHECK(app->lab().text() == lesson_text);
    CHECK(app->lab().cursor() == 12);

    // Again, and Enter replaces.
    type(*app, '2');
    REQUIRE(app->askingBeforeAction());
    press(*app, Key::enter);
    settle(*app);
    CHECK_FALSE(app->askingBeforeAction());
    CHECK(app->lab().text() != lesson_text);
    CHECK(app->lab().text().find("reset retain_capacity") != std::string::npos);

    // At a lesson's end nothing is replaced: no question.
    loadLesson(*app, 2);
    app->lab().seek(app->lab().steps());
    settle(*app);
    type(*app, '2');
    CHECK_FALSE(app->askingBeforeAction());
    settle(*app);
    CHECK(app->lab().text() != std::string(lab::lessons()[1].text));

    // One's own script, in the past: one key, at once.
    app->setPresentation(false);
    app->loadText("a = alloc 8\nb = alloc 16\nc = alloc 32\nfree c\n", "mine.arena");
    app->lab().seek(1);
    settle(*app);
    const std::string mine = app->lab().text();
    type(*app, '2');
    CHECK_FALSE(app->askingBeforeAction());
    settle(*app);
    CHECK(app->lab().text() != mine);
}

TEST_CASE("the compare view takes the Controls' alignment, its header is whole at 1280x720, and embed mode names no Controls")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 2);
    app->lab().seek(app->lab().steps());
    settle(*app);
    REQUIRE(app->panels().controls.state().size == "24");
    REQUIRE(app->panels().controls.state().align_exp == 3); // Align 8
    type(*app, "w");
    REQUIRE(app->ui().comparing);
    tick(*app);
    REQUIRE(app->panels().compare.state().result.has_value());
    // free_all's next 24-byte alloc at align 8 makes a 96-byte buffer, as
    // `arenalab compare --alloc 24 --align 8` says (85 bytes was align 1's).
    const lab::CompareColumn& free_all = app->panels().compare.state().result->columns[0];
    REQUIRE_FALSE(free_all.next_calls.empty());
    CHECK(free_all.next_calls.front().kind == arena::ChildCall::Kind::alloc);
    CHECK(free_all.next_calls.front().len == 96);
    CHECK(app->panels().compare.state().next_shown.find("align 8") != std::string::npos);
    CHECK(app->panels().compare.state().next_shown.find("Controls") != std::string::npos);

    // On a projector at 1280x720: nothing of the view runs past its right edge.
    app->setPresentation(true);
    settle(*app, 1280, 720);
    const ImGuiWindow* view = ImGui::FindWindowByName("What would each reset do here?###compare");
    REQUIRE(view != nullptr);
    CHECK(view->ScrollMax.x == 0.0f);
    CHECK(view->ContentSize.x <= view->InnerRect.GetWidth() + 0.5f);

    // Embed mode shows no Controls: the view does not send anyone to them.
    app->setPresentation(false);
    app->setEmbed(true);
    settle(*app, 800, 450);
    CHECK(app->panels().compare.state().next_shown.find("Controls") == std::string::npos);
    CHECK(app->panels().compare.state().next_shown.find("24 bytes") != std::string::npos);
}

namespace {

// The predict box's window, as ImGui last placed it.
const ImGuiWindow* predictBox()
{
    const ImGuiWindow* w = ImGui::FindWindowByName("###predict");
    return w != nullptr && w->WasActive ? w : nullptr;
}

bool overlaps(const ImGuiWindow& w, float x, float y, float width, float height)
{
    return w.Pos.x < x + width && x < w.Pos.x + w.Size.x && w.Pos.y < y + height && y < w.Pos.y + w.Size.y;
}

} // namespace

TEST_CASE("predict in class: P at step 0 asks at once, the box covers neither the picture nor the lesson's text, large")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 2);
    app->setPresentation(true);
    app->lab().seek(0);
    settle(*app, 1280, 720);
    const float body = app->ui().layout_record.body_font_px;
    type(*app, "p");
    gui::PredictState& p = app->panels().predict.state();
    CHECK(p.phase == gui::PredictState::Phase::asking); // no Right needed
    CHECK(app->lab().cursor() == 0);
    for (const std::size_t at : {std::size_t{0}, std::size_t{1}}) {
        CAPTURE(at);
        if (at == 1) { // the next question, over a step with a caption
            press(*app, Key::enter);
            press(*app, Key::enter);
            press(*app, Key::right);
            REQUIRE(p.phase == gui::PredictState::Phase::asking);
        }
        settle(*app, 1280, 720);
        const ImGuiWindow* box = predictBox();
        REQUIRE(box != nullptr);
        // The question's text is the projector's, larger still.
        CHECK(box->FontWindowScale * body >= 1.2f * body);
        std::size_t texts = 0;
        for (const gui::RecordedRect& t : app->ui().layout_record.texts) {
            if (t.what == "script editor") continue;
            CAPTURE(t.what);
            CHECK_FALSE(overlaps(*box, t.x, t.y, t.w, t.h));
            ++texts;
        }
        CHECK(texts >= 2);
        const gui::PanelRect& arena = app->arenaRect();
        CHECK_FALSE(overlaps(*box, arena.x, arena.y, arena.w, arena.h));
        CHECK(box->Pos.y + box->Size.y <= 720.0f + 0.5f);
    }
}

TEST_CASE("predict in class shows no earlier student's score, and a lesson ends with a summary")
{
    auto app = openApp(18.0f);
    loadLesson(*app, 1);
    settle(*app);
    // An earlier student's run at the desk.
    gui::PredictState& p = app->panels().predict.state();
    p.right = 4;
    p.answered = 5;
    // The teacher opens the lesson again for the class.
    loadLesson(*app, 1);
    app->lab().seek(0);
    app->setPresentation(true);
    settle(*app);
    type(*app, "p");
    REQUIRE(p.phase == gui::PredictState::Phase::asking);
    settle(*app);
    REQUIRE(predictBox() != nullptr);
    const std::string title = predictBox()->Name;
    CAPTURE(title);
    CHECK(title.find("4 of 5") == std::string::npos);
    CHECK(title.find("1 question") != std::string::npos);

    // Through to the end: Enter reveals, Enter goes on, Right steps.
    for (int guard = 0; guard < 400 && p.phase != gui::PredictState::Phase::summary; ++guard) {
        if (p.phase == gui::PredictState::Phase::asking || p.phase == gui::PredictState::Phase::revealed) press(*app, Key::enter);
        else press(*app, Key::right);
    }
    CHECK(app->lab().atEnd());
    CHECK(p.asked >= 2);
    settle(*app);
    CHECK(p.phase == gui::PredictState::Phase::summary);
    const auto& shown = p.shown;
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front().find("The end. " + std::to_string(p.asked) + " question") == 0);
    press(*app, Key::enter);
    CHECK(p.phase == gui::PredictState::Phase::idle);
}

TEST_CASE("the first screen: lesson 1 at step 0 with its introduction, one key from its first step; Help > Getting started")
{
    auto app = openApp(18.0f);
    CHECK(app->start("").empty());
    settle(*app);
    REQUIRE(app->lab().text() == lab::lessons()[0].text);
    CHECK(app->lab().cursor() == 0);
    CHECK(app->document().untitled());
    const auto& texts = app->ui().layout_record.texts;
    CHECK(std::any_of(texts.begin(), texts.end(), [](const gui::RecordedRect& t) { return t.what == "intro"; }));
    CHECK(app->ui().status.find("Getting started") != std::string::npos);
    // One action: the first step.
    press(*app, Key::right);
    CHECK(app->lab().cursor() == 1);
    // The hint spoke of the first step: past it, it goes (it stayed until the
    // last step, saying "Right takes its first step" there).
    tick(*app);
    CHECK(app->ui().status.find("Getting started") == std::string::npos);

    // Help > Getting started: the first five minutes, and a way into lesson 1.
    app->lab().seek(5);
    tick(*app);
    click(*app, app->commands().drawnItem("menu:Help")->x + 4, app->commands().drawnItem("menu:Help")->y + 4);
    tick(*app);
    const auto item = app->commands().drawnItem("Getting started");
    REQUIRE(item.has_value());
    click(*app, item->x + item->w / 2, item->y + item->h / 2);
    settle(*app);
    const ImGuiWindow* help = ImGui::FindWindowByName("Getting started");
    REQUIRE(help != nullptr);
    CHECK(help->WasActive);
    const auto start = app->commands().drawnItem("start:lesson 1");
    REQUIRE(start.has_value());
    click(*app, start->x + start->w / 2, start->y + start->h / 2);
    settle(*app);
    CHECK(app->lab().cursor() == 0);
    CHECK(app->lab().text() == lab::lessons()[0].text);
}

TEST_CASE("the file dialog: Enter after a single click on a file opens it")
{
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "arenalab-class-dialog";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "one.arena") << "o = alloc 1\n"; }
    auto app = openApp(16.0f);
    app->loadText("a = alloc 8\n", "start.arena");
    settle(*app);
    press(*app, Key::o, true);
    REQUIRE(app->fileDialogOpen());
    type(*app, dir.string());
    press(*app, Key::enter); // into the folder
    tick(*app);
    const auto entry = app->commands().drawnItem("entry:one.arena");
    REQUIRE(entry.has_value());
    click(*app, entry->x + entry->w / 2, entry->y + entry->h / 2); // one click: picked
    tick(*app);
    REQUIRE(app->fileDialogOpen());
    press(*app, Key::enter);
    tick(*app);
    CHECK_FALSE(app->fileDialogOpen());
    CHECK(app->lab().text() == "o = alloc 1\n");
    std::filesystem::remove_all(dir);
}

TEST_CASE("an invalid Size does not push the fields below it while it is typed")
{
    auto app = openApp(18.0f);
    app->loadText("a = alloc 8\n", "mine.arena");
    for (const int w : {1280, 1366, 1024}) {
        CAPTURE(w);
        gui::ControlsPanelState& c = app->panels().controls.state();
        c.size = "24";
        settle(*app, w, 720);
        const float align_y = c.align_field_y;
        REQUIRE(align_y > 0.0f);
        for (const char* typed : {"0", "99999999999999999999", "1x"}) {
            CAPTURE(typed);
            c.size = typed; // as typed into the field, one frame after another
            settle(*app, w, 720);
            CHECK(c.align_field_y == align_y);
        }
    }
}

namespace {

// The panel window `name` as drawn this frame (its title, or its ### id in another language).
const ImGuiWindow* drawnPanel(const char* name)
{
    const ImGuiWindow* w = ImGui::FindWindowByName(name);
    if (w == nullptr) w = ImGui::FindWindowByName((std::string("###") + name).c_str());
    return w != nullptr && w->WasActive ? w : nullptr;
}

} // namespace

TEST_CASE("the smallest window, 1024x600: the arena view no strip, the step buttons whole, every panel there; below it one line says what is left out")
{
    auto app = openApp(18.0f);
    struct Size {
        int w, h;
    };
    for (const lab::Lesson& lesson : lab::lessons()) {
        loadLesson(*app, static_cast<std::size_t>(&lesson - lab::lessons().data()) + 1);
        const std::size_t steps = app->lab().steps();
        for (const std::size_t cursor : {std::size_t{0}, steps}) {
            const std::vector<Size> sizes = fewSizes() ? std::vector<Size>{{1024, 600}, {900, 600}}
                                                       : std::vector<Size>{{1024, 600}, {900, 600}, {1023, 700}, {1280, 599}, {640, 480}};
            for (const Size size : sizes) {
                CAPTURE(lesson.file_name);
                CAPTURE(cursor);
                CAPTURE(size.w);
                CAPTURE(size.h);
                app->lab().seek(cursor);
                keepSettled(*app, "small-" + std::to_string(size.w) + "x" + std::to_string(size.h) + "-" + std::string(lesson.file_name.substr(0, 2)), size.w, size.h);
                const gui::LayoutRecord& rec = app->ui().layout_record;
                const float line = rec.body_font_px;
                // The arena view keeps ten lines of text: a few buffer rows, never a strip.
                CHECK(app->arenaRect().h >= gui::min_arena_lines * line - 0.5f);
                CHECK(app->arenaRect().w >= 0.4f * static_cast<float>(size.w));
                // The step buttons (transport and scrubber) whole in the Step panel, in the window.
                const gui::RecordedRect* controls = recordedText(rec, "step controls");
                REQUIRE(controls != nullptr);
                CHECK(controls->h >= 2.0f * line);
                CHECK(controls->y + controls->h <= static_cast<float>(size.h));
                CHECK(recordedText(rec, "title") != nullptr);
                // From 1024x600 up every panel is there, each tall enough to
                // read a few lines; below, the right column goes and the menu
                // bar says so in one line.
                const bool full = !gui::belowMinimum(static_cast<float>(size.w), static_cast<float>(size.h));
                // Every text drawn (the lesson's, the child's cells, the
                // status message, the notice) whole inside its panel; below
                // the minimum the lesson's text may scroll above the step
                // buttons (docs/guarantees.md), never cut at the sides.
                for (const gui::RecordedRect& t : rec.texts) {
                    CAPTURE(t.what);
                    CHECK(t.x >= t.px - 0.5f);
                    CHECK(t.x + t.w <= t.px + t.pw + 0.5f);
                    if (full) {
                        CHECK(t.y >= t.py - 0.5f);
                        CHECK(t.y + t.h <= t.py + t.ph + 0.5f);
                    }
                    CHECK(t.what != "status message (cut)");
                }
                for (const std::string name : {"Controls", "Script", "Step", "Source", "Child allocator", "Stats"}) {
                    CAPTURE(name);
                    const bool right_column = name != "Controls" && name != "Script" && name != "Step";
                    // The Source panel is named after the port it shows (Zig 0.16's in lessons 12 to 14).
                    const ImGuiWindow* panel = name != "Source" ? drawnPanel(name.c_str())
                                               : drawnPanel("Source: arena_allocator.hpp") != nullptr
                                                   ? drawnPanel("Source: arena_allocator.hpp")
                                                   : drawnPanel("Source: arena_allocator_016.hpp");
                    CHECK((panel != nullptr) == (full || !right_column));
                    if (panel != nullptr) CHECK(panel->Size.y >= 5.0f * line);
                }
                const gui::RecordedRect* notice = recordedText(rec, "small window notice");
                CHECK((notice != nullptr) == !full);
                if (notice != nullptr) CHECK(notice->text.find("1024x600") != std::string::npos);
            }
        }
    }
    // Presentation mode at 1024x600: the lesson's text whole, nothing of the
    // Step panel or the numbers to scroll to, every buffer row in view.
    app->setPresentation(true);
    for (const lab::Lesson& lesson : lab::lessons()) {
        CAPTURE(lesson.file_name);
        loadLesson(*app, static_cast<std::size_t>(&lesson - lab::lessons().data()) + 1);
        gui::showFullestMoment(app->lab());
        settle(*app, 1024, 600);
        checkWhole(app->ui().layout_record);
        CHECK(recordedText(app->ui().layout_record, "small window notice") == nullptr);
        const gui::ArenaLayout& l = app->arenaRenderer().memory.layout;
        CHECK(l.rows_below == 0);
        CHECK(l.rows_above == 0);
    }
}

TEST_CASE("no Child allocator cell and no status message is cut at 1280x720, 1366x768 and 1920x1080, in both modes")
{
    // Issue 24: "41 ste..." in the status bar, "15: reset ret..." in the
    // Child allocator's cells. Every cell drawn lies inside its column, and
    // the status bar's message is whole (beside the step, or on rows of its
    // own under it), for every lesson at its end (its most calls) and for
    // the first screen's directions.
    auto app = openApp(18.0f);
    std::size_t cells = 0;
    for (const bool presentation : {false, true}) {
        app->setPresentation(presentation);
        const std::vector<std::pair<int, int>> sizes = fewSizes() ? std::vector<std::pair<int, int>>{{1366, 768}}
                                                                  : std::vector<std::pair<int, int>>{{1280, 720}, {1366, 768}, {1920, 1080}};
        for (const auto& each : sizes) {
            const auto& w = each.first;
            const auto& h = each.second;
            const auto check = [&](const std::string& what) {
                CAPTURE(presentation);
                CAPTURE(w);
                CAPTURE(what);
                const gui::LayoutRecord& rec = app->ui().layout_record;
                const gui::RecordedRect* message = recordedText(rec, "status message");
                REQUIRE(message != nullptr);
                CHECK(message->text == app->ui().status);
                CHECK(recordedText(rec, "status message (cut)") == nullptr);
                CHECK(message->x + message->w <= static_cast<float>(w) + 0.5f);
                CHECK(message->y + message->h <= static_cast<float>(h) + 0.5f);
                for (const gui::RecordedRect& t : rec.texts) {
                    if (t.what != "child cell") continue;
                    ++cells;
                    CAPTURE(t.text);
                    CHECK(t.x >= t.px - 0.5f);
                    CHECK(t.x + t.w <= t.px + t.pw + 0.5f);
                }
            };
            app->start("");
            settle(*app, w, h);
            check("the first screen");
            for (const lab::Lesson& lesson : lab::lessons()) {
                app->loadText(std::string(lesson.text), std::string(lesson.file_name));
                app->lab().seek(app->lab().steps());
                settle(*app, w, h);
                check(std::string(lesson.file_name));
            }
        }
    }
    CHECK(cells > (fewSizes() ? 30u : 100u)); // the normal layout drew the calls of every lesson
}

TEST_CASE("the Child allocator's settings and the numbers strip say byte counts as the picture's labels do")
{
    // The settings read "limit=4882KiB"-like text of their own before, and
    // the strip "2,250,033 B": each is lab::bytesShort now, with the
    // Controls panel's words (Resize, Page, Offset, Limit).
    auto app = openApp(18.0f);
    app->loadText("child limit=5000000\na = alloc 1500000\nb = alloc 300\n", "big.arena");
    app->lab().seek(app->lab().steps());
    const auto texts = [&](const char* what) {
        std::vector<std::string> out;
        for (const gui::RecordedRect& t : app->ui().layout_record.texts)
            if (t.what == what) out.push_back(t.text);
        return out;
    };
    app->setPresentation(false);
    settle(*app, 1280, 720);
    CHECK(texts("child setting") == std::vector<std::string>{"Resize pages", "Page 4,096 B", "Offset 0 B", "Limit 4882.8 KiB"});
    app->setPresentation(true);
    settle(*app, 1280, 720);
    CHECK(texts("numbers cell") == std::vector<std::string>{"end_index 1,500,300", "capacity 2197.3 KiB", "nodes 1",
                                                            "child holds 2197.3 KiB", "free after end_index 749,733 B"});
}

TEST_CASE("the recovery prompt counts a 23-line script as 23 lines, with or without its last line ending")
{
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "arenalab-class-recovery";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string script;
    for (int i = 1; i <= 23; ++i) script += "a" + std::to_string(i) + " = alloc 8\n";
    { std::ofstream(dir / "recovery-1-1.arena") << lab::Recovery::encode("ended.arena", "", 1764000000, script); }
    { std::ofstream(dir / "recovery-1-2.arena") << lab::Recovery::encode("unended.arena", "", 1764000000, script.substr(0, script.size() - 1)); }
    auto app = openApp(16.0f, dir.string());
    REQUIRE(app->recoveryOffers().size() == 2);
    settle(*app);
    std::size_t said = 0;
    for (const gui::RecordedRect& t : app->ui().layout_record.texts) {
        if (t.what != "recovery offer") continue;
        ++said;
        CAPTURE(t.text);
        CHECK(t.text.find(", 23 lines,") != std::string::npos);
    }
    CHECK(said == 2);
    // The same count as the Script panel's "lines:" and the Lab's.
    CHECK(lab::countLines(script) == 23);
    CHECK(lab::countLines(script.substr(0, script.size() - 1)) == 23);
    CHECK(lab::countLines("") == 0);
    CHECK(lab::countLines("\n") == 1);
    app->keepRecoveryForLater();
    app.reset();
    std::filesystem::remove_all(dir);
}
