// The two arenas side by side: the script run on the classic arena and on
// Zig 0.16's (lab/compare_models.hpp), shown at the operation the cursor is
// in: each arena's buffers to one scale (its header, and for Zig 0.16 each
// node's end_index, past the end bar when a failed fit left it there), the
// numbers of that operation where they differ, and why.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "gui/panels.hpp"
#include "gui/widgets.hpp"
#include "lab/i18n.hpp"

namespace gui {

void drawNodeBars(const lab::ArenaState& s, float scale, float width)
{
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float bar_h = widgets::em(0.9f);
    if (s.nodes.empty()) {
        ImGui::TextColored(widgets::muted, "%s", lab::tr("no buffer"));
        return;
    }
    const std::size_t header = lab::modelHeaderBytes(s.model);
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const lab::NodeState& n = s.nodes[i];
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float len_px = std::max(2.0f, std::min(width, static_cast<float>(n.len) * scale));
        draw->AddRectFilled(at, ImVec2(at.x + len_px, at.y + bar_h), widgets::u32(widgets::info));
        draw->AddRectFilled(at, ImVec2(at.x + std::min(len_px, static_cast<float>(header) * scale), at.y + bar_h),
                            widgets::u32(widgets::muted));
        // The classic arena keeps one end_index, the first buffer's; Zig 0.16 one per node.
        const bool has_end = s.model == lab::Model::zig_0_16 || i == 0;
        const std::size_t end = s.model == lab::Model::zig_0_16 ? n.end_index : s.end_index;
        if (has_end) {
            const float x = at.x + std::min(width - 2.0f, static_cast<float>(header + end) * scale);
            draw->AddRectFilled(ImVec2(x - 1, at.y - 2), ImVec2(x + 2, at.y + bar_h + 2), widgets::u32(widgets::accent));
        }
        ImGui::Dummy(ImVec2(width, bar_h));
        std::string text = lab::trf("buf {}: {}", n.buf, widgets::bytes(n.len));
        if (has_end) {
            text += ", end_index " + widgets::grouped(end);
            if (header + end > n.len) text += lab::tr(" (past the end)");
        }
        widgets::textWrapped(widgets::muted, text);
    }
}

void ModelsPanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& arena)
{
    ModelsViewState& m = state_;
    if (!ui.comparing_models) return;
    const float width = std::min(arena.w - widgets::em(1), widgets::em(56));
    ImGui::SetNextWindowPos(ImVec2(arena.x + arena.w / 2, arena.y + widgets::em(0.5f)), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    const float room = ImGui::GetIO().DisplaySize.y - arena.y - widgets::em(3);
    ImGui::SetNextWindowSize(ImVec2(width, std::max(widgets::em(8), std::min(room, widgets::em(30)))), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);
    const std::string title = std::string(lab::tr("The two arenas: Zig 0.15 and Zig 0.16")) + "###models";
    if (!ImGui::Begin(title.c_str(), &ui.comparing_models,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                          ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    if (!m.result || m.revision != lab.revision()) {
        m.result = lab::compareModels(lab::parseScript(lab.text()).script);
        m.revision = lab.revision();
    }
    const lab::ModelComparison& cmp = *m.result;
    // The operation the cursor is in (the first before any step).
    const lab::History& h = lab.history();
    const std::size_t op = lab.cursor() == 0 || h.opCount() == 0 ? 0 : h.opAtPosition(lab.cursor());
    m.shown.clear();
    const auto say = [&m](const ImVec4* colour, const std::string& text) {
        m.shown.push_back(text);
        if (colour != nullptr) widgets::textWrapped(*colour, text);
        else widgets::textWrapped(text);
    };
    if (op >= cmp.rows.size()) {
        say(&widgets::muted, lab::tr("No operation to compare here: the script has none, or one arena stopped before it."));
        ImGui::End();
        return;
    }
    const lab::ModelRow& row = cmp.rows[op];
    say(&widgets::accent, lab::trf("Operation {}, line {}: {}", widgets::grouped(op + 1), row.line, row.statement));

    std::size_t longest = 1;
    for (const lab::OpRecord& r : row.records)
        for (const lab::NodeState& n : r.state.nodes)
            longest = std::max({longest, n.len, lab::modelHeaderBytes(r.state.model) + n.end_index});
    if (ImGui::BeginTable("##models_columns", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame)) {
        for (std::size_t k = 0; k < 2; ++k) {
            const lab::OpRecord& r = row.records[k];
            ImGui::TableNextColumn();
            const float col_w = ImGui::GetContentRegionAvail().x;
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
            say(&widgets::accent, k == 0 ? lab::tr("zig-0.15: the classic arena, 16-byte BufNode header")
                                         : lab::tr("zig-0.16: lock-free, 24-byte Node header, used_list"));
            drawNodeBars(r.state, col_w / static_cast<float>(longest), col_w);
            say(nullptr, lab::trf("child asked: {}", lab::childAskedText(r)));
            say(nullptr, lab::trf("capacity {}, end_index {}", widgets::bytes(r.state.capacity), widgets::grouped(r.state.end_index)));
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
    if (row.differences.empty()) {
        say(&widgets::good, lab::tr("Both arenas did the same here."));
    } else {
        say(nullptr, lab::tr("Where they differ (zig-0.15 | zig-0.16):"));
        for (const std::string& d : row.differences) say(&widgets::error, "  " + d);
        say(nullptr, lab::trf("Why: {}", row.why));
    }
    ImGui::End();
}

} // namespace gui
