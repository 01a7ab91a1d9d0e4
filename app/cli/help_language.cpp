// CLI11's own words in the help (Usage, OPTIONS, the help flag, the option
// groups) in the language lab::tr() answers in.
#include "cli/commands.hpp"
#include "lab/i18n.hpp"

namespace cli {

namespace {

void translateApp(CLI::App& app)
{
    if (CLI::Option* help = app.get_help_ptr()) help->description(lab::tr("Print this help message and exit"));
    if (CLI::Option* version = app.get_version_ptr()) version->description(lab::tr("Display program version information and exit"));
    for (CLI::Option* option : app.get_options())
        if (option->get_group() == "Options") option->group(lab::tr("Options"));
    for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_group() == "Subcommands") sub->group(lab::tr("Subcommands"));
        translateApp(*sub);
    }
}

} // namespace

void translateHelpLabels(CLI::App& app)
{
    const auto formatter = app.get_formatter();
    // The value types (TEXT, INT) stay: they name a kind of value, like an identifier.
    for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
                              N_("REQUIRED"), N_("Env"), N_("Needs"), N_("Excludes")})
        formatter->label(label, lab::tr(label));
    translateApp(app);
}

} // namespace cli
