// Predict mode's questions, generated from what the arena really does: the
// internal steps (arena/step.hpp) an operation is about to take. Nothing is
// authored and nothing is simulated: the answer of every question is read
// off the steps the real arena reported, with the explanation and the
// formula in the real numbers. Headless (no ImGui, no CLI): the window's
// predict mode, `arenalab export --quiz`, the pinned-question check and the
// tests all use this. Three jobs, three files: making questions
// (predict_questions.cpp), choosing them (predict_choose.cpp), and parsing
// and checking `# ask:` lines (predict_pinned.cpp); predict.cpp holds the
// vocabulary they share (kinds, forms, choices, answer text).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arena/step.hpp"
#include "lab/command.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

// What a question asks. The names are the words a lesson's pinned question
// uses (`# ask: end_index = 100`, see pinnedQuestions()).
enum class QuestionKind : std::uint8_t {
    end_index,   // number: end_index after the operation
    padding,     // number: alignment padding bytes the allocation skips
    new_buffer,  // number: the length of the new buffer the arena asks the child for (the growth formula)
    capacity,    // number: queryCapacity() after a reset
    path,        // choice: fits / grows in place / new buffer / fails
    kept,        // choice: which buffer a reset keeps: none / the oldest / a new one
    returns,     // choice: does the reset return true
    offset,      // place: the offset in its buffer where the allocation starts
};
inline constexpr std::size_t question_kind_count = 8;
std::string_view questionKindName(QuestionKind kind);
std::optional<QuestionKind> parseQuestionKind(std::string_view word);

enum class AnswerForm : std::uint8_t { number, choice, place };
AnswerForm formOf(QuestionKind kind);

// The fixed choices of each choice kind, in the order shown; an answer to a
// choice question is an index into these. Empty for number and place kinds.
const std::vector<std::string>& choicesOf(QuestionKind kind);
// The short word for a choice (what a pinned question writes): "fits",
// "grows", "new_buffer", "fails"; "none", "oldest", "new"; "true", "false".
const std::vector<std::string>& choiceWordsOf(QuestionKind kind);

// The arena just before the operation, as the screen shows it.
struct StateBefore {
    std::size_t end_index = 0;
    std::size_t capacity = 0;
    std::vector<std::size_t> node_lengths; // newest first, header included (zig-0.16: used_list)
    std::size_t header = 16; // each node's header: 24 for zig-0.16
};

// One operation about to run: what predict mode knows before the reveal.
// `steps` are the steps the arena takes for it (a run is deterministic, so
// they are known: recorded in the history, or observed on a replay).
struct OpSteps {
    Command command;
    std::size_t line = 0;
    StateBefore before;
    std::vector<arena::Step> steps;
    // A race's operation, on thread T`thread` (0: none). Its steps interleave
    // with the other threads', so no question is asked about it.
    std::size_t thread = 0;
};

struct Question {
    QuestionKind kind = QuestionKind::end_index;
    AnswerForm form = AnswerForm::number;
    std::size_t line = 0;           // the statement's script line
    std::string statement;          // the statement, as the script writes it
    std::string prompt;             // the question itself, e.g. "What is end_index after it?"
    std::vector<std::string> choices; // choice form: choicesOf(kind)
    std::uint64_t answer = 0;       // number or offset; for a choice, the index of the right one
    std::string answer_text;        // the answer as a person reads it ("252 bytes", "a new buffer")
    std::string explanation;        // why, in words
    std::string formula;            // how, with the real numbers
    bool trivial = false;           // the answer needs no thought (align 1 padding, free_all returns true)
    bool on_screen = false;         // the answer is already shown before the operation (it does not change)

    // Whether `given` (a number, an offset, or a choice index) is right.
    bool isRight(std::uint64_t given) const { return given == answer; }
    // What answer `value` means, as a person reads it.
    std::string answerText(std::uint64_t value) const;
};

// Every question the steps of one operation answer (trivial ones and those
// already on screen included: the chooser leaves them out).
std::vector<Question> questionsFor(const OpSteps& op);

