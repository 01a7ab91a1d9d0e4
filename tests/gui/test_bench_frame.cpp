// `arenalab bench-frame`, run as a person runs it: it must start, draw a
// few frames and print its figures. No assertion on the times themselves.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Run {
    int status = -1;
    std::string out;
};

Run run(const std::string& args, const std::string& before = {})
{
    Run r;
    const std::string command = before + ARENALAB_EXE + " " + args;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
    const int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace

TEST_CASE("arenalab bench-frame draws a few frames and prints the figures")
{
    const Run r = run(std::string("bench-frame ") + ARENALAB_EXAMPLE + " --frames 3 --size 800x500");
    INFO(r.out);
    CHECK(r.status == 0);
    for (const char* key : {"startup_ms=", "\nframe_ms min=", "\nlayout_ms min=", "\ninstances min=", "gl_renderer="})
        CHECK(r.out.find(key) != std::string::npos);
}

TEST_CASE("arenalab bench-frame refuses bad options and a missing script")
{
    CHECK(run(std::string("bench-frame ") + ARENALAB_EXAMPLE + " --size 12 2>/dev/null").status == 2);
    CHECK(run(std::string("bench-frame ") + ARENALAB_EXAMPLE + " --frames 0 2>/dev/null").status == 2);
    CHECK(run(std::string("bench-frame ") + ARENALAB_EXAMPLE + " --frames many 2>/dev/null").status == 2);
    CHECK(run("bench-frame /nonexistent/x.arena 2>/dev/null").status == 2);
}

TEST_CASE("arenalab bench-frame in Chinese: its notes for a person and its start-up error, the figures' names as they are")
{
    // The same test case name prefix, so it runs in gui_bench_frame_smoke.
    const Run r = run(std::string("bench-frame --lang zh ") + ARENALAB_EXAMPLE + " --frames 3 --size 800x500 --step 999999 2>&1");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(r.out.find("\xE8\x84\x9A\xE6\x9C\xAC\xE5\x8F\xAA\xE6\x9C\x89") != std::string::npos); // 脚本只有 (the script has N steps)
    CHECK(r.out.find("\xE7\xB2\xBE\xE5\xBA\xA6 10 \xE6\xAF\xAB\xE7\xA7\x92") != std::string::npos); // 精度 10 毫秒
    CHECK(r.out.find("process_cpu = \xE6\xAF\x8F\xE5\xB8\xA7") != std::string::npos); // process_cpu = 每帧...
    CHECK(r.out.find("\nframe_ms min=") != std::string::npos); // machine-read: unchanged
    CHECK(r.out.find("showing the end") == std::string::npos);
    CHECK(r.out.find("resolution") == std::string::npos);
    // No display: the window cannot open, said in Chinese (GLFW's own
    // description of why stays its own), with the hint.
    const Run none = run(std::string("bench-frame --lang zh ") + ARENALAB_EXAMPLE + " --frames 3 2>&1", "env -u DISPLAY -u WAYLAND_DISPLAY ");
    INFO(none.out);
    CHECK(none.status == 1);
    CHECK(none.out.find("\xE6\x97\xA0\xE6\xB3\x95\xE6\x89\x93\xE5\xBC\x80\xE7\xAA\x97\xE5\x8F\xA3") != std::string::npos); // 无法打开窗口
    CHECK(none.out.find("xvfb-run -a arenalab bench-frame") != std::string::npos);
    CHECK(none.out.find("cannot open") == std::string::npos);
    CHECK(none.out.find("no display?") == std::string::npos);
}
