// Links (lab/link.hpp): what `#lesson=`, `#script=`, `&step`, `&present`
// and `&embed` open, and every way a bad or tampered fragment is refused
// whole, with its reason.
#include <doctest/doctest.h>

#include <string>

#include "lab/builtin_example.hpp"
#include "lab/link.hpp"
#include "lab/lessons.hpp"
#include "splitmix64.hpp"

TEST_CASE("base64url and zlib round-trip every length, and refuse what is not theirs")
{
    std::string bytes;
    for (int n = 0; n < 300; ++n) {
        CHECK(lab::base64UrlDecode(lab::base64UrlEncode(bytes)) == bytes);
        // (stb's inflate gives nothing for an empty stream: a link always holds a script.)
        if (n > 0) CHECK(lab::zlibDecompress(lab::zlibCompress(bytes), 1000) == bytes);
        bytes += static_cast<char>(n * 37 % 256);
    }
    CHECK_FALSE(lab::base64UrlDecode("abc=")); // no padding, no '='
    CHECK_FALSE(lab::base64UrlDecode("a"));    // no length leaves one character over
    CHECK_FALSE(lab::base64UrlDecode("AB"));   // unused bits must be zero: one spelling per byte string
    CHECK(lab::base64UrlDecode("AA") == std::string(1, '\0'));
    CHECK_FALSE(lab::zlibDecompress("not zlib at all", 1000));
    CHECK_FALSE(lab::zlibDecompress(lab::zlibCompress(std::string(5000, 'a')), 4999)); // over the bound
}

TEST_CASE("a lesson link opens that lesson at its step, presented or embedded")
{
    const auto r = lab::parseLinkFragment("#lesson=07-reset-free-all&step=12&present");
    REQUIRE(r.state);
    CHECK(r.error.empty());
    CHECK(r.state->lesson == "07-reset-free-all");
    CHECK(r.state->step == 12);
    CHECK(r.state->has_step);
    CHECK(r.state->present);
    CHECK_FALSE(r.state->embed);
    CHECK(lab::lessonText("07-reset-free-all"));
    const auto e = lab::parseLinkFragment("lesson=01-first-alloc&embed");
    REQUIRE(e.state);
    CHECK(e.state->embed);
    CHECK_FALSE(e.state->has_step);
    // Every lesson is reachable by its file name.
    for (const lab::Lesson& l : lab::lessons()) {
        std::string name(l.file_name);
        name.resize(name.size() - 6);
        CHECK(lab::parseLinkFragment("#lesson=" + name).state);
    }
}

TEST_CASE("a script link round-trips: the same text, step and mode")
{
    std::string error;
    const auto fragment = lab::scriptLinkFragment(lab::builtin_example, 28, true, error);
    REQUIRE(fragment);
    CHECK(fragment->size() <= lab::max_link_chars);
    const auto r = lab::parseLinkFragment(*fragment);
    REQUIRE(r.state);
    CHECK(r.state->script == lab::builtin_example);
    CHECK(r.state->step == 28);
    CHECK(r.state->present);
    CHECK_FALSE(r.state->embed);
    CHECK_FALSE(lab::checkLinkStep(*r.state, 44));
    CHECK(lab::checkLinkStep(*r.state, 27) == "the link's step 28 is past the script's last step (27)");

    // A window in embed mode copies a link that opens in embed mode.
    const auto embedded = lab::scriptLinkFragment(lab::builtin_example, 5, false, error, true);
    REQUIRE(embedded);
    const auto e = lab::parseLinkFragment(*embedded);
    REQUIRE(e.state);
    CHECK(e.state->script == lab::builtin_example);
    CHECK(e.state->step == 5);
    CHECK(e.state->embed);
    CHECK_FALSE(e.state->present);
}

TEST_CASE("a script too long for a link is said so, with what to do")
{
    std::string script;
    test_support::SplitMix64 rng{7};
    for (int i = 0; script.size() < 40000; ++i) script += "h" + std::to_string(rng.next()) + " = alloc " + std::to_string(1 + rng.next() % 999) + "\n";
    std::string error;
    CHECK_FALSE(lab::scriptLinkFragment(script, 0, false, error));
    CHECK(error.find("too long for a link") != std::string::npos);
    CHECK(error.find("share the file") != std::string::npos);
}

