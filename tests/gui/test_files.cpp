// Files in the window: nothing is lost. A binary file is refused before it
// can replace the script; unsaved work is autosaved and offered back after
// a crash; the session exports as a script; `export --png` writes the view.
#include <doctest/doctest.h>
#include <imgui.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lab/builtin_example.hpp"
#include "lab/command.hpp"
#include "lab/recovery.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;

namespace {

constexpr const char* small_script = "a = alloc 24 align=8\nb = alloc 40\nfree b\n";

// What a crashed window leaves: a recovery file named for a process that
// has ended. (The child does nothing but exit: forking a process that runs
// GL driver threads is only safe that way.)
void leaveOrphan(const std::filesystem::path& dir, const std::string& name, const std::string& path, const std::string& text)
{
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) ::_exit(0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    static int count = 0;
    std::ofstream out(dir / ("recovery-" + std::to_string(child) + "-" + std::to_string(++count) + ".arena"), std::ios::binary);
    out << lab::Recovery::encode(name, path, 1764000000 + count, text);
}

} // namespace

TEST_CASE("opening a binary, missing or folder path changes nothing and says why")
{
    auto app = openApp(16.0f);
    app->loadText(small_script, "small.arena");
    const std::string before = app->lab().text();
    const std::size_t steps = app->lab().steps();
    const std::filesystem::path dir = freshDir("open-bad");
    {
        std::ofstream png(dir / "picture.png", std::ios::binary);
        png << std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    }
    for (const std::string& path : {(dir / "picture.png").string(), (dir / "missing.arena").string(), dir.string()}) {
        CAPTURE(path);
        CHECK_FALSE(app->loadFile(path));
        CHECK(app->ui().status_is_error);
        CHECK(app->ui().status.find(path) != std::string::npos);
        CHECK(app->lab().text() == before);
        CHECK(app->lab().steps() == steps);
        CHECK(app->document().editor() == before);
    }
    CHECK_FALSE(app->loadFile((dir / "picture.png").string()));
    CHECK(app->ui().status.find("not a text file") != std::string::npos);
    keepSettled(*app, "open-binary-refused");
    // (The window given such a FILE on the command line: test_safety.cpp, case 6.)
}

TEST_CASE("unsaved work is autosaved, offered back after a crash, and gone after a clean exit")
{
    const std::filesystem::path dir = freshDir("recovery");
    const std::filesystem::path script = dir / "lesson.arena";
    { std::ofstream(script) << small_script; }

    // A window that crashed after changing it: its autosave is left behind.
    leaveOrphan(dir, "lesson.arena", script.string(), std::string(small_script) + "c = alloc 100\n");

    // The next window offers it back, with a prompt.
    auto app = openApp(16.0f, dir.string());
    app->loadText(std::string(lab::builtin_example), std::string(lab::builtin_example_name));
    REQUIRE(app->recoveryOffers().size() == 1);
    CHECK(app->recoveryOffers()[0].name == "lesson.arena");
    keepSettled(*app, "recovery-prompt", 1280, 720);

    app->recover(0);
    CHECK(app->recoveryOffers().empty());
    CHECK(app->lab().text() == std::string(small_script) + "c = alloc 100\n");
    CHECK(app->lab().fileName() == "lesson.arena");
    // Untitled: Save asks where, starting from where it came from.
    CHECK(app->document().untitled());
    CHECK(app->document().suggestedPath() == script.string());
    CHECK(app->hasUnsavedChanges());
    // The recovered file was taken over by this window's own.
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().rfind("recovery-", 0) == 0 && e.path().extension() == ".arena")
            files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename().string().find("recovery-" + std::to_string(::getpid()) + "-") == 0);
    CHECK(lab::Recovery::decode(test_support::slurp(files[0]))->text == app->lab().text());

    // More work is autosaved; saving makes the recovery file go away.
    REQUIRE_FALSE(app->lab().perform(lab::Alloc{"d", 8, 8}));
    app->autosave(true);
    CHECK(lab::Recovery::decode(test_support::slurp(files[0]))->text == app->lab().text());
    REQUIRE(app->saveFile(script.string()));
    app->autosave(true);
    CHECK_FALSE(std::filesystem::exists(files[0]));

    // Unsaved again, then a clean exit: nothing left to recover.
    REQUIRE_FALSE(app->lab().perform(lab::Alloc{"e", 8, 8}));
    app->autosave(true);
    // What a crash now would leave: a file, which no other window takes
    // while this one lives and holds its lock.
    const auto recoveryFiles = [&] {
        std::vector<std::filesystem::path> found;
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().filename().string().rfind("recovery-", 0) == 0 && e.path().extension() == ".arena")
                found.push_back(e.path());
        return found;
    };
    REQUIRE(recoveryFiles().size() == 1);
    const auto left = lab::Recovery::decode(test_support::slurp(recoveryFiles()[0]));
    REQUIRE(left);
    CHECK(left->text == app->lab().text());
    CHECK(lab::Recovery(dir.string()).orphans().empty());
    app.reset();
    CHECK(recoveryFiles().empty());
    CHECK(lab::Recovery(dir.string()).orphans().empty());
}

