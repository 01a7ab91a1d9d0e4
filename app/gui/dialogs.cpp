// Dialogs and prompts (dialogs.hpp): the path prompt, Help, the
// unsaved-changes prompt and the recovery prompt. Reading and writing go
// through the document (loadFile/saveFile), the one place that touches
// script files.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <string>

#include "gui/app.hpp"
#include "gui/platform/keys.hpp"

namespace gui {

void App::openDialog(PathPrompt::Kind kind)
{
    prompt_.kind = kind;
    prompt_.opening = true;
}

// Shown when the window opens over recovery files: what each one is, and
// a choice that never loses anything by accident (Later keeps the files).
void App::recoveryPrompt()
{
    if (doc_.offers().empty() || prompt_.kind != PathPrompt::Kind::none || confirm_quit_) return;
    ImGui::OpenPopup("Recover unsaved work?");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Recover unsaved work?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(doc_.offers().size() == 1 ? "An Arena Lab window did not close cleanly. Its unsaved script was autosaved:"
                                               : "Arena Lab windows did not close cleanly. Their unsaved scripts were autosaved:");
    ImGui::Spacing();
    std::optional<std::size_t> recover_index, discard_index;
    for (std::size_t i = 0; i < doc_.offers().size() && i < 8; ++i) {
        const lab::RecoveredScript& r = doc_.offers()[i];
        char when[64] = "an unknown time";
        const auto t = static_cast<std::time_t>(r.saved_at);
        if (std::tm tm{}; r.saved_at > 0 && localtime_r(&t, &tm) != nullptr) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        const auto lines = std::count(r.text.begin(), r.text.end(), '\n') + (r.text.empty() || r.text.back() == '\n' ? 0 : 1);
        ImGui::PushID(static_cast<int>(i));
        ImGui::BulletText("%s, %ld lines, autosaved %s%s%s", r.name.c_str(), static_cast<long>(lines), when,
                          r.script_path.empty() ? "" : " (from ", r.script_path.empty() ? "" : (r.script_path + ")").c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Recover")) recover_index = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load it as unsaved work; save it to keep it.\nThe script open now is replaced.");
        ImGui::SameLine();
        if (ImGui::SmallButton("Discard")) discard_index = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Delete the recovery file: %s", r.file.c_str());
        ImGui::PopID();
    }
    // Acted on after the list, which must not change while it is drawn.
    if (recover_index) recover(*recover_index);
    else if (discard_index) discardRecovery(*discard_index);
    if (doc_.offers().size() > 8) ImGui::TextDisabled("and %zu more in %s", doc_.offers().size() - 8, doc_.recoveryDir().c_str());
    ImGui::Spacing();
    if (ImGui::Button("Later") || ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false)) keepRecoveryForLater();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the files; the next window offers them again.\nThey are in %s", doc_.recoveryDir().c_str());
    if (doc_.offers().empty()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}


// A close (the window's button, Ctrl+Q, File > Quit) goes through when
// nothing would be lost; otherwise it becomes the unsaved-changes prompt.
bool App::shouldClose()
{
    const bool asked = backend_->closeRequested() || ui_.request_quit;
    if (!asked) return false;
    if (ui_.quit_confirmed || !hasUnsavedChanges()) return true;
    backend_->cancelClose();
    ui_.request_quit = false;
    confirm_quit_ = true;
    return false;
}

void App::quitPrompt()
{
    if (!confirm_quit_) return;
    ImGui::OpenPopup("Unsaved changes");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("The script has changes that are not saved.");
        const std::string where = doc_.path().empty() ? "Save as..." : "Save to " + doc_.path();
        if (ImGui::Button(where.c_str())) {
            confirm_quit_ = false;
            if (doc_.path().empty()) {
                openDialog(PathPrompt::Kind::save_as);
            } else if (saveFile(doc_.path())) {
                ui_.request_quit = true;
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Quit without saving")) {
            confirm_quit_ = false;
            ui_.quit_confirmed = true;
            ui_.request_quit = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false)) {
            confirm_quit_ = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

// File > Open and Save As: a path prompt. Reading and writing go through
// loadFile/saveFile, the one place that touches files.
void App::fileDialog()
{
    const char* title = "Save the script as";
    const char* prompt = "Path of the .arena file:";
    const char* action = "Save";
    std::string suggestion = doc_.path();
    const std::string stem = lab_.fileName().substr(0, lab_.fileName().rfind('.'));
    switch (prompt_.kind) {
    case PathPrompt::Kind::open:
        title = "Open a script";
        action = "Open";
        break;
    case PathPrompt::Kind::export_doctest:
        title = "Export as a doctest test";
        prompt = "Path of the .cpp file:";
        action = "Export";
        suggestion = stem + "_test.cpp";
        break;
    case PathPrompt::Kind::export_trace:
        title = "Export the trace";
        prompt = "Path of the .jsonl file:";
        action = "Export";
        suggestion = stem + ".jsonl";
        break;
    case PathPrompt::Kind::export_script:
        title = "Export the session as a script";
        action = "Export";
        suggestion = stem + "-session.arena";
        break;
    case PathPrompt::Kind::export_png:
        title = "Export the picture";
        prompt = "Path of the .png file:";
        action = "Export";
        suggestion = stem + ".png";
        break;
    default: break;
    }
    if (prompt_.opening) {
        prompt_.opening = false;
        prompt_.path = suggestion;
        prompt_.error.clear();
        ImGui::OpenPopup(title);
    }
    if (prompt_.kind == PathPrompt::Kind::none) return;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        prompt_.kind = PathPrompt::Kind::none;
        return;
    }
    ImGui::TextUnformatted(prompt);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##path", &prompt_.path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (!prompt_.error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", prompt_.error.c_str());
    bool done = false;
    if (ImGui::Button(action) || enter) {
        bool ok = false;
        switch (prompt_.kind) {
        case PathPrompt::Kind::open: ok = loadFile(prompt_.path); break;
        case PathPrompt::Kind::save_as: ok = saveFile(prompt_.path); break;
        case PathPrompt::Kind::export_doctest: ok = exportFile(Export::doctest, prompt_.path); break;
        case PathPrompt::Kind::export_trace: ok = exportFile(Export::trace, prompt_.path); break;
        case PathPrompt::Kind::export_script: ok = exportFile(Export::script, prompt_.path); break;
        case PathPrompt::Kind::export_png: // drawn between frames, not inside this one
            pending_png_ = prompt_.path;
            ok = true;
            break;
        case PathPrompt::Kind::none: break;
        }
        if (ok) done = true;
        else prompt_.error = ui_.status;
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false)) done = true;
    if (done) {
        ImGui::CloseCurrentPopup();
        prompt_.kind = PathPrompt::Kind::none;
    }
    ImGui::EndPopup();
}


// Help: every command that has a shortcut, from the command table (so
// Help lists every shortcut there is), then the mouse and the colours.
void App::helpWindow()
{
    if (!show_help_) return;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 46, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    // Never taller or wider than the window: what does not fit scrolls, nothing is cut.
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(ImGui::GetMainViewport()->Size.x * 0.96f,
                                                             ImGui::GetMainViewport()->Size.y * 0.92f));
    if (ImGui::Begin("Help", &show_help_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        // Two columns: the window's keys on the left, the arena's on the right.
        if (ImGui::BeginTable("##help", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextColumn();
            std::string section;
            const auto heading = [&](const char* title) {
                if (!section.empty()) ImGui::Separator();
                section = title;
                ImGui::TextUnformatted(title);
            };
            for (const CommandDef& d : commands_.all()) {
                if (d.shortcut.text[0] == '\0') continue;
                if (d.section != section) {
                    if (std::string(d.section) == "Arena view") {
                        ImGui::TableNextColumn();
                        section.clear();
                    }
                    heading(d.section);
                }
                ImGui::BulletText("%s: %s", d.shortcut.text, d.label);
            }
            heading("Mouse, in the arena view");
            ImGui::BulletText("Wheel: zoom about the mouse;  drag: pan");
            ImGui::BulletText("Hover: what a byte range is");
            ImGui::BulletText("Click: select a handle");
            ImGui::EndTable();
        }
        ImGui::Separator();
        ImGui::TextUnformatted("Colours");
        if (ImGui::BeginTable("##colours", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextColumn();
            ImGui::BulletText("Grey: the 16-byte BufNode header");
            ImGui::BulletText("Coloured: live, one colour per handle");
            ImGui::BulletText("Yellow stripes: alignment padding");
            ImGui::TableNextColumn();
            ImGui::BulletText("Faint checkers: freed (end_index rolled back)");
            ImGui::BulletText("Dim, cross-hatched: stranded until the next reset");
            ImGui::BulletText("Vermillion line: end_index; light bar: a buffer's end");
            ImGui::EndTable();
        }
        ImGui::Separator();
        ImGui::TextWrapped("Text size: also the - + at the bottom right. Presentation mode (F5): text at least 1/36 of "
                           "the window's height, a projector palette, the lesson's text whole; C shows the Controls.");
    }
    ImGui::End();
}

} // namespace gui
