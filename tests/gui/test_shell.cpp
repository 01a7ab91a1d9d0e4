// The window's shell: what belongs to one window stays with it. A second
// window in the same process starts with every panel fresh.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h> // ImGui::FindWindowByName: which windows a frame drew

#include <filesystem>
#include <optional>
#include <utility>
#include <tuple>
#include <vector>
#include <fstream>
#include <string>

#include "gui/layout.hpp"
#include "gui/thread_colours.hpp"
#include "gui/widgets.hpp"
#include "gui/platform/keys.hpp"
#include "lab/link.hpp"
#include "lab/runner.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;

namespace {

constexpr const char* shell_script = "a = alloc 24\nb = alloc 100 align=16\nfree b\nc = alloc 8\n";

// Whether the current ImGui context drew the window `name` in its last frame.
bool drawnThisFrame(const char* name)
{
    const ImGuiWindow* window = ImGui::FindWindowByName(name);
    return window != nullptr && window->Active;
}

} // namespace

TEST_CASE("a second window starts fresh: no panel keeps the first window's state")
{
    auto first = openApp(16.0f);
    first->loadText(shell_script, "first.arena");
    first->lab().seek(2);
    settle(*first);
    // The first window's panels followed its Lab and built their caches...
    const gui::Panels& p1 = first->panels();
    CHECK(p1.script.state().followed == gui::LabMark{first->lab().revision(), 2});
    CHECK(p1.source.state().followed == gui::LabMark{first->lab().revision(), 2});
    CHECK(p1.child_log.state().seen == gui::LabMark{first->lab().revision(), 2});
    CHECK(p1.stats.state().revision == first->lab().revision());
    CHECK_FALSE(p1.stats.state().op_index.empty());
    CHECK(first->ui().picture_stats.key.has_value());
    CHECK(p1.source.state().prepared);
    CHECK(p1.controls.state().names_revision == first->lab().revision());
    // ...and a person typed into some fields.
    first->panels().controls.state().size = "4096";
    first->panels().controls.state().reset_limit = "1";
    first->panels().script.state().path_field = "somewhere/else.arena";

    // A second window, the first still open: every panel as new.
    auto second = openApp(16.0f);
    const gui::Panels& p2 = second->panels();
    const gui::Panels fresh;
    CHECK(p2.controls.state().size == fresh.controls.state().size);
    CHECK(p2.controls.state().reset_limit == fresh.controls.state().reset_limit);
    CHECK(p2.controls.state().names_revision == fresh.controls.state().names_revision);
    CHECK(p2.script.state().path_field.empty());
    CHECK(p2.script.state().followed == gui::LabMark{});
    CHECK(p2.source.state().followed == gui::LabMark{});
    CHECK_FALSE(p2.source.state().prepared);
    CHECK(p2.child_log.state().seen == gui::LabMark{});
    CHECK(p2.stats.state().op_index.empty());
    CHECK_FALSE(second->ui().picture_stats.key.has_value());

    // Drawn, it shows its own (empty) Lab, not the first one's figures.
    second->loadText("x = alloc 8\n", "second.arena");
    settle(*second);
    CHECK(second->panels().controls.state().size == "24");
    CHECK(second->panels().stats.state().op_index.size() == 1);
    CHECK(gui::pictureStats(second->lab(), second->ui()).capacity == second->lab().picture().stats().capacity);
    // The first window kept what was typed in it.
    CHECK(first->panels().controls.state().size == "4096");
}

