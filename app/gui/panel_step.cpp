// "Step": what the arena just did and why, in plain words with the numbers
// (lab::explainStep), which operation it belongs to, and the transport to
// move through the history: buttons, playback speed and a scrubber.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <cfloat>
#include <cstdio>

#include <imgui.h>

#include "gui/commands.hpp"
#include "lab/i18n.hpp"
#include "gui/panels.hpp"
#include "gui/platform/keys.hpp"
#include "gui/thread_colours.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/explain.hpp"
#include "lab/lessons.hpp"
#include "lab/race_view.hpp"

namespace gui {

namespace {

// Text larger than the rest, for the explanation (the one thing a room
// reads from afar).
constexpr float explanation_scale = 1.15f;

void togglePlay(lab::Lab& lab, ViewState& ui)
{
    if (ui.playing) {
        ui.playing = false;
        return;
    }
    if (lab.steps() == 0) return;
    if (lab.atEnd()) lab.seek(0); // play again from the start
    ui.play_accumulator = 0.0;
    ui.playing = true;
}

void stepBy(lab::Lab& lab, ViewState& ui, long delta)
{
    ui.playing = false;
    const std::size_t c = lab.cursor();
    if (delta < 0) lab.seek(c >= static_cast<std::size_t>(-delta) ? c - static_cast<std::size_t>(-delta) : 0);
    else lab.seek(std::min(lab.steps(), c + static_cast<std::size_t>(delta)));
}

// A transport button: enabled or not, with its tooltip; true when pressed.
bool transportButton(const char* label, bool enabled, const char* help, float width)
{
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button(lab::tr(label), ImVec2(width, 0.0f));
    ImGui::EndDisabled();
    widgets::tooltip(lab::tr(help));
    return pressed && enabled;
}

// Where ImGui's horizontal slider puts value v of [0, max] (see SliderBehaviorT
// for integer types), so marks drawn under it line up with its grab.
float sliderX(const ImVec2& min, const ImVec2& max, std::uint64_t v, std::uint64_t v_max)
{
    const float grab_padding = 2.0f;
    const float slider_sz = (max.x - min.x) - grab_padding * 2.0f;
    float grab_sz = std::max(slider_sz / static_cast<float>(static_cast<double>(v_max) + 1.0),
                             ImGui::GetStyle().GrabMinSize);
    grab_sz = std::min(grab_sz, slider_sz);
    const float usable = slider_sz - grab_sz;
    const float t = v_max == 0 ? 0.0f : static_cast<float>(static_cast<double>(v) / static_cast<double>(v_max));
    return min.x + grab_padding + grab_sz * 0.5f + usable * t;
}

// A slider's value, drawn over it on a backdrop so its grab never hides
// it, and moved aside so it never hides the grab (at x = `grab_x`).
void sliderText(const ImVec2& min, const ImVec2& max, const std::string& text, float grab_x)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float margin = ImGui::GetFontSize() * 1.2f;
    float x = std::max(min.x + style.FramePadding.x, (min.x + max.x - size.x) * 0.5f);
    if (grab_x + margin > x && grab_x - margin < x + size.x) {
        // Beside the grab, on the side with more room.
        x = grab_x > (min.x + max.x) * 0.5f ? std::max(min.x + style.FramePadding.x, grab_x - margin - size.x)
                                            : std::min(max.x - style.FramePadding.x - size.x, grab_x + margin);
    }
    const ImVec2 at(x, min.y + style.FramePadding.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = style.FramePadding.x * 0.5f;
    dl->AddRectFilled(ImVec2(at.x - pad, min.y + 2.0f), ImVec2(at.x + size.x + pad, max.y - 2.0f),
                      ImGui::GetColorU32(ImGuiCol_FrameBg, 1.0f), style.FrameRounding);
    dl->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), text.c_str());
}

// One paragraph of the panel's text, wrapped at the panel's width.
struct TextBlock {
    const char* what; // for the layout record: "title", "intro", "explanation", "caption", ...
    std::string text;
    ImVec4 colour;
    bool scaled = false; // drawn at the panel's text scale (the explanation and the caption)
};

