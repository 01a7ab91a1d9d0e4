// `arenalab shot` and `export --png` (their options are parsed in
// app/cli/shot.cpp): the window as it looks after step N of a script,
// rendered offscreen to a PNG. It draws through exactly the code a person's
// window uses (App::renderOffscreen), so it needs an X display; without
// one, run it under xvfb-run.
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "gui/app.hpp"
#include "gui/fonts.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"

namespace gui {

namespace {

// One frame of `app` offscreen, encoded as a PNG in memory.
bool encodeShot(App& app, int width, int height, std::string& png, std::string& error)
{
    // ImGui settles window sizes over the first frames: keep the third.
    std::vector<std::uint8_t> pixels;
    for (int i = 0; i < 3; ++i) pixels = app.renderOffscreen(width, height);
    // A screenshot is opaque: write RGB.
    std::vector<std::uint8_t> rgb;
    rgb.reserve(pixels.size() / 4 * 3);
    for (std::size_t i = 0; i < pixels.size(); i += 4) rgb.insert(rgb.end(), {pixels[i], pixels[i + 1], pixels[i + 2]});
    png.clear();
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    if (stbi_write_png_to_func(append, &png, width, height, 3, rgb.data(), width * 3) == 0) {
        error = "cannot encode the PNG";
        return false;
    }
    return true;
}

} // namespace

int renderShot(const lab::ShotRequest& o, std::string& png, std::string& error)
{
    AppOptions options;
    options.visible = false;
    options.animate = false; // a still picture: no glide between steps
    // The window's own text size (18 px, or --font): the picture is what
    // the window shows at that size.
    options.font_size = o.font > 0 ? o.font : theme_font_size;
    std::unique_ptr<App> app = App::open(options, error);
    if (!app) {
        error += " (no display? try: xvfb-run -a " + o.who + " ...)";
        return 1;
    }
    app->lab().setModelOption(o.model);
    app->loadText(o.text, o.name);
    lab::Lab& lab = app->lab();
    // The run's errors are the command line's to print (as trace's); the
    // window's notes (a history cut at its caps) are only here.
    for (const lab::LineMessage& m : lab.messages())
        if (!m.is_error) std::fprintf(stderr, "%s:%zu: note: %s\n", o.name.c_str(), m.line, m.text.c_str());
    if (o.step != SIZE_MAX && o.step > lab.steps())
        std::fprintf(stderr, "%s: the script has %zu steps; showing the end\n", o.who.c_str(), lab.steps());
    lab.seek(std::min(o.step, lab.steps()));
    if (o.zoom > 0) {
        // The view as after a zoom and a pan by hand (the view clamps both).
        UiState& ui = app->ui();
        ui.fit_requested = false;
        ui.zoom = o.zoom;
        ui.pan_x = o.pan_x;
        ui.pan_y = o.pan_y;
    }
    if (o.present) app->setPresentation(true); // its text follows the picture's height
    app->setEmbed(o.embed);
    app->ui().compare.open = o.compare;
    return encodeShot(*app, o.width, o.height, png, error) ? 0 : 1;
}

bool writeShot(App& app, int width, int height, const std::string& path, std::string& error)
{
    // Encoded in memory, then written atomically like every file we write.
    std::string png;
    return encodeShot(app, width, height, png, error) && lab::writeFileAtomically(path, png, error);
}

} // namespace gui
