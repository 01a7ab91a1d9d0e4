// "Child allocator": the child's settings and what it holds, then every
// call the arena made to it up to the cursor, oldest first: which
// operation and step made it, the buffer, the lengths and the answer. The
// calls of the current step are highlighted; the log follows the cursor.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

#include <imgui.h>

#include "gui/panels.hpp"
#include "lab/i18n.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/explain.hpp"

namespace gui {

namespace {

// The step (index into the history) that made call `i`, among the first
// `steps` steps.
std::size_t stepOfCall(const lab::History& h, std::size_t steps, std::size_t i)
{
    return std::min(h.stepOfCall(i), steps == 0 ? 0 : steps - 1);
}

std::string bufName(std::uint64_t buf) { return buf == arena::ChildCall::no_buf ? "-" : "#" + std::to_string(buf); }

// What a row of the log shows of one call, cell by cell (its line, the
// call and buffer, the lengths, the answer): the one place that says it, for
// the columns' widths and for the rows alike.
struct CallCells {
    std::string line, called, length, result;
    ImVec4 result_colour = widgets::good;
    ImVec4 called_colour = widgets::good;
};

CallCells callCells(const arena::ChildCall& call, const lab::OpEntry& op)
{
    CallCells c;
    c.line = std::to_string(op.line);
    const std::string kind(arena::callName(call.kind));
    c.called = kind + " " + bufName(call.buf);
    switch (call.kind) {
    case arena::ChildCall::Kind::alloc:
        c.length = widgets::grouped(call.len) + " (" + widgets::grouped(call.alignment) + ")";
        c.result = call.ok ? lab::tr("ok") : lab::tr("refused");
        break;
    case arena::ChildCall::Kind::resize:
        c.length = widgets::grouped(call.len) + " \u2192 " + widgets::grouped(call.new_len);
        c.result = call.ok ? lab::tr("in place") : lab::tr("refused");
        c.called_colour = widgets::info;
        break;
    case arena::ChildCall::Kind::free:
        c.length = widgets::grouped(call.len);
        c.result = lab::tr("given back");
        c.result_colour = widgets::muted;
        c.called_colour = widgets::muted;
        break;
    }
    if (!call.ok && call.kind != arena::ChildCall::Kind::free) c.result_colour = widgets::error;
    return c;
}

// The widest text of each column over the whole log (not only up to the
// cursor: the columns keep their widths while the lesson steps), measured
// once per history; widths follow the text size by measuring these again.
void findWidest(const lab::History& h, ChildLogPanelState& s, std::uint64_t revision)
{
    if (s.widest_for == revision) return;
    s.widest_for = revision;
    s.widest = {};
    float best[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < h.calls().size(); ++i) {
        const CallCells c = callCells(h.calls()[i], h.op(h.step(stepOfCall(h, h.stepCount(), i)).op));
        const std::string* texts[4] = {&c.line, &c.called, &c.length, &c.result};
        for (int k = 0; k < 4; ++k) {
            const float wide = ImGui::CalcTextSize(texts[k]->c_str()).x;
            if (wide > best[k]) {
                best[k] = wide;
                s.widest[static_cast<std::size_t>(k)] = *texts[k];
            }
        }
    }
}

// A cell's text, whole (the columns are as wide as their widest text), and
// where it went in the layout record: inside its column, never cut at its
// edges (a row may scroll out of the log's view, top or bottom).
void cell(ViewState& ui, const std::string& text, const ImVec4& colour)
{
    ImGui::TextColored(colour, "%s", text.c_str());
    const ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    RecordedRect& r = ui.layout_record.text("child cell", min, max, ImVec2(draw->GetClipRectMin().x, min.y),
                                            ImVec2(draw->GetClipRectMax().x, max.y), ImGui::GetFontSize());
    r.text = text;
    r.lines = {text};
}

void drawConfig(const lab::Lab& lab, ViewState& ui)
{
    const arena::InstrumentedChild& child = lab.session().child();
    const arena::ChildConfig& c = child.config();
    const lab::PictureStats stats = pictureStats(lab, ui);

    ImGui::TextColored(widgets::muted, "%s", lab::tr("Holds"));
    ImGui::SameLine();
    // Wrapped: in Chinese at 1366x768 the line ran past the panel's edge.
    ImGui::TextWrapped(lab.picture().nodes.size() == 1 ? lab::tr("%s in %s buffer") : lab::tr("%s in %s buffers"),
                       widgets::bytes(stats.held_bytes).c_str(), widgets::grouped(lab.picture().nodes.size()).c_str());
    widgets::tooltip(lab::tr("The bytes of the buffers the arena holds from the child at this step (headers included)."));

    // The settings (lab::childSettings: the Controls panel's words, byte
    // counts as the picture's labels say them); a pair goes to the next row
    // when the panel is too narrow for it.
    ImGui::BeginGroup();
    bool first = true;
    for (const auto& [label, value] : lab::childSettings(c)) {
        const float width = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().ItemSpacing.x +
                            ImGui::CalcTextSize(value.c_str()).x;
        if (!first) widgets::sameLineIfFits(width, ImGui::GetFontSize());
        first = false;
        widgets::labelValue(label, value, ui.layout_record, "child setting");
    }
    ImGui::EndGroup();
    widgets::tooltip(lab::trf("The child's settings. resize: when it grows or shrinks a buffer in place (never, shrink, pages, "
                        "always). page: the page size for 'pages'. offset: where buffers start, modulo 4096. limit: the most "
                        "bytes held at once ({}).", widgets::bytes(c.limit))
               + std::string(lab.atEnd() ? "" : lab::tr(" These are the settings at the end of the history.")));

    const std::size_t pa = child.pendingFailures(arena::ChildCall::Kind::alloc);
    const std::size_t pr = child.pendingFailures(arena::ChildCall::Kind::resize);
    if (pa + pr > 0) {
        ImGui::TextColored(widgets::info, lab::tr("Pending failures: %s alloc, %s resize"), widgets::grouped(pa).c_str(),
                           widgets::grouped(pr).c_str());
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

        // Every cell whole: each column is as wide as its widest text in
        // the log. Where the panel has room, one row per call: #, its line,
        // the call, the lengths, the answer; narrower, the line goes (the
        // row's tooltip names it, and its rows stay highlighted); narrower
        // still, the answer goes under the call, two lines a row; and where
        // even that does not fit, the log scrolls sideways rather than cut.
        findWidest(h, s, lab.revision());
        const ImGuiStyle& style = ImGui::GetStyle();
        const auto textW = [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; };
        const float number_w = std::max(textW(std::to_string(h.calls().size())), textW("#"));
        const float line_w = std::max(textW(s.widest[0]), textW(lab::tr("Line")));
        const float call_w = std::max(textW(s.widest[1]), textW(lab::tr("Call")));
        const float length_w = std::max(textW(s.widest[2]), textW(lab::tr("Length")));
        const float result_w = std::max(textW(s.widest[3]), textW(lab::tr("Result")));
        const float avail = ImGui::GetContentRegionAvail().x - style.ScrollbarSize;
        const auto needs = [&](std::initializer_list<float> columns) {
            float total = 1.0f;
            for (const float c : columns) total += c + 2.0f * style.CellPadding.x + 1.0f;
            return total;
        };
        const bool with_line = needs({number_w, line_w, call_w, length_w, result_w}) <= avail;
        const bool one_line = with_line || needs({number_w, call_w, length_w, result_w}) <= avail;
        const bool sideways = !one_line && needs({number_w, std::max(call_w, result_w), length_w}) > avail;
        ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
        if (sideways) flags |= ImGuiTableFlags_ScrollX;
        const int columns = with_line ? 5 : one_line ? 4 : 3;
        if (rows == 0) {
            ImGui::Separator();
            // In a region that scrolls when the panel is short: never cut in silence.
            widgets::beginChild("##no_calls", ImVec2(0.0f, 0.0f), false);
            widgets::wrappedColored(widgets::muted, lab::tr("No calls to the child yet. The arena calls its child when it needs a buffer "
                                        "(alloc), wants to grow one in place (resize), or gives one back (free)."));
            ImGui::EndChild();
        } else if (ImGui::BeginTable("##calls", columns, flags, ImVec2(0.0f, 0.0f))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, number_w);
            if (with_line) ImGui::TableSetupColumn(lab::tr("Line"), ImGuiTableColumnFlags_WidthFixed, line_w);
            ImGui::TableSetupColumn(one_line ? lab::tr("Call") : lab::tr("Call, result"), ImGuiTableColumnFlags_WidthFixed,
                                    one_line ? call_w : std::max({call_w, result_w, textW(lab::tr("Call, result"))}));
            ImGui::TableSetupColumn(lab::tr("Length"), ImGuiTableColumnFlags_WidthFixed, length_w);
            if (one_line) ImGui::TableSetupColumn(lab::tr("Result"), ImGuiTableColumnFlags_WidthFixed, result_w);
            ImGui::TableHeadersRow();

            const int row_count = static_cast<int>(std::min<std::size_t>(rows, INT32_MAX));
            const bool follow = s.scroll_frames > 0;
            if (follow) --s.scroll_frames;
            const float row_h = one_line ? 0.0f : 2.0f * ImGui::GetTextLineHeight() + style.ItemSpacing.y;
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
                    const CallCells c = callCells(call, op);

                    const std::string script = std::to_string(op.line) + ": " + lab::toScript(op.command);
                    const std::string kind(arena::callName(call.kind));
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

                    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                    if (in_step) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, widgets::u32(widgets::accent_bg));
                    else if (in_op) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, widgets::u32(widgets::accent_faint));

