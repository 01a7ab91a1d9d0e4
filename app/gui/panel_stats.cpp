// "Stats": where the arena's bytes go at the cursor (capacity, live,
// padding, stranded, free room, what the child holds, the overhead), and a
// plot of capacity and live bytes over the operations of the history, with
// the cursor marked. The plot's series is built once per history, a slice
// per frame, by walking the recorded steps (never blocking a frame).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/arena_layout.hpp"
#include "lab/i18n.hpp"
#include "gui/panels.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/numbers.hpp"

namespace gui {

namespace {

constexpr std::size_t max_points = 2048; // the plot samples this many operations at most

const ImVec4 capacity_colour{0.48f, 0.72f, 1.0f, 1.0f};
const ImVec4 used_colour{0.45f, 0.85f, 0.52f, 1.0f};

void rebuildIfStale(const lab::Lab& lab, StatsPanelState& s)
{
    const lab::History& h = lab.history();
    if (s.revision == lab.revision()) return;
    s.revision = lab.revision();
    s.op_index.clear();
    s.capacity.clear();
    s.used.clear();
    s.walk = h.pictureAt(0); // empty, of the script's model
    s.walk_step = 0;
    s.max_value = 1;
    const std::size_t n = h.opCount();
    const std::size_t points = std::min(n, max_points);
    for (std::size_t p = 0; p < points; ++p) {
        const std::size_t i = points == 1 ? n - 1 : p * (n - 1) / (points - 1);
        s.op_index.push_back(i);
        const std::size_t capacity = h.opState(i).capacity;
        s.capacity.push_back(static_cast<float>(capacity));
        s.max_value = std::max(s.max_value, capacity);
    }
}

// Advances the walk for a few milliseconds, recording live bytes at the end
// of each sampled operation.
void advance(const lab::Lab& lab, StatsPanelState& s)
{
    const lab::History& h = lab.history();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(4);
    std::size_t budget_check = 0;
    while (s.used.size() < s.op_index.size()) {
        if (s.walk_step >= h.opStepsEnd(s.op_index[s.used.size()])) {
            const std::size_t live = s.walk.live_bytes;
            s.used.push_back(static_cast<float>(live));
            s.max_value = std::max(s.max_value, live);
            continue;
        }
        const lab::StepEntry& e = h.step(s.walk_step);
        s.walk.apply(e.step, h.callsOf(e), e.op, h.opName(e.op), h.opThread(e.op));
        ++s.walk_step;
        if (++budget_check % 256 == 0 && std::chrono::steady_clock::now() > deadline) break;
    }
}

std::string percent(std::size_t part, std::size_t whole)
{
    if (whole == 0) return "";
    const double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    char buf[32];
    if (part == 0) std::snprintf(buf, sizeof buf, "0%%");
    else if (p < 1.0) std::snprintf(buf, sizeof buf, "<1%%");
    else if (p < 10.0) std::snprintf(buf, sizeof buf, "%.1f%%", p);
    else std::snprintf(buf, sizeof buf, "%.0f%%", p);
    return buf;
}

// A number short enough for a narrow cell: exact below 100,000, else in
// binary units (the tooltip has the exact value).
std::string compact(std::size_t n)
{
    return n < 100000 ? widgets::grouped(n) : lab::binaryUnits(n);
}

// One figure: its name, then the value (and share) right-aligned in the
// next column. `is_bytes` adds the exact byte count to the tooltip.
void statCell(const char* name, std::size_t value, const std::string& pct, const std::string& help,
              const ImVec4* colour = nullptr, bool is_bytes = true)
{
    ImGui::TableNextColumn();
    if (colour != nullptr) ImGui::TextColored(*colour, "%s", lab::tr(name));
    else ImGui::TextColored(widgets::muted, "%s", lab::tr(name));
    widgets::tooltip(lab::tr(std::string_view(help)));
    ImGui::TableNextColumn();
    // Counts are never shown in byte units: 100,000 allocations are not "97.7 KiB".
    const std::string v = is_bytes ? compact(value) : widgets::grouped(value);
    const std::string p = pct.empty() ? "" : " " + pct;
    const float width = ImGui::CalcTextSize((v + p).c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - width));
    ImGui::TextUnformatted(v.c_str());
    widgets::tooltip(is_bytes ? help + "\n" + widgets::bytes(value) : help);
    if (!p.empty()) {
        ImGui::SameLine(0.0f, 0.0f);
        ImGui::TextColored(widgets::muted, "%s", p.c_str());
    }
}

void drawPlot(lab::Lab& lab, ViewState& ui, StatsPanelState& s, float height)
{
    const lab::History& h = lab.history();
    // Legend.
    const float sq = ImGui::GetTextLineHeight() * 0.6f;
    const auto legend = [&](const ImVec4& c, const char* label) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float y = p.y + (ImGui::GetTextLineHeight() - sq) * 0.5f;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + sq, y + sq), widgets::u32(c));
        ImGui::Dummy(ImVec2(sq, ImGui::GetTextLineHeight()));
        ImGui::SameLine();
        ImGui::TextUnformatted(label);
    };
    legend(capacity_colour, lab::tr("capacity"));
    ImGui::SameLine(0.0f, widgets::em(1.0f));
    legend(used_colour, lab::tr("live bytes"));
    ImGui::SameLine(0.0f, widgets::em(1.0f));
    ImGui::TextColored(widgets::muted, "%s", lab::trf("max {}", compact(s.max_value)).c_str());
    widgets::tooltip(lab::trf("Capacity and live bytes after each operation of the history; the accent line is the cursor. The "
                        "top of the plot is {}.", widgets::bytes(s.max_value)));
    if (s.used.size() < s.op_index.size()) {
        ImGui::SameLine();
        ImGui::TextColored(widgets::muted, "%s",
                           lab::trf("computing {}%", s.used.size() * 100 / std::max<std::size_t>(s.op_index.size(), 1)).c_str());
    }

    const ImVec2 size(ImGui::GetContentRegionAvail().x, std::max(height - ImGui::GetTextLineHeightWithSpacing() - ImGui::GetStyle().ItemSpacing.y, widgets::em(2.5f)));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    ImGui::InvisibleButton("##plot", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, widgets::u32(ImGui::GetStyleColorVec4(ImGuiCol_FrameBg)));

    const std::size_t n = s.op_index.size();
    if (n == 0) {
        const char* text = lab::tr("No operations yet.");
        const ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(p0.x + (size.x - ts.x) * 0.5f, p0.y + (size.y - ts.y) * 0.5f), widgets::u32(widgets::muted), text);
        return;
    }
    const float pad = ImGui::GetFontSize() * 0.3f;
    const float left = p0.x + pad, right = p1.x - pad, top = p0.y + pad, bottom = p1.y - pad;
    const float scale = (bottom - top) / static_cast<float>(s.max_value);
    const auto xOf = [&](std::size_t k) {
        return n == 1 ? (left + right) * 0.5f : left + (right - left) * static_cast<float>(k) / static_cast<float>(n - 1);
    };
    const auto yOf = [&](float v) { return bottom - v * scale; };
    const float thickness = std::max(1.5f, ImGui::GetFontSize() / 9.0f);

    std::vector<ImVec2> points;
    points.reserve(n);
    for (std::size_t k = 0; k < n; ++k) points.emplace_back(xOf(k), yOf(s.capacity[k]));
    if (n == 1) dl->AddCircleFilled(points[0], thickness * 2.0f, widgets::u32(capacity_colour));
    else dl->AddPolyline(points.data(), static_cast<int>(n), widgets::u32(capacity_colour), 0, thickness);
    points.clear();
    for (std::size_t k = 0; k < s.used.size(); ++k) points.emplace_back(xOf(k), yOf(s.used[k]));
    if (points.size() == 1) dl->AddCircleFilled(points[0], thickness * 2.0f, widgets::u32(used_colour));
    else if (points.size() > 1) dl->AddPolyline(points.data(), static_cast<int>(points.size()), widgets::u32(used_colour), 0, thickness);

    // The cursor: the sample at or before the current operation.
    if (const auto op = lab.currentOpIndex()) {
        const auto it = std::upper_bound(s.op_index.begin(), s.op_index.end(), *op);
        const std::size_t k = it == s.op_index.begin() ? 0 : static_cast<std::size_t>(it - s.op_index.begin()) - 1;
        const float x = xOf(k);
        dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), widgets::u32(widgets::accent), thickness);
    }

    if (hovered) {
        const float mx = ImGui::GetIO().MousePos.x;
        const float t = right > left ? std::clamp((mx - left) / (right - left), 0.0f, 1.0f) : 0.0f;
        const std::size_t k = std::min(n - 1, static_cast<std::size_t>(t * static_cast<float>(n - 1) + 0.5f));
        const std::size_t i = s.op_index[k];
        const lab::OpEntry& op = h.op(i);
        dl->AddLine(ImVec2(xOf(k), p0.y), ImVec2(xOf(k), p1.y), widgets::u32(ImVec4(1, 1, 1, 0.35f)), 1.0f);
        std::string text = lab::trf("Operation {}, line {}: {}\ncapacity {}", widgets::grouped(i + 1), op.line,
                                    lab::toScript(op.command), widgets::bytes(op.state.capacity));
        if (k < s.used.size()) text += lab::trf("\nlive {}", widgets::bytes(static_cast<std::size_t>(s.used[k])));
        text += lab::tr("\nClick to go to the end of this operation.");
        widgets::tooltip(text);
        if (clicked) {
            ui.playing = false;
            lab.seek(op.steps_end);
        }
    }
}

} // namespace

void StatsPanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& rect)
{
    StatsPanelState& s = state_;
    rebuildIfStale(lab, s);
    advance(lab, s);

    if (widgets::beginPanel(N_("Stats"), rect)) {
        const lab::Picture& picture = lab.picture();
        const lab::PictureStats& st = pictureStats(lab, ui);
        const std::size_t newest_free = freeAfterEndIndex(picture);
        const std::size_t overhead = st.header_bytes + st.padding_bytes;

        // Two figures per row where the panel is wide enough, else one.
        const int pairs = ImGui::GetContentRegionAvail().x >= widgets::em(30.0f) ? 2 : 1;
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
        ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(widgets::em(0.3f), widgets::em(0.1f)));
        if (ImGui::BeginTable("##stats", pairs * 2, flags)) {
            for (int k = 0; k < pairs; ++k) {
                // The labels keep their width ("Free after end_index"); the figures take the rest.
                ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize(lab::tr("Free after end_index")).x);
                ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            }
            // Zig 0.16's arena: 24-byte Node headers, two lists, an end_index in every node.
            const bool z16 = picture.model == lab::Model::zig_0_16;
            statCell(N_("Capacity"), st.capacity, "",
                     z16 ? N_("queryCapacity(): the bytes after the 24-byte Node header of every node of both lists. "
                              "The shares below are of this.")
                         : N_("queryCapacity(): the bytes after the headers in every buffer. The shares below are of this."),
                     &capacity_colour);
            statCell(N_("Live"), st.live_bytes, percent(st.live_bytes, st.capacity),
                     N_("Bytes in allocations still in use (live handles), and their share of the capacity."), &used_colour);
            statCell(N_("Padding"), st.padding_bytes, percent(st.padding_bytes, st.capacity),
                     N_("Bytes skipped to align allocations: used, but by nothing."));
            statCell(N_("Stranded"), st.stranded_bytes, percent(st.stranded_bytes, st.capacity),
                     N_("Bytes freed or shrunk away when they were not the most recent allocation: the arena cannot "
                     "reuse them until a reset."));
            statCell(N_("Free after end_index"), newest_free, percent(newest_free, st.capacity),
                     z16 ? N_("Room left after end_index in the first node of used_list: the only place the next alloc "
                              "can go without asking the child or free_list.")
                         : N_("Room left after end_index in the newest buffer: the only place the next alloc can go without "
                     "asking the child."));
            statCell(N_("Held"), st.held_bytes, "",
                     z16 ? N_("Bytes the arena holds from the child: every node's whole length, its 24-byte header included.")
                         : N_("Bytes the arena holds from the child: every buffer's whole length, headers included."));
            statCell(N_("Overhead"), overhead, percent(overhead, st.held_bytes),
                     z16 ? N_("Node headers (24 bytes per node) plus alignment padding, and their share of the bytes held.")
                         : N_("Headers (16 bytes per buffer) plus alignment padding, and their share of the bytes held."));
            statCell(N_("Buffers"), picture.nodes.size(), "",
                     z16 ? N_("Nodes in used_list and free_list (each starts with a 24-byte Node header).")
                         : N_("Nodes in the arena's buffer list (each starts with a 16-byte header)."),
                     nullptr, false);
            statCell(N_("Allocs"), st.live_allocations, "", N_("Live allocations at this step."), nullptr, false);
            statCell("end_index", picture.end_index, "",
                     z16 ? N_("Bytes used in the first node of used_list after its 24-byte header: the next allocation "
                              "starts here (plus padding). Every node keeps its own end_index.")
                         : N_("Bytes used in the newest buffer after its header: the next allocation starts here (plus "
                     "padding)."));
            ImGui::EndTable();
        }
        ImGui::PopStyleVar();

        ImGui::Spacing();
        drawPlot(lab, ui, s, std::max(ImGui::GetContentRegionAvail().y, widgets::em(4.0f)));
    }
    ImGui::End();
}

