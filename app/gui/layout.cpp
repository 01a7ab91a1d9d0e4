#include "gui/layout.hpp"

#include <algorithm>
#include <cmath>

namespace gui {

PanelLayout layoutPanels(float top, float bottom, float width, bool presentation)
{
    const float height = std::max(bottom - top, 100.0f);
    const auto split = [](float y, float h, float fraction) { return std::round(y + h * fraction); };
    PanelLayout out;

    if (presentation) {
        // For a projector: the controls, the arena view, and the explanation.
        const float controls_w = std::round(std::clamp(width * 0.24f, std::min(300.0f, width * 0.35f), width * 0.35f));
        const float arena_end = split(top, height, 0.6f);
        out.controls = {0, top, controls_w, height};
        out.arena = {controls_w, top, width - controls_w, arena_end - top};
        out.step = {controls_w, arena_end, width - controls_w, bottom - arena_end};
        return out;
    }

    const float left_w = std::round(std::clamp(width * 0.22f, std::min(260.0f, width * 0.3f), width * 0.3f));
    const float right_w = std::round(std::clamp(width * 0.25f, std::min(280.0f, width * 0.3f), width * 0.32f));
    const float centre_w = width - left_w - right_w;

    // Left: Controls over Script.
    const float controls_end = split(top, height, 0.52f);
    out.controls = {0, top, left_w, controls_end - top};
    out.script = PanelRect{0, controls_end, left_w, bottom - controls_end};

    // Centre: the arena over the Step panel.
    const float arena_end = split(top, height, 0.64f);
    out.arena = {left_w, top, centre_w, arena_end - top};
    out.step = {left_w, arena_end, centre_w, bottom - arena_end};

    // Right: Source, Child log, Stats.
    const float x = left_w + centre_w;
    const float source_end = split(top, height, 0.46f);
    const float log_end = split(top, height, 0.74f);
    out.source = PanelRect{x, top, right_w, source_end - top};
    out.child_log = PanelRect{x, source_end, right_w, log_end - source_end};
    out.stats = PanelRect{x, log_end, right_w, bottom - log_end};
    return out;
}

} // namespace gui
