// File > Export (window_export.cpp): each kind through the function the
// command line uses for it, so the window and `arenalab export` write the
// same file: lab::exportScript for the text exports, encodeShot (shot.hpp)
// for the picture, encodeMedia (export_media.hpp) for animations and the
// handout.
#pragma once

#include <string>

#include "gui/offscreen_window.hpp"
#include "gui/platform/files.hpp"

namespace gui {

// Writes `what` of `window` (drawn at width x height) to `path` through
// `files` (atomically; the browser offers it as a download). False with
// `error` set when the script has errors, encoding failed or the file could
// not be written. Call between frames.
bool exportWindow(OffscreenWindow& window, platform::Files& files, Export what, const std::string& path, int width, int height,
                  std::string& error);

} // namespace gui
