// The language a person reads: English (the sources' own text) or
// Simplified Chinese, from the gettext catalogue po/zh_CN.po, embedded at
// build time so the desktop and the browser serve the same one. Headless:
// no libintl, no locale of the C library; the window, the command line and
// the tests all call this.
//
// THE MARKER. A string a person reads is written in English in the source
// and wrapped where it is used:
//   tr("Open...")                       the translation, or the English text
//   trf("{} bytes", n)                  the same through fmt::format
//   N_("Open...")                       marks it for extraction only (tables
//                                       of static text, translated where shown)
// `xgettext --keyword=tr --keyword=trf --keyword=N_` extracts exactly these
// (po/update.sh). Machine-read text (trace JSON, the `FILE:LINE:COL: error:`
// prefix, script keywords, the port's identifiers) is never wrapped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>

#define N_(text) text

namespace lab {

enum class Lang : std::uint8_t {
    en,     // the sources' own text
    zh,     // Simplified Chinese (po/zh_CN.po)
    pseudo, // every message 40% longer with accents, to find text that is cut off
};

// "en", "zh", "pseudo"; also gettext's names ("zh_CN.UTF-8", "en_US", "C").
// nullopt for a language the program does not have.
std::optional<Lang> parseLang(std::string_view name);
std::string_view langName(Lang lang); // "en", "zh", "pseudo"

// The language the environment asks for, in gettext's order: the first of
// LANGUAGE (a colon-separated list: its first entry the program has),
// LC_ALL, LC_MESSAGES, LANG that is set and not empty. "C"/"POSIX" and
// unknown languages give English.
Lang languageFromEnvironment();

// `--lang X` or `--lang=X` anywhere in argv (before a `--`), read before the
// command line's help text is built (the help is itself translated);
// nullopt when there is none or X is unknown (the command line then
// refuses the option with its own message).
std::optional<Lang> languageArgument(int argc, const char* const* argv);

// The language every tr() answers in. Starts as English.
Lang language();
void setLanguage(Lang lang);

// The text of `msgid` in the current language: the catalogue's translation,
// or msgid itself (in English, or when the catalogue has none). The view
// lives as long as the program.
const char* tr(const char* msgid);
std::string_view tr(std::string_view msgid);

template <class... Args>
std::string trf(const char* msgid, Args&&... args)
{
    return fmt::format(fmt::runtime(tr(msgid)), std::forward<Args>(args)...);
}

// The Chinese catalogue as it is embedded (for the tests and the glyph set):
// every entry that has a translation, msgctxt left out.
struct CatalogueEntry {
    std::string msgid;
    std::string msgstr;
    bool fuzzy = false;
};
const std::vector<CatalogueEntry>& chineseCatalogue();

// Parses a .po file's text (what po/zh_CN.po holds): msgid/msgstr pairs,
// strings over several lines, C escapes, `#, fuzzy` flags. The header
// (empty msgid) is left out.
std::vector<CatalogueEntry> parsePo(std::string_view text);

// The pseudo-translation of `text`: vowels accented, '{...}' fields kept,
// then padded with '~' to 140% of its length (in characters), in [ ].
std::string pseudoTranslate(std::string_view text);

} // namespace lab