TEST_CASE("recovery: Discard deletes the file, Later keeps it for the next window")
{
    const std::filesystem::path dir = freshDir("recovery-choices");
    leaveOrphan(dir, "s0.arena", "", "alloc 8\n");
    leaveOrphan(dir, "s1.arena", "", "alloc 16\n");
    {
        auto app = openApp(16.0f, dir.string());
        REQUIRE(app->recoveryOffers().size() == 2);
        app->discardRecovery(0);
        CHECK(app->recoveryOffers().size() == 1);
        app->keepRecoveryForLater();
        CHECK(app->recoveryOffers().empty());
        settle(*app);
    }
    auto next = openApp(16.0f, dir.string());
    CHECK(next->recoveryOffers().size() == 1);
}

TEST_CASE("recovery: an embedded view does not offer it; the next full window does")
{
    const std::filesystem::path dir = freshDir("recovery-embed");
    leaveOrphan(dir, "s0.arena", "", "alloc 8\n");
    const auto anyPopup = [] { return ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel); };
    {
        auto app = openApp(16.0f, dir.string());
        REQUIRE(app->recoveryOffers().size() == 1);
        settle(*app);
        CHECK(anyPopup()); // the check can see the prompt
    }
    auto app = openApp(16.0f, dir.string());
    app->setEmbed(true);
    keepSettled(*app, "recovery-embed", 800, 450);
    CHECK_FALSE(anyPopup());
    CHECK(app->recoveryOffers().size() == 1); // kept for the page itself
    app->setEmbed(false);
    settle(*app);
    CHECK(anyPopup());
}

TEST_CASE("File > Export the session as a script: every button pressed, replayable")
{
    auto app = openApp(16.0f);
    app->loadText(small_script, "small.arena");
    REQUIRE_FALSE(app->lab().perform(lab::Alloc{"z", 64, 16}));
    REQUIRE_FALSE(app->lab().perform(lab::Reset{lab::ResetKind::retain_capacity, 0}));
    const std::string path = (freshDir("session") / "small-session.arena").string();
    REQUIRE(app->exportFile(gui::App::Export::script, path));
    const std::string saved = test_support::slurp(path);
    CHECK(saved.find("z = alloc 64 align=16\nreset retain_capacity\n") != std::string::npos);
    // Exporting does not make it the script's file: Save still goes where it did.
    CHECK(app->document().path().empty());
    // Loading it gives the same history.
    const std::size_t steps = app->lab().steps();
    const std::size_t capacity = app->lab().session().state().capacity;
    app->loadText(saved, "small-session.arena");
    CHECK(app->lab().messages().empty());
    CHECK(app->lab().steps() == steps);
    CHECK(app->lab().session().state().capacity == capacity);
}

TEST_CASE("arenalab export --png writes the view; without -o or with a binary script it refuses")
{
    const std::filesystem::path dir = freshDir("export-png");
    const std::string out = (dir / "hello.png").string();
    REQUIRE(runArenalab(std::string("export --png ") + ARENALAB_EXAMPLE + " --step 10 --size 800x500 -o " + out) == 0);
    const std::string png = test_support::slurp(out);
    REQUIRE(png.size() > 1000);
    CHECK(png.compare(1, 3, "PNG") == 0);
    CHECK(runArenalab(std::string("export --png ") + ARENALAB_EXAMPLE + " 2>/dev/null") == 2);
    CHECK(runArenalab(std::string("export --doctest ") + ARENALAB_EXAMPLE + " --step 3 2>/dev/null") == 2);
    { std::ofstream(dir / "bin.arena", std::ios::binary) << std::string("alloc 8\n\0\x01", 10); }
    CHECK(runArenalab("export --png " + (dir / "bin.arena").string() + " -o " + out + " 2>/dev/null") == 2);
}
