// The script parser and checker against docs/script.md, and the
// Command <-> script line round trip.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "lab/command.hpp"
#include "lab/script.hpp"

using namespace std::string_literals;

namespace {

const lab::Command& command(const lab::Statement& st)
{
    REQUIRE(std::holds_alternative<lab::Command>(st.body));
    return std::get<lab::Command>(st.body);
}

template <class T>
const T& as(const lab::Statement& st)
{
    const lab::Command& c = command(st);
    REQUIRE(std::holds_alternative<T>(c));
    return std::get<T>(c);
}

const lab::Expect& expectOf(const lab::Statement& st)
{
    REQUIRE(std::holds_alternative<lab::Expect>(st.body));
    return std::get<lab::Expect>(st.body);
}

lab::Script parseClean(std::string_view text)
{
    lab::ParseResult r = lab::parseScript(text);
    std::string diagnostics;
    for (const auto& d : r.errors) diagnostics += lab::formatDiagnostic("script", d) + "\n";
    INFO(diagnostics);
    REQUIRE(r.ok());
    return std::move(r.script);
}

// The script has exactly one problem, at line:col, whose message contains `part`.
void checkError(std::string_view text, std::size_t line, std::size_t col, std::string_view part)
{
    INFO("script: " << std::string(text.substr(0, 200)));
    const lab::ParseResult r = lab::parseScript(text);
    REQUIRE(r.errors.size() == 1);
    const lab::Diagnostic& d = r.errors.front();
    INFO("got: " << lab::formatDiagnostic("s", d));
    CHECK(d.line == line);
    CHECK(d.col == col);
    CHECK(d.message.find(part) != std::string::npos);
}

} // namespace

TEST_CASE("line counting: LF, CRLF, no final line ending")
{
    CHECK(parseClean("").line_count == 0);
    CHECK(parseClean("\n").line_count == 1);
    CHECK(parseClean("alloc 1").line_count == 1);
    CHECK(parseClean("alloc 1\n").line_count == 1);
    CHECK(parseClean("alloc 1\nalloc 2").line_count == 2);
    CHECK(parseClean("alloc 1\r\nalloc 2\r\n").line_count == 2);
    CHECK(parseClean("\n\n\n# only comments\n\n").line_count == 5);
    CHECK(parseClean("# comment only").statements.empty());
}

TEST_CASE("syntax forms: tabs, hex, leading zeros, CRLF, comments, no final newline")
{
    const std::string text = "child resize=never\r\n"
                             "a = alloc 10\t# tab and comment\r\n"
                             "\tb\t=\talloc 0x20 align=0x10\r\n"
                             "resize b 010\r\n"
                             "reset retain_with_limit 020\r\n"
                             "\r\n"
                             "  # indented comment\r\n"
                             "c = alloc 3#comment glued to a word\r\n"
                             "remap c 0xFf\r\n"
                             "d = alloc 0x1 align=0004";
    const lab::Script s = parseClean(text);
    CHECK(s.line_count == 10);
    REQUIRE(s.statements.size() == 8);

    const auto& child = as<lab::ChildSet>(s.statements[0]);
    CHECK(s.statements[0].line == 1);
    CHECK(child.resize == arena::ResizePolicy::never);
    CHECK_FALSE(child.page);
    CHECK_FALSE(child.offset);
    CHECK_FALSE(child.limit);

    const auto& a = as<lab::Alloc>(s.statements[1]);
    CHECK(s.statements[1].line == 2);
    CHECK(a.name == "a");
    CHECK(a.len == 10);
    CHECK(a.alignment == 1);

    const auto& b = as<lab::Alloc>(s.statements[2]);
    CHECK(s.statements[2].line == 3);
    CHECK(b.name == "b");
    CHECK(b.len == 32);
    CHECK(b.alignment == 16);

    const auto& rb = as<lab::Resize>(s.statements[3]);
    CHECK(s.statements[3].line == 4);
    CHECK(rb.name == "b");
    CHECK(rb.new_len == 10); // leading zeros are still decimal
    CHECK_FALSE(rb.remap);
    CHECK(s.statements[3].handle_col == 8);

    const auto& reset = as<lab::Reset>(s.statements[4]);
    CHECK(reset.mode == lab::ResetKind::retain_with_limit);
    CHECK(reset.limit == 20);

    const auto& c = as<lab::Alloc>(s.statements[5]);
    CHECK(s.statements[5].line == 8);
    CHECK(c.name == "c");
    CHECK(c.len == 3);

    const auto& rc = as<lab::Resize>(s.statements[6]);
    CHECK(rc.remap);
    CHECK(rc.new_len == 255); // hex digits in either case after a lowercase 0x
    CHECK(s.statements[6].handle_col == 7);

    const auto& d = as<lab::Alloc>(s.statements[7]);
    CHECK(s.statements[7].line == 10);
    CHECK(d.len == 1);
    CHECK(d.alignment == 4);
    for (const auto& st : s.statements) CHECK(st.repeat == 1);
}

