#include "lab/lab.hpp"

#include <algorithm>

#include "lab/explain.hpp"
#include "lab/i18n.hpp"
#include "lab/numbers.hpp"

namespace lab {

namespace {

// The byte offset just past line `line` (1-based) of `text`, its line
// ending included; the whole text when it has fewer lines.
std::size_t endOfLine(const std::string& text, std::size_t line)
{
    std::size_t pos = 0;
    for (std::size_t l = 0; l < line; ++l) {
        const std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) return text.size();
        pos = nl + 1;
    }
    return pos;
}

} // namespace

Lab::Lab(std::size_t max_steps, std::size_t max_bytes) : max_steps_(max_steps), max_bytes_(max_bytes) { rebuild(); }

// The session's deinit reports steps: nobody may be listening by then.
Lab::~Lab()
{
    if (session_) session_->setStepSink(nullptr);
}

bool Lab::load(std::string text, std::string file_name)
{
    text_ = std::move(text);
    file_name_ = std::move(file_name);
    rebuild();
    return !stopped_;
}

void Lab::rebuild()
{
    ++revision_;
    history_.clear();
    messages_.clear();
    captions_ = captions(text_);
    expectations_met_ = 0;
    stopped_ = false;
    full_line_ = 0;
    race_not_run_line_ = 0;
    error_line_ = 0;
    next_bytes_check_ = 0;
    // The history starts over: so does the picture (the one at position 0).
    cursor_ = 0;
    picture_ = Picture{};
    if (session_) session_->setStepSink(nullptr);
    ParseResult parsed = parseScript(text_, model_option_);
    race_steps_.clear();
    race_start_.clear();
    race_begin_ = 0;
    line_threads_.assign(parsed.script.line_count + 2, 0);
    schedule_line_ = parsed.script.schedule.line;
    race_first_line_ = 0;
    for (const Statement& st : parsed.script.statements) {
        if (st.line < line_threads_.size()) line_threads_[st.line] = st.thread;
        if (st.thread != 0 && race_first_line_ == 0) race_first_line_ = st.line;
    }
    session_ = std::make_unique<Session>(nullptr, parsed.script.model); // the script's `model` line, if any
    history_.setModel(parsed.script.model);
    picture_ = history_.pictureAt(0);
    recorder_ = std::make_unique<HistoryRecorder>(history_, session_->child());
    session_->setStepSink(recorder_.get());

    if (!parsed.ok()) {
        // The statements before the first error still run, so a typo on
        // line 55 leaves lines 1 to 54 on screen; the errors are listed.
        std::size_t first_error = parsed.errors.front().line;
        for (const Diagnostic& d : parsed.errors) {
            messages_.push_back({d.line, d.col, d.message, true});
            first_error = std::min(first_error, d.line);
        }
        std::erase_if(parsed.script.statements, [&](const Statement& st) { return st.line >= first_error; });
        error_line_ = first_error;
        runStatements(parsed.script);
        stopped_ = true;
    } else {
        stopped_ = !runStatements(parsed.script);
    }
    history_.shrinkToFit();
    seek(history_.stepCount());
}

// What the script loop tells the history: every operation's steps are
// recorded between these two.
LoopHooks Lab::recordingHooks()
{
    LoopHooks hooks;
    hooks.operation_begins = [this](std::size_t line, const Command& command) {
        recorder_->opStarted();
        history_.beginOp(command, line, line < line_threads_.size() ? line_threads_[line] : 0);
    };
    hooks.operation_ended = [this](std::size_t, const Command&) {
        history_.endOp(session_->lastOk(), session_->state());
    };
    return hooks;
}

bool Lab::runStatements(const Script& script)
{
    LoopHooks hooks = recordingHooks();
    hooks.expectation_met = [&] { ++expectations_met_; };
    // A race: each thread's steps belong to its own operation (a new part
    // of it after another thread's step), and every step is noted.
    hooks.operation_resumed = [this](std::size_t t, std::size_t line, const Command& command) {
        history_.endOp(true, session_->state());
        recorder_->opStarted();
        history_.beginPart(command, line, static_cast<std::uint8_t>(t + 1));
    };
    hooks.race_step_begins = [this](std::size_t t) { recorder_->threadResumes(t); };
    hooks.race_step_ends = [this](std::size_t t) { recorder_->threadYields(t); };
    hooks.race_stepped = [this](const Race& race) {
        std::vector<Race::View> views;
        for (std::size_t t = 0; t < race.threads(); ++t) views.push_back(race.view(t));
        if (race.taken().empty()) {
            race_start_ = std::move(views);
            race_begin_ = history_.stepCount();
            return;
        }
        const std::size_t begin = race_steps_.empty() ? race_begin_ : race_steps_.back().end;
        race_steps_.push_back({begin, history_.stepCount(), race.taken().back(), std::move(views)});
    };
    hooks.before_operation = [&](std::size_t) -> std::optional<std::string> {
        const bool check_bytes = history_.stepCount() >= next_bytes_check_;
        if (check_bytes) next_bytes_check_ = history_.stepCount() + 65536;
        if (historyAtLimit(check_bytes)) return fullMessage();
        return std::nullopt;
    };
    const Stop stop = lab::runStatements(script, *session_, hooks);
    if (!stop) return true;
    // The history is full, or this build cannot run races: not the script's fault.
    const bool note = stop.why == Stop::Why::refused || stop.why == Stop::Why::no_races;
    if (stop.why == Stop::Why::refused) full_line_ = stop.line;
    if (stop.why == Stop::Why::no_races) race_not_run_line_ = stop.line;
    messages_.push_back({stop.line, stop.col, stop.message, !note});
    return false;
}

