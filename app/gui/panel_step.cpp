// "Step": what the arena just did and why, in plain words with the numbers
// (lab::explainStep), which operation it belongs to, and the transport to
// move through the history: buttons, playback speed and a scrubber.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include <imgui.h>

#include "gui/panels.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/explain.hpp"

namespace gui {

namespace {

namespace w = widgets;

// Text larger than the rest, for the explanation (the one thing a room
// reads from afar).
constexpr float explanation_scale = 1.25f;

void togglePlay(lab::Lab& lab, UiState& ui)
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

void stepBy(lab::Lab& lab, UiState& ui, long delta)
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
    const bool pressed = ImGui::Button(label, ImVec2(width, 0.0f));
    ImGui::EndDisabled();
    w::tooltip(help);
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

void drawInfo(const lab::Lab& lab)
{
    const lab::StepEntry* step = lab.currentStep();
    const lab::OpEntry* op = lab.currentOp();
    const auto op_index = lab.currentOpIndex();
    if (step == nullptr || op == nullptr || !op_index) {
        w::wrappedColored(w::muted, "Before the first step: the arena is empty. Press step \u25B6 (Right) or Play "
                                    "(Space) to watch the script run.");
        return;
    }
    // "Operation 3 of 12, line 8:  resize c 50   result: ok"
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(w::muted, "Operation %zu of %zu, line %zu:", *op_index + 1, lab.history().opCount(), op->line);
    ImGui::SameLine();
    ImGui::PushFont(font(Font::mono));
    ImGui::TextColored(w::accent, "%s", lab::toScript(op->command).c_str());
    ImGui::PopFont();
    w::tooltip("The script line this step belongs to (highlighted in the Script panel).");
    if (lab.cursor() >= op->steps_end) {
        ImGui::SameLine();
        if (op->ok) ImGui::TextColored(w::good, "ok");
        else ImGui::TextColored(w::error, "fail");
        w::tooltip(op->ok ? "The operation succeeded." : "The operation failed: alloc returned null, or the resize / reset was refused.");
    }

    const std::size_t in_op = lab.cursor() - op->steps_begin;
    const std::size_t op_steps = op->steps_end - op->steps_begin;
    ImGui::TextColored(w::muted, "Step %zu of %zu in this operation  (%s of %s overall)", in_op, op_steps,
                       w::grouped(lab.cursor()).c_str(), w::grouped(lab.steps()).c_str());
    ImGui::SameLine();
    const std::string kind(arena::stepName(step->step.kind));
    ImGui::PushFont(font(Font::mono));
    ImGui::TextColored(w::info, "%s", kind.c_str());
    ImGui::PopFont();
    w::tooltip("The kind of internal step (arena::StepKind); the Source panel shows the line of the port that took it ("
               + std::to_string(step->step.where.line()) + ").");
}

} // namespace

void drawStepPanel(lab::Lab& lab, UiState& ui, const PanelRect& rect)
{
    if (w::beginPanel("Step", rect, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const std::size_t steps = lab.steps();
        const bool empty = steps == 0;
        if (empty) ui.playing = false;

        // The keys (Space, Left/Right, Ctrl+Left/Right, Home/End) and the
        // playback itself are the shell's (App::shortcuts, App::playback).

        // ---- the bottom: transport and scrubber, two rows ----------------
        // Buttons say what they do ("step", "op") where there is room, and
        // keep only their symbols where there is not.
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float row = ImGui::GetFrameHeightWithSpacing();
        const float wide_w = w::buttonWidth("\u25AE\u25AE Pause");
        const bool wide = wide_w * 7.0f + style.ItemSpacing.x * 6.0f <= avail_w;
        const float button_w = wide ? wide_w : std::max(w::buttonWidth("\u25AE\u25AE"), (avail_w - style.ItemSpacing.x * 6.0f) / 7.0f);
        const float transport_w = button_w * 7.0f + style.ItemSpacing.x * 6.0f;
        const float speed_w = w::em(9.0f);
        const bool speed_on_first_row = avail_w >= transport_w + style.ItemSpacing.x * 2.0f + speed_w;
        const float bottom_h = row * 2.0f + style.ItemSpacing.y;

        // ---- the explanation -------------------------------------------
        if (empty) {
            w::beginChild("##explain", ImVec2(0.0f, -bottom_h), false);
            ImGui::SetWindowFontScale(explanation_scale);
            w::wrappedColored(w::accent, "Run a script or press Alloc.");
            ImGui::SetWindowFontScale(1.0f);
            w::wrappedColored(w::muted, "The history is empty. Press Run in the Script panel, or Alloc (A) in the "
                                        "Controls, and every internal step of the arena appears here, one at a time.");
            ImGui::EndChild();
        } else {
            drawInfo(lab);
            ImGui::Separator();
            w::beginChild("##explain", ImVec2(0.0f, -bottom_h), false);
            if (const lab::StepEntry* step = lab.currentStep()) {
                const std::string text = lab::explainStep(step->step);
                // Larger text where it fits; the normal size where the panel is short.
                ImGui::SetWindowFontScale(explanation_scale);
                const float wrap = ImGui::GetContentRegionAvail().x;
                if (ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y > ImGui::GetContentRegionAvail().y)
                    ImGui::SetWindowFontScale(1.0f);
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextUnformatted(text.c_str());
                ImGui::PopTextWrapPos();
                ImGui::SetWindowFontScale(1.0f);
                // A lesson's caption for this operation: why, in the teacher's words.
                if (const std::string* caption = lab.captionFor(lab.history().op(step->op).line)) {
                    ImGui::Spacing();
                    w::wrappedColored(w::accent, caption->c_str());
                }
            } else {
                w::wrappedColored(w::muted, "Nothing has happened yet.");
            }
            ImGui::SetWindowFontScale(1.0f);
            ImGui::EndChild();
        }

        // ---- transport ---------------------------------------------------
        ImGui::Separator();
        const bool can_back = !empty && lab.cursor() > 0;
        const bool can_forward = !empty && !lab.atEnd();
        if (transportButton("\u25AE\u25C0", can_back, "First: before every step (Home).", button_w)) {
            ui.playing = false;
            lab.seek(0);
        }
        ImGui::SameLine();
        if (transportButton(wide ? "\u25C0\u25C0 op" : "\u25C0\u25C0", can_back,
                            "Previous operation: back to the end of the one before (Ctrl+Left).", button_w)) {
            ui.playing = false;
            lab.prevOp();
        }
        ImGui::SameLine();
        if (transportButton(wide ? "\u25C0 step" : "\u25C0", can_back, "One step back (Left arrow).", button_w))
            stepBy(lab, ui, -1);
        ImGui::SameLine();
        const char* play_label = ui.playing ? (wide ? "\u25AE\u25AE Pause###play" : "\u25AE\u25AE###play")
                                            : (wide ? "\u25B6 Play###play" : "\u25B6###play");
        if (transportButton(play_label, !empty,
                            ui.playing ? "Pause the playback (Space)."
                                       : "Play the steps one after another at the speed set beside (Space). At the end, "
                                         "plays again from the start.",
                            button_w))
            togglePlay(lab, ui);
        ImGui::SameLine();
        if (transportButton(wide ? "step \u25B6" : "\u25B6", can_forward, "One step forward (Right arrow).", button_w))
            stepBy(lab, ui, 1);
        ImGui::SameLine();
        if (transportButton(wide ? "op \u25B6\u25B6" : "\u25B6\u25B6", can_forward,
                            "Next operation: to the end of the next one (Ctrl+Right).", button_w)) {
            ui.playing = false;
            lab.nextOp();
        }
        ImGui::SameLine();
        if (transportButton("\u25B6\u25AE", can_forward, "Last: after every step (End).", button_w)) {
            ui.playing = false;
            lab.seek(lab.steps());
        }

        const auto speed = [&](float width) {
            ImGui::SetNextItemWidth(width);
            if (!(ui.steps_per_second >= 0.5f && ui.steps_per_second <= 50.0f)) // also catches NaN
                ui.steps_per_second = std::clamp(std::isfinite(ui.steps_per_second) ? ui.steps_per_second : 2.0f, 0.5f, 50.0f);
            ImGui::SliderFloat("##speed", &ui.steps_per_second, 0.5f, 50.0f, "%.1f steps/s",
                               ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
            w::tooltip("Playback speed: 0.5 to 50 steps per second (Ctrl+click to type a value).");
        };
        if (speed_on_first_row) {
            ImGui::SameLine(0.0f, style.ItemSpacing.x * 2.0f);
            speed(ImGui::GetContentRegionAvail().x);
        }

        // ---- scrubber ----------------------------------------------------
        ImGui::BeginDisabled(empty);
        std::uint64_t position = lab.cursor();
        const std::uint64_t zero = 0;
        const std::uint64_t last = steps;
        const std::string format = "step %llu of " + std::to_string(steps);
        ImGui::SetNextItemWidth(speed_on_first_row ? ImGui::GetContentRegionAvail().x
                                                   : std::max(w::em(4.0f), ImGui::GetContentRegionAvail().x - speed_w - style.ItemSpacing.x));
        if (ImGui::SliderScalar("##scrub", ImGuiDataType_U64, &position, &zero, &last, format.c_str(),
                                ImGuiSliderFlags_AlwaysClamp)) {
            ui.playing = false;
            lab.seek(static_cast<std::size_t>(std::min<std::uint64_t>(position, steps)));
        }
        ImGui::EndDisabled();
        w::tooltip("Drag to any moment of the history. The marks are where operations end; the highlighted stretch "
                   "is the current operation.");
        const ImVec2 scrub_min = ImGui::GetItemRectMin();
        const ImVec2 scrub_max = ImGui::GetItemRectMax();
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
                dl->AddRectFilled(ImVec2(x0, max.y - h * 0.18f), ImVec2(std::max(x1, x0 + 2.0f), max.y), w::u32(w::accent));
            }
            const std::size_t ops = lab.history().opCount();
            if (ops > 0 && static_cast<float>(ops) * 4.0f <= max.x - min.x) {
                const ImU32 tick = w::u32(ImVec4(1.0f, 1.0f, 1.0f, 0.35f));
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
