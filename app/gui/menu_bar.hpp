// The window's menu bar (menu_bar.cpp): every item but the lessons and the
// languages is a command of the table (commands.hpp); those two the window
// does through MenuActions (the App is one).
#pragma once

#include "gui/commands.hpp"
#include "gui/layout_record.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"

namespace gui {

class MenuActions {
public:
    // Lessons > a lesson: replaces the script (after the unsaved-changes
    // prompt), at its first step.
    virtual void openLesson(const lab::Lesson& lesson) = 0;
    // View > Language.
    virtual void setLanguage(lab::Lang lang) = 0;

protected:
    ~MenuActions() = default;
};

// `record`: where the small-window notice went (layout.hpp's belowMinimum:
// one line at the bar's right, in normal mode, saying what is left out).
void drawMenuBar(Commands& commands, MenuActions& window, LayoutRecord& record, bool presentation);

} // namespace gui