TEST_CASE("every statement form")
{
    const lab::Script s = parseClean("child resize=never page=8 offset=4088 limit=4294967296\n"
                                     "child limit=0\n"
                                     "fail alloc\n"
                                     "fail resize\n"
                                     "expect end_index 0\n"
                                     "alloc 5\n"
                                     "expect ok\n"
                                     "expect fail\n"
                                     "x = alloc 1099511627776 align=4096\n"
                                     "expect capacity 1099511627776\n"
                                     "expect nodes 3\n"
                                     "free x\n"
                                     "reset free_all\n"
                                     "reset retain_capacity\n"
                                     "repeat 1000000 alloc 1\n"
                                     "repeat 3 y = alloc 10 align=4\n"
                                     "repeat 4 resize y 20\n"
                                     "repeat 2 remap y 5\n"
                                     "repeat 1 free y\n"
                                     "repeat 3 reset retain_with_limit 7\n"
                                     "align = alloc 1\n"
                                     "free_all = alloc 2\n"
                                     "_ok9 = alloc 3\n");
    REQUIRE(s.statements.size() == 23);
    CHECK(s.line_count == 23);

    const auto& child = as<lab::ChildSet>(s.statements[0]);
    CHECK(child.resize == arena::ResizePolicy::never);
    CHECK(child.page == 8u);
    CHECK(child.offset == 4088u);
    CHECK(child.limit == std::size_t{1} << 32);
    CHECK(as<lab::ChildSet>(s.statements[1]).limit == 0u);
    CHECK(as<lab::Fail>(s.statements[2]).call == arena::ChildCall::Kind::alloc);
    CHECK(as<lab::Fail>(s.statements[3]).call == arena::ChildCall::Kind::resize);
    CHECK(expectOf(s.statements[4]).what == lab::Expect::What::end_index);
    CHECK(expectOf(s.statements[4]).value == 0);
    CHECK_FALSE(as<lab::Alloc>(s.statements[5]).name);
    CHECK(expectOf(s.statements[6]).what == lab::Expect::What::ok);
    CHECK(expectOf(s.statements[7]).what == lab::Expect::What::fail);
    CHECK(as<lab::Alloc>(s.statements[8]).len == lab::max_len);
    CHECK(as<lab::Alloc>(s.statements[8]).alignment == 4096);
    CHECK(expectOf(s.statements[9]).what == lab::Expect::What::capacity);
    CHECK(expectOf(s.statements[9]).value == lab::max_len);
    CHECK(expectOf(s.statements[10]).what == lab::Expect::What::nodes);
    CHECK(expectOf(s.statements[10]).value == 3);
    CHECK(as<lab::Free>(s.statements[11]).name == "x");
    CHECK(s.statements[11].handle_col == 6);
    CHECK(as<lab::Reset>(s.statements[12]).mode == lab::ResetKind::free_all);
    CHECK(as<lab::Reset>(s.statements[13]).mode == lab::ResetKind::retain_capacity);

    CHECK(s.statements[14].repeat == 1'000'000);
    CHECK(as<lab::Alloc>(s.statements[14]).len == 1);
    CHECK(s.statements[15].repeat == 3);
    CHECK(as<lab::Alloc>(s.statements[15]).name == "y");
    CHECK(as<lab::Alloc>(s.statements[15]).alignment == 4);
    CHECK(s.statements[16].repeat == 4);
    CHECK(s.statements[16].handle_col == 17);
    CHECK_FALSE(as<lab::Resize>(s.statements[16]).remap);
    CHECK(s.statements[17].repeat == 2);
    CHECK(as<lab::Resize>(s.statements[17]).remap);
    CHECK(s.statements[18].repeat == 1);
    CHECK(s.statements[18].handle_col == 15);
    CHECK(s.statements[19].repeat == 3);
    CHECK(as<lab::Reset>(s.statements[19]).limit == 7);
    CHECK(as<lab::Alloc>(s.statements[20]).name == "align");
    CHECK(as<lab::Alloc>(s.statements[21]).name == "free_all");
    CHECK(as<lab::Alloc>(s.statements[22]).name == "_ok9");
    for (std::size_t i = 0; i < s.statements.size(); ++i) CHECK(s.statements[i].line == i + 1);
}

