// Quizzes that leave the app: the questions predict mode would ask of a
// script (its pinned ones where it pins them, the chooser's elsewhere), as
// Moodle's GIFT import format or as a printable Markdown sheet with an
// answer key. Headless: `arenalab export --quiz` and File > Export use it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lab/model.hpp"
#include "lab/predict.hpp"

namespace lab {

struct QuizItem {
    Question question;
    std::string context; // the child and the arena before the statement, in words
    bool pinned = false; // from a `# ask:` line
    std::size_t op = 0;  // index of the operation in the run
};

struct Quiz {
    std::string title;           // the lesson's title, or the file's name
    std::vector<QuizItem> items; // in the order the script runs them
    std::vector<std::string> errors; // FILE:LINE:COL messages: static errors, wrong pinned keys
    int exit_status = 0;         // as `check`'s: 0 fine, 1 a pinned key or expect failed, 2 refused
};

// Builds the quiz of a script. On a static error, a wrong pinned key or a
// run that stops, `errors` says where and the items may be incomplete.
// `model`: for a script without a `model` line (the command line's --model).
Quiz buildQuiz(std::string_view text, std::string_view file_name, Model model = default_model);

enum class QuizFormat { gift, markdown };

// GIFT (Moodle's plain-text import format): one question per paragraph,
// `::title::text{#N:0####feedback}` for numbers and `{=right ~wrong ...}`
// for choices, with ~ = # { } : escaped by a backslash.
std::string quizGift(const Quiz& quiz, std::string_view file_name);
// A printable sheet: the questions, then the answer key with explanations.
std::string quizMarkdown(const Quiz& quiz, std::string_view file_name);

// GIFT's escaping of its special characters.
std::string giftEscape(std::string_view text);

} // namespace lab
