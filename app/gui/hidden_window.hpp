// The command line's pictures (hidden_window.cpp): a hidden window opened
// on a script and drawn as `arenalab shot`, `export --png`, `--gif`,
// `--webp` and `--handout` ask (parsed in app/cli/, reached through
// cli::WindowHooks, wired in main.cpp). The drawing itself is shot.hpp's and
// export_media.hpp's, which File > Export uses too.
#pragma once

#include <memory>
#include <string>

#include "gui/app.hpp"
#include "lab/model.hpp"
#include "lab/window_requests.hpp"

namespace gui {

// A hidden window at text size `font` (0: the window's 18 px) with `text`
// loaded as `name`, as `arenalab shot` draws it; null with `error` set
// (naming `who` in the xvfb-run hint) when no window can open.
// `model`: the arena of a script without a `model` line (--model).
std::unique_ptr<App> openOffscreen(const std::string& text, const std::string& name, float font, const std::string& who,
                                   std::string& error, lab::Model model = lab::default_model);

// `arenalab shot` and `export --png`: the picture as a PNG in `png`. Returns
// 0, or 1 with `error` set when no window can open or the PNG cannot be
// encoded.
int renderShot(const lab::ShotRequest& request, std::string& png, std::string& error);

#ifndef __EMSCRIPTEN__
// `export --gif`/`--webp` and `--handout`: 0, or 1 with `error` set (no
// display, an encoder's failure).
int renderAnimation(const lab::AnimationRequest& request, std::string& bytes, std::string& error);
int renderHandout(const lab::HandoutRequest& request, std::string& pdf, std::string& error);
#endif

} // namespace gui
