// libFuzzer target: the link decoder (lab/link.hpp), which takes its input
// from anyone who sends a link: the fragment's split and percent-decoding,
// base64url, inflate with its Adler-32 check, and the parse of the script
// or lesson it names.
//
// Each input is tried three ways, and must never crash, hang or throw:
// - as a fragment (parseLinkFragment). A link opened has no error, names a
//   lesson that exists or holds a script, and the page's own link for that
//   state (scriptLinkFragment) opens the same state again; a link refused
//   has a reason of one line (none only for an empty fragment), and the
//   page's sentence for it (linkRefusedMessage) ends the reason with one
//   stop (never "?." before "This is the built-in example.");
// - as base64url text: what decodes encodes back to the same text (one
//   spelling per byte string);
// - as a zlib stream (inflate, Adler-32): what inflates is at most the
//   bound, and deflates and inflates back to itself.
// Any violation prints what and where, then aborts: libFuzzer saves the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lab/link.hpp"
#include "lab/script.hpp"

namespace {

[[noreturn]] void die(const std::string& what)
{
    std::fprintf(stderr, "fuzz_link: %s\n", what.c_str());
    std::abort();
}
#define REQUIRE_THAT(cond, what)                                \
    do {                                                        \
        if (!(cond)) die(std::string(#cond ": ") + (what));     \
    } while (0)

// The bound the link decoder inflates to (the script's size limit), and a
// smaller one here, so a short input can reach it.
constexpr std::size_t max_inflated = 4096;

void checkFragment(std::string_view input)
{
    const lab::LinkParse r = lab::parseLinkFragment(input);
    std::string_view body = input;
    if (!body.empty() && body.front() == '#') body.remove_prefix(1);
    if (!r.state) {
        REQUIRE_THAT(!r.error.empty() || body.empty(), "a refusal without a reason");
        REQUIRE_THAT(r.error.find('\n') == std::string::npos, r.error);
        // One stop between the reason and the page's last sentence.
        const std::string said = lab::linkRefusedMessage(r.error);
        const std::string tail = " This is the built-in example.";
        REQUIRE_THAT(said.size() > tail.size() + 2 && said.compare(said.size() - tail.size(), tail.size(), tail) == 0, said);
        const std::string_view end = std::string_view(said).substr(said.size() - tail.size() - 2, 2);
        REQUIRE_THAT(end != "?." && end != ".." && end != "!.", said);
        return;
    }
    const lab::LinkState& s = *r.state;
    REQUIRE_THAT(r.error.empty(), r.error);
    REQUIRE_THAT(r.embed == s.embed && r.present == s.present, "the display parts differ from the state's");
    REQUIRE_THAT(s.lesson.empty() != s.script.empty(), "a link opened both or neither of a lesson and a script");
    if (!s.lesson.empty()) {
        const auto text = lab::lessonText(s.lesson);
        REQUIRE_THAT(text.has_value(), "opened a lesson that does not exist: " + s.lesson);
        return;
    }
    REQUIRE_THAT(s.script.size() <= lab::max_script_bytes, std::to_string(s.script.size()));
    REQUIRE_THAT(lab::parseScript(s.script).ok(), "opened a script with an error");
    // The page's own link for what it opened opens the same again.
    std::string error;
    const auto again = lab::scriptLinkFragment(s.script, s.step, s.present, error, s.embed);
    if (!again) return; // longer than a link may be (another spelling of it was shorter)
    const lab::LinkParse back = lab::parseLinkFragment(*again);
    REQUIRE_THAT(back.state.has_value(), "the page's own link was refused: " + back.error);
    lab::LinkState expected = s;
    expected.has_step = true; // the page's link always says its step
    REQUIRE_THAT(*back.state == expected, "the page's own link opened another state");
}

void checkBase64(std::string_view input)
{
    const auto bytes = lab::base64UrlDecode(input);
    if (!bytes) return;
    REQUIRE_THAT(lab::base64UrlEncode(*bytes) == input, "base64url text decoded but encodes otherwise");
}

void checkInflate(std::string_view input)
{
    const auto text = lab::zlibDecompress(input, max_inflated);
    if (!text) return;
    REQUIRE_THAT(text->size() <= max_inflated, std::to_string(text->size()));
    if (text->empty()) return; // stb gives nothing for an empty stream
    REQUIRE_THAT(lab::zlibDecompress(lab::zlibCompress(*text), max_inflated) == *text, "deflate and inflate lost bytes");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    checkFragment(input);
    checkBase64(input);
    checkInflate(input);
    return 0;
}
