// What several subcommands read the same way (trace, check, demo, export,
// shot, bench-frame): a script file, a window size, a step. Each reports a
// refusal on standard error, prefixed with `who` where a message needs one,
// and returns nothing: the caller then exits with status 2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "lab/fields.hpp"
#include "lab/i18n.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"

namespace cli {

// The script at `path` (- for standard input), when it can be read: a
// regular file (a FIFO or device is refused before any read, so nothing
// hangs) of UTF-8 text without NUL bytes, as the window also requires.
inline std::optional<std::string> readScriptOrReport(const std::string& path)
{
    std::string error;
    std::optional<std::string> text = lab::readEditableScriptFile(path, error);
    if (!text) std::fprintf(stderr, "%s\n", error.c_str());
    return text;
}

// The same, and refused with every static error (FILE:LINE:COL) when the
// script could not run: for subcommands that show a script rather than run it.
inline std::optional<std::string> readRunnableScriptOrReport(const std::string& path)
{
    std::optional<std::string> text = readScriptOrReport(path);
    if (!text) return text;
    if (const lab::ParseResult parsed = lab::parseScript(*text); !parsed.ok()) {
        for (const lab::Diagnostic& d : parsed.errors)
            std::fprintf(stderr, "%s\n", lab::formatDiagnostic(lab::displayName(path), d).c_str());
        return std::nullopt;
    }
    return text;
}

struct WindowSize {
    int width = 0;
    int height = 0;
};

// --size WIDTHxHEIGHT, from 320x200 to 8192x8192.
inline std::optional<WindowSize> windowSizeOrReport(const std::string& who, const std::string& text)
{
    WindowSize size;
    char x = 0;
    char rest = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &size.width, &x, &size.height, &rest) == 3 && (x == 'x' || x == 'X') &&
        size.width >= 320 && size.height >= 200 && size.width <= 8192 && size.height <= 8192)
        return size;
    std::fprintf(stderr, lab::tr("%s: --size must be WIDTHxHEIGHT, from 320x200 to 8192x8192 (got '%s')\n"), who.c_str(),
                 text.c_str());
    return std::nullopt;
}

// --step N, written as scripts write numbers; SIZE_MAX when not `given`.
inline std::optional<std::size_t> stepOrReport(const std::string& who, const std::string& text, bool given)
{
    if (!given) return SIZE_MAX;
    const lab::fields::Checked n = lab::fields::number(text);
    if (n.error) {
        std::fprintf(stderr, lab::tr("%s: --step is a number of steps, 0 or more (got '%s': %s)\n"), who.c_str(), text.c_str(),
                     n.error->c_str());
        return std::nullopt;
    }
    return static_cast<std::size_t>(n.value);
}

} // namespace cli