TEST_CASE("the spec's example and a generated-style script parse clean")
{
    const lab::Script example = parseClean("child resize=never\n"
                                           "a = alloc 1\n"
                                           "b = alloc 1000 align=16\n"
                                           "expect nodes 2\n"
                                           "reset retain_with_limit 1\n"
                                           "expect ok\n");
    CHECK(example.statements.size() == 6);
    CHECK(example.line_count == 6);

    const lab::Script random = parseClean("child resize=always\n"
                                          "reset retain_capacity\n"
                                          "# a comment\n"
                                          "h1 = alloc 35 align=16\n"
                                          "resize h1 29\n"
                                          "h2 = alloc 41 align=8\n"
                                          "remap h1 4656\n"
                                          "free h1\n"
                                          "child resize=never offset=136\n"
                                          "h1 = alloc 18 align=2\n"
                                          "fail resize\n"
                                          "remap h1 1\n"
                                          "remap h2 1\n");
    CHECK(random.statements.size() == 12);
    CHECK(random.statements.back().line == 13);
}

TEST_CASE("errors: numbers")
{
    checkError("a = alloc 0\n", 1, 11, "length must be at least 1");
    checkError("x = alloc 1\nresize x 0\n", 2, 10, "at least 1");
    checkError("alloc 99999999999999999999999999\n", 1, 7, "lengths are at most 2^40 (1099511627776)");
    checkError("alloc 1099511627777\n", 1, 7, "at most 2^40");
    checkError("alloc 0x10000000001\n", 1, 7, "at most 2^40");
    checkError("alloc 0x\n", 1, 7, "'0x'");
    checkError("alloc 0X10\n", 1, 7, "'0X10'");
    checkError("alloc -1\n", 1, 7, "decimal digits or 0x");
    checkError("alloc +1\n", 1, 7, "without sign");
    checkError("alloc 1_000\n", 1, 7, "separators");
    checkError("alloc 0x1g\n", 1, 7, "'0x1g'");
    checkError("alloc 12 align=3\n", 1, 10, "alignment must be a power of two from 1 to 4096, got 3");
    checkError("alloc 12 align=0\n", 1, 10, "power of two from 1 to 4096");
    checkError("alloc 12 align=8192\n", 1, 10, "power of two from 1 to 4096");
    checkError("alloc 12 align=99999999999999999999999\n", 1, 10, "power of two from 1 to 4096");
    checkError("alloc 12 align=\n", 1, 10, "expected an alignment");
    checkError("alloc 12 align 8\n", 1, 10, "only align=A");
    checkError("reset retain_with_limit 1099511627777\n", 1, 25, "at most 2^40");
    checkError("expect nodes 99999999999999999999\n", 1, 14, "at most 2^40");
    checkError("expect end_index x\n", 1, 18, "expected a number");
    checkError("child limit=4294967297\n", 1, 7, "limit is at most 2^32 (4294967296)");
    checkError("child page=3\n", 1, 7, "page size must be a power of two from 8 to 1048576, got 3");
    checkError("child page=4\n", 1, 7, "from 8 to 1048576");
    checkError("child page=2097152\n", 1, 7, "from 8 to 1048576");
    checkError("child resize=never offset=5\n", 1, 20, "offset must be a multiple of 8 below 4096, got 5");
    checkError("child offset=4096\n", 1, 7, "below 4096");
    checkError("child offset=x\n", 1, 7, "expected an offset");
}

