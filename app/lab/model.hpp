// Which arena a script runs on: the classic `std.heap.ArenaAllocator` that
// Zig 0.11 to 0.15 shipped (arena/arena_allocator.hpp), or Zig 0.16's
// lock-free one (arena/arena_allocator_016.hpp). A script chooses with its
// `model` statement; the command line's `--model` chooses for a script
// without one. docs/script.md says what each changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lab {

enum class Model : std::uint8_t { zig_0_15, zig_0_16 };

inline constexpr Model default_model = Model::zig_0_15;

constexpr std::string_view modelName(Model model)
{
    return model == Model::zig_0_16 ? "zig-0.16" : "zig-0.15";
}

constexpr std::optional<Model> parseModel(std::string_view word)
{
    if (word == "zig-0.15") return Model::zig_0_15;
    if (word == "zig-0.16") return Model::zig_0_16;
    return std::nullopt;
}

// The header at the start of each of the model's buffers, in bytes.
constexpr std::size_t modelHeaderBytes(Model model) { return model == Model::zig_0_16 ? 24 : 16; }

} // namespace lab
