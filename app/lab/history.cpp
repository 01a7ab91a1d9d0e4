#include "lab/history.hpp"

#include <algorithm>
#include <type_traits>

namespace lab {

namespace {

// The handle an operation names, if any.
const std::string* nameOf(const Command& command)
{
    return std::visit(
        [](const auto& c) -> const std::string* {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, Alloc>) return c.name ? &*c.name : nullptr;
            if constexpr (std::is_same_v<T, Resize> || std::is_same_v<T, Free>) return &c.name;
            return nullptr;
        },
        command);
}

} // namespace

std::uint32_t History::nameIndex(const std::string& name)
{
    const auto [it, added] = name_index_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
}

void History::beginOp(const Command& command, std::size_t line)
{
    OpEntry op;
    op.command = command;
    op.line = line;
    op.steps_begin = op.steps_end = static_cast<std::uint32_t>(steps_.size());
    if (const std::string* name = nameOf(command)) op.name = nameIndex(*name);
    ops_.push_back(std::move(op));
}

void History::recordStep(const arena::Step& step, std::span<const arena::ChildCall> calls)
{
    const auto op_index = static_cast<std::uint32_t>(ops_.size() - 1);
    StepEntry entry{step, op_index, static_cast<std::uint32_t>(calls_.size()), 0};
    calls_.insert(calls_.end(), calls.begin(), calls.end());
    entry.calls_end = static_cast<std::uint32_t>(calls_.size());
    steps_.push_back(entry);
    ops_.back().steps_end = static_cast<std::uint32_t>(steps_.size());
    live_.apply(step, calls, op_index, ops_.back().name);
    maybeCheckpoint();
}

void History::endOp(bool ok, ArenaState state)
{
    ops_.back().ok = ok;
    ops_.back().state = std::move(state);
}

void History::clear()
{
    ops_.clear();
    steps_.clear();
    calls_.clear();
    names_.clear();
    name_index_.clear();
    checkpoints_.assign(1, Checkpoint{0, {}});
    live_ = Picture{};
}

// A checkpoint costs about as much as replaying its segments' worth of
// steps, so one is taken when the steps since the last outnumber the
// segments: memory stays proportional to the history, and a jump never
// replays more steps than the picture has segments (plus a floor).
void History::maybeCheckpoint()
{
    constexpr std::size_t min_interval = 64;
    const std::size_t since = steps_.size() - checkpoints_.back().position;
    if (since >= std::max(min_interval, live_.segmentCount() + live_.nodes.size()))
        checkpoints_.push_back({steps_.size(), live_});
}

std::size_t History::opAtPosition(std::size_t position) const
{
    if (steps_.empty() || position == 0) return 0;
    return steps_[std::min(position, steps_.size()) - 1].op;
}

Picture History::pictureAt(std::size_t position) const
{
    position = std::min(position, steps_.size());
    if (position == steps_.size()) return live_;
    auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), position,
                               [](std::size_t p, const Checkpoint& c) { return p < c.position; });
    const Checkpoint& from = *std::prev(it); // checkpoints_[0] is at position 0
    Picture picture = from.picture;
    for (std::size_t k = from.position; k < position; ++k) {
        const StepEntry& e = steps_[k];
        picture.apply(e.step, callsOf(e), e.op, ops_[e.op].name);
    }
    return picture;
}

void HistoryRecorder::step(const arena::Step& step)
{
    const auto& calls = child_.calls();
    const std::size_t from = std::min(seen_calls_, calls.size());
    history_.recordStep(step, std::span(calls).subspan(from));
    seen_calls_ = calls.size();
}

} // namespace lab