TEST_CASE("errors: a script over the size limit is refused whole, its limit grouped")
{
    // "at most 67108864 bytes" before: a number a person reads, past lab::grouped.
    checkError(std::string(lab::max_script_bytes + 1, '#'), 1, 1, "at most 67,108,864 bytes (64 MiB)");
}

TEST_CASE("errors: statements and words")
{
    checkError("frob 3\n", 1, 1, "unknown statement 'frob': expected alloc, resize, remap, free, reset, repeat, child, fail, expect or NAME = alloc");
    checkError("x\n", 1, 1, "unknown statement 'x'");
    checkError("alloc = alloc 5\n", 1, 1, "'alloc' is a keyword and cannot name a handle");
    checkError("1x = alloc 5\n", 1, 1, "'1x' is not a handle name");
    checkError("a =alloc 5\n", 1, 3, "'=' must be a word of its own");
    checkError("a=alloc 5\n", 1, 1, "'=' must be a word of its own");
    checkError("a = allocate 5\n", 1, 5, "expected 'alloc' after '='");
    checkError("alloc 5 align=8 extra\n", 1, 17, "unexpected 'extra' after a complete statement");
    checkError("reset free_all 5\n", 1, 16, "unexpected '5'");
    checkError("reset bogus\n", 1, 7, "unknown reset mode 'bogus': expected free_all, retain_capacity or retain_with_limit N");
    checkError("child speed=3\n", 1, 7, "unknown child key 'speed': expected resize, page, offset or limit");
    checkError("child resize\n", 1, 7, "expected KEY=VALUE");
    checkError("child resize=sometimes\n", 1, 7, "unknown resize policy 'sometimes': expected never, shrink, pages or always");
    checkError("child page=4096 resize=never page=8\n", 1, 30, "child key 'page' is given twice");
    checkError("fail free\n", 1, 6, "fail takes alloc or resize, got 'free'");
    checkError("fail alloc now\n", 1, 12, "unexpected 'now'");
    checkError("expect speed 3\n", 1, 8, "unknown expectation 'speed'");
    checkError("alloc 1\nexpect ok 1\n", 2, 11, "unexpected '1'");
}

TEST_CASE("errors: a missing word points at the keyword that needs it")
{
    checkError("a = alloc\n", 1, 5, "alloc needs a length");
    checkError("  alloc\n", 1, 3, "alloc needs a length");
    checkError("a =\n", 1, 3, "expected 'alloc' after '='");
    checkError("child\n", 1, 1, "child needs at least one KEY=VALUE");
    checkError("expect\n", 1, 1, "expect needs what to check");
    checkError("expect nodes\n", 1, 8, "expect nodes needs a number");
    checkError("repeat 3\n", 1, 1, "repeat needs an operation");
    checkError("\trepeat\n", 1, 2, "repeat needs a count");
    checkError("fail\n", 1, 1, "fail needs a call kind");
    checkError("resize\n", 1, 1, "resize needs a handle and a new length");
    checkError("x = alloc 1\nremap x\n", 2, 1, "remap needs a new length");
    checkError("free\n", 1, 1, "free needs a handle");
    checkError("reset\n", 1, 1, "reset needs a mode");
    checkError("reset retain_with_limit\n", 1, 7, "retain_with_limit needs a limit");
}

TEST_CASE("errors: expect ok|fail needs an operation before it")
{
    checkError("expect ok\n", 1, 8, "needs an operation before it");
    checkError("child resize=never\nfail alloc\nexpect fail\n", 3, 8, "needs an operation before it");
    // Checking the state is fine before any operation; a repeat is an operation.
    parseClean("expect end_index 0\nexpect nodes 0\nexpect capacity 0\n");
    parseClean("repeat 2 alloc 1\nexpect ok\n");
    parseClean("x = alloc 1\nfree x\nexpect ok\n");
}

