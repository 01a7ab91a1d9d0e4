// "Child allocator": the child's settings and what it holds, then every
// call the arena made to it up to the cursor, oldest first: which
// operation and step made it, the buffer, the lengths and the answer. The
// calls of the current step are highlighted; the log follows the cursor.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <imgui.h>

#include "gui/panels.hpp"
#include "lab/i18n.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"

namespace gui {

namespace {

// The step (index into the history) that made call `i`, among the first
// `steps` steps.
std::size_t stepOfCall(const lab::History& h, std::size_t steps, std::size_t i)
{
    return std::min(h.stepOfCall(i), steps == 0 ? 0 : steps - 1);
}

std::string bufName(std::uint64_t buf) { return buf == arena::ChildCall::no_buf ? "-" : "#" + std::to_string(buf); }

// Text in the cell's width: cut with "..." when it does not fit (the row's
// tooltip then says it whole). True when it was cut.
bool elided(const std::string& text, const ImVec4& colour)
{
    const float room = ImGui::GetContentRegionAvail().x;
    std::string shown = text;
    bool cut = false;
    if (ImGui::CalcTextSize(shown.c_str()).x > room) {
        cut = true;
        while (!shown.empty() && ImGui::CalcTextSize((shown + "...").c_str()).x > room) {
            shown.pop_back();
            while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
            if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
        }
        shown += "...";
    }
    ImGui::TextColored(colour, "%s", shown.c_str());
    return cut;
}

void drawConfig(const lab::Lab& lab, ViewState& ui)
{
    const arena::InstrumentedChild& child = lab.session().child();
    const arena::ChildConfig& c = child.config();
    const lab::PictureStats stats = pictureStats(lab, ui);

    ImGui::TextColored(widgets::muted, "%s", lab::tr("Holds"));
    ImGui::SameLine();
    ImGui::Text(lab.picture().nodes.size() == 1 ? lab::tr("%s in %zu buffer") : lab::tr("%s in %zu buffers"),
                widgets::bytes(stats.held_bytes).c_str(), lab.picture().nodes.size());
    widgets::tooltip(lab::tr("The bytes of the buffers the arena holds from the child at this step (headers included)."));

    const std::string policy(arena::policyName(c.resize));
    std::string limit = std::to_string(c.limit);
    if (c.limit >= (1u << 20) && c.limit % (1u << 20) == 0) limit = std::to_string(c.limit >> 20) + "MiB";
    else if (c.limit >= 1024 && c.limit % 1024 == 0) limit = std::to_string(c.limit >> 10) + "KiB";
    ImGui::PushFont(font(Font::mono));
    widgets::wrappedColored(ImGui::GetStyleColorVec4(ImGuiCol_Text), "resize=" + policy + " page=" + std::to_string(c.page) +
                                                                   " offset=" + std::to_string(c.offset) + " limit=" + limit);
    ImGui::PopFont();
    widgets::tooltip(lab::trf("The child's settings. resize: when it grows or shrinks a buffer in place (never, shrink, pages, "
                        "always). page: the page size for 'pages'. offset: where buffers start, modulo 4096. limit: the most "
                        "bytes held at once ({}).", widgets::bytes(c.limit))
               + std::string(lab.atEnd() ? "" : lab::tr(" These are the settings at the end of the history.")));

    const std::size_t pa = child.pendingFailures(arena::ChildCall::Kind::alloc);
    const std::size_t pr = child.pendingFailures(arena::ChildCall::Kind::resize);
    if (pa + pr > 0) {
        ImGui::TextColored(widgets::info, lab::tr("Pending failures: %zu alloc, %zu resize"), pa, pr);
        widgets::tooltip(lab::tr("The child's next calls of these kinds will fail on purpose (from 'fail alloc' / 'fail resize')."));
    }
}

} // namespace

void ChildLogPanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& rect)
{
    ChildLogPanelState& s = state_;
    if (widgets::beginPanel(N_("Child allocator"), rect, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        drawConfig(lab, ui);

        const lab::History& h = lab.history();
        const std::size_t cursor = lab.cursor();
        const std::size_t rows = cursor == 0 ? 0 : std::min<std::size_t>(h.step(cursor - 1).calls_end, h.calls().size());
        const lab::StepEntry* cur_step = lab.currentStep();
        const auto cur_op = lab.currentOpIndex();

        if (const LabMark mark{lab.revision(), cursor}; mark != s.seen) {
            s.seen = mark;
            s.scroll_frames = 2; // the table's height is known a frame late
        }

        // No horizontal scrolling: the columns share the panel's width, the
        // operation's column takes what is left, and a cell that cannot fit
        // ends in "..." with the whole row in its tooltip.
        const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter
            | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
        if (rows == 0) {
            ImGui::Separator();
            // In a region that scrolls when the panel is short: never cut in silence.
            widgets::beginChild("##no_calls", ImVec2(0.0f, 0.0f), false);
            widgets::wrappedColored(widgets::muted, lab::tr("No calls to the child yet. The arena calls its child when it needs a buffer "
                                        "(alloc), wants to grow one in place (resize), or gives one back (free)."));
            ImGui::EndChild();
        } else if (const bool with_op = ImGui::GetContentRegionAvail().x >= widgets::em(24.0f);
                   ImGui::BeginTable("##calls", with_op ? 5 : 4, flags, ImVec2(0.0f, 0.0f))) {
            // Narrow (the normal layout at 1280x720): the operation's column
            // goes; the row's tooltip names it, and its rows stay highlighted.
            ImGui::TableSetupScrollFreeze(0, 1);
            const std::string last_number = std::to_string(rows);
            ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize(last_number.c_str()).x);
            if (with_op) ImGui::TableSetupColumn(lab::tr("Line: operation"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
            ImGui::TableSetupColumn(lab::tr("Call"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn(lab::tr("Length"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
            ImGui::TableSetupColumn(lab::tr("Result"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
            ImGui::TableHeadersRow();

            const int row_count = static_cast<int>(std::min<std::size_t>(rows, INT32_MAX));
            const bool follow = s.scroll_frames > 0;
            if (follow) --s.scroll_frames;
            ImGuiListClipper clipper;
            clipper.Begin(row_count);
            // Keep the newest call (the last row) in view when the cursor moved.
            if (follow) clipper.ForceDisplayRangeByIndices(row_count - 1, row_count);
            while (clipper.Step()) {
                for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                    const std::size_t i = static_cast<std::size_t>(r);
                    const arena::ChildCall& call = h.calls()[i];
                    const std::size_t k = stepOfCall(h, cursor, i);
                    const lab::StepEntry& st = h.step(k);
                    const lab::OpEntry& op = h.op(st.op);
                    const bool in_step = cur_step != nullptr && i >= cur_step->calls_begin && i < cur_step->calls_end;
                    const bool in_op = cur_op && st.op == *cur_op;

                    const std::string script = std::to_string(op.line) + ": " + lab::toScript(op.command);
                    const std::string kind(arena::callName(call.kind));
                    const std::string called = kind + " " + bufName(call.buf);
                    std::string length, result;
                    ImVec4 result_colour = widgets::good;
                    switch (call.kind) {
                    case arena::ChildCall::Kind::alloc:
                        length = widgets::grouped(call.len) + " (" + widgets::grouped(call.alignment) + ")";
                        result = call.ok ? lab::tr("ok") : lab::tr("refused");
                        break;
                    case arena::ChildCall::Kind::resize:
                        length = widgets::grouped(call.len) + " \u2192 " + widgets::grouped(call.new_len);
                        result = call.ok ? lab::tr("in place") : lab::tr("refused");
                        break;
                    case arena::ChildCall::Kind::free:
                        length = widgets::grouped(call.len);
                        result = lab::tr("given back");
                        result_colour = widgets::muted;
                        break;
                    }
                    if (!call.ok && call.kind != arena::ChildCall::Kind::free) result_colour = widgets::error;
                    std::string whole = lab::trf("Call {0}, line {1}", widgets::grouped(i + 1), script) + "\n" +
                                        lab::trf("{0} of buffer {1}, ", kind, bufName(call.buf));
                    switch (call.kind) {
                    case arena::ChildCall::Kind::alloc:
                        whole += lab::trf("{0}, alignment {1}: {2}", widgets::bytes(call.len), widgets::grouped(call.alignment),
                                          call.ok ? lab::tr("ok") : lab::tr("refused"));
                        break;
                    case arena::ChildCall::Kind::resize:
                        whole += lab::trf("from {0} to {1}: {2}", widgets::bytes(call.len), widgets::bytes(call.new_len),
                                          call.ok ? lab::tr("ok, in place") : lab::tr("refused"));
                        break;
                    case arena::ChildCall::Kind::free: whole += lab::trf("{}: given back", widgets::bytes(call.len)); break;
                    }

                    ImGui::TableNextRow();
                    if (in_step) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, widgets::u32(widgets::accent_bg));
                    else if (in_op) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, widgets::u32(widgets::accent_faint));

                    ImGui::TableNextColumn();
                    const std::string number = std::to_string(i + 1);
                    if (ImGui::Selectable(number.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                        ui.playing = false;
                        lab.seek(k + 1);
                    }
                    // The whole row, however narrow its cells.
                    if (ImGui::IsItemHovered()) {
                        widgets::tooltip(whole + "\n\n" + lab::trf("Made by step {0} ({1}). Click to go to that step.",
                                                             widgets::grouped(k + 1), arena::stepName(st.step.kind)));
                    }

                    if (with_op) {
                        ImGui::TableNextColumn();
                        ImGui::PushFont(font(Font::mono));
                        elided(script, in_op ? widgets::accent : ImGui::GetStyleColorVec4(ImGuiCol_Text));
                        ImGui::PopFont();
                    }

                    ImGui::TableNextColumn();
                    elided(called, call.kind == arena::ChildCall::Kind::alloc    ? widgets::good
                                   : call.kind == arena::ChildCall::Kind::resize ? widgets::info
                                                                                 : widgets::muted);
                    ImGui::TableNextColumn();
                    elided(length, ImGui::GetStyleColorVec4(ImGuiCol_Text));
                    ImGui::TableNextColumn();
                    elided(result, result_colour);
                    if (follow && r == row_count - 1) ImGui::SetScrollHereY(1.0f);
                }
            }
            clipper.End();

            ImGui::EndTable();
        }
    }
    ImGui::End();
}

} // namespace gui
