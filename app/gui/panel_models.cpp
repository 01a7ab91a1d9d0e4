// The two arenas side by side: the script run on the classic arena and on
// Zig 0.16's (lab/compare_models.hpp), shown at the operation the cursor is
// in: each arena's whole picture, drawn as the arena view draws it
// (drawLayout: nodes, headers, allocations, end_index markers, used_list
// and free_list), both to one scale; the numbers of that operation where
// they differ, and why.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gui/panels.hpp"
#include "gui/renderer.hpp"
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

ModelsPanel::ModelsPanel() = default;
ModelsPanel::~ModelsPanel() = default;

void ModelsPanel::releaseRenderers()
{
    for (auto& r : renderers_) r.reset();
}

ArenaRenderer* ModelsPanel::renderer(std::size_t side)
{
    if (!renderers_[side] && !renderers_failed_) {
        auto made = std::make_unique<ArenaRenderer>();
        std::string error;
        if (made->init(error)) renderers_[side] = std::move(made);
        else renderers_failed_ = true; // the bars below stand in
    }
    return renderers_[side].get();
}

// One side's picture at the cursor's row, w x h at the cursor, labels by
// `metrics`, `px_per_byte` the scale both sides share (0: this side's own fit).
void ModelsPanel::drawPicture(std::size_t side, const lab::Picture& pic, const std::vector<std::string>& names,
                              const LayoutMetrics& metrics, float w, float h, double px_per_byte, bool presentation)
{
    ArenaRenderer* r = renderer(side);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, h));
    if (r == nullptr) return;
    const Palette& colours = paletteFor(presentation);
    r->setPalette(colours);
    ArenaLayout layout = layoutArena(pic, w, h, Camera{}, metrics, names, lab::no_name, colours);
    if (px_per_byte > 0 && layout.px_per_byte > 0)
        layout = layoutArena(pic, w, h, Camera{static_cast<float>(px_per_byte / layout.px_per_byte), 0, 0}, metrics, names,
                             lab::no_name, colours);
    drawLayout(*r, layout, layout.instances, at.x, at.y, w, h);
    state_.drawn[side] = ModelsViewState::Drawn{pic, std::move(layout), at.x, at.y, w, h};
}

void ModelsPanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& arena)
{
    ModelsViewState& m = state_;
    m.drawn = {};
    if (!ui.comparing_models) return;
    // The arena view's width, down over the Step panel to the status line:
    // two pictures and their numbers need the room.
    const float room = ImGui::GetIO().DisplaySize.y - arena.y - widgets::em(2.5f);
    ImGui::SetNextWindowPos(ImVec2(arena.x, arena.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(arena.w, std::max(arena.h, room)), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);
    const std::string title = std::string(lab::tr("The two arenas: Zig 0.15 and Zig 0.16")) + "###models";
    if (!ImGui::Begin(title.c_str(), &ui.comparing_models,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar |
                          ImGuiWindowFlags_NoScrollWithMouse)) {
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
    if (row.differences.empty()) {
        say(&widgets::good, lab::tr("Both arenas did the same here."));
    } else {
        say(nullptr, lab::tr("Where they differ (zig-0.15 | zig-0.16):"));
        for (const std::string& d : row.differences) say(&widgets::error, "  " + d);
        say(nullptr, lab::trf("Why: {}", row.why));
    }

    const std::array<lab::Picture, 2> pictures{lab::pictureAfter(cmp, 0, op), lab::pictureAfter(cmp, 1, op)};
    if (ImGui::BeginTable("##models_columns", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame)) {
        // First row: what each side is and its numbers; second: the pictures, level with each other.
        for (std::size_t k = 0; k < 2; ++k) {
            const lab::OpRecord& r = row.records[k];
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
            say(&widgets::accent, k == 0 ? lab::tr("zig-0.15: the classic arena, 16-byte BufNode header")
                                         : lab::tr("zig-0.16: lock-free, 24-byte Node header, used_list"));
            say(nullptr, lab::trf("child asked: {}", lab::childAskedText(r)));
            say(nullptr, lab::trf("capacity {}, end_index {}", widgets::bytes(r.state.capacity), widgets::grouped(r.state.end_index)));
            ImGui::PopTextWrapPos();
        }
        ImGui::TableNextRow();
        const float bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
        const float pic_h = std::floor(std::max(widgets::em(4), bottom - ImGui::GetCursorScreenPos().y - widgets::em(0.3f)));
        // One text size and one scale for both: the finer of the two fits,
        // so equal bytes are equally long on both sides.
        const std::size_t rows = std::max<std::size_t>({1, pictures[0].nodes.size(), pictures[1].nodes.size()});
        const LayoutMetrics metrics =
            labelMetrics(fitTextScale(rows, lab::Model::zig_0_16, pic_h, ui.presentation), ui.presentation);
        double px_per_byte = 0;
        for (std::size_t k = 0; k < 2; ++k) {
            ImGui::TableNextColumn();
            const float col_w = std::floor(ImGui::GetContentRegionAvail().x);
            const lab::History* side = cmp.histories[k].get();
            const std::vector<std::string> none;
            const std::vector<std::string>& names = side != nullptr ? side->names() : none;
            if (k == 0) // both columns are equally wide (SizingStretchSame)
                for (const lab::Picture& p : pictures)
                    if (!p.nodes.empty()) {
                        const double s = layoutArena(p, col_w, pic_h, Camera{}, metrics, names).px_per_byte;
                        px_per_byte = px_per_byte == 0 ? s : std::min(px_per_byte, s);
                    }
            if (renderer(k) != nullptr) {
                drawPicture(k, pictures[k], names, metrics, col_w, pic_h, px_per_byte, ui.presentation);
            } else {
                std::size_t longest = 1;
                for (const lab::NodeState& n : row.records[k].state.nodes)
                    longest = std::max({longest, n.len, lab::modelHeaderBytes(row.records[k].state.model) + n.end_index});
                drawNodeBars(row.records[k].state, col_w / static_cast<float>(longest), col_w);
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

} // namespace gui
