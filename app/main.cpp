// arenalab: watch a real Zig-style arena allocator work.
//
// With a subcommand it runs headless (no display needed); with none it will
// open the window (the GUI is being built: for now it explains itself).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv)
{
    CLI::App app("Arena Lab: a real arena allocator (a port of Zig's std.heap.ArenaAllocator), driven by\n"
                 "scripts and shown step by step.",
                 "arenalab");
    app.set_version_flag("--version", "arenalab 0.1.0");
    app.require_subcommand(0, 1);
    app.footer("Scripts: see shared/spec/SCRIPT.md. Try: arenalab check assets/examples/hello.arena");

    std::vector<std::pair<CLI::App*, cli::Action>> actions;
    for (auto add : {cli::addTrace, cli::addCheck, cli::addDemo}) {
        cli::Action action = add(app);
        actions.emplace_back(app.get_subcommands({}).back(), std::move(action));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e); // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    for (auto& [sub, action] : actions)
        if (sub->parsed()) return action();

    // No subcommand: the window will open here once the GUI lands; until
    // then, the headless tour of the built-in example.
    std::fputs(app.help().c_str(), stdout);
    std::puts("");
    return cli::runDemo("");
}
