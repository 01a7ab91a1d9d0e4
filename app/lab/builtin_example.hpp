// The example every new user sees first (assets/examples/hello.arena,
// embedded at build time so the program needs no files beside it).
#pragma once

#include <string_view>

namespace lab {

extern const std::string_view builtin_example_name;
extern const std::string_view builtin_example;

} // namespace lab
