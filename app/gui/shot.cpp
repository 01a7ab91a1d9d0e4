// `arenalab shot FILE [--step N] [--size WxH] -o OUT.png`: the window as it
// looks after step N of a script, rendered offscreen to a PNG. It draws
// through exactly the code a person's window uses (App::renderOffscreen),
// so it needs an X display; without one, run it under xvfb-run.
#include <CLI/CLI.hpp>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli/options.hpp"
#include "gui/app.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"

namespace gui {

int runShot(const ShotOptions& o)
{
    const std::optional<cli::WindowSize> size = cli::windowSizeOrReport(o.who, o.size);
    if (!size) return 2;
    const int width = size->width, height = size->height;
    if (o.font != 0 && !(o.font >= 8 && o.font <= 96)) { // also refuses NaN
        std::fprintf(stderr, "%s: --font is a text size in pixels from 8 to 96 (got %g)\n", o.who.c_str(),
                     static_cast<double>(o.font));
        return 2;
    }
    const std::optional<std::size_t> step = cli::stepOrReport(o.who, o.step, o.step_given);
    if (!step) return 2;
    if (o.zoom != 0 && !(o.zoom > 0 && o.zoom <= 1e9f)) {
        std::fprintf(stderr, "%s: --zoom is a positive factor, 1 = the longest buffer fills the view (got %g)\n",
                     o.who.c_str(), static_cast<double>(o.zoom));
        return 2;
    }
    if (!std::isfinite(o.pan_x) || !std::isfinite(o.pan_y)) {
        std::fprintf(stderr, "%s: --pan-x and --pan-y are numbers of pixels\n", o.who.c_str());
        return 2;
    }
    if (o.output.empty()) {
        std::fprintf(stderr, "%s: give the PNG file to write with -o OUT.png\n", o.who.c_str());
        return 2;
    }
    // A script the command line refuses is refused here too: its errors,
    // pointing at the line, and status 2 (there would be nothing to show).
    std::optional<std::string> text = cli::readRunnableScriptOrReport(o.file);
    if (!text) return 2;
    std::string error;
    AppOptions options;
    options.visible = false;
    options.animate = false; // a still picture: no glide between steps
    // Text scales with the picture: 18 px at 1080 lines, at least 14.
    options.font_size = o.font > 0 ? o.font : std::max(14.0f, std::round(static_cast<float>(height) / 60.0f));
    std::unique_ptr<App> app = App::open(options, error);
    if (!app) {
        std::fprintf(stderr, "%s: %s (no display? try: xvfb-run -a %s ...)\n", o.who.c_str(), error.c_str(), o.who.c_str());
        return 1;
    }
    app->loadText(std::move(*text), lab::displayName(o.file));
    for (const lab::LineMessage& m : app->lab().messages())
        std::fprintf(stderr, "%s:%zu: %s: %s\n", app->lab().fileName().c_str(), m.line, m.is_error ? "error" : "note",
                     m.text.c_str());
    lab::Lab& lab = app->lab();
    if (*step != SIZE_MAX && *step > lab.steps())
        std::fprintf(stderr, "%s: the script has %zu steps; showing the end\n", o.who.c_str(), lab.steps());
    lab.seek(std::min(*step, lab.steps()));
    if (o.zoom > 0) {
        // The view as after a zoom and a pan by hand (the view clamps both).
        UiState& ui = app->ui();
        ui.fit_requested = false;
        ui.zoom = o.zoom;
        ui.pan_x = o.pan_x;
        ui.pan_y = o.pan_y;
    }
    if (!writeShot(*app, width, height, o.output, error)) {
        std::fprintf(stderr, "%s: %s\n", o.who.c_str(), error.c_str());
        return 1;
    }
    return 0;
}

bool writeShot(App& app, int width, int height, const std::string& path, std::string& error)
{
    // ImGui settles window sizes over the first frames: keep the third.
    std::vector<std::uint8_t> pixels;
    for (int i = 0; i < 3; ++i) pixels = app.renderOffscreen(width, height);
    // A screenshot is opaque: write RGB.
    std::vector<std::uint8_t> rgb;
    rgb.reserve(pixels.size() / 4 * 3);
    for (std::size_t i = 0; i < pixels.size(); i += 4) rgb.insert(rgb.end(), {pixels[i], pixels[i + 1], pixels[i + 2]});
    // Encoded in memory, then written atomically like every file we write.
    std::string png;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    if (stbi_write_png_to_func(append, &png, width, height, 3, rgb.data(), width * 3) == 0) {
        error = "cannot encode the PNG";
        return false;
    }
    return lab::writeFileAtomically(path, png, error);
}

std::function<int()> addShot(CLI::App& app)
{
    auto o = std::make_shared<ShotOptions>();
    CLI::App* sub = app.add_subcommand("shot", "Render the window after step N of a script to a PNG (needs an X display;\n"
                                               "without one use xvfb-run -a arenalab shot ...)");
    sub->add_option("FILE", o->file, "the .arena script; - reads standard input")->required();
    auto* step = sub->add_option("--step", o->step, "show the arena after this many steps (default: the end)");
    sub->add_option("--size", o->size, "the image size as WIDTHxHEIGHT (default 1280x720)");
    sub->add_option("--font", o->font, "text size in pixels (default: the height / 60, at least 14)");
    sub->add_option("--zoom", o->zoom, "zoom the arena view (1: the longest buffer fills it; default: fit)");
    sub->add_option("--pan-x", o->pan_x, "with --zoom: pan the arena view right by this many pixels");
    sub->add_option("--pan-y", o->pan_y, "with --zoom: pan the arena view down by this many pixels");
    sub->add_option("-o,--output", o->output, "the PNG file to write")->required();
    sub->footer("Exit status: 0 written; 1 no window could open or the file could not be written;\n"
                "2 bad arguments or an unreadable script.");
    return [o, step]() {
        o->step_given = step->count() > 0;
        return runShot(*o);
    };
}

} // namespace gui