TEST_CASE("the Script panel's Open and Save go through the document, as the File menu's do")
{
    const std::filesystem::path dir = std::filesystem::path(ARENALAB_TEST_DIR) / "panel-files";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "panel.arena").string();
    { std::ofstream(path) << "p = alloc 40\nq = alloc 8\n"; }

    auto app = openApp(16.0f);
    app->loadText(shell_script, "first.arena");
    app->ui().selected_handle = "a";
    app->arenaCamera().zoom = 3.0f;
    settle(*app);
    // What the panel's Open button (or Enter in its path field) asks for.
    app->panels().script.state().file_request = gui::ScriptPanelState::FileRequest{gui::ScriptPanelState::FileRequest::Kind::open, path};
    tick(*app);
    CHECK_FALSE(app->panels().script.state().file_request.has_value());
    CHECK(app->lab().text() == "p = alloc 40\nq = alloc 8\n");
    CHECK(app->lab().fileName() == lab::displayName(path)); // the name File > Open gives it
    CHECK(app->document().path() == path);
    CHECK_FALSE(app->hasUnsavedChanges());
    CHECK_FALSE(app->ui().selected_handle.has_value()); // the selection of the old script is gone
    settle(*app);
    CHECK(app->arenaCamera().zoom == doctest::Approx(1.0f)); // the view was refitted
    CHECK(app->panels().script.state().path_field == path);
    CHECK_FALSE(app->panels().script.state().file_error);

    // Save from the panel writes the editor's text and clears the unsaved mark.
    app->document().editor() += "r = alloc 1\n";
    app->document().noteEdit();
    CHECK(app->hasUnsavedChanges());
    const std::string copy = (dir / "copy.arena").string();
    app->panels().script.state().file_request = gui::ScriptPanelState::FileRequest{gui::ScriptPanelState::FileRequest::Kind::save, copy};
    tick(*app);
    CHECK(test_support::slurp(copy) == "p = alloc 40\nq = alloc 8\nr = alloc 1\n");
    CHECK(app->document().path() == copy);
    CHECK_FALSE(app->hasUnsavedChanges());

    // A folder is refused with a message, and nothing changes.
    app->panels().script.state().file_request = gui::ScriptPanelState::FileRequest{gui::ScriptPanelState::FileRequest::Kind::save, dir.string()};
    tick(*app);
    CHECK(app->panels().script.state().file_error);
    CHECK(app->ui().status.find("is a folder") != std::string::npos);
    CHECK(app->document().path() == copy);
}

namespace {

bool shiftsOverlap(std::optional<bool> a, std::optional<bool> b) { return !a || !b || *a == *b; }

} // namespace

TEST_CASE("keys act through the command table, as the menus and Help list them")
{
    using gui::platform::Key;
    auto app = openApp(16.0f);
    app->loadText(shell_script, "keys.arena");
    settle(*app);
    app->lab().seek(0);

    press(*app, Key::right);
    CHECK(app->lab().cursor() == 1);
    press(*app, Key::right, true); // Ctrl+Right: the end of the operation
    CHECK(app->lab().cursor() == app->lab().history().opStepsEnd(0));
    press(*app, Key::end);
    CHECK(app->lab().atEnd());
    press(*app, Key::left);
    CHECK(app->lab().cursor() == app->lab().steps() - 1);
    press(*app, Key::home);
    CHECK(app->lab().cursor() == 0);

    // A typed 'a' reaches the Controls panel, which allocates.
    press(*app, Key::end);
    const std::size_t ops = app->lab().history().opCount();
    type(*app, 'a');
    CHECK(app->lab().history().opCount() == ops + 1);
    CHECK(app->lab().text().find("a1 = alloc 24 align=8") != std::string::npos);
    // '1' resets with free_all.
    type(*app, '1');
    CHECK(app->lab().text().find("reset free_all") != std::string::npos);

    // Ctrl+= grows the text; F5 and Esc enter and leave presentation mode.
    const float size = app->ui().font_size;
    press(*app, Key::equal, true);
    CHECK(app->ui().font_size == doctest::Approx(size + 2));
    press(*app, Key::num0, true);
    CHECK(app->ui().font_size == doctest::Approx(16.0f));
    press(*app, Key::f5);
    CHECK(app->ui().presentation);
    press(*app, Key::escape);
    CHECK_FALSE(app->ui().presentation);

    // Ctrl+Q asks first: the keys appended lines that are not saved.
    press(*app, Key::q, true);
    CHECK(app->quitRequested());
    CHECK(app->frame()); // the window stays open...
    CHECK(app->confirmingQuit()); // ...and asks
}

