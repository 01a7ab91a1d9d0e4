// Small pieces the panels share: the panel window shell, the palette (one
// accent colour for "the current step/line" everywhere, red for errors),
// explaining tooltips, and number formatting with the script's rules.
// (Text fields edit std::strings through imgui_stdlib's ImGui::InputText;
// shortcuts come from the command table, commands.hpp.)
// Sizes derive from the current font so everything scales on a projector.
// Header-only, so the gui library's source list needs no extra file.
#pragma once

#include <imgui.h>
#include <imgui_internal.h> // CalcWrapWidthForPos, the window's pushed wrap position

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <cfloat>

#include "gui/fonts.hpp"
#include "gui/layout_record.hpp"
#include "gui/panel_rect.hpp"
#include "lab/i18n.hpp"
#include "lab/numbers.hpp"
#include "lab/text_wrap.hpp"

namespace gui::widgets {

// ---- palette -------------------------------------------------------------
// The current step / line / operation, in every panel.
inline const ImVec4 accent{0.98f, 0.76f, 0.28f, 1.0f};
// Backgrounds behind the current line or row (the accent, translucent).
inline const ImVec4 accent_bg{0.98f, 0.76f, 0.28f, 0.22f};
// Earlier steps of the current operation (fainter than the current one).
inline const ImVec4 accent_faint{0.98f, 0.76f, 0.28f, 0.09f};
inline const ImVec4 error{1.0f, 0.45f, 0.42f, 1.0f};
inline const ImVec4 error_bg{1.0f, 0.30f, 0.28f, 0.20f};
inline const ImVec4 good{0.45f, 0.85f, 0.52f, 1.0f};
inline const ImVec4 muted{0.62f, 0.66f, 0.72f, 1.0f};
inline const ImVec4 info{0.48f, 0.72f, 1.0f, 1.0f};

inline ImU32 u32(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }

// ---- sizes ---------------------------------------------------------------
// n times the current font size: the unit for every length in the panels.
inline float em(float n) { return n * ImGui::GetFontSize(); }

// ---- windows -------------------------------------------------------------
// Places the panel's window in `rect` and begins it (fixed, no saved
// settings). Always pair with ImGui::End(), whatever it returns.
inline bool beginPanel(const char* title, const PanelRect& rect, ImGuiWindowFlags extra = 0);
// ImGui::BeginChild, with its background painted as beginPanel's is.
inline bool beginChild(const char* id, const ImVec2& size, bool border, ImGuiWindowFlags flags = 0);

// Paints [min, max) in `colour` before any window is drawn, with a
// scissored clear (app.cpp). Under a software renderer ImGui's filling of a
// window's background costs as much per pixel as anything it draws, and
// a clear next to nothing: the panels' opaque backgrounds go this way.
void clearBehind(const ImVec2& min, const ImVec2& max, ImU32 colour);

// Continues on the last item's line, `gap` pixels on (the style's item
// spacing when negative), when `next_width` more pixels fit before the
// window's right edge, else starts a new line.
inline void sameLineIfFits(float next_width, float gap = -1.0f);
// A muted label and its value on one line, as one item, recorded in the
// layout as `what` with the text "label value" on one line (a pair is
// never wrapped): the numbers strip's cells, the child's settings.
inline void labelValue(const std::string& label, const std::string& value, LayoutRecord& record, const char* what);
// The width of a button with this label.
inline float buttonWidth(const char* label);

// ---- text ----------------------------------------------------------------
// Every wrapped text goes through the one wrapper, lab::wrapText (never
// inside a number or an identifier, the Chinese rules), not ImGui's own
// (which ends a line after any comma: "1," / "048").
// `text` in lines at most `width` pixels wide in `font` at `size` (the
// current font and size by default).
inline std::vector<std::string_view> wrapLines(std::string_view text, float width, ImFont* font = nullptr,
                                               float size = 0.0f);
// The same lines joined by '\n', to draw unwrapped.
inline std::string wrapped(std::string_view text, float width, ImFont* font = nullptr, float size = 0.0f);
// The height wrapLines' lines take.
inline float wrappedHeight(std::string_view text, float width, ImFont* font = nullptr, float size = 0.0f);
// Text wrapped where ImGui::TextWrapped would wrap it: at the position
// PushTextWrapPos set, or at the window's edge when none is set.
inline void textWrapped(std::string_view text);
inline void textWrapped(const ImVec4& colour, std::string_view text);
// A wrapped tooltip on the last item when it is hovered (also when disabled).
inline void tooltip(std::string_view text);
// When set (tests), every tooltip a frame declares is added to it, hovered or not.
inline std::vector<std::string>* tooltip_record = nullptr;
// Text in a colour, wrapped at the window's edge.
inline void wrappedColored(const ImVec4& colour, std::string_view text);
// The lab's one number formatter (lab/numbers.hpp), so panels, tooltips
// and the lab's messages agree: "1,234,567", "1 byte", "12,288 bytes (12.0 KiB)".
using lab::grouped;
using lab::bytes;

// ---- definitions --------------------------------------------------------


inline bool beginPanel(const char* title, const PanelRect& rect, ImGuiWindowFlags extra)
{
    ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(std::max(rect.w, 1.0f), std::max(rect.h, 1.0f)), ImGuiCond_Always);
    // An opaque background is painted by clearBehind (panels never overlap).
    const bool opaque = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg).w >= 1.0f && ImGui::GetStyle().Alpha >= 1.0f;
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse
        | ImGuiWindowFlags_NoSavedSettings | extra;
    // Alpha 0 skips the fill but keeps the border (NoBackground drops both).
    if (opaque) ImGui::SetNextWindowBgAlpha(0.0f);
    // The title in the reader's language; the window keeps its English name
    // as its identity (`###`), so findPanel() and the layout record find it
    // in either language.
    const char* shown = lab::tr(title);
    const std::string name = shown == title ? std::string(title) : std::string(shown) + "###" + title;
    const bool open = ImGui::Begin(name.c_str(), nullptr, flags);
    if (opaque) {
        const ImVec2 pos = ImGui::GetWindowPos();
        const ImVec2 size = ImGui::GetWindowSize();
        clearBehind(pos, ImVec2(pos.x + size.x, pos.y + size.y), ImGui::GetColorU32(ImGuiCol_WindowBg));
    }
    return open;
}

