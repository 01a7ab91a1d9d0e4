// The arena layout alone: a pure function from a picture to rectangles and
// labels, checked without any window.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "gui/arena_layout.hpp"
#include "lab/lab.hpp"

using gui::Instance;
using gui::Part;

namespace {

// (A Lab is neither copied nor moved: its recorder points into it.)
void load(lab::Lab& lab, const std::string& script) { REQUIRE(lab.load(script, "test.arena")); }

gui::ArenaLayout layout(const lab::Lab& lab, gui::Camera camera = {}, float w = 900, float h = 500)
{
    return gui::layoutArena(lab.picture(), w, h, camera, gui::LayoutMetrics{16.0f, 9.0f}, lab.history().names());
}

} // namespace

TEST_CASE("layout: buffers newest first, each bar from byte 0, one scale for all")
{
    lab::Lab lab;
    load(lab, "child resize=never\na = alloc 10\nb = alloc 20 align=16\nc = alloc 40\n");
    const gui::ArenaLayout l = layout(lab);
    const lab::Picture& pic = lab.picture();
    REQUIRE(pic.nodes.size() == 2);
    // At zoom 1 the longest buffer fills the width right of the gutter.
    CHECK(l.bar_width == doctest::Approx(900 - l.bar_left - 16).epsilon(0.01));
    for (int i = 0; i < 2; ++i) {
        const Instance* header = l.find(Part::header, i);
        REQUIRE(header != nullptr);
        CHECK(header->rect.x == doctest::Approx(l.bar_left));
        CHECK(header->rect.w == doctest::Approx(16 * l.px_per_byte));
    }
    CHECK(l.find(Part::header, 0)->rect.y < l.find(Part::header, 1)->rect.y);
    // One `next` arrow head between the rows, one from buffer_list.
    const auto heads = std::count_if(l.instances.begin(), l.instances.end(),
                                     [](const Instance& in) { return in.pattern == gui::Pattern::arrow_head && in.part == Part::arrow; });
    CHECK(heads == 2);
    // The marker sits at 16 + end_index of the newest buffer.
    const Instance* marker = l.find(Part::end_index);
    REQUIRE(marker != nullptr);
    CHECK(marker->rect.cx() == doctest::Approx(l.xOfByte(16 + pic.end_index)));
    // The handle names label their bytes.
    for (const std::string name : {"a", "b", "c"})
        CHECK(std::any_of(l.labels.begin(), l.labels.end(), [&](const gui::Label& lb) { return lb.text == name; }));
    const bool end_label = std::any_of(l.labels.begin(), l.labels.end(), [&](const gui::Label& lb) {
        return lb.text == "end_index = " + std::to_string(pic.end_index);
    });
    CHECK(end_label);
}

TEST_CASE("layout: labels never overlap, and each fits inside its rectangle")
{
    lab::Lab lab;
    load(lab, "child resize=never\na = alloc 10\nb = alloc 20 align=16\nc = alloc 40\nx = alloc 3\ny = alloc 1 align=8\n");
    for (const float zoom : {0.5f, 1.0f, 3.0f, 12.0f}) {
        CAPTURE(zoom);
        const gui::ArenaLayout l = layout(lab, {zoom, 0, 0});
        const float f = l.metrics.font_px;
        for (std::size_t i = 0; i < l.labels.size(); ++i) {
            const gui::Label& a = l.labels[i];
            const float aw = static_cast<float>(a.text.size()) * l.metrics.char_w;
            if (a.instance >= 0) {
                const gui::Rect& r = l.instances[static_cast<std::size_t>(a.instance)].rect;
                // Labels inside bars (not the gutter's, nor end_index's below the bar).
                if (r.h > 2 * f && a.x >= l.bar_left && a.y >= r.y && a.y < r.y + r.h) {
                    CHECK(a.x >= r.x);
                    CHECK(a.x + aw <= r.x + r.w + 0.5f);
                }
            }
            for (std::size_t j = i + 1; j < l.labels.size(); ++j) {
                const gui::Label& b = l.labels[j];
                const float bw = static_cast<float>(b.text.size()) * l.metrics.char_w;
                const bool overlap = a.x < b.x + bw && b.x < a.x + aw && a.y < b.y + f && b.y < a.y + f;
                CHECK_MESSAGE(!overlap, "'" << a.text << "' overlaps '" << b.text << "'");
            }
        }
    }
}

TEST_CASE("layout: allocations narrower than a pixel are gathered, so the instance count stays small")
{
    lab::Lab lab;
    load(lab, "child resize=always\nrepeat 20000 alloc 1\n");
    const gui::ArenaLayout l = layout(lab);
    std::size_t segments = 0;
    for (const auto& n : lab.picture().nodes) segments += n.segments.size();
    CHECK(segments >= 20000);
    CHECK(l.instances.size() < 3000); // about one per pixel column at most
    CHECK(l.find(Part::aggregate) != nullptr);
}

TEST_CASE("layout: zooming keeps the byte under the anchor; the camera stays in bounds")
{
    lab::Lab lab;
    load(lab, "a = alloc 100\n");
    const gui::LayoutMetrics m{16.0f, 9.0f};
    const gui::Camera start{};
    const gui::ArenaLayout before = gui::layoutArena(lab.picture(), 900, 500, start, m, lab.history().names());
    const float anchor = 400;
    const double byte = (anchor - before.origin_x) / before.px_per_byte;
    const gui::Camera zoomed = gui::zoomAbout(start, 2.0f, anchor, m);
    const gui::ArenaLayout after = gui::layoutArena(lab.picture(), 900, 500, zoomed, m, lab.history().names());
    CHECK(after.xOfByte(0) + byte * after.px_per_byte == doctest::Approx(anchor));

    const gui::Camera wild = gui::clampCamera({1e9f, -1e6f, 1e6f}, lab.picture(), 900, 500, m);
    const gui::ArenaLayout clamped = gui::layoutArena(lab.picture(), 900, 500, wild, m, lab.history().names());
    CHECK(clamped.px_per_byte <= 240.01);
    CHECK(wild.pan_x >= -(900.0f));
    CHECK(wild.pan_y <= 500.0f);
    CHECK(gui::clampCamera({0.01f, 0, 0}, lab.picture(), 900, 500, m).zoom == doctest::Approx(0.5f));
}

TEST_CASE("layout: an empty arena says buffer_list is null")
{
    lab::Lab lab;
    const gui::ArenaLayout l = layout(lab);
    CHECK(l.find(Part::header) == nullptr);
    const bool says_null = std::any_of(l.labels.begin(), l.labels.end(),
                                       [](const gui::Label& lb) { return lb.text.find("null") != std::string::npos; });
    CHECK(says_null);
}

TEST_CASE("formatBytes")
{
    CHECK(gui::formatBytes(0) == "0 B");
    CHECK(gui::formatBytes(9999) == "9999 B");
    CHECK(gui::formatBytes(10240) == "10.0 KiB");
    CHECK(gui::formatBytes(std::size_t{3} << 20) == "3072.0 KiB");
    CHECK(gui::formatBytes(std::size_t{12} << 20) == "12.0 MiB");
}
