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
#include "gui/widgets.hpp"
#include "lab/command.hpp"

namespace gui {

namespace {

namespace w = widgets;

// The step (index into the history) that made call `i`, among the first
// `steps` steps.
std::size_t stepOfCall(const lab::History& h, std::size_t steps, std::size_t i)
{
    return std::min(h.stepOfCall(i), steps == 0 ? 0 : steps - 1);
}

std::string bufName(std::uint64_t buf) { return buf == arena::ChildCall::no_buf ? "-" : "#" + std::to_string(buf); }

void drawConfig(const lab::Lab& lab, UiState& ui)
{
    const arena::InstrumentedChild& child = lab.session().child();
    const arena::ChildConfig& c = child.config();
    const lab::PictureStats stats = pictureStats(lab, ui);

    ImGui::TextColored(w::muted, "Holds");
    ImGui::SameLine();
    ImGui::Text("%s in %zu buffer%s", w::bytes(stats.held_bytes).c_str(), lab.picture().nodes.size(),
                lab.picture().nodes.size() == 1 ? "" : "s");
    w::tooltip("The bytes of the buffers the arena holds from the child at this step (headers included).");

    const std::string policy(arena::policyName(c.resize));
    std::string limit = std::to_string(c.limit);
    if (c.limit >= (1u << 20) && c.limit % (1u << 20) == 0) limit = std::to_string(c.limit >> 20) + "MiB";
    else if (c.limit >= 1024 && c.limit % 1024 == 0) limit = std::to_string(c.limit >> 10) + "KiB";
    ImGui::PushFont(font(Font::mono));
    w::wrappedColored(ImGui::GetStyleColorVec4(ImGuiCol_Text), "resize=" + policy + " page=" + std::to_string(c.page) +
                                                                   " offset=" + std::to_string(c.offset) + " limit=" + limit);
    ImGui::PopFont();
    w::tooltip("The child's settings. resize: when it grows or shrinks a buffer in place (never, shrink, pages, "
               "always). page: the page size for 'pages'. offset: where buffers start, modulo 4096. limit: the most "
               "bytes held at once (" + w::bytes(c.limit) + ")."
               + std::string(lab.atEnd() ? "" : " These are the settings at the end of the history."));

    const std::size_t pa = child.pendingFailures(arena::ChildCall::Kind::alloc);
    const std::size_t pr = child.pendingFailures(arena::ChildCall::Kind::resize);
    if (pa + pr > 0) {
        ImGui::TextColored(w::info, "Pending failures: %zu alloc, %zu resize", pa, pr);
        w::tooltip("The child's next calls of these kinds will fail on purpose (from 'fail alloc' / 'fail resize').");
    }
}

} // namespace

void drawChildLogPanel(lab::Lab& lab, UiState& ui, const PanelRect& rect)
{
    ChildLogPanelState& s = ui.panels.child_log;
    if (w::beginPanel("Child allocator", rect, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
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

        const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg
            | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
        if (rows == 0) {
            ImGui::Separator();
            // In a region that scrolls when the panel is short: never cut in silence.
            w::beginChild("##no_calls", ImVec2(0.0f, 0.0f), false);
            w::wrappedColored(w::muted, "No calls to the child yet. The arena calls its child when it needs a buffer "
                                        "(alloc), wants to grow one in place (resize), or gives one back (free).");
            ImGui::EndChild();
        } else if (ImGui::BeginTable("##calls", 6, flags, ImVec2(0.0f, 0.0f))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("#");
            ImGui::TableSetupColumn("Line: operation");
            ImGui::TableSetupColumn("Call");
            ImGui::TableSetupColumn("Buffer");
            ImGui::TableSetupColumn("Length");
            ImGui::TableSetupColumn("Result");
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

                    ImGui::TableNextRow();
                    if (in_step) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, w::u32(w::accent_bg));
                    else if (in_op) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, w::u32(w::accent_faint));

                    ImGui::TableNextColumn();
                    const std::string number = std::to_string(i + 1);
                    if (ImGui::Selectable(number.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                        ui.playing = false;
                        lab.seek(k + 1);
                    }
                    if (ImGui::IsItemHovered()) {
                        w::tooltip("Made by step " + w::grouped(k + 1) + " (" + std::string(arena::stepName(st.step.kind)) +
                                   ") of line " + std::to_string(op.line) + ". Click to go to that step.");
                    }

                    ImGui::TableNextColumn();
                    ImGui::PushFont(font(Font::mono));
                    const std::string script = std::to_string(op.line) + ": " + lab::toScript(op.command);
                    if (in_op) ImGui::TextColored(w::accent, "%s", script.c_str());
                    else ImGui::TextUnformatted(script.c_str());
                    ImGui::PopFont();

                    ImGui::TableNextColumn();
                    const std::string kind(arena::callName(call.kind));
                    ImGui::TextColored(call.kind == arena::ChildCall::Kind::alloc    ? w::good
                                       : call.kind == arena::ChildCall::Kind::resize ? w::info
                                                                                     : w::muted,
                                       "%s", kind.c_str());

                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(bufName(call.buf).c_str());

                    ImGui::TableNextColumn();
                    switch (call.kind) {
                    case arena::ChildCall::Kind::alloc:
                        ImGui::Text("%s (align %zu)", w::grouped(call.len).c_str(), call.alignment);
                        break;
                    case arena::ChildCall::Kind::resize:
                        ImGui::Text("%s \u2192 %s", w::grouped(call.len).c_str(), w::grouped(call.new_len).c_str());
                        break;
                    case arena::ChildCall::Kind::free: ImGui::Text("%s", w::grouped(call.len).c_str()); break;
                    }

                    ImGui::TableNextColumn();
                    switch (call.kind) {
                    case arena::ChildCall::Kind::alloc:
                        if (call.ok) ImGui::TextColored(w::good, "ok");
                        else ImGui::TextColored(w::error, "refused");
                        break;
                    case arena::ChildCall::Kind::resize:
                        if (call.ok) ImGui::TextColored(w::good, "ok, in place");
                        else ImGui::TextColored(w::error, "refused");
                        break;
                    case arena::ChildCall::Kind::free: ImGui::TextColored(w::muted, "given back"); break;
                    }
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
