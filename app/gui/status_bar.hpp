// The status bar: where the cursor is, the last message (errors in red),
// and the text size with - and + at the bottom right. No message is cut: one
// too long for the room beside the step is shown whole, wrapped on rows of
// its own under them (the bar grows; statusBarHeight says by how much). That
// room is measured with the step at its widest and without the operation's
// line, so stepping never moves the picture; the operation's line shows on
// the row only where it fits whole.
#pragma once

#include "gui/commands.hpp"
#include "gui/view_state.hpp"
#include "lab/lab.hpp"

namespace gui {

void drawStatusBar(const lab::Lab& lab, ViewState& ui, Commands& commands, float y, float width, float height);
// The status bar's height at `width` for this frame's message.
float statusBarHeight(const lab::Lab& lab, const ViewState& ui, float width);

// Embed mode's line in place of the status bar: the message alone (an
// error, such as a refused link), wrapped to the width, whole.
void drawMessageLine(ViewState& ui, float y, float width, float height);
float messageLineHeight(const ViewState& ui, float width);

} // namespace gui
