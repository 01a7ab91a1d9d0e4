// "Controls": every operation of the arena and every setting of its child,
// as buttons. Each control says what it will do (the exact script line it
// appends, and a tooltip in plain words), refuses invalid values beside
// the field with the script's own rules, and has a one-key shortcut.
// Everything goes through lab.perform(), so a button and a script line are
// one path.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/panels.hpp"
#include "lab/i18n.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/fields.hpp"
#include "lab/script.hpp"

namespace gui {

namespace {

namespace fields = lab::fields;
using fields::max_len;

// A label in a fixed-width column before its field, so fields line up.
void fieldLabel(const char* label, float column)
{
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(lab::tr(label));
    ImGui::SameLine(column);
}

// Puts the next text on the same line as the last item when it fits,
// else on the next line.
void besideOrBelow(const std::string& text)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    const float after = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
    // Beside when the whole text fits there; else below, where it wraps.
    if (after + ImGui::CalcTextSize(text.c_str()).x <= right) ImGui::SameLine();
}

// A field's error beside it when it fits on its line; else, with `later`,
// kept for under the section's last field, so a field typed into never
// pushes the fields below it down (the next click would miss them).
void errorBeside(const std::optional<std::string>& error, std::vector<std::string>* later = nullptr)
{
    if (!error) return;
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    const bool fits = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(error->c_str()).x <= right;
    if (!fits && later != nullptr) {
        later->push_back(*error);
        return;
    }
    besideOrBelow(*error);
    widgets::wrappedColored(widgets::error, *error);
}

void errorsBelow(const std::vector<std::string>& errors)
{
    for (const std::string& e : errors) widgets::wrappedColored(widgets::error, e);
}

// The script line a control will append, in the monospace font.
void preview(const std::string& line, bool valid)
{
    const std::string text = "\u2192 " + line;
    besideOrBelow(text);
    ImGui::PushFont(font(Font::mono));
    widgets::wrappedColored(valid ? widgets::muted : widgets::error, text);
    ImGui::PopFont();
}

void showFeedback(const ControlsFeedback& fb)
{
    if (fb.text.empty()) return;
    widgets::wrappedColored(fb.error ? widgets::error : widgets::good, fb.text);
}

// A foldable section, one open at a time, so every control is reachable
// without scrolling at 1280x720: the headers always show, and a shortcut
// for a folded section's control opens it (it acts in the same frame).
// Returns whether the section is open.
bool sectionHeader(ControlsPanelState& s, const ViewState& ui, int index, const char* title, std::initializer_list<CommandId> keys)
{
    for (const CommandId id : keys)
        if (std::find(ui.panel_commands.begin(), ui.panel_commands.end(), id) != ui.panel_commands.end()) s.open_section = index;
    ImGui::SetNextItemOpen(s.open_section == index, ImGuiCond_Always);
    ImGui::PushStyleColor(ImGuiCol_Text, widgets::accent);
    const bool open = ImGui::CollapsingHeader((std::string(lab::tr(title)) + "###" + title).c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemToggledOpen()) s.open_section = open ? index : -1;
    widgets::tooltip(open ? lab::tr("Click to fold this section.") : lab::tr("Click to open this section (the open one folds)."));
    return open;
}

// A length field's value, or why it is refused.
std::pair<std::uint64_t, std::optional<std::string>> checkLength(const std::string& text, const char* what)
{
    fields::Checked n = fields::length(text, what);
    return {n.value, std::move(n.error)};
}

// A value field. Enter takes the value and leaves the keyboard in the
// field (all of it selected), so digits typed next replace the value
// instead of running the 1/2/3 shortcuts; a click elsewhere leaves it.
void valueField(const char* id, std::string& value, const char* hint = nullptr)
{
    if (hint != nullptr) ImGui::InputTextWithHint(id, hint, &value, ImGuiInputTextFlags_CharsNoBlank);
    else ImGui::InputText(id, &value, ImGuiInputTextFlags_CharsNoBlank);
    const bool enter = ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
    if (ImGui::IsItemDeactivated() && enter) ImGui::SetKeyboardFocusHere(-1);
}

// What acting in the past does, said before it happens: the panel's note
// (`in_tooltip` false) and every action button's tooltip. Whole sentences,
// one message each, so a translation orders them as its language does.
std::string pastNote(const lab::Lab& lab, bool in_tooltip)
{
    // Nothing replaced, nothing to say: at the end, and also inside the last
    // line's operation (an action keeps that line, so it runs whole first:
    // in a race, the cursor is often inside a part of it).
    const std::size_t n = lab.linesAnActionReplaces();
    if (n == 0) return {};
    const std::string lines = widgets::grouped(n);
    if (in_tooltip)
        return n == 1 ? lab::trf("The cursor is in the past: this replaces {} later line (undo: Ctrl+Z).", lines)
                      : lab::trf("The cursor is in the past: this replaces {} later lines (undo: Ctrl+Z).", lines);
    // The panel's note is short (the panel is narrow); its tooltip says the rest.
    return n == 1 ? lab::trf("Acting here replaces {} later line.", lines)
                  : lab::trf("Acting here replaces {} later lines.", lines);
}

// A tooltip on an action button, with the note above when acting now
// would replace later lines.
void actionTip(const lab::Lab& lab, const std::string& text)
{
    const std::string note = pastNote(lab, true);
    widgets::tooltip(note.empty() ? text : text + "\n\n" + note);
}

// Runs a command as a person's action and reports how it went.
ControlsFeedback act(lab::Lab& lab, ViewState& ui, const lab::Command& command, bool replay)
{
    const std::string line = lab::toScript(command);
    const std::size_t messages_before = lab.messages().size();
    const std::size_t replaced = lab.linesAnActionReplaces();
    ControlsFeedback fb;
    if (auto error = lab.perform(command)) {
        fb = {*error, true};
        ui.status = line + ": " + *error;
        ui.status_is_error = true;
        return fb;
    }
    ui.playing = false;
    if (lab.messages().size() > messages_before) {
        // It was appended but stopped the run (a handle holding no memory).
        fb = {lab.messages().back().text, true};
    } else if (lab::isOperation(command) && lab.history().opCount() > 0) {
        const lab::OpEntry& op = lab.history().op(lab.history().opCount() - 1);
        const std::size_t n = op.steps_end - op.steps_begin;
        if (op.ok)
            fb = {n == 1 ? lab::trf("done: {} step", widgets::grouped(n)) : lab::trf("done: {} steps", widgets::grouped(n)), false};
        else if (std::holds_alternative<lab::Alloc>(command))
            fb = {lab::tr("the arena returned null (the child refused)"), true};
        else
            fb = {lab::tr("the arena refused (result: fail)"), true};
        if (replay && op.steps_end > op.steps_begin) {
            lab.seek(op.steps_begin);
            ui.playing = true;
        }
    } else {
        fb = {lab::tr("done: applies from the next operation on"), false};
    }
    ui.status = line + " - " + fb.text;
    if (replaced > 0)
        ui.status += replaced == 1 ? lab::trf(" (replaced {} later line; undo: Ctrl+Z)", widgets::grouped(replaced))
                                   : lab::trf(" (replaced {} later lines; undo: Ctrl+Z)", widgets::grouped(replaced));
    ui.status_is_error = fb.error;
    return fb;
}

// ---- sections ------------------------------------------------------------

// Refreshes s.fresh and s.live when the history may have changed.
void refreshNames(const lab::Lab& lab, ControlsPanelState& s)
{
    const lab::History& h = lab.history();
    if (s.names_revision != lab.revision()) {
        s.names_revision = lab.revision();
        s.fresh = lab.freshName();
        s.live = lab.liveHandles();
    } else if (h.knowsName(s.fresh) || lab.session().handle(s.fresh) != nullptr) {
        s.fresh = lab.freshName(); // taken after all: two lookups a frame say so
    }
}

void allocSection(lab::Lab& lab, ViewState& ui, ControlsPanelState& s, float column)
{
    if (!sectionHeader(s, ui, 0, N_("Allocate"), {CommandId::alloc})) return;
    refreshNames(lab, s);
    const std::string fresh = s.fresh;

    fieldLabel(N_("Size"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##alloc_size", s.size);
    widgets::tooltip(lab::tr("How many bytes to ask the arena for: 1 to 2^40. Decimal, or hexadecimal with 0x."));
    const auto [len, len_error] = checkLength(s.size, lab::tr("the size"));
    std::vector<std::string> later;
    errorBeside(len_error, &later);

    fieldLabel(N_("Align"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    s.align_exp = std::clamp(s.align_exp, 0, 12);
    const std::string align_text = std::to_string(std::size_t{1} << s.align_exp);
    if (ImGui::BeginCombo("##alloc_align", align_text.c_str())) {
        for (int e = 0; e <= 12; ++e) {
            const std::string item = std::to_string(std::size_t{1} << e);
            const bool chosen = e == s.align_exp;
            if (ImGui::Selectable(item.c_str(), chosen)) s.align_exp = e;
            if (chosen) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    s.align_field_y = ImGui::GetItemRectMin().y;
    widgets::tooltip(lab::tr("The allocation's address must be a multiple of this (a power of two, 1 to 4096). "
               "The arena skips padding bytes to get there."));
    {
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(lab::tr("bytes")).x <= right) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", lab::tr("bytes"));
        }
    }

    fieldLabel(N_("Name"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##alloc_name", s.name, fresh.c_str());
    s.name_field_x = (ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) * 0.5f;
    s.name_field_y = (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) * 0.5f;
    widgets::tooltip(lab::trf("The handle the result is bound to, to resize or free it later. Empty: {}.", fresh));
    const std::string name = s.name.empty() ? fresh : s.name;
    const auto name_error = s.name.empty() ? std::nullopt : fields::nameError(s.name);
    errorBeside(name_error);
    errorsBelow(later);

    lab::Alloc alloc;
    alloc.name = name;
    alloc.len = static_cast<std::size_t>(len);
    alloc.alignment = std::size_t{1} << s.align_exp;
    const bool valid = !len_error && !name_error;
    const std::string line = valid ? lab::toScript(alloc) : std::string(lab::tr("(fix the fields above)"));

    ImGui::BeginDisabled(!valid);
    bool go = ImGui::Button(lab::tr("Alloc (A)"));
    ImGui::EndDisabled();
    const std::size_t capacity = pictureStats(lab, ui).capacity;
    const std::string alloc_tip =
        lab.picture().model == lab::Model::zig_0_16
            ? lab::trf("Ask the arena for {0} at a multiple of {1}, bound to '{2}'. One atomic add bumps end_index in the "
                       "first node of used_list (capacity now {3}); when it does not fit, the child is asked to grow that "
                       "node, then free_list is tried, then a new node with a 24-byte Node header. Shortcut: A.",
                       widgets::bytes(len), widgets::grouped(alloc.alignment), name, widgets::bytes(capacity))
            : lab::trf("Ask the arena for {0} at a multiple of {1}, bound to '{2}'. It bumps end_index in the newest "
                       "buffer when it fits (capacity now {3}), else asks the child to grow the buffer or for a new "
                       "one. Shortcut: A.",
                       widgets::bytes(len), widgets::grouped(alloc.alignment), name, widgets::bytes(capacity));
    actionTip(lab, alloc_tip);
    preview(line, valid);
    go = go || (valid && ui.take(CommandId::alloc));
    if (go && valid) {
        s.alloc_fb = act(lab, ui, alloc, s.replay_actions);
        if (!s.alloc_fb.error || lab.session().handle(name) != nullptr) {
            ui.selected_handle = name;
            s.name.clear();
        }
    }
    showFeedback(s.alloc_fb);
}

void handleSection(lab::Lab& lab, ViewState& ui, ControlsPanelState& s, float column)
{
    if (!sectionHeader(s, ui, 1, N_("Resize or free"), {CommandId::resize, CommandId::remap, CommandId::free})) return;
    refreshNames(lab, s);
    const std::vector<std::string>& live = s.live;

    fieldLabel(N_("Handle"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    const std::string current = ui.selected_handle.value_or("");
    const bool selected_live = ui.selected_handle && std::find(live.begin(), live.end(), current) != live.end();
    const char* shown = ui.selected_handle ? current.c_str() : (live.empty() ? lab::tr("(none live)") : lab::tr("(pick one)"));
    if (ImGui::BeginCombo("##handle", shown)) {
        for (const std::string& h : live) {
            const bool chosen = h == current;
            if (ImGui::Selectable(h.c_str(), chosen)) ui.selected_handle = h;
            if (chosen) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    widgets::tooltip(lab::tr("The allocation to act on: pick a live handle here, or click one in the arena view."));

    const lab::Handle* handle = selected_live ? lab.session().handle(current) : nullptr;
    if (handle != nullptr) {
        const std::string info = lab::trf("{0}, align {1}", widgets::bytes(handle->len), widgets::grouped(handle->alignment));
        besideOrBelow(info);
        widgets::wrappedColored(widgets::muted, info);
    } else if (ui.selected_handle) {
        const std::string not_live = lab::trf("'{}' is not live (freed, reset or never bound)", current);
        besideOrBelow(not_live);
        widgets::wrappedColored(widgets::error, not_live);
    }

    // Suggest twice the length when a new handle is picked.
    if (handle != nullptr && s.new_len_for != current) {
        s.new_len = std::to_string(std::min<std::uint64_t>(std::uint64_t{handle->len} * 2, max_len));
        s.new_len_for = current;
    }

    fieldLabel(N_("New len"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##new_len", s.new_len);
    widgets::tooltip(lab::tr("The length to resize or remap the allocation to: 1 to 2^40 bytes."));
    const auto [new_len, new_len_error] = checkLength(s.new_len, lab::tr("the new length"));
    if (handle != nullptr) errorBeside(new_len_error);

    const bool can_resize = handle != nullptr && !new_len_error;
    const bool can_free = handle != nullptr;
    lab::Resize resize{current, static_cast<std::size_t>(new_len), false};
    lab::Resize remap{current, static_cast<std::size_t>(new_len), true};
    lab::Free free_cmd{current};

    const std::string len_now = handle != nullptr ? widgets::bytes(handle->len) : "?";
    const std::string growth = handle == nullptr ? ""
        : new_len > handle->len ? (lab.picture().model == lab::Model::zig_0_16
                                       ? lab::tr("Growing works only for the most recent allocation, and only if the first node of used_list has room. ")
                                       : lab::tr("Growing works only for the most recent allocation, and only if the newest buffer has room. "))
                                : lab::tr("Shrinking always succeeds; only the most recent allocation gives bytes back (end_index moves back). ");

    ImGui::BeginDisabled(!can_resize);
    bool do_resize = ImGui::Button(lab::tr("Resize (R)"));
    actionTip(lab, lab::trf("Resize '{0}' in place from {1} to {2}. ", current, len_now, widgets::bytes(new_len)) + growth +
                       lab::tr("The child is never asked. Shortcut: R."));
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("Remap (M)")));
    bool do_remap = ImGui::Button(lab::tr("Remap (M)"));
    actionTip(lab, lab::tr("Remap: the same as resize here (the arena never moves memory): on success the pointer stays. "
               "Shortcut: M."));
    ImGui::EndDisabled();
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("Free (Del)")));
    ImGui::BeginDisabled(!can_free);
    bool do_free = ImGui::Button(lab::tr("Free (Del)"));
    actionTip(lab, lab::trf("Free '{}'. If it is the most recent allocation, end_index rolls back by its length "
                             "and the bytes are reused; otherwise nothing happens until a reset. The handle is dead "
                             "afterwards. Shortcut: Delete.", current));
    ImGui::EndDisabled();

    if (handle != nullptr) {
        ImGui::PushFont(font(Font::mono));
        // Wrapped: never cut at the panel's edge.
        if (can_resize) widgets::wrappedColored(widgets::muted, "\u2192 " + lab::toScript(resize) + "  |  " + lab::toScript(free_cmd));
        else widgets::wrappedColored(widgets::muted, "\u2192 " + lab::toScript(free_cmd));
        ImGui::PopFont();
    }

    do_resize = do_resize || (can_resize && ui.take(CommandId::resize));
    do_remap = do_remap || (can_resize && ui.take(CommandId::remap));
    do_free = do_free || (can_free && ui.take(CommandId::free));
    if (do_resize && can_resize) {
        s.handle_fb = act(lab, ui, resize, s.replay_actions);
        s.new_len_for.reset();
    } else if (do_remap && can_resize) {
        s.handle_fb = act(lab, ui, remap, s.replay_actions);
        s.new_len_for.reset();
    } else if (do_free && can_free) {
        s.handle_fb = act(lab, ui, free_cmd, s.replay_actions);
        if (!s.handle_fb.error) ui.selected_handle.reset();
    }
    showFeedback(s.handle_fb);
}

void resetSection(lab::Lab& lab, ViewState& ui, ControlsPanelState& s, float column)
{
    if (!sectionHeader(s, ui, 2, N_("Reset"),
                       {CommandId::reset_free_all, CommandId::reset_retain_capacity, CommandId::reset_retain_with_limit}))
        return;
    const std::size_t capacity = pictureStats(lab, ui).capacity;

    lab::Reset free_all{lab::ResetKind::free_all, 0};
    lab::Reset retain{lab::ResetKind::retain_capacity, 0};

    bool do_free_all = ImGui::Button(lab::tr("free_all (1)"));
    actionTip(lab, lab::tr("Give every buffer back to the child: the arena is empty and the next alloc starts over. "
               "Every handle is dead afterwards. Appends: reset free_all. Shortcut: 1."));
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("retain_capacity (2)")));
    bool do_retain = ImGui::Button(lab::tr("retain_capacity (2)"));
    actionTip(lab, lab::trf("Keep the capacity (now {}): free every buffer but the oldest, then make the oldest that big "
                             "(resize in place if the child agrees, else a new buffer). end_index goes to 0; every handle "
                             "is dead. Appends: reset retain_capacity. Shortcut: 2.", widgets::bytes(capacity)));

    fieldLabel(N_("Limit"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##reset_limit", s.reset_limit);
    widgets::tooltip(lab::tr("retain_with_limit keeps at most this many bytes of capacity: 0 to 2^40."));
    const fields::Checked limit = fields::resetLimit(s.reset_limit);
    const std::optional<std::string>& limit_error = limit.error;
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("retain_with_limit (3)")));
    ImGui::BeginDisabled(limit_error.has_value());
    bool do_limit = ImGui::Button(lab::tr("retain_with_limit (3)"));
    ImGui::EndDisabled();
    lab::Reset with_limit{lab::ResetKind::retain_with_limit, static_cast<std::size_t>(limit.value)};
    const std::uint64_t kept = std::min<std::uint64_t>(limit.value, capacity);
    actionTip(lab, kept == 0 ? lab::trf("Like retain_capacity, but keep min(limit, capacity) = min({0}, {1}) = {2}: that "
                                       "is 0, so everything is freed. Shortcut: 3.",
                                       widgets::grouped(limit.value), widgets::grouped(capacity), widgets::bytes(kept))
                           : lab::trf("Like retain_capacity, but keep min(limit, capacity) = min({0}, {1}) = {2}. Shortcut: 3.",
                                       widgets::grouped(limit.value), widgets::grouped(capacity), widgets::bytes(kept)));
    errorBeside(limit_error);
    if (!limit_error) {
        ImGui::PushFont(font(Font::mono));
        widgets::wrappedColored(widgets::muted, "\u2192 " + lab::toScript(with_limit)); // wrapped: never cut at the edge
        ImGui::PopFont();
    }

    do_free_all = do_free_all || ui.take(CommandId::reset_free_all);
    do_retain = do_retain || ui.take(CommandId::reset_retain_capacity);
    do_limit = do_limit || (!limit_error && ui.take(CommandId::reset_retain_with_limit));
    const lab::Reset* chosen = do_free_all ? &free_all : do_retain ? &retain : (do_limit && !limit_error) ? &with_limit : nullptr;
    if (chosen != nullptr) {
        s.reset_fb = act(lab, ui, *chosen, s.replay_actions);
        ui.selected_handle.reset();
    }
    showFeedback(s.reset_fb);
    if (ImGui::Button(lab::tr("Compare the three (W)"))) ui.comparing = !ui.comparing;
    widgets::tooltip(lab::tr("What would each reset do here? free_all, retain_capacity and retain_with_limit N side by side."));
}

void childSection(lab::Lab& lab, ViewState& ui, ControlsPanelState& s, float column)
{
    if (!sectionHeader(s, ui, 3, N_("Child allocator"), {})) return;
    // Copies, not references: an action below may replace the session (a
    // branch from the past rebuilds it).
    const arena::ChildConfig config = lab.session().child().config();
    const std::size_t held = lab.session().child().liveBytes();
    // Follow the child's settings when something else (a script) changed them.
    if (!s.child_seen || *s.child_seen != config) {
        s.child.policy = config.resize;
        s.child.page = std::to_string(config.page);
        s.child.offset = std::to_string(config.offset);
        s.child.limit = std::to_string(config.limit);
        s.child_seen = config;
    }

    constexpr std::array<arena::ResizePolicy, 4> policies{arena::ResizePolicy::never, arena::ResizePolicy::shrink,
                                                          arena::ResizePolicy::pages, arena::ResizePolicy::always};
    fieldLabel(N_("Resize"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    const std::string policy_name(arena::policyName(s.child.policy));
    if (ImGui::BeginCombo("##policy", policy_name.c_str())) {
        for (const arena::ResizePolicy p : policies) {
            const std::string item(arena::policyName(p));
            if (ImGui::Selectable(item.c_str(), p == s.child.policy)) s.child.policy = p;
        }
        ImGui::EndCombo();
    }
    widgets::tooltip(lab::tr("When the child grows or shrinks a buffer in place: never; shrink (only when not larger); pages "
               "(when it stays within its pages, like Zig's page allocator); always (within the limit). "
               "When it refuses to grow, the arena prepends a new buffer."));

    fieldLabel(N_("Page"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##page", s.child.page);
    widgets::tooltip(lab::tr("The page size for the 'pages' policy: a power of two from 8 to 1048576 bytes."));
    const fields::Checked page = fields::childPage(s.child.page);
    const std::optional<std::string>& page_error = page.error;
    errorBeside(page_error);

    fieldLabel(N_("Offset"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##offset", s.child.offset);
    widgets::tooltip(lab::tr("Every buffer the child hands out starts at this address modulo 4096, so padding is the same on "
               "every run: a multiple of 8 below 4096. Try 8 with align=16 to see padding."));
    const fields::Checked offset = fields::childOffset(s.child.offset);
    const std::optional<std::string>& offset_error = offset.error;
    errorBeside(offset_error);

    fieldLabel(N_("Limit"), column);
    ImGui::SetNextItemWidth(widgets::em(7.0f));
    valueField("##child_limit", s.child.limit);
    widgets::tooltip(lab::trf("The most bytes the child holds at once (all live buffers): at most 2^32. Allocs and growing "
                         "resizes beyond it fail. It now holds {}.", widgets::bytes(held)));
    const fields::Checked limit = fields::childLimit(s.child.limit);
    const std::optional<std::string>& limit_error = limit.error;
    errorBeside(limit_error);

    const bool valid = !page_error && !offset_error && !limit_error;
    lab::ChildSet set;
    if (valid) {
        if (s.child.policy != config.resize) set.resize = s.child.policy;
        if (page.value != config.page) set.page = static_cast<std::size_t>(page.value);
        if (offset.value != config.offset) set.offset = static_cast<std::size_t>(offset.value);
        if (limit.value != config.limit) set.limit = static_cast<std::size_t>(limit.value);
    }
    const bool changed = set.resize || set.page || set.offset || set.limit;
    ImGui::BeginDisabled(!valid || !changed);
    const bool apply = ImGui::Button(lab::tr("Apply"));
    ImGui::EndDisabled();
    actionTip(lab, changed ? lab::tr("Change the child's settings from the next operation on; buffers already handed out stay "
                                 "where they are.")
                       : lab::tr("Change a setting above first."));
    if (changed) preview(lab::toScript(set), true);
    if (apply && valid && changed) {
        s.child_fb = act(lab, ui, set, false);
    }
    showFeedback(s.child_fb);

    // One-shot failures.
    const std::size_t pending_alloc = lab.session().child().pendingFailures(arena::ChildCall::Kind::alloc);
    const std::size_t pending_resize = lab.session().child().pendingFailures(arena::ChildCall::Kind::resize);
    ImGui::Spacing();
    const bool fail_alloc = ImGui::Button(lab::tr("Fail next alloc"));
    actionTip(lab, lab::tr("The child's next alloc call fails, whatever its policy (they stack). The arena then cannot get a "
               "new buffer and returns null. Appends: fail alloc."));
    widgets::sameLineIfFits(widgets::buttonWidth(lab::tr("Fail next resize")));
    const bool fail_resize = ImGui::Button(lab::tr("Fail next resize"));
    actionTip(lab, lab::tr("The child's next resize call fails, so the arena cannot grow a buffer in place and prepends a new "
               "one instead (or a reset asks for a new buffer). Appends: fail resize."));
    if (pending_alloc + pending_resize > 0)
        widgets::wrappedColored(widgets::info, lab::trf("pending: {0} alloc, {1} resize", pending_alloc, pending_resize));
    if (fail_alloc) s.fail_fb = act(lab, ui, lab::Fail{arena::ChildCall::Kind::alloc}, false);
    if (fail_resize) s.fail_fb = act(lab, ui, lab::Fail{arena::ChildCall::Kind::resize}, false);
    showFeedback(s.fail_fb);
}

} // namespace

void ControlsPanel::draw(lab::Lab& lab, ViewState& ui, const PanelRect& rect)
{
    ControlsPanelState& s = state_;
    if (widgets::beginPanel(N_("Controls"), rect)) {
        // The label column: wide enough for the longest label.
        float column = 0.0f;
        for (const char* label : {N_("Size"), N_("Align"), N_("Name"), N_("Handle"), N_("New len"), N_("Limit"), N_("Resize"),
                                  N_("Page"), N_("Offset")})
            column = std::max(column, ImGui::CalcTextSize(lab::tr(label)).x);
        column += ImGui::GetStyle().ItemSpacing.x * 2.0f;

        if (const std::string note = pastNote(lab, false); !note.empty()) {
            widgets::wrappedColored(widgets::info, note);
            widgets::tooltip(lab::trf("Viewing the past: the cursor is at step {0} of {1}. An action replays the script up to this "
                                "operation, drops the rest, and appends the new line (Ctrl+Z undoes it). Press End to go "
                                "back to the present first.", widgets::grouped(lab.cursor()), widgets::grouped(lab.steps()))); 
        }
        allocSection(lab, ui, s, column);
        handleSection(lab, ui, s, column);
        resetSection(lab, ui, s, column);
        childSection(lab, ui, s, column);

        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Checkbox(lab::tr("Replay actions"), &s.replay_actions);
        widgets::tooltip(lab::tr("After each operation done here, go back to its first step and play it, so every internal decision "
                   "is shown one at a time."));
    }
    ImGui::End();
}

} // namespace gui
