// Dialogs and prompts (dialogs.hpp): the path prompt, Help, Getting
// started, the unsaved-changes, notice, lesson-action and recovery prompts.
// What a person chooses in them the window does (DialogActions): reading
// and writing go through the document, the one place that touches script
// files, and exports through exportWindow.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <utility>
#include <string>

#include "gui/dialogs.hpp"
#include "gui/platform/keys.hpp"
#include "gui/widgets.hpp"
#include "lab/files.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"
#include "lab/runner.hpp"

namespace gui {

Dialogs::Dialogs(DialogActions& window, lab::Lab& lab, ViewState& ui, Document& doc, Commands& commands, platform::Files& files)
    : window_(window), lab_(lab), ui_(ui), doc_(doc), commands_(commands), files_(files)
{
}

void Dialogs::draw()
{
    fileDialog();
    helpWindow();
    gettingStartedWindow();
    unsavedPrompt();
    noticePrompt();
    recoveryPrompt();
    actionPrompt();
}

std::optional<std::pair<Export, std::string>> Dialogs::takePendingExport()
{
    return std::exchange(pending_export_, std::nullopt);
}

void Dialogs::openDialog(PathPrompt::Kind kind)
{
    prompt_.kind = kind;
    prompt_.opening = true;
}

// Shown when the window opens over recovery files: what each one is, and
// a choice that never loses anything by accident (Later keeps the files).
// Not in embed mode: an <iframe> on a course page shows a lesson, and the
// offer waits for the next visit to the page itself.
void Dialogs::recoveryPrompt()
{
    if (ui_.embed || doc_.offers().empty() || prompt_.kind != PathPrompt::Kind::none || replacing_ || !notice_.empty()) return;
    ImGui::OpenPopup((std::string(lab::tr("Recover unsaved work?")) + "###Recover unsaved work?").c_str());
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal((std::string(lab::tr("Recover unsaved work?")) + "###Recover unsaved work?").c_str(), nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::TextUnformatted(doc_.offers().size() == 1 ? lab::tr("An Arena Lab window did not close cleanly. Its unsaved script was autosaved:")
                                               : lab::tr("Arena Lab windows did not close cleanly. Their unsaved scripts were autosaved:"));
    ImGui::Spacing();
    std::optional<std::size_t> recover_index, discard_index;
    for (std::size_t i = 0; i < doc_.offers().size() && i < 8; ++i) {
        const lab::RecoveredScript& r = doc_.offers()[i];
        char when[64];
        std::snprintf(when, sizeof when, "%s", lab::tr("an unknown time"));
        const auto t = static_cast<std::time_t>(r.saved_at);
        if (std::tm tm{}; r.saved_at > 0 && localtime_r(&t, &tm) != nullptr) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        // Counted as the Script panel counts them (lab::countLines): a
        // 23-line script is 23 lines, with or without a final line ending.
        const auto lines = static_cast<long>(lab::countLines(r.text));
        ImGui::PushID(static_cast<int>(i));
        char offer[1024];
        std::snprintf(offer, sizeof offer, lab::tr("%s, %ld lines, autosaved %s%s%s"), r.name.c_str(), lines, when,
                      r.script_path.empty() ? "" : lab::tr(" (from "), r.script_path.empty() ? "" : (r.script_path + lab::tr(")")).c_str());
        ImGui::BulletText("%s", offer);
        RecordedRect& said = ui_.layout_record.text("recovery offer", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                                    ImGui::GetFontSize());
        said.text = offer;
        said.lines = {offer};
        ImGui::SameLine();
        if (ImGui::SmallButton(lab::tr("Recover"))) recover_index = i;
        commands_.noteItem("recover:" + r.file);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lab::tr("Load it as unsaved work; save it to keep it.\nThe script open now is replaced."));
        ImGui::SameLine();
        if (ImGui::SmallButton(lab::tr("Discard"))) discard_index = i;
        commands_.noteItem("discard:" + r.file);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip(lab::tr("Delete the recovery file: %s"), r.file.c_str());
        ImGui::PopID();
    }
    // Acted on after the list, which must not change while it is drawn.
    if (recover_index) {
        const lab::RecoveredScript& r = doc_.offers()[*recover_index];
        const std::string file = r.file;
        // By its file, not its place in the list, which may change before the prompt allows it.
        replaceDocument(lab::tr("Recovering ") + r.name, [this, file] {
            for (std::size_t k = 0; k < doc_.offers().size(); ++k)
                if (doc_.offers()[k].file == file) window_.recover(k);
        });
    }
    else if (discard_index) doc_.discardOffer(*discard_index);
    if (doc_.offers().size() > 8) ImGui::TextDisabled(lab::tr("and %s more in %s"), widgets::grouped(doc_.offers().size() - 8).c_str(),
                                                     doc_.recoveryDir().c_str());
    ImGui::Spacing();
    if (ImGui::Button(lab::tr("Later")) || ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false)) doc_.keepOffersForLater();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(lab::tr("Keep the files; the next window offers them again.\nThey are in %s"), doc_.recoveryDir().c_str());
    if (doc_.offers().empty()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void Dialogs::replaceDocument(std::string what, std::function<void()> action, bool quit)
{
    if (!doc_.hasUnsavedChanges()) {
        action();
        return;
    }
    replacing_ = Replacement{std::move(what), std::move(action), quit};
}

// Save, Discard or Cancel before anything replaces a script with unsaved
// changes (or quits). Enter is Save; Escape is Cancel.
void Dialogs::unsavedPrompt()
{
    if (!replacing_) return;
    // Shown in the reader's language; the English title stays its identity (###).
    const std::string title_id = std::string(lab::tr("Unsaved changes")) + "###Unsaved changes";
    const char* title = title_id.c_str();
    if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    widgets::textWrapped(lab::trf("{} has changes that are not saved.", doc_.name()));
    widgets::textWrapped(replacing_->quit ? lab::trf("{} would lose them.", replacing_->what)
                                          : lab::trf("{} would replace it (Edit > Undo can bring it back).", replacing_->what));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const std::string save_label = doc_.untitled() ? lab::tr("Save as...") : lab::tr("Save");
    // Not the key that opened it (Enter in the file dialog): only keys pressed while it is up.
    const bool keys = !ImGui::IsWindowAppearing();
    const bool enter = keys && (ImGui::IsKeyPressed(platform::keyIndex(platform::Key::enter), false) ||
                                ImGui::IsKeyPressed(platform::keyIndex(platform::Key::keypad_enter), false));
    const bool escape = keys && ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false);
    const bool save_now = ImGui::Button(save_label.c_str()) || enter;
    commands_.noteItem("prompt:Save");
    if (!doc_.untitled() && ImGui::IsItemHovered()) ImGui::SetTooltip(lab::tr("Save to %s first"), doc_.path().c_str());
    ImGui::SameLine();
    const bool discard = ImGui::Button(replacing_->quit ? lab::tr("Quit without saving") : lab::tr("Discard changes"));
    commands_.noteItem("prompt:Discard");
    ImGui::SameLine();
    const bool cancel = ImGui::Button(lab::tr("Cancel")) || escape;
    commands_.noteItem("prompt:Cancel");
    if (save_now) {
        Replacement r = std::move(*replacing_);
        replacing_.reset();
        ImGui::CloseCurrentPopup();
        if (doc_.untitled()) {
            after_save_ = std::move(r.action); // once saved
            openDialog(PathPrompt::Kind::save_as);
        } else if (window_.saveFile(doc_.path())) {
            r.action();
        }
    } else if (discard) {
        Replacement r = std::move(*replacing_);
        replacing_.reset();
        ImGui::CloseCurrentPopup();
        r.action();
        window_.autosave(true); // the person chose to let the work go: so does its recovery file
    } else if (cancel) {
        replacing_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// A lesson's story is not cut by one key: in a lesson, a control's single
// key (A, R, M, Del, 1, 2, 3) that would replace later lines of it waits
// for a yes (the Controls' warning is folded away on a projector). In a
// person's own script it stays one key, with the Controls' warning.
void Dialogs::guardLessonKeys()
{
    const auto isControl = [](CommandId id) { return id >= CommandId::alloc && id <= CommandId::reset_retain_with_limit; };
    if (allowed_action_) {
        ui_.panel_commands.push_back(*std::exchange(allowed_action_, std::nullopt));
        return;
    }
    if (lab::lessonTitle(lab_.text()).empty() || lab_.linesAnActionReplaces() == 0) return;
    for (auto it = ui_.panel_commands.begin(); it != ui_.panel_commands.end();) {
        if (!isControl(*it)) {
            ++it;
            continue;
        }
        if (!asked_action_) {
            asked_action_ = *it;
            asked_lines_ = lab_.linesAnActionReplaces();
            ui_.playing = false;
        }
        it = ui_.panel_commands.erase(it);
    }
}

void Dialogs::actionPrompt()
{
    if (!asked_action_) return;
    const char* title = lab::tr("Replace the rest of the lesson?");
    if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    const CommandDef& d = commands_.get(*asked_action_);
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    widgets::textWrapped(asked_lines_ == 1
                             ? lab::trf("{0} ({1}) here, at step {2}, would replace the lesson's {3} later line. Edit > Undo "
                                        "brings it back.", lab::tr(d.label), d.shortcut.text, lab::grouped(lab_.cursor()),
                                        lab::grouped(asked_lines_))
                             : lab::trf("{0} ({1}) here, at step {2}, would replace the lesson's {3} later lines. Edit > Undo "
                                        "brings them back.", lab::tr(d.label), d.shortcut.text, lab::grouped(lab_.cursor()),
                                        lab::grouped(asked_lines_)));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const bool keys = !ImGui::IsWindowAppearing();
    const bool enter = keys && (ImGui::IsKeyPressed(platform::keyIndex(platform::Key::enter), false) ||
                                ImGui::IsKeyPressed(platform::keyIndex(platform::Key::keypad_enter), false));
    const bool escape = keys && ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false);
    const bool yes = ImGui::Button(lab::tr("Replace (Enter)")) || enter;
    commands_.noteItem("action:Replace");
    ImGui::SameLine();
    const bool no = ImGui::Button(lab::tr("Keep the lesson (Esc)")) || escape;
    commands_.noteItem("action:Keep");
    if (yes || no) {
        if (yes) allowed_action_ = asked_action_;
        asked_action_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// A notice (a file given on the command line could not be opened).
void Dialogs::noticePrompt()
{
    if (notice_.empty() || replacing_ || prompt_.kind != PathPrompt::Kind::none) return;
    // Shown in the reader's language; the English title stays its identity (###).
    const std::string title_id = std::string(lab::tr("Could not open the file")) + "###Could not open the file";
    const char* title = title_id.c_str();
    if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34.0f);
    widgets::textWrapped(notice_);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const bool ok = ImGui::Button(lab::tr("OK"));
    commands_.noteItem("notice:OK");
    const bool keys = !ImGui::IsWindowAppearing();
    if (ok || (keys && (ImGui::IsKeyPressed(platform::keyIndex(platform::Key::enter), false) ||
                        ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false)))) {
        notice_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

namespace {

std::string joinPath(const std::string& folder, const std::string& name)
{
    if (folder.empty() || (!name.empty() && name[0] == '/')) return name;
    return folder + (folder.back() == '/' ? "" : "/") + name;
}

} // namespace

void PathPrompt::goTo(platform::Files& files, std::string to)
{
    folder = std::move(to);
    list_error.clear();
    entries.clear();
    if (!files.canBrowse()) return;
    if (auto listed = files.list(folder, list_error)) entries = std::move(*listed);
}

namespace {

// Each kind of the path prompt: its title, its button, the files it lists
// and, for an export, the name it suggests after the script's stem.
struct PromptKindInfo {
    PathPrompt::Kind kind;
    const char* title;
    const char* action;
    const char* ext;
    const char* suggested_suffix; // nullptr: the script's own name (Save As), or none (Open)
};
constexpr PromptKindInfo prompt_kinds[] = {
    {PathPrompt::Kind::open, N_("Open a script"), N_("Open"), ".arena", nullptr},
    {PathPrompt::Kind::save_as, N_("Save the script as"), N_("Save"), ".arena", nullptr},
    {PathPrompt::Kind::export_doctest, N_("Export as a doctest test"), N_("Export"), ".cpp", "_test.cpp"},
    {PathPrompt::Kind::export_trace, N_("Export the trace"), N_("Export"), ".jsonl", ".jsonl"},
    {PathPrompt::Kind::export_script, N_("Export the session as a script"), N_("Export"), ".arena", "-session.arena"},
    {PathPrompt::Kind::export_png, N_("Export the picture"), N_("Export"), ".png", ".png"},
    {PathPrompt::Kind::export_quiz, N_("Export a quiz (.gift for Moodle, .md to print)"), N_("Export"), ".gift", ".gift"},
    {PathPrompt::Kind::export_animation_op, N_("Export an animation (.gif, or .webp)"), N_("Export"), ".gif", "-operation.gif"},
    {PathPrompt::Kind::export_animation_all, N_("Export an animation (.gif, or .webp)"), N_("Export"), ".gif", ".gif"},
    {PathPrompt::Kind::export_animation_range, N_("Export an animation (.gif, or .webp)"), N_("Export"), ".gif", "-range.gif"},
    {PathPrompt::Kind::export_handout, N_("Export a handout (PDF)"), N_("Export"), ".pdf", ".pdf"},
};

const PromptKindInfo* promptKindInfo(PathPrompt::Kind kind)
{
    for (const PromptKindInfo& info : prompt_kinds)
        if (info.kind == kind) return &info;
    return nullptr;
}

} // namespace

// File > Open, Save As and Export: a file dialog. The folder's subfolders
// and matching files to click, the recent files (Open), a name field that
// also takes a path, and errors that wrap. A platform with no folders to
// browse (the browser) shows the recent files and the name field only.
// Reading and writing go through the document.
void Dialogs::fileDialog()
{
    platform::Files& files = files_;
    const char* title = N_("Save the script as");
    const char* action = N_("Save");
    const char* ext = ".arena";
    std::string name = lab::baseName(doc_.suggestedPath());
    std::string folder = files.folderOf(files.absolute(doc_.suggestedPath()));
    const std::string stem = lab_.fileName().substr(0, lab_.fileName().rfind('.'));
    const bool exporting = prompt_.kind != PathPrompt::Kind::open && prompt_.kind != PathPrompt::Kind::save_as;
    if (exporting) folder = doc_.startFolder();
    if (const PromptKindInfo* info = promptKindInfo(prompt_.kind)) {
        title = info->title;
        action = info->action;
        ext = info->ext;
        if (prompt_.kind == PathPrompt::Kind::open) {
            name.clear();
            folder = doc_.startFolder(true);
        } else if (info->suggested_suffix != nullptr) {
            name = stem + info->suggested_suffix;
        }
    }
    // In the reader's language; the English title stays the popup's identity.
    const std::string title_id = std::string(lab::tr(title)) + "###" + title;
    if (prompt_.opening) {
        prompt_.opening = false;
        prompt_.name = name;
        prompt_.error.clear();
        prompt_.confirmed_replace.clear();
        ++prompt_.generation;
        prompt_.goTo(files, folder.empty() ? files.current() : folder);
        ImGui::OpenPopup(title_id.c_str());
    }
    if (prompt_.kind == PathPrompt::Kind::none) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    const float width = std::min(em * 44.0f, vp->WorkSize.x - 2 * em);
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always); // 0: the height fits the content
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title_id.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize)) {
        prompt_.kind = PathPrompt::Kind::none;
        after_save_ = nullptr;
        return;
    }
    const float inner = ImGui::GetContentRegionAvail().x;
    bool act = false;
    // The list's height: what is left of the window after the other rows, at most 12 rows.
    const float row = ImGui::GetTextLineHeightWithSpacing();
    const float list_h = std::clamp(vp->WorkSize.y - em * 16.0f, row * 4.0f, row * 12.0f);

    const bool show_recent = prompt_.kind == PathPrompt::Kind::open && !doc_.recentFiles().empty();
    const bool browse = files.canBrowse();
    if (browse) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(lab::tr("Folder:"));
        ImGui::SameLine();
        const float buttons = ImGui::CalcTextSize("Up").x + ImGui::CalcTextSize("Home").x +
                              ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x * 2;
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(em * 6.0f, inner - buttons - em * 4.0f));
        widgets::textWrapped(prompt_.folder);
        ImGui::PopTextWrapPos();
        ImGui::SameLine();
        ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons + ImGui::GetStyle().ItemSpacing.x);
        const bool up = ImGui::Button(lab::tr("Up"));
        commands_.noteItem("dialog:Up");
        if (up) prompt_.goTo(files, files.folderOf(prompt_.folder).empty() ? "/" : files.folderOf(prompt_.folder));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lab::tr("The folder that holds this one"));
        ImGui::SameLine();
        if (ImGui::Button(lab::tr("Home")) && !files.home().empty()) prompt_.goTo(files, files.home());
    }
    const int columns = (show_recent ? 1 : 0) + (browse ? 1 : 0);
    if (columns > 0 && ImGui::BeginTable("##places", columns, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) {
        if (show_recent) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", lab::tr("Recent files"));
            ImGui::BeginChild("##recent", ImVec2(0, list_h), false);
            for (const std::string& r : doc_.recentFiles()) {
                const bool picked = ImGui::Selectable((lab::baseName(r) + "##" + r).c_str(), prompt_.name == r,
                                                      ImGuiSelectableFlags_AllowDoubleClick);
                commands_.noteItem("recent:" + r);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.c_str());
                if (picked) {
                    prompt_.name = r;
                    if (ImGui::IsMouseDoubleClicked(0)) act = true;
                    else prompt_.refocus = true; // the name field takes the keys again: Enter opens it
                }
            }
            ImGui::EndChild();
        }
        if (browse) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled(lab::tr("In this folder: folders and %s files"), ext);
            ImGui::BeginChild("##entries", ImVec2(0, list_h), false);
            std::optional<std::string> into;
            if (!prompt_.list_error.empty()) {
                ImGui::PushTextWrapPos(0.0f);
                widgets::textWrapped(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), prompt_.list_error);
                ImGui::PopTextWrapPos();
            }
            std::size_t shown = 0;
            for (const platform::Files::Entry& e : prompt_.entries) {
                if (!e.folder && !e.name.ends_with(ext)) continue;
                ++shown;
                const std::string label = (e.folder ? e.name + "/" : e.name) + "##entry";
                ImGui::PushID(e.name.c_str());
                const bool picked = ImGui::Selectable(label.c_str(), !e.folder && prompt_.name == e.name,
                                                      ImGuiSelectableFlags_AllowDoubleClick);
                ImGui::PopID();
                commands_.noteItem("entry:" + e.name);
                if (!picked) continue;
                if (e.folder) {
                    into = joinPath(prompt_.folder, e.name);
                } else {
                    prompt_.name = e.name;
                    if (ImGui::IsMouseDoubleClicked(0)) act = true;
                    else prompt_.refocus = true; // the name field takes the keys again: Enter opens it
                }
            }
            if (shown == 0 && prompt_.list_error.empty()) ImGui::TextDisabled(lab::tr("(no folders or %s files here)"), ext);
            ImGui::EndChild();
            if (into) prompt_.goTo(files, *into); // after the list, which must not change while drawn
        }
        ImGui::EndTable();
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(browse ? lab::tr("File name or path:") : lab::tr("File name:"));
    ImGui::SameLine();
    if (ImGui::IsWindowAppearing() || prompt_.refocus) ImGui::SetKeyboardFocusHere();
    prompt_.refocus = false;
    ImGui::SetNextItemWidth(-1);
    // A field of its own each time the dialog opens: ImGui would otherwise
    // keep the last one's cursor, and typing would not replace the name.
    ImGui::PushID(prompt_.generation);
    const bool enter = ImGui::InputText("##path", &prompt_.name, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopID();
    if (!prompt_.error.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
        widgets::textWrapped(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), prompt_.error);
        ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    bool done = false;
    const bool act_button = ImGui::Button((std::string(lab::tr(action)) + "###action").c_str());
    commands_.noteItem("dialog:action");
    if (act_button || enter || act) {
        const std::string path = prompt_.name.empty() ? std::string() : joinPath(prompt_.folder, prompt_.name);
        bool ok = false;
        if (browse && !path.empty() && files.isFolder(path)) {
            // A folder typed or picked: go there.
            prompt_.goTo(files, files.absolute(path));
            prompt_.name.clear();
            prompt_.refocus = true;
        } else if (prompt_.kind != PathPrompt::Kind::open && !path.empty() && path != doc_.path() &&
                   path != prompt_.confirmed_replace && files.readText(path).has_value()) {
            // Another file is there: replacing it takes a second press.
            prompt_.confirmed_replace = path;
            prompt_.error = lab::trf("{} already exists. Press {} again to replace it, or change the name.", lab::baseName(path), lab::tr(action));
            prompt_.refocus = true;
        } else {
            switch (prompt_.kind) {
            case PathPrompt::Kind::open: {
                const Outcome o = path.empty() ? Outcome{false, lab::tr("Pick a file, or type its name.")} : window_.openPath(path);
                if (!o.ok) window_.setStatus(o);
                ok = o.ok;
                break;
            }
            case PathPrompt::Kind::save_as:
                ok = window_.saveFile(path);
                if (ok && after_save_) std::exchange(after_save_, nullptr)();
                break;
            case PathPrompt::Kind::export_doctest: ok = window_.exportFile(Export::doctest, path); break;
            case PathPrompt::Kind::export_trace: ok = window_.exportFile(Export::trace, path); break;
            case PathPrompt::Kind::export_script: ok = window_.exportFile(Export::script, path); break;
            case PathPrompt::Kind::export_quiz: ok = window_.exportFile(Export::quiz, path); break;
            case PathPrompt::Kind::export_png: // drawn between frames, not inside this one
                ok = !path.empty();
                if (ok) pending_export_ = {Export::png, path};
                if (!ok) ui_.status = lab::tr("Type a file name first.");
                break;
            case PathPrompt::Kind::export_animation_op:
            case PathPrompt::Kind::export_animation_all:
            case PathPrompt::Kind::export_animation_range:
            case PathPrompt::Kind::export_handout: // drawn between frames too
                ok = !path.empty();
                if (ok)
                    pending_export_ = {prompt_.kind == PathPrompt::Kind::export_handout ? Export::handout
                                      : prompt_.kind == PathPrompt::Kind::export_animation_op ? Export::animation_op
                                      : prompt_.kind == PathPrompt::Kind::export_animation_range ? Export::animation_range
                                                                                               : Export::animation_all,
                                      path};
                else ui_.status = lab::tr("Type a file name first.");
                break;
            case PathPrompt::Kind::none: break;
            }
            if (ok) done = true;
            else {
                prompt_.error = ui_.status;
                prompt_.refocus = true; // the field keeps the keyboard, to fix the name
            }
        }
    }
    ImGui::SameLine();
    const bool cancel = ImGui::Button(lab::tr("Cancel"));
    commands_.noteItem("dialog:Cancel");
    const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    commands_.noteRect("dialog:window", {wp.x, wp.y, ws.x, ws.y});
    if (cancel || ImGui::IsKeyPressed(platform::keyIndex(platform::Key::escape), false)) {
        done = true;
        after_save_ = nullptr;
    }
    if (done) {
        ImGui::CloseCurrentPopup();
        prompt_.kind = PathPrompt::Kind::none;
    }
    ImGui::EndPopup();
}

