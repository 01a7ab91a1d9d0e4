#include "lab/i18n.hpp"

#include <cstdlib>
#include <mutex>
#include <unordered_map>

namespace lab {

extern const std::string_view catalogue_zh_CN; // po/zh_CN.po's bytes (cmake/embed.cmake)

namespace {

Lang current = Lang::en;

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The text of one quoted .po string, its C escapes undone; `line` starts
// at the opening quote.
std::string unquote(std::string_view line)
{
    std::string out;
    if (line.empty() || line.front() != '"') return out;
    for (std::size_t i = 1; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') break;
        if (c != '\\' || i + 1 == line.size()) {
            out += c;
            continue;
        }
        switch (const char e = line[++i]) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        default: out += e; break; // \" \\ and anything else as itself
        }
    }
    return out;
}

struct Tables {
    std::vector<CatalogueEntry> entries;
    std::unordered_map<std::string, std::string> zh; // translated, not fuzzy
};

const Tables& tables()
{
    static const Tables t = [] {
        Tables out;
        out.entries = parsePo(catalogue_zh_CN);
        for (const CatalogueEntry& e : out.entries)
            if (!e.fuzzy && !e.msgstr.empty()) out.zh.emplace(e.msgid, e.msgstr);
        return out;
    }();
    return t;
}

const char* pseudoOf(const std::string& msgid)
{
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> cache;
    const std::lock_guard lock(mutex);
    auto it = cache.find(msgid);
    if (it == cache.end()) it = cache.emplace(msgid, pseudoTranslate(msgid)).first;
    return it->second.c_str();
}

} // namespace

std::optional<Lang> parseLang(std::string_view name)
{
    name = trimmed(name);
    if (name == "pseudo") return Lang::pseudo;
    if (name.empty() || name == "C" || name == "POSIX" || name.substr(0, 2) == "C.") return Lang::en;
    const std::string_view language = name.substr(0, name.find_first_of("_-.@"));
    if (language == "en") return Lang::en;
    if (language == "zh") {
        // Traditional Chinese (zh_TW, zh_HK, zh-Hant) is another catalogue,
        // which the program does not have.
        const std::string_view rest = name.substr(language.size());
        if (rest.find("TW") != std::string_view::npos || rest.find("HK") != std::string_view::npos ||
            rest.find("Hant") != std::string_view::npos)
            return std::nullopt;
        return Lang::zh;
    }
    return std::nullopt;
}

std::string_view langName(Lang lang)
{
    switch (lang) {
    case Lang::zh: return "zh";
    case Lang::pseudo: return "pseudo";
    case Lang::en: break;
    }
    return "en";
}

Lang languageFromEnvironment()
{
    const auto get = [](const char* name) -> std::string_view {
        const char* v = std::getenv(name);
        return v == nullptr ? std::string_view{} : std::string_view{v};
    };
    // gettext: LC_ALL=C (or LANG=C, when it is what decides) turns
    // LANGUAGE off.
    std::string_view locale;
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
        if (!get(name).empty()) {
            locale = get(name);
            break;
        }
    const bool c_locale = locale.empty() || locale == "C" || locale == "POSIX";
    if (!c_locale) {
        std::string_view list = get("LANGUAGE");
        while (!list.empty()) {
            const std::size_t colon = list.find(':');
            const std::string_view entry = list.substr(0, colon);
            if (const auto lang = parseLang(entry); lang && !entry.empty()) return *lang;
            if (colon == std::string_view::npos) break;
            list.remove_prefix(colon + 1);
        }
    }
    return parseLang(locale).value_or(Lang::en);
}

std::optional<Lang> languageArgument(int argc, const char* const* argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") break;
        std::string_view value;
        if (arg == "--lang" && i + 1 < argc)
            value = argv[i + 1];
        else if (arg.substr(0, 7) == "--lang=")
            value = arg.substr(7);
        else
            continue;
        return parseLang(value);
    }
    return std::nullopt;
}

