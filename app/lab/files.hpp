// Writing files so that nothing is ever half-written: a temporary file
// beside the target, flushed to disk, then renamed over it.
#pragma once

#include <string>
#include <string_view>

namespace lab {

// Returns false and sets `error` (a message a person can act on) on failure;
// the target is then untouched.
bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error);

} // namespace lab
