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

Run run(const std::string& args)
{
    Run r;
    const std::string command = std::string(ARENALAB_EXE) + " " + args;
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
