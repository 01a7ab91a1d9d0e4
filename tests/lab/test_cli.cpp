// The command line as a person uses it: exit statuses, what goes to
// standard output and what to standard error.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Exec {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A scratch directory for one test, removed afterwards.
struct Scratch {
    fs::path dir;
    Scratch()
    {
        char tmpl[] = "/tmp/arenalab-cli-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    ~Scratch() { fs::remove_all(dir); }
    fs::path write(const std::string& name, const std::string& text) const
    {
        std::ofstream(dir / name, std::ios::binary) << text;
        return dir / name;
    }
};

// Runs `arenalab ARGS` through the shell, with `input` on standard input.
Exec arenalab(const std::string& args, const std::string& input = "")
{
    Scratch s;
    const fs::path in = s.write("stdin", input);
    const std::string cmd = "'" ARENALAB_EXE "' " + args + " <'" + in.string() + "' >'" + (s.dir / "out").string() +
                            "' 2>'" + (s.dir / "err").string() + "'";
    const int raw = std::system(cmd.c_str());
    Exec e;
    e.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    e.out = slurp(s.dir / "out");
    e.err = slurp(s.dir / "err");
    return e;
}

} // namespace

TEST_CASE("cli: trace prints JSON Lines and exits 0")
{
    Scratch s;
    const auto f = s.write("a.arena", "a = alloc 1\n");
    const Exec e = arenalab("trace '" + f.string() + "'");
    CHECK(e.status == 0);
    CHECK(e.err.empty());
    CHECK(e.out.rfind(R"({"line":1,"op":"alloc","name":"a","len":1,"align":1,"result":{"ok":true,"buf":0,"offset":16})", 0) == 0);
    CHECK(e.out.find(R"({"line":2,"op":"deinit")") != std::string::npos);
}

TEST_CASE("cli: trace and check read standard input for -")
{
    const Exec t = arenalab("trace -", "alloc 5\n");
    CHECK(t.status == 0);
    CHECK(t.out.find(R"("op":"deinit")") != std::string::npos);
    const Exec c = arenalab("check -", "x = alloc 5\nbogus\n");
    CHECK(c.status == 2);
    CHECK(c.out.empty());
    CHECK(c.err.rfind("<stdin>:2:1: error: ", 0) == 0);
}

TEST_CASE("cli: a refused script prints nothing on standard output and exits 2")
{
    const Exec e = arenalab("trace -", "a = alloc 10 align=3\n");
    CHECK(e.status == 2);
    CHECK(e.out.empty());
    CHECK(e.err.rfind("<stdin>:1:14: error: ", 0) == 0);
}

TEST_CASE("cli: a failed expectation keeps the trace so far and exits 1")
{
    const Exec e = arenalab("trace -", "a = alloc 1\nexpect end_index 2\nalloc 1\n");
    CHECK(e.status == 1);
    CHECK(std::count(e.out.begin(), e.out.end(), '\n') == 1);
    CHECK(e.err == "<stdin>:2: expectation failed: expected end_index 2, but it is 1\n");
}

TEST_CASE("cli: check prints a short summary")
{
    const Exec e = arenalab("check -", "child resize=never\na = alloc 1\nb = alloc 1000\nexpect nodes 2\n");
    CHECK(e.status == 0);
    CHECK(e.out.find("<stdin>: ok") == 0);
    CHECK(e.out.find("operations:   3 (alloc 2, resize 0, remap 0, free 0, reset 0, deinit 1)") != std::string::npos);
    CHECK(e.out.find("expectations: 1 met") != std::string::npos);
    CHECK(e.out.find("final state:  end_index 1000, capacity") != std::string::npos);
    CHECK(e.out.find("2 nodes (newest first: buf 1 = ") != std::string::npos);
}

TEST_CASE("cli: files that cannot be read give a clear message and exit 2")
{
    const Exec missing = arenalab("trace /nonexistent/nothing.arena");
    CHECK(missing.status == 2);
    CHECK(missing.out.empty());
    CHECK(missing.err.find("/nonexistent/nothing.arena: error: cannot open: No such file or directory") == 0);
    const Exec dir = arenalab("check /tmp");
    CHECK(dir.status == 2);
    CHECK(dir.err.find("is a directory") != std::string::npos);
}

TEST_CASE("cli: every subcommand has --help; bad usage exits 2")
{
    for (const char* sub : {"", "trace ", "check ", "demo "}) {
        CAPTURE(sub);
        const Exec e = arenalab(std::string(sub) + "--help");
        CHECK(e.status == 0);
        CHECK(e.out.find("Usage") != std::string::npos);
    }
    CHECK(arenalab("trace").status == 2);                 // FILE missing
    CHECK(arenalab("trace a b").status == 2);             // one file only
    CHECK(arenalab("frobnicate").status == 2);            // no such subcommand
    CHECK(arenalab("check --no-such-option x").status == 2);
}

TEST_CASE("cli: the headless demo narrates the built-in example")
{
    const Exec e = arenalab("demo");
    CHECK(e.status == 0);
    CHECK(e.out.find("hello.arena") != std::string::npos);
    CHECK(e.out.find("The buffer list is empty") != std::string::npos);
    CHECK(e.out.find("child: alloc 51 B -> buf 0") != std::string::npos);
}
