#include "lab/numbers.hpp"

#include "lab/i18n.hpp"

#include <fmt/core.h>

#include <array>

namespace lab {

std::string grouped(std::uint64_t n)
{
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string bytes(std::uint64_t n)
{
    std::string out = n == 1 ? trf("{} byte", grouped(n)) : trf("{} bytes", grouped(n));
    if (n < 10240) return out;
    return out + " (" + binaryUnits(n) + ")";
}

std::string bytesExact(std::uint64_t n)
{
    return grouped(n) + " B";
}

std::string binaryUnits(std::uint64_t n)
{
    constexpr std::array<const char*, 4> units{"KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n) / 1024.0;
    std::size_t u = 0;
    while (v >= 1024.0 && u + 1 < units.size()) {
        v /= 1024.0;
        ++u;
    }
    return fmt::format("{:.1f} {}", v, units[u]);
}

std::string bytesShort(std::uint64_t n)
{
    if (n < 1000000) return bytesExact(n);
    const double v = static_cast<double>(n);
    if (n < (std::uint64_t{10} << 20)) return fmt::format("{:.1f} KiB", v / 1024.0);
    if (n < (std::uint64_t{10} << 30)) return fmt::format("{:.1f} MiB", v / (1024.0 * 1024.0));
    return fmt::format("{:.1f} GiB", v / (1024.0 * 1024.0 * 1024.0));
}

} // namespace lab
