// Nothing a person does is lost or done by accident (issue 11): each case
// is driven through ImGui's input, the path a person's keys and clicks take.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "lab/builtin_example.hpp"
#include "lab/lessons.hpp"
#include "lab/recovery.hpp"
#include "lab/runner.hpp"

#include "gui/layout.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;
using gui::platform::Key;

namespace {

// A click on the Controls panel's blank top-right corner, then Tab: the
// panel's first field (Size) has the keyboard.
void focusSizeField(gui::App& app)
{
    const gui::PanelLayout l = gui::layoutPanels(ImGui::GetFrameHeight(), 700, 1280, false);
    REQUIRE(l.controls.has_value());
    click(app, l.controls->x + l.controls->w - 12, l.controls->y + 8);
    press(app, Key::tab);
}

// A click on a named item (a menu item's label, "menu:File", a dialog's
// "dialog:action"...) where it was drawn in the last frame.
// File > ITEM, by the mouse.
void menu(gui::App& app, const std::string& title, const std::string& item)
{
    tick(app);
    clickItem(app, "menu:" + title);
    tick(app);
    clickItem(app, item);
    tick(app);
}

// Ctrl+O, the path typed, Enter.
void openByDialog(gui::App& app, const std::string& path)
{
    press(app, Key::o, true);
    REQUIRE(app.fileDialogOpen());
    type(app, path);
    press(app, Key::enter);
}

std::size_t filesIn(const std::filesystem::path& dir, const std::string& prefix)
{
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().rfind(prefix, 0) == 0 && e.path().extension() == ".arena") ++n;
    return n;
}

std::size_t lineCount(const lab::Lab& lab)
{
    const std::string& t = lab.text();
    return static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n')) + (t.empty() || t.back() == '\n' ? 0 : 1);
}

