// Plain-language explanations of the arena's internal steps, with the
// actual numbers: what the GUI's explanation panel and the headless demo
// say for each Step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"

namespace lab {

std::string explainStep(const arena::Step& step);

// One call the arena made to its child, in a few words: "alloc 1,000 B ->
// buf 2", "alloc 1,000 B: refused", "resize buf 0 from 1,602 B to 2,000 B:
// yes", "free buf 2 (38,571 B)". The demo, `arenalab compare` and the
// window's compare view all say it this way.
std::string describeCall(const arena::ChildCall& call);

// The child's settings as a person reads them, in the Controls panel's
// words, each byte count through lab::bytesShort: {"Resize", "pages"},
// {"Page", "4,096 B"}, {"Offset", "0 B"}, {"Limit", "256.0 MiB"}, the
// names translated. The Child allocator panel shows them as pairs,
// `arenalab compare` on one line (childSettingsText: two spaces between).
// A sentence (predict's context of a question, a quiz's) names only the
// settings in effect, comma-separated (in Chinese with "，"): "Resize
// pages, Page 4,096 B, Offset 8 B" (the page only for resize=pages, the offset only when not 0,
// the limit only when not the default 256 MiB; the policy always).
struct ChildSetting {
    std::string name, value;
};
enum class ChildSettingsForm { all, in_effect };
std::vector<ChildSetting> childSettings(const arena::ChildConfig& config,
                                        ChildSettingsForm form = ChildSettingsForm::all);
std::string childSettingsText(const arena::ChildConfig& config);
std::string childSettingsSentence(const arena::ChildConfig& config);

// An arena's state in one line: "end_index 40, capacity 4,080, 2 nodes
// (newest first: buf 1 = 4,096 B, buf 0 = 96 B)", and for zig-0.16 its
// free nodes too. `trace --check`'s final state and `arenalab compare`'s
// "now" say it this way.
struct ArenaState;
std::string describeState(const ArenaState& state);
// Its buffers alone, newest first, "buf 1 = 4,096 B, buf 0 = 96 B", or
// "none": `arenalab compare`'s buffers after each reset.
std::string buffersText(const ArenaState& state);

} // namespace lab
