// `arenalab explore FILE`: every interleaving of a threaded script's race.
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/explore.hpp"
#include "lab/i18n.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"

namespace cli {

Action addExplore(CLI::App& app)
{
    auto file = std::make_shared<std::string>();
    auto limit = std::make_shared<std::size_t>(lab::ExploreOptions{}.limit);
    auto every = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand(
        "explore", lab::tr("Run every interleaving of a threaded script's race (model zig-0.16, T1: ... T2: ...) and check\n"
                           "the arena's invariants after every atomic step; print a counterexample as a schedule line"));
    addScriptArgument(sub, *file);
    sub->add_option("--limit", *limit, lab::tr("refuse a race with more schedules than this"))
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
    sub->add_flag("--no-reduction", *every,
                  lab::tr("run every order of the steps, also those that only swap two independent steps (no sleep sets)"));
    sub->footer(lab::tr("Exit status: 0 every schedule kept every invariant; 1 a schedule broke one (it is printed as a\n"
                        "`schedule ...` line: add it to the script to replay it); 2 the script was refused, has no race,\n"
                        "or has more schedules than --limit. docs/script.md, \"Threads\", lists the invariants."));
    return [file, limit, every]() {
        const auto text = readScriptOrReport(*file);
        if (!text) return 2;
        const std::string name = lab::displayName(*file);
        const lab::ParseResult parsed = lab::parseScript(*text);
        if (!parsed.ok()) {
            for (const lab::Diagnostic& d : parsed.errors)
                std::fprintf(stderr, "%s\n", lab::formatDiagnostic(name, d).c_str());
            return 2;
        }
        lab::ExploreOptions options;
        options.limit = *limit;
        options.reduce = !*every;
        const lab::ExploreResult result = lab::explore(parsed.script, options);
        if (result.exit_status == 2) {
            if (result.line != 0) std::fprintf(stderr, "%s:%zu:1: error: %s\n", name.c_str(), result.line, result.error.c_str());
            else std::fprintf(stderr, "%s: error: %s\n", name.c_str(), result.error.c_str());
            return 2;
        }
        printOut("%s: %s\n", name.c_str(),
                 lab::trf("{0} schedules, {1} steps checked (results compared with {2} sequential orders)",
                          lab::grouped(result.schedules), lab::grouped(result.steps), lab::grouped(result.sequential_orders))
                     .c_str());
        if (result.exit_status == 1) {
            printOut("%s\n", lab::trf("counterexample: {}", result.violation).c_str());
            printOut("%s\n", result.schedule.c_str()); // a script line: stays English
        } else {
            printOut("%s\n", lab::tr("every invariant held after every step"));
        }
        flushOut();
        return result.exit_status;
    };
}

} // namespace cli