TEST_CASE("errors: repeat")
{
    checkError("repeat 1000001 alloc 1\n", 1, 8, "repeat count must be from 1 to 1000000, got 1000001");
    checkError("repeat 0 alloc 1\n", 1, 8, "from 1 to 1000000, got 0");
    checkError("repeat 99999999999999999999999999 alloc 1\n", 1, 8, "from 1 to 1000000");
    checkError("repeat x alloc 1\n", 1, 8, "expected a repeat count");
    checkError("repeat 3 repeat 2 alloc 1\n", 1, 10, "'repeat' cannot be repeated");
    checkError("repeat 3 child page=8\n", 1, 10, "'child' cannot be repeated");
    checkError("repeat 3 fail alloc\n", 1, 10, "'fail' cannot be repeated");
    checkError("alloc 1\nrepeat 3 expect ok\n", 2, 10, "'expect' cannot be repeated");
    checkError("repeat 3 frob\n", 1, 10, "unknown operation 'frob'");
    checkError("repeat 3 a = alloc 0\n", 1, 20, "at least 1");
}

TEST_CASE("handle liveness")
{
    SUBCASE("unknown handle")
    {
        checkError("resize q 5\n", 1, 8, "unknown handle 'q': no 'q = alloc ...' before this line");
        checkError("remap q 5\n", 1, 7, "unknown handle 'q'");
        checkError("free q\n", 1, 6, "unknown handle 'q'");
        checkError("free alloc\n", 1, 6, "'alloc' is a keyword");
        checkError("a = alloc 1\nfree A\n", 2, 6, "unknown handle 'A'"); // names are case-sensitive
    }
    SUBCASE("free, then use")
    {
        checkError("a = alloc 1\n\n\nfree a\nresize a 2\n", 5, 8, "handle 'a' is dead: it was freed at line 4");
        checkError("a = alloc 1\nfree a\nfree a\n", 3, 6, "freed at line 2");
    }
    SUBCASE("reset, then use")
    {
        checkError("a = alloc 1\nb = alloc 2\nreset retain_capacity\nremap b 3\n", 4, 7,
                   "handle 'b' is dead: every handle died at the reset on line 3");
        // The reset named is the first one after the binding.
        checkError("a = alloc 1\nreset free_all\nreset free_all\nfree a\n", 4, 6, "reset on line 2");
        checkError("a = alloc 1\nrepeat 2 reset free_all\nfree a\n", 3, 6, "reset on line 2");
        // A freed handle stays "freed", even after a later reset.
        checkError("a = alloc 1\nfree a\nreset free_all\nfree a\n", 4, 6, "freed at line 2");
    }
    SUBCASE("rebinding revives")
    {
        const lab::Script s = parseClean("a = alloc 1\nfree a\na = alloc 2\nresize a 3\n"
                                         "reset free_all\na = alloc 4\nfree a\n"
                                         "repeat 5 a = alloc 1\nfree a\n");
        CHECK(s.statements.size() == 9);
        // A named alloc binds whether or not it will succeed at run time.
        parseClean("child limit=0\nb = alloc 100\nresize b 5\nfree b\n");
    }
    SUBCASE("repeat K free")
    {
        checkError("x = alloc 1\nrepeat 2 free x\n", 2, 15, "dead handle");
        checkError("x = alloc 1\nrepeat 1 free x\nresize x 5\n", 3, 8, "freed at line 2");
        const lab::Script s = parseClean("x = alloc 1\nrepeat 1 free x\nx = alloc 2\n");
        CHECK(s.statements[1].repeat == 1);
        CHECK(as<lab::Free>(s.statements[1]).name == "x");
    }
    SUBCASE("a failed resize leaves the handle live")
    {
        parseClean("a = alloc 1\nb = alloc 2\nresize a 5000\nexpect fail\nfree a\n");
    }
}

TEST_CASE("several errors are reported in line order, one per line")
{
    const lab::ParseResult r = lab::parseScript("alloc 0\n"
                                                "alloc 1\n"
                                                "frob frob\n"
                                                "child page=3 page=5\n"
                                                "free nothing\n");
    REQUIRE(r.errors.size() == 4);
    CHECK(r.errors[0].line == 1);
    CHECK(r.errors[0].col == 7);
    CHECK(r.errors[1].line == 3);
    CHECK(r.errors[1].col == 1);
    CHECK(r.errors[2].line == 4);
    CHECK(r.errors[2].col == 7);
    CHECK(r.errors[3].line == 5);
    CHECK(r.errors[3].col == 6);
    CHECK_FALSE(r.ok());
}