TEST_CASE("the command table: every shortcut is listed once and no two collide")
{
    auto app = openApp(16.0f);
    const auto& all = app->commands().all();
    REQUIRE(all.size() > 30);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const gui::CommandDef& a = all[i];
        CAPTURE(a.label);
        CHECK(a.run); // nothing in the table does nothing
        const bool has_key = a.shortcut.key != gui::platform::Key::none || a.shortcut.typed != 0;
        // A shortcut that works is a shortcut Help shows (it lists the text).
        CHECK(has_key == (a.shortcut.text[0] != '\0'));
        for (std::size_t j = i + 1; j < all.size(); ++j) {
            const gui::CommandDef& b = all[j];
            CAPTURE(b.label);
            CHECK(a.id != b.id);
            if (!has_key) continue;
            const bool same_key = (a.shortcut.typed != 0 && a.shortcut.typed == b.shortcut.typed) ||
                                  (a.shortcut.key != gui::platform::Key::none &&
                                   (a.shortcut.key == b.shortcut.key || a.shortcut.key == b.shortcut.alt_key));
            CHECK_FALSE((same_key && a.shortcut.ctrl == b.shortcut.ctrl && shiftsOverlap(a.shortcut.shift, b.shortcut.shift)));
        }
    }
}

TEST_CASE("layout: the panels tile the space between the menu and the status bar, in both modes")
{
    for (const bool presentation : {false, true}) {
        for (const bool controls_open : {false, true}) {
            if (!presentation && !controls_open) continue; // normal mode always shows them
            for (const float step_h : {0.0f, 150.0f, 400.0f, 5000.0f}) {
                for (const float extra_h : {0.0f, 90.0f}) {
                    for (const auto& each : {std::pair{1280.0f, 720.0f}, std::pair{1366.0f, 768.0f}, std::pair{3840.0f, 2160.0f}}) {
                        const auto& w = each.first;
                        const auto& h = each.second;
                        CAPTURE(presentation);
                        CAPTURE(controls_open);
                        CAPTURE(step_h);
                        CAPTURE(extra_h);
                        CAPTURE(w);
                        gui::LayoutRequest r;
                        r.top = 24;
                        r.bottom = h - 30;
                        r.width = w;
                        r.presentation = presentation;
                        r.controls_open = controls_open;
                        r.step_h = step_h;
                        r.numbers_h = presentation ? 40.0f : 0.0f;
                        r.extra_h = extra_h;
                        const gui::PanelLayout l = gui::layoutPanels(r);
                        std::vector<gui::PanelRect> rects{l.arena, l.step};
                        for (const auto& o : {l.controls, l.script, l.source, l.child_log, l.stats, l.numbers, l.extra})
                            if (o) rects.push_back(*o);
                        const std::size_t expected = (presentation ? 3u + (controls_open ? 1u : 0u) : 7u) + (extra_h > 0 ? 1u : 0u);
                        CHECK(rects.size() == expected);
                        float area = 0;
                        for (std::size_t i = 0; i < rects.size(); ++i) {
                            const gui::PanelRect& a = rects[i];
                            CHECK(a.w > 0);
                            CHECK(a.h > 0);
                            CHECK(a.x >= 0);
                            CHECK(a.y >= r.top);
                            CHECK(a.x + a.w <= w + 0.01f);
                            CHECK(a.y + a.h <= r.bottom + 0.01f);
                            area += a.w * a.h;
                            for (std::size_t j = i + 1; j < rects.size(); ++j) {
                                const gui::PanelRect& b = rects[j];
                                const bool apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                                CHECK(apart);
                            }
                        }
                        CHECK(area == doctest::Approx(w * (r.bottom - r.top))); // no gaps either
                        CHECK(l.arena.w >= w * 0.4f); // the arena view keeps the centre
                        // The Step panel gets what its text asks for, and the
                        // arena view always keeps its share.
                        const float panels_h = r.bottom - r.top;
                        CHECK(l.arena.h >= panels_h * gui::min_arena_share - 1.0f);
                        if (step_h > 0 && step_h < panels_h * 0.5f) CHECK(l.step.h >= step_h);
                        CHECK(l.step.w == doctest::Approx(gui::stepPanelWidth(w, presentation, controls_open)));
                    }
                }
            }
        }
    }
}

