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

namespace lab {

struct Lesson {
    std::string_view file_name; // e.g. "01-first-alloc.arena"
    std::string_view title;     // lessonTitle(text)
    std::string_view text;      // the whole script
};

// Every lesson, in file-name order (the files are named NN-slug.arena).
std::span<const Lesson> lessons();

struct Caption {
    std::size_t line = 0; // the statement's line, 1-based
    std::string text;
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
std::string lessonIntro(std::string_view script_text);

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

} // namespace lab
