// The menu bar (menu_bar.hpp): File, Edit, Lessons, View and Help, each
// item a command of the table, so a menu and its shortcut are one.
#include "gui/menu_bar.hpp"

#include <imgui.h>

#include <initializer_list>
#include <optional>
#include <string>

#include "gui/layout.hpp"
#include "gui/widgets.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"

namespace gui {

namespace {

// Opens a menu of the bar (the caller ends it while it is open) and notes
// it for the layout record by its English `name`.
bool beginMenu(Commands& commands, const char* label, const char* name)
{
    const bool open = ImGui::BeginMenu(label);
    commands.noteItem(std::string("menu:") + name);
    return open;
}

// A menu's rows: each a command of the table, or a separator.
using MenuRow = std::optional<CommandId>;
constexpr MenuRow separator = std::nullopt;
void commandRows(Commands& commands, std::initializer_list<MenuRow> rows)
{
    for (const MenuRow& row : rows) {
        if (row) commands.menuItem(*row);
        else ImGui::Separator();
    }
}

// Below the smallest window the normal layout is made for (layout.hpp's
// belowMinimum), one line at the right of the menu bar says what is left
// out, its tooltip why and what to do; a shorter line where that does not fit.
void smallWindowNotice(LayoutRecord& record)
{
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (!belowMinimum(display.x, display.y)) return;
    const float right = display.x - ImGui::GetStyle().ItemSpacing.x;
    const float from = ImGui::GetCursorPosX() + ImGui::GetStyle().ItemSpacing.x;
    for (const char* line : {lab::tr("Window below 1024x600: Source, Child allocator and Stats hidden"),
                             lab::tr("Below 1024x600: panels hidden")}) {
        const float w = ImGui::CalcTextSize(line).x;
        if (from + w > right) continue;
        ImGui::SetCursorPosX(right - w);
        ImGui::TextColored(widgets::info, "%s", line);
        RecordedRect& r = record.text("small window notice", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFontSize());
        r.text = line;
        r.lines = {line};
        widgets::tooltip(lab::tr("Arena Lab is laid out for a window of at least 1024x600. In a smaller one the Source, Child "
                                 "allocator and Stats panels are left out, so that the arena view, the Step panel with its "
                                 "step buttons, the Controls and the Script stay usable. Make the window larger to see them, "
                                 "or press F5 for presentation mode."));
        return;
    }
}

void languageMenu(Commands& commands, MenuActions& window)
{
    // Each language named in itself, so a person who reads only one finds it.
    if (!beginMenu(commands, (std::string(lab::tr("Language")) + "###Language").c_str(), "Language")) return;
    struct Choice {
        lab::Lang lang;
        const char* label;
    };
    for (const Choice& c : {Choice{lab::Lang::en, "English###en"}, Choice{lab::Lang::zh, "\u4E2D\u6587\uFF08\u7B80\u4F53\uFF09###zh"}}) {
        if (ImGui::MenuItem(c.label, nullptr, lab::language() == c.lang) && lab::language() != c.lang) window.setLanguage(c.lang);
        commands.noteItem("language:" + std::string(lab::langName(c.lang)));
    }
    ImGui::EndMenu();
}

} // namespace

void drawMenuBar(Commands& commands, MenuActions& window, LayoutRecord& record, bool presentation)
{
    if (!ImGui::BeginMainMenuBar()) return;
    if (beginMenu(commands, lab::tr("File"), "File")) {
        commandRows(commands, {CommandId::new_script, CommandId::open, CommandId::save, CommandId::save_as, separator,
                               CommandId::export_doctest, CommandId::export_trace, CommandId::export_script,
                               CommandId::export_png, CommandId::export_animation_op, CommandId::export_animation_all,
                               CommandId::export_animation_range, CommandId::export_handout, CommandId::export_quiz,
                               separator, CommandId::builtin_example, CommandId::copy_link, separator, CommandId::quit});
        ImGui::EndMenu();
    }
    if (beginMenu(commands, lab::tr("Edit"), "Edit")) {
        commandRows(commands, {CommandId::undo, CommandId::redo});
        ImGui::EndMenu();
    }
    if (beginMenu(commands, lab::tr("Lessons"), "Lessons")) {
        // Each lesson is a narrated script: its captions play with its steps.
        // Numbered, as the Step panel names them ("Lesson 3: ...").
        for (std::size_t i = 0; i < lab::lessons().size(); ++i) {
            const lab::Lesson& lesson = lab::lessons()[i];
            const std::string label = std::to_string(i + 1) + ". " + lab::lessonTitleIn(lesson.text) + "###" + std::string(lesson.file_name);
            const bool chosen = ImGui::MenuItem(label.c_str());
            commands.noteItem("lesson:" + std::string(lesson.file_name));
            if (chosen) window.openLesson(lesson);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(lesson.file_name).c_str());
        }
        ImGui::EndMenu();
    }
    if (beginMenu(commands, lab::tr("View"), "View")) {
        commandRows(commands, {CommandId::larger_text, CommandId::smaller_text, CommandId::reset_text, separator,
                               CommandId::fit_view, CommandId::presentation, CommandId::presentation_controls,
                               CommandId::blank, separator, CommandId::predict, CommandId::compare,
                               CommandId::compare_models, separator, CommandId::step_thread1,
                               CommandId::step_thread2, separator});
        languageMenu(commands, window);
        ImGui::EndMenu();
    }
    if (beginMenu(commands, lab::tr("Help"), "Help")) {
        commandRows(commands, {CommandId::getting_started, CommandId::help});
        ImGui::EndMenu();
    }
    if (!presentation) smallWindowNotice(record);
    ImGui::EndMainMenuBar();
}

} // namespace gui
