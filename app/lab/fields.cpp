#include "lab/fields.hpp"

#include "lab/i18n.hpp"

namespace lab::fields {

Checked number(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    Checked r;
    if (text.empty()) {
        r.error = tr("enter a number");
        return r;
    }
    if (text.front() == '-') {
        r.error = tr("no negative numbers");
        return r;
    }
    if (text.front() == '+') {
        r.error = tr("write the number without a sign");
        return r;
    }
    const bool hex = text.size() >= 2 && text[0] == '0' && text[1] == 'x';
    const std::string_view digits = hex ? text.substr(2) : text;
    if (digits.empty()) {
        r.error = tr("0x needs hexadecimal digits after it");
        return r;
    }
    const std::uint64_t base = hex ? 16 : 10;
    std::uint64_t v = 0;
    for (const char c : digits) {
        std::uint64_t d = 0;
        if (c >= '0' && c <= '9') d = static_cast<std::uint64_t>(c - '0');
        else if (hex && c >= 'a' && c <= 'f') d = static_cast<std::uint64_t>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F') d = static_cast<std::uint64_t>(c - 'A' + 10); // as scripts: 0xFF
        else {
            r.error = hex ? tr("not a hexadecimal number (0x then 0-9, a-f, A-F)") : tr("not a number (digits, or 0x for hexadecimal)");
            return r;
        }
        if (v > (UINT64_MAX - d) / base) {
            r.error = tr("far too large");
            return r;
        }
        v = v * base + d;
    }
    r.value = v;
    return r;
}

Checked length(std::string_view text, std::string_view what)
{
    Checked n = number(text);
    if (n.error) return n;
    if (n.value == 0) return {0, trf("{} must be at least 1 byte", what)};
    if (n.value > max_len) return {0, trf("{0} is at most {1}", what, tr(max_len_words))};
    return n;
}

Checked resetLimit(std::string_view text)
{
    Checked n = number(text);
    if (!n.error && n.value > max_len) return {0, trf("the limit is at most {}", tr(max_len_words))};
    return n;
}

Checked childPage(std::string_view text)
{
    Checked n = number(text);
    if (!n.error && (n.value < 8 || n.value > (1u << 20) || (n.value & (n.value - 1)) != 0))
        return {0, tr("a power of two from 8 to 1048576")};
    return n;
}

Checked childOffset(std::string_view text)
{
    Checked n = number(text);
    if (!n.error && (n.value % 8 != 0 || n.value >= 4096)) return {0, tr("a multiple of 8 below 4096")};
    return n;
}

Checked childLimit(std::string_view text)
{
    Checked n = number(text);
    if (!n.error && n.value > max_child_limit) return {0, tr("at most 2^32 (4294967296)")};
    return n;
}

std::optional<std::string> nameError(std::string_view name)
{
    if (name.empty()) return tr("a name is needed");
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!letter(name.front())) return tr("a name starts with a letter or _");
    for (const char c : name)
        if (!letter(c) && !digit(c)) return tr("a name has only letters, digits and _");
    if (isKeyword(name)) return trf("'{}' is a keyword", name);
    return std::nullopt;
}

} // namespace lab::fields