TEST_CASE("layout: embed mode is the arena view over the Step panel alone, filling the frame at any size")
{
    for (const bool presentation : {false, true}) {
        for (const bool controls_open : {false, true}) {
            for (const float step_h : {0.0f, 120.0f, 300.0f, 5000.0f}) {
                for (const float extra_h : {0.0f, 90.0f}) {
                    for (const auto& each : {std::pair{800.0f, 450.0f}, std::pair{640.0f, 360.0f}, std::pair{1280.0f, 720.0f},
                                             std::pair{1920.0f, 1080.0f}}) {
                        const auto& w = each.first;
                        const auto& h = each.second;
                        CAPTURE(presentation);
                        CAPTURE(controls_open);
                        CAPTURE(step_h);
                        CAPTURE(extra_h);
                        CAPTURE(w);
                        gui::LayoutRequest r;
                        r.top = 0; // no menu bar
                        r.bottom = h; // no status bar
                        r.width = w;
                        r.presentation = presentation;
                        r.embed = true;
                        r.controls_open = controls_open; // asked for, but never in embed mode
                        r.step_h = step_h;
                        r.extra_h = extra_h;
                        const gui::PanelLayout l = gui::layoutPanels(r);
                        CHECK_FALSE(l.controls);
                        CHECK_FALSE(l.script);
                        CHECK_FALSE(l.source);
                        CHECK_FALSE(l.child_log);
                        CHECK_FALSE(l.stats);
                        CHECK_FALSE(l.numbers);
                        CHECK(l.extra.has_value() == (extra_h > 0));
                        // The arena view at the top over the whole width, the
                        // Step panel under it, the extra region last: no gaps.
                        CHECK(l.arena.x == 0);
                        CHECK(l.arena.y == 0);
                        CHECK(l.arena.w == w);
                        CHECK(l.step.x == 0);
                        CHECK(l.step.w == w);
                        CHECK(l.step.w == doctest::Approx(gui::stepPanelWidth(r)));
                        CHECK(l.step.y == doctest::Approx(l.arena.y + l.arena.h));
                        const float end = l.step.y + l.step.h + (l.extra ? l.extra->h : 0.0f);
                        CHECK(end == doctest::Approx(h));
                        if (l.extra) CHECK(l.extra->y == doctest::Approx(l.step.y + l.step.h));
                        CHECK(l.step.h > 0);
                        // A small frame keeps the arena view large; the Step
                        // panel gets what its text asks for up to that.
                        CHECK(l.arena.h >= h * gui::embed_min_arena_share - 1.0f);
                        if (step_h > 0 && step_h <= h * (1.0f - gui::embed_min_arena_share) - extra_h)
                            CHECK(l.step.h >= step_h);
                    }
                }
            }
        }
    }
}

