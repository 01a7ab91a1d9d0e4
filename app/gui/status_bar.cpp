#include "gui/status_bar.hpp"
#include "lab/i18n.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

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

ImVec4 messageColour(const ViewState& ui)
{
    return ui.status_is_error ? ImVec4(1.0f, 0.55f, 0.45f, 1.0f) : ImVec4(0.6f, 0.8f, 0.65f, 1.0f);
}

// Where the message just drawn went, in the layout record (the tests
// read it): "status message" when it is whole, else "status message (cut)".
void recordMessage(ViewState& ui, bool whole, std::vector<std::string> lines)
{
    const ImVec2 bar = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    RecordedRect& record = ui.layout_record.text(whole ? "status message" : "status message (cut)", ImGui::GetItemRectMin(),
                                                 ImGui::GetItemRectMax(), bar, ImVec2(bar.x + size.x, bar.y + size.y),
                                                 ImGui::GetFontSize());
    record.text = ui.status;
    record.lines = std::move(lines);
}

// The status message (errors in red) on the bar's row, where it fits whole
// (messageOnOwnRows decided so).
void drawMessage(ViewState& ui)
{
    ImGui::TextColored(messageColour(ui), "%s", ui.status.c_str());
    recordMessage(ui, true, {ui.status});
}

// An error is read whole: at most this many rows of it.
constexpr int max_message_rows = 4;

// The rows the message takes wrapped at `wrap` pixels (at most max_message_rows).
int wrappedRows(const ViewState& ui, float wrap)
{
    const auto rows = static_cast<int>(widgets::wrapLines(ui.status, wrap).size());
    return std::clamp(rows, 1, max_message_rows);
}

// The message wrapped to the bar's width (the window's right edge, as
// wrappedRows' width), on rows of its own, never inside a number.
void drawWrappedMessage(ViewState& ui)
{
    std::vector<std::string> lines;
    for (const std::string_view line : widgets::wrapLines(ui.status, ImGui::GetContentRegionAvail().x)) lines.emplace_back(line);
    widgets::wrappedColored(messageColour(ui), ui.status);
    // Whole unless it needs more rows than the bar gives.
    const float rows = ImGui::GetItemRectSize().y / ImGui::GetTextLineHeight();
    recordMessage(ui, rows < static_cast<float>(max_message_rows) + 0.5f, std::move(lines));
}

// Where the cursor is: "step 5 / 41", the operation's line when `with_op`,
// "(playing)". `widest`: the step count in place of the cursor and
// "(playing)" always, the widest this part gets in the script (so the room
// it leaves the message does not change from step to step).
std::string whereText(const lab::Lab& lab, const ViewState& ui, bool with_op, bool widest = false)
{
    std::string where = lab::trf("step {} / {}", lab::grouped(widest ? lab.steps() : lab.cursor()), lab::grouped(lab.steps()));
    const std::string op = with_op ? currentOpText(lab) : std::string();
    if (!op.empty()) where += "   " + op;
    if (ui.playing || widest) where += lab::tr("   (playing)");
    return where;
}

// The text size control's width: - N px +.
float sizeGroupWidth(const ViewState& ui, char (&size_text)[32])
{
    std::snprintf(size_text, sizeof size_text, lab::tr("Text %d px"), static_cast<int>(ui.font_size));
    const float button_w = ImGui::GetFrameHeight() * 1.3f;
    return ImGui::CalcTextSize(size_text).x + 2 * button_w + 2 * ImGui::GetStyle().ItemSpacing.x;
}

// The room on the bar's row after `where`, before the size control.
float roomAfter(const ViewState& ui, const std::string& where, float width)
{
    char size_text[32];
    const ImGuiStyle& style = ImGui::GetStyle();
    const float after_where = style.WindowPadding.x + ImGui::CalcTextSize(where.c_str()).x + ImGui::GetFontSize() * 2;
    return width - sizeGroupWidth(ui, size_text) - 2 * style.WindowPadding.x - after_where - ImGui::GetFontSize();
}

// The room for the message on the bar's row, beside the step (at its
// widest, without the operation's line) and before the size control.
float messageRoom(const lab::Lab& lab, const ViewState& ui, float width)
{
    return roomAfter(ui, whereText(lab, ui, false, true), width);
}

// Whether the message goes on rows of its own under the bar's row: one
// that does not fit whole beside the step. No message is cut: an error, a
// file's name, the first screen's directions are all read whole.
bool messageOnOwnRows(const lab::Lab& lab, const ViewState& ui, float width)
{
    return !ui.status.empty() && ImGui::CalcTextSize(ui.status.c_str()).x > messageRoom(lab, ui, width);
}

float wrapWidth(float width) { return width - 2 * ImGui::GetStyle().WindowPadding.x; }

} // namespace

float statusBarHeight(const lab::Lab& lab, const ViewState& ui, float width)
{
    const float row = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().WindowPadding.y;
    if (!messageOnOwnRows(lab, ui, width)) return row;
    return row + static_cast<float>(wrappedRows(ui, wrapWidth(width))) * ImGui::GetTextLineHeightWithSpacing();
}

// Where we are, any message, and the text size (easy to find: bottom right).
void drawStatusBar(const lab::Lab& lab, ViewState& ui, Commands& commands, float y, float width, float height)
{
    beginBar(y, width, height);

    const bool own_rows = messageOnOwnRows(lab, ui, width);
    // The operation's line (the Step panel says it too) only where it fits
    // whole beside the message on the row.
    const float message_w = ui.status.empty() || own_rows ? 0.0f : ImGui::CalcTextSize(ui.status.c_str()).x;
    std::string where = whereText(lab, ui, true);
    if (roomAfter(ui, where, width) < message_w) where = whereText(lab, ui, false);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(where.c_str());
    // Text size: - N px +, right-aligned.
    char size_text[32];
    const float group_w = sizeGroupWidth(ui, size_text);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w = ImGui::GetFrameHeight() * 1.3f;

    if (!ui.status.empty() && !own_rows) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        drawMessage(ui);
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
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(lab::tr("%s (%s); %s resets"), lab::tr(larger.label), larger.shortcut.text, reset.shortcut.text);
    if (own_rows) drawWrappedMessage(ui); // an error, whole, under the row
    ImGui::End();
}

float messageLineHeight(const ViewState& ui, float width)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    const float rows = static_cast<float>(wrappedRows(ui, wrapWidth(width)));
    return std::max(ImGui::GetFrameHeight(), rows * ImGui::GetTextLineHeightWithSpacing() - style.ItemSpacing.y) +
           2 * style.WindowPadding.y;
}

void drawMessageLine(ViewState& ui, float y, float width, float height)
{
    beginBar(y, width, height);
    if (wrappedRows(ui, wrapWidth(width)) == 1) ImGui::AlignTextToFramePadding();
    drawWrappedMessage(ui);
    ImGui::End();
}

} // namespace gui
