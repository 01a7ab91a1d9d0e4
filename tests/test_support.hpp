// Small helpers the test suites share.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace test_support {

// A whole file's bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every .arena script under `dir` (its folders too), sorted by path. A
// missing folder throws (std::filesystem::filesystem_error): a suite that
// reads scripts never passes by finding none.
inline std::vector<std::filesystem::path> scriptsUnder(const std::filesystem::path& dir)
{
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.path().extension() == ".arena") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    return paths;
}

// A scratch directory for one test, removed afterwards.
struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        char tmpl[] = "/tmp/arenalab-test-XXXXXX";
        const char* made = ::mkdtemp(tmpl);
        dir = made != nullptr ? made : "/tmp";
    }
    ~Scratch()
    {
        std::error_code ec;
        if (dir != "/tmp") std::filesystem::remove_all(dir, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    std::filesystem::path write(const std::string& name, const std::string& text) const
    {
        std::ofstream(dir / name, std::ios::binary) << text;
        return dir / name;
    }
};

// How a program run went: its exit status (-1 when a signal ended it) and
// what it wrote.
struct Exec {
    int status = -1;
    std::string out;
    std::string err;
};

// `err` less the one line AddressSanitizer's runtime prints the first time
// a process switches coroutine stacks (a race's threads, lab/race.hpp):
// "==PID==WARNING: ASan doesn't fully support makecontext/swapcontext ...".
// It has no option to silence it; every other line stays.
inline std::string withoutSanitizerNotes(const std::string& err)
{
    std::string out;
    std::size_t begin = 0;
    while (begin < err.size()) {
        std::size_t end = err.find('\n', begin);
        end = end == std::string::npos ? err.size() : end + 1;
        const std::string_view line(err.data() + begin, end - begin);
        if (line.find("WARNING: ASan doesn't fully support makecontext/swapcontext") == std::string_view::npos)
            out.append(line);
        begin = end;
    }
    return out;
}

// Runs `exe ARGS` through the shell (ARGS are shell words), with `input` on
// standard input.
inline Exec runProgram(const std::string& exe, const std::string& args, const std::string& input = "")
{
    Scratch s;
    const std::filesystem::path in = s.write("stdin", input);
    const std::string cmd = "'" + exe + "' " + args + " <'" + in.string() + "' >'" + (s.dir / "out").string() + "' 2>'" +
                            (s.dir / "err").string() + "'";
    const int raw = std::system(cmd.c_str());
    Exec e;
    e.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    e.out = slurp(s.dir / "out");
    e.err = slurp(s.dir / "err");
    return e;
}

} // namespace test_support
