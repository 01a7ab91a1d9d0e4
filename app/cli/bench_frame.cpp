// `arenalab bench-frame [FILE] [--size WxH] [--frames N] [--step S]`: the
// options parsed and checked here; the measuring is done by the window's
// code (app/gui/bench_frame.cpp), reached through WindowHooks.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "lab/builtin_example.hpp"

namespace cli {

namespace {

struct BenchOptions {
    std::string file; // empty: the built-in example
    std::string size = "1920x1080";
    int frames = 120;
    std::string step;
    bool step_given = false;
    bool file_given = false; // FILE "" is refused, as everywhere
    std::string model;       // --model, as typed
};

int runBench(const BenchOptions& o, const WindowHooks& window)
{
    const std::string who = "arenalab bench-frame";
    const std::optional<WindowSize> size = windowSizeOrReport(who, o.size);
    if (!size) return 2;
    if (o.frames < 1 || o.frames > 100000) {
        std::fprintf(stderr, "arenalab bench-frame: --frames must be from 1 to 100000 (got %d)\n", o.frames);
        return 2;
    }
    const std::optional<std::size_t> step = stepOrReport(who, o.step, o.step_given);
    if (!step) return 2;
    lab::BenchRequest request;
    request.text = lab::builtin_example;
    request.name = lab::builtin_example_name;
    if (o.file_given) {
        std::optional<std::string> read = readRunnableScriptOrReport(o.file);
        if (!read) return 2;
        request.text = std::move(*read);
        request.name = lab::displayName(o.file);
    }
    request.step = *step;
    request.width = size->width;
    request.height = size->height;
    request.frames = o.frames;
    const std::optional<lab::Model> model = scriptModelOrReport(request.text, request.name, o.model);
    if (!model) return 2;
    request.model = *model;
    if (!window.bench) {
        std::fprintf(stderr, "%s: this arenalab was built without the window (ARENALAB_GUI=OFF)\n", who.c_str());
        return 1;
    }
    return window.bench(request);
}

} // namespace

Action addBenchFrame(CLI::App& app, const WindowHooks& window)
{
    auto o = std::make_shared<BenchOptions>();
    CLI::App* sub = app.add_subcommand("bench-frame", "Print start-up and frame times of the window showing a script\n"
                                                      "(needs an X display; without one use xvfb-run -a arenalab bench-frame ...)");
    auto* file = sub->add_option("FILE", o->file, "the .arena script; - reads standard input (default: the built-in example)");
    sub->add_option("--size", o->size, "the frame size as WIDTHxHEIGHT (default 1920x1080)");
    sub->add_option("--frames", o->frames, "how many frames to time (default 120)");
    auto* step = sub->add_option("--step", o->step, "show the arena after this many steps (default: where the window opens)");
    addModelOption(sub, o->model);
    sub->footer("Exit status: 0 measured; 1 no window could open or standard output could not be written;\n"
                "2 bad arguments or an unreadable script.");
    return [o, step, file, window]() {
        o->step_given = step->count() > 0;
        o->file_given = file->count() > 0;
        return runBench(*o, window);
    };
}

} // namespace cli