TEST_CASE("an erroneous line still binds and kills, so later lines give no false errors")
{
    // `a = alloc 0` is wrong, but `a` was clearly meant to be bound.
    const lab::ParseResult bound = lab::parseScript("a = alloc 0\nfree a\n");
    REQUIRE(bound.errors.size() == 1);
    CHECK(bound.errors[0].line == 1);
    // A bad repeat count still binds the name its operation names.
    const lab::ParseResult repeated = lab::parseScript("repeat 0 a = alloc 1\nfree a\n");
    REQUIRE(repeated.errors.size() == 1);
    CHECK(repeated.errors[0].line == 1);
    // A misspelt reset mode still kills every handle.
    const lab::ParseResult reset = lab::parseScript("a = alloc 1\nreset everything\nfree a\n");
    REQUIRE(reset.errors.size() == 2);
    CHECK(reset.errors[1].message.find("reset on line 2") != std::string::npos);
}

TEST_CASE("lexical errors: bytes no statement can hold")
{
    checkError("alloc 1\x01\n", 1, 8, "unexpected character '\\x01'");
    checkError("\xff\xfe\n", 1, 1, "unexpected character '\\xff'");
    checkError("alloc 1\ralloc 2\n", 1, 8, "unexpected character '\\r'");
    checkError("alloc 1\r", 1, 8, "'\\r'"); // a CR at the very end is not a line ending either
    checkError("alloc 1 # a comment with a lone \r in it\n", 1, 33, "'\\r'");
    checkError("alloc\x00 1\n"s, 1, 6, "unexpected character '\\x00'");
    // Comments may hold any other byte.
    parseClean("alloc 1 # \x01\xff caf\xc3\xa9 \t\x7f\n");
}

TEST_CASE("binary garbage gives short, clean diagnostics and never too many")
{
    std::string garbage;
    std::uint32_t x = 12345;
    for (int i = 0; i < 200'000; ++i) {
        x = x * 1664525u + 1013904223u;
        garbage += static_cast<char>(x >> 24);
    }
    const lab::ParseResult r = lab::parseScript(garbage);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() == lab::max_errors + 1);
    CHECK(r.errors.back().message == "too many errors; stopping");
    std::size_t last_line = 0;
    for (const auto& d : r.errors) {
        CHECK(d.line >= last_line);
        last_line = d.line;
        CHECK(d.col >= 1);
        CHECK(d.message.size() < 200);
        // No control character (C0, DEL, C1): a message is safe on a
        // terminal. A whole character beyond ASCII is shown as itself
        // (a Chinese name is refused naming it), so UTF-8 may appear.
        for (std::size_t k = 0; k < d.message.size(); ++k) {
            const auto c = static_cast<unsigned char>(d.message[k]);
            CHECK((c >= ' ' && c != 0x7f));
            if (c == 0xC2 && k + 1 < d.message.size())
                CHECK_FALSE((static_cast<unsigned char>(d.message[k + 1]) >= 0x80 &&
                             static_cast<unsigned char>(d.message[k + 1]) <= 0x9F));
        }
    }
}

TEST_CASE("too many errors: max_errors diagnostics, then one final line")
{
    std::string text;
    for (int i = 0; i < 500; ++i) text += "alloc 0\n";
    const lab::ParseResult r = lab::parseScript(text);
    REQUIRE(r.errors.size() == lab::max_errors + 1);
    CHECK(r.errors[lab::max_errors - 1].line == lab::max_errors);
    CHECK(r.errors.back().line == lab::max_errors + 1);
    CHECK(r.errors.back().message == "too many errors; stopping");

    // Exactly max_errors problems: no "too many" line.
    std::string exact;
    for (std::size_t i = 0; i < lab::max_errors; ++i) exact += "frob\n";
    CHECK(lab::parseScript(exact).errors.size() == lab::max_errors);
}