// The lesson's number in the Lessons menu, or 0 for a script that is not one
// (by its text: the file may have been opened from anywhere).
std::size_t lessonNumber(const lab::Lab& lab) { return lab::lessonNumber(lab.text()); }

// What the panel says, top to bottom: the lesson's title, then at step 0
// its introduction, else which operation and step this is, what the arena
// did (lab::explainStep) and the lesson's caption for that operation.
// At the cursor, or (for the panel's height) at any position.
std::vector<TextBlock> stepText(const lab::Lab& lab, std::size_t position, bool projector);
std::vector<TextBlock> stepText(const lab::Lab& lab, bool projector)
{
    return stepText(lab, lab.cursor(), projector);
}

// A race's part of the panel, after the rest: the browser's refusal, or a
// failed compare-and-swap's why, the step-T1/T2 buttons' row and each
// thread's line (in its colour, with its name).
// Only from the race's first step to its end: before and after it the threads
// have nothing to show, and the rows would take the picture's room for the
// whole lesson (the panel is as tall as its tallest step). On a projector
// each thread gets one short line and no buttons (T and Y still step them).
void appendRace(const lab::Lab& lab, std::size_t position, bool projector, std::vector<TextBlock>& out)
{
    if (lab.raceThreads() == 0) return;
    if (!lab::racesSupported()) {
        out.push_back({"race refused",
                       lab::tr("This script races threads, and the browser cannot run them (it has no coroutines): run it "
                               "with arenalab on a desktop to step T1 and T2."),
                       widgets::error});
        return;
    }
    const auto& race = lab.raceSteps();
    // Step 0 is the lesson's introduction (T and Y still start the race there).
    if (race.empty() || position == 0 || position < race.front().begin || position > race.back().end) return;
    if (auto why = lab::failedSwapWhy(lab, position)) out.push_back({"swap failed", *why, widgets::error});
    if (!projector) out.push_back({"thread buttons", "", widgets::muted});
    for (const lab::ThreadNote& n : lab::threadNotes(lab, position))
        out.push_back({"thread", projector ? lab::describeThreadBriefly(n) : lab::describeThread(n), threadColour(n.thread)});
}

std::vector<TextBlock> stepTextBody(const lab::Lab& lab, std::size_t position);
std::vector<TextBlock> stepText(const lab::Lab& lab, std::size_t position, bool projector)
{
    std::vector<TextBlock> out = stepTextBody(lab, position);
    appendRace(lab, position, projector, out);
    return out;
}