Lang language() { return current; }
void setLanguage(Lang lang) { current = lang; }

const char* tr(const char* msgid)
{
    switch (current) {
    case Lang::en: return msgid;
    case Lang::pseudo: return pseudoOf(msgid);
    case Lang::zh: break;
    }
    const auto& zh = tables().zh;
    const auto it = zh.find(msgid);
    return it == zh.end() ? msgid : it->second.c_str();
}

std::string_view tr(std::string_view msgid)
{
    if (current == Lang::en) return msgid;
    const std::string key(msgid);
    if (current == Lang::pseudo) return pseudoOf(key);
    const auto& zh = tables().zh;
    const auto it = zh.find(key);
    return it == zh.end() ? msgid : std::string_view{it->second};
}

const std::vector<CatalogueEntry>& chineseCatalogue() { return tables().entries; }

std::vector<CatalogueEntry> parsePo(std::string_view text)
{
    std::vector<CatalogueEntry> out;
    CatalogueEntry entry;
    std::string* target = nullptr; // the string continuation lines extend
    bool has_id = false;
    bool fuzzy_next = false;
    bool plural = false;
    const auto finish = [&] {
        if (has_id && !entry.msgid.empty() && !plural) out.push_back(std::move(entry));
        entry = {};
        entry.fuzzy = false;
        has_id = false;
        plural = false;
        target = nullptr;
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            target = nullptr;
            continue;
        }
        if (line.front() == '#') {
            if (line.substr(0, 2) == "#," && line.find("fuzzy") != std::string_view::npos) fuzzy_next = true;
            continue;
        }
        if (line.front() == '"') {
            if (target != nullptr) *target += unquote(line);
            continue;
        }
        const std::size_t space = line.find(' ');
        const std::string_view keyword = line.substr(0, space);
        const std::string_view rest = space == std::string_view::npos ? std::string_view{} : trimmed(line.substr(space));
        if (keyword == "msgctxt" || keyword == "msgid") {
            if (has_id || keyword == "msgctxt") finish();
            if (keyword == "msgid") {
                has_id = true;
                entry.fuzzy = fuzzy_next;
                fuzzy_next = false;
                entry.msgid = unquote(rest);
                target = &entry.msgid;
            } else {
                target = nullptr;
            }
        } else if (keyword == "msgid_plural") {
            plural = true;
            target = nullptr;
        } else if (keyword == "msgstr") {
            entry.msgstr = unquote(rest);
            target = &entry.msgstr;
        } else {
            target = nullptr; // msgstr[N]: plural forms, which the program does not use
        }
        if (end == text.size()) break;
    }
    finish();
    return out;
}

std::string pseudoTranslate(std::string_view text)
{
    // Each ASCII vowel becomes a two-byte accented letter; fields ({...}),
    // escapes and everything else are kept.
    static constexpr std::string_view plain = "aeiouAEIOU";
    static constexpr const char* accented[] = {"á", "é", "í", "ó", "ú", "Á", "É", "Í", "Ó", "Ú"};
    std::string out = "[";
    std::size_t characters = 0;
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
        if (c == '{') ++depth;
        if (c == '}' && depth > 0) --depth;
        if (c == '%' && depth == 0) {
            // A printf conversion (%u, %zu, %-8s, %%) kept whole: "%ú"
            // would print itself instead of its number.
            std::size_t end = text.find_first_not_of("-+ #0123456789.*hlLqjzt", i + 1);
            end = end == std::string_view::npos ? text.size() : end + 1;
            out.append(text.substr(i, end - i));
            i = end - 1;
            continue;
        }
        const std::size_t v = plain.find(c);
        if (depth == 0 && v != std::string_view::npos)
            out += accented[v];
        else
            out += c;
    }
    // 40% longer: the brackets count, the rest is '~'.
    const std::size_t extra = (characters * 4 + 9) / 10;
    out.append(extra > 2 ? extra - 2 : 0, '~');
    out += ']';
    return out;
}

} // namespace lab