// The context of a question asked away from the window (a quiz sheet):
// the child settings in force and the arena's state before, in words.
std::string contextText(const StateBefore& before, const arena::ChildConfig& child);

// Picks at most one question per operation: none that is trivial or whose
// answer is on screen, never the same kind three times in a row, and among
// the rest the kind asked least recently (ties: the order of QuestionKind).
class QuestionChooser {
public:
    // The index into `candidates` of the one to ask, or nothing.
    std::optional<std::size_t> choose(const std::vector<Question>& candidates) const;
    // Remember that a question of `kind` was asked.
    void asked(QuestionKind kind);
    void reset() { *this = QuestionChooser{}; }

private:
    std::array<std::uint64_t, question_kind_count> last_asked_{}; // 0: never; else the turn it was asked
    std::uint64_t turn_ = 0;
    std::optional<QuestionKind> previous_;
    std::size_t run_ = 0; // how many times in a row `previous_` was asked
};

// One operation of a script's run, observed: what questionsFor() needs, and
// the trace line the arena then produced (to check answers against).
struct ObservedOp {
    OpSteps op;
    OpRecord record;
    arena::ChildConfig child;  // the child's settings when it ran
    std::size_t statement = 0; // index into the script's statements
    std::size_t repetition = 0; // 0-based run of a repeat
};

// Runs a checked script, recording each operation's steps and trace line.
// `stop` (when given) receives where the run stopped, if it did. At most
// `max_ops` operations are observed (the rest of the script still runs).
std::vector<ObservedOp> observeScript(const Script& script, Stop* stop = nullptr,
                                      std::size_t max_ops = SIZE_MAX);

// The questions a whole script asks, as predict mode would ask them in
// order (the chooser's picks, one per operation at most).
struct ScriptQuestion {
    Question question;
    std::string context; // contextText() of the state before
};
std::vector<ScriptQuestion> chosenQuestions(const std::vector<ObservedOp>& ops);

// ---- pinned questions ------------------------------------------------------
// A lesson (any script) may pin its own question on a statement with a
// comment line of this form, directly above the statement (only comment
// lines between, no blank line, as for a caption):
//
//     # ask: KIND = ANSWER
//
// KIND is a questionKindName(); ANSWER a number for end_index, padding,
// new_buffer, capacity and offset, or a choice word (choiceWordsOf()):
// path = fits | grows | new_buffer | fails; kept = none | oldest | new;
// returns = true | false. Several may pin the same statement. On a
// `repeat`, the question is about its last run (as `expect` after it).
// It is a comment, so the script language is unchanged; `arenalab check`
// checks every pinned answer against the arena, and a wrong one fails
// like an `expect` (docs/lessons.md).
struct PinnedQuestion {
    std::size_t line = 0;           // the ask line
    std::size_t col = 0;            // of the `ask:` word
    std::size_t statement_line = 0; // the statement it asks about (0 when none follows)
    QuestionKind kind = QuestionKind::end_index;
    std::uint64_t answer = 0;       // a number, or a choice index
};

struct PinnedParse {
    std::vector<PinnedQuestion> questions;
    std::vector<Diagnostic> errors; // malformed ask lines, with their column
};

// Whether a comment's text (after `#`, spaces trimmed) is an ask line.
bool isAskComment(std::string_view comment_text);
PinnedParse pinnedQuestions(std::string_view script_text);

// The pinned question's check against a run: nothing when the arena gives
// the pinned answer, else what went wrong ("the arena ...").
struct PinnedFailure {
    std::size_t line = 0;
    std::size_t col = 0;
    std::string message;
};
// Checks every pinned question of `text` (parsed as `script`) against a run
// of it; malformed ask lines are failures too.
std::vector<PinnedFailure> checkPinned(std::string_view text, const Script& script);
// The generated question a pinned one matches, with the pinned answer as
// the key (for predict mode and quiz export).
std::optional<Question> pinnedQuestionFor(const PinnedQuestion& pinned, const std::vector<ObservedOp>& ops);

} // namespace lab
