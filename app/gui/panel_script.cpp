// "Script": the script being run, as an editor with line numbers, the lines
// with problems marked red (the message under the editor), the current
// operation's line highlighted, and Run / Step through / Revert / Open /
// Save. The text is the Document's (document.hpp); Open and Save go through
// it, as the File menu's do. When a control appends a line to the Lab's
// script and the editor holds no edits of its own, the editor shows the
// new text.

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>
#include <imgui_internal.h> // ImGui::ClearActiveID: drop the editor's stale copy when the text is replaced

#include "gui/panels.hpp"
#include "lab/i18n.hpp"
#include "gui/widgets.hpp"
#include "lab/script.hpp"

namespace gui {

namespace {

void measure(ScriptPanelState& s, const std::string& text, bool force)
{
    // Small scripts are measured every frame (cheap and never stale); big
    // ones when they change size or are edited.
    if (!force && text.size() == s.measured_size && text.size() > (1u << 20)) return;
    s.measured_size = text.size();
    s.line_count = 1;
    s.longest = 0;
    s.line_starts.assign(1, 0);
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            s.longest = std::max(s.longest, i - start);
            start = i + 1;
            s.line_starts.push_back(start);
            ++s.line_count;
        }
    }
    s.longest = std::max(s.longest, text.size() - start);
}

int editorCallback(ImGuiInputTextCallbackData* data)
{
    auto* s = static_cast<ScriptPanelState*>(data->UserData);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackAlways) return 0;
    if (data->CursorPos == s->caret_pos && data->BufTextLen == s->caret_len) return 0;
    s->caret_pos = data->CursorPos;
    s->caret_len = data->BufTextLen;
    const int end = std::clamp(data->CursorPos, 0, data->BufTextLen);
    std::size_t line = 0, col = 0;
    for (int i = 0; i < end; ++i) {
        if (data->Buf[i] == '\n') {
            ++line;
            col = 0;
        } else {
            ++col;
        }
    }
    s->caret_line = line;
    s->caret_col = col;
    s->caret_moved = true;
    return 0;
}

// Replaces the editor's text with the Lab's (run, revert, open, refresh).
void showLabText(Document& doc, ScriptPanelState& s)
{
    if (s.editor_active) ImGui::ClearActiveID();
    doc.revert();
    measure(s, doc.editor(), true);
}

void run(lab::Lab& lab, ViewState& ui, Document& doc, ScriptPanelState& s, bool step_through)
{
    const bool completed = doc.run();
    s.lab_text_at_edit.clear();
    measure(s, doc.editor(), true);
    const std::size_t ops = lab.history().operationCount(); // a race operation once, not by its parts
    if (!lab.messages().empty()) {
        ui.status = lab.messages().size() == 1 ? lab::trf("Script: {} problem (see the Script panel)", widgets::grouped(lab.messages().size()))
                                               : lab::trf("Script: {} problems (see the Script panel)", widgets::grouped(lab.messages().size()));
        ui.status_is_error = true;
    } else {
        ui.status = (ops == 1 ? lab::trf("Ran {} operation, {} steps", widgets::grouped(ops), widgets::grouped(lab.steps()))
                              : lab::trf("Ran {} operations, {} steps", widgets::grouped(ops), widgets::grouped(lab.steps()))) +
                    (completed ? "" : lab::tr(" (stopped early)"));
        ui.status_is_error = false;
    }
    if (step_through && lab.steps() > 0) {
        lab.seek(0);
        ui.play_accumulator = 0.0;
        ui.playing = true;
    } else {
        ui.playing = false;
    }
}

// What the buttons and the path field asked for this frame.
struct Asked {
    bool run = false, step = false, revert = false, open = false, save = false;
};

// Follows the Lab's text while the editor holds no edits of its own (a
// control appended a line, or the shell loaded a file), and the document's
// path in the path field.
void follow(Document& doc, const lab::Lab& lab, ScriptPanelState& s)
{
    if (!doc.edited() && doc.editor() != lab.text()) showLabText(doc, s);
    if (doc.edited()) doc.noteEdit(); // back to the Lab's text: no longer edited
    if (doc.path() != s.seen_path) {
        s.seen_path = doc.path();
        s.path_field = doc.path();
    }
    measure(s, doc.editor(), false);
}

