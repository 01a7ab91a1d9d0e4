// The languages (lab/i18n.hpp): the catalogue's loader, the environment's
// order, the pseudo-translation, every catalogue message usable as the
// format it replaces, and the lessons in both languages (lab/lessons.hpp).
#include <doctest/doctest.h>

#include <cstdlib>
#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/args.h>
#include <fmt/format.h>

#include "lab/explain.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"
#include "lab/numbers.hpp"
#include "lab/predict.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace {

// Sets the language for one test case and puts English back after.
struct LanguageScope {
    explicit LanguageScope(lab::Lang lang) { lab::setLanguage(lang); }
    ~LanguageScope() { lab::setLanguage(lab::Lang::en); }
};

// The environment variables gettext reads, set for one test and restored.
struct Environment {
    Environment(const char* language, const char* lc_all, const char* lc_messages, const char* lang)
    {
        for (const char* name : names) saved.emplace_back(std::getenv(name) ? std::getenv(name) : "\x01");
        set("LANGUAGE", language);
        set("LC_ALL", lc_all);
        set("LC_MESSAGES", lc_messages);
        set("LANG", lang);
    }
    ~Environment()
    {
        for (std::size_t i = 0; i < 4; ++i) set(names[i], saved[i] == "\x01" ? nullptr : saved[i].c_str());
    }
    static void set(const char* name, const char* value)
    {
        if (value == nullptr)
            ::unsetenv(name);
        else
            ::setenv(name, value, 1);
    }
    static constexpr const char* names[4] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    std::vector<std::string> saved;
};

// The fields of a fmt format string ({} or {:...}), in order.
std::vector<std::string> fields(std::string_view s)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
            ++i;
            continue;
        }
        if (s[i] != '{') continue;
        const std::size_t end = s.find('}', i);
        out.emplace_back(s.substr(i, end - i + 1));
        i = end;
    }
    return out;
}

bool hasCjk(std::string_view s)
{
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0xE3 && static_cast<unsigned char>(c) <= 0xE9) return true;
    return false;
}

} // namespace

TEST_CASE("parsePo: entries over several lines, escapes, fuzzy ones flagged, the header left out")
{
    const auto entries = lab::parsePo("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                                      "#: a.cpp\nmsgid \"one \"\n\"two\\n\"\nmsgstr \"\\u4E00\"\n\"\\\"\\t\"\n\n"
                                      "#, fuzzy, c-format\nmsgid \"%d bytes\"\nmsgstr \"%d \xE5\xAD\x97\xE8\x8A\x82\"\n"
                                      "msgctxt \"menu\"\nmsgid \"File\"\nmsgstr \"\xE6\x96\x87\xE4\xBB\xB6\"\n");
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].msgid == "one two\n");
    CHECK(entries[0].msgstr == "u4E00\"\t"); // only C's escapes are escapes
    CHECK_FALSE(entries[0].fuzzy);
    CHECK(entries[1].fuzzy);
    CHECK(entries[2].msgid == "File");
    CHECK(entries[2].msgstr == "\xE6\x96\x87\xE4\xBB\xB6");
}

TEST_CASE("every catalogue message is translated and keeps its format fields, so fmt never throws")
{
    const auto& catalogue = lab::chineseCatalogue();
    REQUIRE(catalogue.size() > 300);
    for (const lab::CatalogueEntry& e : catalogue) {
        CAPTURE(e.msgid);
        CHECK_FALSE(e.fuzzy);
        CHECK_FALSE(e.msgstr.empty());
        // As many fields (a translation may number them, {1}, to change the
        // order), and whatever formats the English formats the Chinese.
        CHECK(fields(e.msgstr).size() == fields(e.msgid).size());
        fmt::dynamic_format_arg_store<fmt::format_context> args;
        for (std::size_t i = 0; i < fields(e.msgid).size(); ++i) args.push_back(static_cast<int>(i + 1));
        bool english_formats = true;
        try {
            (void)fmt::vformat(e.msgid, args);
        } catch (const fmt::format_error&) {
            english_formats = false; // not a format string (tr, not trf)
        }
        if (english_formats) CHECK_NOTHROW((void)fmt::vformat(e.msgstr, args));
        // A `###id` (an ImGui identity) stays the same in both languages.
        const std::size_t id = e.msgid.find("###");
        if (id != std::string::npos) CHECK(e.msgstr.substr(e.msgstr.find("###")) == e.msgid.substr(id));
    }
}

