// The headless subcommands of `arenalab`. Each registers itself on the
// command line and runs without a display.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "lab/runner.hpp"

namespace cli {

// What a subcommand does once the command line parsed; returns the exit status.
using Action = std::function<int()>;

Action addTrace(CLI::App& app);
Action addCheck(CLI::App& app);
Action addDemo(CLI::App& app);
Action addExport(CLI::App& app);

// The script at `path` (- for standard input); when it cannot be read, the
// reason goes to standard error and the caller exits with status 2.
inline std::optional<std::string> readScriptOrReport(const std::string& path)
{
    std::string error;
    std::optional<std::string> text = lab::readScriptFile(path, error);
    if (!text) std::fprintf(stderr, "%s\n", error.c_str());
    return text;
}

// The headless tour of a script ("" for the built-in example).
int runDemo(const std::string& file);

} // namespace cli
