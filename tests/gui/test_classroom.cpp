// Controlling a lesson in front of a class (issue 24): a presenter's
// clicker (Page Down / Page Up, B or period to blank), every key press
// counted however slow the frame, and a lesson's later lines never
// replaced by one key without asking. Through ImGui's events, as a
// person's keys arrive.
#include <doctest/doctest.h>

#include <cstddef>
#include <string>

#include "gui/app.hpp"
#include "gui/platform/keys.hpp"
#include "lab/lab.hpp"
#include "lab/lessons.hpp"
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
    frame(app);
    for (int i = 0; i < n; ++i) {
        app.queueKey(key, true);
        app.queueKey(key, false);
    }
    for (int i = 0; i < 2 * n + 4; ++i) frame(app);
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
        settled(*app);
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
    settled(*app);
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
        settled(*app);
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
    settled(*app);
    const std::string lesson_text = app->lab().text();
    REQUIRE(app->lab().linesAnActionReplaces() > 20);

    // 2 (reset retain_capacity): asked, and Esc keeps the lesson.
    type(*app, '2');
    CHECK(app->askingBeforeAction());
    CHECK(app->lab().text() == lesson_text);
    press(*app, Key::escape);
    frame(*app);
    CHECK_FALSE(app->askingBeforeAction());
    CHECK(app->ui().presentation); // Esc answered the question, it did not leave presentation mode
    CHECK(app->lab().text() == lesson_text);
    CHECK(app->lab().cursor() == 12);

    // Again, and Enter replaces.
    type(*app, '2');
    REQUIRE(app->askingBeforeAction());
    press(*app, Key::enter);
    settled(*app);
    CHECK_FALSE(app->askingBeforeAction());
    CHECK(app->lab().text() != lesson_text);
    CHECK(app->lab().text().find("reset retain_capacity") != std::string::npos);

    // At a lesson's end nothing is replaced: no question.
    loadLesson(*app, 2);
    app->lab().seek(app->lab().steps());
    settled(*app);
    type(*app, '2');
    CHECK_FALSE(app->askingBeforeAction());
    settled(*app);
    CHECK(app->lab().text() != std::string(lab::lessons()[1].text));

    // One's own script, in the past: one key, at once.
    app->setPresentation(false);
    app->loadText("a = alloc 8\nb = alloc 16\nc = alloc 32\nfree c\n", "mine.arena");
    app->lab().seek(1);
    settled(*app);
    const std::string mine = app->lab().text();
    type(*app, '2');
    CHECK_FALSE(app->askingBeforeAction());
    settled(*app);
    CHECK(app->lab().text() != mine);
}