// Everything the history shows, to compare two states exactly.
std::string historyPrint(const lab::Lab& lab)
{
    std::string out = std::to_string(lab.steps()) + " steps, cursor " + std::to_string(lab.cursor()) + "\n";
    const lab::History& h = lab.history();
    for (std::size_t i = 0; i < h.opCount(); ++i) {
        const lab::OpState st = h.opState(i);
        out += std::to_string(h.opLine(i)) + ":" + std::to_string(h.opStepsEnd(i)) + ":" + std::to_string(st.node_count) +
               ":" + std::to_string(st.capacity) + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("case 1: Save writes only the document's own file; lessons and the example are untitled")
{
    const std::filesystem::path dir = freshDir("safety-save");
    const std::string x = (dir / "X.arena").string();
    const std::string x_bytes = "x = alloc 8\n# X's own text, byte for byte\n";
    { std::ofstream(x, std::ios::binary) << x_bytes; }

    auto app = openApp(16.0f);
    app->start("");
    settle(*app);
    openByDialog(*app, x);
    CHECK_FALSE(app->fileDialogOpen());
    REQUIRE(app->document().path() == x);
    CHECK(app->title() == "X.arena - Arena Lab");

    // The built-in example, by the menu: untitled.
    menu(*app, "File", "Load the built-in example");
    CHECK(app->lab().text() == lab::builtin_example);
    CHECK(app->document().untitled());
    press(*app, Key::s, true); // Ctrl+S asks where
    CHECK(app->fileDialogOpen());
    press(*app, Key::escape);
    CHECK(test_support::slurp(x) == x_bytes);

    // A lesson, by the menu, then an action: unsaved, and the title says so.
    tick(*app);
    clickItem(*app, "menu:Lessons");
    tick(*app);
    clickItem(*app, "lesson:" + std::string(lab::lessons().front().file_name));
    tick(*app);
    CHECK(app->document().untitled());
    press(*app, Key::end);
    type(*app, 'a');
    CHECK(app->hasUnsavedChanges());
    tick(*app);
    CHECK(app->title().rfind("*", 0) == 0);
    press(*app, Key::s, true);
    REQUIRE(app->fileDialogOpen());
    CHECK(test_support::slurp(x) == x_bytes); // never written
    // Typing X's path there: it exists, so the first Enter only says so.
    type(*app, x);
    press(*app, Key::enter);
    CAPTURE(app->ui().status);
    CAPTURE(app->document().path());
    CHECK(app->fileDialogOpen());
    CHECK(test_support::slurp(x) == x_bytes);
    press(*app, Key::escape);
    CHECK(test_support::slurp(x) == x_bytes);
    // The dialog starts in the last folder used (X's), with the lesson's name.
    press(*app, Key::s, true);
    REQUIRE(app->fileDialogOpen());
    press(*app, Key::enter);
    CHECK_FALSE(app->fileDialogOpen());
    const std::string lesson_copy = (dir / std::string(lab::lessons().front().file_name)).string();
    CHECK(app->document().path() == lesson_copy);
    CHECK(test_support::slurp(lesson_copy) == app->lab().text());
    CHECK(test_support::slurp(x) == x_bytes);
    tick(*app);
    CHECK(app->title().rfind("*", 0) == std::string::npos);
}

TEST_CASE("case 2: typing 100, Enter, 200 in the Size field adds no script line")
{
    auto app = openApp(16.0f);
    app->loadText("a = alloc 8\n", "keys.arena");
    settle(*app);
    const std::string before = app->lab().text();
    focusSizeField(*app);
    REQUIRE(typing(*app));
    type(*app, "100");
    CHECK(app->panels().controls.state().size == "100");
    press(*app, Key::enter);
    CHECK(typing(*app)); // Enter took the value; the field keeps the keyboard
    type(*app, "200");
    CHECK(app->lab().text() == before); // no "2" reset, no "a" alloc
    CHECK(app->panels().controls.state().size.find("200") != std::string::npos);
    // A click elsewhere (the arena view) leaves the field; now the keys act.
    const gui::PanelLayout l = gui::layoutPanels(ImGui::GetFrameHeight(), 700, 1280, false);
    click(*app, l.arena.x + l.arena.w / 2, l.arena.y + l.arena.h - 20);
    CHECK_FALSE(typing(*app));
    type(*app, 'a');
    CHECK(app->lab().text() != before);
}

TEST_CASE("case 2: typing in the Open dialog runs nothing behind it; Escape closes only the dialog")
{
    auto app = openApp(16.0f);
    app->loadText("a = alloc 8\n", "keys.arena");
    settle(*app);
    const std::string before = app->lab().text();
    press(*app, Key::f5); // presentation mode: Esc would leave it
    REQUIRE(app->ui().presentation);
    press(*app, Key::o, true);
    CHECK(app->fileDialogOpen());
    type(*app, "nope-123.arena");
    press(*app, Key::enter); // no such file: the dialog stays, with the reason
    CHECK(app->fileDialogOpen());
    CHECK(app->ui().status.find("nope-123.arena") != std::string::npos);
    type(*app, "a123 ");
    press(*app, Key::del);
    press(*app, Key::right);
    CHECK(app->lab().text() == before);
    press(*app, Key::escape);
    CHECK_FALSE(app->fileDialogOpen());
    CHECK(app->ui().presentation); // the Escape was the dialog's alone
    CHECK(app->lab().text() == before);
}

TEST_CASE("case 3: undo after a reset restores the script, the history and the step exactly; redo reapplies")
{
    auto app = openApp(16.0f);
    app->loadText("a = alloc 24\nb = alloc 100 align=16\nfree b\nc = alloc 8\nd = alloc 40\n", "undo.arena");
    settle(*app);
    press(*app, Key::home);
    for (int i = 0; i < 5; ++i) press(*app, Key::right);
    const std::string text_before = app->lab().text();
    const std::string history_before = historyPrint(app->lab());
    const std::size_t n = app->lab().linesAnActionReplaces();
    CHECK(n > 0);
    type(*app, '1'); // reset free_all, in the past: a branch
    const std::string text_after = app->lab().text();
    const std::string history_after = historyPrint(app->lab());
    REQUIRE(text_after != text_before);
    CHECK(text_after.find("reset free_all") != std::string::npos);

    press(*app, Key::z, true);
    CHECK(app->lab().text() == text_before);
    CHECK(historyPrint(app->lab()) == history_before); // the cursor too
    press(*app, Key::z, true, true); // Ctrl+Shift+Z
    CHECK(app->lab().text() == text_after);
    CHECK(historyPrint(app->lab()) == history_after);
    press(*app, Key::z, true);
    press(*app, Key::y, true); // Ctrl+Y
    CHECK(app->lab().text() == text_after);

    // Ctrl+Z in a field is the field's: the script stays.
    focusSizeField(*app);
    REQUIRE(typing(*app));
    type(*app, "7");
    press(*app, Key::z, true);
    CHECK(app->lab().text() == text_after);
}

TEST_CASE("case 3: a load, child settings and an edit are undone too; the bound holds")
{
    const std::filesystem::path dir = freshDir("safety-undo");
    const std::string other = (dir / "other.arena").string();
    { std::ofstream(other) << "z = alloc 4\n"; }
    auto app = openApp(16.0f);
    app->loadText("a = alloc 8\n", "first.arena");
    settle(*app);
    openByDialog(*app, other);
    REQUIRE(app->lab().text() == "z = alloc 4\n");
    CHECK(app->document().path() == other);
    press(*app, Key::z, true);
    CHECK(app->lab().text() == "a = alloc 8\n");
    CHECK(app->document().untitled());
    press(*app, Key::y, true);
    CHECK(app->document().path() == other);

    // The Edit menu does the same.
    type(*app, '2');
    CHECK(app->lab().text() != "z = alloc 4\n");
    menu(*app, "Edit", "Undo");
    CHECK(app->lab().text() == "z = alloc 4\n");

    // Bounded: the oldest steps go.
    for (std::size_t i = 0; i < gui::Document::max_undo_steps + 20; ++i) type(*app, 'a');
    CHECK(app->document().undoSteps() == gui::Document::max_undo_steps);
}

TEST_CASE("case 4: acting in the past says how many lines it replaces; the example opens at its end")
{
    auto app = openApp(16.0f);
    app->start(""); // the first screen: lesson 1 at its start (test_classroom.cpp)
    settle(*app);
    menu(*app, "File", "Load the built-in example");
    settle(*app);
    CHECK(app->lab().atEnd());
    CHECK(app->lab().linesAnActionReplaces() == 0);
    const std::size_t lines = lineCount(app->lab());
    type(*app, 'a'); // the newcomer's first action appends
    CHECK(lineCount(app->lab()) == lines + 1);
    CHECK(app->lab().text().rfind(std::string(lab::builtin_example), 0) == 0);

    press(*app, Key::home);
    for (int i = 0; i < 3; ++i) press(*app, Key::right, true);
    const std::size_t n = app->lab().linesAnActionReplaces();
    REQUIRE(n > 0);
    const std::size_t before = lineCount(app->lab());
    type(*app, 'a');
    CHECK(lineCount(app->lab()) == before - n + 1); // what the note said
    CHECK(app->ui().status.find("replaced " + std::to_string(n) + " later line") != std::string::npos);
    press(*app, Key::z, true);
    CHECK(lineCount(app->lab()) == before);
}

TEST_CASE("cases 5 and 7: loading over unsaved edits asks; Cancel keeps every byte; the recovery file stays until Save or Discard")
{
    const std::filesystem::path dir = freshDir("safety-replace");
    const std::filesystem::path state = dir / "state";
    const std::string x = (dir / "x.arena").string();
    const std::string y = (dir / "y.arena").string();
    { std::ofstream(x) << "x = alloc 8\n"; }
    { std::ofstream(y) << "y = alloc 16\n"; }
    auto app = openApp(16.0f, state.string());
    app->start("");
    settle(*app);
    openByDialog(*app, x);
    REQUIRE(app->document().path() == x);
    press(*app, Key::end);
    type(*app, 'a');
    REQUIRE(app->hasUnsavedChanges());
    const std::string work = app->lab().text();
    app->autosave(true);
    REQUIRE(filesIn(state, "recovery-") == 1);

    // Open another file: the prompt; Cancel (Escape) keeps everything.
    openByDialog(*app, y);
    CHECK(app->askingAboutUnsavedChanges());
    press(*app, Key::escape);
    CHECK_FALSE(app->askingAboutUnsavedChanges());
    CHECK(app->lab().text() == work);
    CHECK(app->document().path() == x);
    app->autosave(true);
    CHECK(filesIn(state, "recovery-") == 1);
    CHECK(test_support::slurp(x) == "x = alloc 8\n");

    // A lesson, the example and New ask too.
    menu(*app, "File", "New");
    CHECK(app->askingAboutUnsavedChanges());
    clickItem(*app, "prompt:Cancel");
    CHECK(app->lab().text() == work);
    menu(*app, "File", "Load the built-in example");
    CHECK(app->askingAboutUnsavedChanges());
    press(*app, Key::escape);
    CHECK(app->lab().text() == work);
    app->autosave(true);
    CHECK(filesIn(state, "recovery-") == 1);

    // Discard: the other file opens, and the recovery file goes.
    openByDialog(*app, y);
    REQUIRE(app->askingAboutUnsavedChanges());
    clickItem(*app, "prompt:Discard");
    CHECK(app->lab().text() == "y = alloc 16\n");
    CHECK(app->document().path() == y);
    app->autosave(true);
    CHECK(filesIn(state, "recovery-") == 0);
    CHECK(test_support::slurp(x) == "x = alloc 8\n");

    // Save: the work is written to its own file first, then New replaces it.
    type(*app, 'a');
    const std::string y_work = app->lab().text();
    app->autosave(true);
    CHECK(filesIn(state, "recovery-") == 1);
    press(*app, Key::n, true);
    REQUIRE(app->askingAboutUnsavedChanges());
    press(*app, Key::enter); // Enter is Save
    CHECK(test_support::slurp(y) == y_work);
    CHECK(app->lab().text().empty());
    CHECK(app->document().untitled());
    app->autosave(true);
    CHECK(filesIn(state, "recovery-") == 0);
}

TEST_CASE("case 6: a file that cannot be opened from the command line opens the window, which says why")
{
    const std::filesystem::path dir = freshDir("safety-start");
    const std::string binary = (dir / "binary.arena").string();
    { std::ofstream(binary, std::ios::binary) << std::string("\x7f" "ELF\0\0\x01\x02", 8); }
    for (const std::string& file : {(dir / "missing.arena").string(), binary}) {
        CAPTURE(file);
        auto app = openApp(16.0f);
        const std::string why = app->start(file);
        CHECK_FALSE(why.empty());
        CHECK(app->lab().text() == lab::builtin_example);
        CHECK(app->notice().find(why) != std::string::npos);
        CHECK(app->ui().status_is_error);
        settle(*app);
        CHECK(app->commands().drawnItem("notice:OK").has_value()); // the notice is up
        keepFrame(*app, "start-notice");
        press(*app, Key::enter); // OK
        CHECK(app->notice().empty());
    }

    // The real program, under this display: the window stays up, and
    // standard error says why.
    const std::string err = (dir / "stderr.txt").string();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::setenv("ARENALAB_STATE_DIR", (dir / "state").c_str(), 1);
        if (std::FILE* f = std::freopen(err.c_str(), "w", stderr); f == nullptr) ::_exit(90);
        ::execl(ARENALAB_EXE, ARENALAB_EXE, (dir / "missing.arena").c_str(), static_cast<char*>(nullptr));
        ::_exit(91);
    }
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 40 && done == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        done = ::waitpid(child, &status, WNOHANG);
    }
    CHECK(done == 0); // still running: the window is open
    if (done == 0) {
        ::kill(child, SIGTERM);
        ::waitpid(child, &status, 0);
    }
    CHECK(test_support::slurp(err).find("missing.arena") != std::string::npos);
}

