// arenalab: watch a real Zig-style arena allocator work.
//
// With a headless subcommand it needs no display; with none, or with a
// script FILE, it opens the window (and, when no window can open, tells
// the built-in example's story in the terminal instead).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "lab/version.hpp"
#if ARENALAB_GUI
#include "gui/app.hpp"
#endif

int main(int argc, char** argv)
{
    cli::guardStandardStreams();
    CLI::App app("Arena Lab: a real arena allocator (a port of Zig's std.heap.ArenaAllocator), driven by\n"
                 "scripts and shown step by step.",
                 "arenalab");
    app.set_version_flag("--version", "arenalab " + std::string(lab::version()));
    app.require_subcommand(0, 1);
    app.footer("The script language, the trace and the exit statuses: docs/script.md in Arena Lab's sources.\n"
               "Try: arenalab check assets/examples/hello.arena");
    std::string file;
    app.add_option("FILE", file, "a .arena script to open in the window (default: the built-in example)");

    // The command line reaches the window only through these (app/cli never
    // includes app/gui).
    // A build without the window leaves them empty: shot, bench-frame and
    // export --png then say so.
    cli::WindowHooks window;
#if ARENALAB_GUI
    window.shot = gui::renderShot;
    window.bench = gui::runBenchFrame;
#endif

    std::vector<std::pair<CLI::App*, cli::Action>> actions;
    const std::vector<std::function<cli::Action(CLI::App&)>> adders = {
        cli::addTrace, cli::addCheck, cli::addDemo, [&](CLI::App& a) { return cli::addExport(a, window); },
        [&](CLI::App& a) { return cli::addShot(a, window); }, [&](CLI::App& a) { return cli::addBenchFrame(a, window); },
        cli::addCompare, cli::addExplore};
    for (const auto& add : adders) {
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
        if (sub->parsed()) return cli::finishStandardOutput(action());

    // A word that is neither a subcommand nor a file is most likely a
    // mistyped subcommand: say so, rather than "cannot open".
    std::error_code ec;
    if (!file.empty() && file.find_first_of("./") == std::string::npos && !std::filesystem::exists(file, ec)) {
        std::string names;
        for (const auto& [sub, action] : actions) names += (names.empty() ? "" : ", ") + sub->get_name();
        std::fprintf(stderr, "arenalab: '%s' is not a subcommand (%s) and no file has that name; see arenalab --help\n",
                     file.c_str(), names.c_str());
        return 2;
    }

    // No subcommand: the window. Without a display (or in a build without
    // the window), the headless tour.
#if ARENALAB_GUI
    if (const std::optional<int> status = gui::runWindow(file)) return *status;
#endif
    std::fputs(app.help().c_str(), stdout);
    std::puts("");
    return cli::finishStandardOutput(cli::runDemo(file, !file.empty()));
}
