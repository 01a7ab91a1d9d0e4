// `arenalab demo [FILE]`: the headless tour. Runs a script (the built-in
// example by default) and narrates every operation as the arena's own
// internal steps, in plain words with the actual numbers.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "lab/i18n.hpp"
#include "lab/builtin_example.hpp"
#include "lab/explain.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"

namespace cli {

namespace {

class StepCollector final : public lab::StepSink {
public:
    void step(const arena::Step& s) override { steps.push_back(s); }
    std::vector<arena::Step> steps;
};

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

// A script line as the terminal may show it: control characters (ESC, C1
// controls such as U+009B, DEL) written as \xNN, so a comment cannot set
// colours or the window title. Scripts are UTF-8 (checked on reading).
std::string terminalSafe(std::string_view line)
{
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto b = static_cast<unsigned char>(line[i]);
        const bool c1 = b == 0xC2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(line[i + 1]) <= 0x9F;
        if ((b < 0x20 && b != '\t') || b == 0x7f || c1) {
            const unsigned code = c1 ? static_cast<unsigned char>(line[++i]) : b;
            out += fmt::format("\\x{:02x}", code);
        } else {
            out += line[i];
        }
    }
    return out;
}

} // namespace

int runDemo(const std::string& file, bool given, const std::string& model_option)
{
    std::string text(lab::builtin_example);
    std::string name(lab::builtin_example_name);
    if (given) {
        // A refused script prints nothing but its errors, as trace does.
        auto read = readRunnableScriptOrReport(file);
        if (!read) return 2;
        text = std::move(*read);
        name = lab::displayName(file);
    }
    const std::optional<lab::Model> model = scriptModelOrReport(text, name, model_option);
    if (!model) return 2;
    const auto lines = splitLines(text);
    printOut(lab::tr("Arena Lab demo: %s, narrated step by step\n"), name.c_str());
    StepCollector steps;
    const lab::RunResult result = lab::runScriptText(
        text, name,
        [&](const lab::OpRecord& r) {
            const std::string source = r.line <= lines.size() ? terminalSafe(lines[r.line - 1]) : std::string(lab::tr("(end of script)"));
            printOut(lab::tr("\nline %zu: %s\n"), r.line, source.c_str());
            for (std::size_t i = 0; i < steps.steps.size(); ++i)
                printOut("  %2zu. %s\n", i + 1, lab::explainStep(steps.steps[i]).c_str());
            steps.steps.clear();
            for (const auto& c : r.child) printOut(lab::tr("      child: %s\n"), lab::describeCall(c).c_str());
            printOut(lab::tr("      now: %s\n"), lab::describeState(r.state).c_str());
        },
        &steps, *model);
    flushOut();
    for (const std::string& e : result.errors) std::fprintf(stderr, "%s\n", e.c_str());
    return result.exit_status;
}

Action addDemo(CLI::App& app)
{
    auto file = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("demo", lab::tr("Narrate a script step by step in the terminal (no display needed)"));
    auto* opt = sub->add_option("FILE", *file, lab::tr("the .arena script (default: the built-in example); - reads standard input"));
    auto model = std::make_shared<std::string>();
    addModelOption(sub, *model);
    return [file, opt, model]() { return runDemo(*file, opt->count() > 0, *model); };
}

} // namespace cli