TEST_CASE("case 8: recovery files are told apart by their lock, not by a process id")
{
    const std::filesystem::path state = freshDir("safety-lock");
    // A file named after a live process (this one) that nobody holds: offered.
    { std::ofstream(state / ("recovery-" + std::to_string(::getpid()) + "-1.arena")) << lab::Recovery::encode("old.arena", "", 1764000000, "o = alloc 1\n"); }
    // A window alive with unsaved work holds its file: not offered to another window.
    auto first = openApp(16.0f, state.string());
    REQUIRE(first->recoveryOffers().size() == 1);
    first->keepRecoveryForLater();
    first->loadText("", "live.arena");
    settle(*first);
    type(*first, 'a');
    first->autosave(true);
    REQUIRE(filesIn(state, "recovery-") == 2);
    auto second = openApp(16.0f, state.string());
    REQUIRE(second->recoveryOffers().size() == 1);
    CHECK(second->recoveryOffers().front().name == "old.arena");
    // Recover it: the file stays until this window's own file holds the text.
    settle(*second);
    clickItem(*second, "recover:" + second->recoveryOffers().front().file);
    tick(*second);
    CHECK(second->lab().text() == "o = alloc 1\n");
    CHECK(second->document().untitled()); // Save asks where
    CHECK_FALSE(second->document().canUndo()); // an undo would leave the text in memory only
    CHECK(filesIn(state, "recovery-") == 2); // the old one went, this window's own came
}