std::vector<TextBlock> stepTextBody(const lab::Lab& lab, std::size_t position)
{
    std::vector<TextBlock> out;
    const std::string title = lab::lessonTitleIn(lab.text());
    if (!title.empty()) {
        const std::size_t number = lessonNumber(lab);
        out.push_back({"title", number > 0 ? lab::trf("Lesson {}: {}", number, title) : title, widgets::info, true});
    }
    if (const std::size_t race = lab.raceNotRunLine(); race != 0) {
        // The browser: no coroutines, so the race is not played; say so first.
        out.push_back({"notice",
                       lab::trf("Threads race from line {}, and this build cannot run them (the browser has no coroutines): "
                                "it shows the steps before the race only. The desktop app, arenalab, plays the race "
                                "step by step.",
                                race),
                       widgets::accent, true});
        if (lab.steps() == 0) {
            const std::string intro = lab::lessonIntro(lab.text());
            if (!intro.empty()) out.push_back({"intro", intro, ImGui::GetStyleColorVec4(ImGuiCol_Text), true});
            return out;
        }
    }
    if (lab.steps() == 0) {
        out.push_back({"explanation", lab::tr("Run a script or press Alloc."), widgets::accent, true});
        out.push_back({"hint", lab::tr("The history is empty. Press Run in the Script panel, or Alloc (A) in the Controls, and "
                                       "every internal step of the arena appears here, one at a time."),
                       widgets::muted});
        return out;
    }
    // At the cursor, the lab's decoded step and operation; elsewhere, the history's.
    std::optional<lab::StepEntry> step_there;
    std::optional<lab::OpEntry> op_there;
    const lab::StepEntry* step = lab.currentStep();
    const lab::OpEntry* op = lab.currentOp();
    std::optional<std::size_t> op_index = lab.currentOpIndex();
    if (position != lab.cursor()) {
        step = nullptr;
        op = nullptr;
        op_index.reset();
        if (position > 0 && position <= lab.steps()) {
            step_there = lab.history().step(position - 1);
            op_there = lab.history().op(step_there->op);
            step = &*step_there;
            op = &*op_there;
            op_index = step_there->op;
        }
    }
    if (step == nullptr || op == nullptr || !op_index) {
        const std::string intro = lab::lessonIntro(lab.text());
        if (!intro.empty()) out.push_back({"intro", intro, ImGui::GetStyleColorVec4(ImGuiCol_Text), true});
        out.push_back({"hint",
                       lab::trf("Before the first step: the arena is empty. Press step \u25B6 (Right) or Play (Space) to watch "
                                "the script run, {} steps.", widgets::grouped(lab.steps())),
                       widgets::muted});
        return out;
    }
    std::string where = lab::operationHeading(lab.history(), *op_index, op->line, lab::toScript(op->command));
    // A race's operation is done when its thread left it (a part of it ends
    // where another thread steps).
    const std::uint8_t thread = lab.threadOfOp(*op_index);
    const std::vector<lab::Race::View> threads = thread != 0 ? lab.threadsAt(position) : std::vector<lab::Race::View>{};
    const bool under_way = thread != 0 && thread <= threads.size() && threads[thread - 1].pending.has_value() &&
                           threads[thread - 1].line == op->line;
    if (thread != 0) where = lab::trf("T{0}: {1}", thread, where);
    if (under_way) where += lab::tr("   (under way)");
    else if (position >= op->steps_end) where += op->ok ? lab::tr("   ok") : lab::tr("   failed");
    out.push_back({"operation", std::move(where), widgets::muted});
    const std::size_t in_op = position - op->steps_begin;
    const std::size_t op_steps = op->steps_end - op->steps_begin;
    out.push_back({"step", lab::trf("Step {} of {} in this operation ({} of {} overall): {}", widgets::grouped(in_op),
                                    widgets::grouped(op_steps), widgets::grouped(position), widgets::grouped(lab.steps()),
                                    arena::stepName(step->step.kind)),
                   widgets::muted});
    out.push_back({"explanation", lab::explainStep(step->step), ImGui::GetStyleColorVec4(ImGuiCol_Text), true});
    if (const std::string* caption = lab.captionFor(op->line)) out.push_back({"caption", *caption, widgets::accent, true});
    return out;
}

float textSize(const TextBlock& b, float scale) { return ImGui::GetFontSize() * (b.scaled ? scale : 1.0f); }

float blockHeight(const TextBlock& b, float wrap, float scale)
{
    if (b.what == std::string_view("thread buttons")) return ImGui::GetFrameHeight();
    return widgets::wrappedHeight(b.text, wrap, ImGui::GetFont(), textSize(b, scale));
}

// The height of the panel's bottom: the separator and two rows of transport.
float controlsHeight()
{
    const ImGuiStyle& style = ImGui::GetStyle();
    return style.ItemSpacing.y * 2.0f + 1.0f +                             // the separator
           ImGui::GetFrameHeightWithSpacing() * 2.0f + style.ItemSpacing.y; // transport, scrubber
}

// Whether block k goes on the line of the block before it: the step's
// line beside the operation's, where both fit on one line (a projector's
// wide panel), so the lesson's text takes a line less.
float besideGap() { return widgets::em(2.0f); }
bool besidePrevious(const std::vector<TextBlock>& blocks, std::size_t k, float wrap, float scale)
{
    if (k == 0 || blocks[k].what != std::string_view("step") || blocks[k - 1].what != std::string_view("operation"))
        return false;
    const auto width = [&](const TextBlock& b) {
        return ImGui::GetFont()->CalcTextSizeA(textSize(b, scale), FLT_MAX, 0.0f, b.text.data(), b.text.data() + b.text.size()).x;
    };
    return width(blocks[k - 1]) + besideGap() + width(blocks[k]) <= wrap;
}

