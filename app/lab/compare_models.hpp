// The two arenas side by side: one script run on the classic arena (Zig
// 0.11 to 0.15) and on Zig 0.16's, aligned by operation, with the numbers
// where they differ and a sentence saying why. Both runs are real arenas;
// the script's `expect` lines, written for one model, are left out of both
// runs (the comparison is of the operations). Headless: `arenalab compare
// --models` prints it, the window's compare view and `shot --models` draw it.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lab/history.hpp"
#include "lab/script.hpp"
#include "lab/session.hpp"

namespace lab {

inline constexpr std::array<Model, 2> compared_models{Model::zig_0_15, Model::zig_0_16};

// One operation on both arenas.
struct ModelRow {
    std::size_t line = 0;
    std::string statement;
    std::array<OpRecord, 2> records; // by compared_models
    // The numbers that differ, each "what: classic | zig-0.16" in words.
    std::vector<std::string> differences;
    std::string why; // empty when the two did the same
};

struct ModelComparison {
    std::vector<ModelRow> rows;
    std::array<std::string, 2> stopped; // why a run stopped early, per model (empty: it ran to the end)
    // Every step of each run (by compared_models), so the window can draw
    // each arena's whole picture after any operation (pictureAfter).
    std::array<std::shared_ptr<const History>, 2> histories;
};

// The picture of model `m` (an index into compared_models) after row `op`:
// what the arena view would show there. After the final deinit, an empty one.
Picture pictureAfter(const ModelComparison& comparison, std::size_t m, std::size_t op);

ModelComparison compareModels(const Script& script);

// The comparison as text for a terminal (`arenalab compare --models`).
std::string compareModelsText(const ModelComparison& comparison, std::string_view file_name);

// "alloc 212", "resize 212 -> 528: no", ... the child's calls of a record, for a person.
std::string childAskedText(const OpRecord& record);
// "212 (end_index 100), 177" for zig-0.16; "177, 51" for the classic arena: used_list/buffer list lengths.
std::string nodesText(const OpRecord& record);

} // namespace lab