TEST_CASE("embed mode: no menu bar, no Controls or side panels, no status bar; the arena view and the Step panel fill the frame")
{
    auto app = openApp(18.0f);
    app->loadText(shell_script, "embed.arena");
    app->lab().seek(2);
    const Rgba menu_bar = settled(*app, 1280, 720).at(640, 3);
    const gui::PanelRect normal = app->arenaRect();
    CHECK(normal.y > 0); // under the menu bar
    CHECK(normal.x > 0); // right of the Controls
    CHECK(drawnThisFrame("##MainMenuBar"));
    CHECK(drawnThisFrame("##status"));
    app->setEmbed(true);
    for (const auto& each : {std::pair{800, 450}, std::pair{1280, 720}}) {
        const auto& w = each.first;
        const auto& h = each.second;
        CAPTURE(w);
        const Image img = settled(*app, w, h);
        keep(img, "embed-" + std::to_string(w) + "x" + std::to_string(h));
        const gui::PanelRect arena = app->arenaRect();
        CHECK(arena.x == 0);
        CHECK(arena.y == 0);
        CHECK(arena.w == static_cast<float>(w));
        CHECK(arena.h >= static_cast<float>(h) * gui::embed_min_arena_share - 1.0f);
        // Of the panels, only the Step panel was drawn; nothing of it is
        // out of sight at these sizes.
        std::vector<std::string> drawn;
        for (const auto& p : app->ui().layout_record.panels) drawn.push_back(p.panel);
        CHECK(drawn == std::vector<std::string>{"Step"});
        for (const auto& p : app->ui().layout_record.panels) CHECK(p.scroll_max_y <= 0.5f);
        // The explanation is on screen, under the arena view, inside the frame.
        bool explanation = false;
        for (const auto& t : app->ui().layout_record.texts) {
            if (t.what != "explanation") continue;
            explanation = true;
            CHECK(t.y >= arena.y + arena.h);
            CHECK(t.y + t.h <= static_cast<float>(h) + 0.5f);
        }
        CHECK(explanation);
        // No menu bar and no status bar was drawn this frame; the top rows
        // are the arena view's title bar, not the menu bar's colour.
        CHECK_FALSE(drawnThisFrame("##MainMenuBar"));
        CHECK_FALSE(drawnThisFrame("##status"));
        CHECK_FALSE(near(img.at(w / 2, 3), menu_bar, 1));
    }
    // An error (a refused link) shows in one line at the bottom.
    app->ui().status = "The link was not opened: something. This is the built-in example.";
    app->ui().status_is_error = true;
    keepSettled(*app, "embed-800x450-error", 800, 450);
    const gui::PanelRect with_message = app->arenaRect();
    CHECK(with_message.y == 0);
    CHECK(drawnThisFrame("##status"));
    CHECK_FALSE(drawnThisFrame("##MainMenuBar"));
    bool step_above_line = false;
    for (const auto& t : app->ui().layout_record.texts)
        if (t.what == "explanation") step_above_line = t.y + t.h <= 450.0f - ImGui::GetFrameHeight();
    CHECK(step_above_line);
    app->setEmbed(false);
    settle(*app, 1280, 720);
    CHECK(app->arenaRect().y == normal.y);
}

TEST_CASE("embed mode in a small <iframe>: the step controls stay whole in view, and the lesson's text scrolls above them")
{
    auto app = openApp(18.0f);
    const auto text = lab::lessonText("07-reset-free-all");
    REQUIRE(text);
    app->loadText(std::string(*text), "07-reset-free-all.arena");
    app->setEmbed(true);
    for (const std::size_t step : {std::size_t{0}, std::size_t{12}, app->lab().steps()}) {
        CAPTURE(step);
        app->lab().seek(step);
        keepSettled(*app, "embed-800x450-lesson7-step" + std::to_string(step), 800, 450);
        std::optional<gui::RecordedRect> controls;
        for (const auto& t : app->ui().layout_record.texts)
            if (t.what == "step controls") controls = t;
        REQUIRE(controls);
        CHECK(controls->h >= 2.0f * ImGui::GetFrameHeight()); // both rows
        CHECK(controls->y + controls->h <= 450.0f);
        CHECK(controls->y + controls->h <= controls->py + controls->ph + 0.5f);
        CHECK(controls->y >= app->arenaRect().y + app->arenaRect().h);
    }
}