// Run, Step through, Revert; the path field with Open and Save, and what
// the last of those said.
Asked buttons(const Document& doc, ScriptPanelState& s)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    Asked asked;
    asked.run = ImGui::Button(lab::tr("Run"));
    widgets::tooltip(lab::tr("Run the script from the start (Ctrl+Enter). The cursor goes to the end; the history shows "
               "every step."));
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("Step through")));
    asked.step = ImGui::Button(lab::tr("Step through"));
    widgets::tooltip(lab::tr("Run the script, go back to the first step and play it step by step."));
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("Revert")));
    ImGui::BeginDisabled(!doc.edited());
    asked.revert = ImGui::Button(lab::tr("Revert"));
    ImGui::EndDisabled();
    widgets::tooltip(doc.edited() ? lab::tr("Drop your edits: show the script the Lab ran.")
                            : lab::tr("Nothing to revert: the editor shows the script the Lab ran."));

    const float file_buttons = widgets::buttonWidth(lab::tr("Open...")) + widgets::buttonWidth(lab::tr("Save")) + style.ItemSpacing.x * 2.0f;
    widgets::sameLineIfFits(widgets::em(10.0f) + file_buttons);
    ImGui::SetNextItemWidth(std::max(widgets::em(6.0f), ImGui::GetContentRegionAvail().x - file_buttons));
    const bool path_enter = ImGui::InputTextWithHint("##path", lab::tr("path/to/script.arena"), &s.path_field,
                                                       ImGuiInputTextFlags_EnterReturnsTrue);
    widgets::tooltip(lab::tr("The file Open reads and Save writes (relative to the folder Arena Lab was started in). Enter opens it."));
    ImGui::SameLine();
    asked.open = ImGui::Button(lab::tr("Open...")) || path_enter;
    widgets::tooltip(lab::tr("Read the file at the path and run it, as File > Open does. The editor's text is replaced."));
    ImGui::SameLine();
    asked.save = ImGui::Button(lab::tr("Save"));
    widgets::tooltip(lab::tr("Write the editor's text to the path. The old file is replaced only once the new one is fully "
               "written. (Ctrl+S saves to the last path used.)"));
    if (!s.file_message.empty()) widgets::wrappedColored(s.file_error ? widgets::error : widgets::good, s.file_message);
    return asked;
}

// One line on the editor's state: edited, or the script's figures.
void stateLine(const Document& doc, const lab::Lab& lab, const ScriptPanelState& s)
{
    if (doc.edited()) {
        if (!s.lab_text_at_edit.empty() && s.lab_text_at_edit != lab.text())
            widgets::wrappedColored(widgets::info, lab::tr("A control added a line to the Lab's script while you edit here. Run "
                                       "runs your text; Revert shows the Lab's."));
        else
            widgets::wrappedColored(widgets::info, lab::tr("Edited: Run to apply (Ctrl+Enter), Revert to drop."));
    } else if (lab.messages().empty()) {
        const std::size_t ops = lab.history().operationCount(); // a race operation once, not by its parts
        widgets::wrappedColored(widgets::muted, lab::trf("lines: {}, operations: {}, expects met: {}", widgets::grouped(lab::countLines(doc.editor())),
                                             widgets::grouped(ops), lab.expectationsMet()));
    }
}

// Where the editor's lines are this frame, in screen pixels.
struct EditorLines {
    float line_h = 0;  // InputText's line height
    float char_w = 0;
    int digits = 0;    // of the last line's number
    float gutter = 0;
    ImVec2 origin;
    float text_x = 0, text_y = 0;
    ImVec2 win_pos;
    float win_w = 0, win_h = 0;
    std::size_t first = 0, last = 0; // the lines in view, 0-based, last excluded
    float lineTop(std::size_t l) const { return text_y + static_cast<float>(l - 1) * line_h; } // 1-based
};

EditorLines editorLines(const ScriptPanelState& s)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    EditorLines e;
    e.line_h = ImGui::GetFontSize();
    e.char_w = ImGui::CalcTextSize("0").x;
    e.digits = static_cast<int>(std::to_string(s.line_count).size());
    e.gutter = e.char_w * static_cast<float>(std::max(e.digits, 2) + 1);
    e.origin = ImGui::GetCursorScreenPos();
    e.text_x = e.origin.x + e.gutter + style.FramePadding.x;
    e.text_y = e.origin.y + style.FramePadding.y;
    e.win_pos = ImGui::GetWindowPos();
    e.win_w = ImGui::GetWindowWidth();
    e.win_h = ImGui::GetWindowHeight();
    return e;
}