TEST_CASE("case 9: the file dialog lists the folder, goes into subfolders, keeps recent files and fits its errors")
{
    const std::filesystem::path dir = freshDir("safety-dialog");
    const std::filesystem::path state = dir / "state";
    std::filesystem::create_directories(dir / "sub");
    { std::ofstream(dir / "sub" / "inner.arena") << "i = alloc 2\n"; }
    { std::ofstream(dir / "top.arena") << "t = alloc 3\n"; }
    { std::ofstream(dir / "notes.txt") << "not a script\n"; }
    auto app = openApp(16.0f, state.string());
    app->start("");
    settle(*app);
    // Into the folder by typing it, then into sub by a click, then a file by a double click.
    openByDialog(*app, dir.string());
    REQUIRE(app->fileDialogOpen());
    tick(*app);
    CHECK(app->commands().drawnItem("entry:top.arena").has_value());
    CHECK(app->commands().drawnItem("entry:sub").has_value());
    CHECK_FALSE(app->commands().drawnItem("entry:notes.txt").has_value());
    clickItem(*app, "entry:sub");
    tick(*app);
    clickItem(*app, "entry:inner.arena", 2);
    tick(*app);
    CHECK_FALSE(app->fileDialogOpen());
    CHECK(app->lab().text() == "i = alloc 2\n");

    // Recent files: kept in the state folder, offered by the next window.
    CHECK(test_support::slurp((state / "recent-files.txt").string()).find("inner.arena") != std::string::npos);
    auto next = openApp(16.0f, state.string());
    next->start("");
    settle(*next);
    press(*next, Key::o, true);
    tick(*next);
    const std::string inner = std::filesystem::absolute(dir / "sub" / "inner.arena").lexically_normal().string();
    clickItem(*next, "recent:" + inner, 2);
    tick(*next);
    CHECK(next->lab().text() == "i = alloc 2\n");

    // A long error wraps inside a dialog that fits 1280x720, buttons and all.
    press(*next, Key::o, true);
    type(*next, std::string(150, 'q') + ".arena");
    press(*next, Key::enter);
    REQUIRE(next->fileDialogOpen());
    tick(*next);
    const auto win = next->commands().drawnItem("dialog:window");
    const auto cancel = next->commands().drawnItem("dialog:Cancel");
    const auto open = next->commands().drawnItem("dialog:action");
    REQUIRE(win);
    REQUIRE(cancel);
    REQUIRE(open);
    CHECK(win->x >= 0);
    CHECK(win->y >= 0);
    CHECK(win->x + win->w <= 1280);
    CHECK(win->y + win->h <= 720);
    for (const auto& b : {*cancel, *open}) {
        CHECK(b.x + b.w <= win->x + win->w);
        CHECK(b.y + b.h <= win->y + win->h);
    }
    keepFrame(*next, "file-dialog-error");
    clickItem(*next, "dialog:Cancel");
    CHECK_FALSE(next->fileDialogOpen());
}

