// CLI11's own words in the help (Usage, OPTIONS, the help flag, the option
// groups) in the language lab::tr() answers in, and its two columns lined
// up by what a terminal shows: CLI11 pads the left column with setw, which
// counts bytes, and a Chinese character is three bytes but two columns
// wide, so every line holding one ("必需", "需要：--quiz") came out short.
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "lab/i18n.hpp"
#include "lab/text_wrap.hpp"

namespace cli {

namespace {

// CLI::Formatter's two-column lines (detail::format_help), padded by columns.
class ColumnFormatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override
    {
        return twoColumns(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
    }
    std::string make_subcommand(const CLI::App* sub) const override
    {
        return twoColumns(sub->get_display_name(true), sub->get_description());
    }

    // CLI11's own, with its English sentences in the reader's language.
    std::string make_description(const CLI::App* app) const override
    {
        std::string desc = app->get_description();
        if (app->get_required()) desc += " " + std::string(lab::tr("REQUIRED")) + " ";
        const std::size_t min = app->get_require_option_min(), max = app->get_require_option_max();
        if (max == min && min == 1) desc += " \n" + std::string(lab::tr("[Exactly one of the following options is required]"));
        else if (max == min && min > 0) desc += " \n" + lab::trf("[Exactly {} of the following options are required]", min);
        else if (max > 0 && min > 0)
            desc += " \n" + lab::trf("[Between {0} and {1} of the following options are required]", min, max);
        else if (max > 0) desc += " \n" + lab::trf("[At most {} of the following options are allowed]", max);
        else if (min > 0) desc += " \n" + lab::trf("[At least {} of the following options are required]", min);
        return desc.empty() ? std::string() : desc + "\n";
    }

private:
    std::string twoColumns(const std::string& name, const std::string& description) const
    {
        const std::size_t width = get_column_width();
        const std::string left = "  " + name;
        const std::size_t columns = lab::terminalColumns(left);
        std::string out = left;
        if (columns < width) out.append(width - columns, ' ');
        if (!description.empty()) {
            if (columns >= width) out += "\n" + std::string(width, ' ');
            for (const char c : description) {
                out += c;
                if (c == '\n') out.append(width, ' ');
            }
        }
        return out + "\n";
    }
};

void translateApp(CLI::App& app, const std::shared_ptr<CLI::Formatter>& formatter)
{
    app.formatter(formatter);
    if (CLI::Option* help = app.get_help_ptr()) help->description(lab::tr("Print this help message and exit"));
    if (CLI::Option* version = app.get_version_ptr()) version->description(lab::tr("Display program version information and exit"));
    for (CLI::Option* option : app.get_options())
        if (option->get_group() == "Options") option->group(lab::tr("Options"));
    for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_group() == "Subcommands") sub->group(lab::tr("Subcommands"));
        translateApp(*sub, formatter);
    }
}

} // namespace

void translateHelpLabels(CLI::App& app)
{
    auto formatter = std::make_shared<ColumnFormatter>();
    formatter->column_width(app.get_formatter()->get_column_width());
    // The value types (TEXT, INT) stay: they name a kind of value, like an identifier.
    for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
                              N_("REQUIRED"), N_("Env"), N_("Needs"), N_("Excludes")})
        formatter->label(label, lab::tr(label));
    translateApp(app, formatter);
}

} // namespace cli
