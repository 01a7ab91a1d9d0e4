// The headless subcommands of `arenalab`. Each registers itself on the
// command line and runs without a display.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "cli/options.hpp"

namespace cli {

// What a subcommand does once the command line parsed; returns the exit status.
using Action = std::function<int()>;

Action addTrace(CLI::App& app);
Action addCheck(CLI::App& app);
Action addDemo(CLI::App& app);
Action addExport(CLI::App& app);

// The headless tour of a script ("" for the built-in example).
int runDemo(const std::string& file);

} // namespace cli
