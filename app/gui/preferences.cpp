#include "gui/preferences.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "lab/files.hpp"

namespace gui {

namespace {
std::string languageFile(const std::string& dir) { return dir + "/language"; }
} // namespace

std::optional<lab::Lang> Preferences::language() const
{
    if (dir_.empty()) return std::nullopt;
    std::ifstream in(languageFile(dir_));
    std::string name;
    if (!(in >> name)) return std::nullopt;
    return lab::parseLang(name);
}

bool Preferences::rememberLanguage(lab::Lang lang, std::string& error) const
{
    if (dir_.empty()) return true;
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    return lab::writeFileAtomically(languageFile(dir_), std::string(lab::langName(lang)) + "\n", error);
}

} // namespace gui
