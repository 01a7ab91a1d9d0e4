// `arenalab shot FILE [--step N] [--size WxH] -o OUT.png`: the options
// parsed and checked here; the picture itself is drawn by the window's code
// (app/gui/shot.cpp), reached through WindowHooks.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "lab/i18n.hpp"

namespace cli {

int runShot(const ShotOptions& o, const WindowHooks& window)
{
    lab::ShotRequest request = o.request;
    const std::string& who_text = request.who;
    const char* who = who_text.c_str();
    const std::optional<WindowSize> size = windowSizeOrReport(who_text, o.size);
    if (!size) return 2;
    if (request.font != 0 && !(request.font >= 8 && request.font <= 96)) { // also refuses NaN
        std::fprintf(stderr, lab::tr("%s: --font is a text size in pixels from 8 to 96 (got %g)\n"), who,
                     static_cast<double>(request.font));
        return 2;
    }
    const std::optional<std::size_t> step = stepOrReport(who_text, o.step, o.step_given);
    if (!step) return 2;
    if (request.zoom != 0 && !(request.zoom > 0 && request.zoom <= 1e9f)) {
        std::fprintf(stderr, lab::tr("%s: --zoom is a positive factor, 1 = the longest buffer fills the view (got %g)\n"), who,
                     static_cast<double>(request.zoom));
        return 2;
    }
    if (!std::isfinite(request.pan_x) || !std::isfinite(request.pan_y)) {
        std::fprintf(stderr, lab::tr("%s: --pan-x and --pan-y are numbers of pixels\n"), who);
        return 2;
    }
    if (!o.output) {
        std::fprintf(stderr, lab::tr("%s: give the PNG file to write with -o OUT.png\n"), who);
        return 2;
    }
    // A script the command line refuses is refused here too: its errors,
    // pointing at the line, and status 2 (there would be nothing to show).
    std::optional<std::string> text = readRunnableScriptOrReport(o.file);
    if (!text) return 2;
    const std::optional<lab::Model> model = scriptModelOrReport(*text, lab::displayName(o.file), o.model);
    if (!model) return 2;
    Output out;
    if (!out.open(o.output, o.file)) return 2;
    if (!window.shot) {
        std::fprintf(stderr, lab::tr("%s: this arenalab was built without the window (ARENALAB_GUI=OFF), so it cannot draw\n"), who);
        return 1;
    }
    // The run's own verdict, exactly as trace gives it.
    const std::string name = lab::displayName(o.file);
    const lab::RunResult run = lab::runScriptText(*text, name, {}, nullptr, *model);
    for (const std::string& e : run.errors) std::fprintf(stderr, "%s\n", e.c_str());

    request.text = std::move(*text);
    request.name = name;
    request.step = *step;
    request.width = size->width;
    request.height = size->height;
    request.model = *model;
    std::string png, error;
    if (window.shot(request, png, error) != 0) {
        std::fprintf(stderr, "%s: %s\n", who, error.c_str());
        return 1;
    }
    out.write(png);
    if (out.finish() != 0) return 1;
    return run.exit_status;
}

Action addShot(CLI::App& app, const WindowHooks& window)
{
    auto o = std::make_shared<ShotOptions>();
    auto output = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("shot", lab::tr("Render the window after step N of a script to a PNG (needs an X display;\n"
                                               "without one use xvfb-run -a arenalab shot ...)"));
    addScriptArgument(sub, o->file);
    auto* step = sub->add_option("--step", o->step, lab::tr("show the arena after this many steps (default: the end)"));
    sub->add_option("--size", o->size, lab::tr("the image size as WIDTHxHEIGHT (default 1280x720)"));
    lab::ShotRequest& r = o->request;
    sub->add_option("--font", r.font, lab::tr("text size in pixels (default 18, as the window's)"));
    sub->add_flag("--present", r.present, lab::tr("presentation mode, as after F5 (text at least 1/36 of the height)"));
    sub->add_flag("--embed", r.embed,
                  lab::tr("embed mode, as a link's &embed opens it for an <iframe>: only the arena view and the Step panel"));
    sub->add_option("--zoom", r.zoom, lab::tr("zoom the arena view (1: the longest buffer fills it; default: fit)"));
    sub->add_option("--pan-x", r.pan_x, lab::tr("with --zoom: pan the arena view right by this many pixels"));
    sub->add_option("--pan-y", r.pan_y, lab::tr("with --zoom: pan the arena view down by this many pixels"));
    sub->add_flag("--compare", r.compare,
                  lab::tr("open the compare view: the three reset modes side by side at that step (as key W in the window)"));
    sub->add_flag("--models", r.models,
                  lab::tr("open the two arenas side by side: the script on zig-0.15 and on zig-0.16 at that step's "
                          "operation (View > Compare the two arenas)"));
    addModelOption(sub, o->model);
    auto* out = sub->add_option("-o,--output", *output, lab::tr("the PNG file to write (atomically; see docs/guarantees.md)"))->required();
    sub->footer(lab::tr("Exit status: as trace's (0 ran to the end; 1 an expectation failed; 2 the script was refused or used\n"
                "a handle holding no memory; 3 the system refused memory), the picture written in every case but 2;\n"
                "1 also when no window could open or the file could not be written; 2 for bad arguments."));
    return [o, output, step, out, window]() {
        o->step_given = step->count() > 0;
        o->output = givenOrNothing(out->count() > 0, *output);
        return runShot(*o, window);
    };
}

} // namespace cli
