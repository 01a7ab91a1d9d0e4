// The headless subcommands of `arenalab`. Each registers itself on the
// command line and runs without a display.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "lab/window_requests.hpp"

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace cli {

// FILE, the .arena script a subcommand reads (required; - reads standard input).
CLI::Option* addScriptArgument(CLI::App* sub, std::string& file);
// --model zig-0.15|zig-0.16 on a subcommand: the arena a script without a
// `model` statement runs on (a script's own statement must agree).
CLI::Option* addModelOption(CLI::App* sub, std::string& model);
// The --model given, if any.
inline std::optional<lab::Model> modelOption(const std::string& model)
{
    if (model.empty()) return std::nullopt;
    return lab::parseModel(model);
}
// The model `text` runs on with --model `option`: its own `model` line, or
// the option's, or the default. Nothing, having printed why (FILE:LINE:1),
// when the two disagree: exit with status 2.
inline std::optional<lab::Model> scriptModelOrReport(const std::string& text, const std::string& name,
                                                     const std::string& option)
{
    const lab::ParseResult parsed = lab::parseScript(text);
    std::string error;
    if (const std::optional<lab::Model> model = lab::resolveModel(parsed.script, modelOption(option), error))
        return model;
    std::fprintf(stderr, "%s:%zu:1: error: %s\n", name.c_str(), parsed.script.model_line, error.c_str());
    return std::nullopt;
}

// What a subcommand does once the command line parsed; returns the exit status.
using Action = std::function<int()>;

// How the subcommands that need the window reach it: main.cpp wires these
// to app/gui, so app/cli never includes the window's code. Empty in a
// build without the window (the subcommands then say so).
struct WindowHooks {
    // A picture of a script as a PNG in `png`; 0, or 1 with `error` set.
    std::function<int(const lab::ShotRequest&, std::string& png, std::string& error)> shot;
    // An animation (GIF or WebP) of a script in `bytes`; 0, or 1 with `error` set.
    std::function<int(const lab::AnimationRequest&, std::string& bytes, std::string& error)> animation;
    // A handout (PDF) of a script in `pdf`; 0, or 1 with `error` set.
    std::function<int(const lab::HandoutRequest&, std::string& pdf, std::string& error)> handout;
    // Prints the window's start-up and frame times; the exit status.
    std::function<int(const lab::BenchRequest&)> bench;
    // Opens the window on `file` (empty: the built-in example) and returns
    // its exit status, or nothing when no window could open.
    // `language_given`: --lang was on the command line (it wins over the
    // language the window remembers). `present`: --present, in
    // presentation mode (as after F5).
    std::function<std::optional<int>(const std::string& file, bool language_given, bool present)> open;
};

// The whole command line: parses `argv`, runs the subcommand it names and
// returns the exit status; with no subcommand, the window (`window.open`),
// or the headless tour where none opens. The one place that parses
// options (app/cli/command_line.cpp).
int runCommandLine(int argc, char** argv, const WindowHooks& window);

Action addTrace(CLI::App& app);
Action addCheck(CLI::App& app);
Action addDemo(CLI::App& app);
Action addExport(CLI::App& app, const WindowHooks& window);
Action addShot(CLI::App& app, const WindowHooks& window);
Action addBenchFrame(CLI::App& app, const WindowHooks& window);
Action addCompare(CLI::App& app);
Action addExplore(CLI::App& app);

// What `shot` and `export --png` share: the options as typed.
struct ShotOptions {
    std::string file;
    std::string step;        // a number of steps as scripts write numbers
    bool step_given = false; // false: the end
    std::string size = "1280x720";
    std::optional<std::string> output; // nothing: -o not given
    std::string model;    // --model, as typed (empty: not given)
    // What goes to the window as typed (--font, --zoom, --pan-x, --pan-y,
    // --present, --embed, --compare, --models, and who says the messages);
    // runShot checks them and fills in the rest.
    lab::ShotRequest request;
};
// Checks them, runs the script (its errors and exit status are trace's),
// renders through `window` and writes the PNG. The exit status: 2 bad
// options or script (nothing written); 1 no window, or the file could not
// be written; else the script's run status (0, 1 failed expectation, ...),
// the picture written either way.
int runShot(const ShotOptions& options, const WindowHooks& window);

// CLI11's own words in every --help (Usage, OPTIONS, the groups, the help
// flag) in lab::language(); call after every option is added.
void translateHelpLabels(CLI::App& app);

// The headless tour of a script (the built-in example when not `given`).
int runDemo(const std::string& file, bool given, const std::string& model = {});

} // namespace cli