float textHeight(const std::vector<TextBlock>& blocks, float wrap, float scale)
{
    float h = 0.0f;
    for (std::size_t k = 0; k < blocks.size(); ++k)
        if (!besidePrevious(blocks, k, wrap, scale)) h += blockHeight(blocks[k], wrap, scale) + ImGui::GetStyle().ItemSpacing.y;
    return h;
}

// The height of the text and of everything else the panel holds (its title
// bar unless presentation mode folds it away, separators, two rows of
// transport) at `width`.
float panelHeight(const std::vector<TextBlock>& blocks, float width, float scale, bool title_bar)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrap = width - style.WindowPadding.x * 2.0f - style.ScrollbarSize;
    const float h = (title_bar ? ImGui::GetFrameHeight() : 0.0f) + style.WindowPadding.y * 2.0f; // title bar, padding
    return h + textHeight(blocks, wrap, scale) + controlsHeight();
}

// Draws one block wrapped at `wrap`; `shown_w` (> 0) is how wide it says it
// is, for a block beside it.
void drawBlock(const TextBlock& b, float wrap, float scale, ViewState& ui, float shown_w = 0.0f)
{
    const float size = textSize(b, scale);
    ImFont* f = ImGui::GetFont();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const std::string lines = widgets::wrapped(b.text, wrap, f, size);
    const float h = widgets::wrappedHeight(b.text, wrap, f, size);
    ImGui::GetWindowDrawList()->AddText(f, size, pos, widgets::u32(b.colour), lines.data(), lines.data() + lines.size());
    ImGui::Dummy(ImVec2(shown_w > 0.0f ? shown_w : wrap, h));
    RecordedRect& r = ui.layout_record.text(b.what, pos, ImVec2(pos.x + wrap, pos.y + h), size);
    r.text = b.text;
    for (const std::string_view line : widgets::wrapLines(b.text, wrap, f, size)) r.lines.emplace_back(line);
}

// "step T1 (T)", "step T2 (Y)": the command table's, each in its thread's colour.
void threadButtons(const lab::Lab& lab, ViewState& ui, Commands& commands)
{
    const ImVec2 row_min = ImGui::GetCursorScreenPos();
    std::string shown;
    const CommandId ids[] = {CommandId::step_thread1, CommandId::step_thread2};
    for (std::size_t t = 0; t < std::min<std::size_t>(lab.raceThreads(), 2); ++t) {
        const CommandDef& d = commands.get(ids[t]);
        const std::string label = lab::trf("step {0} ({1})", threadName(t), d.shortcut.text);
        if (t > 0) ImGui::SameLine();
        const bool enabled = commands.enabled(ids[t]);
        ImGui::BeginDisabled(!enabled);
        ImGui::PushStyleColor(ImGuiCol_Button, threadColour(t, 0.30f));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, threadColour(t, 0.50f));
        const bool pressed = ImGui::Button((label + "###" + d.label).c_str());
        ImGui::PopStyleColor(2);
        ImGui::EndDisabled();
        commands.noteItem(std::string("step:") + threadName(t));
        std::string tip = lab::tr(d.tip);
        if (auto why = lab.whyNotStepThread(t)) tip += "\n\n" + lab::trf("Not now: {}.", *why);
        widgets::tooltip(tip);
        if (pressed) commands.run(ids[t]);
        shown += (shown.empty() ? "" : "  ") + label;
    }
    RecordedRect& r = ui.layout_record.text("thread buttons", row_min, ImGui::GetItemRectMax(), ImGui::GetFontSize());
    r.text = shown;
    r.lines = {shown};
}

// The height the panel needs at its tallest step, so that it (and the
// arena view above it) keeps its size while a lesson plays: the picture
// does not jump from step to step. Measured once per history, width and
// text size. A script of more steps than steady_steps is measured at the
// cursor alone (a lesson has a few hundred).
constexpr std::size_t steady_steps = 2000;

float steadyPanelHeight(const lab::Lab& lab, StepPanelState& s, float width, float scale, bool title_bar)
{
    if (lab.steps() > steady_steps) return panelHeight(stepText(lab, !title_bar), width, scale, title_bar);
    StepPanelState::Measured& m = s.measured[scale == 1.0f ? 0 : 1];
    if (m.revision != lab.revision() || m.width != width || m.font_px != ImGui::GetFontSize() || m.scale != scale ||
        m.title_bar != title_bar) {
        m = {lab.revision(), width, ImGui::GetFontSize(), scale, title_bar, 0.0f};
        for (std::size_t p = 0; p <= lab.steps(); ++p)
            m.height = std::max(m.height, panelHeight(stepText(lab, p, !title_bar), width, scale, title_bar));
    }
    return m.height;
}

} // namespace

