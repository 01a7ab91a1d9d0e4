// The command line as a person uses it: exit statuses, what goes to
// standard output and what to standard error.
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "lab/text_wrap.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>

namespace fs = std::filesystem;

namespace {

using test_support::Exec;
using test_support::Scratch;
using test_support::slurp;

// Runs `arenalab ARGS` through the shell, with `input` on standard input.
Exec arenalab(const std::string& args, const std::string& input = "")
{
    return test_support::runProgram(ARENALAB_EXE, args, input);
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
    CHECK(e.err == "<stdin>:2:1: error: expectation failed: expected end_index 2, but it is 1\n");
}

TEST_CASE("cli: check prints a short summary")
{
    const Exec e = arenalab("check -", "child resize=never\na = alloc 1\nb = alloc 1000\nexpect nodes 2\n");
    CHECK(e.status == 0);
    CHECK(e.out.find("<stdin>: ok") == 0);
    CHECK(e.out.find("operations:   3 (alloc 2, resize 0, remap 0, free 0, reset 0, deinit 1)") != std::string::npos);
    CHECK(e.out.find("expectations: 1 met") != std::string::npos);
    CHECK(e.out.find("final state:  end_index 1,000, capacity") != std::string::npos); // the human text, grouped
    CHECK(e.out.find("at most 1,653 bytes held at once") != std::string::npos);
    CHECK(e.out.find("2 nodes (newest first: buf 1 = ") != std::string::npos);
}

TEST_CASE("cli: check's summary groups every count, the pinned questions' too")
{
    // "questions:    1000 pinned" was printed with %zu, past lab::grouped.
    std::string script = "child resize=never\n";
    for (int i = 0; i < 1000; ++i) script += "reset free_all\n# ask: end_index = 8\nalloc 8\n";
    const Exec e = arenalab("check -", script);
    CHECK(e.status == 0);
    CHECK(e.out.find("questions:    1,000 pinned (# ask:)") != std::string::npos);
    CHECK(e.out.find("operations:   2,001 (alloc 1,000") != std::string::npos);
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
    // Every file the help names is the repository's own: docs/, examples.
    CHECK(arenalab("--help").out.find("docs/script.md") != std::string::npos);
    std::size_t named = 0;
    for (const std::string sub : {"", "trace ", "check ", "demo ", "export ", "shot ", "compare ", "bench-frame ", "explore "}) {
        const std::string out = arenalab(sub + "--help").out;
        const std::regex path(R"([A-Za-z0-9_./-]+\.(md|arena))");
        for (auto it = std::sregex_iterator(out.begin(), out.end(), path); it != std::sregex_iterator(); ++it) {
            CAPTURE(sub);
            CAPTURE(it->str());
            CHECK(fs::is_regular_file(fs::path(SOURCE_DIR) / it->str()));
            ++named;
        }
    }
    CHECK(named >= 3); // docs/script.md, the example, docs/lessons.md at least
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

TEST_CASE("cli: every static error rule exits 2 with nothing on standard output, at the right line and column")
{
    struct Case {
        const char* script;
        const char* where; // the start of the first stderr line
    };
    const Case cases[] = {
        {"a = alloc 0\n", "<stdin>:1:11: error: "},                    // LEN at least 1
        {"a = alloc 1099511627777\n", "<stdin>:1:11: error: "},        // LEN at most 2^40
        {"alloc 8 align=3\n", "<stdin>:1:9: error: "},                 // align a power of two
        {"alloc 8 align=8192\n", "<stdin>:1:9: error: "},              // align at most 4096
        {"a = alloc 8\nresize a 0\n", "<stdin>:2:10: error: "},        // NEWLEN at least 1
        {"resize q 8\n", "<stdin>:1:8: error: "},                      // unknown handle
        {"a = alloc 8\nfree a\nfree a\n", "<stdin>:3:6: error: "},     // dead handle (freed)
        {"a = alloc 8\nreset free_all\nremap a 9\n", "<stdin>:3:7: error: "}, // dead handle (reset)
        {"a = alloc 8\nrepeat 2 free a\n", "<stdin>:2:15: error: "},   // repeat K free with K >= 2
        {"repeat 0 alloc 1\n", "<stdin>:1:8: error: "},                // repeat K from 1
        {"repeat 1000001 alloc 1\n", "<stdin>:1:8: error: "},          // repeat K at most 10^6
        {"reset retain_with_limit 1099511627777\n", "<stdin>:1:25: error: "}, // N at most 2^40
        {"reset sometimes\n", "<stdin>:1:7: error: "},                 // unknown mode
        {"child\n", "<stdin>:1:1: error: "},                           // at least one key
        {"child page=8 page=16\n", "<stdin>:1:14: error: "},           // a key twice
        {"child page=12\n", "<stdin>:1:7: error: "},                   // page a power of two
        {"child offset=4\n", "<stdin>:1:7: error: "},                  // offset a multiple of 8
        {"child offset=4096\n", "<stdin>:1:7: error: "},               // offset below 4096
        {"child limit=4294967297\n", "<stdin>:1:7: error: "},          // limit at most 2^32
        {"child resize=sometimes\n", "<stdin>:1:7: error: "},          // policy names
        {"fail free\n", "<stdin>:1:6: error: "},                       // fail alloc|resize
        {"expect ok\n", "<stdin>:1:8: error: "},                       // ok/fail before any operation
        {"expect size 3\n", "<stdin>:1:8: error: "},                   // what can be expected
        {"alloc = alloc 3\n", "<stdin>:1:1: error: "},                 // keyword as a name
        {"a = alloc 0X10\n", "<stdin>:1:11: error: "},                 // lowercase 0x only
        {"a = alloc -1\n", "<stdin>:1:11: error: "},                   // no signs
        {"a = alloc 1_000\n", "<stdin>:1:11: error: "},                // no separators
        {"a = alloc 8 extra\n", "<stdin>:1:13: error: "},              // a stray word
        {"frob 1\n", "<stdin>:1:1: error: "},                          // unknown statement
    };
    for (const Case& c : cases) {
        CAPTURE(c.script);
        const Exec e = arenalab("trace -", c.script);
        CHECK(e.status == 2);
        CHECK(e.out.empty());
        CHECK(e.err.rfind(c.where, 0) == 0);
        CHECK(e.err.find('\n') == e.err.size() - 1); // one problem, one line
    }
}

TEST_CASE("cli: a file that is not text is refused as FILE:LINE:COL: error:, like every other refusal")
{
    // Editors and scripts jump to FILE:LINE:COL; a binary's first bad byte
    // is a place in the file like any other.
    Scratch s;
    const std::string nul = s.write("nul.arena", std::string("alloc 8\n\0ELF\n", 12)).string();
    const std::string latin1 = s.write("latin1.arena", "alloc 8\n# ok\nfoo\xe9\n").string();
    for (const std::string sub : {"trace", "check", "demo", "export --doctest", "export --trace"}) {
        CAPTURE(sub);
        const Exec a = arenalab(sub + " '" + nul + "'");
        CHECK(a.status == 2);
        CHECK(a.out.empty());
        CHECK(a.err.rfind(nul + ":2:1: error: it is not a text file: it holds a NUL byte", 0) == 0);
        CHECK(a.err.find('\n') == a.err.size() - 1);
        const Exec b = arenalab(sub + " '" + latin1 + "'");
        CHECK(b.status == 2);
        CHECK(b.err.rfind(latin1 + ":3:4: error: it is not a text file: byte 0xE9 is not UTF-8", 0) == 0);
    }
    const Exec in = arenalab("check -", std::string("\0", 1));
    CHECK(in.err.rfind("<stdin>:1:1: error: it is not a text file", 0) == 0);
}

TEST_CASE("cli: hostile input is refused cleanly")
{
    std::string binary;
    for (int i = 0; i < 65536; ++i) binary += static_cast<char>(i * 37 % 256); // ~256 lines of noise
    const Exec b = arenalab("check -", binary);
    CHECK(b.status == 2);
    CHECK(b.out.empty());
    CHECK(b.err.find("it is not a text file") != std::string::npos); // refused whole, before parsing
    // Text noise: many errors, cut short.
    std::string noise;
    for (int i = 0; i < 300; ++i) noise += "frob " + std::to_string(i) + "\n";
    const Exec n = arenalab("check -", noise);
    CHECK(n.status == 2);
    CHECK(n.err.find("too many errors") != std::string::npos);
    // A long line is no error in itself: the long number in it is, at its column.
    const Exec long_line = arenalab("check -", "alloc " + std::string(100000, '9') + "\n");
    CHECK(long_line.status == 2);
    CHECK(long_line.err.rfind("<stdin>:1:7: error: ", 0) == 0);
    CHECK(long_line.err.find('\n') == long_line.err.size() - 1);
    const Exec huge = arenalab("check -", "a = alloc 99999999999999999999999999999999\n");
    CHECK(huge.status == 2);
    CHECK(huge.err.find("2^40") != std::string::npos);
}

// CLI11 pads the help's left column with setw, which counts bytes: a
// Chinese label there ("需要", "不能与之同用") is three bytes a character
// but two columns wide, and the description after it started short of the
// column every other line uses. The help's descriptions line up by what a
// terminal shows (lab::terminalColumns), in both languages.
TEST_CASE("cli: --help in Chinese lines its descriptions up in one column, as in English")
{
    // Where the description starts on an option's line: after the run of
    // two or more spaces that ends the left column (none: it is on the next line).
    const auto descriptionColumn = [](const std::string& line) -> std::optional<std::size_t> {
        const std::size_t gap = line.find("  ", 2);
        if (gap == std::string::npos) return std::nullopt;
        const std::size_t start = line.find_first_not_of(' ', gap);
        if (start == std::string::npos) return std::nullopt;
        return lab::terminalColumns(std::string_view(line).substr(0, start));
    };
    std::size_t checked_with_chinese = 0;
    for (const std::string sub : {"", "trace ", "check ", "demo ", "export ", "shot ", "compare ", "bench-frame ", "explore "}) {
        for (const char* lang : {"en", "zh"}) {
            const Exec e = arenalab(sub + "--help --lang " + lang);
            REQUIRE(e.status == 0);
            std::istringstream lines(e.out);
            std::optional<std::size_t> column;
            for (std::string line; std::getline(lines, line);) {
                if (!line.starts_with("  -") && !line.starts_with("  [")) continue; // an option's line
                const auto at = descriptionColumn(line);
                if (!at) continue;
                CAPTURE(sub);
                CAPTURE(lang);
                CAPTURE(line);
                if (!column) column = at;
                CHECK(*at == *column);
                const std::string_view left = std::string_view(line).substr(0, line.find("  ", 2));
                if (std::string(lang) == "zh" && lab::terminalColumns(left) != left.size()) ++checked_with_chinese;
            }
            CHECK(column.has_value());
        }
    }
    // The case that was wrong: Chinese in the left column ("--format TEXT 需要: --quiz").
    CHECK(checked_with_chinese >= 3);
}

TEST_CASE("cli: explore, its --help, thread refusals and race stops speak Chinese with --lang zh")
{
    Scratch s;
    const auto race = s.write("race.arena", "model zig-0.16\na0 = alloc 100\nT1: a = alloc 8 align=64\nT2: b = alloc 8\n");
    const Exec zh = arenalab("explore --lang zh '" + race.string() + "'");
    REQUIRE(zh.status == 0);
    CHECK(zh.out.find("检查了 5 个调度、35 个步骤（结果与 2 种先后顺序做了比较）") != std::string::npos);
    CHECK(zh.out.find("每一步之后每个不变式都成立") != std::string::npos);
    CHECK(zh.out.find("schedules") == std::string::npos);
    const Exec en = arenalab("explore --lang en '" + race.string() + "'");
    CHECK(en.out.find("5 schedules, 35 steps checked (results compared with 2 sequential orders)") != std::string::npos);

    const Exec help = arenalab("explore --help --lang zh");
    REQUIRE(help.status == 0);
    CHECK(help.out.find("运行一个多线程脚本中竞争的每一种交错") != std::string::npos);
    CHECK(help.out.find("调度数超过这个值的竞争会被拒绝") != std::string::npos);
    CHECK(help.out.find("退出状态：0 每个调度都保持了每个不变式") != std::string::npos);

    // No race: explore's refusal.
    const auto plain = s.write("plain.arena", "model zig-0.16\na = alloc 1\n");
    const Exec none = arenalab("explore --lang zh '" + plain.string() + "'");
    CHECK(none.status == 2);
    CHECK(none.err.find("error: explore 需要一个竞争") != std::string::npos);
    // A schedule naming a finished thread stops the race (trace's stop).
    const auto stop = s.write("stop.arena", "model zig-0.16\nschedule T2 T2 T2 T2 T2\nT1: a = alloc 8\nT2: b = alloc 8\n");
    const Exec stopped = arenalab("trace --lang zh '" + stop.string() + "'");
    CHECK(stopped.status == 2);
    CHECK(stopped.err.find("调度的第 4 步指定了 T2，但它已经执行完了自己的语句") != std::string::npos);
    // The parser's thread rules.
    const auto reset = s.write("reset.arena", "model zig-0.16\nT1: reset free_all\n");
    const Exec refused = arenalab("check --lang zh '" + reset.string() + "'");
    CHECK(refused.status == 2);
    CHECK(refused.err.find(":2:5: error: 线程只运行 alloc、resize、remap 和 free") != std::string::npos);
    const auto classic = s.write("classic.arena", "T1: a = alloc 8\n");
    const Exec model = arenalab("check --lang zh '" + classic.string() + "'");
    CHECK(model.err.find("线程需要 zig-0.16 模型") != std::string::npos);
}

// CLI11 refuses a command line with fixed English ("The following argument
// was not expected", "is required"): a person who chose Chinese reads it
// in Chinese, exit status 2 as before; the options' names stay as typed.
TEST_CASE("cli: a refused command line is said in the reader's language")
{
    struct Case {
        const char* args;
        const char* zh; // what the Chinese message holds
        const char* en;
    };
    const Case cases[] = {
        {"--bogus", "\xE8\xBF\x99\xE9\x87\x8C\xE4\xB8\x8D\xE8\xAF\xA5\xE6\x9C\x89\xEF\xBC\x9A--bogus", "not expected here: --bogus"}, // 这里不该有：
        {"shot", "\xE7\xBC\xBA\xE5\xB0\x91 FILE", "FILE is required"},                                                    // 缺少
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        const Exec zh = arenalab(std::string(c.args) + " --lang zh");
        CHECK(zh.status == 2);
        CHECK(zh.err.find(c.zh) != std::string::npos);
        CHECK(zh.err.find("--help") != std::string::npos);
        CHECK(zh.err.find("more information") == std::string::npos);
        const Exec en = arenalab(std::string(c.args) + " --lang en");
        CHECK(en.status == 2);
        CHECK(en.err.find(c.en) != std::string::npos);
    }
}

TEST_CASE("cli: export --doctest refuses a script with threads, writing nothing, and --trace still exports it")
{
    // The exported test would call the arena one operation after another,
    // so it would check a run the race's schedule never makes.
    Scratch s;
    const auto race = s.write("race.arena", "model zig-0.16\na0 = alloc 100\nschedule T1 T2 T2 T1\nT1: a = alloc 8 align=64\n"
                                            "T2: b = alloc 8\n");
    const auto out = s.dir / "race_test.cpp";
    const Exec refused = arenalab("export --doctest '" + race.string() + "' -o '" + out.string() + "' --lang en");
    CHECK(refused.status == 2);
    CHECK(refused.err.find("race.arena: error: a script with threads is not exported as a doctest test") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    const Exec zh = arenalab("export --doctest '" + race.string() + "' -o '" + out.string() + "' --lang zh");
    CHECK(zh.status == 2);
    CHECK(zh.err.find("doctest") != std::string::npos);
    CHECK(zh.err.find("not exported") == std::string::npos);
    const Exec trace = arenalab("export --trace '" + race.string() + "' -o '" + out.string() + "'");
    CHECK(trace.status == 0);
    CHECK(fs::exists(out));
}
