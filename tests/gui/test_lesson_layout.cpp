// The lesson-first layout, checked from what the window recorded while it
// drew (ViewState::layout_record), not from pixels alone: every lesson at its
// first, middle and last steps, at each supported size, in normal and
// presentation mode. Its title, its introduction at step 0, the
// explanation and the caption are whole inside their panel; no control of
// the Controls, the Step panel or the numbers strip needs scrolling; and in
// presentation mode the body text is at least 1/36 of the window's height.
//
// ARENALAB_LAYOUT_SIZES=one runs 1280x720 only (the sanitizer build: every
// size runs the same code, and all four run in the release build), =small
// the two laptop sizes; ARENALAB_GUI_SHOTS=DIR keeps every frame checked.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui_internal.h> // the Source panel's listing: its scroll

#include "gui/layout.hpp"
#include "gui/panels.hpp"
#include "lab/lab.hpp"
#include "lab/lessons.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;

namespace {

struct Size {
    int w, h;
};

std::vector<Size> supportedSizes()
{
    const char* only = std::getenv("ARENALAB_LAYOUT_SIZES");
    if (only != nullptr && std::string(only) == "one") return {{1280, 720}};
    if (only != nullptr && std::string(only) == "small") return {{1280, 720}, {1366, 768}};
    return {{1280, 720}, {1366, 768}, {1920, 1080}, {3840, 2160}};
}

// Whether `size` is one the matrix checks.
bool supported(const Size& size)
{
    for (const Size& s : supportedSizes())
        if (s.w == size.w && s.h == size.h) return true;
    return false;
}

// Everything the record says about one frame.
void checkFrame(gui::App& app, const Size& size, bool presentation, std::size_t cursor)
{
    const gui::LayoutRecord& rec = app.ui().layout_record;
    const lab::Lab& lab = app.lab();
    // The lesson's title always; the intro at step 0; else the explanation,
    // and the caption wherever the operation has one.
    CHECK(recordedText(rec, "title") != nullptr);
    if (cursor == 0) {
        CHECK(recordedText(rec, "intro") != nullptr);
    } else {
        CHECK(recordedText(rec, "explanation") != nullptr);
        const lab::OpEntry* op = lab.currentOp();
        REQUIRE(op != nullptr);
        if (lab.captionFor(op->line) != nullptr) CHECK(recordedText(rec, "caption") != nullptr);
    }
    // Whole: inside the visible part of their panel, and nothing of the
    // Step, Controls or Numbers panels out of sight.
    guitest::checkWhole(rec);
    if (presentation) CHECK(rec.body_font_px >= static_cast<float>(size.h) / 36.0f);
    (void)size;
    // Wrapped by the one wrapper: every line of the Step panel's text in
    // the record, and no number or identifier cut in two ("1," / "100.").
    for (const gui::RecordedRect& t : rec.texts) {
        // Rectangles of things that are not wrapped text: where they were drawn.
        if (t.what == "script editor" || t.what == "step controls" || t.what.starts_with("status message")) continue;
        CAPTURE(t.what);
        CAPTURE(t.text);
        REQUIRE(!t.text.empty());
        REQUIRE(!t.lines.empty());
        const auto word_char = [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ',' ||
                   c == '.' || c == '-';
        };
        std::size_t at = 0;
        for (std::size_t k = 0; k < t.lines.size(); ++k) {
            const std::size_t pos = t.text.find(t.lines[k], at);
            REQUIRE(pos != std::string::npos);
            CHECK(t.text.find_first_not_of(" \n", at) >= pos); // nothing left out between lines
            if (k > 0 && pos == at && !t.lines[k].empty())
                CHECK_MESSAGE(!(word_char(t.text[pos - 1]) && word_char(t.text[pos])),
                              "cut: '" << t.lines[k - 1] << "' / '" << t.lines[k] << "'");
            at = pos + t.lines[k].size();
        }
    }
}

} // namespace