TEST_CASE("limits: long lines, long words, large scripts")
{
    const std::string long_line = "alloc 1 #" + std::string(10'000, 'x');
    // Lines have no length limit (the spec sets none): only the real error is reported.
    const lab::ParseResult r = lab::parseScript("alloc 1\n" + long_line + "\nfrob\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 3);
    parseClean("alloc 1 #" + std::string(100'000, 'x') + "\r\n");
    parseClean(std::string(50'000, ' ') + "alloc 1" + std::string(50'000, '\t') + "\n");

    // A long word is quoted cut short.
    const lab::ParseResult w = lab::parseScript(std::string(3000, 'z') + "\n");
    REQUIRE(w.errors.size() == 1);
    CHECK(w.errors[0].message.size() < 200);
    CHECK(w.errors[0].message.find("...'") != std::string::npos);

    // A long digit string cannot overflow.
    checkError("alloc " + std::string(4000, '9') + "\n", 1, 7, "at most 2^40");
    checkError("alloc 0x" + std::string(4000, 'f') + "\n", 1, 7, "at most 2^40");
    parseClean("alloc " + std::string(4000, '0') + "1\n");

    const lab::ParseResult big = lab::parseScript(std::string(lab::max_script_bytes + 1, '\n'));
    REQUIRE(big.errors.size() == 1);
    CHECK(big.errors[0].line == 1);
    CHECK(big.errors[0].col == 1);
    CHECK(big.errors[0].message.find("too large") != std::string::npos);
}

TEST_CASE("many lines parse, with every statement kept")
{
    std::string text;
    for (int i = 0; i < 100'000; ++i) {
        const std::string name = "h" + std::to_string(i % 50);
        text += name + " = alloc 24 align=8\nresize " + name + " 12\nrepeat 2 alloc 3\nfree " + name + "\n";
    }
    const lab::Script s = parseClean(text);
    CHECK(s.line_count == 400'000);
    CHECK(s.statements.size() == 400'000);
    CHECK(s.statements.back().line == 400'000);
}

TEST_CASE("formatDiagnostic and names")
{
    CHECK(lab::formatDiagnostic("x.arena", {3, 7, "length must be at least 1"}) == "x.arena:3:7: error: length must be at least 1");
    CHECK(lab::formatDiagnostic("<stdin>", {1, 1, "m"}) == "<stdin>:1:1: error: m");
    CHECK(lab::expectName(lab::Expect::What::end_index) == "end_index");
    CHECK(lab::expectName(lab::Expect::What::capacity) == "capacity");
    CHECK(lab::expectName(lab::Expect::What::nodes) == "nodes");
    CHECK(lab::expectName(lab::Expect::What::ok) == "ok");
    CHECK(lab::expectName(lab::Expect::What::fail) == "fail");
    CHECK(lab::resetName(lab::ResetKind::free_all) == "free_all");
    CHECK(lab::resetName(lab::ResetKind::retain_capacity) == "retain_capacity");
    CHECK(lab::resetName(lab::ResetKind::retain_with_limit) == "retain_with_limit");
}

TEST_CASE("commands: isOperation and ChildSet::appliedTo")
{
    CHECK(lab::isOperation(lab::Alloc{}));
    CHECK(lab::isOperation(lab::Resize{"a", 2, true}));
    CHECK(lab::isOperation(lab::Free{"a"}));
    CHECK(lab::isOperation(lab::Reset{}));
    CHECK_FALSE(lab::isOperation(lab::ChildSet{}));
    CHECK_FALSE(lab::isOperation(lab::Fail{}));

    arena::ChildConfig base;
    base.limit = 1000;
    lab::ChildSet set;
    set.page = 8;
    const arena::ChildConfig after = set.appliedTo(base);
    CHECK(after.page == 8);
    CHECK(after.limit == 1000);
    CHECK(after.resize == arena::ResizePolicy::pages);
    CHECK(after.offset == 0);
    set.resize = arena::ResizePolicy::always;
    set.offset = 16;
    set.limit = 0;
    const arena::ChildConfig all = set.appliedTo(base);
    CHECK(all.resize == arena::ResizePolicy::always);
    CHECK(all.offset == 16);
    CHECK(all.limit == 0);
}

namespace {

// toScript(c) is the expected line, and parsing it gives c back.
void checkRoundTrip(const lab::Command& c, std::string_view line)
{
    const std::string text = lab::toScript(c);
    CHECK(text == line);
    // Handles used must be bound first; a binding line does not change what follows.
    const lab::ParseResult r = lab::parseScript("a = alloc 1\nalloc 1\n" + text + "\n");
    INFO(text);
    REQUIRE(r.ok());
    REQUIRE(r.script.statements.size() == 3);
    const lab::Statement& st = r.script.statements[2];
    CHECK(st.line == 3);
    CHECK(st.repeat == 1);
    REQUIRE(std::holds_alternative<lab::Command>(st.body));
    const lab::Command& back = std::get<lab::Command>(st.body);
    REQUIRE(back.index() == c.index());
    CHECK(lab::toScript(back) == text);
    std::visit(
        [&](const auto& want) {
            using T = std::decay_t<decltype(want)>;
            const T& got = std::get<T>(back);
            if constexpr (std::is_same_v<T, lab::Alloc>) {
                CHECK(got.name == want.name);
                CHECK(got.len == want.len);
                CHECK(got.alignment == want.alignment);
            } else if constexpr (std::is_same_v<T, lab::Resize>) {
                CHECK(got.name == want.name);
                CHECK(got.new_len == want.new_len);
                CHECK(got.remap == want.remap);
            } else if constexpr (std::is_same_v<T, lab::Free>) {
                CHECK(got.name == want.name);
            } else if constexpr (std::is_same_v<T, lab::Reset>) {
                CHECK(got.mode == want.mode);
                CHECK(got.limit == want.limit);
            } else if constexpr (std::is_same_v<T, lab::ChildSet>) {
                CHECK(got.resize == want.resize);
                CHECK(got.page == want.page);
                CHECK(got.offset == want.offset);
                CHECK(got.limit == want.limit);
            } else {
                CHECK(got.call == want.call);
            }
        },
        c);
}

} // namespace

TEST_CASE("toScript round trips for every command")
{
    checkRoundTrip(lab::Alloc{"a", 10, 16}, "a = alloc 10 align=16");
    checkRoundTrip(lab::Alloc{"b", 10, 1}, "b = alloc 10");
    checkRoundTrip(lab::Alloc{std::nullopt, 5, 1}, "alloc 5");
    checkRoundTrip(lab::Alloc{std::nullopt, lab::max_len, 4096}, "alloc 1099511627776 align=4096");
    checkRoundTrip(lab::Resize{"a", 20, false}, "resize a 20");
    checkRoundTrip(lab::Resize{"a", 20, true}, "remap a 20");
    checkRoundTrip(lab::Free{"a"}, "free a");
    checkRoundTrip(lab::Reset{lab::ResetKind::free_all, 0}, "reset free_all");
    checkRoundTrip(lab::Reset{lab::ResetKind::retain_capacity, 0}, "reset retain_capacity");
    checkRoundTrip(lab::Reset{lab::ResetKind::retain_with_limit, 17}, "reset retain_with_limit 17");
    checkRoundTrip(lab::Reset{lab::ResetKind::retain_with_limit, 0}, "reset retain_with_limit 0");
    checkRoundTrip(lab::ChildSet{arena::ResizePolicy::never, 4096, 16, 1000}, "child resize=never page=4096 offset=16 limit=1000");
    checkRoundTrip(lab::ChildSet{arena::ResizePolicy::shrink, std::nullopt, std::nullopt, std::nullopt}, "child resize=shrink");
    checkRoundTrip(lab::ChildSet{std::nullopt, 8, std::nullopt, std::nullopt}, "child page=8");
    checkRoundTrip(lab::ChildSet{std::nullopt, std::nullopt, 0, std::nullopt}, "child offset=0");
    checkRoundTrip(lab::ChildSet{std::nullopt, std::nullopt, std::nullopt, std::size_t{1} << 32}, "child limit=4294967296");
    checkRoundTrip(lab::ChildSet{arena::ResizePolicy::pages, std::nullopt, std::nullopt, 0}, "child resize=pages limit=0");
    checkRoundTrip(lab::ChildSet{arena::ResizePolicy::always, std::nullopt, std::nullopt, std::nullopt}, "child resize=always");
    checkRoundTrip(lab::Fail{arena::ChildCall::Kind::alloc}, "fail alloc");
    checkRoundTrip(lab::Fail{arena::ChildCall::Kind::resize}, "fail resize");
}
