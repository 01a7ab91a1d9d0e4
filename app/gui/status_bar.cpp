#include "gui/status_bar.hpp"
#include "lab/i18n.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/numbers.hpp"

namespace gui {

namespace {

std::string currentOpText(const lab::Lab& lab)
{
    const lab::OpEntry* op = lab.currentOp();
    if (op == nullptr) return "";
    return lab::trf("line {}: {}", op->line, lab::toScript(op->command));
}

// A window for a bar across the frame at `y`, its background painted by
// a clear, as the panels' are (widgets.hpp).
void beginBar(float y, float width, float height)
{
    ImGui::SetNextWindowPos(ImVec2(0, y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    const bool opaque = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg).w >= 1.0f && ImGui::GetStyle().Alpha >= 1.0f;
    if (opaque) ImGui::SetNextWindowBgAlpha(0.0f);
    ImGui::Begin("##status", nullptr, flags);
    if (opaque) widgets::clearBehind(ImVec2(0, y), ImVec2(width, y + height), ImGui::GetColorU32(ImGuiCol_WindowBg));
}

// The status message (errors in red), cut to `room` pixels ending in
// "...", and shown whole in a tooltip.
void drawMessage(const UiState& ui, float room)
{
    std::string shown = ui.status;
    if (ImGui::CalcTextSize(shown.c_str()).x > room) {
        while (!shown.empty() && ImGui::CalcTextSize((shown + "...").c_str()).x > room) {
            shown.pop_back();
            while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
            if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
        }
        shown += "...";
    }
    const ImVec4 colour = ui.status_is_error ? ImVec4(1.0f, 0.55f, 0.45f, 1.0f) : ImVec4(0.6f, 0.8f, 0.65f, 1.0f);
    ImGui::TextColored(colour, "%s", shown.c_str());
    if (shown.size() != ui.status.size() && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
        widgets::textWrapped(ui.status);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

} // namespace

// Where we are, any message, and the text size (easy to find: bottom right).
void drawStatusBar(const lab::Lab& lab, UiState& ui, Commands& commands, float y, float width, float height)
{
    beginBar(y, width, height);

    std::string where = lab::trf("step {} / {}", lab::grouped(lab.cursor()), lab::grouped(lab.steps()));
    const std::string op = currentOpText(lab);
    if (!op.empty()) where += "   " + op;
    if (ui.playing) where += lab::tr("   (playing)");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(where.c_str());
    // Text size: - N px +, right-aligned.
    char size_text[32];
    std::snprintf(size_text, sizeof size_text, lab::tr("Text %d px"), static_cast<int>(ui.font_size));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w = ImGui::GetFrameHeight() * 1.3f;
    const float group_w = ImGui::CalcTextSize(size_text).x + 2 * button_w + 2 * style.ItemSpacing.x;

    if (!ui.status.empty()) {
        // A long message is cut to the room left: it never runs under the
        // size control.
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        drawMessage(ui, width - group_w - 2 * style.WindowPadding.x - ImGui::GetCursorPosX() - ImGui::GetFontSize());
    }
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), width - group_w - style.WindowPadding.x));
    // The buttons run the View menu's commands, so they say the same keys.
    const CommandDef& smaller = commands.get(CommandId::smaller_text);
    const CommandDef& larger = commands.get(CommandId::larger_text);
    const CommandDef& reset = commands.get(CommandId::reset_text);
    if (ImGui::Button("-", ImVec2(button_w, 0))) commands.run(CommandId::smaller_text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", smaller.label, smaller.shortcut.text);
    ImGui::SameLine();
    ImGui::TextUnformatted(size_text);
    ImGui::SameLine();
    if (ImGui::Button("+", ImVec2(button_w, 0))) commands.run(CommandId::larger_text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(lab::tr("%s (%s); %s resets"), larger.label, larger.shortcut.text, reset.shortcut.text);
    ImGui::End();
}

void drawMessageLine(UiState& ui, float y, float width, float height)
{
    beginBar(y, width, height);
    ImGui::AlignTextToFramePadding();
    drawMessage(ui, width - 2 * ImGui::GetStyle().WindowPadding.x);
    ImGui::End();
}

} // namespace gui
