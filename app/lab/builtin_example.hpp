// The example every new user sees first (assets/examples/hello.arena,
// embedded at build time so the program needs no files beside it).
#pragma once

#include <string_view>

namespace lab {

inline constexpr std::string_view builtin_example_name = "hello.arena";
extern const std::string_view builtin_example; // the file's bytes

} // namespace lab