inline bool beginChild(const char* id, const ImVec2& size, bool border, ImGuiWindowFlags flags)
{
    // ImGui fills a child's background clipped to its parent's clip rectangle.
    const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
    const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    const bool opaque = ImGui::GetStyleColorVec4(ImGuiCol_ChildBg).w >= 1.0f && ImGui::GetStyle().Alpha >= 1.0f;
    if (opaque) ImGui::SetNextWindowBgAlpha(0.0f); // no fill; the border stays
    const bool open = ImGui::BeginChild(id, size, border, flags);
    if (opaque) {
        const ImVec2 pos = ImGui::GetWindowPos();
        const ImVec2 sz = ImGui::GetWindowSize();
        const ImVec2 lo(std::max(pos.x, clip_min.x), std::max(pos.y, clip_min.y));
        const ImVec2 hi(std::min(pos.x + sz.x, clip_max.x), std::min(pos.y + sz.y, clip_max.y));
        if (hi.x > lo.x && hi.y > lo.y) clearBehind(lo, hi, ImGui::GetColorU32(ImGuiCol_ChildBg));
    }
    return open;
}

inline void sameLineIfFits(float next_width, float gap)
{
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float spacing = gap < 0.0f ? ImGui::GetStyle().ItemSpacing.x : gap;
    if (ImGui::GetItemRectMax().x + spacing + next_width <= right) ImGui::SameLine(0.0f, gap);
}

inline void labelValue(const std::string& label, const std::string& value, LayoutRecord& record, const char* what)
{
    ImGui::BeginGroup();
    ImGui::TextColored(muted, "%s", label.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(value.c_str());
    ImGui::EndGroup();
    RecordedRect& r = record.text(what, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFontSize());
    r.text = label + " " + value;
    r.lines = {r.text};
}

inline float buttonWidth(const char* label)
{
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

inline std::vector<std::string_view> wrapLines(std::string_view text, float width, ImFont* font, float size)
{
    if (font == nullptr) font = ImGui::GetFont();
    if (size <= 0.0f) size = ImGui::GetFontSize();
    return lab::wrapText(text, width, [font, size](std::string_view piece) {
        return font->CalcTextSizeA(size, FLT_MAX, 0.0f, piece.data(), piece.data() + piece.size()).x;
    });
}

inline std::string wrapped(std::string_view text, float width, ImFont* font, float size)
{
    std::string out;
    out.reserve(text.size() + 8);
    bool first = true;
    for (const std::string_view line : wrapLines(text, width, font, size)) {
        if (!first) out += '\n';
        out += line;
        first = false;
    }
    return out;
}

inline float wrappedHeight(std::string_view text, float width, ImFont* font, float size)
{
    if (size <= 0.0f) size = ImGui::GetFontSize();
    return static_cast<float>(wrapLines(text, width, font, size).size()) * size;
}

inline void textWrapped(std::string_view text)
{
    const float pos = ImGui::GetCurrentWindow()->DC.TextWrapPos;
    const float width = ImGui::CalcWrapWidthForPos(ImGui::GetCursorScreenPos(), pos < 0.0f ? 0.0f : pos);
    const std::string lines = wrapped(text, width);
    // Drawn unwrapped: the lines are cut already.
    ImGui::PushTextWrapPos(-1.0f);
    ImGui::TextUnformatted(lines.data(), lines.data() + lines.size());
    ImGui::PopTextWrapPos();
}

inline void textWrapped(const ImVec4& colour, std::string_view text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    textWrapped(text);
    ImGui::PopStyleColor();
}

inline void tooltip(std::string_view text)
{
    if (tooltip_record != nullptr && !text.empty()) tooltip_record->emplace_back(text);
    if (text.empty() || !ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(em(28.0f));
    textWrapped(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

inline void wrappedColored(const ImVec4& colour, std::string_view text)
{
    ImGui::PushTextWrapPos(0.0f);
    textWrapped(colour, text);
    ImGui::PopTextWrapPos();
}

} // namespace gui::widgets
