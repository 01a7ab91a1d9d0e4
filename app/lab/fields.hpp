// What a person may type into the window's fields, checked without a
// window: every number field of the Controls panel goes through one of
// these, so the rules (and their messages) can be tested on any input.
// A refusal says what is wrong in plain words; nothing is ever clamped
// or guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "arena/instrumented_child.hpp"
#include "lab/script.hpp"

namespace lab::fields {

struct Checked {
    std::uint64_t value = 0;
    std::optional<std::string> error; // set: refused, and why
    bool ok() const { return !error; }
};

using lab::max_len; // a length a person may ask for (script.hpp): 2^40 (2^27 in the browser)
using lab::max_len_words;
inline constexpr std::uint64_t max_child_limit = arena::ChildConfig::max_limit; // 2^32

// A number as scripts write them: decimal (leading zeros allowed) or
// lowercase 0x hexadecimal; no sign, no separators. Spaces around it are
// ignored.
Checked number(std::string_view text);
// An alloc's size or a resize's new length: 1 .. 2^40. `what` names it in
// the message ("the size").
Checked length(std::string_view text, std::string_view what);
// reset retain_with_limit's limit: 0 .. 2^40.
Checked resetLimit(std::string_view text);
// The child's page size: a power of two from 8 to 1 MiB.
Checked childPage(std::string_view text);
// The child's address offset: a multiple of 8 below 4096.
Checked childOffset(std::string_view text);
// The child's limit: 0 .. 2^32 bytes.
Checked childLimit(std::string_view text);
// A handle name: [A-Za-z_][A-Za-z0-9_]*, not a keyword. Why not, if not.
std::optional<std::string> nameError(std::string_view name);

} // namespace lab::fields
