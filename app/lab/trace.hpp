// Trace lines (JSON Lines, docs/script.md, "Trace"): one object per
// executed operation, then one for the final deinit.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "lab/session.hpp"

namespace lab {

// The record as the spec's JSON object (keys in the spec's order).
nlohmann::ordered_json traceJson(const OpRecord& record);

// Appends the record's trace line, newline included.
void appendTraceLine(std::string& out, const OpRecord& record);

} // namespace lab