// Help: every command that has a shortcut, from the command table (so
// Help lists every shortcut there is), then the mouse and the colours.
// Help > Getting started: the first five minutes, for someone who has
// never seen Arena Lab (the window opens on lesson 1 for them).
void Dialogs::gettingStartedWindow()
{
    if (!show_getting_started_) return;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(ImGui::GetMainViewport()->Size.x * 0.96f,
                                                             ImGui::GetMainViewport()->Size.y * 0.92f));
    if (ImGui::Begin(lab::tr("Getting started"), &show_getting_started_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        const char* const minutes[] = {
            N_("Arena Lab shows what an arena allocator (a port of Zig's std.heap.ArenaAllocator) does, one internal "
            "step at a time: the picture in the middle, and under it what happened and why, with the numbers."),
            N_("1. Lesson 1 is open at its start: the Step panel reads its introduction. Press Right (or Page Down) "
            "for one step, Left (Page Up) for one back. Space plays the steps at a reading pace."),
            N_("2. Watch the picture: each row is a buffer the arena got from its child allocator, newest on top; "
            "coloured blocks are allocations, the orange mark is end_index. Hover anything for what it is."),
            N_("3. Ctrl+Right jumps a whole operation (a line of the script); Home and End go to the start and the end. "
            "The Lessons menu has the rest, in order: each tells its story in captions."),
            N_("4. Try it yourself: Alloc (A) in the Controls on the left adds an allocation; Resize, Free and the "
            "three resets are there too. Edit > Undo (Ctrl+Z) takes any change back."),
            N_("5. For a class: F5 is presentation mode (Esc leaves; B blanks the screen; a clicker's Page Down steps), "
            "P asks the room to predict each operation, W compares the three resets."),
        };
        ImGui::PushTextWrapPos(0.0f);
        for (const char* text : minutes) {
            widgets::textWrapped(lab::tr(text));
            ImGui::Spacing();
        }
        ImGui::PopTextWrapPos();
        if (ImGui::Button(lab::tr("Start lesson 1"))) {
            replaceDocument(lab::tr("Lesson 1"), [this] { window_.openFirstScreen(); });
            show_getting_started_ = false;
        }
        commands_.noteItem("start:lesson 1");
        ImGui::SameLine();
        if (ImGui::Button(lab::tr("Close"))) show_getting_started_ = false;
    }
    ImGui::End();
}