TEST_CASE("a long error is read whole: on rows of its own under the status bar's row, or in embed's message line")
{
    auto app = openApp(18.0f);
    app->loadText(shell_script, "long.arena");
    app->lab().seek(2);
    // The longest refusal a link gets, as the page says it.
    const std::string why = lab::parseLinkFragment("#script=eJwrSS0uUchMzCtRyEvMTVUoLkksKS22UjA0MlAoLkktyc_JTEksSQUAbYwOeA").error;
    REQUIRE_FALSE(why.empty());
    const std::string message = lab::linkRefusedMessage(why);
    const auto find = [&](const char* what) -> std::optional<gui::RecordedRect> {
        for (const auto& t : app->ui().layout_record.texts)
            if (t.what == what) return t;
        return std::nullopt;
    };
    // A short error fits beside the rest: one row, as before.
    app->ui().status = "Saved long.arena";
    app->ui().status_is_error = true;
    settle(*app, 1280, 720);
    REQUIRE(find("status message"));
    const float one_row = find("status message")->h;
    const gui::PanelRect short_arena = app->arenaRect();
    for (const auto& each : {std::tuple{1280, 720, false}, std::tuple{1366, 768, false}, std::tuple{800, 450, true},
                             std::tuple{1280, 720, true}}) {
        const auto& w = std::get<0>(each);
        const auto& h = std::get<1>(each);
        const auto& embed = std::get<2>(each);
        CAPTURE(w);
        CAPTURE(embed);
        app->setEmbed(embed);
        app->ui().status = message;
        app->ui().status_is_error = true;
        keepSettled(*app, "long-error-" + std::to_string(w) + "x" + std::to_string(h) + (embed ? "-embed" : ""), w, h);
        CHECK_FALSE(find("status message (cut)"));
        const auto shown = find("status message");
        REQUIRE(shown);
        // Whole, inside the frame, below every panel's text.
        CHECK(shown->x >= 0);
        CHECK(shown->x + shown->w <= static_cast<float>(w) + 0.5f);
        CHECK(shown->y + shown->h <= static_cast<float>(h) + 0.5f);
        CHECK(shown->y + shown->h <= shown->py + shown->ph + 0.5f); // inside its bar
        for (const auto& t : app->ui().layout_record.texts)
            if (t.what != "status message") CHECK_MESSAGE(t.y + t.h <= shown->y + 0.5f, t.what);
        CHECK(app->arenaRect().y + app->arenaRect().h <= shown->y);
        if (!embed && w == 1280) {
            // Its own rows, under the bar's row: the bar grew.
            CHECK(shown->y >= shown->py + ImGui::GetFrameHeight());
            CHECK(shown->h >= one_row);
            CHECK(app->arenaRect().h < short_arena.h);
        }
    }
    // Any other long message is whole too (issue 24: "41 ste..."), on rows
    // of its own; a short one stays on the bar's row.
    app->setEmbed(false);
    app->ui().status = message;
    app->ui().status_is_error = false;
    settle(*app, 1280, 720);
    CHECK_FALSE(find("status message (cut)"));
    REQUIRE(find("status message"));
    CHECK(find("status message")->y >= find("status message")->py + ImGui::GetFrameHeight());
    CHECK(app->arenaRect().h < short_arena.h);
    app->ui().status = "Saved long.arena";
    settle(*app, 1280, 720);
    CHECK(app->arenaRect().h == short_arena.h);
}

TEST_CASE("a second window's Controls act on their own fields, not the first window's")
{
    auto first = openApp(16.0f);
    first->loadText("", "first.arena");
    settle(*first);
    first->panels().controls.state().size = "100"; // as if typed into the Size field
    type(*first, 'a');
    CHECK(first->lab().text() == "a1 = alloc 100 align=8\n");

    auto second = openApp(16.0f);
    second->loadText("", "second.arena");
    settle(*second);
    type(*second, 'a');
    CHECK(second->lab().text() == "a1 = alloc 24 align=8\n"); // the default size, not the first window's
    CHECK(first->lab().text() == "a1 = alloc 100 align=8\n");
}

