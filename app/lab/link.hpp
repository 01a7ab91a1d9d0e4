// Links that open a state of the window: the part of a URL after '#'.
// Headless, so the browser build, the tests and the fuzzers share it.
//
//   #lesson=07-reset-free-all&step=12        a built-in lesson at a step
//   #script=<zlib, base64url>&step=12        a script, compressed
//   ... &present                              presentation mode
//   ... &embed                                only the arena, the
//                                             explanation and the step
//                                             controls (for an <iframe>)
//
// A script link carries the whole script, deflated (zlib, with its
// Adler-32 check, from Debian's stb) and base64url-encoded; a link is at
// most max_link_chars long. The fragment is split at '&' and '=' first,
// then each key and value is percent-decoded, so an encoded "%26" is an
// '&' inside a value, never a separator. A fragment that is malformed (a
// '%' without two hex digits, an encoded control character such as %00),
// tampered with (its check fails), too long, names no lesson, holds a
// script with any error, or a step past the end is refused whole with the
// reason: nothing of it runs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lab {

inline constexpr std::size_t max_link_chars = 8000; // the fragment, '#' included

struct LinkState {
    std::string lesson;      // a lesson's file name without ".arena"; or empty
    std::string script;      // a script link's text (empty for a lesson)
    std::size_t step = 0;    // the cursor (0: before the first step)
    bool has_step = false;   // `step=` was given
    bool present = false;
    bool embed = false;
    friend bool operator==(const LinkState&, const LinkState&) = default;
};

struct LinkParse {
    std::optional<LinkState> state; // none: refused, and `error` says why
    std::string error;
    // The link asked for `&embed` (or `&present`), refused or not: a
    // refused link in an <iframe> keeps the iframe's layout to say why.
    bool embed = false;
    bool present = false;
};

// Parses a fragment (with or without its leading '#'). An empty fragment
// is no link: no state and no error. The script (a lesson's or the link's)
// is parsed too, and must have no error; the step is checked against it
// later, by whoever runs it (checkLinkStep).
LinkParse parseLinkFragment(std::string_view fragment);

// The fragment ('#' first) for a script at a step; none, with a message in
// `error`, when the link would be longer than max_link_chars.
// `embed`: with `&embed` too (the window was in embed mode).
std::optional<std::string> scriptLinkFragment(std::string_view script, std::size_t step, bool present,
                                              std::string& error, bool embed = false);

// The text of the lesson `name` ("07-reset-free-all"), if there is one.
std::optional<std::string_view> lessonText(std::string_view name);

// Whether `step` exists in a run of `steps` steps; else the reason.
std::optional<std::string> checkLinkStep(const LinkState& state, std::size_t steps);

// What the page says of a refused link, `why` being parseLinkFragment's
// or checkLinkStep's reason: "The link was not opened: WHY. This is the
// built-in example." (no second full stop after a reason's '?').
std::string linkRefusedMessage(std::string_view why);

// The bytes `text` percent-encodes (RFC 3986: "%26" is '&'); none when a
// '%' is not followed by two hexadecimal digits.
std::optional<std::string> percentDecode(std::string_view text);

// base64url (RFC 4648, no padding) and zlib deflate/inflate (stb).
std::string base64UrlEncode(std::string_view bytes);
std::optional<std::string> base64UrlDecode(std::string_view text);
std::string zlibCompress(std::string_view bytes);
// None when the stream is malformed, fails its Adler-32 check, or inflates
// to more than `max_size` bytes.
std::optional<std::string> zlibDecompress(std::string_view stream, std::size_t max_size);

} // namespace lab
