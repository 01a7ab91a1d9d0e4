// Plain-language explanations of the arena's internal steps, with the
// actual numbers: what the GUI's explanation panel and the headless demo
// say for each Step.
#pragma once

#include <cstdint>
#include <string>

#include "arena/step.hpp"

namespace lab {

std::string explainStep(const arena::Step& step);

} // namespace lab