namespace {

struct NumberCell {
    std::string label, value, tip;
};

std::vector<NumberCell> numberCells(const lab::Lab& lab, ViewState& ui)
{
    const lab::Picture& picture = lab.picture();
    const lab::PictureStats& st = pictureStats(lab, ui);
    // One row per number; its tooltip names the model's own parts (buffers
    // with 16-byte headers, or Zig 0.16's nodes and lists).
    const bool z16 = picture.model == lab::Model::zig_0_16;
    const auto tip = [z16](const char* classic, const char* zig016) -> std::string {
        return lab::tr(z16 ? zig016 : classic);
    };
    // Byte counts read as the picture's labels do (lab::bytesShort: "2,048 B",
    // "2197.3 KiB"); the tooltip adds the exact count.
    const auto exact = [](std::size_t n) { return "\n" + widgets::bytes(n); };
    return {
        {"end_index", widgets::grouped(picture.end_index),
         tip(N_("Bytes used in the newest buffer after its header."),
             N_("Bytes used in the first node of used_list after its 24-byte Node header."))},
        {lab::tr("capacity"), lab::bytesShort(st.capacity),
         tip(N_("queryCapacity(): the bytes after the headers of every buffer."),
             N_("queryCapacity(): the bytes after the 24-byte Node header of every node.")) + exact(st.capacity)},
        {lab::tr("nodes"), widgets::grouped(picture.nodes.size()),
         tip(N_("Buffers in the arena's list."), N_("Nodes in used_list and free_list."))},
        {lab::tr("child holds"), lab::bytesShort(st.held_bytes),
         tip(N_("Bytes the child allocator holds for the arena: every buffer's whole length, headers included."),
             N_("Bytes the child allocator holds for the arena: every node's whole length, its 24-byte header included."))
             + exact(st.held_bytes)},
        {lab::tr("free after end_index"), lab::bytesShort(freeAfterEndIndex(picture)),
         tip(N_("Room left after end_index in the newest buffer."),
             N_("Room left after end_index in the first node of used_list.")) + exact(freeAfterEndIndex(picture))},
    };
}

float cellWidth(const NumberCell& c)
{
    return ImGui::CalcTextSize((c.label + "  " + c.value).c_str()).x + widgets::em(1.5f);
}

// How many rows the cells take at `avail` pixels wide.
int cellRows(const std::vector<NumberCell>& cells, float avail)
{
    int rows = 1;
    float x = 0;
    for (const NumberCell& c : cells) {
        const float cw = cellWidth(c);
        if (x > 0 && x + cw > avail) {
            ++rows;
            x = 0;
        }
        x += cw;
    }
    return rows;
}

} // namespace