TEST_CASE("case 3: the editor's text is one undo step once the field lets go; Ctrl+Z inside it is the field's")
{
    auto app = openApp(16.0f);
    app->loadText("a = alloc 8\n", "edit.arena");
    settle(*app);
    const gui::PanelLayout l = gui::layoutPanels(ImGui::GetFrameHeight(), 700, 1280, false);
    REQUIRE(l.script.has_value());
    click(*app, l.script->x + l.script->w / 2, l.script->y + l.script->h - 30);
    REQUIRE(typing(*app));
    press(*app, Key::end, true); // Ctrl+End: the end of the text
    type(*app, "q = alloc 5");
    CHECK(app->document().edited());
    CHECK(app->lab().text() == "a = alloc 8\n"); // typing ran no shortcut
    const std::string edited = app->document().editor();
    CHECK(edited.find("q = alloc 5") != std::string::npos);
    // Leave the field: the edit is one step; Ctrl+Z drops it, Ctrl+Y brings it back.
    click(*app, l.arena.x + l.arena.w / 2, l.arena.y + l.arena.h - 20);
    REQUIRE_FALSE(typing(*app));
    press(*app, Key::z, true);
    CHECK_FALSE(app->document().edited());
    CHECK(app->document().editor() == "a = alloc 8\n");
    press(*app, Key::y, true);
    CHECK(app->document().edited());
    CHECK(app->document().editor() == edited);
}

TEST_CASE("Quit over an untitled script: Save as..., and the window closes once it is saved")
{
    const std::filesystem::path dir = freshDir("safety-quit");
    auto app = openApp(16.0f);
    app->start("");
    settle(*app);
    menu(*app, "File", "Load the built-in example"); // at its end: A appends
    settle(*app);
    type(*app, 'a');
    REQUIRE(app->hasUnsavedChanges());
    press(*app, Key::q, true);
    CHECK(app->frame());
    REQUIRE(app->confirmingQuit());
    tick(*app);
    press(*app, Key::enter); // Save as...
    REQUIRE(app->fileDialogOpen());
    const std::string path = (dir / "kept.arena").string();
    type(*app, path);
    press(*app, Key::enter);
    CHECK(test_support::slurp(path) == app->lab().text());
    CHECK_FALSE(app->frame()); // saved: the quit goes through
}
