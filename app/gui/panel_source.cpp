// "Source: arena_allocator.hpp": the port itself, with line numbers and
// simple token colouring (after Tracy's TracySourceView), the line that
// took the current step highlighted and brought into view whenever the
// step changes (only then, so the reader may scroll freely), and the lines
// of the operation's earlier steps marked faintly: the path through the
// code.

#include <algorithm>
#include <array>
#include <cfloat>
#include <cstdio>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "gui/embedded.hpp"
#include "gui/thread_colours.hpp"
#include "gui/view_state.hpp"
#include "lab/race_view.hpp"
#include "lab/i18n.hpp"
#include "gui/panels.hpp"
#include "gui/widgets.hpp"

namespace gui {

namespace {

using Span = TokenSpan;
using Line = SourceLine;

ImVec4 tokenColour(Token t)
{
    switch (t) {
    case Token::keyword: return {0.78f, 0.60f, 0.96f, 1.0f};
    case Token::type: return {0.42f, 0.80f, 0.80f, 1.0f};
    case Token::comment: return {0.52f, 0.62f, 0.52f, 1.0f};
    case Token::preprocessor: return {0.88f, 0.58f, 0.80f, 1.0f};
    case Token::number: return {0.72f, 0.86f, 0.55f, 1.0f};
    case Token::string: return {0.93f, 0.62f, 0.56f, 1.0f};
    case Token::punct: return {0.74f, 0.77f, 0.82f, 1.0f};
    case Token::plain: break;
    }
    return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

constexpr std::array<std::string_view, 52> keywords{
    "alignas", "alignof", "break", "case", "catch", "class", "const", "consteval", "constexpr", "constinit",
    "continue", "co_await", "decltype", "default", "delete", "do", "else", "enum", "explicit", "export",
    "extern", "false", "for", "friend", "goto", "if", "inline", "mutable", "namespace", "new",
    "noexcept", "nullptr", "operator", "private", "protected", "public", "requires", "return", "sizeof", "static",
    "static_assert", "static_cast", "reinterpret_cast", "struct", "switch", "template", "this", "true", "typename",
    "using", "virtual", "while"};

constexpr std::array<std::string_view, 22> types{
    "auto", "bool", "char", "double", "float", "int", "long", "short", "signed", "unsigned", "void",
    "size_t", "uintptr_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int64_t", "std", "byte",
    "source_location", "Observer"};

bool identStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool identChar(char c) { return identStart(c) || (c >= '0' && c <= '9'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

// Splits one line into coloured spans. `in_block_comment` carries a /* */
// comment across lines.
std::vector<Span> tokenize(std::string_view s, bool& in_block_comment)
{
    std::vector<Span> spans;
    const auto push = [&](std::size_t b, std::size_t e, Token t) {
        if (e <= b) return;
        if (!spans.empty() && spans.back().token == t && spans.back().end == b) spans.back().end = static_cast<std::uint32_t>(e);
        else spans.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), t});
    };
    std::size_t i = 0;
    const std::size_t n = s.size();
    // A preprocessor line is one colour up to a comment.
    std::size_t first = s.find_first_not_of(" \t");
    const bool preprocessor = !in_block_comment && first != std::string_view::npos && s[first] == '#';
    while (i < n) {
        if (in_block_comment) {
            const std::size_t close = s.find("*/", i);
            const std::size_t e = close == std::string_view::npos ? n : close + 2;
            push(i, e, Token::comment);
            if (close != std::string_view::npos) in_block_comment = false;
            i = e;
            continue;
        }
        const char c = s[i];
        if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            push(i, n, Token::comment);
            break;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            in_block_comment = true;
            push(i, i + 2, Token::comment);
            i += 2;
            continue;
        }
        if (preprocessor) {
            const std::size_t next = std::min(s.find("//", i), s.find("/*", i));
            const std::size_t e = next == std::string_view::npos ? n : next;
            push(i, e, Token::preprocessor);
            i = e;
            continue;
        }
        if (c == '"' || c == '\'') {
            std::size_t j = i + 1;
            while (j < n && s[j] != c) j += (s[j] == '\\') ? 2 : 1;
            j = std::min(j + 1, n);
            push(i, j, Token::string);
            i = j;
            continue;
        }
        if (digit(c) || (c == '.' && i + 1 < n && digit(s[i + 1]))) {
            std::size_t j = i + 1;
            while (j < n && (identChar(s[j]) || s[j] == '.' || (s[j] == '\'' && j + 1 < n && identChar(s[j + 1])))) ++j;
            push(i, j, Token::number);
            i = j;
            continue;
        }
        if (identStart(c)) {
            std::size_t j = i + 1;
            while (j < n && identChar(s[j])) ++j;
            const std::string_view word = s.substr(i, j - i);
            Token t = Token::plain;
            if (std::find(keywords.begin(), keywords.end(), word) != keywords.end()) t = Token::keyword;
            else if (std::find(types.begin(), types.end(), word) != types.end()) t = Token::type;
            push(i, j, t);
            i = j;
            continue;
        }
        if (c == ' ' || c == '\t') {
            std::size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
            push(i, j, Token::plain);
            i = j;
            continue;
        }
        push(i, i + 1, Token::punct);
        ++i;
    }
    return spans;
}

void prepare(SourcePanelState& s, std::string_view text)
{
    if (s.prepared) return;
    s.prepared = true;
    s.lines.clear();
    s.longest = 0;
    bool in_block_comment = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        s.lines.push_back({line, tokenize(line, in_block_comment)});
        s.longest = std::max(s.longest, line.size());
        pos = nl + 1;
    }
    // The observe({...}) calls: the lab's hook, not Zig's logic.
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
        const std::string_view t = s.lines[i].text;
        const std::size_t first = t.find_first_not_of(" \t");
        if (first == std::string_view::npos || t.substr(first, 8) != "observe(") continue;
        int depth = 0;
        std::size_t k = i;
        for (; k < s.lines.size(); ++k) {
            for (const char c : s.lines[k].text) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            s.lines[k].observe = true;
            if (depth <= 0) break;
        }
        s.lines[i].observe_end = static_cast<std::uint32_t>(std::min(k, s.lines.size() - 1) + 1);
        i = k;
    }
}

