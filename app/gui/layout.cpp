#include "gui/layout.hpp"

#include <algorithm>
#include <cmath>

namespace gui {

namespace {

// Panels this short (a window under about 700 pixels high) share the
// height differently (layoutPanels).
constexpr float short_panels_h = 640.0f;

float leftWidth(float width) { return std::round(std::clamp(width * 0.22f, std::min(260.0f, width * 0.3f), width * 0.3f)); }
float rightWidth(float width) { return std::round(std::clamp(width * 0.25f, std::min(280.0f, width * 0.3f), width * 0.32f)); }
float presentationControlsWidth(float width)
{
    return std::round(std::clamp(width * 0.26f, std::min(340.0f, width * 0.4f), width * 0.4f));
}

// The Step panel's height: what its text asks for, between a floor and
// what leaves the arena view `arena_min`.
float stepHeight(float wanted, float height, float available, float default_share, float arena_min)
{
    const float most = std::max(available - arena_min, 0.0f);
    if (wanted <= 0) return std::min(std::round(height * default_share), most);
    return std::min(std::ceil(wanted), most);
}

} // namespace

float stepPanelWidth(float width, bool presentation, bool controls_open, bool narrow)
{
    if (presentation) return controls_open ? width - presentationControlsWidth(width) : width;
    return width - leftWidth(width) - (narrow ? 0.0f : rightWidth(width));
}

float stepPanelWidth(const LayoutRequest& r)
{
    if (r.embed) return r.width;
    return stepPanelWidth(r.width, r.presentation, r.controls_open, r.narrow && !r.presentation);
}

float minArenaHeight(const LayoutRequest& r)
{
    const float height = std::max(r.bottom, r.top + 100.0f) - r.top;
    const float share = height * minArenaShare(r);
    if (r.presentation || r.embed) return share;
    return std::max(share, std::min(r.font_px * min_arena_lines, height * 0.6f));
}

PanelLayout layoutPanels(const LayoutRequest& r)
{
    const float top = r.top;
    const float bottom = std::max(r.bottom, top + 100.0f);
    const float height = bottom - top;
    const float width = r.width;
    const auto split = [](float y, float h, float fraction) { return std::round(y + h * fraction); };
    PanelLayout out;

    if (r.presentation || r.embed) {
        // For a projector: the arena view, the numbers, the lesson's text
        // and the step controls; the Controls only when asked for. For an
        // <iframe> (embed): the same without the Controls ever.
        const bool controls = r.controls_open && !r.embed;
        const float left = controls ? presentationControlsWidth(width) : 0.0f;
        if (controls) out.controls = PanelRect{0, top, left, height};
        const float w = width - left;
        const float numbers_h = std::ceil(r.numbers_h);
        const float extra_h = std::ceil(r.extra_h);
        const float step_h = stepHeight(r.step_h, height, height - numbers_h - extra_h, r.embed ? 0.35f : 0.4f, minArenaHeight(r));
        const float step_y = bottom - extra_h - step_h;
        const float numbers_y = step_y - numbers_h;
        out.arena = {left, top, w, numbers_y - top};
        if (numbers_h > 0) out.numbers = PanelRect{left, numbers_y, w, numbers_h};
        out.step = {left, step_y, w, step_h};
        if (extra_h > 0) out.extra = PanelRect{left, bottom - extra_h, w, extra_h};
        return out;
    }

    const float left_w = leftWidth(width);
    const float right_w = r.narrow ? 0.0f : rightWidth(width);
    const float centre_w = width - left_w - right_w;

    // A short window (a small laptop's 600 pixels): the Controls keep room
    // for their open section, and the Child allocator for a few calls.
    const bool short_window = height < short_panels_h;
    // Left: Controls over Script.
    const float controls_end = split(top, height, short_window ? 0.62f : 0.58f);
    out.controls = PanelRect{0, top, left_w, controls_end - top};
    out.script = PanelRect{0, controls_end, left_w, bottom - controls_end};

    // Centre: the arena over the Step panel (sized to its text) and the
    // extra region.
    const float extra_h = std::ceil(r.extra_h);
    const float step_h = stepHeight(r.step_h, height, height - extra_h, 0.36f, minArenaHeight(r));
    const float step_y = bottom - extra_h - step_h;
    out.arena = {left_w, top, centre_w, step_y - top};
    out.step = {left_w, step_y, centre_w, step_h};
    if (extra_h > 0) out.extra = PanelRect{left_w, bottom - extra_h, centre_w, extra_h};

    // Right: Source, Child log, Stats (none below the minimum window).
    if (r.narrow) return out;
    const float x = left_w + centre_w;
    const float source_end = split(top, height, short_window ? 0.34f : 0.40f);
    const float log_end = split(top, height, short_window ? 0.68f : 0.64f);
    out.source = PanelRect{x, top, right_w, source_end - top};
    out.child_log = PanelRect{x, source_end, right_w, log_end - source_end};
    out.stats = PanelRect{x, log_end, right_w, bottom - log_end};
    return out;
}

PanelLayout layoutPanels(float top, float bottom, float width, bool presentation)
{
    LayoutRequest r;
    r.top = top;
    r.bottom = bottom;
    r.width = width;
    r.presentation = presentation;
    r.controls_open = !presentation;
    return layoutPanels(r);
}

} // namespace gui
