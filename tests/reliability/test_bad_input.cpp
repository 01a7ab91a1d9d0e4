// Bad input everywhere: every field a person types into, every command-line
// option, every kind of file. Each gets a clear message (exit status 2 on
// the command line) and nothing crashes. Each sweep counts the inputs it
// actually fed and checked; the total must equal what its lists hold and
// the figure docs/testing.md states, so that figure comes from the test.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "lab/fields.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace fields = lab::fields;
using test_support::Exec;
using test_support::Scratch;

namespace {

const std::string two_to_64 = "18446744073709551616";
const std::string hundred_mb_of_digits(100u << 20, '7');

// Inputs no number field accepts.
std::vector<std::string> notNumbers()
{
    return {"",     " ",    "-1",   "-0",    "+5",   "abc",  "1e3",  "1.5",   "0x",    "0xG1", "0X10", "1_000",
            "1,000", "12 34", "\xd9\xa1\xd9\xa2" /* Arabic-Indic 12 */, "\xef\xbc\x91" /* fullwidth 1 */, "nan", "inf",
            two_to_64, "99999999999999999999999999", "0x10000000000000000", hundred_mb_of_digits, std::string("1\0", 2)};
}

struct Field {
    const char* name;
    std::function<fields::Checked(std::string_view)> check;
    std::vector<std::string> refused;                        // beyond notNumbers()
    std::vector<std::pair<std::string, std::uint64_t>> taken; // input, value
};

std::vector<Field> allFields()
{
    return {
        {"alloc size", [](std::string_view t) { return fields::length(t, "the size"); },
         {"0", "00", "0x0", "1099511627777", "18446744073709551615"},
         {{"1", 1}, {" 24 ", 24}, {"007", 7}, {"0x10", 16}, {"1099511627776", 1099511627776}}},
        {"new length", [](std::string_view t) { return fields::length(t, "the new length"); },
         {"0", "1099511627777"},
         {{"1", 1}, {"4096", 4096}}},
        {"reset limit", fields::resetLimit, {"1099511627777", "18446744073709551615"}, {{"0", 0}, {"15", 15}, {"1099511627776", 1099511627776}}},
        {"child page", fields::childPage, {"0", "1", "4", "12", "4095", "6144", "2097152", "0x3"}, {{"8", 8}, {"4096", 4096}, {"1048576", 1048576}}},
        {"child offset", fields::childOffset, {"1", "7", "12", "4096", "8192"}, {{"0", 0}, {"8", 8}, {"4088", 4088}}},
        {"child limit", fields::childLimit, {"4294967297", "18446744073709551615"}, {{"0", 0}, {"4294967296", 4294967296}}},
    };
}

// Every field's refused inputs, as the field test feeds them.
std::vector<std::pair<const Field*, std::string>> fieldInputsRefused(const std::vector<Field>& all)
{
    std::vector<std::pair<const Field*, std::string>> out;
    for (const Field& f : all) {
        for (const std::string& text : notNumbers()) out.emplace_back(&f, text);
        for (const std::string& text : f.refused) out.emplace_back(&f, text);
    }
    return out;
}

std::vector<std::string> badNames()
{
    return {"", "1a", "a-b", "a b", "é", "alloc", "resize", "remap", "free", "reset", "repeat",
            "child", "fail", "expect", "a.b", "a=b", "#a"};
}

// Command lines, given a good script `ok` and an output path `out`.
std::vector<std::string> badCommandLines(const std::string& ok, const std::string& out)
{
    return {
        "--bogus", "frobnicate", "trace", "trace " + ok + " " + ok, "trace ''", "check", "check --bogus " + ok,
        "demo " + ok + " extra", "demo /nonexistent.arena", "export", "export --doctest", "export --trace",
        "export --png", "export --doctest " + ok + " --trace " + ok, "export --trace " + ok + " --step 3",
        "export --doctest " + ok + " --size 800x600", "export --png " + ok, // no -o
        "shot", "shot " + ok, // no -o
        "shot " + ok + " -o " + out + " --step -1", "shot " + ok + " -o " + out + " --step " + two_to_64,
        "shot " + ok + " -o " + out + " --step 1e3", "shot " + ok + " -o " + out + " --step ''",
        "shot " + ok + " -o " + out + " --step 0x", "shot " + ok + " -o " + out + " --size 0x0",
        "shot " + ok + " -o " + out + " --size -800x-600", "shot " + ok + " -o " + out + " --size 99999x99999",
        "shot " + ok + " -o " + out + " --size 800", "shot " + ok + " -o " + out + " --size abc",
        "shot " + ok + " -o " + out + " --size " + two_to_64 + "x600", "shot " + ok + " -o " + out + " --font -3",
        "shot " + ok + " -o " + out + " --font nan", "shot " + ok + " -o " + out + " --font 1e9",
        "shot " + ok + " -o " + out + " --font abc", "export --png " + ok + " -o " + out + " --step -2",
        "export --png " + ok + " -o " + out + " --size 1x1", "shot " + ok + " -o " + out + " --zoom -1",
        "shot " + ok + " -o " + out + " --zoom nan", "shot " + ok + " -o " + out + " --zoom 0x",
        "shot " + ok + " -o " + out + " --zoom 2 --pan-x inf", "bench-frame --frames 0", "bench-frame --frames -1",
        "bench-frame --frames abc", "bench-frame --frames " + two_to_64, "bench-frame --size 0x0",
        "bench-frame /nonexistent.arena", "bench-frame --step -1", "bench-frame " + ok + " --step x",
    };
}

// The subcommands that read a script file.
const std::vector<std::string> file_readers = {"trace", "check", "demo", "export --doctest", "export --trace", "bench-frame"};

struct BadFile {
    std::string path;
    std::string why; // what the message must say
    bool as_user = false; // as root, run as nobody (permissions do not bind root)
};

// Every kind of file a script reader must refuse, made in `s`.
std::vector<BadFile> badFiles(const Scratch& s)
{
    std::vector<BadFile> files = {
        {(s.dir / "missing.arena").string(), "cannot open: No such file or directory"},
        {s.dir.string(), "is a directory"},
        {"/proc/self/mem", "cannot read"}, // unreadable, even for root
        {s.write("binary.arena", std::string("alloc 8\n\x7f" "ELF\x02\x01\x01\0\0", 16)).string(), "it is not a text file"},
        {s.write("utf16.arena", std::string("\xff\xfe" "a\0l\0l\0o\0c\0 \0" "8\0\n\0", 18)).string(), "it is not a text file"},
        {"/dev/zero", "is not a regular file"}, // a device: refused before any read
    };
    const fs::path huge = s.dir / "huge.arena";
    { std::ofstream(huge) << "alloc 8\n"; }
    fs::resize_file(huge, 100u << 20); // 100 MB (sparse): refused by its size, not read
    files.push_back({huge.string(), "larger than 64 MiB"});
    // A file that cannot be read (mode 000): as root, read by nobody, so the
    // sweep (and its count) is the same for root and a normal user.
    const fs::path locked = s.write("locked.arena", "alloc 8\n");
    fs::permissions(locked, fs::perms::none);
    fs::permissions(s.dir, fs::perms::all & ~fs::perms::group_write & ~fs::perms::others_write);
    files.push_back({locked.string(), "Permission denied", true});
    return files;
}

// Each sweep runs once per process, whichever test case asks first, and
// returns how many inputs it fed and checked.
std::size_t sweepFields()
{
    static std::optional<std::size_t> tried;
    if (tried) return *tried;
    tried = 0;
    const std::vector<Field> all = allFields();
    for (const auto& each : fieldInputsRefused(all)) {
        const auto& f = each.first;
        const auto& text = each.second;
        CAPTURE(f->name);
        CAPTURE(text.size() > 40 ? text.substr(0, 40) + "..." : text);
        const fields::Checked c = f->check(text);
        REQUIRE(c.error.has_value());
        CHECK_FALSE(c.error->empty());
        CHECK(c.error->size() < 80); // a short message that fits beside the field
        ++*tried;
    }
    return *tried;
}

std::size_t sweepNames()
{
    static std::optional<std::size_t> tried;
    if (tried) return *tried;
    tried = 0;
    for (const std::string& name : badNames()) {
        CAPTURE(name);
        CHECK(fields::nameError(name).has_value());
        ++*tried;
    }
    return *tried;
}

std::size_t sweepCommandLines()
{
    static std::optional<std::size_t> tried;
    if (tried) return *tried;
    tried = 0;
    Scratch s;
    const std::string ok = s.write("ok.arena", "a = alloc 8\n").string();
    const std::string out = (s.dir / "out.png").string();
    for (const std::string& args : badCommandLines(ok, out)) {
        CAPTURE(args);
        const Exec e = test_support::runProgram(ARENALAB_EXE, args);
        CHECK(e.status == 2);
        CHECK_FALSE(e.err.empty());
        CHECK(e.out.empty());
        CHECK(e.err.find("Assertion") == std::string::npos);
        ++*tried;
    }
    return *tried;
}

std::size_t sweepFiles()
{
    static std::optional<std::size_t> tried;
    if (tried) return *tried;
    tried = 0;
    Scratch s;
    for (const BadFile& f : badFiles(s)) {
        CAPTURE(f.path);
        for (const std::string& sub : file_readers) {
            CAPTURE(sub);
            const Exec e = f.as_user && ::geteuid() == 0
                               ? test_support::runProgram("/usr/bin/setpriv", "--reuid=65534 --regid=65534 --clear-groups '" +
                                                                                  std::string(ARENALAB_EXE) + "' " + sub + " '" +
                                                                                  f.path + "'")
                               : test_support::runProgram(ARENALAB_EXE, sub + " '" + f.path + "'");
            CHECK(e.status == 2);
            CHECK(e.out.empty());
            CHECK(e.err.find(f.why) != std::string::npos);
            ++*tried;
        }
    }
    // The window's reader refuses binaries before they replace the script.
    std::string error;
    const auto text = lab::readScriptFile(s.write("png.arena", std::string("\x89PNG\r\n\x1a\n\0\0", 10)).string(), error);
    REQUIRE(text);
    CHECK(lab::whyNotText(*text));
    ++*tried;
    return *tried;
}

} // namespace

