// Predict mode: before an operation's result is shown, one question about
// it (lab/predict.hpp: generated from the steps the arena is about to take,
// or the lesson's own `# ask:` line). The cursor waits before the operation
// until the question is answered or skipped; the reveal then plays it and
// shows the right answer beside the student's, with the explanation and the
// formula in the real numbers. A running score; Skip. In presentation mode
// (class mode) the question is large and waits for Enter (the class answers
// aloud or on paper), then the reveal.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>
#include <string>

#include "gui/commands.hpp"
#include "lab/i18n.hpp"
#include "gui/panels.hpp"
#include "gui/renderer.hpp"
#include "gui/widgets.hpp"
#include "lab/predict.hpp"

namespace gui {

using Phase = PredictState::Phase;

namespace {

bool typedKey(char c) { return Commands::pressed(Shortcut{platform::Key::none, {}, c, false, {}, false, false, ""}); }
bool enterPressed()
{
    return Commands::pressed(Shortcut{platform::Key::enter, {}, 0, false, false, false, true, ""});
}

// What predict mode knows of operation `i` before it runs: its command, the
// state before it (the picture at its first step) and the steps it takes.
lab::OpSteps opSteps(const lab::Lab& lab, std::size_t i)
{
    const lab::History& h = lab.history();
    const lab::OpEntry op = h.op(i);
    lab::OpSteps out;
    out.command = op.command;
    out.line = op.line;
    out.thread = lab.threadOfOp(i); // a race's operation: no question
    const lab::Picture before = h.pictureAt(op.steps_begin);
    if (i > 0) {
        const lab::OpState s = h.opState(i - 1);
        out.before.end_index = s.end_index;
        out.before.capacity = s.capacity;
    }
    for (const lab::PictureNode& n : before.nodes)
        if (n.list == 0) out.before.node_lengths.push_back(n.len); // zig-0.16: used_list's
    out.before.header = before.headerBytes();
    for (std::size_t k = op.steps_begin; k < op.steps_end; ++k) out.steps.push_back(h.step(k).step);
    return out;
}

// The question for operation `i`: the lesson's pinned one for its line when
// there is one (at a repeat's last run), else the chooser's pick.
std::optional<lab::Question> questionFor(const lab::Lab& lab, PredictState& p, std::size_t i, bool& pinned)
{
    const lab::History& h = lab.history();
    if (!lab::isOperation(h.op(i).command)) return std::nullopt;
    std::vector<lab::Question> candidates = lab::questionsFor(opSteps(lab, i));
    const std::size_t line = h.opLine(i);
    const bool last_run = i + 1 >= h.opCount() || h.opLine(i + 1) != line;
    for (const lab::PinnedQuestion& q : p.pinned_questions) {
        if (q.statement_line != line || !last_run) continue;
        for (lab::Question& c : candidates)
            if (c.kind == q.kind) {
                pinned = true;
                p.chooser.asked(c.kind);
                return std::move(c);
            }
    }
    pinned = false;
    const std::optional<std::size_t> pick = p.chooser.choose(candidates);
    if (!pick) return std::nullopt;
    p.chooser.asked(candidates[*pick].kind);
    return std::move(candidates[*pick]);
}

// Draws a line of text and remembers it (PredictState::shown).
void line(PredictState& p, const ImVec4* colour, const std::string& text)
{
    p.shown.push_back(text);
    if (colour != nullptr) widgets::textWrapped(*colour, text);
    else widgets::textWrapped(text);
}

void reveal(lab::Lab& lab, PredictState& p, std::optional<std::uint64_t> given)
{
    p.given = given;
    if (given) {
        ++p.answered;
        if (p.question->isRight(*given)) ++p.right;
    }
    p.phase = Phase::revealed;
    lab.seek(lab.history().opStepsEnd(p.op)); // the operation plays: its result is on screen
}

void skip(lab::Lab& lab, PredictState& p)
{
    ++p.skipped;
    p.given.reset();
    p.phase = Phase::revealed;
    lab.seek(lab.history().opStepsEnd(p.op));
}

// The byte of the newest buffer a click at window pixel (x, y) lands on, if
// it lands on that buffer's row in the arena view.
std::optional<std::uint64_t> clickedByte(const ArenaViewMemory& view, float x, float y)
{
    const float vx = x - view.image_x;
    const float vy = y - view.image_y;
    if (vx < 0 || vy < 0 || vx >= view.view_w || vy >= view.view_h) return std::nullopt;
    for (const Instance& in : view.layout.instances) {
        if (in.node != 0 || in.end <= in.begin || in.rect.w <= 0) continue;
        if (vy < in.rect.y || vy >= in.rect.y + in.rect.h || vx < in.rect.x || vx >= in.rect.x + in.rect.w) continue;
        const double bytes = static_cast<double>(in.end - in.begin);
        const double at = static_cast<double>(vx - in.rect.x) / static_cast<double>(in.rect.w) * bytes;
        return in.begin + static_cast<std::uint64_t>(std::min(bytes - 1, std::max(0.0, at)));
    }
    return std::nullopt;
}

void carryOn(ViewState& ui, PredictState& p)
{
    if (p.op < p.done.size()) p.done[p.op] = true;
    p.phase = Phase::idle;
    p.question.reset();
    ui.playing = p.resume_playing;
    p.resume_playing = false;
}

} // namespace

// Puts the question about operation i, the cursor waiting before it.
void ask(lab::Lab& lab, ViewState& ui, PredictState& p, std::size_t i)
{
    const lab::History& h = lab.history();
    bool pinned = false;
    std::optional<lab::Question> q = questionFor(lab, p, i, pinned);
    if (!q) {
        p.done[i] = true;
        return;
    }
    p.op = i;
    p.question = std::move(q);
    p.pinned = pinned;
    p.typed.clear();
    p.given.reset();
    p.phase = Phase::asking;
    ++p.asked;
    p.focus_input = true;
    p.resume_playing = ui.playing;
    ui.playing = false;
    ui.panel_commands.clear();
    lab.seek(h.opStepsBegin(i));
    p.last_cursor = lab.cursor();
}

void PredictPanel::beforePanels(lab::Lab& lab, ViewState& ui)
{
    PredictState& p = state_;
    if (!p.on) {
        p.phase = Phase::idle;
        p.question.reset();
        p.last_cursor = SIZE_MAX;
        return;
    }
    const bool just_on = p.last_cursor == SIZE_MAX;
    const lab::History& h = lab.history();
    if (p.revision != lab.revision()) {
        p.revision = lab.revision();
        p.done.assign(h.opCount(), false);
        p.pinned_questions = lab::pinnedQuestions(lab.text()).questions;
        p.chooser.reset();
        p.phase = Phase::idle;
        p.question.reset();
        p.last_cursor = lab.cursor(); // a new script: ask from the next move on
    }
    const std::size_t last = std::exchange(p.last_cursor, lab.cursor());
    if (p.phase == Phase::asking) {
        // Nothing acts on the arena while a question is up, and the cursor
        // waits before the operation.
        ui.panel_commands.clear();
        if (ui.playing) p.resume_playing = true;
        ui.playing = false;
        if (lab.cursor() != h.opStepsBegin(p.op)) lab.seek(h.opStepsBegin(p.op));
        return;
    }
    if (p.phase == Phase::summary) {
        if (!lab.atEnd()) p.phase = Phase::idle; // stepped back into the script
        return;
    }
    if (p.phase != Phase::idle || h.opCount() == 0) return;
    // The script's end, after questions: how they went.
    if (lab.atEnd() && lab.cursor() > 0 && p.asked > 0 && !p.summary_seen) {
        p.phase = Phase::summary;
        ui.playing = false;
        return;
    }
    // Turned on before an operation (P at step 0): its question at once.
    if (just_on && lab.cursor() < lab.steps()) {
        const std::size_t next = h.opOfStep(lab.cursor());
        if (lab.cursor() == h.opStepsBegin(next) && next < p.done.size() && !p.done[next]) {
            ask(lab, ui, p, next);
            return;
        }
    }
    if (lab.cursor() == 0 || last == SIZE_MAX) return;
    // The cursor has just moved forward into an operation: ask before it plays.
    const std::size_t i = h.opOfStep(lab.cursor() - 1);
    if (lab.cursor() <= last || last > h.opStepsBegin(i) || i >= p.done.size() || p.done[i]) return;
    ask(lab, ui, p, i);
}

float PredictPanel::height() const
{
    const PredictState& p = state_;
    return p.on && p.phase != Phase::idle ? p.box_h : 0.0f;
}

namespace {

// The score so far, as a person reads it. Class mode keeps none (the room
// answers aloud): it counts the questions put.
std::string scoreText(const PredictState& p, bool class_mode)
{
    if (class_mode)
        return p.asked == 1 ? lab::trf("{} question put to the class", p.asked) : lab::trf("{} questions put to the class", p.asked);
    return p.skipped != 0 ? lab::trf("{} of {} right, {} skipped", p.right, p.answered, p.skipped)
                          : lab::trf("{} of {} right", p.right, p.answered);
}

} // namespace

void PredictPanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& arena, const std::optional<PanelRect>& room,
                      const ArenaViewMemory& view)
{
    PredictState& p = state_;
    p.shown.clear();
    if (!p.on || p.phase == Phase::idle || (p.phase != Phase::summary && !p.question)) {
        p.box_h = 0.0f;
        return;
    }
    const bool class_mode = ui.presentation;

    // Under the Step panel, in the room the layout made for the box (its
    // height last frame): the picture and the lesson's introduction and
    // caption stay in view. Its first frame, before there is room: at the
    // bottom of the window.
    const PanelRect r = room ? *room : PanelRect{arena.x, ImGui::GetIO().DisplaySize.y - widgets::em(8), arena.w, widgets::em(8)};
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r.w, 0.0f), ImGuiCond_Always); // the room's width, as tall as its lines
    ImGui::SetNextWindowBgAlpha(1.0f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings;
    if (p.phase == Phase::summary) {
        // The end of the script: how the questions went, then out of the way.
        ImGui::Begin((std::string(lab::tr("Predict: the end")) + "###predict").c_str(), nullptr, flags);
        line(p, &widgets::accent, lab::trf("The end. {}.", scoreText(p, class_mode)));
        if (!class_mode && p.answered > 0)
            line(p, nullptr, p.answered - p.right == 1
                                 ? lab::trf("{} answer to look at again: step back (Left) to see the operation and its explanation.", p.answered - p.right)
                                 : lab::trf("{} answers to look at again: step back (Left) to see the operation and its explanation.", p.answered - p.right));
        line(p, &widgets::muted, lab::tr("Home plays the script again from the start; P turns predict mode off."));
        if (ImGui::Button(lab::tr("Close (Enter)")) || enterPressed()) {
            p.summary_seen = true;
            p.phase = Phase::idle;
        }
        p.box_h = ImGui::GetWindowHeight();
        ImGui::End();
        return;
    }
    const lab::Question& q = *p.question;
    const float width = r.w;
    const std::string title = (class_mode ? lab::trf("Class quiz: {}", scoreText(p, class_mode)) : lab::trf("Predict: {}", scoreText(p, class_mode))) + "###predict";
    ImGui::Begin(title.c_str(), nullptr, flags);
    // The question large, for the back of the room; the reveal at the normal
    // (presentation) size, so the arena's result stays in view above it.
    if (class_mode && p.phase == Phase::asking) ImGui::SetWindowFontScale(1.25f);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - widgets::em(1.5f));
    line(p, &widgets::muted, lab::trf("Line {}: {}", q.line, q.statement) + (p.pinned ? lab::tr("  (the lesson asks)") : ""));
    if (p.phase == Phase::asking || !class_mode) line(p, &widgets::accent, q.prompt);

    if (p.phase == Phase::asking) {
        if (class_mode) {
            for (std::size_t c = 0; c < q.choices.size(); ++c) line(p, nullptr, std::to_string(c + 1) + ") " + q.choices[c]);
            line(p, &widgets::muted, lab::tr("Answer aloud or on paper, then press Enter to reveal."));
            if (enterPressed()) reveal(lab, p, std::nullopt);
        } else if (q.form == lab::AnswerForm::choice) {
            std::optional<std::uint64_t> chosen;
            for (std::size_t c = 0; c < q.choices.size(); ++c) {
                const std::string label = std::to_string(c + 1) + ") " + q.choices[c];
                if (ImGui::Button(label.c_str())) chosen = c;
                if (typedKey(static_cast<char>('1' + c))) chosen = c;
            }
            line(p, &widgets::muted, lab::trf("Press 1 to {}, or S to skip.", q.choices.size()));
            if (ImGui::Button(lab::tr("Skip")) || typedKey('s')) skip(lab, p);
            else if (chosen) reveal(lab, p, chosen);
        } else {
            ImGui::SetNextItemWidth(widgets::em(8));
            if (p.focus_input) {
                ImGui::SetKeyboardFocusHere();
                p.focus_input = false;
            }
            const bool entered = ImGui::InputText(q.form == lab::AnswerForm::place ? "offset##answer" : "##answer",
                                                  &p.typed,
                                                  ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
            ImGui::SameLine();
            const bool check = ImGui::Button(lab::tr("Check"));
            ImGui::SameLine();
            const bool skipped = ImGui::Button(lab::tr("Skip"));
            const bool digits = !p.typed.empty() && p.typed.size() <= 15 &&
                                p.typed.find_first_not_of("0123456789") == std::string::npos;
            // A place question: a click on the newest buffer in the arena
            // view answers too; within 6 pixels of the right byte counts as it.
            std::optional<std::uint64_t> clicked;
            if (q.form == lab::AnswerForm::place) {
                line(p, &widgets::muted, lab::tr("Type the offset, or click where it starts in the arena view."));
                const ImVec2 mouse = ImGui::GetIO().MousePos;
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = clickedByte(view, mouse.x, mouse.y);
                if (clicked && view.layout.px_per_byte > 0) {
                    const double off = std::abs(static_cast<double>(*clicked) - static_cast<double>(q.answer));
                    if (off * view.layout.px_per_byte <= 6.0) clicked = q.answer;
                }
            }
            if (skipped) skip(lab, p);
            else if (clicked) reveal(lab, p, clicked);
            else if ((entered || check) && digits) reveal(lab, p, std::stoull(p.typed));
            else if (entered || check) p.focus_input = true;
        }
    } else {
        // The reveal: the right answer, what the student said, why.
        if (p.given) {
            const bool right = q.isRight(*p.given);
            line(p, right ? &widgets::good : &widgets::error, right ? lab::tr("Right!") : lab::tr("Not quite."));
            line(p, nullptr, lab::trf("You said: {}", q.answerText(*p.given)));
        } else if (!class_mode) {
            line(p, &widgets::muted, lab::tr("Skipped."));
        }
        line(p, nullptr, lab::trf("Answer: {}", q.answer_text));
        line(p, nullptr, q.explanation);
        line(p, &widgets::info, q.formula);
        if (ImGui::Button(lab::tr("Continue (Enter)")) || enterPressed()) carryOn(ui, p);
    }
    ImGui::PopTextWrapPos();
    p.box_h = ImGui::GetWindowHeight();
    ImGui::End();
}

} // namespace gui