TEST_CASE("tr answers in the current language: Chinese from the catalogue, English as written")
{
    CHECK(std::string_view(lab::tr("Open...")) == "Open...");
    {
        LanguageScope zh(lab::Lang::zh);
        CHECK(std::string_view(lab::tr("Open...")) == "\xE6\x89\x93\xE5\xBC\x80...");
        CHECK(std::string_view(lab::tr("a message the catalogue does not have")) == "a message the catalogue does not have");
        CHECK(lab::trf("{} bytes", lab::grouped(4096)) == "4,096 \xE5\xAD\x97\xE8\x8A\x82");
    }
    CHECK(lab::trf("{} bytes", 12) == "12 bytes");
}

TEST_CASE("a question's context says the child in Chinese with the Child allocator panel's words")
{
    LanguageScope zh(lab::Lang::zh);
    lab::StateBefore before;
    arena::ChildConfig child;
    child.offset = 8;
    const std::string text = lab::contextText(before, child);
    CHECK(hasCjk(text));
    // The panel's own names (调整大小, 页, 偏移), the policy word as a script writes it.
    CHECK(text.find(std::string(lab::tr("Resize")) + " pages") != std::string::npos);
    CHECK(text.find(std::string(lab::tr("Page")) + " 4,096 B") != std::string::npos);
    CHECK(text.find(std::string(lab::tr("Offset")) + " 8 B") != std::string::npos);
    CHECK(std::string(lab::tr("Page")) != "Page");
    CHECK(text.find(" pages\xEF\xBC\x8C") != std::string::npos); // the list's comma, "，"
    CHECK(text.find("resize=") == std::string::npos);
    CHECK(text.find("\xE3\x80\x82 ") == std::string::npos); // no space after "。"
}

TEST_CASE("an arena's state in Chinese: its buffers called 缓冲区, the list in full-width brackets and commas")
{
    LanguageScope zh(lab::Lang::zh);
    lab::ArenaState state;
    state.end_index = 40;
    state.capacity = 4080;
    state.nodes = {{2, 4096, 0}, {1, 1000, 0}};
    const std::string text = lab::describeState(state);
    CHECK(text.find("\xEF\xBC\x88") != std::string::npos); // "（"
    CHECK(text.find("\xEF\xBC\x89") != std::string::npos); // "）": not an ASCII ")" after Chinese
    CHECK(text.find(')') == std::string::npos);
    CHECK(text.find(std::string(lab::trf("buf {} = {}", 2, "4,096 B"))) != std::string::npos);
    CHECK(text.find("buf ") == std::string::npos);
    CHECK(lab::buffersText(state).find("\xEF\xBC\x8C") != std::string::npos); // "，"
}

TEST_CASE("the step explanations are Chinese with their real numbers")
{
    arena::Step s{};
    s.kind = arena::StepKind::first_node_needed;
    s.len = 1;
    s.alignment = 1;
    s.min_size = 2;
    const std::string en = lab::explainStep(s);
    LanguageScope zh(lab::Lang::zh);
    const std::string text = lab::explainStep(s);
    CHECK(text != en);
    CHECK(hasCjk(text));
    CHECK(text.find("1 + 1 = 2") != std::string::npos);
    CHECK(text.find("\xE7\xBC\x93\xE5\x86\xB2\xE5\x8C\xBA") != std::string::npos); // 缓冲区, the glossary's word
}

