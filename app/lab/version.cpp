#include "lab/version.hpp"

namespace lab {

std::string_view version() { return ARENALAB_VERSION; }

} // namespace lab
