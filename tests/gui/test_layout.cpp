// The arena layout alone: a pure function from a picture to rectangles and
// labels, checked without any window.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "gui/arena_layout.hpp"
#include "lab/numbers.hpp"
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
        return lb.text == "end_index = " + lab::grouped(pic.end_index);
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

TEST_CASE("layout: the ruler's labels stay apart when they are long (millions of bytes)")
{
    // The ticks were at least eight characters apart, and "1,000,000" is
    // nine: at some zooms two labels ran into each other.
    lab::Lab lab;
    load(lab, "a = alloc 1500000\nb = alloc 600000\n");
    for (float zoom = 1.0f; zoom < 2.0f; zoom += 0.05f) {
        CAPTURE(zoom);
        const gui::ArenaLayout l = layout(lab, {zoom, 0, 0});
        std::vector<const gui::Label*> ruler; // the tick labels, left to right, on the ruler's line
        for (const gui::Label& lb : l.labels)
            if (lb.y < l.content_top && !lb.text.empty() && std::isdigit(static_cast<unsigned char>(lb.text[0])))
                ruler.push_back(&lb);
        REQUIRE(ruler.size() >= 2);
        for (std::size_t i = 1; i < ruler.size(); ++i) {
            const float left_end = ruler[i - 1]->x + static_cast<float>(ruler[i - 1]->text.size()) * l.metrics.char_w;
            CHECK_MESSAGE(left_end + l.metrics.char_w <= ruler[i]->x, "'" << ruler[i - 1]->text << "' runs into '" << ruler[i]->text << "'");
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

TEST_CASE("the picture's size labels: lab::bytesShort")
{
    CHECK(lab::bytesShort(0) == "0 B");
    CHECK(lab::bytesShort(9999) == "9,999 B");
    CHECK(lab::bytesShort(10240) == "10,240 B");
    CHECK(lab::bytesShort(999999) == "999,999 B");
    CHECK(lab::bytesShort(std::size_t{3} << 20) == "3072.0 KiB");
    CHECK(lab::bytesShort(std::size_t{12} << 20) == "12.0 MiB");
}

// ---- 100,000 allocations in 1,000 buffers: culling and aggregation ----------

namespace {

// A picture the arena itself could not make (its buffers grow 1.5 times
// each, so 1,000 of them would not fit in memory), built by hand: 1,000
// buffers of 100 live allocations each, some with padding before them, a
// free tail, and one long buffer that sets the scale so the others' bytes
// are narrower than a pixel at zoom 1.
lab::Picture bigPicture()
{
    lab::Picture pic;
    pic.nodes.resize(1000);
    std::uint32_t op = 0;
    for (std::size_t i = 0; i < pic.nodes.size(); ++i) {
        lab::PictureNode& node = pic.nodes[i];
        node.buf = 999 - i;
        std::size_t pos = lab::header_bytes;
        for (std::size_t j = 0; j < 100; ++j) {
            if (j % 3 == 1) {
                node.segments.push_back({lab::SegmentKind::padding, pos, pos + 1 + j % 7, op, lab::no_name, 1});
                pos = node.segments.back().end;
            }
            const std::size_t len = 1 + (i * 7 + j * 13) % 50;
            node.segments.push_back({lab::SegmentKind::live, pos, pos + len, op++, static_cast<std::uint32_t>(j % 4), 8});
            pos += len;
        }
        node.len = i == 500 ? 1'000'000 : pos + pos / 10;
    }
    pic.end_index = pic.nodes.front().segments.back().end - lab::header_bytes;
    return pic;
}

struct Checked {
    std::size_t rows = 0;       // rows with rectangles
    std::size_t aggregates = 0; // aggregate rectangles
};

// The drawn rectangles of each row (header, segments, aggregates, tail)
// cover its bytes in view without a gap, and each aggregate covers exactly
// a run of whole segments, each narrower than a pixel.
Checked checkRows(const lab::Picture& pic, const gui::ArenaLayout& l, float view_w, float view_h)
{
    Checked out;
    const double lo = std::max(0.0, (l.bar_left - l.origin_x) / l.px_per_byte);
    const double hi = (view_w - l.origin_x) / l.px_per_byte;
    std::vector<std::vector<const Instance*>> rows(pic.nodes.size());
    for (const Instance& in : l.instances) {
        if (in.part != Part::header && in.part != Part::segment && in.part != Part::aggregate && in.part != Part::tail) continue;
        REQUIRE(in.node >= 0);
        // Only what is in view is drawn.
        CHECK(in.rect.x >= l.bar_left - 0.01f);
        CHECK(in.rect.x + in.rect.w <= view_w + 0.01f);
        CHECK(in.rect.y >= l.content_top - 0.01f);
        CHECK(in.rect.y + in.rect.h <= view_h + 0.01f);
        rows[static_cast<std::size_t>(in.node)].push_back(&in);
        if (in.part != Part::aggregate) continue;
        ++out.aggregates;
        const auto& segs = pic.nodes[static_cast<std::size_t>(in.node)].segments;
        REQUIRE(in.segment >= 0);
        REQUIRE(in.segment_end > in.segment);
        REQUIRE(static_cast<std::size_t>(in.segment_end) <= segs.size());
        const auto first = static_cast<std::size_t>(in.segment);
        const auto last = static_cast<std::size_t>(in.segment_end) - 1;
        CHECK(in.begin == segs[first].begin);
        // It ends with its last segment, or with the free tail after it.
        const bool ends_with_tail = last + 1 == segs.size() && in.end == pic.nodes[static_cast<std::size_t>(in.node)].len;
        CHECK((in.end == segs[last].end || ends_with_tail));
        for (std::size_t k = first; k <= last; ++k) {
            CHECK(static_cast<double>(segs[k].len()) * l.px_per_byte < 1.0);
            if (k > first) CHECK(segs[k].begin == segs[k - 1].end);
        }
        CHECK(in.rect.w >= 1.0f - 1e-3f);
    }
    for (std::size_t n = 0; n < rows.size(); ++n) {
        auto& row = rows[n];
        if (row.empty()) continue;
        ++out.rows;
        CAPTURE(n);
        std::sort(row.begin(), row.end(), [](const Instance* a, const Instance* b) { return a->begin < b->begin; });
        const double want_end = std::min(static_cast<double>(pic.nodes[n].len), hi);
        CHECK(static_cast<double>(row.front()->begin) <= std::max(lo, 0.0) + 1.0);
        std::size_t covered = row.front()->end;
        for (std::size_t k = 1; k < row.size(); ++k) {
            CHECK(row[k]->begin <= covered); // no gap
            covered = std::max(covered, row[k]->end);
        }
        CHECK(static_cast<double>(covered) >= want_end - 1.0);
    }
    return out;
}

} // namespace

TEST_CASE("layout: 100,000 allocations in 1,000 buffers give rectangles only for what is in view")
{
    const lab::Picture pic = bigPicture();
    const gui::LayoutMetrics m{16.0f, 9.0f};
    const float w = 1000, h = 700;
    const float row_pitch = 2.9f * m.font_px; // a bar and the gap below it (2.95 lines, arena_layout.cpp)
    const std::size_t max_rows = static_cast<std::size_t>(std::ceil(h / row_pitch)) + 1;
    const float bar_px = w; // at most this many pixel columns in a row

    struct View {
        gui::Camera camera;
        bool expect_aggregates;
    };
    const gui::ArenaLayout fit = gui::layoutArena(pic, w, h, {}, m, {});
    const float middle_y = fit.content_height / 2;
    const View views[] = {
        {{1.0f, 0, 0}, true},                    // the top rows, everything narrower than a pixel
        {{1.0f, 0, middle_y}, true},             // the middle rows (the long buffer's among them)
        {{1.0f, 0, fit.content_height - h}, true}, // the bottom rows
        {{60.0f, 0, middle_y}, true},            // some allocations a few pixels wide, some not
        {{3000.0f, 2000, middle_y}, false},      // bytes pixels wide: nothing to gather
    };
    for (const View& v : views) {
        CAPTURE(v.camera.zoom);
        CAPTURE(v.camera.pan_x);
        CAPTURE(v.camera.pan_y);
        const gui::ArenaLayout l = gui::layoutArena(pic, w, h, v.camera, m, {});
        const Checked c = checkRows(pic, l, w, h);
        CHECK(c.rows >= 1);
        CHECK(c.rows <= max_rows); // rows out of view make nothing
        CHECK(l.instances.size() <= c.rows * static_cast<std::size_t>(2 * bar_px) + 50);
        CHECK((c.aggregates > 0) == v.expect_aggregates);
        // Labels too: a rectangle holds at most two lines, and only when a
        // line fits in it, so a row in view has at most two per character width.
        CHECK(l.labels.size() <= c.rows * static_cast<std::size_t>(2 * w / m.char_w) + 60);
    }
}

TEST_CASE("layout: a gathered rectangle takes the colour of its longest piece and spans its bytes to scale")
{
    lab::Picture pic;
    pic.nodes.resize(1);
    lab::PictureNode& node = pic.nodes[0];
    node.len = 100'000;
    std::size_t pos = lab::header_bytes;
    for (std::uint32_t j = 0; j < 10; ++j) {
        const std::size_t len = j == 6 ? 30 : 5; // the seventh is the longest
        node.segments.push_back({lab::SegmentKind::live, pos, pos + len, j, j, 1});
        pos += len;
    }
    pic.end_index = pos - lab::header_bytes;
    const gui::ArenaLayout l = gui::layoutArena(pic, 1000, 400, {}, gui::LayoutMetrics{16.0f, 9.0f}, {});
    REQUIRE(l.px_per_byte * 30 < 1.0); // every piece is narrower than a pixel
    const Instance* agg = l.find(Part::aggregate, 0);
    REQUIRE(agg != nullptr);
    CHECK(agg->begin == lab::header_bytes);
    CHECK(agg->colour == gui::allocationColour(6));
    CHECK(agg->rect.x == doctest::Approx(l.xOfByte(agg->begin)).epsilon(1e-4));
    CHECK(agg->rect.w == doctest::Approx(std::max(1.0, static_cast<double>(agg->end - agg->begin) * l.px_per_byte)).epsilon(1e-4));
}

TEST_CASE("layout: a run of sub-pixel pieces of one colour is one rectangle, and it still covers exactly its segments")
{
    lab::Picture pic;
    pic.nodes.resize(1);
    lab::PictureNode& node = pic.nodes[0];
    std::size_t pos = lab::header_bytes;
    for (std::uint32_t j = 0; j < 100'000; ++j) { // unnamed: all one colour
        node.segments.push_back({lab::SegmentKind::live, pos, pos + 3, j, lab::no_name, 1});
        pos += 3;
    }
    node.len = pos;
    pic.end_index = pos - lab::header_bytes;
    const float w = 1000, h = 400;
    const gui::ArenaLayout l = gui::layoutArena(pic, w, h, {}, gui::LayoutMetrics{16.0f, 9.0f}, {});
    const Checked c = checkRows(pic, l, w, h);
    CHECK(c.rows == 1);
    CHECK(c.aggregates == 1);
    const Instance* agg = l.find(Part::aggregate, 0);
    REQUIRE(agg != nullptr);
    CHECK(agg->pattern == gui::Pattern::flat); // no darker edge: it looks like its pixel columns
    CHECK(agg->segment == 0);
    CHECK(agg->segment_end == 100'000);
    CHECK(agg->begin == lab::header_bytes);
    CHECK(agg->end == pos);
}

TEST_CASE("layout: buffers below or above the view are announced, never hidden in silence")
{
    lab::Lab lab;
    load(lab, "child resize=never\na = alloc 10\nb = alloc 100\nc = alloc 1000\nd = alloc 10000\n");
    REQUIRE(lab.picture().nodes.size() >= 4);
    const auto says = [](const gui::ArenaLayout& l, const std::string& what) {
        return std::any_of(l.labels.begin(), l.labels.end(), [&](const gui::Label& lb) { return lb.text.find(what) != std::string::npos; });
    };
    // Tall enough: nothing to say.
    const gui::ArenaLayout all = layout(lab, {}, 900, 2000);
    CHECK(all.rows_below == 0);
    CHECK_FALSE(says(all, "more buffer"));
    // Short: the rows that do not fit are counted and said.
    const gui::ArenaLayout some = layout(lab, {}, 900, 150);
    CHECK(some.rows_below >= 2);
    CHECK(says(some, std::to_string(some.rows_below) + " more buffers below"));
    // Panned down: the ones above are said too.
    const gui::ArenaLayout panned = layout(lab, {1.0f, 0.0f, 200.0f}, 900, 150);
    CHECK(panned.rows_above >= 1);
    CHECK(says(panned, "above"));
}