TEST_CASE("every lesson's title, intro, explanation and caption are whole, at every supported size, in both modes")
{
    auto app = openApp(18.0f); // the window's default text size
    for (const bool presentation : {false, true}) {
        app->setPresentation(presentation);
        for (const Size& size : supportedSizes()) {
            for (const lab::Lesson& lesson : lab::lessons()) {
                app->loadText(std::string(lesson.text), std::string(lesson.file_name));
                const std::size_t steps = app->lab().steps();
                for (const std::size_t cursor : {std::size_t{0}, steps / 2, steps}) {
                    CAPTURE(presentation);
                    CAPTURE(size.w);
                    CAPTURE(lesson.file_name);
                    CAPTURE(cursor);
                    app->lab().seek(cursor);
                    tick(*app, size.w, size.h); // ImGui sizes windows from the frame before
                    // The checks read the layout record alone, so the frames
                    // are built, not drawn (drawing is most of a frame's cost
                    // on the software renderer); each size is still drawn
                    // once in each mode, and every frame with
                    // ARENALAB_GUI_SHOTS, to be looked at.
                    if (shotsDir() == nullptr && &lesson == &lab::lessons().front() && cursor == 0)
                        app->drawOffscreen(size.w, size.h);
                    else
                        keepFrame(*app,
                                  std::string(presentation ? "present-" : "normal-") + std::to_string(size.w) + "x" +
                                      std::to_string(size.h) + "-" + std::string(lesson.file_name.substr(0, 2)) + "-" +
                                      std::to_string(cursor),
                                  size.w, size.h);
                    checkFrame(*app, size, presentation, cursor);
                }
            }
        }
    }
}

TEST_CASE("done when: every caption of every lesson, whole, at 1280x720 with F5 and on a 1366x768 laptop")
{
    auto app = openApp(18.0f);
    std::size_t passes = 0;
    for (const auto& each : {std::pair{true, Size{1280, 720}}, std::pair{false, Size{1366, 768}}}) {
        const auto& presentation = each.first;
        const auto& size = each.second;
        if (!supported(size)) continue; // ARENALAB_LAYOUT_SIZES=one: 1280x720 with F5 only
        ++passes;
        app->setPresentation(presentation);
        for (const lab::Lesson& lesson : lab::lessons()) {
            app->loadText(std::string(lesson.text), std::string(lesson.file_name));
            const lab::History& h = app->lab().history();
            // Each operation's first step, where its caption first shows.
            for (std::size_t op = 0; op < h.opCount(); ++op) {
                CAPTURE(presentation);
                CAPTURE(lesson.file_name);
                CAPTURE(op);
                const std::size_t cursor = std::min(h.opStepsEnd(op), h.op(op).steps_begin + 1);
                app->lab().seek(cursor);
                settle(*app, size.w, size.h);
                checkFrame(*app, size, presentation, cursor);
            }
        }
    }
    CHECK(passes >= 1);
}

TEST_CASE("the Step panel's text never cuts a grouped number: lesson 2 step 16 at 1366x768, lesson 9 step 20")
{
    // Dear ImGui 1.86 ended lines after any comma: "end_index 1," / "100.".
    auto app = openApp(18.0f);
    for (const auto& each : {std::pair{std::size_t{2}, std::size_t{16}}, std::pair{std::size_t{9}, std::size_t{20}}}) {
        const auto& lesson = each.first;
        const auto& step = each.second;
        for (const bool presentation : {false, true}) {
            for (const Size& size : {Size{1280, 720}, Size{1366, 768}, Size{1920, 1080}}) {
                CAPTURE(lesson);
                CAPTURE(presentation);
                CAPTURE(size.w);
                app->setPresentation(presentation);
                const lab::Lesson& l = lab::lessons()[lesson - 1];
                app->loadText(std::string(l.text), std::string(l.file_name));
                app->lab().seek(step);
                settle(*app, size.w, size.h);
                checkFrame(*app, size, presentation, step);
            }
        }
    }
}

TEST_CASE("at 1280x720 every section of the Controls opens without scrolling")
{
    auto app = openApp(18.0f);
    app->loadText(std::string(lab::lessons()[0].text), std::string(lab::lessons()[0].file_name));
    for (int section = 0; section < 4; ++section) {
        CAPTURE(section);
        app->panels().controls.state().open_section = section;
        settle(*app, 1280, 720);
        bool seen = false;
        for (const gui::PanelOverflow& p : app->ui().layout_record.panels) {
            if (p.panel != "Controls") continue;
            seen = true;
            CHECK(p.scroll_max_x == 0.0f);
            CHECK(p.scroll_max_y == 0.0f);
        }
        CHECK(seen);
    }
}

TEST_CASE("presentation mode: the Controls folded away, C shows them, a control's key shows them too")
{
    auto app = openApp(18.0f);
    app->loadText("a = alloc 10\n", "p.arena");
    app->setPresentation(true);
    settle(*app, 1280, 720);
    CHECK_FALSE(app->ui().presentation_controls);
    CHECK(app->arenaRect().x == 0.0f); // the arena view takes the whole width
    app->commands().run(gui::CommandId::presentation_controls);
    keepSettled(*app, "present-1280x720-controls-open", 1280, 720);
    CHECK(app->arenaRect().x > 0.0f);
    app->commands().run(gui::CommandId::presentation_controls);
    settle(*app, 1280, 720);
    CHECK(app->arenaRect().x == 0.0f);
    // The numbers a lesson talks about are on screen, in a strip.
    bool strip = false;
    for (const gui::PanelOverflow& p : app->ui().layout_record.panels) strip = strip || p.panel == "Numbers";
    CHECK(strip);
}

