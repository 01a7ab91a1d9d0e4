#include "lab/link.hpp"

#include "lab/i18n.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "lab/i18n.hpp"
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
    return trf("line {0}:{1}: {2}", d.line, d.col, d.message);
}

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
        if (file.size() > 6 && file.ends_with(".arena")) file.remove_suffix(6);
        if (file == name) return l.text;
    }
    return std::nullopt;
}

std::optional<std::string> percentDecode(std::string_view text)
{
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

namespace {

// One `key=value` part of a fragment, split before anything is decoded.
struct LinkPart {
    std::string_view raw; // as in the address, for messages
    std::string_view key, value;
    bool has_value = false;
};

LinkPart splitPart(std::string_view part)
{
    const std::size_t eq = part.find('=');
    LinkPart p;
    p.raw = part;
    p.key = part.substr(0, eq);
    p.has_value = eq != std::string_view::npos;
    if (p.has_value) p.value = part.substr(eq + 1);
    return p;
}

// The next part of `rest` (up to its first '&'), which loses it.
std::string_view nextPart(std::string_view& rest)
{
    const std::size_t amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    return part;
}

// A part as the person typed it, cut for a message; a control character
// (an address never holds one, but a parser is given anything) as its %XX.
std::string quotedPart(std::string_view raw)
{
    std::string out = "'";
    for (const char c : raw.substr(0, 30)) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u != 0x7F) {
            out += c;
            continue;
        }
        char code[4];
        std::snprintf(code, sizeof code, "%%%02X", u);
        out += code;
    }
    return out + (raw.size() > 30 ? "...'" : "'");
}

// A percent-decoded key or value of the part `raw`; else why not.
std::optional<std::string> decodePart(std::string_view text, std::string_view raw, std::string& why)
{
    auto decoded = percentDecode(text);
    if (!decoded) {
        why = trf("the link's part {} has a '%' without two hexadecimal digits after it", quotedPart(raw));
        return std::nullopt;
    }
    for (const char c : *decoded) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            char code[4];
            std::snprintf(code, sizeof code, "%02X", u);
            why = trf("the link's part {0} holds %{1}, a control character no link may hold", quotedPart(raw), code);
            return std::nullopt;
        }
    }
    return decoded;
}

} // namespace

LinkParse parseLinkFragment(std::string_view fragment)
{
    if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
    if (fragment.empty()) return {};
    // `&embed` and `&present` are honoured for the refusal too: a refused
    // link in an <iframe> says why in the iframe's layout.
    bool asks_embed = false, asks_present = false;
    for (std::string_view rest = fragment; !rest.empty();) {
        const auto part = percentDecode(nextPart(rest));
        asks_embed = asks_embed || part == "embed";
        asks_present = asks_present || part == "present";
    }
    const auto refused = [&](std::string why) {
        LinkParse r{std::nullopt, std::move(why)};
        r.embed = asks_embed;
        r.present = asks_present;
        return r;
    };
    if (fragment.size() + 1 > max_link_chars)
        return refused(trf("the link is {0} characters long, more than a link may be ({1})", fragment.size() + 1,
                           max_link_chars));
    LinkState s;
    bool has_lesson = false, has_script = false;
    std::string encoded;
    for (std::string_view rest = fragment; !rest.empty();) {
        const LinkPart p = splitPart(nextPart(rest));
        std::string why;
        const auto key = decodePart(p.key, p.raw, why);
        const auto value = key ? decodePart(p.value, p.raw, why) : std::nullopt;
        if (!key || !value) return refused(why);
        if (*key == "lesson" && p.has_value && !has_lesson) {
            has_lesson = true;
            s.lesson = *value;
        } else if (*key == "script" && p.has_value && !has_script) {
            has_script = true;
            encoded = *value;
        } else if (*key == "step" && p.has_value && !s.has_step) {
            const std::string& v = *value;
            const bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
            if (digits && v.size() > 9) return refused(trf("the step {} is too large for a link (at most 9 digits)", v.substr(0, 20)));
            if (v.size() > 1 && v[0] == '-' && v.find_first_not_of("0123456789", 1) == std::string::npos)
                return refused(trf("the step cannot be negative ({}): steps count from 0, the start", v.substr(0, 20)));
            if (!digits) return refused(trf("the step must be a whole number of 0 or more, not '{}'", v.substr(0, 20)));
            std::size_t n = 0;
            std::from_chars(v.data(), v.data() + v.size(), n);
            s.step = n;
            s.has_step = true;
        } else if (*key == "present" && !p.has_value) {
            s.present = true;
        } else if (*key == "embed" && !p.has_value) {
            s.embed = true;
        } else if (*key == "lang" && p.has_value && s.lang.empty()) {
            if (*value != "zh" && *value != "en") return refused(trf("lang is zh or en, not {}", quotedPart(value->substr(0, 20))));
            s.lang = *value;
        } else {
            return refused(trf("the link has a part it does not know, or one twice: {}", quotedPart(p.raw)));
        }
    }
    if (has_lesson == has_script)
        return refused(has_lesson ? tr("a link names either a lesson or a script, and this one names both")
                                  : tr("a link names either a lesson or a script, and this one names neither"));
    if (has_lesson) {
        const auto text = lessonText(s.lesson);
        if (!text) return refused(trf("there is no lesson '{}'", s.lesson.substr(0, 40)));
        if (const auto e = scriptError(*text)) return refused(trf("the lesson has an error: {}", *e));
        return {s, {}, s.embed, s.present};
    }
    const auto packed = base64UrlDecode(encoded);
    if (!packed) return refused(tr("the script in the link is damaged (not base64url): was it cut or changed?"));
    auto text = zlibDecompress(*packed, max_script_bytes);
    if (!text) return refused(tr("the script in the link is damaged (its check failed): was it cut or changed?"));
    if (const auto e = scriptError(*text)) return refused(trf("the script in the link has an error, so none of it ran: {}", *e));
    s.script = std::move(*text);
    return {s, {}, s.embed, s.present};
}

std::optional<std::string> scriptLinkFragment(std::string_view script, std::size_t step, bool present, std::string& error,
                                              bool embed, std::string_view lang)
{
    std::string out = "#script=" + base64UrlEncode(zlibCompress(script)) + "&step=" + std::to_string(step);
    if (present) out += "&present";
    if (embed) out += "&embed";
    if (!lang.empty()) out += "&lang=" + std::string(lang);
    if (out.size() > max_link_chars) {
        error = trf("the script is too long for a link ({0} characters, at most {1}): save it and share the file instead",
                    out.size(), max_link_chars);
        return std::nullopt;
    }
    return out;
}

std::string linkRefusedMessage(std::string_view why)
{
    std::string out = trf("The link was not opened: {}", why);
    if (why.empty() || (why.back() != '?' && why.back() != '.' && why.back() != '!')) out += '.';
    return out + tr(" This is the built-in example.");
}

std::optional<std::string> checkLinkStep(const LinkState& state, std::size_t steps)
{
    if (state.has_step && state.step > steps)
        return trf("the link's step {0} is past the script's last step ({1})", state.step, steps);
    return std::nullopt;
}

} // namespace lab