float StepPanel::height(const lab::Lab& lab, ViewState& ui, float width, float most, float lend)
{
    // The explanation and the caption larger where that fits (not in
    // presentation mode: its text is large already).
    state_.text_scale = ui.presentation ? 1.0f : explanation_scale;
    // A projector's Step panel has no title bar: its room goes to the picture.
    const bool title_bar = !ui.presentation;
    float h = steadyPanelHeight(lab, state_, width, state_.text_scale, title_bar);
    if (h > most && state_.text_scale != 1.0f) {
        state_.text_scale = 1.0f;
        h = steadyPanelHeight(lab, state_, width, 1.0f, title_bar);
    }
    // Room lent to a box under the panel, down to what the text at the
    // cursor needs: the picture above keeps its size.
    if (lend > 0.0f) h = std::max(panelHeight(stepText(lab, ui.presentation), width, state_.text_scale, title_bar), h - lend);
    return h;
}

void StepPanel::draw(lab::Lab& lab, ViewState& ui, Commands& commands, const PanelRect& rect)
{
    // It scrolls only when the window is too small for any layout to hold
    // its text whole (the layout gives it the height StepPanel::height asks).
    if (widgets::beginPanel(N_("Step"), rect, ui.presentation ? ImGuiWindowFlags_NoTitleBar : 0)) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const std::size_t steps = lab.steps();
        const bool empty = steps == 0;
        if (empty) ui.playing = false;

        // The keys (Space, Left/Right, Ctrl+Left/Right, Home/End) are the
        // command table's (app_commands.cpp); playback is App::playback's.

        // ---- the bottom: transport and scrubber, two rows ----------------
        // Buttons say what they do ("step", "op") where there is room, each
        // as wide as its words (Play as wide as Pause, so nothing moves when
        // it flips), and keep only their symbols, all alike, where there is
        // not. After the seven moves, predict mode's toggle (the View menu's
        // command, key P), as wide on as off.
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float predict_w = std::max(widgets::buttonWidth(lab::tr("Predict: off###predict")), widgets::buttonWidth(lab::tr("Predict: on###predict")));
        const float moves_room = avail_w - predict_w - style.ItemSpacing.x * 7.0f;
        float move_w[7] = {widgets::buttonWidth("\u25AE\u25C0"),     widgets::buttonWidth(lab::tr("\u25C0\u25C0 op")),
                           widgets::buttonWidth(lab::tr("\u25C0 step")),        widgets::buttonWidth(lab::tr("\u25AE\u25AE Pause###play")),
                           widgets::buttonWidth(lab::tr("step \u25B6")),        widgets::buttonWidth(lab::tr("op \u25B6\u25B6")),
                           widgets::buttonWidth("\u25B6\u25AE")};
        float moves_w = 0.0f;
        for (const float m : move_w) moves_w += m;
        const bool wide = moves_w <= moves_room;
        if (!wide) {
            const float each = std::max(widgets::buttonWidth("\u25AE\u25AE"), moves_room / 7.0f);
            for (float& m : move_w) m = each;
            moves_w = each * 7.0f;
        }
        const float transport_w = moves_w + predict_w + style.ItemSpacing.x * 7.0f;
        const float speed_w = widgets::em(9.0f);
        const bool speed_on_first_row = avail_w >= transport_w + style.ItemSpacing.x * 2.0f + speed_w;
        if (wide) {
            // Room to spare goes to the moves: all of it when they have the
            // row to themselves, else up to an em each (the speed keeps the rest).
            const float spare = speed_on_first_row ? avail_w - transport_w - style.ItemSpacing.x * 2.0f - speed_w
                                                   : avail_w - transport_w;
            const float extra = speed_on_first_row ? std::min(widgets::em(1.0f), spare / 7.0f) : spare / 7.0f;
            for (float& m : move_w) m += std::max(0.0f, extra);
        }

        // ---- the lesson's text: whole, in a panel sized to it ---------
        // Where the window is too small for that (a small <iframe>), the
        // text scrolls above the transport, which always stays in view.
        {
            const float wrap = rect.w - style.WindowPadding.x * 2.0f - style.ScrollbarSize; // as StepPanel::height measures
            const std::vector<TextBlock> blocks = stepText(lab, ui.presentation);
            const float room = ImGui::GetContentRegionAvail().y - controlsHeight();
            const float text_bottom = std::floor(ImGui::GetCursorPosY() + room);
            const bool scrolls = textHeight(blocks, wrap, state_.text_scale) > room + 0.5f;
            if (scrolls) ImGui::BeginChild("##step text", ImVec2(0.0f, std::max(room, ImGui::GetTextLineHeight())));
            bool anchored = false;
            for (std::size_t k = 0; k < blocks.size(); ++k) {
                // The panel is as tall as its tallest step needs: the room
                // this step leaves goes above the caption (or, without one,
                // above a race's lines), so the caption, the race's lines
                // and the transport under them stay put while the steps of
                // an operation play (a reader's eye, and a click, find them
                // where they were; an animation's frame redraws only the
                // text that changed).
                const std::string_view what = blocks[k].what;
                const bool anchor = what == "caption" || what == "swap failed" || what == "thread buttons" ||
                                    what == "race refused";
                if (!scrolls && anchor && !anchored) {
                    anchored = true;
                    const float at = std::floor(text_bottom - textHeight({blocks.begin() + static_cast<std::ptrdiff_t>(k), blocks.end()},
                                                                         wrap, state_.text_scale));
                    if (at > ImGui::GetCursorPosY()) ImGui::SetCursorPosY(at);
                }
                if (what == "thread buttons") {
                    threadButtons(lab, ui, commands);
                    continue;
                }
                const bool beside_next = k + 1 < blocks.size() && besidePrevious(blocks, k + 1, wrap, state_.text_scale);
                if (besidePrevious(blocks, k, wrap, state_.text_scale)) {
                    ImGui::SameLine(0.0f, besideGap());
                    drawBlock(blocks[k], wrap - (ImGui::GetCursorScreenPos().x - ImGui::GetWindowPos().x -
                                                 style.WindowPadding.x), state_.text_scale, ui);
                } else {
                    const TextBlock& b = blocks[k];
                    const float own = ImGui::GetFont()->CalcTextSizeA(textSize(b, state_.text_scale), FLT_MAX, 0.0f,
                                                                      b.text.data(), b.text.data() + b.text.size()).x;
                    drawBlock(b, wrap, state_.text_scale, ui, beside_next ? own : 0.0f);
                }
            }
            if (scrolls) ImGui::EndChild();
            else if (ImGui::GetCursorPosY() < text_bottom) ImGui::SetCursorPosY(text_bottom);
        }
        const ImVec2 controls_min = ImGui::GetCursorScreenPos();

        // ---- transport ---------------------------------------------------
        ImGui::Separator();
        const bool can_back = !empty && lab.cursor() > 0;
        const bool can_forward = !empty && !lab.atEnd();
        if (transportButton("\u25AE\u25C0", can_back, N_("First: before every step (Home)."), move_w[0])) {
            ui.playing = false;
            lab.seek(0);
        }
        ImGui::SameLine();
        if (transportButton(wide ? N_("\u25C0\u25C0 op") : "\u25C0\u25C0", can_back,
                            N_("Previous operation: back to the end of the one before (Ctrl+Left)."), move_w[1])) {
            ui.playing = false;
            lab.prevOp();
        }
        ImGui::SameLine();
        if (transportButton(wide ? N_("\u25C0 step") : "\u25C0", can_back, N_("One step back (Left arrow)."), move_w[2]))
            stepBy(lab, ui, -1);
        ImGui::SameLine();
        const char* play_label = ui.playing ? (wide ? N_("\u25AE\u25AE Pause###play") : "\u25AE\u25AE###play")
                                            : (wide ? N_("\u25B6 Play###play") : "\u25B6###play");
        if (transportButton(play_label, !empty,
                            ui.playing ? N_("Pause the playback (Space).")
                                       : N_("Play the steps one after another at the speed set beside (Space). At the end, "
                                            "plays again from the start."),
                            move_w[3]))
            togglePlay(lab, ui);
        ImGui::SameLine();
        if (transportButton(wide ? N_("step \u25B6") : "\u25B6", can_forward, N_("One step forward (Right arrow)."), move_w[4]))
            stepBy(lab, ui, 1);
        ImGui::SameLine();
        if (transportButton(wide ? N_("op \u25B6\u25B6") : "\u25B6\u25B6", can_forward,
                            N_("Next operation: to the end of the next one (Ctrl+Right)."), move_w[5])) {
            ui.playing = false;
            lab.nextOp();
        }
        ImGui::SameLine();
        if (transportButton("\u25B6\u25AE", can_forward, N_("Last: after every step (End)."), move_w[6])) {
            ui.playing = false;
            lab.seek(lab.steps());
        }
        ImGui::SameLine();
        {
            const CommandDef& predict = commands.get(CommandId::predict);
            const bool on = predict.checked && predict.checked();
            if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            const bool pressed = ImGui::Button(on ? lab::tr("Predict: on###predict") : lab::tr("Predict: off###predict"), ImVec2(predict_w, 0.0f));
            if (on) ImGui::PopStyleColor();
            commands.noteItem("step:predict");
            widgets::tooltip(std::string(lab::tr(predict.label)) + " (" + predict.shortcut.text + "), " + (on ? lab::tr("on") : lab::tr("off")) + ": " +
                       lab::tr(predict.tip));
            if (pressed) commands.run(CommandId::predict);
        }

        const auto speed = [&](float width) {
            ImGui::SetNextItemWidth(width);
            if (!(ui.steps_per_second >= 0.5f && ui.steps_per_second <= 50.0f)) // also catches NaN
                ui.steps_per_second = std::clamp(std::isfinite(ui.steps_per_second) ? ui.steps_per_second : 2.0f, 0.5f, 50.0f);
            ImGui::SliderFloat("##speed", &ui.steps_per_second, 0.5f, 50.0f, "",
                               ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
            char speed_text[32];
            std::snprintf(speed_text, sizeof speed_text, lab::tr("%.1f steps/s"), static_cast<double>(ui.steps_per_second));
            {
                // The speed slider is logarithmic from 0.5 to 50.
                const ImVec2 mn = ImGui::GetItemRectMin(), mx = ImGui::GetItemRectMax();
                const float t = std::log(ui.steps_per_second / 0.5f) / std::log(100.0f);
                const float grab = ImGui::GetStyle().GrabMinSize;
                sliderText(mn, mx, speed_text, mn.x + 2.0f + grab * 0.5f + (mx.x - mn.x - 4.0f - grab) * t);
            }
            widgets::tooltip(lab::tr("Playback speed: 0.5 to 50 steps per second (Ctrl+click to type a value)."));
        };
        if (speed_on_first_row) {
            ImGui::SameLine(0.0f, style.ItemSpacing.x * 2.0f);
            speed(ImGui::GetContentRegionAvail().x);
        }

        // ---- scrubber ----------------------------------------------------
        // While File > Export > Animation of a range picks its range, the
        // bar picks steps instead of seeking: press, drag to the step, let
        // go; the first release is the range's first step, the second its
        // last (then the command opens the export's prompt). Esc cancels.
        ViewState::RangePick& pick = ui.range_pick;
        if (pick.active && (empty || ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false))) {
            pick = {};
            ui.status = lab::tr("No animation exported: the range was not picked.");
        }
        ImGui::BeginDisabled(empty);
        std::uint64_t position = pick.active ? pick.at : lab.cursor();
        const std::uint64_t zero = 0;
        const std::uint64_t last = steps;
        // The slider's own text cannot group digits: it is drawn over it.
        const std::string scrub_text =
            !pick.active ? lab::trf("step {} of {}", widgets::grouped(lab.cursor()), widgets::grouped(steps))
            : pick.from  ? lab::trf("range: {} to {}", widgets::grouped(*pick.from), widgets::grouped(pick.at))
                         : lab::trf("range: from {}", widgets::grouped(pick.at));
        ImGui::SetNextItemWidth(speed_on_first_row ? ImGui::GetContentRegionAvail().x
                                                   : std::max(widgets::em(4.0f), ImGui::GetContentRegionAvail().x - speed_w - style.ItemSpacing.x));
        if (ImGui::SliderScalar("##scrub", ImGuiDataType_U64, &position, &zero, &last, "",
                                ImGuiSliderFlags_AlwaysClamp)) {
            ui.playing = false;
            if (pick.active) pick.at = static_cast<std::size_t>(std::min<std::uint64_t>(position, steps));
            else lab.seek(static_cast<std::size_t>(std::min<std::uint64_t>(position, steps)));
        }
        if (pick.active && ImGui::IsItemDeactivated()) {
            if (!pick.from) {
                pick.from = pick.at;
                ui.status = lab::trf("The range starts at step {}: now click its last step on the step bar (Esc cancels).",
                                     widgets::grouped(pick.at));
            } else {
                pick.to = pick.at;
                commands.run(CommandId::export_animation_range); // opens the prompt
            }
        }
        ImGui::EndDisabled();
        widgets::tooltip(pick.active ? lab::tr("Picking the animation's range: click (or drag to) its first step, then its "
                                               "last. Esc cancels.")
                                     : lab::tr("Drag to any moment of the history. The marks are where operations end; the "
                                               "highlighted stretch is the current operation."));
        const ImVec2 scrub_min = ImGui::GetItemRectMin();
        const ImVec2 scrub_max = ImGui::GetItemRectMax();
        if (pick.active && steps > 0) {
            // The range so far, over the whole height of the bar.
            const std::size_t a = pick.from.value_or(pick.at), b = pick.at;
            const float x0 = sliderX(scrub_min, scrub_max, std::min(a, b), steps);
            const float x1 = sliderX(scrub_min, scrub_max, std::max(a, b), steps);
            const ImVec4 range_colour(widgets::accent.x, widgets::accent.y, widgets::accent.z, 0.45f);
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0 - 2.0f, scrub_min.y), ImVec2(x1 + 2.0f, scrub_max.y),
                                                      widgets::u32(range_colour));
        }
        sliderText(scrub_min, scrub_max, scrub_text, sliderX(scrub_min, scrub_max, position, steps));
        {
            // Where the transport and the scrubber went (the tests read it),
            // with the scrubber's text; the bar alone too.
            RecordedRect& record = ui.layout_record.text("step controls", controls_min, scrub_max, ImGui::GetFontSize());
            record.text = scrub_text;
            record.lines = {scrub_text};
            RecordedRect& bar = ui.layout_record.text("step bar", scrub_min, scrub_max, ImGui::GetFontSize());
            bar.text = scrub_text;
            bar.lines = {scrub_text};
        }
        if (!speed_on_first_row) {
            ImGui::SameLine();
            speed(ImGui::GetContentRegionAvail().x);
        }

        // Marks where operations end, and the current operation's stretch.
        if (!empty) {
            const ImVec2 min = scrub_min;
            const ImVec2 max = scrub_max;
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float h = max.y - min.y;
            if (const lab::OpEntry* op = lab.currentOp()) {
                const float x0 = sliderX(min, max, op->steps_begin, steps);
                const float x1 = sliderX(min, max, op->steps_end, steps);
                dl->AddRectFilled(ImVec2(x0, max.y - h * 0.18f), ImVec2(std::max(x1, x0 + 2.0f), max.y), widgets::u32(widgets::accent));
            }
            const std::size_t ops = lab.history().opCount();
            if (ops > 0 && static_cast<float>(ops) * 4.0f <= max.x - min.x) {
                const ImU32 tick = widgets::u32(ImVec4(1.0f, 1.0f, 1.0f, 0.35f));
                for (std::size_t i = 0; i < ops; ++i) {
                    const float x = std::floor(sliderX(min, max, lab.history().opStepsEnd(i), steps)) + 0.5f;
                    dl->AddLine(ImVec2(x, max.y - h * 0.30f), ImVec2(x, max.y), tick);
                }
            }
        }
    }
    ImGui::End();
}

} // namespace gui