TEST_CASE("Source panel: the statement doing the step's work is highlighted, not its observe call")
{
    gui::SourcePanelState s;
    gui::prepareSourcePanel(s);
    REQUIRE(!s.lines.empty());
    lab::Lab lab;
    REQUIRE(lab.load("a = alloc 1\nb = alloc 2\nfree b\nc = alloc 5000\nreset retain_capacity\nd = alloc 3\n"
                     "reset retain_with_limit 10\nreset free_all\n",
                     "work.arena"));
    std::size_t checked = 0;
    for (std::size_t i = 0; i < lab.steps(); ++i) {
        const arena::Step& step = lab.history().step(i).step;
        const std::size_t observed = step.where.line();
        if (observed == 0 || observed > s.lines.size()) continue;
        CAPTURE(arena::stepName(step.kind));
        const gui::SourceLine& call = s.lines[observed - 1];
        REQUIRE(call.observe); // the step is recorded by an observe call...
        const std::size_t work = gui::sourceWorkLine(s, observed);
        REQUIRE(work >= 1);
        REQUIRE(work <= s.lines.size());
        CHECK_FALSE(s.lines[work - 1].observe); // ...and the highlight is on Zig's logic
        const std::string text(s.lines[work - 1].text);
        CHECK(text.find_first_not_of(" \t") != std::string::npos);
        CHECK(text.substr(text.find_first_not_of(" \t")).rfind("//", 0) == std::string::npos); // code, not a comment
        if (step.kind == arena::StepKind::fits_bumped)
            CHECK(std::string(s.lines[work - 1].text).find("state.end_index = new_end_index") != std::string::npos);
        ++checked;
    }
    CHECK(checked > 10);
}

TEST_CASE("while a lesson plays, the Step panel's caption and its buttons stay where they were")
{
    // The panel is as tall as the lesson's tallest step; a shorter
    // explanation used to pull the caption and the buttons up a line, and
    // the next step pushed them down again.
    auto app = openApp(18.0f);
    const lab::Lesson& lesson = lab::lessons()[1];
    app->loadText(std::string(lesson.text), std::string(lesson.file_name));
    for (const bool presentation : {false, true}) {
        for (const Size& size : supportedSizes()) {
            CAPTURE(presentation);
            CAPTURE(size.w);
            app->setPresentation(presentation);
            float controls_y = -1.0f;
            std::optional<std::size_t> op;
            float caption_y = -1.0f; // none yet in this operation
            std::size_t held = 0;
            for (std::size_t p = 0; p <= app->lab().steps(); ++p) {
                CAPTURE(p);
                app->lab().seek(p);
                settle(*app, size.w, size.h);
                const gui::LayoutRecord& rec = app->ui().layout_record;
                const gui::RecordedRect* controls = recordedText(rec, "step controls");
                REQUIRE(controls != nullptr);
                if (controls_y < 0.0f) controls_y = controls->y;
                CHECK(controls->y == doctest::Approx(controls_y));
                const std::optional<std::size_t> now = app->lab().currentOpIndex();
                const gui::RecordedRect* caption = recordedText(rec, "caption");
                if (now != op || caption == nullptr) {
                    op = now;
                    caption_y = -1.0f;
                }
                if (caption == nullptr) continue;
                if (caption_y >= 0.0f) {
                    CHECK(caption->y == doctest::Approx(caption_y));
                    ++held;
                }
                caption_y = caption->y;
            }
            CHECK(held > 20); // lesson 2: 33 steps in 5 operations, each with its caption
        }
    }
}