TEST_CASE("the environment chooses the language in gettext's order")
{
    using lab::Lang;
    {
        Environment env(nullptr, nullptr, nullptr, "zh_CN.UTF-8");
        CHECK(lab::languageFromEnvironment() == Lang::zh);
    }
    {
        Environment env(nullptr, "en_US.UTF-8", nullptr, "zh_CN.UTF-8");
        CHECK(lab::languageFromEnvironment() == Lang::en); // LC_ALL before LANG
    }
    {
        Environment env(nullptr, nullptr, "zh_SG.UTF-8", "en_GB.UTF-8");
        CHECK(lab::languageFromEnvironment() == Lang::zh); // LC_MESSAGES before LANG
    }
    {
        Environment env("fr:zh_CN:en", nullptr, nullptr, "en_US.UTF-8");
        CHECK(lab::languageFromEnvironment() == Lang::zh); // LANGUAGE first: its first language the program has
    }
    {
        Environment env("zh_CN", "C", nullptr, nullptr);
        CHECK(lab::languageFromEnvironment() == Lang::en); // LC_ALL=C turns LANGUAGE off, as in gettext
    }
    {
        Environment env(nullptr, nullptr, nullptr, "zh_TW.UTF-8");
        CHECK(lab::languageFromEnvironment() == Lang::en); // Traditional Chinese is another catalogue
    }
    {
        Environment env(nullptr, nullptr, nullptr, nullptr);
        CHECK(lab::languageFromEnvironment() == Lang::en);
    }
}

TEST_CASE("--lang on the command line, in either spelling, before a --")
{
    const char* a[] = {"arenalab", "demo", "--lang", "zh"};
    CHECK(lab::languageArgument(4, a) == lab::Lang::zh);
    const char* b[] = {"arenalab", "--lang=en", "check", "x.arena"};
    CHECK(lab::languageArgument(4, b) == lab::Lang::en);
    const char* c[] = {"arenalab", "check", "--", "--lang", "zh"};
    CHECK_FALSE(lab::languageArgument(5, c).has_value());
    const char* d[] = {"arenalab", "--lang", "klingon"};
    CHECK_FALSE(lab::languageArgument(3, d).has_value());
}

TEST_CASE("the pseudo-translation: 40% longer, accented, fields kept")
{
    const std::string p = lab::pseudoTranslate("Open {} of {:>4} files");
    CHECK(p.find("{}") != std::string::npos);
    CHECK(p.find("{:>4}") != std::string::npos);
    CHECK(p.find("\xC3\xB3") != std::string::npos); // ó
    // In characters, at least 1.4 times as long.
    std::size_t chars = 0;
    for (const char c : p) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    CHECK(chars * 10 >= std::string_view("Open {} of {:>4} files").size() * 14);
    LanguageScope pseudo(lab::Lang::pseudo);
    CHECK(lab::trf("{} bytes", 7).find('7') != std::string::npos);
    // printf conversions too: "%u" accented to "%ú" printed itself.
    const std::string f = lab::pseudoTranslate("Line %u in %zu buffers, %-8s, 100%%");
    for (const char* spec : {"%u", "%zu", "%-8s", "%%"}) CHECK(f.find(spec) != std::string::npos);
    CHECK(f.find("L\xC3\xADn\xC3\xA9") != std::string::npos); // Líné
}

TEST_CASE("captions in two languages from one file: `# zh:` lines, Chinese joined without spaces")
{
    const auto c = lab::captions("# Title: T\n# zh: \xE6\xA0\x87\xE9\xA2\x98\n\n"
                                 "# The first buffer,\n# 51 bytes.\n# zh: \xE7\xAC\xAC\xE4\xB8\x80\xE4\xB8\xAA\n# zh: \xE7\xBC\x93\xE5\x86\xB2\xE5\x8C\xBA 51 B\n"
                                 "# ask: new_buffer = 51\na = alloc 1\n"
                                 "b = alloc 2  # English only.\n"
                                 "# zh: \xE5\x8F\xAA\xE6\x9C\x89\xE4\xB8\xAD\xE6\x96\x87\nc = alloc 3\n");
    REQUIRE(c.size() == 3);
    CHECK(c[0].text == "The first buffer, 51 bytes.");
    CHECK(c[0].text_zh == "\xE7\xAC\xAC\xE4\xB8\x80\xE4\xB8\xAA\xE7\xBC\x93\xE5\x86\xB2\xE5\x8C\xBA 51 B");
    // A missing translation falls back to the other language, marked, never blank.
    CHECK(c[1].text == "English only.");
    CHECK(c[1].text_zh == std::string(lab::untranslated_mark_zh) + "English only.");
    CHECK(c[2].text == std::string(lab::untranslated_mark_en) + "\xE5\x8F\xAA\xE6\x9C\x89\xE4\xB8\xAD\xE6\x96\x87");
    CHECK(c[2].in(lab::Lang::zh) == "\xE5\x8F\xAA\xE6\x9C\x89\xE4\xB8\xAD\xE6\x96\x87");
    CHECK(lab::lessonTitleZh("# Title: T\n# zh: \xE6\xA0\x87\xE9\xA2\x98\n") == "\xE6\xA0\x87\xE9\xA2\x98");
    CHECK(lab::lessonTitleIn("# Title: T\n", lab::Lang::zh) == std::string(lab::untranslated_mark_zh) + "T");
    CHECK(lab::lessonIntro("# Title: T\n# zh: X\n\n# A note.\n# zh: \xE6\xB3\xA8\n\nalloc 1\n", lab::Lang::en) == "A note.");
    CHECK(lab::lessonIntro("# Title: T\n# zh: X\n\n# A note.\n# zh: \xE6\xB3\xA8\n\nalloc 1\n", lab::Lang::zh) == "\xE6\xB3\xA8");
}

