// What if? The compare view: the arena at the cursor's operation, replayed
// three times into real arenas (lab/compare.hpp) and reset free_all,
// retain_capacity and retain_with_limit N side by side: each column's
// buffers to one scale, the child's calls, what reset returned, the
// capacity kept, and what the next alloc of the Controls' Size costs. N and
// the child's resize policy can be changed here.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "gui/panels.hpp"
#include "lab/i18n.hpp"
#include "gui/widgets.hpp"
#include "lab/compare.hpp"
#include "lab/explain.hpp"
#include "lab/fields.hpp"

namespace gui {

void ComparePanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& arena, const ControlsPanelState& controls)
{
    CompareViewState& c = state_;
    if (!ui.comparing) return;
    const lab::History& h = lab.history();
    const std::size_t ops = lab.cursor() == 0 || h.opCount() == 0 ? 0 : h.opAtPosition(lab.cursor()) + 1;

    const float width = std::min(arena.w - widgets::em(1), widgets::em(52));
    ImGui::SetNextWindowPos(ImVec2(arena.x + arena.w / 2, arena.y + widgets::em(0.5f)), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    // Over the arena view, and over the Step panel below it where it needs
    // the room (a projector's large text), above the status bar.
    const float room = ImGui::GetIO().DisplaySize.y - arena.y - widgets::em(3);
    ImGui::SetNextWindowSize(ImVec2(width, std::max(widgets::em(8), std::min(room, widgets::em(30)))), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);
    if (!ImGui::Begin((std::string(lab::tr("What would each reset do here?")) + "###compare").c_str(), &ui.comparing,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                          ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    // The settings: N, the child's policy, the next alloc's size (Controls').
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("N");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(widgets::em(6));
    ImGui::InputText("##compare_limit", &c.limit, ImGuiInputTextFlags_CharsDecimal);
    widgets::tooltip(lab::tr("retain_with_limit N. Empty: half the capacity at this step."));
    ImGui::SameLine();
    ImGui::TextUnformatted(lab::tr("child resize"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(widgets::em(9));
    const char* policies[] = {lab::tr("as the script"), "never", "shrink", "pages", "always"};
    ImGui::Combo("##compare_policy", &c.policy, policies, 5);
    widgets::tooltip(lab::tr("The child's resize policy for the resets and the next alloc: see why a resize in place succeeds or fails."));
    // The next alloc is the Controls' (Size and Align), as `arenalab compare
    // --size --align` takes them; embed mode has no Controls to name.
    const lab::fields::Checked size = lab::fields::number(controls.size);
    const std::size_t next_len = size.error || size.value == 0 ? 64 : static_cast<std::size_t>(size.value);
    const std::size_t next_align = std::size_t{1} << std::clamp(controls.align_exp, 0, 12);
    const std::string next_text = ui.embed ? lab::trf("next alloc: {}, align {}", widgets::bytes(next_len), widgets::grouped(next_align))
                                           : lab::trf("next alloc: {}, align {} (the Controls' Size and Align)",
                                                      widgets::bytes(next_len), widgets::grouped(next_align));
    // Beside the settings where it fits, else on a line of its own, wrapped: never cut.
    widgets::sameLineIfFits(ImGui::CalcTextSize(next_text.c_str()).x);
    widgets::textWrapped(widgets::muted, next_text);
    c.next_shown = next_text;

    // Each column replays the script: past this many operations that would
    // stall the window at every step, so the command line does it instead.
    constexpr std::size_t max_replay = 200'000;
    if (ops > max_replay) {
        ImGui::PushTextWrapPos(0.0f);
        widgets::textWrapped(widgets::muted, lab::trf("This step is after operation {}: too many to replay three times in the window. "
                                          "Run: arenalab compare FILE --step {}",
                                          lab::grouped(ops), lab.cursor()));
        ImGui::PopTextWrapPos();
        ImGui::End();
        return;
    }
    // Steps inside one operation compare the same: keyed on the operation.
    const std::string key = c.limit + "|" + std::to_string(c.policy) + "|" + std::to_string(next_len) + "|" +
                            std::to_string(next_align);
    if (!c.result || c.revision != lab.revision() || c.cursor != ops || c.key != key) {
        lab::CompareRequest request;
        request.ops = ops;
        request.next_len = next_len;
        request.next_align = next_align;
        const lab::fields::Checked limit = lab::fields::number(c.limit);
        if (!c.limit.empty() && !limit.error) request.limit = static_cast<std::size_t>(limit.value);
        if (c.policy > 0) {
            lab::ChildSet set;
            set.resize = static_cast<arena::ResizePolicy>(c.policy - 1);
            request.child = set;
        }
        const lab::ParseResult parsed = lab::parseScript(lab.text());
        c.result = lab::compareResets(parsed.script, request);
        c.revision = lab.revision();
        c.cursor = ops;
        c.key = key;
    }
    const lab::Comparison& cmp = *c.result;
    if (cmp.ops == 0)
        ImGui::TextColored(widgets::muted, "%s", lab::tr("Before any operation."));
    else
        ImGui::TextColored(widgets::muted, "%s",
                           (cmp.before.nodes.size() == 1
                                ? lab::trf("After operation {} (line {}: {}): {} buffer, capacity {}.", widgets::grouped(cmp.ops),
                                           cmp.line, cmp.statement, cmp.before.nodes.size(), widgets::bytes(cmp.before.capacity))
                                : lab::trf("After operation {} (line {}: {}): {} buffers, capacity {}.", widgets::grouped(cmp.ops),
                                           cmp.line, cmp.statement, cmp.before.nodes.size(), widgets::bytes(cmp.before.capacity)))
                               .c_str());

    // One scale for every column: the longest buffer anywhere fills a column.
    std::size_t longest = 1;
    for (const lab::NodeState& n : cmp.before.nodes) longest = std::max(longest, n.len);
    for (const lab::CompareColumn& col : cmp.columns)
        for (const lab::NodeState& n : col.after.nodes) longest = std::max(longest, n.len);
    c.shown.clear();
    const auto say = [&c](const ImVec4* colour, const std::string& text) {
        c.shown.push_back(text);
        if (colour != nullptr) widgets::textWrapped(*colour, text);
        else widgets::textWrapped(text);
    };
    if (ImGui::BeginTable("##compare_columns", 3, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame)) {
        for (const lab::CompareColumn& col : cmp.columns) {
            ImGui::TableNextColumn();
            const float col_w = ImGui::GetContentRegionAvail().x;
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
            say(&widgets::accent, lab::toScript(col.reset));
            say(col.returned ? &widgets::good : &widgets::error, lab::trf("returns {}", col.returned ? "true" : "false"));
            say(nullptr, lab::trf("capacity kept: {}", widgets::bytes(col.after.capacity)));
            drawNodeBars(col.after, col_w / static_cast<float>(longest), col_w);
            say(nullptr, lab::tr("child calls:"));
            if (col.calls.empty()) say(&widgets::muted, lab::tr("  none"));
            for (const arena::ChildCall& call : col.calls) say(nullptr, "  " + lab::describeCall(call));
            say(nullptr, lab::trf("next alloc {}: {}", widgets::bytes(next_len), lab::nextPathName(col.next)));
            for (const arena::ChildCall& call : col.next_calls) say(nullptr, "  " + lab::describeCall(call));
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

} // namespace gui
