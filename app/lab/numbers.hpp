// The one number formatter: every number a person reads (the window, its
// tooltips, predict's questions and reveals, the compare view, the
// explanations, the command line's human text) goes through here, so they
// all read "1,048". Machine-read output (trace JSON, the doctest export,
// script text, file:line:col positions) prints plain digits instead.
#pragma once

#include <cstdint>
#include <string>

namespace lab {

// Thousands grouped with commas: 1048576 -> "1,048,576".
std::string grouped(std::uint64_t n);

// A count of bytes: "1 byte", "1,048 bytes", and from 10 KiB on the
// binary unit too: "12,288 bytes (12.0 KiB)".
std::string bytes(std::uint64_t n);

// An exact count of bytes, short: "0 B", "1,000 B", "38,571 B" (the child's
// calls, the buffers' lengths in `arenalab compare` and `trace --check`).
std::string bytesExact(std::uint64_t n);

// In binary units, one decimal: 12288 -> "12.0 KiB", 1572864 -> "1.5 MiB"
// (KiB up to TiB; below 1 KiB still "0.5 KiB").
std::string binaryUnits(std::uint64_t n);

// A size short enough for a label in the picture: exact below a million
// bytes (bytesExact: "999,999 B"), then one decimal: "3072.0 KiB", "12.0 MiB", "1.5 GiB".
std::string bytesShort(std::uint64_t n);

} // namespace lab