void Dialogs::helpWindow()
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
                ImGui::TextUnformatted(lab::tr(title));
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
                ImGui::BulletText("%s: %s", d.shortcut.text, lab::tr(d.label));
            }
            heading(lab::tr("Mouse, in the arena view"));
            ImGui::BulletText("%s", lab::tr("Wheel: zoom about the mouse;  drag: pan"));
            ImGui::BulletText("%s", lab::tr("Hover: what a byte range is"));
            ImGui::BulletText("%s", lab::tr("Click: select a handle"));
            ImGui::EndTable();
        }
        ImGui::Separator();
        ImGui::TextUnformatted(lab::tr("Colours"));
        if (ImGui::BeginTable("##colours", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextColumn();
            ImGui::BulletText("%s", lab::tr("Grey: the 16-byte BufNode header"));
            ImGui::BulletText("%s", lab::tr("Coloured: live, one colour per handle"));
            ImGui::BulletText("%s", lab::tr("Yellow stripes: alignment padding"));
            ImGui::TableNextColumn();
            ImGui::BulletText("%s", lab::tr("Faint checkers: freed (end_index rolled back)"));
            ImGui::BulletText("%s", lab::tr("Dim, cross-hatched: stranded until the next reset"));
            ImGui::BulletText("%s", lab::tr("Vermillion line: end_index; light bar: a buffer's end"));
            ImGui::EndTable();
        }
        ImGui::Separator();
        widgets::textWrapped(lab::tr("Text size: also the - + at the bottom right. Presentation mode (F5): text at least 1/36 of "
                                     "the window's height, a projector palette, the lesson's text whole; C shows the Controls."));
    }
    ImGui::End();
}

} // namespace gui
