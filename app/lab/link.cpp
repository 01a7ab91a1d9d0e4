#include "lab/link.hpp"

#include <array>
#include <charconv>

#include "lab/lessons.hpp"
#include "lab/script.hpp"

namespace lab {

namespace {

constexpr std::string_view b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The first error of a script, as "line L: message"; none when it parses.
std::optional<std::string> scriptError(std::string_view text)
{
    const ParseResult r = parseScript(text);
    if (r.ok()) return std::nullopt;
    const Diagnostic& d = r.errors.front();
    return "line " + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message;
}

LinkParse refused(std::string why) { return {std::nullopt, std::move(why)}; }

} // namespace

std::string base64UrlEncode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                                (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                                std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
        for (int k = 18; k >= 0; k -= 6) out += b64[(v >> k) & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
        if (rest == 2) v |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
        out += b64[(v >> 18) & 63];
        out += b64[(v >> 12) & 63];
        if (rest == 2) out += b64[(v >> 6) & 63];
    }
    return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text)
{
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const std::size_t v = b64.find(c);
        if (v == std::string_view::npos) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    // The unused low bits of the last character must be zero (one spelling per link).
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::optional<std::string_view> lessonText(std::string_view name)
{
    for (const Lesson& l : lessons()) {
        std::string_view file = l.file_name;
        if (file.size() > 6 && file.substr(file.size() - 6) == ".arena") file.remove_suffix(6);
        if (file == name) return l.text;
    }
    return std::nullopt;
}

LinkParse parseLinkFragment(std::string_view fragment)
{
    if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
    if (fragment.empty()) return {};
    if (fragment.size() + 1 > max_link_chars)
        return refused("the link is " + std::to_string(fragment.size() + 1) + " characters long, more than a link may be (" +
                       std::to_string(max_link_chars) + ")");
    LinkState s;
    bool has_lesson = false, has_script = false;
    std::string_view encoded;
    while (!fragment.empty()) {
        const std::size_t amp = fragment.find('&');
        const std::string_view part = fragment.substr(0, amp);
        fragment = amp == std::string_view::npos ? std::string_view() : fragment.substr(amp + 1);
        const std::size_t eq = part.find('=');
        const std::string_view key = part.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
        const bool has_value = eq != std::string_view::npos;
        if (key == "lesson" && has_value && !has_lesson) {
            has_lesson = true;
            s.lesson = std::string(value);
        } else if (key == "script" && has_value && !has_script) {
            has_script = true;
            encoded = value;
        } else if (key == "step" && has_value && !s.has_step) {
            std::size_t n = 0;
            const auto r = std::from_chars(value.data(), value.data() + value.size(), n);
            if (value.empty() || value.size() > 9 || r.ec != std::errc() || r.ptr != value.data() + value.size())
                return refused("step must be a number, not '" + std::string(value.substr(0, 20)) + "'");
            s.step = n;
            s.has_step = true;
        } else if (key == "present" && !has_value) {
            s.present = true;
        } else if (key == "embed" && !has_value) {
            s.embed = true;
        } else if (key == "lang" && has_value && s.lang.empty()) {
            if (value != "zh" && value != "en")
                return refused("lang is zh or en, not '" + std::string(value.substr(0, 20)) + "'");
            s.lang = std::string(value);
        } else {
            return refused("the link has a part it does not know, or one twice: '" + std::string(part.substr(0, 30)) + "'");
        }
    }
    if (has_lesson == has_script) return refused("a link names either a lesson or a script, and this one names " +
                                                 std::string(has_lesson ? "both" : "neither"));
    if (has_lesson) {
        const auto text = lessonText(s.lesson);
        if (!text) return refused("there is no lesson '" + s.lesson.substr(0, 40) + "'");
        if (const auto e = scriptError(*text)) return refused("the lesson has an error: " + *e);
        return {s, {}};
    }
    const auto packed = base64UrlDecode(encoded);
    if (!packed) return refused("the script in the link is damaged (not base64url): was it cut or changed?");
    auto text = zlibDecompress(*packed, max_script_bytes);
    if (!text) return refused("the script in the link is damaged (its check failed): was it cut or changed?");
    if (const auto e = scriptError(*text)) return refused("the script in the link has an error, so none of it ran: " + *e);
    s.script = std::move(*text);
    return {s, {}};
}

std::optional<std::string> scriptLinkFragment(std::string_view script, std::size_t step, bool present, std::string& error,
                                              bool embed, std::string_view lang)
{
    std::string out = "#script=" + base64UrlEncode(zlibCompress(script)) + "&step=" + std::to_string(step);
    if (present) out += "&present";
    if (embed) out += "&embed";
    if (!lang.empty()) out += "&lang=" + std::string(lang);
    if (out.size() > max_link_chars) {
        error = "the script is too long for a link (" + std::to_string(out.size()) + " characters, at most " +
                std::to_string(max_link_chars) + "): save it and share the file instead";
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> checkLinkStep(const LinkState& state, std::size_t steps)
{
    if (state.has_step && state.step > steps)
        return "the link's step " + std::to_string(state.step) + " is past the script's last step (" +
               std::to_string(steps) + ")";
    return std::nullopt;
}

} // namespace lab
