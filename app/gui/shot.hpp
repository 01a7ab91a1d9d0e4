// What `shot`, `export --gif/--webp/--handout` and the window's File >
// Export share (shot.cpp): a hidden window on a script, and a frame of it
// as the window shows it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gui/app.hpp"

namespace gui {

// A hidden window at text size `font` (0: the window's 18 px) with `text`
// loaded as `name`, as `arenalab shot` draws it; null with `error` set
// (naming `who` in the xvfb-run hint) when no window can open.
std::unique_ptr<App> openOffscreen(const std::string& text, const std::string& name, float font, const std::string& who,
                                   std::string& error);

// The window at the lab's cursor, drawn offscreen until ImGui has settled
// its panels (the third frame), as RGBA rows, top first: what a shot shows.
std::vector<std::uint8_t> settledFrame(App& app, int width, int height);

} // namespace gui