TEST_CASE("a race in the window: T and Y choose the thread that steps next, the schedule line follows, each thread is named")
{
    using gui::platform::Key;
    const std::string race = "model zig-0.16\na0 = alloc 100\nschedule T1 T2 T2 T1\nT1: a = alloc 8 align=64\nT2: b = alloc 8\n";
    const auto scheduleOf = [](const std::string& text) {
        const std::size_t at = text.find("schedule");
        return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
    };
    const auto taken = [](const lab::Lab& lab) {
        std::string out = "schedule";
        for (const lab::Lab::RaceStep& s : lab.raceSteps()) out += " T" + std::to_string(s.thread + 1);
        return out;
    };
    auto app = openApp(16.0f);
    app->loadText(race, "race.arena");
    settle(*app);
    lab::Lab& lab = app->lab();
    REQUIRE(lab.raceThreads() == 2);
    REQUIRE(lab.raceSteps().size() >= 4);
    CHECK(scheduleOf(lab.text()) == "schedule T1 T2 T2 T1");

    // After the race's first step, T (step T1) where the script said T2.
    lab.seek(lab.raceSteps()[0].end);
    type(*app, 't');
    CHECK(taken(lab).starts_with("schedule T1 T1 "));
    CHECK(scheduleOf(lab.text()) == taken(lab)); // the whole run, saved
    CHECK(lab.cursor() == lab.raceSteps()[1].end);
    CHECK(app->ui().status.find("T1") != std::string::npos);
    const std::string after_t = lab.text();
    // Then Y: T2 takes the third step.
    type(*app, 'y');
    CHECK(taken(lab).starts_with("schedule T1 T1 T2"));
    CHECK(scheduleOf(lab.text()) == taken(lab));
    CHECK(lab.cursor() == lab.raceSteps()[2].end);
    // Ctrl+Z takes the choice back.
    press(*app, Key::z, true);
    CHECK(lab.text() == after_t);

    // Each thread's place in the port, by name, in its colour, at a moment
    // both threads are inside their allocs (the first steps of each).
    lab.seek(lab.raceSteps()[1].end);
    type(*app, 'y');
    REQUIRE(lab.raceSteps()[2].thread == 1);
    const Image img = settled(*app);
    keep(img, "race-threads");
    const gui::LayoutRecord& rec = app->ui().layout_record;
    std::vector<const gui::RecordedRect*> tags, lines;
    const gui::RecordedRect* buttons = nullptr;
    for (const gui::RecordedRect& r : rec.texts) {
        if (r.what == "source thread") tags.push_back(&r);
        if (r.what == "thread") lines.push_back(&r);
        if (r.what == "thread buttons") buttons = &r;
    }
    REQUIRE(tags.size() == 2);
    CHECK(((tags[0]->text.starts_with("T1") && tags[1]->text.starts_with("T2")) ||
           (tags[0]->text.starts_with("T2") && tags[1]->text.starts_with("T1"))));
    for (const gui::RecordedRect* t : tags) {
        CAPTURE(t->text);
        const std::size_t thread = t->text.starts_with("T1") ? 0 : 1;
        const ImVec4 c = gui::threadColour(thread);
        const Rgba want{static_cast<std::uint8_t>(c.x * 255.0f + 0.5f), static_cast<std::uint8_t>(c.y * 255.0f + 0.5f),
                        static_cast<std::uint8_t>(c.z * 255.0f + 0.5f), 255};
        const Rgba got = img.at(static_cast<int>(t->x) + 2, static_cast<int>(t->y + t->h * 0.5f));
        CAPTURE(str(got));
        CHECK(near(got, want, 12));
    }
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]->text.starts_with("T1, line 4: a = alloc 8 align=64, under way"));
    CHECK(lines[1]->text.starts_with("T2, line 5: b = alloc 8, under way"));
    REQUIRE(buttons != nullptr);
    CHECK(buttons->text == "step T1 (T)  step T2 (Y)");

    // A click on the button does what its key does.
    const auto button = app->commands().drawnItem("step:T1");
    REQUIRE(button);
    const std::size_t kept = lab.raceStepsKept(lab.cursor());
    click(*app, button->x + button->w * 0.5f, button->y + button->h * 0.5f);
    CHECK(lab.raceSteps()[kept].thread == 0);
    CHECK(lab.cursor() == lab.raceSteps()[kept].end);

    // Keys never fire while a text field has the keyboard: a 'y' typed in
    // the script editor is the editor's.
    const std::string before = lab.text();
    settle(*app);
    clickIntoEditor(*app);
    type(*app, 'y');
    CHECK(lab.text() == before);
    CHECK(app->document().editor() != before);
}

