#include "gui/commands.hpp"
#include "gui/widgets.hpp"
#include "lab/i18n.hpp"

#include <imgui.h>

#include <algorithm>
#include <stdexcept>

namespace gui {

void Commands::add(CommandId id, const char* section, const char* label, Shortcut shortcut, const char* tip,
                   std::function<void()> run, std::function<bool()> enabled, std::function<bool()> checked,
                   std::function<bool()> shortcut_active)
{
    CommandDef d;
    d.id = id;
    d.section = section;
    d.label = label;
    d.shortcut = shortcut;
    d.tip = tip;
    d.run = std::move(run);
    d.enabled = std::move(enabled);
    d.checked = std::move(checked);
    d.shortcut_active = std::move(shortcut_active);
    defs_.push_back(std::move(d));
}

const CommandDef& Commands::get(CommandId id) const
{
    const auto it = std::find_if(defs_.begin(), defs_.end(), [id](const CommandDef& d) { return d.id == id; });
    if (it == defs_.end()) throw std::logic_error("command not in the table");
    return *it;
}

bool Commands::enabled(CommandId id) const
{
    const CommandDef& d = get(id);
    return !d.enabled || d.enabled();
}

void Commands::run(CommandId id)
{
    const CommandDef& d = get(id);
    if (d.run && (!d.enabled || d.enabled())) d.run();
}

void Commands::menuItem(CommandId id)
{
    const CommandDef& d = get(id);
    const bool checked = d.checked && d.checked();
    const char* shortcut = d.shortcut.text[0] != '\0' ? d.shortcut.text : nullptr;
    // In the reader's language; the English label stays the item's identity.
    const std::string label = std::string(lab::tr(d.label)) + "###" + d.label;
    const bool chosen = ImGui::MenuItem(label.c_str(), shortcut, checked, !d.enabled || d.enabled());
    noteItem(d.label);
    if (chosen) run(id);
    if (d.tip[0] != '\0' && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        widgets::textWrapped(lab::tr(d.tip));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void Commands::noteItem(const std::string& key)
{
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    drawn_[key] = ItemRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

std::optional<ItemRect> Commands::drawnItem(const std::string& key) const
{
    const auto it = drawn_.find(key);
    if (it == drawn_.end()) return std::nullopt;
    return it->second;
}

bool Commands::pressed(const Shortcut& s)
{
    const ImGuiIO& io = ImGui::GetIO();
    // A text field that has the keyboard takes typed characters, Enter,
    // Delete, the arrows and Ctrl+Z (its own undo): only shortcuts marked
    // while_typing (Ctrl+S, Ctrl+O...) act then.
    if (!s.while_typing && typing()) return false;
    if (s.ctrl != io.KeyCtrl) return false;
    // Alt and Super belong to the window manager; Ctrl shortcuts ignore them.
    if (!s.ctrl && (io.KeyAlt || io.KeySuper)) return false;
    if (s.typed != 0) {
        // A character as typed: case-insensitive for letters, so Shift is free.
        const auto lower = [](unsigned int ch) { return (ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch; };
        const unsigned int want = lower(static_cast<unsigned char>(s.typed));
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
            if (lower(io.InputQueueCharacters[i]) == want) return true;
        return false;
    }
    if (s.shift && *s.shift != io.KeyShift) return false;
    for (const platform::Key key : {s.key, s.alt_key}) {
        const int index = platform::keyIndex(key);
        if (index >= 0 && ImGui::IsKeyPressed(index, s.repeat)) return true;
    }
    return false;
}

bool Commands::typing()
{
    // Set by ImGui when a text field had the keyboard in the last frame.
    return ImGui::GetIO().WantTextInput;
}

bool Commands::modalOpen()
{
    // A modal dialog or prompt, or an open menu: every key is theirs.
    return ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
}

void Commands::handleKeys()
{
    // In a dialog or prompt, Enter and Escape act on it and nothing else,
    // and no shortcut acts behind it.
    if (modalOpen()) return;
    for (const CommandDef& d : defs_) {
        if (!d.run || (d.shortcut.key == platform::Key::none && d.shortcut.typed == 0)) continue;
        if ((!d.shortcut_active || d.shortcut_active()) && pressed(d.shortcut) && (!d.enabled || d.enabled())) d.run();
    }
}

} // namespace gui
