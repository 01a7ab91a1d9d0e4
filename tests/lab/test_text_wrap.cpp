// The one text wrapper (lab/text_wrap.hpp): lines end at spaces, never
// inside a number or an identifier, and by the Chinese rules between CJK
// characters. Checked on hand-made paragraphs and on everything a lesson
// says (introductions, explanations of every step, captions) at every
// width from 20 to 120 characters.
#include <doctest/doctest.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lab/explain.hpp"
#include "lab/files.hpp"
#include "lab/i18n.hpp"
#include "lab/lab.hpp"
#include "lab/lessons.hpp"
#include "lab/text_wrap.hpp"

namespace {

// A character is 1 wide, a CJK character 2 (as a fixed-width terminal
// shows them).
float measureChars(std::string_view s)
{
    float w = 0.0f;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = std::max<std::size_t>(1, lab::utf8Length(s, i));
        char32_t c = static_cast<unsigned char>(s[i]);
        if (n == 3) c = (c & 0x0Fu) << 12 | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6 |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
        w += lab::isCjk(c) ? 2.0f : 1.0f;
        i += n;
    }
    return w;
}

std::vector<std::string> wrap(std::string_view text, float width)
{
    std::vector<std::string> out;
    for (const std::string_view line : lab::wrapText(text, width, measureChars)) out.emplace_back(line);
    return out;
}

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A character of a number or an identifier: letters, digits, '_' and the
// marks inside numbers ("1,048", "3.5", "637-byte").
bool isWordChar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ',' ||
           c == '.' || c == '-';
}

// The first / last code point of a non-empty line.
char32_t firstOf(std::string_view s)
{
    const std::size_t n = lab::utf8Length(s, 0);
    if (n <= 1) return static_cast<unsigned char>(s[0]);
    char32_t c = static_cast<unsigned char>(s[0]) & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < n; ++k) c = c << 6 | (static_cast<unsigned char>(s[k]) & 0x3Fu);
    return c;
}
char32_t lastOf(std::string_view s)
{
    std::size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0u) == 0x80u) --i;
    return firstOf(s.substr(i));
}

// Checks the lines `lab::wrapText` gave for `text` at `width` against the
// rules, independently of how it found them. Returns what is wrong, or "".
std::string problemWith(std::string_view text, float width)
{
    const std::vector<std::string_view> lines = lab::wrapText(text, width, measureChars);
    std::size_t at = 0; // where the text not yet covered by a line starts
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const std::string_view line = lines[k];
        const auto begin = static_cast<std::size_t>(line.data() - text.data());
        if (begin < at || begin + line.size() > text.size()) return "a line is not in the text in order";
        const std::string_view gap = text.substr(at, begin - at);
        for (const char c : gap)
            if (!isBlank(c)) return "text left out before line " + std::to_string(k + 1) + ": '" + std::string(gap) + "'";
        const bool new_paragraph = k == 0 || gap.find('\n') != std::string_view::npos;
        // The token around an unspaced break, and whether it fits a line at
        // all (a token wider than the width has to be cut somewhere).
        if (k > 0 && gap.empty() && !line.empty()) {
            std::size_t tb = begin, te = begin;
            while (tb > 0 && !isBlank(text[tb - 1])) --tb;
            while (te < text.size() && !isBlank(text[te])) ++te;
            const bool must_cut = measureChars(text.substr(tb, te - tb)) > width;
            const char before = text[begin - 1];
            const char after = text[begin];
            if (!must_cut && isWordChar(before) && isWordChar(after))
                return "a number or identifier is cut: '" + std::string(lines[k - 1]) + "' / '" + std::string(line) + "'";
            if (lab::isOpeningPunctuation(lastOf(lines[k - 1])))
                return "a line ends with opening punctuation: '" + std::string(lines[k - 1]) + "'";
        }
        if (!new_paragraph && !line.empty() && lab::isClosingPunctuation(firstOf(line)))
            return "a line starts with closing punctuation: '" + std::string(line) + "'";
        if (!line.empty() && (isBlank(line.back()))) return "a line ends with a space: '" + std::string(line) + "'";
        // No wider than the width, unless it is one token too wide for any line.
        if (measureChars(line) > width && line.find(' ') != std::string_view::npos)
            return "line wider than " + std::to_string(static_cast<int>(width)) + ": '" + std::string(line) + "'";
        at = begin + line.size();
    }
    for (std::size_t i = at; i < text.size(); ++i)
        if (!isBlank(text[i])) return "text left out at the end: '" + std::string(text.substr(at)) + "'";
    return "";
}

} // namespace

