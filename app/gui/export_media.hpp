// Animated export (GIF, WebP) and the printable handout (PDF): the window
// draws each frame or picture offscreen exactly as `arenalab shot` does
// (shot.hpp), and app/media encodes them. The command line reaches these
// through hidden_window.hpp, File > Export through window_export.hpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gui/offscreen_window.hpp"
#include "lab/window_requests.hpp"

namespace gui {

// What encodeAnimation draws: which steps, at what size and pace.
using AnimationSpec = lab::AnimationFrames;

// One frame per step from spec.from to spec.to of `app`'s script, each the
// window at that step (the third settled frame, as a shot), encoded into
// `bytes`. Moves the cursor. False with `error` set when encoding failed.
bool encodeAnimation(OffscreenWindow& app, const AnimationSpec& spec, std::string& bytes, std::string& error);

// The handout of `app`'s script: a title page (title, introduction, the
// script), then a page per entry of `steps` (ascending; empty: one per
// operation, at its last step) with the arena's picture at that step, what
// the arena did, the lesson's caption and the script line, all in
// lab::language(). Moves the cursor. Not in the browser (no cairo there).
bool encodeHandout(OffscreenWindow& app, const std::vector<std::size_t>& steps, std::string& pdf, std::string& error);

// File > Export > Animation / Handout (window_export.hpp): `what` is
// animation_op (the cursor's operation: the picture before its first step
// to after its last), animation_all, animation_range (ViewState::range_pick)
// or handout, of the window as it is, at
// width x height; the cursor and the view are as they were afterwards.
bool encodeMedia(OffscreenWindow& app, Export what, bool webp, int width, int height, std::string& bytes, std::string& error);

// The size the handout's pictures are drawn at (the normal window's arena
// view at this size, cropped to the view's picture).
constexpr int handout_window_width = 1920;
constexpr int handout_window_height = 1080;

} // namespace gui
