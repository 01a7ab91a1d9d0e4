// Chinese pasted (Ctrl+V) into the real window, as a person pastes it from
// another program: the X clipboard is set by xclip, the keys and clicks come
// from xdotool (XTEST), and the window is arenalab itself on the test's X
// server. What arrived is read back from outside the window: the editor's
// text by saving the file (Ctrl+S), the name field's by copying it (Ctrl+C)
// to the clipboard that xclip reads.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "support.hpp"
#include "test_support.hpp"

namespace {

using guitest::openApp;
using guitest::settled;
using test_support::Scratch;
using test_support::slurp;

int sh(const std::string& command) { return std::system(command.c_str()); }

std::string shOut(const std::string& command, const Scratch& s)
{
    const std::string out = (s.dir / "sh.out").string();
    sh(command + " >'" + out + "' 2>/dev/null");
    return slurp(out);
}

// Polls `done` until it holds or a minute has passed (a loaded machine
// draws slowly under the software renderer; nothing here is timed).
template <class Done>
bool eventually(Done done)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return done();
}

// Centre of a recorded rectangle, in window pixels, as text for xdotool.
std::string centre(const gui::RecordedRect& r, float dy = 0)
{
    return std::to_string(static_cast<int>(r.x + r.w / 2)) + " " + std::to_string(static_cast<int>(r.y + r.h / 2 + dy));
}

// arenalab on `file` in its own process, on the test's X server, and
// where its editor and name field are.
struct RealWindow {
    pid_t pid = -1;
    std::string id;        // the X window, for xdotool
    std::string editor_at; // below the editor's last line: a click there puts the cursor at the end
    std::string name_at;   // the Controls' name field

    RealWindow(const Scratch& s, const std::filesystem::path& file, const std::string& script)
    {
        // The same window, headless, on the same script at its end (where
        // the real window opens it): its layout record says where things are.
        {
            auto app = openApp(18.0f);
            app->loadText(script, file.string());
            app->lab().seek(app->lab().steps());
            settled(*app);
            const gui::RecordedRect* editor = nullptr;
            const gui::RecordedRect* name = nullptr;
            for (const gui::RecordedRect& r : app->ui().layout_record.texts) {
                if (r.what == "script editor") editor = &r;
                if (r.what == "alloc name field") name = &r;
            }
            REQUIRE(editor != nullptr);
            REQUIRE(name != nullptr);
            editor_at = std::to_string(static_cast<int>(editor->x + editor->w / 2)) + " " +
                        std::to_string(static_cast<int>(editor->y + editor->h - 8));
            name_at = centre(*name);
        }
        const std::string exe = ARENALAB_EXE;
        pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::setenv("ARENALAB_STATE_DIR", (s.dir / "state").c_str(), 1);
            ::execl(exe.c_str(), exe.c_str(), "--lang", "zh", file.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        const std::string found =
            shOut("timeout 60 xdotool search --sync --onlyvisible --name '" + file.filename().string() + "' | head -n 1", s);
        REQUIRE_MESSAGE(!found.empty(), "the window opened");
        id = found.substr(0, found.find('\n'));
        // Ready when it answers: a text pasted into the name field comes
        // back out of it (a window still starting up misses the clicks).
        const bool ready = eventually([&] {
            sh("xdotool windowfocus " + id);
            if (sh("printf 'ready' | xclip -selection clipboard") != 0) return false;
            click(name_at);
            sh("xdotool key ctrl+a ctrl+v");
            if (sh("printf 'zzz' | xclip -selection clipboard") != 0) return false;
            sh("xdotool key ctrl+a ctrl+c");
            const bool answered = shOut("timeout 5 xclip -o -selection clipboard", s) == "ready";
            sh("xdotool key ctrl+a BackSpace");
            return answered;
        });
        REQUIRE_MESSAGE(ready, "the window answers the keyboard");
    }
    ~RealWindow()
    {
        if (pid <= 0) return;
        ::kill(pid, SIGTERM);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    RealWindow(const RealWindow&) = delete;
    RealWindow& operator=(const RealWindow&) = delete;

    void click(const std::string& at) const { sh("xdotool mousemove --window " + id + " " + at + " click 1"); }
    // What the name field holds, copied out of it (Ctrl+C) after the
    // clipboard was set to something else, so it came from the field.
    bool nameFieldHolds(const std::string& text, const Scratch& s) const
    {
        if (sh("printf 'zzz' | xclip -selection clipboard") != 0) return false;
        return eventually([&] {
            click(name_at);
            sh("xdotool key ctrl+a ctrl+c");
            return shOut("timeout 5 xclip -o -selection clipboard", s) == text;
        });
    }
};

} // namespace

TEST_CASE("Chinese pasted (Ctrl+V) into the real window's editor and name field arrives whole")
{
    REQUIRE_MESSAGE(sh("command -v xdotool >/dev/null && command -v xclip >/dev/null") == 0,
                    "xdotool and xclip are in the README's package list");
    Scratch s;
    const std::string script = "a = alloc 1\n";
    const std::filesystem::path file = s.write("pasted.arena", script);
    const RealWindow window(s, file, script);

    // The editor: a new line, the clipboard's text pasted, then saved.
    REQUIRE(sh("printf '%s' '# 预热缓冲区' | xclip -selection clipboard") == 0);
    window.click(window.editor_at);
    sh("xdotool key ctrl+End Return ctrl+v ctrl+s");
    // The script's text, an empty line (the editor's last), the pasted line.
    const bool pasted = eventually([&] { return slurp(file).starts_with(script + "\n# 预热缓冲区"); });
    const std::string saved = slurp(file);
    CAPTURE(saved);
    CHECK(pasted);

    // The name field.
    REQUIRE(sh("printf '%s' '数据' | xclip -selection clipboard") == 0);
    window.click(window.name_at);
    sh("xdotool key ctrl+a ctrl+v");
    CHECK(window.nameFieldHolds("数据", s));
}

// xdotool types a character no key has by binding it to a spare keycode,
// pressing that key and unbinding it after its --delay; X sends the window
// only the keycode, which the window looks up when it reads the event, at
// its next frame. A delay shorter than a frame (the software renderer under
// load: hundreds of milliseconds) loses the character or doubles the next
// one (tried: "数据" arrived as "据据"), in any X program; a person's input
// method commits text through XIM instead. So the delay here is a second.
TEST_CASE("Chinese typed by xdotool into the real window's editor and name field arrives whole")
{
    REQUIRE_MESSAGE(sh("command -v xdotool >/dev/null && command -v xclip >/dev/null") == 0,
                    "xdotool and xclip are in the README's package list");
    Scratch s;
    const std::string script = "a = alloc 1\n";
    const std::filesystem::path file = s.write("typed.arena", script);
    const RealWindow window(s, file, script);

    window.click(window.editor_at);
    sh("xdotool key ctrl+End Return");
    sh("xdotool type --delay 1000 '# 预热缓冲区 ok'");
    sh("xdotool key ctrl+s");
    const bool typed = eventually([&] { return slurp(file) == script + "\n# 预热缓冲区 ok"; });
    const std::string saved = slurp(file);
    CAPTURE(saved);
    CHECK(typed);

    window.click(window.name_at);
    sh("xdotool key ctrl+a BackSpace");
    sh("xdotool type --delay 1000 '数据'");
    CHECK(window.nameFieldHolds("数据", s));
}