                    ImGui::TableNextColumn();
                    const std::string number = std::to_string(i + 1);
                    if (ImGui::Selectable(number.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0.0f, row_h))) {
                        ui.playing = false;
                        lab.seek(k + 1);
                    }
                    // The whole row, with its operation.
                    if (ImGui::IsItemHovered()) {
                        widgets::tooltip(whole + "\n\n" + lab::trf("Made by step {0} ({1}). Click to go to that step.",
                                                             widgets::grouped(k + 1), arena::stepName(st.step.kind)));
                    }

                    if (with_line) {
                        ImGui::TableNextColumn();
                        cell(ui, c.line, in_op ? widgets::accent : ImGui::GetStyleColorVec4(ImGuiCol_Text));
                    }
                    ImGui::TableNextColumn();
                    cell(ui, c.called, c.called_colour);
                    if (!one_line) {
                        cell(ui, c.result, c.result_colour);
                        if (follow && r == row_count - 1) ImGui::SetScrollHereY(1.0f); // both of its lines
                    }
                    ImGui::TableNextColumn();
                    cell(ui, c.length, ImGui::GetStyleColorVec4(ImGuiCol_Text));
                    if (one_line) {
                        ImGui::TableNextColumn();
                        cell(ui, c.result, c.result_colour);
                        if (follow && r == row_count - 1) ImGui::SetScrollHereY(1.0f);
                    }
                }
            }
            clipper.End();

            ImGui::EndTable();
        }
    }
    ImGui::End();
}

} // namespace gui
