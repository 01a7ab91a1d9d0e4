// Files that never lose work: the text check that keeps binaries out of the
// editor, the recovery files that outlive a crash, the session export.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lab/files.hpp"
#include "lab/recovery.hpp"
#include "lab/script.hpp"
#include "test_support.hpp"

using namespace std::string_literals;

TEST_CASE("whyNotText: scripts in ASCII or UTF-8 pass; NUL bytes and non-UTF-8 are pointed at")
{
    CHECK_FALSE(lab::whyNotText(""));
    CHECK_FALSE(lab::whyNotText("a = alloc 8\r\nfree a\r\n"));
    CHECK_FALSE(lab::whyNotText("# caf\xc3\xa9, \xe2\x86\x92 arrows, \xf0\x9f\x98\x80 emoji\nalloc 1\n"));

    const auto nul = lab::whyNotText("alloc 8\nfree\0a\n"s);
    REQUIRE(nul);
    CHECK(nul->line == 2);
    CHECK(nul->col == 5);
    CHECK(nul->message.find("NUL byte") != std::string::npos);

    const auto latin1 = lab::whyNotText("# caf\xe9\n");
    REQUIRE(latin1);
    CHECK(latin1->line == 1);
    CHECK(latin1->col == 6);
    CHECK(latin1->message.find("byte 0xE9 is not UTF-8") != std::string::npos);
    // Columns count bytes, as the parser's do: "é" is two.
    const auto after_utf8 = lab::whyNotText("# \xc3\xa9\xff\n");
    REQUIRE(after_utf8);
    CHECK(after_utf8->col == 5);

    // Overlong forms, surrogates, values past U+10FFFF and cut-off sequences are not UTF-8.
    for (const std::string& bad : {"\xc0\xaf"s, "\xe0\x80\xaf"s, "\xed\xa0\x80"s, "\xf4\x90\x80\x80"s, "\xe2\x86"s, "\xff"s})
        CHECK_MESSAGE(lab::whyNotText("# " + bad + "\n"), "bytes: " << bad.size());

    // The start of a real PNG and of a UTF-16 text file.
    CHECK(lab::whyNotText("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s));
    CHECK(lab::whyNotText("\xff\xfe" "a\0l\0l\0o\0c\0"s));
}

TEST_CASE("recovery files: the script comes back byte for byte, header-like lines included")
{
    const std::string text = "# arenalab-recovery name: not a header\n# arenalab-recovery ---\na = alloc 8\r\nno final newline";
    const std::string encoded = lab::Recovery::encode("lesson.arena", "/home/t/lesson.arena", 1764000000, text);
    const auto decoded = lab::Recovery::decode(encoded);
    REQUIRE(decoded);
    CHECK(decoded->text == text);
    CHECK(decoded->name == "lesson.arena");
    CHECK(decoded->script_path == "/home/t/lesson.arena");
    CHECK(decoded->saved_at == 1764000000);
    // A recovery file is a script: it parses, and runs, as the original does.
    CHECK(lab::parseScript(lab::Recovery::encode("x", "", 0, "a = alloc 8\n")).ok());
    // A newline in a name cannot break the header.
    const auto odd = lab::Recovery::decode(lab::Recovery::encode("two\nlines", "", 5, "alloc 1\n"));
    REQUIRE(odd);
    CHECK(odd->name == "two lines");
    CHECK(odd->text == "alloc 1\n");
    // Files that are not recovery files are not taken for one.
    CHECK_FALSE(lab::Recovery::decode("a = alloc 8\n"));
    CHECK_FALSE(lab::Recovery::decode("# arenalab-recovery file\n# arenalab-recovery name: x\n")); // no ---
}

TEST_CASE("recovery: a file is offered once no window holds it, whatever its name's pid, and a clean exit removes it")
{
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("arenalab-recovery-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);

    lab::Recovery mine(dir.string());
    std::string error;
    REQUIRE(mine.save("mine.arena", "", "alloc 1\n", error));
    REQUIRE(std::filesystem::exists(mine.ownFile()));
    CHECK(mine.orphans().empty()); // the only file is this window's own

    // A file left by a process that has ended: fork one, let it write, reap it.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        lab::Recovery theirs(dir.string());
        std::string e;
        ::_exit(theirs.save("crashed.arena", "/tmp/crashed.arena", "a = alloc 24\nfree a\n", e) ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    // A window that is still open (another Recovery holding its lock) keeps its file.
    lab::Recovery open_window(dir.string());
    REQUIRE(open_window.save("open.arena", "", "alloc 5\n", error));

    // A file named after a running process (our parent: after a reboot,
    // pids are reused) with no window holding it is offered all the same.
    {
        std::ofstream reused(dir / ("recovery-" + std::to_string(::getppid()) + "-1.arena"));
        reused << lab::Recovery::encode("reused-pid.arena", "", 1, "alloc 2\n");
    }
    // A stray file of another shape is not.
    { std::ofstream(dir / "notes.txt") << "hello"; }

    std::vector<lab::RecoveredScript> found = mine.orphans();
    REQUIRE(found.size() == 2);
    CHECK(found[0].name == "crashed.arena"); // newest first
    CHECK(found[0].script_path == "/tmp/crashed.arena");
    CHECK(found[0].text == "a = alloc 24\nfree a\n");
    CHECK(found[1].name == "reused-pid.arena");
    for (const lab::RecoveredScript& r : found) CHECK(lab::Recovery::remove(r.file));
    CHECK(mine.orphans().empty());

    // A window that closes without discarding (as a crash does) leaves its file to be offered.
    const std::string open_file = open_window.ownFile();
    {
        lab::Recovery closing(dir.string());
        REQUIRE(closing.save("closing.arena", "", "alloc 6\n", error));
        CHECK(mine.orphans().empty());
    }
    found = mine.orphans();
    REQUIRE(found.size() == 1);
    CHECK(found[0].name == "closing.arena");
    CHECK(lab::Recovery::remove(found[0].file));
    open_window.discard();
    CHECK_FALSE(std::filesystem::exists(open_file));

    // Saving again rewrites the same file; discard removes it.
    const std::string own = mine.ownFile();
    REQUIRE(mine.save("mine.arena", "", "alloc 3\n", error));
    CHECK(mine.ownFile() == own);
    CHECK(lab::Recovery::decode(test_support::slurp(own))->text == "alloc 3\n");
    mine.discard();
    CHECK_FALSE(std::filesystem::exists(own));

    // A folder that cannot be made: a message, no crash.
    lab::Recovery nowhere("/proc/arenalab-cannot-be-here");
    CHECK_FALSE(nowhere.save("x", "", "alloc 1\n", error));
    CHECK(error.find("/proc/arenalab-cannot-be-here") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the session as a script: a comment saying where it came from, then exactly what ran")
{
    const std::string s = lab::sessionScript("a = alloc 8\nfree a", "hello.arena");
    CHECK(s.rfind("# A session recorded in Arena Lab from hello.arena", 0) == 0);
    CHECK(s.substr(s.find('\n') + 1) == "a = alloc 8\nfree a\n");
    CHECK(lab::parseScript(s).ok());
}