TEST_CASE("Source panel: the listing holds still while the steps stay in view, and moves by whole pages")
{
    // It used to centre each step's line unless it sat well inside the
    // view, and to scroll sideways to every long line: the whole listing
    // moved at nearly every step.
    auto app = openApp(18.0f);
    const lab::Lesson& lesson = lab::lessons()[1];
    app->loadText(std::string(lesson.text), std::string(lesson.file_name));
    gui::SourcePanelState source;
    gui::prepareSourcePanel(source);
    const auto listing = [] {
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            if (w->WasActive && std::string_view(w->Name).starts_with("Source: arena_allocator.hpp/##source")) return w;
        return static_cast<ImGuiWindow*>(nullptr);
    };
    std::optional<ImVec2> before;
    float view_h = 0.0f;
    std::size_t held = 0, moved = 0;
    for (std::size_t p = 1; p <= app->lab().steps(); ++p) {
        CAPTURE(p);
        app->lab().seek(p);
        settle(*app, 1280, 720);
        const ImGuiWindow* w = listing();
        REQUIRE(w != nullptr);
        const lab::StepEntry* step = app->lab().currentStep();
        REQUIRE(step != nullptr);
        const std::size_t line = gui::sourceWorkLine(source, step->step.where.line());
        REQUIRE(line >= 1);
        const float line_h = w->CalcFontSize();
        const float y = static_cast<float>(line - 1) * line_h;
        // The current line is whole in view, with a line to spare above and below.
        CHECK(y >= w->Scroll.y + line_h - 0.5f);
        CHECK(y + 2.0f * line_h <= w->Scroll.y + w->Size.y - w->ScrollbarSizes.y + 0.5f);
        if (before && y >= before->y + line_h - 0.5f && y + 2.0f * line_h <= before->y + view_h + 0.5f) {
            // It was in view already: nothing scrolls, either way.
            CHECK(w->Scroll.y == before->y);
            CHECK(w->Scroll.x == before->x);
            ++held;
        } else if (before) {
            ++moved;
        }
        before = ImVec2(w->Scroll.x, w->Scroll.y);
        view_h = w->Size.y - w->ScrollbarSizes.y;
    }
    CHECK(held >= 3); // lesson 2 at 1280x720: 3 steps stay on the page of the step before
    CHECK(moved >= 5);
}

TEST_CASE("F fits every buffer row in the view, in both modes at 1280x720")
{
    auto app = openApp(18.0f);
    app->loadText("child resize=never\na = alloc 10\nb = alloc 100\nc = alloc 1000\nd = alloc 10000\n", "rows.arena");
    for (const bool presentation : {false, true}) {
        CAPTURE(presentation);
        app->setPresentation(presentation);
        app->commands().run(gui::CommandId::fit_view);
        settle(*app, 1280, 720);
        const gui::ArenaLayout& l = app->arenaRenderer().memory.layout;
        CHECK(app->lab().picture().nodes.size() == 4);
        CHECK(l.rows_below == 0);
        CHECK(l.rows_above == 0);
        CHECK(l.metrics.font_px >= 0.6f * app->ui().font_size - 1.0f); // still text, not specks
    }
}

TEST_CASE("a lesson chosen from the Lessons menu starts at the teaching speed, whatever the speed was")
{
    auto app = openApp(18.0f);
    const auto lessons = lab::lessons();
    REQUIRE(lessons.size() >= 2);
    app->loadText(std::string(lessons[0].text), std::string(lessons[0].file_name));
    settle(*app);
    // Someone sped the playback up and is playing.
    app->ui().steps_per_second = 40.0f;
    app->ui().playing = true;
    tick(*app);
    REQUIRE(app->ui().steps_per_second == 40.0f); // the speed holds while nothing is loaded

    // Lessons > 2., by the mouse.
    const auto clickItem = [&](const std::string& key) {
        const std::optional<gui::ItemRect> r = app->commands().drawnItem(key);
        REQUIRE_MESSAGE(r.has_value(), key);
        click(*app, r->x + r->w / 2, r->y + r->h / 2);
    };
    clickItem("menu:Lessons");
    tick(*app);
    clickItem("lesson:" + std::string(lessons[1].file_name));
    tick(*app);
    REQUIRE(app->lab().text() == lessons[1].text);
    CHECK(app->ui().steps_per_second == gui::teaching_steps_per_second);
    CHECK(gui::teaching_steps_per_second == 2.0f);
    CHECK_FALSE(app->ui().playing);
    CHECK(app->lab().cursor() == 0);

    // The same after a file is opened.
    app->ui().steps_per_second = 0.5f;
    test_support::Scratch scratch;
    const auto path = scratch.write("fast.arena", "a = alloc 8\nb = alloc 16\n");
    REQUIRE(app->loadFile(path.string()));
    CHECK(app->ui().steps_per_second == gui::teaching_steps_per_second);
}

TEST_CASE("the arena view's title: mouse hints at the desk, the lesson's title on a projector")
{
    auto app = openApp(18.0f);
    const auto lessons = lab::lessons();
    REQUIRE_FALSE(lessons.empty());
    app->loadText(std::string(lessons[0].text), std::string(lessons[0].file_name));
    settle(*app);
    CHECK(app->ui().layout_record.arena_title.find("wheel: zoom") != std::string::npos);
    app->setPresentation(true);
    settle(*app);
    const std::string title = app->ui().layout_record.arena_title;
    CHECK(title.find("wheel") == std::string::npos);
    CHECK(title == "Arena: " + std::string(lab::lessonTitle(lessons[0].text)));
    // A script that is no lesson: just the view's name.
    app->loadText("a = alloc 8\n", "plain.arena");
    settle(*app);
    CHECK(app->ui().layout_record.arena_title == "Arena");
}