// Whether a step was taken in the port shown (Zig 0.16's for the zig-0.16 model).
bool isPortFile(const char* file_name, bool zig016)
{
    const std::string_view f = file_name != nullptr ? file_name : "";
    return f.ends_with(zig016 ? "arena_allocator_016.hpp" : "arena_allocator.hpp");
}

} // namespace

namespace {
bool blank(std::string_view t) { return t.find_first_not_of(" \t") == std::string_view::npos; }
bool closer(std::string_view t)
{
    const std::size_t first = t.find_first_not_of(" \t");
    return first != std::string_view::npos && (t[first] == '}' || t[first] == '{');
}

// `#endif` and the like: not a statement doing the step's work.
bool preprocessor(std::string_view t)
{
    const std::size_t first = t.find_first_not_of(" \t");
    return first != std::string_view::npos && t[first] == '#';
}

bool comment(std::string_view t)
{
    const std::size_t first = t.find_first_not_of(" \t");
    return first != std::string_view::npos && t.substr(first).starts_with("//");
}
// A line that decides rather than does (a branch or a loop head): the
// statement before the observe call is the better highlight then.
bool decides(std::string_view t)
{
    const std::size_t first = t.find_first_not_of(" \t");
    if (first == std::string_view::npos) return false;
    const std::string_view s = t.substr(first);
    return s.starts_with("if ") || s.starts_with("if(") || s.starts_with("for ") || s.starts_with("while ") ||
           s.starts_with("else") || s.starts_with("switch ");
}

} // namespace