float numbersStripHeight(const lab::Lab& lab, ViewState& ui, float width)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    const int rows = cellRows(numberCells(lab, ui), width - style.WindowPadding.x * 2.0f);
    return static_cast<float>(rows) * ImGui::GetTextLineHeightWithSpacing() + style.WindowPadding.y * 2.0f;
}

void drawNumbersStrip(lab::Lab& lab, ViewState& ui, const PanelRect& rect)
{
    if (widgets::beginPanel(N_("Numbers"), rect, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        const std::vector<NumberCell> cells = numberCells(lab, ui);
        const float avail = ImGui::GetContentRegionAvail().x;
        float x = 0;
        for (const NumberCell& c : cells) {
            const float cw = cellWidth(c);
            if (x > 0 && x + cw <= avail) ImGui::SameLine(x);
            else if (x > 0) x = 0;
            widgets::labelValue(c.label, c.value, ui.layout_record, "numbers cell");
            widgets::tooltip(c.tip);
            x += cw;
        }
    }
    ImGui::End();
}

const lab::PictureStats& pictureStats(const lab::Lab& lab, ViewState& ui)
{
    PictureStatsCache& cache = ui.picture_stats;
    if (const LabMark key{lab.revision(), lab.cursor()}; cache.key != key) {
        cache.stats = lab.picture().stats();
        cache.key = key;
    }
    return cache.stats;
}

} // namespace gui
