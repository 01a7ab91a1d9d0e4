#include "lab/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "lab/runner.hpp"

namespace lab {

bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error)
{
    // A unique temporary name beside the target, so the rename stays on one
    // file system and two writers never share a temporary file.
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd >= 0) ::fchmod(fd, 0644);
    if (fd < 0) {
        error = path + ": error: cannot write: " + std::strerror(errno);
        return false;
    }
    const char* p = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = path + ": error: cannot write: " + std::strerror(errno);
            ::close(fd);
            ::unlink(temp.c_str());
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    // The data must be on disk before the rename makes it the file.
    if (::fsync(fd) != 0 || ::close(fd) != 0 || std::rename(temp.c_str(), path.c_str()) != 0) {
        error = path + ": error: cannot save: " + std::strerror(errno);
        ::unlink(temp.c_str());
        return false;
    }
    return true;
}

} // namespace lab

namespace lab {

namespace {

// The length of the UTF-8 sequence starting at `s[i]`, or 0 if it is not one
// (overlong forms, surrogates and values past U+10FFFF included).
std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

} // namespace

std::optional<std::string> whyNotText(std::string_view contents)
{
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < contents.size();) {
        const auto b = static_cast<unsigned char>(contents[i]);
        const auto where = [&] { return "line " + std::to_string(line) + ", column " + std::to_string(col); };
        if (b == 0)
            return "it is not a text file: it holds a NUL byte (" + where() +
                   "); scripts are plain text (UTF-8 or ASCII), not binary or UTF-16";
        const std::size_t n = utf8Length(contents, i);
        if (n == 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            return "it is not a text file: byte " + std::string(hex) + " (" + where() +
                   ") is not UTF-8; scripts are plain text (UTF-8 or ASCII)";
        }
        if (b == '\n') {
            ++line;
            col = 1;
        } else {
            col += n;
        }
        i += n;
    }
    return std::nullopt;
}

std::optional<std::string> readEditableScriptFile(const std::string& path, std::string& error)
{
    std::optional<std::string> text = readScriptFile(path, error);
    if (!text) return text;
    if (std::optional<std::string> why = whyNotText(*text)) {
        error = displayName(path) + ": error: " + *why;
        return std::nullopt;
    }
    return text;
}

std::string sessionScript(std::string_view text, std::string_view name)
{
    char date[32] = "";
    const std::time_t now = std::time(nullptr);
    if (std::tm tm{}; localtime_r(&now, &tm) != nullptr) std::strftime(date, sizeof date, " on %Y-%m-%d %H:%M", &tm);
    std::string out = "# A session recorded in Arena Lab from " + std::string(name) + date +
                      ": the script's lines and the buttons pressed, in order.\n";
    out += text;
    if (!text.empty() && text.back() != '\n') out += '\n';
    return out;
}

} // namespace lab
