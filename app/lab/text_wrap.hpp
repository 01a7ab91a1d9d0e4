// The one text wrapper: every paragraph the window (and the page) shows
// wrapped is cut into lines here, headless, so the rules are tested
// without a window and the same in every panel and language.
//
// Dear ImGui 1.86 wraps after any comma or period, so a grouped number
// ("1,048", "6,522") or a decimal ("3.5") could be cut in two and a student
// would read "1" and "048". The rules here:
// - A line may end after a run of spaces (the spaces hang: they are not
//   part of the line). '\n' always ends a line.
// - Anything else with no space in it stays whole: a number ("4,364",
//   "3.5", "637-byte"), an identifier (`end_index`, `retain_with_limit`),
//   a word. Only a run wider than the whole width is cut (at the last
//   character that fits), because nothing else can show it.
// - Chinese and Japanese text has no spaces: a line may end between any
//   two CJK characters (ideographs, kana, fullwidth forms), and between a
//   CJK character and a Latin one, except
//   - never before closing punctuation: ，。：；）」』》〉】〕、！？…%
//     and their ASCII kin , . : ; ) ] } ! ? %,
//   - never after opening punctuation: （「『《〈【〔 and ( [ {.
// These are the rules of the Chinese line-breaking convention (GB/T 15834
// and W3C's clreq: no line starts with a closing mark, none ends with an
// opening one), and UAX #14's for spaces.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace lab {

// The width of a piece of text (UTF-8), in any unit: pixels for the
// window, characters for the tests. Widths must add: the width of "ab"
// is that of "a" plus that of "b" (true of Dear ImGui's fonts, which do
// not kern).
using MeasureText = std::function<float(std::string_view)>;

// `text` cut into lines no wider than `width` (where a line can be: see
// above). Each line is a view into `text`, without its trailing spaces
// and without the '\n' that ended it. An empty text gives no lines; an
// empty paragraph ("a\n\nb") gives an empty line.
std::vector<std::string_view> wrapText(std::string_view text, float width, const MeasureText& measure);

// Whether a line may end between the code points `before` and `after`
// with nothing between them (the CJK rules above; spaces are the caller's).
bool breakAllowedBetween(char32_t before, char32_t after);
// A closing mark (no line starts with it) / an opening mark (no line ends with it).
bool isClosingPunctuation(char32_t c);
bool isOpeningPunctuation(char32_t c);
// Han ideographs, kana, Hangul, CJK symbols and fullwidth forms.
bool isCjk(char32_t c);

// How many columns of a terminal `text` (UTF-8) takes: two for each CJK
// character (they are East Asian wide), one for anything else. The
// command line's help lines its columns up with this, not with bytes.
std::size_t terminalColumns(std::string_view text);

} // namespace lab
