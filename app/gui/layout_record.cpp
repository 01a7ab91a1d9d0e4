#include "gui/layout_record.hpp"

#include <imgui_internal.h> // ImGui::FindWindowByName: how far each panel would scroll

#include <string>
#include <utility>

namespace gui {

RecordedRect& LayoutRecord::text(std::string what, ImVec2 min, ImVec2 max, float font_px)
{
    const ImDrawList* draw = ImGui::GetWindowDrawList();
    return text(std::move(what), min, max, draw->GetClipRectMin(), draw->GetClipRectMax(), font_px);
}

RecordedRect& LayoutRecord::text(std::string what, ImVec2 min, ImVec2 max, ImVec2 inside_min, ImVec2 inside_max,
                                 float font_px)
{
    RecordedRect& r = texts.emplace_back();
    r.what = std::move(what);
    r.x = min.x;
    r.y = min.y;
    r.w = max.x - min.x;
    r.h = max.y - min.y;
    r.px = inside_min.x;
    r.py = inside_min.y;
    r.pw = inside_max.x - inside_min.x;
    r.ph = inside_max.y - inside_min.y;
    r.font_px = font_px;
    return r;
}

void LayoutRecord::panelOverflow(std::initializer_list<const char*> window_names)
{
    for (const char* name : window_names) {
        const ImGuiWindow* window = ImGui::FindWindowByName(name);
        if (window == nullptr) window = ImGui::FindWindowByName((std::string("###") + name).c_str()); // in another language (widgets::beginPanel)
        if (window == nullptr || !window->WasActive) continue;
        panels.push_back({name, window->ScrollMax.x, window->ScrollMax.y});
    }
}

} // namespace gui