TEST_CASE("every number field of the window refuses bad input with a reason and takes good input exactly")
{
    const std::vector<Field> all = allFields();
    MESSAGE("field inputs refused: " << sweepFields());
    for (const Field& f : all) {
        for (const auto& each : f.taken) {
            const auto& text = each.first;
            const auto& value = each.second;
            CAPTURE(f.name);
            CAPTURE(text);
            const fields::Checked c = f.check(text);
            CHECK_FALSE(c.error.has_value());
            CHECK(c.value == value);
        }
    }
    // Specific reasons for the common mistakes.
    CHECK(*fields::length("-5", "the size").error == "no negative numbers");
    CHECK(*fields::length("0", "the size").error == "the size must be at least 1 byte");
    CHECK(*fields::length(two_to_64, "the size").error == "far too large");
    CHECK(*fields::childPage("12").error == "a power of two from 8 to 1048576");
    CHECK(*fields::number("1e3").error == "not a number (digits, or 0x for hexadecimal)");
}

TEST_CASE("the name field refuses what a script could not say")
{
    sweepNames();
    for (const std::string name : {"a", "_", "A1", "allocator", "free_list", "x_9"}) {
        CAPTURE(name);
        CHECK_FALSE(fields::nameError(name).has_value());
    }
}

TEST_CASE("every command-line option refuses bad values with a message and exit status 2")
{
    MESSAGE("command lines refused: " << sweepCommandLines());
}