TEST_CASE("the Controls note says how many lines an action replaces, and nothing inside the last line's operation, "
          "however a race cuts operations into parts")
{
    // T2 (line 5, the last) takes the race's last steps: its parts end the
    // history, and T1's (line 4) come between them.
    const std::string race = "model zig-0.16\na0 = alloc 100\nschedule T1 T2 T2 T1 T1 T1 T2\nT1: a = alloc 8 align=64\nT2: b = alloc 8\n";
    auto app = openApp(16.0f);
    app->loadText(race, "race.arena");
    settle(*app);
    lab::Lab& lab = app->lab();
    REQUIRE(lab.raceSteps().size() >= 4);
    const lab::History& h = lab.history();
    REQUIRE(h.opLine(h.opCount() - 1) == 5);
    // The panel's note comes with its tooltip ("Viewing the past: ..."); each
    // action button's tooltip says the count again ("this replaces N later lines").
    std::vector<std::string> tips;
    gui::widgets::tooltip_record = &tips;
    std::size_t silent_inside = 0, counted = 0;
    std::optional<std::size_t> act_at;
    for (std::size_t k = 0; k < lab.steps(); ++k) {
        lab.seek(k);
        CAPTURE(k);
        tips.clear();
        tick(*app);
        const std::size_t n = lab.linesAnActionReplaces();
        std::size_t noted = 0, said_n = 0, said_other = 0;
        const std::string count = n == 1 ? "this replaces 1 later line " : "this replaces " + std::to_string(n) + " later lines ";
        for (const std::string& tip : tips) {
            if (tip.starts_with("Viewing the past:")) ++noted;
            if (tip.find("The cursor is in the past") == std::string::npos) continue;
            CAPTURE(tip);
            CHECK(tip.find("replaces 0") == std::string::npos);
            if (tip.find(count) != std::string::npos) ++said_n;
            else ++said_other;
        }
        CHECK(said_other == 0);
        if (n == 0) {
            // Inside the last line's operation (a part of T2's, in the race or after it): nothing to say.
            CHECK(noted == 0);
            CHECK(said_n == 0);
            CHECK(h.opLine(h.opAtPosition(k)) == 5);
            ++silent_inside;
        } else {
            CHECK(noted == 1);
            CHECK(said_n >= 1); // the action buttons drawn say it
            ++counted;
            if (k > lab.raceSteps()[0].end && h.opLine(h.opAtPosition(k)) == 4 && !act_at) act_at = k;
        }
    }
    gui::widgets::tooltip_record = nullptr;
    CHECK(silent_inside > 1);
    CHECK(counted > 1);
    // The Step panel counts the script's 3 operations, and names a part of T2's as a part.
    std::optional<std::size_t> t2_second;
    for (std::size_t i = 0; i < h.opCount() && !t2_second; ++i)
        if (h.opLine(i) == 5 && h.opNumber(i).part == 2) t2_second = i;
    REQUIRE(t2_second);
    lab.seek(h.opStepsBegin(*t2_second) + 1);
    tick(*app);
    std::string heading;
    for (const gui::RecordedRect& r : app->ui().layout_record.texts)
        if (r.what == "operation") heading = r.text;
    CHECK(heading.starts_with("T2: Operation 3 of 3 (part 2), line 5:  b = alloc 8"));
    // Inside a part of T1's operation, mid-race: an action drops the line the note counted (T2's).
    REQUIRE(act_at);
    lab.seek(*act_at);
    const std::size_t n = lab.linesAnActionReplaces();
    CHECK(n == 1);
    const std::size_t before = lab::countLines(lab.text());
    type(*app, 'a');
    CHECK(lab::countLines(lab.text()) == before - n + 1);
}