TEST_CASE("all sixteen lessons are whole in Chinese: title, introduction and every caption")
{
    REQUIRE(lab::lessons().size() == 16);
    for (const lab::Lesson& lesson : lab::lessons()) {
        CAPTURE(lesson.file_name);
        CHECK(hasCjk(lab::lessonTitleZh(lesson.text)));
        const std::string intro = lab::lessonIntro(lesson.text, lab::Lang::zh);
        CHECK(hasCjk(intro));
        CHECK(intro.find(lab::untranslated_mark_zh) == std::string::npos);
        CHECK(lab::lessonIntro(lesson.text, lab::Lang::en).find(lab::untranslated_mark_en) == std::string::npos);
        for (const lab::Caption& c : lab::captions(lesson.text)) {
            CAPTURE(c.line);
            CHECK(c.text_zh.find(lab::untranslated_mark_zh) == std::string::npos);
            CHECK(c.text.find(lab::untranslated_mark_en) == std::string::npos);
            CHECK(hasCjk(c.text_zh));
            CHECK_FALSE(hasCjk(c.text));
            // The numbers a caption proves are the same in both languages.
            const std::regex number("[0-9]+(,[0-9]{3})*");
            std::multiset<std::string> en_numbers, zh_numbers;
            for (auto it = std::sregex_iterator(c.text.begin(), c.text.end(), number); it != std::sregex_iterator(); ++it)
                en_numbers.insert(it->str());
            for (auto it = std::sregex_iterator(c.text_zh.begin(), c.text_zh.end(), number); it != std::sregex_iterator(); ++it)
                zh_numbers.insert(it->str());
            CHECK(std::includes(zh_numbers.begin(), zh_numbers.end(), en_numbers.begin(), en_numbers.end()));
        }
    }
}

TEST_CASE("a Chinese name is refused with the whole character, its code point and a hint, in either language")
{
    const lab::ParseResult r = lab::parseScript("a = alloc 1\n\xE6\x95\xB0\xE6\x8D\xAE = alloc 100\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].col == 1);
    CHECK(r.errors[0].message.find("U+6570 '\xE6\x95\xB0'") != std::string::npos);
    CHECK(r.errors[0].message.find("data1") != std::string::npos);
    CHECK(r.errors[0].message.find("\\x") == std::string::npos);
    LanguageScope zh(lab::Lang::zh);
    const lab::ParseResult z = lab::parseScript("x = alloc 1 \xE5\xAD\x97\n");
    REQUIRE(z.errors.size() == 1);
    CHECK(z.errors[0].message.find("U+5B57 '\xE5\xAD\x97'") != std::string::npos);
    CHECK(hasCjk(z.errors[0].message.substr(0, z.errors[0].message.find("U+"))));
    // Comments hold any text.
    CHECK(lab::parseScript("a = alloc 1  # \xE6\x95\xB0\xE6\x8D\xAE\n").ok());
}
