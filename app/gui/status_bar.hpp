// The status bar: where the cursor is, the last message (errors in red, a
// long one cut with its whole text in a tooltip), and the text size with
// - and + at the bottom right.
#pragma once

#include "gui/commands.hpp"
#include "gui/ui_state.hpp"
#include "lab/lab.hpp"

namespace gui {

void drawStatusBar(const lab::Lab& lab, UiState& ui, Commands& commands, float y, float width, float height);

// Embed mode's one line in place of the status bar: the message alone (an
// error, such as a refused link), cut to the width with the whole in a
// tooltip.
void drawMessageLine(UiState& ui, float y, float width, float height);

} // namespace gui