// Scroll requests (to the current operation, or a clicked message).
void scrollToRequestedLine(ScriptPanelState& s, const EditorLines& e)
{
    if (!s.scroll_to_line) return;
    const float y = static_cast<float>(*s.scroll_to_line) * e.line_h;
    const float top = ImGui::GetScrollY();
    if (y < top + e.line_h || y + e.line_h * 2.0f > top + e.win_h) ImGui::SetScrollY(std::max(0.0f, y - e.win_h * 0.35f));
    s.scroll_to_line.reset();
}

// Under the text: problems red (the word at fault underlined), the
// operation's line in the accent; in the gutter, the line numbers.
void markLines(const lab::Lab& lab, const Document& doc, const ScriptPanelState& s, const EditorLines& e, std::size_t op_line)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& messages = lab.messages();
    for (const lab::LineMessage& m : messages) {
        if (m.line == 0 || m.line > s.line_count || m.line - 1 < e.first || m.line - 1 >= e.last) continue;
        const float y = e.lineTop(m.line);
        dl->AddRectFilled(ImVec2(e.win_pos.x, y), ImVec2(e.win_pos.x + e.win_w, y + e.line_h),
                          widgets::u32(m.is_error ? widgets::error_bg : widgets::accent_faint));
        if (m.col > 0 && m.line - 1 < s.line_starts.size()) {
            // Underline the word at fault (up to the next blank).
            const std::string& text = doc.editor();
            const std::size_t begin = std::min(s.line_starts[m.line - 1] + m.col - 1, text.size());
            std::size_t end = begin;
            while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' && text[end] != '\r') ++end;
            const std::size_t chars = std::max<std::size_t>(end - begin, 1);
            const float x = e.text_x + static_cast<float>(m.col - 1) * e.char_w;
            dl->AddLine(ImVec2(x, y + e.line_h - 1.0f), ImVec2(x + e.char_w * static_cast<float>(chars), y + e.line_h - 1.0f),
                        widgets::u32(widgets::error), std::max(1.0f, e.line_h / 12.0f));
        }
    }
    if (op_line != 0 && op_line <= s.line_count && op_line - 1 >= e.first && op_line - 1 < e.last) {
        const float y = e.lineTop(op_line);
        dl->AddRectFilled(ImVec2(e.win_pos.x, y), ImVec2(e.win_pos.x + e.win_w, y + e.line_h), widgets::u32(widgets::accent_bg));
    }

    for (std::size_t l = e.first; l < e.last; ++l) {
        const std::size_t number = l + 1;
        ImVec4 colour = widgets::muted;
        if (number == op_line) colour = widgets::accent;
        for (const lab::LineMessage& m : messages)
            if (m.line == number && m.is_error) colour = widgets::error;
        char num[24];
        const int len = std::snprintf(num, sizeof num, "%*zu", std::max(e.digits, 2), number);
        dl->AddText(ImVec2(e.origin.x, e.text_y + static_cast<float>(l) * e.line_h), widgets::u32(colour), num, num + std::max(len, 0));
    }
}

// The text field: tall and wide enough never to scroll itself, so the
// editor's child window scrolls it together with the gutter. True when it
// was edited this frame.
bool textField(ViewState& ui, const lab::Lab& lab, Document& doc, ScriptPanelState& s, const EditorLines& e)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::SetCursorScreenPos(ImVec2(e.origin.x + e.gutter, e.origin.y));
    // The visible area without scrollbars, so a scrollbar appearing
    // shrinks the field instead of making the other one appear too.
    const ImRect inner = ImGui::GetCurrentWindow()->InnerRect;
    const float field_w = std::max(std::floor(inner.GetWidth() - style.WindowPadding.x * 2.0f - e.gutter),
                                   static_cast<float>(s.longest + 1) * e.char_w + style.FramePadding.x * 2.0f);
    const float field_h = std::max(std::floor(inner.GetHeight() - style.WindowPadding.y * 2.0f),
                                   static_cast<float>(s.line_count + 2) * e.line_h + style.FramePadding.y * 2.0f);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
    const bool edited = ImGui::InputTextMultiline("##script", &doc.editor(), ImVec2(field_w, field_h),
                                                  ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackAlways,
                                                  editorCallback, &s);
    ImGui::PopStyleColor();
    s.editor_active = ImGui::IsItemActive();
    {
        // The part of the editor in view (tests click there).
        ImRect seen(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        seen.ClipWithFull(inner);
        if (seen.GetWidth() > 0 && seen.GetHeight() > 0)
            ui.layout_record.text("script editor", seen.Min, seen.Max, inner.Min, inner.Max, ImGui::GetFontSize());
    }
    if (edited) {
        if (!doc.edited()) s.lab_text_at_edit = lab.text();
        doc.noteEdit();
        measure(s, doc.editor(), true);
    }
    return edited;
}

