// The command line of `arenalab`: the top-level options, every subcommand
// registered (each by its own file's addX), the parse, and what runs when
// no subcommand is given. app/main.cpp only hands in the window. The
// library compiles as one translation unit, so CLI11 compiles once (see
// app/cli/CMakeLists.txt).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "lab/i18n.hpp"
#include "lab/version.hpp"

namespace cli {

namespace {

// CLI11's message for a command line it refuses, in the reader's
// language: its common forms by their words (CLI11 2.1 builds them from
// fixed English), any other as CLI11 wrote it. The options' and
// arguments' names inside stay as they are.
std::string parseErrorText(const CLI::ParseError& e)
{
    const std::string m = e.what();
    const auto starts = [&](const std::string& p) { return m.rfind(p, 0) == 0; };
    const auto ends = [&](const std::string& p) { return m.size() >= p.size() && m.compare(m.size() - p.size(), p.size(), p) == 0; };
    for (const std::string p : {"The following argument was not expected: ", "The following arguments were not expected: "})
        if (starts(p)) return lab::trf("not expected here: {}", m.substr(p.size()));
    if (ends(" is required")) return lab::trf("{} is required", m.substr(0, m.size() - 12));
    if (starts("Could not convert: ")) return lab::trf("not a value it takes: {}", m.substr(19));
    if (const std::string middle = " is not an allowed value for "; starts("The value ") && m.find(middle) != std::string::npos) {
        const std::size_t at = m.find(middle);
        return lab::trf("{} is not an allowed value for {}", m.substr(10, at - 10), m.substr(at + middle.size()));
    }
    if (const std::size_t colon = m.find(": "), at = m.find(" not in {"); colon != std::string::npos && at != std::string::npos && colon < at)
        return lab::trf("{}: {} is not one of {}", m.substr(0, colon), m.substr(colon + 2, at - colon - 2), m.substr(at + 8));
    if (const std::size_t at = m.find(" requires "); at != std::string::npos && m.find(' ') == at)
        return lab::trf("{} requires {}", m.substr(0, at), m.substr(at + 10));
    if (const std::size_t at = m.find(" excludes "); at != std::string::npos && m.find(' ') == at)
        return lab::trf("{} cannot go with {}", m.substr(0, at), m.substr(at + 10));
    return m;
}

} // namespace

int runCommandLine(int argc, char** argv, const WindowHooks& window)
{
    guardStandardStreams();
    // The language first: the help text below is itself translated.
    const std::optional<lab::Lang> lang_argument = lab::languageArgument(argc, argv);
    lab::setLanguage(lang_argument.value_or(lab::languageFromEnvironment()));
    CLI::App app(lab::tr("Arena Lab: a real arena allocator (a port of Zig's std.heap.ArenaAllocator), driven by\n"
                         "scripts and shown step by step."),
                 "arenalab");
    app.set_version_flag("--version", "arenalab " + std::string(lab::version()));
    app.require_subcommand(0, 1);
    app.footer(lab::tr("The script language, the trace and the exit statuses: docs/script.md in Arena Lab's sources.\n"
                       "Try: arenalab check assets/examples/hello.arena"));
    std::string file;
    app.add_option("FILE", file, lab::tr("a .arena script to open in the window (default: lesson 1 at its first step)"));
    bool present = false;
    app.add_flag("--present", present, lab::tr("open the window in presentation mode, as after F5"));

    std::vector<std::pair<CLI::App*, Action>> actions;
    const std::vector<std::function<Action(CLI::App&)>> adders = {
        addTrace, addCheck, addDemo, [&](CLI::App& a) { return addExport(a, window); },
        [&](CLI::App& a) { return addShot(a, window); }, [&](CLI::App& a) { return addBenchFrame(a, window); },
        addCompare, addExplore};
    for (const auto& add : adders) {
        Action action = add(app);
        actions.emplace_back(app.get_subcommands({}).back(), std::move(action));
    }

    // --lang on the window and on every subcommand (read above; here so the
    // command line accepts it and lists it in each --help).
    std::string lang_option;
    const auto add_lang = [&](CLI::App& a) {
        a.add_option("--lang", lang_option,
                     lab::tr("the language of the text a person reads: zh or en (default: from LANGUAGE, LC_ALL, "
                             "LC_MESSAGES, LANG)"))
            ->check(CLI::IsMember({"zh", "en", "pseudo"}));
    };
    add_lang(app);
    for (auto& [sub, action] : actions) add_lang(*sub);
    translateHelpLabels(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e); // --help, --version
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "%s\n%s\n", parseErrorText(e).c_str(), lab::tr("Run with --help for more information."));
        return 2;
    }
    for (auto& [sub, action] : actions)
        if (sub->parsed()) return finishStandardOutput(action());

    // A word that is neither a subcommand nor a file is most likely a
    // mistyped subcommand: say so, rather than "cannot open".
    std::error_code ec;
    if (!file.empty() && file.find_first_of("./") == std::string::npos && !std::filesystem::exists(file, ec)) {
        std::string names;
        for (const auto& [sub, action] : actions) names += (names.empty() ? "" : ", ") + sub->get_name();
        std::fprintf(stderr, lab::tr("arenalab: '%s' is not a subcommand (%s) and no file has that name; see arenalab --help\n"),
                     file.c_str(), names.c_str());
        return 2;
    }

    // No subcommand: the window. Without a display (or in a build without
    // the window), the headless tour.
    if (window.open)
        if (const std::optional<int> status = window.open(file, lang_argument.has_value(), present)) return *status;
    std::fputs(app.help().c_str(), stdout);
    std::puts("");
    return finishStandardOutput(runDemo(file, !file.empty()));
}

} // namespace cli
