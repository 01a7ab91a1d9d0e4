// The narrated lessons (assets/lessons/*.arena, embedded at build time so
// the program needs no files beside it) and the captions a lesson shows
// step by step. Headless: the GUI's Lessons menu and the tests read this.
//
// A lesson is an ordinary `.arena` script (docs/script.md). Its
// comments are for people, and this is what they mean:
//
// TITLE. When line 1 starts with exactly `# Title:`, the rest of that line,
// spaces and tabs trimmed, is the lesson's title. The title line is never
// part of a caption or note.
//
// LINES. The text is split into lines as the script parser does (LF or
// CRLF; a final line ending does not begin another line). Every line is
// - blank: nothing but spaces and tabs;
// - a comment line: its first character other than a space or tab is `#`;
// - a statement line: anything else. There is no string syntax, so a `#`
//   on a statement line always starts its trailing comment.
// The text of a comment is what follows its `#` (the first one on the
// line), with leading and trailing spaces and tabs removed.
//
// CAPTIONS. A block is a maximal run of consecutive comment lines.
// - A block directly above a statement line (no blank line between) is
//   that statement's caption: shown while its operation's steps play.
// - A block followed by a blank line, or by the end of the text, is a
//   general note, not a caption: captions() ignores it.
// - A statement line's trailing comment is appended to its caption (after
//   one space), or is its whole caption when no block is above it.
// A block's comment texts are joined with single spaces, so one sentence
// may run over several lines; a comment line with no text (`#` alone)
// inside a block ends a paragraph, shown as one '\n'. Empty paragraphs
// vanish: a caption never starts or ends with '\n', never holds two in a
// row, and a statement whose block and trailing comment hold no text has
// no caption.
//
// TWO LANGUAGES. A comment whose text starts with `zh:` is Chinese: the
// rest of it (trimmed) is the Chinese of its block, the block's other
// comments its English; both follow the rules above (Chinese lines run on
// without a space where either side is not ASCII). A `# zh:` line 2, right
// under the title, is the title's Chinese. A statement's trailing comment
// is English unless it starts with `zh:`. Where a block has one language
// only, the other shows it after a mark (untranslated_mark_*): never blank.
// The operations and `expect` lines are shared, so the two cannot drift.
//
// PINNED QUESTIONS. A comment line whose text starts with `ask:` is a
// pinned question (predict.hpp, docs/lessons.md), not narration:
// it is left out of every caption and does not break its block.
//
// Example, lines 1 to 7 (line 2 and line 5 are blank):
//     1  # Title: Demo                    <- the title
//     2
//     3  # This whole block is a note:    <- a note: a blank line follows
//     4  # nothing here is a caption.
//     5
//     6  # Needs a first buffer:          <- caption of line 7, and the
//     7  a = alloc 1   # 51 bytes.           trailing comment is appended
// gives one Caption: {7, "Needs a first buffer: 51 bytes."}.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lab/i18n.hpp"

namespace lab {

// What a caption or title shows where its own language is missing, before
// the other language's text.
inline constexpr std::string_view untranslated_mark_en = "(untranslated) ";
inline constexpr std::string_view untranslated_mark_zh = "\uFF08\u672A\u7FFB\u8BD1\uFF09"; // （未翻译）

struct Lesson {
    std::string_view file_name; // e.g. "01-first-alloc.arena"
    std::string_view title;     // lessonTitle(text)
    std::string_view text;      // the whole script
};

// Every lesson, in file-name order (the files are named NN-slug.arena).
std::span<const Lesson> lessons();

struct Caption {
    std::size_t line = 0; // the statement's line, 1-based
    std::string text;     // English (or the Chinese, marked, when it has none)
    std::string text_zh;  // Chinese (or the English, marked, when it has none)
    const std::string& in(Lang lang) const;
};

// The lesson's number in the Lessons menu (1 for the first) whose text is
// exactly `script_text`, or 0 for a script that is not one.
std::size_t lessonNumber(std::string_view script_text);

// The caption of each statement line that has one, in line order.
std::vector<Caption> captions(std::string_view script_text);

// The introduction: the notes (comment blocks followed by a blank line)
// before the first statement line, in order, each block's text joined as a
// caption's is, blocks separated by '\n'. What a lesson says at step 0,
// before anything has happened. Empty when there is none.
// In lab::language(), or in `lang`.
std::string lessonIntro(std::string_view script_text);
std::string lessonIntro(std::string_view script_text, Lang lang);

// The title on line 1 (`# Title: ...`), or an empty view when there is none.
constexpr std::string_view lessonTitle(std::string_view text)
{
    constexpr std::string_view prefix = "# Title:";
    const std::string_view first_line = text.substr(0, text.find('\n'));
    if (first_line.substr(0, prefix.size()) != prefix) return {};
    std::string_view title = first_line.substr(prefix.size());
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!title.empty() && is_space(title.front())) title.remove_prefix(1);
    while (!title.empty() && is_space(title.back())) title.remove_suffix(1);
    return title;
}

// Line 2 as the title's Chinese: `# zh: ...` (lessonTitleZh).
constexpr bool isTitleTranslation(std::string_view line)
{
    constexpr std::string_view prefix = "# zh:";
    return line.substr(0, prefix.size()) == prefix;
}

// The title's Chinese on line 2 (`# zh: ...`, right under `# Title:`), or
// an empty view.
constexpr std::string_view lessonTitleZh(std::string_view text)
{
    if (lessonTitle(text).empty()) return {};
    const std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return {};
    std::string_view second = text.substr(nl + 1);
    second = second.substr(0, second.find('\n'));
    if (!isTitleTranslation(second)) return {};
    second.remove_prefix(5);
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!second.empty() && is_space(second.front())) second.remove_prefix(1);
    while (!second.empty() && is_space(second.back())) second.remove_suffix(1);
    return second;
}

// The title in lab::language() (or `lang`), the other language marked
// where it has none; empty when the text has no title.
std::string lessonTitleIn(std::string_view text);
std::string lessonTitleIn(std::string_view text, Lang lang);

} // namespace lab