TEST_CASE("every kind of bad file: missing, folder, unreadable, binary, empty, CRLF, 100 MB, UTF-16")
{
    MESSAGE("bad files refused: " << sweepFiles());

    // Empty and CRLF files are scripts: they run, CRLF exactly as LF.
    Scratch s;
    const auto runs = [](const std::string& args) { return test_support::runProgram(ARENALAB_EXE, args); };
    const Exec empty = runs("check '" + s.write("empty.arena", "").string() + "'");
    CHECK(empty.status == 0);
    const Exec lf = runs("trace '" + s.write("lf.arena", "a = alloc 24 align=8\nresize a 48\nreset retain_capacity\n").string() + "'");
    const Exec crlf = runs("trace '" + s.write("crlf.arena", "a = alloc 24 align=8\r\nresize a 48\r\nreset retain_capacity\r\n").string() + "'");
    CHECK(lf.status == 0);
    CHECK(crlf.status == 0);
    CHECK(crlf.out == lf.out);
    CHECK_FALSE(lf.out.empty());
}

TEST_CASE("the sweep's total: every input its lists hold was tried, and docs/testing.md states that number")
{
    // What the lists hold, counted from the lists...
    Scratch s;
    const std::vector<Field> all = allFields();
    std::size_t field_inputs = 0;
    for (const Field& f : all) field_inputs += notNumbers().size() + f.refused.size();
    const std::size_t listed = field_inputs + badNames().size() + badCommandLines("ok.arena", "out.png").size() +
                               badFiles(s).size() * file_readers.size() + 1; // the PNG the window's reader refuses
    // ... and what the sweeps fed and checked, counted as they ran (each
    // sweep runs here if no test case before ran it).
    const std::size_t tried = sweepFields() + sweepNames() + sweepCommandLines() + sweepFiles();
    MESSAGE("bad inputs tried in all: " << tried);
    CHECK(tried == listed);

    // The figure the documentation gives is this one.
    const std::string doc = test_support::slurp(fs::path(DOCS_DIR) / "testing.md");
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_search(doc, m, std::regex(R"(That is ([0-9,]+)\s+bad\s+inputs)")),
                    "docs/testing.md no longer says 'That is N bad inputs'");
    std::string figure = m[1].str();
    std::erase(figure, ',');
    CHECK(std::stoul(figure) == tried);
}