bool Lab::historyAtLimit(bool check_bytes) const
{
    return history_.stepCount() >= max_steps_ || (check_bytes && history_.memoryBytes() >= max_bytes_);
}

std::string Lab::fullMessage() const
{
    return trf("the history is full at {0} steps (it keeps at most {1} steps or {2} MiB): the rest of the script is not "
               "shown; `arenalab trace` runs scripts of any length",
               grouped(history_.stepCount()), grouped(max_steps_), grouped(max_bytes_ >> 20));
}

bool Lab::branches() const { return !atEnd() || stopped_; }

std::size_t Lab::keptLines() const
{
    if (history_.stepCount() == 0) return lineCount();
    if (cursor_ == 0) return history_.opLine(0) - 1;
    return history_.opLine(history_.opOfStep(cursor_ - 1));
}

std::size_t Lab::linesAnActionReplaces() const
{
    if (!branches()) return 0;
    const std::size_t total = lineCount();
    const std::size_t kept = keptLines();
    return total > kept ? total - kept : 0;
}

std::size_t Lab::lineCount() const { return countLines(text_); }

std::size_t countLines(std::string_view text)
{
    if (text.empty()) return 0;
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + (text.back() == '\n' ? 0 : 1);
}

void Lab::appendLine(const std::string& line)
{
    if (!text_.empty() && text_.back() != '\n') text_ += '\n';
    text_ += line;
    text_ += '\n';
}

std::optional<std::string> Lab::perform(const Command& command)
{
    // Where the new line goes: after the line of the operation at the
    // cursor (everything after it is the future being replaced), or at
    // the end when the cursor is there.
    // Acting would replace the lines after the cursor, the wrong one among them.
    if (error_line_ != 0)
        return trf("the script has an error at line {}: fix it in the Script panel first", error_line_);
    std::string base = text_;
    const bool branch = branches();
    if (branch) {
        const std::size_t keep_lines = keptLines();
        // Keeping the line where the history got full would fill it again.
        if (full_line_ != 0 && keep_lines >= full_line_) return fullMessage();
        base = text_.substr(0, endOfLine(text_, keep_lines));
    } else if (isOperation(command) && historyAtLimit(true)) {
        return fullMessage();
    }
    // The script checker decides what is valid, exactly as for a file.
    const std::string line = toScript(command);
    std::string candidate = base;
    if (!candidate.empty() && candidate.back() != '\n') candidate += '\n';
    const std::size_t new_line = static_cast<std::size_t>(std::count(candidate.begin(), candidate.end(), '\n')) + 1;
    candidate += line;
    candidate += '\n';
    const ParseResult parsed = parseScript(candidate);
    for (const Diagnostic& d : parsed.errors)
        if (d.line == new_line) return d.message;
    if (!parsed.ok())
        return trf("the script has an error at line {}: fix it in the Script panel first", parsed.errors.front().line);

    if (branch) {
        load(std::move(candidate), file_name_);
        return std::nullopt;
    }
    // A live name whose alloc was refused would stop the run: refuse it here.
    if (auto why = session_->whyNotApplicable(command)) return why;
    appendLine(line);
    ++revision_;
    // A person's action goes through the script loop's own step.
    if (const Stop stop = applyCommand(*session_, command, new_line, 0, recordingHooks())) {
        messages_.push_back({new_line, stop.col, stop.message, true});
        stopped_ = true;
    }
    seek(history_.stepCount());
    return std::nullopt;
}

std::string Lab::freshName() const
{
    for (std::size_t k = 1;; ++k) {
        std::string candidate = "a" + std::to_string(k);
        if (!history_.knowsName(candidate) && session_->handle(candidate) == nullptr) return candidate;
    }
}

const std::string* Lab::captionFor(std::size_t line) const
{
    auto it = std::lower_bound(captions_.begin(), captions_.end(), line,
                               [](const Caption& c, std::size_t l) { return c.line < l; });
    return it != captions_.end() && it->line == line ? &it->in(language()) : nullptr;
}