TEST_CASE("text wrap: lines end at spaces, and numbers stay whole")
{
    CHECK(wrap("", 10).empty());
    CHECK(wrap("one two three", 100) == std::vector<std::string>{"one two three"});
    CHECK(wrap("one two three", 7) == std::vector<std::string>{"one two", "three"});
    CHECK(wrap("one two three", 8) == std::vector<std::string>{"one two", "three"});
    // ImGui 1.86 ended these lines after the comma or period.
    CHECK(wrap("end_index 1,100.", 14) == std::vector<std::string>{"end_index", "1,100."});
    CHECK(wrap("a new 1,637-byte buffer", 12) == std::vector<std::string>{"a new", "1,637-byte", "buffer"});
    CHECK(wrap("4,364 = 6,522 and 3.5", 7) == std::vector<std::string>{"4,364 =", "6,522", "and 3.5"});
    CHECK(wrap("retain_with_limit BufNode", 20) == std::vector<std::string>{"retain_with_limit", "BufNode"});
    // Paragraphs, and the spaces that hang at a line's end.
    CHECK(wrap("ab cd\nef", 100) == std::vector<std::string>{"ab cd", "ef"});
    CHECK(wrap("ab\n\ncd", 100) == std::vector<std::string>{"ab", "", "cd"});
    CHECK(wrap("ab      cd", 3) == std::vector<std::string>{"ab", "cd"});
    CHECK(wrap("  indented", 100) == std::vector<std::string>{"  indented"});
    // A space before closing punctuation is no place for a line to end.
    CHECK(wrap("abc def ) ghi", 8) == std::vector<std::string>{"abc", "def )", "ghi"});
    // Only what no line can hold is cut.
    CHECK(wrap("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
    CHECK(wrap("x abcdefghij", 4) == std::vector<std::string>{"x", "abcd", "efgh", "ij"});
}

TEST_CASE("text wrap: the Chinese rules")
{
    // Between any two ideographs (each 2 wide here).
    CHECK(wrap("内存分配器", 4) == std::vector<std::string>{"内存", "分配", "器"});
    // Never before closing punctuation: the mark goes with the character before it.
    CHECK(wrap("分配，释放。", 4) == std::vector<std::string>{"分", "配，", "释", "放。"});
    CHECK(wrap("分配，释放。", 6) == std::vector<std::string>{"分配，", "释放。"});
    // Never after opening punctuation.
    CHECK(wrap("见（第二课）", 4) == std::vector<std::string>{"见", "（第", "二", "课）"});
    CHECK(wrap("《指南》很好", 6) == std::vector<std::string>{"《指", "南》很", "好"});
    // Latin inside Chinese: the identifier and the number stay whole.
    CHECK(wrap("调用end_index为1,048字节", 12) == std::vector<std::string>{"调用", "end_index为", "1,048字节"});
    // …… and —— are never split.
    CHECK(wrap("等等……好", 5) == std::vector<std::string>{"等", "等……", "好"});
    CHECK(lab::breakAllowedBetween(U'内', U'存'));
    CHECK(lab::breakAllowedBetween(U'a', U'内'));
    CHECK_FALSE(lab::breakAllowedBetween(U'a', U'b'));
    CHECK_FALSE(lab::breakAllowedBetween(U'1', U','));
    CHECK_FALSE(lab::breakAllowedBetween(U'内', U'。'));
    CHECK_FALSE(lab::breakAllowedBetween(U'「', U'内'));
    CHECK_FALSE(lab::breakAllowedBetween(U'\u2014', U'\u2014'));
    // (From 9: "（arena）" is one piece 9 wide.)
    for (float width = 9; width <= 40; ++width) {
        CAPTURE(width);
        CHECK(problemWith("内存分配器（arena）把 6,522 字节分成三块：「a」、「b」和「c」。然后 free_all 释放全部！", width) == "");
    }
}

TEST_CASE("text wrap: everything a lesson says, in both languages, at widths 20 to 120 characters")
{
    std::set<std::string> texts; // introductions, explanations and captions, once each
    std::size_t lessons = 0, explanations = 0, captions = 0;
    for (const lab::Lang lang : {lab::Lang::en, lab::Lang::zh}) {
        lab::setLanguage(lang); // the explanations come from the catalogue
        for (const lab::Lesson& lesson : lab::lessons()) {
            ++lessons;
            texts.insert(lab::lessonIntro(lesson.text, lang));
            for (const lab::Caption& c : lab::captions(lesson.text)) {
                texts.insert(c.in(lang));
                ++captions;
            }
            lab::Lab lab;
            REQUIRE_MESSAGE(lab.load(std::string(lesson.text), std::string(lesson.file_name)), lesson.file_name);
            for (std::size_t p = 1; p <= lab.steps(); ++p) {
                lab.seek(p);
                REQUIRE(lab.currentStep() != nullptr);
                texts.insert(lab::explainStep(lab.currentStep()->step));
                ++explanations;
            }
        }
    }
    lab::setLanguage(lab::Lang::en);
    REQUIRE(lessons >= 11);
    REQUIRE(captions > 50);
    REQUIRE(explanations > 300);
    std::size_t checked = 0;
    for (const std::string& text : texts) {
        for (float width = 20; width <= 120; ++width) {
            const std::string problem = problemWith(text, width);
            if (!problem.empty()) FAIL_CHECK("at " << width << " characters: " << problem << "\n  in: " << text);
            ++checked;
        }
    }
    MESSAGE(texts.size() << " texts of " << lessons << " lessons wrapped at 101 widths (" << checked << " wraps)");
}
