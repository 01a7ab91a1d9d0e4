// `arenalab export --doctest FILE` / `--trace FILE` / `--png FILE`: a script
// turned into a doctest test case, or into its trace, on standard output or
// into -o FILE; or the window's picture of it, into -o FILE.PNG (the picture
// is `arenalab shot`'s, drawn through WindowHooks, so it needs a display:
// xvfb-run without one).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/export_doctest.hpp"
#include "lab/files.hpp"
#include "lab/quiz.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

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

// The file name without its folders: what the exported test is called.
std::string baseName(const std::string& path)
{
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int exportDoctest(const std::string& file, const std::optional<std::string>& output, const std::string& model_option)
{
    const auto text = readScriptOrReport(file);
    if (!text) return 2;
    const std::optional<lab::Model> model = scriptModelOrReport(*text, lab::displayName(file), model_option);
    if (!model) return 2;
    const lab::ExportResult result = lab::exportDoctest(*text, baseName(file), lab::displayName(file), *model);
    if (!result.ok()) {
        std::fprintf(stderr, "%s\n", result.error.c_str());
        return result.exit_status;
    }
    Output out;
    if (!out.open(output, file)) return 2;
    out.write(result.code);
    if (const int written = out.finish(); written != 0) return written;
    // The test is written up to where the run stopped; the status says it stopped.
    for (const std::string& e : result.stop_errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (result.exit_status != 0)
        std::fprintf(stderr, "%s: note: the script stopped there: the test replays it up to that line, and the exit "
                             "status is %d, as trace's\n",
                     lab::displayName(file).c_str(), result.exit_status);
    return result.exit_status;
}

// The trace, streamed: memory stays bounded however long the run, as trace's.
int exportTrace(const std::string& file, const std::optional<std::string>& output, const std::string& model_option)
{
    const auto text = readScriptOrReport(file);
    if (!text) return 2;
    const std::optional<lab::Model> model = scriptModelOrReport(*text, lab::displayName(file), model_option);
    if (!model) return 2;
    // Refuse a script that cannot run before the output is touched.
    if (const lab::ParseResult parsed = lab::parseScript(*text); !parsed.ok()) {
        for (const lab::Diagnostic& d : parsed.errors)
            std::fprintf(stderr, "%s\n", lab::formatDiagnostic(lab::displayName(file), d).c_str());
        return 2;
    }
    Output out;
    if (!out.open(output, file)) return 2;
    std::string buffer;
    const lab::RunResult result = lab::runScriptText(
        *text, lab::displayName(file),
        [&](const lab::OpRecord& r) {
            lab::appendTraceLine(buffer, r);
            if (buffer.size() >= (1u << 16)) {
                out.write(buffer);
                buffer.clear();
            }
        },
        nullptr, *model);
    out.write(buffer);
    const int written = out.finish();
    for (const std::string& e : result.errors) std::fprintf(stderr, "%s\n", e.c_str());
    return written != 0 && result.exit_status == 0 ? written : result.exit_status;
}

// The questions predict mode asks of the script, for Moodle (GIFT) or paper
// (Markdown). Nothing is written when a pinned answer key is wrong or the
// script cannot run to its end: a quiz with a wrong key is worse than none.
int exportQuiz(const std::string& file, const std::string& format, const std::optional<std::string>& output,
               const std::string& model_option)
{
    if (format != "gift" && format != "markdown") {
        std::fprintf(stderr, "arenalab export: --format is gift or markdown (got '%s')\n", format.c_str());
        return 2;
    }
    const auto text = readScriptOrReport(file);
    if (!text) return 2;
    const std::string name = lab::displayName(file);
    const std::optional<lab::Model> model = scriptModelOrReport(*text, name, model_option);
    if (!model) return 2;
    const lab::Quiz quiz = lab::buildQuiz(*text, name, *model);
    if (quiz.exit_status != 0) {
        for (const std::string& e : quiz.errors) std::fprintf(stderr, "%s\n", e.c_str());
        std::fprintf(stderr, "%s: note: no quiz written: fix the script (or its # ask: lines) first\n", name.c_str());
        return quiz.exit_status;
    }
    Output out;
    if (!out.open(output, file)) return 2;
    out.write(format == "gift" ? lab::quizGift(quiz, baseName(file)) : lab::quizMarkdown(quiz, baseName(file)));
    return out.finish();
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
        if (doctest_opt->count() > 0) return exportDoctest(o->doctest_file, output, o->model);
        if (trace_opt->count() > 0) return exportTrace(o->trace_file, output, o->model);
        if (quiz_opt->count() > 0) return exportQuiz(o->quiz_file, o->format, output, o->model);
        std::fprintf(stderr, "arenalab export: give --doctest FILE, --trace FILE, --png FILE or --quiz FILE\n");
        return 2;
    };
}

} // namespace cli