// Lines running past the editor's right edge: a marker there says they go
// on, and (while not typing) hovering one shows it whole in a tooltip.
// Never cut in silence.
void markCutLines(const Document& doc, const ScriptPanelState& s, const EditorLines& e)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string& text = doc.editor();
    const float right = dl->GetClipRectMax().x; // the visible edge, scrollbar excluded
    // Over the text: the field draws it in a child window of its own, on
    // top of this window's list.
    const ImGuiWindow* editor = ImGui::GetCurrentWindow();
    ImDrawList* over = editor->DC.ChildWindows.empty() ? dl : editor->DC.ChildWindows.back()->DrawList;
    over->PushClipRect(dl->GetClipRectMin(), dl->GetClipRectMax(), true);
    const float marker_w = ImGui::CalcTextSize("\u00BB").x + style.FramePadding.x;
    const auto lineText = [&](std::size_t l) {
        const std::size_t b = std::min(s.line_starts[l], text.size());
        std::size_t end = l + 1 < s.line_starts.size() ? s.line_starts[l + 1] - 1 : text.size();
        end = std::clamp(end, b, text.size());
        if (end > b && text[end - 1] == '\r') --end;
        return std::string_view(text).substr(b, end - b);
    };
    std::optional<std::size_t> hovered_cut;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovering = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && !s.editor_active;
    for (std::size_t l = e.first; l < std::min(e.last, s.line_starts.size()); ++l) {
        const std::string_view line = lineText(l);
        const float end_x = e.text_x + ImGui::CalcTextSize(line.data(), line.data() + line.size()).x;
        if (end_x <= right - 1.0f) continue;
        const float y = e.text_y + static_cast<float>(l) * e.line_h;
        const ImVec2 m0(right - marker_w, y), m1(right, y + e.line_h);
        over->AddRectFilled(m0, m1, widgets::u32(ImGui::GetStyleColorVec4(ImGuiCol_FrameBgActive)));
        over->AddText(ImVec2(m0.x + style.FramePadding.x * 0.5f, y), widgets::u32(widgets::accent), "\u00BB");
        if (hovering && mouse.y >= y && mouse.y < y + e.line_h) hovered_cut = l;
    }
    over->PopClipRect();
    if (hovered_cut) {
        ImGui::PopFont(); // the tooltip in the body font, the line in the editor's
        ImGui::BeginTooltip();
        ImGui::TextColored(widgets::muted, lab::tr("Line %zu, whole:"), *hovered_cut + 1);
        ImGui::PushFont(font(Font::mono));
        const std::string_view line = lineText(*hovered_cut);
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 45.0f);
        widgets::textWrapped(line);
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ImGui::EndTooltip();
        ImGui::PushFont(font(Font::mono));
    }
}

// Keeps the caret in view as it moves.
void followCaret(ScriptPanelState& s, const EditorLines& e)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    if (s.caret_moved && s.editor_active) {
        const float y = static_cast<float>(s.caret_line) * e.line_h;
        const float top = ImGui::GetScrollY();
        const float view_h = e.win_h - style.WindowPadding.y * 2.0f - style.ScrollbarSize;
        if (y < top) ImGui::SetScrollY(y);
        else if (y + e.line_h * 2.0f > top + view_h) ImGui::SetScrollY(y + e.line_h * 2.0f - view_h);
        const float x = e.gutter + static_cast<float>(s.caret_col) * e.char_w;
        const float left = ImGui::GetScrollX();
        const float view_w = e.win_w - style.WindowPadding.x * 2.0f - style.ScrollbarSize;
        if (x < left + e.gutter) ImGui::SetScrollX(std::max(0.0f, x - e.gutter - e.char_w * 4.0f));
        else if (x + e.char_w * 2.0f > left + view_w) ImGui::SetScrollX(x + e.char_w * 8.0f - view_w);
    }
    s.caret_moved = false;
}

