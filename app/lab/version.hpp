// The program's version: set once, in the top-level CMakeLists.txt's project().
#pragma once

#include <string_view>

namespace lab {

std::string_view version();

} // namespace lab
