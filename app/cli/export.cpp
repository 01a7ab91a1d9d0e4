// `arenalab export --doctest FILE` / `--trace FILE`: a script turned into a
// doctest test case, or into its trace, on standard output or into -o FILE.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/export_doctest.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

namespace cli {

namespace {

struct ExportOptions {
    std::string doctest_file;
    std::string trace_file;
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
    CLI::App* sub = app.add_subcommand("export", "Turn a script into a doctest test case (--doctest) or its trace (--trace)");
    auto* doctest_opt = sub->add_option("--doctest", o->doctest_file,
                                    "write a self-contained doctest TEST_CASE that replays the script through the "
                                    "arena's C++ API and checks every operation");
    auto* trace_opt = sub->add_option("--trace", o->trace_file, "write the script's trace (JSON Lines)");
    doctest_opt->excludes(trace_opt);
    trace_opt->excludes(doctest_opt);
    sub->add_option("-o,--output", o->output, "the file to write (default: standard output); written atomically");
    sub->require_option(1, 2);
    sub->footer("FILE may be - for standard input. Exit status 2 when the script is refused or cannot be read.");
    return [o]() {
        const std::string& file = o->doctest_file.empty() ? o->trace_file : o->doctest_file;
        if (file.empty()) {
            std::fprintf(stderr, "export: give --doctest FILE or --trace FILE\n");
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