// A step forward (playing, stepping) goes on from the picture shown when
// that is shorter than going on from the checkpoint before the target.
void Lab::seek(std::size_t position)
{
    position = std::min(position, history_.stepCount());
    if (position >= cursor_ && position - cursor_ <= position - history_.checkpointBefore(position) &&
        position < history_.stepCount())
        history_.advance(picture_, cursor_, position);
    else
        picture_ = history_.pictureAt(position);
    cursor_ = position;
    current_step_.reset();
    current_op_.reset();
    if (cursor_ > 0) {
        current_step_ = history_.step(cursor_ - 1);
        current_op_ = history_.op(current_step_->op);
    }
}

// The op holding step k is the first to end after k (History::opOfStep).
void Lab::nextOp()
{
    const std::size_t next = history_.opOfStep(cursor_); // the first op ending after the cursor
    if (next < history_.opCount()) seek(history_.opStepsEnd(next));
}

void Lab::prevOp()
{
    if (cursor_ == 0) {
        seek(0);
        return;
    }
    const std::size_t current = history_.opOfStep(cursor_ - 1); // the first op ending at or after the cursor
    seek(current == 0 ? 0 : history_.opStepsEnd(current - 1));
}

const StepEntry* Lab::currentStep() const { return current_step_ ? &*current_step_ : nullptr; }

std::optional<std::size_t> Lab::currentOpIndex() const
{
    if (!current_step_) return std::nullopt;
    return current_step_->op;
}

const OpEntry* Lab::currentOp() const { return current_op_ ? &*current_op_ : nullptr; }

std::vector<std::string> Lab::liveHandles() const
{
    std::vector<std::string> live;
    for (const std::string& name : session_->handleNames())
        if (const Handle* h = session_->handle(name); h != nullptr && h->ptr != nullptr) live.push_back(name);
    return live;
}

// ---- a race -------------------------------------------------------------

std::size_t Lab::raceStepsKept(std::size_t position) const
{
    std::size_t kept = 0;
    while (kept < race_steps_.size() && race_steps_[kept].begin < position) ++kept;
    return kept;
}

std::vector<Race::View> Lab::threadsAt(std::size_t position) const
{
    // The race steps finished by `position`; inside one, its thread is still
    // where that step leaves it only at the step's end.
    std::size_t done = 0;
    while (done < race_steps_.size() && race_steps_[done].end <= position) ++done;
    return done == 0 ? race_start_ : race_steps_[done - 1].after;
}

std::uint8_t Lab::threadOfOp(std::size_t op) const { return op < history_.opCount() ? history_.opThread(op) : 0; }

std::optional<std::string> Lab::whyNotStepThread(std::size_t t) const
{
    if (race_start_.empty()) return tr("this script races no threads: give statements to threads (T1: ..., T2: ...)");
    if (!racesSupported()) return tr("threads do not run in the browser (it has no coroutines): run the script with arenalab");
    if (error_line_ != 0)
        return trf("the script has an error at line {}: fix it in the Script panel first", error_line_);
    if (t >= race_start_.size()) return trf("this race has no thread T{}", t + 1);
    const std::vector<Race::View> views = threadsAt(cursor_);
    bool any = false;
    for (const Race::View& v : views) any = any || !v.done;
    if (!any) return tr("the race is over here: every thread has finished (step back into the race to choose)");
    if (views[t].done) return trf("T{} has finished its statements", t + 1);
    return std::nullopt;
}

std::optional<std::string> Lab::stepThread(std::size_t t)
{
    if (auto why = whyNotStepThread(t)) return why;
    const std::size_t kept = raceStepsKept(cursor_);
    std::vector<std::uint8_t> schedule;
    for (std::size_t k = 0; k < kept; ++k) schedule.push_back(race_steps_[k].thread);
    schedule.push_back(static_cast<std::uint8_t>(t));
    // The script with `schedule` saying `steps`: its own line replaced, or
    // a new line just before the race.
    const auto withSchedule = [this](const std::vector<std::uint8_t>& steps) {
        const std::string line = scheduleLine(steps);
        if (schedule_line_ != 0) {
            const std::size_t from = endOfLine(text_, schedule_line_ - 1);
            std::size_t to = endOfLine(text_, schedule_line_);
            if (to > from && text_[to - 1] == '\n') --to;
            return text_.substr(0, from) + line + text_.substr(to);
        }
        const std::size_t at = endOfLine(text_, race_first_line_ - 1);
        return text_.substr(0, at) + line + "\n" + text_.substr(at);
    };
    load(withSchedule(schedule), file_name_);
    // What the schedule left to the default policy is written out too, so
    // the file replays this run whatever the policy.
    std::vector<std::uint8_t> taken;
    for (const RaceStep& s : race_steps_) taken.push_back(s.thread);
    if (taken.size() > schedule.size()) load(withSchedule(taken), file_name_);
    seek(kept < race_steps_.size() ? race_steps_[kept].end : history_.stepCount());
    return std::nullopt;
}

} // namespace lab
