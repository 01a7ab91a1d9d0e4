// `arenalab export --doctest FILE` / `--trace FILE` / `--png FILE`: a script
// turned into a doctest test case, or into its trace, on standard output or
// into -o FILE; or the window's picture of it, into -o FILE.PNG (the picture
// is `arenalab shot`'s, drawn through WindowHooks, so it needs a display:
// xvfb-run without one). `--gif FILE` / `--webp FILE`: an animation of a
// range of steps, `--handout FILE`: a printable PDF, drawn the same way.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/export.hpp"
#include "lab/export_doctest.hpp" // max_doctest_operations, for --help
#include "lab/fields.hpp"
#include "lab/i18n.hpp"
#include "lab/files.hpp"
#include "lab/lab.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace cli {

namespace {

struct ExportOptions {
    std::string doctest_file;
    std::string trace_file;
    std::string png_file;
    std::string quiz_file;
    std::string format = "gift"; // --quiz: gift or markdown
    std::string step; // --png: after this many steps (default: the end)
    std::string size = "1280x720"; // --png
    bool present = false;          // --png
    std::string output;
    // --gif / --webp / --handout
    std::string gif_file;
    std::string webp_file;
    std::string handout_file;
    std::string from = "0";
    std::string to; // default: the end
    double fps = 2;
    double hold = 0;
    std::string view; // "arena": the arena view alone
    std::string steps = "ops";
    std::string model; // --model, as typed
};

// --doctest, --trace and --quiz: lab::exportScript writes them, the one
// function the window's File > Export calls too. The output is opened only
// once the script is known to give something (a refused script leaves -o
// untouched); a trace streams into it.
int exportText(lab::ExportKind kind, const std::string& file, const std::optional<std::string>& output,
               const std::string& model_option)
{
    const auto text = readScriptOrReport(file);
    if (!text) return 2;
    const std::optional<lab::Model> model = scriptModelOrReport(*text, lab::displayName(file), model_option);
    if (!model) return 2;
    struct ToOutput final : lab::ExportSink {
        ToOutput(const std::optional<std::string>& to, const std::string& from) : path(to), input(from) {}
        bool begin() override { return out.open(path, input); }
        void write(std::string_view piece) override { out.write(piece); }
        Output out;
        const std::optional<std::string>& path;
        const std::string& input;
    } sink(output, file);
    const lab::ExportOutcome r =
        lab::exportScript(kind, *text, {lab::displayName(file), lab::baseName(file)}, sink, *model);
    const int written = r.written ? sink.out.finish() : 0;
    for (const std::string& e : r.errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (!r.note.empty()) std::fprintf(stderr, "%s\n", r.note.c_str());
    return written != 0 && r.exit_status == 0 ? written : r.exit_status;
}

// The steps a script's run records, as the window counts them; nothing
// (having printed why) when the run stopped early: an animation or a
// handout of a run that failed would show less than the script says.
std::optional<std::size_t> stepsOfRunOrReport(const std::string& text, const std::string& file, const char* what,
                                              int& status)
{
    const std::string name = lab::displayName(file);
    const lab::RunResult run = lab::runScriptText(text, name, {});
    if (run.exit_status != 0) {
        for (const std::string& e : run.errors) std::fprintf(stderr, "%s\n", e.c_str());
        std::fprintf(stderr, lab::tr("%s: note: no %s written: the script stopped there (exit status %d, as trace's)\n"),
                     name.c_str(), what, run.exit_status);
        status = run.exit_status;
        return std::nullopt;
    }
    lab::Lab lab;
    lab.load(text, name);
    return lab.steps();
}

// A step number given as --from, --to or in --steps, within 0..steps.
std::optional<std::size_t> stepNumberOrReport(const char* option, const std::string& text, std::size_t steps)
{
    const lab::fields::Checked n = lab::fields::number(text);
    if (n.error) {
        std::fprintf(stderr, lab::tr("arenalab export: %s is a number of steps, 0 or more (got '%s': %s)\n"), option,
                     text.c_str(), n.error->c_str());
        return std::nullopt;
    }
    if (n.value > steps) {
        std::fprintf(stderr, lab::tr("arenalab export: %s %s is past the end: the script has %s steps (0 to %s)\n"), option,
                     lab::grouped(n.value).c_str(), lab::grouped(steps).c_str(), lab::grouped(steps).c_str());
        return std::nullopt;
    }
    return static_cast<std::size_t>(n.value);
}

// Draws `request` through the window's hook `draw` (an animation, a
// handout) and writes what it made to `out`, already open: 1 when this
// arenalab was built without the window or the drawing failed, else what
// Output::finish says.
template <class Request>
int drawAndWrite(const std::function<int(const Request&, std::string&, std::string&)>& draw, const Request& request, Output& out)
{
    if (!draw) {
        std::fputs(lab::tr("arenalab export: this arenalab was built without the window (ARENALAB_GUI=OFF), so it "
                           "cannot draw\n"), stderr);
        return 1;
    }
    std::string bytes, error;
    if (draw(request, bytes, error) != 0) {
        std::fprintf(stderr, lab::tr("arenalab export: %s\n"), error.c_str());
        return 1;
    }
    out.write(bytes);
    return out.finish();
}

// --gif / --webp: the window's picture at each step from --from to --to.
int exportAnimation(const ExportOptions& o, bool webp, const std::optional<std::string>& output,
                    const WindowHooks& window)
{
    const std::string& file = webp ? o.webp_file : o.gif_file;
    const char* what = webp ? "WebP" : "GIF";
    const std::optional<WindowSize> size = windowSizeOrReport("arenalab export", o.size);
    if (!size) return 2;
    if (!(o.fps >= 0.1 && o.fps <= 50)) { // also refuses NaN
        std::fprintf(stderr, lab::tr("arenalab export: --fps is a number of steps per second from 0.1 to 50 (got %g)\n"), o.fps);
        return 2;
    }
    if (!(o.hold >= 0 && o.hold <= 600)) {
        std::fprintf(stderr, lab::tr("arenalab export: --hold is a number of seconds from 0 to 600 (got %g)\n"), o.hold);
        return 2;
    }
    if (!output) {
        std::fprintf(stderr, lab::tr("arenalab export: give the %s file to write with -o OUT.%s\n"), what, webp ? "webp" : "gif");
        return 2;
    }
    std::optional<std::string> text = readRunnableScriptOrReport(file);
    if (!text) return 2;
    int status = 0;
    const std::optional<std::size_t> steps = stepsOfRunOrReport(*text, file, webp ? lab::tr("animation (WebP)") : lab::tr("animation (GIF)"), status);
    if (!steps) return status;
    const std::optional<std::size_t> from = stepNumberOrReport("--from", o.from, *steps);
    if (!from) return 2;
    const std::optional<std::size_t> to = o.to.empty() ? steps : stepNumberOrReport("--to", o.to, *steps);
    if (!to) return 2;
    if (*from > *to) {
        std::fprintf(stderr, lab::tr("arenalab export: --from %s is after --to %s: the range runs forward\n"),
                     lab::grouped(*from).c_str(), lab::grouped(*to).c_str());
        return 2;
    }
    Output out;
    if (!out.open(output, file)) return 2;
    lab::AnimationRequest request;
    request.text = std::move(*text);
    request.name = lab::displayName(file);
    request.from = *from;
    request.to = *to;
    request.width = size->width;
    request.height = size->height;
    request.present = o.present;
    request.arena_only = o.view == "arena";
    request.fps = o.fps;
    request.hold = o.hold;
    request.webp = webp;
    return drawAndWrite(window.animation, request, out);
}

// --handout: the printable lesson.
int exportHandout(const ExportOptions& o, const std::optional<std::string>& output, const WindowHooks& window)
{
    if (!output) {
        std::fputs(lab::tr("arenalab export: give the PDF file to write with -o OUT.pdf\n"), stderr);
        return 2;
    }
    std::optional<std::string> text = readRunnableScriptOrReport(o.handout_file);
    if (!text) return 2;
    int status = 0;
    const std::optional<std::size_t> steps = stepsOfRunOrReport(*text, o.handout_file, lab::tr("handout"), status);
    if (!steps) return status;
    lab::HandoutRequest request;
    if (o.steps == "all") {
        for (std::size_t p = 1; p <= *steps; ++p) request.steps.push_back(p);
    } else if (o.steps != "ops") {
        // A list: 3,7,20 (in any order; each once).
        std::size_t begin = 0;
        while (begin <= o.steps.size()) {
            const std::size_t comma = std::min(o.steps.find(',', begin), o.steps.size());
            const std::optional<std::size_t> p = stepNumberOrReport("--steps", o.steps.substr(begin, comma - begin), *steps);
            if (!p) {
                std::fputs(lab::tr("arenalab export: --steps is ops, all or a list of steps such as 3,7,20\n"), stderr);
                return 2;
            }
            request.steps.push_back(*p);
            begin = comma + 1;
        }
        std::sort(request.steps.begin(), request.steps.end());
        request.steps.erase(std::unique(request.steps.begin(), request.steps.end()), request.steps.end());
    }
    Output out;
    if (!out.open(output, o.handout_file)) return 2;
    request.text = std::move(*text);
    request.name = lab::displayName(o.handout_file);
    return drawAndWrite(window.handout, request, out);
}

} // namespace

Action addExport(CLI::App& app, const WindowHooks& window)
{
    auto o = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand("export", lab::tr("Turn a script into a doctest test case (--doctest), its trace (--trace), "
                                                 "the window's picture (--png), an animation (--gif, --webp), a "
                                                 "printable handout (--handout) or a quiz (--quiz)"));
    auto* doctest_opt = sub->add_option("--doctest", o->doctest_file,
                                        lab::trf("write a self-contained doctest TEST_CASE that replays the script through the "
                                                 "arena's C++ API and checks every operation (at most {} operations)",
                                                 lab::max_doctest_operations));
    auto* trace_opt = sub->add_option("--trace", o->trace_file, lab::tr("write the script's trace (JSON Lines)"));
    auto* png_opt = sub->add_option("--png", o->png_file,
                                    lab::tr("write the arena view as the window shows it, as a PNG (needs -o; needs an X "
                                    "display: xvfb-run -a arenalab export --png ...)"));
    auto* quiz_opt = sub->add_option("--quiz", o->quiz_file,
                                     lab::tr("write the questions predict mode asks of the script (the lesson's pinned ones "
                                     "where it pins them) as a quiz with its answers"));
    auto* format_opt = sub->add_option("--format", o->format,
                                       lab::tr("--quiz: gift (Moodle's plain-text import format, the default) or markdown (a "
                                       "printable sheet with the answer key at the end)"));
    format_opt->needs(quiz_opt);
    auto* gif_opt = sub->add_option("--gif", o->gif_file,
                                    lab::tr("write the window's picture at each step from --from to --to as an animated GIF "
                                    "(needs -o and an X display, as --png)"));
    auto* webp_opt = sub->add_option("--webp", o->webp_file, lab::tr("the same as an animated WebP (lossless)"));
    auto* handout_opt = sub->add_option("--handout", o->handout_file,
                                        lab::tr("write a printable PDF handout, A4 landscape: the title, introduction and "
                                        "script, then a page per operation (or --steps) with the arena's picture, "
                                        "what the arena did and the lesson's caption (needs -o and an X display)"));
    const std::vector<CLI::Option*> kinds = {doctest_opt, trace_opt, png_opt, quiz_opt, gif_opt, webp_opt, handout_opt};
    for (CLI::Option* kind : kinds)
        for (CLI::Option* other : kinds)
            if (other != kind) kind->excludes(other);
    auto* step_opt = sub->add_option("--step", o->step, lab::tr("--png: show the arena after this many steps (default: the end)"));
    auto* size_opt = sub->add_option("--size", o->size,
                                     lab::tr("--png, --gif, --webp: the image size as WIDTHxHEIGHT (default 1280x720)"));
    auto* present_opt = sub->add_flag("--present", o->present, lab::tr("--png, --gif, --webp: presentation mode, as after F5"));
    step_opt->needs(png_opt);
    auto* from_opt = sub->add_option("--from", o->from, lab::tr("--gif, --webp: the first frame's step (default 0)"));
    auto* to_opt = sub->add_option("--to", o->to, lab::tr("--gif, --webp: the last frame's step (default: the end)"));
    auto* fps_opt = sub->add_option("--fps", o->fps, lab::tr("--gif, --webp: steps per second (default 2)"));
    auto* hold_opt = sub->add_option("--hold", o->hold, lab::tr("--gif, --webp: seconds the last frame stays longer (default 0)"));
    auto* view_opt = sub->add_option("--view", o->view,
                                     lab::tr("--gif, --webp: 'arena' leaves out the panels around the arena view"))
                         ->check(CLI::IsMember({"arena"}));
    auto* steps_opt = sub->add_option("--steps", o->steps,
                                      lab::tr("--handout: ops (a page per operation, the default), all (a page per step) or "
                                      "a list of steps such as 3,7,20"));
    steps_opt->needs(handout_opt);
    auto* output_opt = sub->add_option("-o,--output", o->output,
                                       lab::tr("the file to write (default: standard output); written atomically, never over "
                                       "the input or anything but a regular file"));
    addModelOption(sub, o->model);
    sub->require_option(1, 12);
    sub->footer(lab::tr("FILE may be - for standard input. Exit status as trace's: 0 ran to the end; 1 an expectation failed\n"
                "(--doctest: the test is written up to there); 2 the script was refused, too large for --doctest,\n"
                "or used a handle holding no memory, or -o was refused; 3 the system refused memory;\n"
                "1 also when the output could not be written, or --png finds no display; --quiz: 1 a pinned answer key\n"
                "(# ask:) is wrong, and nothing is written. --gif, --webp, --handout: nothing is written unless the\n"
                "script runs to its end (its status otherwise); 2 for a step range outside the script's steps."));
    return [o, doctest_opt, trace_opt, png_opt, quiz_opt, gif_opt, webp_opt, handout_opt, step_opt, size_opt, present_opt,
            from_opt, to_opt, fps_opt, hold_opt, view_opt, output_opt, window]() {
        const std::optional<std::string> output = givenOrNothing(output_opt->count() > 0, o->output);
        const bool picture = png_opt->count() > 0, animation = gif_opt->count() > 0 || webp_opt->count() > 0;
        if ((size_opt->count() > 0 || present_opt->count() > 0) && !picture && !animation) {
            std::fputs(lab::tr("arenalab export: --size and --present go with --png, --gif or --webp\n"), stderr);
            return 2;
        }
        for (const CLI::Option* opt : {from_opt, to_opt, fps_opt, hold_opt, view_opt})
            if (opt->count() > 0 && !animation) {
                std::fprintf(stderr, lab::tr("arenalab export: %s goes with --gif or --webp\n"), opt->get_name().c_str());
                return 2;
            }
        if (animation) return exportAnimation(*o, webp_opt->count() > 0, output, window);
        if (handout_opt->count() > 0) return exportHandout(*o, output, window);
        if (png_opt->count() > 0) {
            ShotOptions shot;
            shot.file = o->png_file;
            shot.step = o->step;
            shot.step_given = step_opt->count() > 0;
            shot.size = o->size;
            shot.request.present = o->present;
            shot.output = output;
            shot.request.who = "arenalab export";
            shot.model = o->model;
            return runShot(shot, window);
        }
        if (doctest_opt->count() > 0) return exportText(lab::ExportKind::doctest, o->doctest_file, output, o->model);
        if (trace_opt->count() > 0) return exportText(lab::ExportKind::trace, o->trace_file, output, o->model);
        if (quiz_opt->count() > 0) {
            if (o->format != "gift" && o->format != "markdown") {
                std::fprintf(stderr, lab::tr("arenalab export: --format is gift or markdown (got '%s')\n"), o->format.c_str());
                return 2;
            }
            return exportText(o->format == "gift" ? lab::ExportKind::quiz_gift : lab::ExportKind::quiz_markdown,
                              o->quiz_file, output, o->model);
        }
        std::fputs(lab::tr("arenalab export: give --doctest, --trace, --png, --gif, --webp, --handout or --quiz FILE\n"), stderr);
        return 2;
    };
}

} // namespace cli
