// `arenalab export --doctest FILE` / `--trace FILE` / `--png FILE`: a script
// turned into a doctest test case, or into its trace, on standard output or
// into -o FILE; or the window's picture of it, into -o FILE.PNG (the picture
// is `arenalab shot`'s, so it needs a display: xvfb-run without one).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "gui/app.hpp"
#include "lab/export_doctest.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

namespace cli {

namespace {

struct ExportOptions {
    std::string doctest_file;
    std::string trace_file;
    std::string png_file;
    std::string step; // --png: after this many steps (default: the end)
    std::string size = "1280x720"; // --png
    std::string output; // empty: standard output
};

int emit(const ExportOptions& o, const std::string& text)
{
    if (o.output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    std::string error;
    if (!lab::writeFileAtomically(o.output, text, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    return 0;
}

// The file name without its folders: what the exported test is called.
std::string baseName(const std::string& path)
{
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

Action addExport(CLI::App& app)
{
    auto o = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand("export", "Turn a script into a doctest test case (--doctest), its trace (--trace) or "
                                                 "the window's picture (--png)");
    auto* doctest_opt = sub->add_option("--doctest", o->doctest_file,
                                    "write a self-contained doctest TEST_CASE that replays the script through the "
                                    "arena's C++ API and checks every operation");
    auto* trace_opt = sub->add_option("--trace", o->trace_file, "write the script's trace (JSON Lines)");
    auto* png_opt = sub->add_option("--png", o->png_file,
                                    "write the arena view as the window shows it, as a PNG (needs -o; needs an X "
                                    "display: xvfb-run -a arenalab export --png ...)");
    doctest_opt->excludes(trace_opt, png_opt);
    trace_opt->excludes(doctest_opt, png_opt);
    png_opt->excludes(doctest_opt, trace_opt);
    auto* step_opt = sub->add_option("--step", o->step, "--png: show the arena after this many steps (default: the end)");
    auto* size_opt = sub->add_option("--size", o->size, "--png: the image size as WIDTHxHEIGHT (default 1280x720)");
    step_opt->needs(png_opt);
    size_opt->needs(png_opt);
    sub->add_option("-o,--output", o->output, "the file to write (default: standard output); written atomically");
    sub->require_option(1, 4);
    sub->footer("FILE may be - for standard input. Exit status 2 when the script is refused or cannot be read;\n"
                "1 when --png finds no display or the file cannot be written.");
    return [o, step_opt]() {
        if (!o->png_file.empty()) {
            gui::ShotOptions shot;
            shot.file = o->png_file;
            shot.step = o->step;
            shot.step_given = step_opt->count() > 0;
            shot.size = o->size;
            shot.output = o->output;
            shot.who = "arenalab export";
            return gui::runShot(shot);
        }
        const std::string& file = o->doctest_file.empty() ? o->trace_file : o->doctest_file;
        if (file.empty()) {
            std::fprintf(stderr, "arenalab export: give --doctest FILE, --trace FILE or --png FILE\n");
            return 2;
        }
        const auto text = readScriptOrReport(file);
        if (!text) return 2;
        if (!o->doctest_file.empty()) {
            const lab::ExportResult result = lab::exportDoctest(*text, baseName(lab::displayName(file)));
            if (!result.ok()) {
                std::fprintf(stderr, "%s\n", result.error.c_str());
                return 2;
            }
            return emit(*o, result.code);
        }
        std::string trace;
        const lab::RunResult result =
            lab::runScriptText(*text, lab::displayName(file), [&](const lab::OpRecord& r) { lab::appendTraceLine(trace, r); });
        for (const std::string& e : result.errors) std::fprintf(stderr, "%s\n", e.c_str());
        if (!result.ran) return result.exit_status;
        const int written = emit(*o, trace);
        return written != 0 ? written : result.exit_status;
    };
}

} // namespace cli