// The statement doing the step's work, for the observe call on `line`
// (1-based): the statement right after the call when one follows it
// directly (the step is about to happen: `state.end_index = ...`; comments
// skipped, and not a branch), else the
// one just before it (the step reports what was computed: a condition, an
// assignment). The observe line itself when neither is there.
std::size_t sourceWorkLine(const SourcePanelState& s, std::size_t line)
{
    if (line == 0 || line > s.lines.size()) return line;
    const SourceLine& start = s.lines[line - 1];
    if (start.observe_end == 0) return line;
    std::size_t after = start.observe_end + 1; // 1-based
    while (after <= s.lines.size() && comment(s.lines[after - 1].text)) ++after;
    if (after <= s.lines.size()) {
        const SourceLine& next = s.lines[after - 1];
        if (!blank(next.text) && !closer(next.text) && !next.observe && !decides(next.text)) return after;
    }
    for (std::size_t k = line - 1; k >= 1 && k + 8 >= line; --k) {
        const SourceLine& prev = s.lines[k - 1];
        if (blank(prev.text) || prev.observe || closer(prev.text) || comment(prev.text) || preprocessor(prev.text)) continue;
        return k;
    }
    return line;
}

void prepareSourcePanel(SourcePanelState& s) { prepare(s, port_source); }

void SourcePanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& rect)
{
    SourcePanelState& s = state_;
    // The port of the script's model: the lines are made again when it changes.
    const bool zig016 = lab.session().model() == lab::Model::zig_0_16;
    if (s.zig016 != zig016) s.prepared = false;
    s.zig016 = zig016;
    prepare(s, zig016 ? port016_source : port_source);

    if (widgets::beginPanel(zig016 ? N_("Source: arena_allocator_016.hpp") : N_("Source: arena_allocator.hpp"), rect,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        const lab::StepEntry* step = lab.currentStep();
        std::size_t observed = 0; // 1-based: the observe call that recorded the step; 0: none
        if (step != nullptr && isPortFile(step->step.where.file_name(), zig016)) observed = step->step.where.line();
        if (observed > s.lines.size()) observed = 0;
        // Highlighted: the statement doing the work, not the hook.
        const std::size_t current = sourceWorkLine(s, observed);

        // Follow the step, only when it changes.
        if (const LabMark mark{lab.revision(), lab.cursor()}; mark != s.followed || ImGui::GetFontSize() != s.followed_font) {
            s.followed = mark;
            s.followed_font = ImGui::GetFontSize();
            s.scroll_request = current != 0;
        }

        // Header: where the step is, and a way back to it.
        if (current != 0) {
            if (ImGui::Button(lab::tr("Show"))) s.scroll_request = true;
            widgets::tooltip(lab::tr("Scroll back to the line that took the current step."));
            ImGui::SameLine();
            ImGui::TextColored(widgets::accent, lab::tr("line %zu"), current);
            widgets::tooltip(lab::trf("The statement of the port doing the current step's work (highlighted below). The step is "
                                "recorded by the observe({{...}}) call on line {}, dimmed like every observe call: it is the "
                                "lab's hook, not Zig's logic.", observed));
            const std::string kind(arena::stepName(step->step.kind));
            ImGui::PushFont(font(Font::mono));
            widgets::sameLineIfFits(ImGui::CalcTextSize(kind.c_str()).x);
            ImGui::TextColored(widgets::info, "%s", kind.c_str());
            ImGui::PopFont();
        } else {
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(widgets::muted, "%s", s.lines.empty() ? lab::tr("(the port's source is not built in)")
                                               : lab::tr("No step yet: the line taking it will light up."));
        }

        // The lines the operation's earlier steps took, marked faintly.
        std::vector<std::uint8_t> visited(s.lines.size() + 1, 0);
        if (const lab::OpEntry* op = lab.currentOp(); op != nullptr && lab.cursor() > 0) {
            const std::size_t end = lab.cursor() - 1;
            const std::size_t begin = std::max<std::size_t>(op->steps_begin, end > 4096 ? end - 4096 : 0);
            for (std::size_t k = begin; k < end; ++k) {
                const arena::Step& st = lab.history().step(k).step;
                if (isPortFile(st.where.file_name(), zig016) && st.where.line() <= s.lines.size())
                    visited[sourceWorkLine(s, st.where.line())] = 1;
            }
        }

        // A race: where each thread is in the port (the line of its latest
        // step), in its colour and with its name.
        struct ThreadMark {
            std::size_t line = 0;
            std::size_t thread = 0;
            bool drawn = false;
        };
        std::vector<ThreadMark> marks;
        for (const lab::ThreadNote& n : lab::threadNotes(lab, lab.cursor())) {
            if (n.done || !n.started || n.where.line() == 0 || !isPortFile(n.where.file_name(), zig016) ||
                n.where.line() > s.lines.size())
                continue;
            marks.push_back({sourceWorkLine(s, n.where.line()), n.thread});
        }

        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
        widgets::beginChild("##source", ImVec2(0.0f, 0.0f), false, ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::PopStyleColor();
        ImGui::PushFont(font(Font::mono));
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));

        const float line_h = ImGui::GetTextLineHeight();
        const float char_w = ImGui::CalcTextSize("0").x;
        const int digits = static_cast<int>(std::to_string(std::max<std::size_t>(s.lines.size(), 1)).size());
        const float gutter = char_w * static_cast<float>(digits + 2);
        const float text_w = char_w * static_cast<float>(s.longest + 1);
        const float pad = char_w * 0.5f;

        if (s.scroll_request && current != 0) {
            // Scroll only when the line is not in view with a line to spare
            // above and below it, and then to its page: the listing moves
            // in whole pages of `page` lines, so while the steps stay
            // within a page it holds still and only the highlight moves (a
            // reader follows the path through the code; an animation's
            // frame redraws only what changed). Where a page starts depends
            // on the line alone, so a window just opened at a step (a shot,
            // an animation's frame) shows the same lines.
            const float h = ImGui::GetWindowHeight() - ImGui::GetStyle().ScrollbarSize; // under the horizontal scrollbar
            const std::size_t rows = static_cast<std::size_t>(std::max(1.0f, std::floor(h / line_h)));
            const std::size_t page = rows > 2 ? rows - 2 : 1;
            const std::size_t index = current - 1;
            const float top = ImGui::GetScrollY();
            const float y = static_cast<float>(index) * line_h;
            std::size_t first = static_cast<std::size_t>(std::max(0.0f, std::ceil(top / line_h - 0.01f)));
            if (y < top + line_h || y + line_h * 2.0f > top + h) {
                first = index >= 1 ? (index - 1) / page * page : 0;
                ImGui::SetScrollY(static_cast<float>(first) * line_h);
            }
            // And sideways: the indentation the lines in view share
            // scrolled away (two columns of it kept), so the same page
            // shows the same columns whichever of its lines is current.
            std::size_t indent = std::string_view::npos;
            for (std::size_t k = first; k < std::min(first + rows, s.lines.size()); ++k)
                if (const std::size_t i = s.lines[k].text.find_first_not_of(" \t"); i != std::string_view::npos)
                    indent = std::min(indent, i);
            if (indent == std::string_view::npos) indent = 0;
            ImGui::SetScrollX(char_w * static_cast<float>(indent > 2 ? indent - 2 : 0));
            s.scroll_request = false;
        }

        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImFont* font = ImGui::GetFont();
        const float font_size = ImGui::GetFontSize();
        const float full_w = ImGui::GetWindowWidth();
        const ImU32 number_colour = widgets::u32(widgets::muted);
        const ImU32 current_number = widgets::u32(widgets::accent);

        // A thread's name tag at the right edge of the view, on its line's row.
        const ImU32 tag_text = widgets::u32(ImVec4(0.06f, 0.06f, 0.08f, 1.0f));
        const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - ImGui::GetStyle().ScrollbarSize - pad;
        const auto threadTag = [&](ThreadMark& m, float y, float& right, const std::string& text) {
            const float w = ImGui::CalcTextSize(text.c_str()).x + char_w;
            const ImVec2 mn(right - w, y), mx(right, y + line_h);
            dl->AddRectFilled(mn, mx, widgets::u32(threadColour(m.thread)), line_h * 0.2f);
            dl->AddText(font, font_size, ImVec2(mn.x + char_w * 0.5f, y), tag_text, text.c_str());
            RecordedRect& r = ui.layout_record.text("source thread", mn, mx, font_size);
            r.text = text;
            r.lines = {text};
            right -= w + char_w * 0.5f;
            m.drawn = true;
        };

        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(s.lines.size()), line_h);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const std::size_t number = static_cast<std::size_t>(i) + 1;
                const Line& line = s.lines[static_cast<std::size_t>(i)];
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float left = ImGui::GetWindowPos().x;
                if (number == current) {
                    dl->AddRectFilled(ImVec2(left, p.y), ImVec2(left + full_w, p.y + line_h), widgets::u32(widgets::accent_bg));
                    dl->AddRectFilled(ImVec2(left, p.y), ImVec2(left + char_w * 0.35f, p.y + line_h), current_number);
                } else if (number == observed && observed != current) {
                    // The hook that recorded the step: a thin mark only.
                    dl->AddRectFilled(ImVec2(left, p.y), ImVec2(left + char_w * 0.35f, p.y + line_h), widgets::u32(widgets::accent_faint));
                } else if (visited[number] != 0) {
                    dl->AddRectFilled(ImVec2(left, p.y), ImVec2(left + full_w, p.y + line_h), widgets::u32(widgets::accent_faint));
                }
                for (const ThreadMark& m : marks) {
                    if (m.line != number) continue;
                    dl->AddRectFilled(ImVec2(left, p.y), ImVec2(left + full_w, p.y + line_h), widgets::u32(threadColour(m.thread, 0.16f)));
                    dl->AddRectFilled(ImVec2(left + char_w * 0.35f, p.y), ImVec2(left + char_w * 0.7f, p.y + line_h),
                                      widgets::u32(threadColour(m.thread)));
                }
                // The line number in a gutter that does not scroll sideways;
                // the code scrolls under a clip that keeps it off the gutter.
                char num[24];
                const int len = std::snprintf(num, sizeof num, "%*zu", digits, number);
                dl->AddText(font, font_size, ImVec2(left + char_w * 0.5f, p.y),
                            number == current ? current_number : number_colour, num, num + std::max(len, 0));
                dl->PushClipRect(ImVec2(left + gutter, p.y), ImVec2(left + full_w, p.y + line_h), true);
                float x = p.x + gutter + pad;
                for (const Span& span : line.spans) {
                    const char* b = line.text.data() + span.begin;
                    const char* e = line.text.data() + span.end;
                    const float wdt = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, b, e).x;
                    if (span.token != Token::plain || std::string_view(b, span.end - span.begin).find_first_not_of(" \t") != std::string_view::npos) {
                        ImVec4 colour = tokenColour(span.token);
                        if (line.observe) colour.w *= 0.38f; // the lab's hook, dimmed
                        dl->AddText(font, font_size, ImVec2(x, p.y), widgets::u32(colour), b, e);
                    }
                    x += wdt;
                }
                dl->PopClipRect();
                float tag_right = right_edge;
                for (ThreadMark& m : marks)
                    if (m.line == number) threadTag(m, p.y, tag_right, threadName(m.thread));
                ImGui::Dummy(ImVec2(gutter + pad + text_w, line_h));
                if (ImGui::IsItemHovered() && number == current)
                    widgets::tooltip(lab::trf("This line took the current step: {}.", arena::stepName(step->step.kind)));
            }
        }
        clipper.End();
        // A thread whose line is scrolled out of view: its tag at the top
        // or the bottom edge, with the line.
        {
            const float top = ImGui::GetWindowPos().y;
            const float bottom = top + ImGui::GetWindowHeight() - ImGui::GetStyle().ScrollbarSize - line_h;
            float right_top = right_edge, right_bottom = right_edge;
            const float first_shown = ImGui::GetScrollY() / line_h + 1.0f;
            for (ThreadMark& m : marks) {
                if (m.drawn) continue;
                const bool above = static_cast<float>(m.line) < first_shown;
                threadTag(m, above ? top : bottom, above ? right_top : right_bottom,
                          lab::trf("{0} at line {1}", threadName(m.thread), m.line));
            }
        }

        ImGui::PopStyleVar();
        ImGui::PopFont();
        ImGui::EndChild();
    }
    ImGui::End();
}

} // namespace gui
