// The Lab: all the state the GUI shows, and nothing about drawing. It owns
// the script text, a real arena session, the history of every internal
// step, and a cursor into that history. The GUI reads it and sends it
// Commands; any other front end (a test, the `shot` renderer, a browser
// build) can do the same.
//
// The script is the source of truth: a button appends the equivalent line,
// and acting while the cursor is in the past replays the script up to the
// cursor's line into a fresh arena (runs are deterministic), drops the
// rest, and appends the new line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/history.hpp"
#include "lab/lessons.hpp"
#include "lab/race.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

// A message tied to a script line, for the script panel.
struct LineMessage {
    std::size_t line = 0;
    std::size_t col = 0; // 0 when the whole line is meant
    std::string text;
    bool is_error = true; // false for a note
};

class Lab {
public:
    // How big a history may get: past either limit a run stops (with a
    // note on the line where it did) and perform() refuses. A step costs
    // 20 to 50 bytes of history on ordinary scripts and about 0.25 us to
    // record, so 20,000,000 steps are ~0.5 GB and ~5 s of loading; scripts
    // that keep millions of allocations live cost more per step (their
    // pictures are large), which the byte limit catches (checked every
    // 65,536 steps). `arenalab trace` runs scripts of any length.
    static constexpr std::size_t default_max_steps = 20'000'000;
    static constexpr std::size_t default_max_bytes = std::size_t{768} << 20;

    explicit Lab(std::size_t max_steps = default_max_steps, std::size_t max_bytes = default_max_bytes);
    ~Lab();
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    // ---- the script -------------------------------------------------
    // Replaces the script and runs it from the start, recording every
    // step; the cursor goes to the end. A script with static errors is
    // kept (so it can be fixed), its statements before the first error
    // run, and `messages()` lists the errors. Returns whether it ran to
    // the end.
    bool load(std::string text, std::string file_name = "untitled.arena");
    const std::string& text() const { return text_; }
    const std::string& fileName() const { return file_name_; }
    // Whether the last run stopped because the history was full.
    bool historyFull() const { return full_line_ != 0; }
    // The line of the script's race when this build cannot run races (the
    // browser's: no coroutines), and the run stopped there; 0 otherwise.
    std::size_t raceNotRunLine() const { return race_not_run_line_; }
    std::size_t maxSteps() const { return max_steps_; }
    std::size_t maxBytes() const { return max_bytes_; }
    // These apply from the next run.
    // The model of a script without a `model` line (the command line's --model).
    void setModelOption(Model model) { model_option_ = model; }
    void setMaxSteps(std::size_t max_steps) { max_steps_ = max_steps; }
    void setMaxBytes(std::size_t max_bytes) { max_bytes_ = max_bytes; }
    // Static errors, or the run-time stop (failed expect, handle with no memory).
    const std::vector<LineMessage>& messages() const { return messages_; }
    std::size_t expectationsMet() const { return expectations_met_; }
    // The caption a lesson gives the statement on `line` (lessons.hpp), if any.
    const std::string* captionFor(std::size_t line) const;

    // ---- acting -----------------------------------------------------
    // Applies a command as a person's action: appends its script line and
    // records its steps. In the past, branches first (see above). Returns
    // an error message for a command that cannot run (an unknown or dead
    // handle, an invalid value), changing nothing.
    std::optional<std::string> perform(const Command& command);
    // How many script lines after the cursor's operation an action done
    // now would drop (0 at the end: it appends).
    std::size_t linesAnActionReplaces() const;
    // A fresh name for an allocation made by hand: a1, a2, ...
    std::string freshName() const;
    // What perform() says when the history is full.
    std::string fullMessage() const;

    // ---- the cursor ---------------------------------------------------
    // Position p shows the arena after the first p steps (0 .. steps()).
    std::size_t steps() const { return history_.stepCount(); }
    std::size_t cursor() const { return cursor_; }
    void seek(std::size_t position);
    bool atEnd() const { return cursor_ == history_.stepCount(); }
    // Jumps to the first step of the operation after / before the cursor's.
    void nextOp();
    void prevOp();

