// The menu bar (menu_bar.hpp): File, Edit, Lessons, View and Help, each
// item a command of the table, so a menu and its shortcut are one.
#include "gui/menu_bar.hpp"

#include <imgui.h>

#include <string>

#include "gui/layout.hpp"
#include "gui/widgets.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"

namespace gui {

namespace {

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
    const bool open = ImGui::BeginMenu((std::string(lab::tr("Language")) + "###Language").c_str());
    commands.noteItem("menu:Language");
    if (!open) return;
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
    const bool menu_file = ImGui::BeginMenu(lab::tr("File"));
    commands.noteItem("menu:File");
    if (menu_file) {
        commands.menuItem(CommandId::new_script);
        commands.menuItem(CommandId::open);
        commands.menuItem(CommandId::save);
        commands.menuItem(CommandId::save_as);
        ImGui::Separator();
        commands.menuItem(CommandId::export_doctest);
        commands.menuItem(CommandId::export_trace);
        commands.menuItem(CommandId::export_script);
        commands.menuItem(CommandId::export_png);
        commands.menuItem(CommandId::export_animation_op);
        commands.menuItem(CommandId::export_animation_all);
        commands.menuItem(CommandId::export_animation_range);
        commands.menuItem(CommandId::export_handout);
        commands.menuItem(CommandId::export_quiz);
        ImGui::Separator();
        commands.menuItem(CommandId::builtin_example);
        commands.menuItem(CommandId::copy_link);
        ImGui::Separator();
        commands.menuItem(CommandId::quit);
        ImGui::EndMenu();
    }
    const bool menu_edit = ImGui::BeginMenu(lab::tr("Edit"));
    commands.noteItem("menu:Edit");
    if (menu_edit) {
        commands.menuItem(CommandId::undo);
        commands.menuItem(CommandId::redo);
        ImGui::EndMenu();
    }
    const bool menu_lessons = ImGui::BeginMenu(lab::tr("Lessons"));
    commands.noteItem("menu:Lessons");
    if (menu_lessons) {
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
    const bool menu_view = ImGui::BeginMenu(lab::tr("View"));
    commands.noteItem("menu:View");
    if (menu_view) {
        commands.menuItem(CommandId::larger_text);
        commands.menuItem(CommandId::smaller_text);
        commands.menuItem(CommandId::reset_text);
        ImGui::Separator();
        commands.menuItem(CommandId::fit_view);
        commands.menuItem(CommandId::presentation);
        commands.menuItem(CommandId::presentation_controls);
        commands.menuItem(CommandId::blank);
        ImGui::Separator();
        commands.menuItem(CommandId::predict);
        commands.menuItem(CommandId::compare);
        commands.menuItem(CommandId::compare_models);
        ImGui::Separator();
        commands.menuItem(CommandId::step_thread1);
        commands.menuItem(CommandId::step_thread2);
        ImGui::Separator();
        languageMenu(commands, window);
        ImGui::EndMenu();
    }
    const bool menu_help = ImGui::BeginMenu(lab::tr("Help"));
    commands.noteItem("menu:Help");
    if (menu_help) {
        commands.menuItem(CommandId::getting_started);
        commands.menuItem(CommandId::help);
        ImGui::EndMenu();
    }
    if (!presentation) smallWindowNotice(record);
    ImGui::EndMainMenuBar();
}

} // namespace gui