TEST_CASE("bad and tampered fragments are refused whole, each with its reason")
{
    std::string error;
    const std::string good = *lab::scriptLinkFragment("a = alloc 10\nb = alloc 20\n", 2, false, error);
    const auto why = [](const std::string& f) { return lab::parseLinkFragment(f).error; };
    CHECK_FALSE(lab::parseLinkFragment("").state);
    CHECK(why("") .empty()); // no fragment: no link, no complaint
    CHECK(why("#lesson=99-no-such").find("no lesson '99-no-such'") != std::string::npos);
    CHECK(why("#step=3").find("either a lesson or a script") != std::string::npos);
    CHECK(why("#lesson=01-first-alloc&step=x").find("the step must be a whole number of 0 or more, not 'x'") != std::string::npos);
    // A negative step is a number, and said to be one that cannot be.
    CHECK(why("#lesson=01-first-alloc&step=-1") == "the step cannot be negative (-1): steps count from 0, the start");
    CHECK(why("#lesson=01-first-alloc&step=1234567890").find("too large") != std::string::npos);
    CHECK(why("#lesson=01-first-alloc&colour=red").find("does not know") != std::string::npos);
    CHECK(why("#lesson=01-first-alloc&present=1").find("does not know") != std::string::npos);
    CHECK(why("#" + std::string(lab::max_link_chars, 'a')).find("more than a link may be") != std::string::npos);
    CHECK(why("#script=!!!!").find("not base64url") != std::string::npos);
    // One character changed anywhere in the script: refused, never half run.
    const std::size_t start = good.find('=') + 1, end = good.find('&');
    for (std::size_t i = start; i < end; ++i) {
        std::string bad = good;
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        const auto r = lab::parseLinkFragment(bad);
        CHECK_MESSAGE(!r.state, "tampered at " << i << ": " << bad);
        CHECK_FALSE(r.error.empty());
    }
    // Cut short: refused too.
    CHECK_FALSE(lab::parseLinkFragment(good.substr(0, end - 3)).state);
    // A well-formed link to a script with an error runs none of it.
    const std::string broken = *lab::scriptLinkFragment("a = alloc 10\nb = alloc\n", 0, false, error);
    CHECK(why(broken).find("has an error, so none of it ran: line 2") != std::string::npos);
}

TEST_CASE("each part is decoded after the split: %26 separates nothing, %00 is refused")
{
    CHECK(lab::percentDecode("%41%62c%2d") == "Abc-");
    CHECK_FALSE(lab::percentDecode("a%2"));
    CHECK_FALSE(lab::percentDecode("a%zz"));
    // Encoded characters of a name or a key are theirs.
    const auto dash = lab::parseLinkFragment("#lesson=07%2Dreset-free-all&st%65p=3");
    REQUIRE(dash.state);
    CHECK(dash.state->lesson == "07-reset-free-all");
    CHECK(dash.state->step == 3);
    // An encoded '&' is part of the lesson's name, not a second part.
    const auto amp = lab::parseLinkFragment("#lesson=07-reset-free-all%26step=3");
    CHECK_FALSE(amp.state);
    CHECK(amp.error == "there is no lesson '07-reset-free-all&step=3'");
    // %00 cuts nothing short: the link is refused, and the reason names it.
    for (const char* f : {"#lesson=07-reset-free-all%00&step=3", "#lesson=07-reset-free-all&step=3%00", "#%00"}) {
        const auto r = lab::parseLinkFragment(f);
        CHECK_MESSAGE(!r.state, f);
        CHECK_MESSAGE(r.error.find("holds %00, a control character no link may hold") != std::string::npos, r.error);
    }
    CHECK(lab::parseLinkFragment("#lesson=01-first-alloc&step=%0A").error.find("holds %0A") != std::string::npos);
    // A raw control character (never in an address, but a parser is given
    // anything) is quoted as its %XX: the reason stays one line.
    CHECK(lab::parseLinkFragment(std::string("#x\n\x01=1")).error ==
          "the link's part 'x%0A%01=1' holds %0A, a control character no link may hold");
    const auto stray = lab::parseLinkFragment("#lesson=01-first-alloc&step=5%");
    CHECK(stray.error == "the link's part 'step=5%' has a '%' without two hexadecimal digits after it");
}

TEST_CASE("a refused link keeps &embed and &present, and says why in one sentence")
{
    const auto typo = lab::parseLinkFragment("#lesson=07-reset-fre-all&step=12&embed");
    CHECK_FALSE(typo.state);
    CHECK(typo.embed);
    CHECK_FALSE(typo.present);
    const auto presented = lab::parseLinkFragment("#lesson=01-first-alloc&step=x&present");
    CHECK_FALSE(presented.state);
    CHECK(presented.present);
    CHECK_FALSE(presented.embed);
    CHECK(lab::parseLinkFragment("#" + std::string(lab::max_link_chars, 'a') + "&embed").embed);
    const auto ok = lab::parseLinkFragment("#lesson=01-first-alloc&embed");
    REQUIRE(ok.state);
    CHECK(ok.embed);
    // The page's sentence: a reason that ends in '?' gets no second stop.
    const std::string damaged = lab::parseLinkFragment("#script=!!!!").error;
    CHECK(damaged.back() == '?');
    const std::string said = lab::linkRefusedMessage(damaged);
    CHECK(said == "The link was not opened: " + damaged + " This is the built-in example.");
    CHECK(said.find("?.") == std::string::npos);
    CHECK(lab::linkRefusedMessage("there is no lesson 'x'") ==
          "The link was not opened: there is no lesson 'x'. This is the built-in example.");
}

TEST_CASE("random fragments never crash the parser")
{
    test_support::SplitMix64 rng{13};
    const std::string alphabet = "#&=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    std::string error;
    const std::string good = *lab::scriptLinkFragment(lab::builtin_example, 5, false, error);
    for (int i = 0; i < 2000; ++i) {
        std::string f = i % 2 == 0 ? good : "#lesson=07-reset-free-all&step=3";
        const int edits = 1 + static_cast<int>(rng.next() % 4);
        for (int k = 0; k < edits && !f.empty(); ++k)
            f[rng.next() % f.size()] = alphabet[rng.next() % alphabet.size()];
        const auto r = lab::parseLinkFragment(f);
        CHECK((r.state.has_value() || !r.error.empty() || f == "#"));
    }
}