    const History& history() const { return history_; }
    // The one change signal: it grows whenever the script, the history or
    // the messages change (load, perform), and only then. Anything derived
    // from them keys its cache on it; seek() leaves it alone, so what
    // follows the cursor keys on (revision(), cursor()).
    std::uint64_t revision() const { return revision_; }
    // The step just taken (the one at position cursor - 1), if any; valid
    // until the next seek.
    const StepEntry* currentStep() const;
    // The operation the cursor is in, if any; valid until the next seek.
    const OpEntry* currentOp() const;
    std::optional<std::size_t> currentOpIndex() const;
    // The picture at the cursor (cached between seeks).
    const Picture& picture() const { return picture_; }

    // ---- a race (docs/script.md "Threads") ---------------------------
    // The race's steps as the history recorded them: each one's history
    // steps [begin, end), its thread (0-based) and every thread after it.
    struct RaceStep {
        std::size_t begin = 0, end = 0;
        std::uint8_t thread = 0;
        std::vector<Race::View> after;
    };
    // The threads the script races (0: none).
    std::size_t raceThreads() const { return race_start_.size(); }
    const std::vector<RaceStep>& raceSteps() const { return race_steps_; }
    // The race steps a choice at `position` keeps: those begun before it.
    std::size_t raceStepsKept(std::size_t position) const;
    // Every thread at `position`: after the last race step that ended by
    // then (before the race: none started; inside a step, as before it).
    // Empty when the script races no threads.
    std::vector<Race::View> threadsAt(std::size_t position) const;
    // The thread (1-based) that runs operation `op` of the history; 0: none.
    std::uint8_t threadOfOp(std::size_t op) const;
    // Why thread `t` (0-based) cannot take the next step at the cursor;
    // nothing when it can.
    std::optional<std::string> whyNotStepThread(std::size_t t) const;
    // Thread `t` takes the next step: the race steps before the cursor are
    // kept, the later ones replaced by that step and what the schedule
    // gives after it, and the script's `schedule` line says the whole
    // schedule taken (added before the race when there was none). The
    // cursor goes to the end of that step. An error message when it cannot.
    std::optional<std::string> stepThread(std::size_t t);

    // Live handles at the end of the history (what the controls can act on).
    std::vector<std::string> liveHandles() const;
    const Session& session() const { return *session_; }

private:
    void rebuild(); // runs text_ from scratch into session_ and history_
    bool runStatements(const Script& script);
    LoopHooks recordingHooks();
    void appendLine(const std::string& line);
    std::size_t lineCount() const;
    bool branches() const;         // an action now branches from the past
    std::size_t keptLines() const; // the lines a branch keeps

    std::string text_;
    Model model_option_ = default_model;
    std::string file_name_;
    std::vector<LineMessage> messages_;
    std::vector<Caption> captions_; // of text_, by line
    std::size_t expectations_met_ = 0;
    std::unique_ptr<Session> session_;
    History history_;
    std::unique_ptr<HistoryRecorder> recorder_;
    std::size_t cursor_ = 0;
    std::uint64_t revision_ = 0;
    Picture picture_;
    // Decoded at each seek (the history hands out copies).
    std::optional<StepEntry> current_step_;
    std::optional<OpEntry> current_op_;
    bool historyAtLimit(bool check_bytes) const;
    std::size_t max_steps_;
    std::size_t max_bytes_;
    std::size_t next_bytes_check_ = 0; // the step count at which a run next checks the history's bytes
    std::size_t full_line_ = 0; // the line where the history got full, if it did
    std::size_t race_not_run_line_ = 0; // the race this build cannot run, if the script has one
    std::size_t error_line_ = 0; // the first line with a static error, if any
    bool stopped_ = false; // the script's run stopped early
    // The race, as last run: its steps, every thread before its first step,
    // each line's thread (1-based, 0: none), the `schedule` line (0: none)
    // and the race's first line.
    std::vector<RaceStep> race_steps_;
    std::vector<Race::View> race_start_;
    std::vector<std::uint8_t> line_threads_;
    std::size_t schedule_line_ = 0;
    std::size_t race_first_line_ = 0;
    std::size_t race_begin_ = 0; // the history's steps before the race's first
};

// The lines of a script as a person counts them (and `wc -l`, and the
// line numbers of its last line): a final line ending ends the last line,
// it does not start another. The one count the Script panel, the recovery
// prompt and "An action here replaces N later lines" all say.
std::size_t countLines(std::string_view text);

} // namespace lab