// The editor: line numbers, marked lines, the text, markers on cut lines,
// `height` pixels high.
void editor(ViewState& ui, const lab::Lab& lab, Document& doc, ScriptPanelState& s, float height)
{
    // Marked lines (1-based): problems and the current operation.
    std::size_t op_line = 0;
    if (const lab::OpEntry* op = lab.currentOp()) op_line = op->line;
    if (const LabMark mark{lab.revision(), lab.cursor()}; mark != s.followed || ImGui::GetFontSize() != s.followed_font) {
        s.followed = mark;
        s.followed_font = ImGui::GetFontSize();
        if (op_line != 0 && !s.editor_active) s.scroll_to_line = op_line - 1;
    }

    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    widgets::beginChild("##editor", ImVec2(0.0f, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PopStyleColor();
    ImGui::PushFont(font(Font::mono));
    EditorLines e = editorLines(s);
    scrollToRequestedLine(s, e);
    e.first = static_cast<std::size_t>(std::max(0.0f, (e.win_pos.y - e.text_y) / e.line_h));
    e.last = std::min(s.line_count, static_cast<std::size_t>(std::max(0.0f, (e.win_pos.y + e.win_h - e.text_y) / e.line_h)) + 1);
    markLines(lab, doc, s, e, op_line);
    if (!textField(ui, lab, doc, s, e)) markCutLines(doc, s, e);
    followCaret(s, e);
    ImGui::PopFont();
    ImGui::EndChild();
}

// The script's problems under the editor; a click shows the line.
void messageList(const lab::Lab& lab, ScriptPanelState& s)
{
    const auto& messages = lab.messages();
    if (messages.empty()) return;
    widgets::beginChild("##messages", ImVec2(0.0f, 0.0f), false);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const lab::LineMessage& m = messages[i];
        std::string text = std::to_string(m.line);
        if (m.col > 0) text += ":" + std::to_string(m.col);
        text += ": " + m.text;
        ImGui::PushID(static_cast<int>(i));
        widgets::wrappedColored(m.is_error ? widgets::error : widgets::info, text);
        if (ImGui::IsItemClicked()) s.scroll_to_line = m.line > 0 ? m.line - 1 : 0;
        widgets::tooltip(lab::trf("Click to show line {} in the editor.", m.line));
        ImGui::PopID();
    }
    ImGui::EndChild();
}

// What the buttons (and Ctrl+Enter) asked for, done.
void act(lab::Lab& lab, ViewState& ui, Document& doc, ScriptPanelState& s, Asked asked)
{
    if (ui.take(CommandId::run_script)) asked.run = true; // Ctrl+Enter
    if (asked.run || asked.step) run(lab, ui, doc, s, asked.step);
    if (asked.revert) {
        showLabText(doc, s);
        s.lab_text_at_edit.clear();
    }
    // Open and Save go through the shell and the document, as the File
    // menu's do; the result comes back in file_message.
    if (asked.open) {
        if (s.editor_active) ImGui::ClearActiveID();
        s.file_request = ScriptPanelState::FileRequest{ScriptPanelState::FileRequest::Kind::open, s.path_field};
    }
    if (asked.save) s.file_request = ScriptPanelState::FileRequest{ScriptPanelState::FileRequest::Kind::save, s.path_field};
}

} // namespace

void ScriptPanel::draw(lab::Lab& lab, ViewState& ui, Document& doc, const PanelRect& rect)
{
    ScriptPanelState& s = state_;
    follow(doc, lab, s);
    if (widgets::beginPanel(N_("Script"), rect, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        const Asked asked = buttons(doc, s);
        stateLine(doc, lab, s);
        // The editor takes the room the messages (up to four rows) leave.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float line_h = ImGui::GetTextLineHeightWithSpacing();
        const std::size_t shown_messages = std::min<std::size_t>(lab.messages().size(), 4);
        const float messages_h = lab.messages().empty() ? 0.0f
            : line_h * static_cast<float>(shown_messages) + style.ItemSpacing.y * 2.0f + style.WindowPadding.y;
        editor(ui, lab, doc, s, std::max(ImGui::GetContentRegionAvail().y - messages_h, line_h * 3.0f));
        messageList(lab, s);
        act(lab, ui, doc, s, asked);
    }
    ImGui::End();
}

} // namespace gui
