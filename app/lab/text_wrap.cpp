#include "lab/text_wrap.hpp"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <utility>
#include <string_view>
#include <vector>

#include "lab/files.hpp"

namespace lab {

namespace {

// One code point of `s` at byte `i`: its value and its length in bytes.
// A byte that starts no valid sequence counts as one character (U+FFFD).
struct CodePoint {
    char32_t value;
    std::size_t length;
};

CodePoint decodeAt(std::string_view s, std::size_t i)
{
    const std::size_t n = utf8Length(s, i);
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    switch (n) {
    case 1: return {b(0), 1};
    case 2: return {static_cast<char32_t>((b(0) & 0x1Fu) << 6 | (b(1) & 0x3Fu)), 2};
    case 3: return {static_cast<char32_t>((b(0) & 0x0Fu) << 12 | (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu)), 3};
    case 4:
        return {static_cast<char32_t>((b(0) & 0x07u) << 18 | (b(1) & 0x3Fu) << 12 | (b(2) & 0x3Fu) << 6 |
                                      (b(3) & 0x3Fu)),
                4};
    default: return {U'\uFFFD', 1};
    }
}

// The code point that ends just before byte `end` (end > 0).
char32_t decodeBefore(std::string_view s, std::size_t end)
{
    std::size_t i = end - 1;
    while (i > 0 && end - i < 4 && (static_cast<unsigned char>(s[i]) & 0xC0u) == 0x80u) --i;
    const CodePoint cp = decodeAt(s, i);
    return i + cp.length == end ? cp.value : U'\uFFFD';
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// A piece of a paragraph no line may end inside: its word [begin, word_end)
// and the spaces after it [word_end, end).
struct Unit {
    std::size_t begin;
    std::size_t word_end;
    std::size_t end;
};

// The units of the paragraph [begin, end) of `text` (no '\n' inside).
std::vector<Unit> unitsOf(std::string_view text, std::size_t begin, std::size_t end)
{
    std::vector<Unit> units;
    std::size_t i = begin;
    std::size_t unit_begin = begin;
    while (i < end) {
        if (isSpace(text[i])) {
            const std::size_t word_end = i;
            while (i < end && isSpace(text[i])) ++i;
            if (i == end) break;
            // A line may end after these spaces unless the next line would
            // start with a closing mark or this one end with an opening mark.
            const char32_t next = decodeAt(text, i).value;
            const bool after_opening = word_end > unit_begin && isOpeningPunctuation(decodeBefore(text, word_end));
            if (!isClosingPunctuation(next) && !after_opening) {
                units.push_back({unit_begin, word_end, i});
                unit_begin = i;
            }
            continue;
        }
        const CodePoint cp = decodeAt(text, i);
        const std::size_t next_at = i + cp.length;
        if (next_at < end && !isSpace(text[next_at]) &&
            breakAllowedBetween(cp.value, decodeAt(text, next_at).value)) {
            units.push_back({unit_begin, next_at, next_at});
            unit_begin = next_at;
        }
        i = next_at;
    }
    if (unit_begin < end) {
        std::size_t word_end = end;
        while (word_end > unit_begin && isSpace(text[word_end - 1])) --word_end;
        units.push_back({unit_begin, word_end, end});
    }
    return units;
}

// The bytes of [begin, end) of `text` that fit in `width`: at least one
// code point, so every call makes progress.
std::size_t fittingPrefix(std::string_view text, std::size_t begin, std::size_t end, float width,
                          const MeasureText& measure)
{
    float used = 0.0f;
    std::size_t i = begin;
    while (i < end) {
        const CodePoint cp = decodeAt(text, i);
        const float w = measure(text.substr(i, cp.length));
        if (i > begin && used + w > width) break;
        used += w;
        i += cp.length;
    }
    // Even a forced cut does not start a line with a closing mark or end
    // one with an opening mark, where it can move back.
    for (std::size_t cut = i; cut > begin && cut < end;) {
        if (!isClosingPunctuation(decodeAt(text, cut).value) && !isOpeningPunctuation(decodeBefore(text, cut)))
            return cut;
        std::size_t prev = cut - 1;
        while (prev > begin && (static_cast<unsigned char>(text[prev]) & 0xC0u) == 0x80u) --prev;
        cut = prev;
    }
    return i;
}

void wrapParagraph(std::string_view text, std::size_t begin, std::size_t end, float width,
                   const MeasureText& measure, std::vector<std::string_view>& lines)
{
    const std::vector<Unit> units = unitsOf(text, begin, end);
    if (units.empty()) {
        lines.push_back(text.substr(begin, 0));
        return;
    }
    std::size_t line_begin = units.front().begin;
    std::size_t line_word_end = line_begin; // the line's end, its trailing spaces left out
    float line_w = 0.0f;                    // its width with its trailing spaces
    bool empty = true;
    const auto finish = [&] {
        lines.push_back(text.substr(line_begin, line_word_end - line_begin));
        empty = true;
        line_w = 0.0f;
    };
    for (const Unit& u : units) {
        std::size_t at = u.begin;
        float word_w = measure(text.substr(at, u.word_end - at));
        if (!empty && line_w + word_w > width) finish();
        // A unit wider than a whole line: cut it where it must be.
        while (empty && word_w > width && at < u.word_end) {
            const std::size_t cut = fittingPrefix(text, at, u.word_end, width, measure);
            if (cut >= u.word_end) break;
            line_begin = at;
            line_word_end = cut;
            finish();
            at = cut;
            word_w = measure(text.substr(at, u.word_end - at));
        }
        if (empty) line_begin = at;
        empty = false;
        line_word_end = u.word_end;
        line_w += word_w + measure(text.substr(u.word_end, u.end - u.word_end));
    }
    if (!empty) finish();
}

bool inRanges(char32_t c, std::initializer_list<std::pair<char32_t, char32_t>> ranges)
{
    return std::any_of(ranges.begin(), ranges.end(), [c](const auto& r) { return c >= r.first && c <= r.second; });
}

} // namespace

bool isCjk(char32_t c)
{
    return inRanges(c, {{0x1100, 0x11FF},   // Hangul Jamo
                        {0x2E80, 0x2FFF},   // radicals, ideographic description
                        {0x3000, 0x303F},   // CJK symbols and punctuation
                        {0x3040, 0x30FF},   // hiragana, katakana
                        {0x3100, 0x33FF},   // bopomofo, Hangul compatibility, enclosed, compatibility
                        {0x3400, 0x4DBF},   // extension A
                        {0x4E00, 0x9FFF},   // unified ideographs
                        {0xA960, 0xA97F},   // Hangul Jamo extended A
                        {0xAC00, 0xD7AF},   // Hangul syllables
                        {0xF900, 0xFAFF},   // compatibility ideographs
                        {0xFE30, 0xFE4F},   // compatibility forms
                        {0xFF00, 0xFFEF},   // fullwidth and halfwidth forms
                        {0x20000, 0x3FFFF}}); // extensions B and later
}

bool isClosingPunctuation(char32_t c)
{
    switch (c) {
    case U',': case U'.': case U':': case U';': case U')': case U']': case U'}': case U'!': case U'?': case U'%':
    case U'\u3001': // 、
    case U'\u3002': // 。
    case U'\uFF0C': // ，
    case U'\uFF0E': // ．
    case U'\uFF1A': // ：
    case U'\uFF1B': // ；
    case U'\uFF09': // ）
    case U'\uFF3D': // ］
    case U'\uFF5D': // ｝
    case U'\uFF01': // ！
    case U'\uFF1F': // ？
    case U'\uFF05': // ％
    case U'\uFF61': // ｡
    case U'\uFF64': // ､
    case U'\u3009': // 〉
    case U'\u300B': // 》
    case U'\u300D': // 」
    case U'\u300F': // 』
    case U'\u3011': // 】
    case U'\u3015': // 〕
    case U'\u3017': // 〗
    case U'\u3019': // 〙
    case U'\u301B': // 〛
    case U'\u201D': // ”
    case U'\u2019': // ’
    case U'\u2026': // …
    case U'\u00B7': // · (between the parts of a name)
    case U'\u30FB': // ・
        return true;
    default: return false;
    }
}

bool isOpeningPunctuation(char32_t c)
{
    switch (c) {
    case U'(': case U'[': case U'{':
    case U'\uFF08': // （
    case U'\uFF3B': // ［
    case U'\uFF5B': // ｛
    case U'\u3008': // 〈
    case U'\u300A': // 《
    case U'\u300C': // 「
    case U'\u300E': // 『
    case U'\u3010': // 【
    case U'\u3014': // 〔
    case U'\u3016': // 〖
    case U'\u3018': // 〘
    case U'\u301A': // 〚
    case U'\u201C': // “
    case U'\u2018': // ‘
        return true;
    default: return false;
    }
}

bool breakAllowedBetween(char32_t before, char32_t after)
{
    if (isClosingPunctuation(after) || isOpeningPunctuation(before)) return false;
    if (before == after && (before == U'\u2014' || before == U'\u2026')) return false; // —— and ……
    return isCjk(before) || isCjk(after);
}

std::size_t terminalColumns(std::string_view text)
{
    std::size_t columns = 0;
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint cp = decodeAt(text, i);
        columns += isCjk(cp.value) ? 2 : 1;
        i += cp.length;
    }
    return columns;
}

std::vector<std::string_view> wrapText(std::string_view text, float width, const MeasureText& measure)
{
    std::vector<std::string_view> lines;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        wrapParagraph(text, begin, end, width, measure, lines);
        if (end == text.size()) break;
        begin = end + 1;
        if (begin == text.size()) lines.push_back(text.substr(begin, 0)); // "a\n" is two lines
    }
    return lines;
}

} // namespace lab
