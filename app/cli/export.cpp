// `arenalab export --doctest FILE` / `--trace FILE` / `--png FILE`: a script
// turned into a doctest test case, or into its trace, on standard output or
// into -o FILE; or the window's picture of it, into -o FILE.PNG (the picture
// is `arenalab shot`'s, drawn through WindowHooks, so it needs a display:
// xvfb-run without one).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/export.hpp"
#include "lab/export_doctest.hpp" // max_doctest_operations, for --help
#include "lab/files.hpp"
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

} // namespace

Action addExport(CLI::App& app, const WindowHooks& window)
{
    auto o = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand("export", "Turn a script into a doctest test case (--doctest), its trace (--trace), "
                                                 "the window's picture (--png) or a quiz (--quiz)");
    auto* doctest_opt = sub->add_option("--doctest", o->doctest_file,
                                        "write a self-contained doctest TEST_CASE that replays the script through the "
                                        "arena's C++ API and checks every operation (at most " +
                                            std::to_string(lab::max_doctest_operations) + " operations)");
    auto* trace_opt = sub->add_option("--trace", o->trace_file, "write the script's trace (JSON Lines)");
    auto* png_opt = sub->add_option("--png", o->png_file,
                                    "write the arena view as the window shows it, as a PNG (needs -o; needs an X "
                                    "display: xvfb-run -a arenalab export --png ...)");
    auto* quiz_opt = sub->add_option("--quiz", o->quiz_file,
                                     "write the questions predict mode asks of the script (the lesson's pinned ones "
                                     "where it pins them) as a quiz with its answers");
    auto* format_opt = sub->add_option("--format", o->format,
                                       "--quiz: gift (Moodle's plain-text import format, the default) or markdown (a "
                                       "printable sheet with the answer key at the end)");
    format_opt->needs(quiz_opt);
    doctest_opt->excludes(trace_opt, png_opt, quiz_opt);
    trace_opt->excludes(doctest_opt, png_opt, quiz_opt);
    png_opt->excludes(doctest_opt, trace_opt, quiz_opt);
    quiz_opt->excludes(doctest_opt, trace_opt, png_opt);
    auto* step_opt = sub->add_option("--step", o->step, "--png: show the arena after this many steps (default: the end)");
    auto* size_opt = sub->add_option("--size", o->size, "--png: the image size as WIDTHxHEIGHT (default 1280x720)");
    auto* present_opt = sub->add_flag("--present", o->present, "--png: presentation mode, as after F5");
    step_opt->needs(png_opt);
    size_opt->needs(png_opt);
    present_opt->needs(png_opt);
    auto* output_opt = sub->add_option("-o,--output", o->output,
                                       "the file to write (default: standard output); written atomically, never over "
                                       "the input or anything but a regular file");
    addModelOption(sub, o->model);
    sub->require_option(1, 6);
    sub->footer("FILE may be - for standard input. Exit status as trace's: 0 ran to the end; 1 an expectation failed\n"
                "(--doctest: the test is written up to there); 2 the script was refused, too large for --doctest,\n"
                "or used a handle holding no memory, or -o was refused; 3 the system refused memory;\n"
                "1 also when the output could not be written, or --png finds no display; --quiz: 1 a pinned answer key\n"
                "(# ask:) is wrong, and nothing is written.");
    return [o, doctest_opt, trace_opt, png_opt, quiz_opt, step_opt, output_opt, window]() {
        const std::optional<std::string> output = givenOrNothing(output_opt->count() > 0, o->output);
        if (png_opt->count() > 0) {
            ShotOptions shot;
            shot.file = o->png_file;
            shot.step = o->step;
            shot.step_given = step_opt->count() > 0;
            shot.size = o->size;
            shot.present = o->present;
            shot.output = output;
            shot.who = "arenalab export";
            shot.model = o->model;
            return runShot(shot, window);
        }
        if (doctest_opt->count() > 0) return exportText(lab::ExportKind::doctest, o->doctest_file, output, o->model);
        if (trace_opt->count() > 0) return exportText(lab::ExportKind::trace, o->trace_file, output, o->model);
        if (quiz_opt->count() > 0) {
            if (o->format != "gift" && o->format != "markdown") {
                std::fprintf(stderr, "arenalab export: --format is gift or markdown (got '%s')\n", o->format.c_str());
                return 2;
            }
            return exportText(o->format == "gift" ? lab::ExportKind::quiz_gift : lab::ExportKind::quiz_markdown,
                              o->quiz_file, output, o->model);
        }
        std::fprintf(stderr, "arenalab export: give --doctest FILE, --trace FILE, --png FILE or --quiz FILE\n");
        return 2;
    };
}

} // namespace cli
