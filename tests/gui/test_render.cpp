// The arena view as rendered: the real App on a hidden window under Xvfb,
// driven through lab::Lab the way the Controls panel's buttons drive it,
// rendered through the same offscreen path as `arenalab shot`, and checked
// by the colours found where the layout says the header, the padding, the
// allocations and the end_index marker are, at every step of every reset
// mode.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>

#include <unistd.h>

#include "gui/fonts.hpp"
#include "gui/renderer.hpp"
#include "gui/widgets.hpp"
#include "lab/command.hpp"
#include "lab/compare_models.hpp"
#include "lab/lessons.hpp"
#include "lab/numbers.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;
using gui::Instance;
using gui::Part;
namespace palette = gui::palette;

namespace {

// Two buffers: the older (64 bytes) holds a, 6 bytes of padding, b; the
// newer (181 bytes) holds c. All wide enough at zoom 1 to check pixels.
constexpr const char* setup_script = "child resize=never\n"
                                     "a = alloc 10\n"
                                     "b = alloc 20 align=16\n"
                                     "c = alloc 40\n";

struct Seen {
    int headers = 0, live = 0, padding = 0, freed = 0, stranded = 0, tails = 0, markers = 0;
    int reserved = 0, gaps = 0, past_end = 0; // Zig 0.16
};

// A hatched segment's two colours, and the count of it seen.
struct Hatch {
    Rgba stripes, gap;
    int Seen::*count;
};
Hatch hatchOf(const lab::Segment& s, const gui::Palette& pal)
{
    switch (s.kind) {
    case lab::SegmentKind::stranded: return {gui::strandedColour(s.name, pal), pal.stranded_gap, &Seen::stranded};
    case lab::SegmentKind::padding: return {pal.padding, pal.padding_gap, &Seen::padding};
    case lab::SegmentKind::reserved: return {pal.end_index, pal.padding_gap, &Seen::reserved};
    default: return {pal.text_dim, pal.stranded_gap, &Seen::gaps}; // SegmentKind::gap
    }
}

// Checks every part of the picture that is wide enough to hold a clean
// pixel, and returns what it checked (so a test can require that the
// interesting parts were there).
// `mem`: where a view drew `pic` (its layout, its image's corner and size).
Seen checkPicture(const gui::ArenaViewMemory& mem, const lab::Picture& pic, const gui::Palette& pal, const Image& img)
{
    const gui::ArenaLayout& layout = mem.layout;
    Seen seen;

    for (std::size_t i = 0; i < pic.nodes.size(); ++i) {
        const Instance* header = layout.find(Part::header, static_cast<int>(i));
        REQUIRE_MESSAGE(header != nullptr, "no header drawn for node " << i);
        // The header is the buffer's first 16 bytes (Zig 0.16: 24), to scale.
        CHECK(header->rect.x == doctest::Approx(layout.xOfByte(0)).epsilon(0.001));
        CHECK(header->rect.w == doctest::Approx(static_cast<double>(pic.headerBytes()) * layout.px_per_byte).epsilon(0.01));
        // Newest first: each row below the one before.
        if (i > 0) CHECK(header->rect.y > layout.find(Part::header, static_cast<int>(i) - 1)->rect.y);
    }

    for (const Instance& in : layout.instances) {
        const auto pixels = cleanPixels(mem, in);
        if (pixels.empty()) continue;
        int x = 0;
        int y = 0;
        std::tie(x, y) = pixels[pixels.size() / 2];
        const Rgba got = img.at(x, y);
        INFO("instance part " << static_cast<int>(in.part) << " node " << in.node << " bytes [" << in.begin << ", "
                               << in.end << ") at pixel " << x << "," << y << " is " << str(got));
        switch (in.part) {
        case Part::header:
            CHECK(near(got, pal.header));
            ++seen.headers;
            break;
        case Part::tail:
            CHECK(near(got, pal.tail));
            ++seen.tails;
            break;
        case Part::segment: {
            const lab::Segment& s = pic.nodes[static_cast<std::size_t>(in.node)].segments[static_cast<std::size_t>(in.segment)];
            CHECK(in.begin == s.begin);
            CHECK(in.end == s.end);
            CHECK(in.rect.x == doctest::Approx(layout.xOfByte(s.begin)).epsilon(0.001));
            switch (s.kind) {
            case lab::SegmentKind::live:
                CHECK(near(got, gui::allocationColour(s.name, pal)));
                ++seen.live;
                break;
            case lab::SegmentKind::freed: {
                // Ghosted: a faint checkerboard of the old colour.
                const Rgba c = gui::allocationColour(s.name, pal);
                CHECK((near(got, over(c, pal.freed_alpha_hi, pal.background)) || near(got, over(c, pal.freed_alpha_lo, pal.background))));
                ++seen.freed;
                break;
            }
            case lab::SegmentKind::stranded: // cross-hatched: the dimmed colour's lines and the dark gap between
            case lab::SegmentKind::padding:  // hatched: the stripe colour and the gap between stripes
            case lab::SegmentKind::reserved: // Zig 0.16's reserved bytes: stripes in end_index's colour
            case lab::SegmentKind::gap: {    // a failed fit's gap: cross-hatched in the dim text colour
                // Every hatched kind, one way: both colours are there, and
                // little else (edges of stripes may blend a little).
                const Hatch hatch = hatchOf(s, pal);
                int stripes = 0, gap = 0, other = 0;
                for (const auto& [px, py] : pixels) {
                    const Rgba c = img.at(px, py);
                    if (near(c, hatch.stripes, 24)) ++stripes;
                    else if (near(c, hatch.gap, 24)) ++gap;
                    else ++other;
                }
                INFO("segment kind " << static_cast<int>(s.kind) << ": " << stripes << " stripe, " << gap << " gap, " << other
                                     << " other pixels");
                CHECK(stripes > 0);
                CHECK(gap > 0);
                CHECK(other * 4 <= stripes + gap);
                ++(seen.*hatch.count);
                break;
            }
            }
            break;
        }
        default: break;
        }
    }

    if (pic.model == lab::Model::zig_0_16) {
        // Every node's own marker, at 24 + its end_index, past the end bar
        // when a failed fit left it there (and framed from the end to it).
        for (std::size_t i = 0; i < pic.nodes.size(); ++i) {
            const lab::PictureNode& node = pic.nodes[i];
            const Instance* marker = nullptr;
            for (const Instance& in : layout.instances)
                if (in.part == Part::end_index && in.node == static_cast<int>(i) && in.pattern == gui::Pattern::solid) marker = &in;
            REQUIRE_MESSAGE(marker != nullptr, "no end_index marker on node " << i);
            const std::size_t byte = pic.headerBytes() + node.end_index;
            const double expected_x = layout.xOfByte(byte);
            CHECK(std::abs(marker->rect.cx() - expected_x) <= 1.0);
            int mx = 0;
            int my = 0;
            std::tie(mx, my) = windowPixel(mem, static_cast<float>(expected_x), marker->rect.y + 2);
            INFO("end_index marker of node " << i << " at pixel " << mx << "," << my << " is " << str(img.at(mx, my)));
            CHECK(near(img.at(mx, my), pal.end_index));
            if (byte > node.len) {
                CHECK(marker->rect.x > layout.xOfByte(node.len)); // beyond the end bar
                bool label = false;
                for (const gui::Label& l : layout.labels)
                    label = label || (l.text.find("end_index = " + lab::grouped(node.end_index)) == 0 &&
                                      l.text.find(lab::grouped(byte - node.len)) != std::string::npos);
                CHECK_MESSAGE(label, "the past-the-end marker says its value and by how much");
                ++seen.past_end;
            }
            ++seen.markers;
        }
    } else if (!pic.nodes.empty()) {
        // The end_index marker: at 16 + end_index bytes into the newest buffer.
        const Instance* marker = layout.find(Part::end_index);
        REQUIRE(marker != nullptr);
        const double expected_x = layout.xOfByte(std::min(lab::header_bytes + pic.end_index, pic.nodes[0].len));
        CHECK(std::abs(marker->rect.cx() - expected_x) <= 1.0);
        // Above the bar, where the marker crosses nothing else.
        const Instance* header = layout.find(Part::header, 0);
        int mx = 0;
        int my = 0;
        std::tie(mx, my) = windowPixel(mem, static_cast<float>(expected_x), (marker->rect.y + header->rect.y) / 2);
        INFO("end_index marker pixel " << mx << "," << my << " is " << str(img.at(mx, my)));
        CHECK(near(img.at(mx, my), pal.end_index));
        ++seen.markers;
    } else {
        // An empty arena: no header and no marker anywhere in the view.
        CHECK(layout.find(Part::header) == nullptr);
        CHECK(layout.find(Part::end_index) == nullptr);
        const int x0 = static_cast<int>(mem.image_x), y0 = static_cast<int>(mem.image_y);
        int header_pixels = 0;
        for (int y = y0; y < y0 + static_cast<int>(mem.view_h); ++y)
            for (int x = x0; x < x0 + static_cast<int>(mem.view_w); ++x)
                if (near(img.at(x, y), pal.header, 3)) ++header_pixels;
        CHECK(header_pixels == 0);
    }
    return seen;
}

// The arena view's picture at the cursor, in the view's palette (the projector's in presentation mode).
Seen checkPicture(gui::App& app, const Image& img)
{
    return checkPicture(app.arenaRenderer().memory, app.lab().picture(), app.arenaRenderer().palette(), img);
}

// Loads the setup, performs `commands` as the Controls panel would, and
// checks the picture at every step of the last operation. Returns what was
// seen over all those steps.
Seen checkEveryStepOfLastOp(gui::App& app, const std::string& name, std::initializer_list<lab::Command> commands)
{
    app.loadText(setup_script, "setup.arena");
    for (const lab::Command& c : commands) {
        const auto error = app.lab().perform(c);
        REQUIRE_MESSAGE(!error, *error);
    }
    const lab::History& h = app.lab().history();
    const lab::OpEntry& op = h.op(h.opCount() - 1);
    Seen total;
    for (std::size_t k = op.steps_begin; k <= op.steps_end; ++k) {
        CAPTURE(k);
        app.lab().seek(k);
        const Image img = frame(app);
        keep(img, name + "-step" + std::to_string(k));
        const Seen s = checkPicture(app, img);
        total.headers += s.headers;
        total.live += s.live;
        total.padding += s.padding;
        total.freed += s.freed;
        total.stranded += s.stranded;
        total.tails += s.tails;
        total.markers += s.markers;
    }
    return total;
}

} // namespace

TEST_CASE("the arena view draws the setup to scale: header, allocations, padding, end_index")
{
    auto app = openApp();
    app->loadText(setup_script, "setup.arena");
    const Image img = settled(*app);
    const Seen seen = checkPicture(*app, img);
    CHECK(seen.headers == 2);
    CHECK(seen.live == 3);
    CHECK(seen.padding == 1);
    CHECK(seen.markers == 1);

    // The padding is 6 bytes between a (10 bytes) and b (16-aligned).
    const gui::ArenaLayout& layout = app->arenaRenderer().memory.layout;
    const lab::Picture& pic = app->lab().picture();
    REQUIRE(pic.nodes.size() == 2);
    const auto& older = pic.nodes[1].segments;
    const auto pad = std::find_if(older.begin(), older.end(), [](const lab::Segment& s) { return s.kind == lab::SegmentKind::padding; });
    REQUIRE(pad != older.end());
    CHECK(pad->len() == 6);
    const Instance* pad_rect = layout.find(Part::segment, 1, static_cast<int>(pad - older.begin()));
    REQUIRE(pad_rect != nullptr);
    CHECK(pad_rect->pattern == gui::Pattern::hatched);
    CHECK(pad_rect->rect.w == doctest::Approx(6 * layout.px_per_byte).epsilon(0.01));
    // Its byte count is written on it.
    const bool labelled = std::any_of(layout.labels.begin(), layout.labels.end(), [&](const gui::Label& l) {
        return l.instance == static_cast<int>(pad_rect - layout.instances.data()) && (l.text == "6 B" || l.text == "6");
    });
    CHECK(labelled);
}

TEST_CASE("reset free_all: every step, down to an empty list")
{
    auto app = openApp();
    const Seen seen = checkEveryStepOfLastOp(*app, "free_all", {lab::Reset{lab::ResetKind::free_all, 0}});
    CHECK(seen.headers > 0);
    CHECK(seen.padding > 0);
    CHECK(seen.markers > 0);
    CHECK(app->lab().picture().nodes.empty());
}

TEST_CASE("reset retain_capacity: every step, down to one bigger buffer")
{
    auto app = openApp();
    const Seen seen = checkEveryStepOfLastOp(*app, "retain_capacity", {lab::Reset{lab::ResetKind::retain_capacity, 0}});
    CHECK(seen.headers > 0);
    CHECK(seen.markers > 0);
    const lab::Picture& pic = app->lab().picture();
    REQUIRE(pic.nodes.size() == 1);
    CHECK(pic.nodes[0].len == 16 + (181 - 16) + (64 - 16)); // requested = the whole capacity
    CHECK(pic.end_index == 0);
    CHECK(app->lab().history().op(app->lab().history().opCount() - 1).ok);
}

TEST_CASE("reset retain_with_limit: the kept buffer already fits")
{
    auto app = openApp();
    const Seen seen = checkEveryStepOfLastOp(*app, "retain_with_limit", {lab::Reset{lab::ResetKind::retain_with_limit, 48}});
    CHECK(seen.headers > 0);
    CHECK(seen.markers > 0);
    const lab::Picture& pic = app->lab().picture();
    REQUIRE(pic.nodes.size() == 1);
    CHECK(pic.nodes[0].len == 64);
    const lab::History& h = app->lab().history();
    CHECK(h.step(h.stepCount() - 1).step.kind == arena::StepKind::reset_kept_fits);
}

TEST_CASE("reset retain_with_limit: the new buffer is refused and reset returns false")
{
    auto app = openApp();
    const Seen seen = checkEveryStepOfLastOp(
        *app, "retain_with_limit-refused", {lab::Fail{arena::ChildCall::Kind::alloc}, lab::Reset{lab::ResetKind::retain_with_limit, 100}});
    CHECK(seen.headers > 0);
    CHECK(seen.markers > 0);
    const lab::History& h = app->lab().history();
    const lab::OpEntry& reset = h.op(h.opCount() - 1);
    CHECK_FALSE(reset.ok);
    CHECK(h.step(reset.steps_end - 1).step.kind == arena::StepKind::reset_failed);
    // The old buffer stays as the only one, with end_index back at 0.
    const lab::Picture& pic = app->lab().picture();
    REQUIRE(pic.nodes.size() == 1);
    CHECK(pic.nodes[0].len == 64);
    CHECK(pic.end_index == 0);
}

TEST_CASE("Zig 0.16's picture: 24-byte headers, each node's end_index, the reservation, a failed fit's gap and end_index past the end")
{
    auto app = openApp();
    // b's add reserves 103 bytes and gives 59 back; c does not fit, the
    // child grows the node in place after the failed reservation (a gap);
    // d does not fit either, the child refuses to grow, and the old node
    // keeps its end_index past its end under the new node.
    app->loadText("model zig-0.16\n"
                 "a = alloc 100\n"
                 "b = alloc 40 align=64\n"
                 "c = alloc 300\n"
                 "child resize=never\n"
                 "d = alloc 1000\n",
                 "zig016.arena");
    const lab::History& h = app->lab().history();
    REQUIRE(h.stepCount() > 20);
    Seen total;
    for (std::size_t k = 0; k <= h.stepCount(); ++k) {
        CAPTURE(k);
        app->lab().seek(k);
        const Image img = frame(*app);
        keep(img, "zig016-step" + std::to_string(k));
        const Seen s = checkPicture(*app, img);
        total.headers += s.headers;
        total.live += s.live;
        total.padding += s.padding;
        total.markers += s.markers;
        total.reserved += s.reserved;
        total.gaps += s.gaps;
        total.past_end += s.past_end;
        // Both lists are drawn, free_list empty in a single thread.
        const gui::ArenaLayout& layout = app->arenaRenderer().memory.layout;
        bool used = false, free = false;
        for (const gui::Label& l : layout.labels) {
            used = used || l.text == "used_list";
            free = free || l.text == "free_list";
        }
        CHECK(used);
        CHECK(free);
    }
    CHECK(total.live > 0);
    CHECK(total.padding > 0);
    CHECK(total.reserved > 0);
    CHECK(total.gaps > 0);
    CHECK(total.past_end > 0);
    CHECK(total.markers > h.opCount());
}

// Every tooltip of the window at the end of each operation of `text`, in
// normal and presentation mode: the panels' (hovered or not) and the arena
// view's for each of its rectangles.
std::vector<std::string> everyTooltip(gui::App& app, const std::string& text)
{
    std::vector<std::string> tips;
    gui::widgets::tooltip_record = &tips;
    app.loadText(text, "tips.arena");
    const lab::History& h = app.lab().history();
    for (const bool present : {false, true}) {
        app.setPresentation(present);
        for (std::size_t op = 0; op < h.opCount(); ++op) {
            app.lab().seek(h.opStepsEnd(op));
            tick(app);
            for (const Instance& in : app.arenaRenderer().memory.layout.instances)
                tips.push_back(gui::describeInstance(app.lab(), in));
        }
    }
    app.setPresentation(false);
    gui::widgets::tooltip_record = nullptr;
    return tips;
}

TEST_CASE("a zig-0.16 script's tooltips speak of 24-byte Node headers and nodes, never of 16 bytes or the newest buffer")
{
    auto app = openApp();
    const std::string script = "a = alloc 100\n"
                               "b = alloc 40 align=64\n"
                               "c = alloc 300\n"
                               "child resize=never\n"
                               "d = alloc 1000\n"
                               "g = alloc 8000\n"
                               "e = alloc 50\n"
                               "resize e 20\n"
                               "free e\n"
                               "reset retain_with_limit 400\n";
    // The classic arena's own words are there for a classic script (so the record sees them) ...
    const std::vector<std::string> classic = everyTooltip(*app, script);
    const auto any = [](const std::vector<std::string>& tips, std::string_view word) {
        return std::any_of(tips.begin(), tips.end(), [&](const std::string& t) { return t.find(word) != std::string::npos; });
    };
    CHECK(any(classic, "16 bytes"));
    CHECK(any(classic, "BufNode"));
    CHECK(any(classic, "newest buffer"));
    // ... and never for the same script on Zig 0.16's arena.
    const std::vector<std::string> z16 = everyTooltip(*app, "model zig-0.16\n" + script);
    REQUIRE(z16.size() > 50);
    // A word as a word: "19,416 bytes" does not say "16 bytes".
    const auto says = [](const std::string& t, std::string_view word) {
        for (std::size_t at = t.find(word); at != std::string::npos; at = t.find(word, at + 1))
            if (at == 0 || (std::isdigit(static_cast<unsigned char>(t[at - 1])) == 0 && t[at - 1] != ',')) return true;
        return false;
    };
    for (const std::string& t : z16) {
        CAPTURE(t);
        for (const char* word : {"16 bytes", "16-byte", "offset 16 +", "BufNode", "newest buffer", "buffer list", "buffer's"})
            CHECK_FALSE(says(t, word));
    }
    CHECK(any(z16, "24-byte Node header"));
    CHECK(any(z16, "used_list"));
    CHECK(any(z16, "first node of used_list"));
}

TEST_CASE("the two arenas side by side: each drawn whole as the arena view draws it, to one scale, after every operation")
{
    auto app = openApp();
    Seen total;
    for (const std::size_t lesson : {12u, 13u}) { // 13: end_index past the end; 14: two lists
        const lab::Lesson& l = lab::lessons()[lesson];
        CAPTURE(l.file_name);
        app->loadText(std::string(l.text), std::string(l.file_name));
        app->ui().comparing_models = true;
        const lab::ModelComparison expected = lab::compareModels(lab::parseScript(l.text).script);
        const lab::History& h = app->lab().history();
        REQUIRE(h.opCount() >= 4);
        for (std::size_t op = 0; op < h.opCount(); ++op) {
            CAPTURE(op);
            app->lab().seek(h.opStepsEnd(op));
            const Image img = frame(*app);
            keep(img, "models-" + std::to_string(lesson + 1) + "-op" + std::to_string(op));
            const gui::ModelsViewState& m = app->panels().models.state();
            for (std::size_t k = 0; k < 2; ++k) {
                CAPTURE(k);
                REQUIRE(m.drawn[k].has_value());
                const gui::ModelsViewState::Drawn& d = *m.drawn[k];
                // The picture of that model's own run after this operation:
                // its used_list (the classic arena's buffers) as the run's trace says.
                CHECK(d.picture.model == lab::compared_models[k]);
                const std::vector<lab::NodeState>& nodes = expected.rows[op].records[k].state.nodes;
                std::vector<lab::NodeState> drawn_nodes;
                for (const lab::PictureNode& n : d.picture.nodes)
                    if (n.list == 0) drawn_nodes.push_back({n.buf, n.len, k == 1 ? n.end_index : 0});
                CHECK(drawn_nodes == nodes);
                // Zig 0.16's two lists are both drawn (free_list empty in one thread).
                bool free_list = false;
                for (const gui::Label& label : d.layout.labels) free_list = free_list || label.text == "free_list";
                CHECK(free_list == (k == 1));
                // Drawn as the arena view draws a picture: every header, allocation, padding and marker in its colour.
                gui::ArenaViewMemory mem;
                mem.layout = d.layout;
                mem.image_x = d.x;
                mem.image_y = d.y;
                mem.view_w = d.w;
                mem.view_h = d.h;
                // (checkPicture requires a header per node; it colour-checks those wide enough.)
                const Seen s = checkPicture(mem, d.picture, gui::normal_palette, img);
                total.headers += s.headers;
                total.live += s.live;
                total.markers += s.markers;
                total.past_end += s.past_end;
                total.gaps += s.gaps;
            }
            // One scale: equal bytes are equally long on both sides.
            if (!m.drawn[0]->picture.nodes.empty() && !m.drawn[1]->picture.nodes.empty())
                CHECK(m.drawn[0]->layout.px_per_byte == doctest::Approx(m.drawn[1]->layout.px_per_byte));
        }
    }
    CHECK(total.headers > 0);
    CHECK(total.live > 0);
    CHECK(total.markers > 0);
    CHECK(total.past_end > 0); // lesson 13's failed fit, beyond the end bar
    CHECK(total.gaps > 0);     // and its wasted gap
}

TEST_CASE("clicking an allocation selects its handle; hovering names it")
{
    auto app = openApp();
    app->loadText(setup_script, "setup.arena");
    settle(*app);
    const gui::ArenaViewMemory& mem = app->arenaRenderer().memory;
    const lab::Picture& pic = app->lab().picture();
    // b: the second live segment of the older buffer.
    const auto& older = pic.nodes[1].segments;
    const auto b = std::find_if(older.begin(), older.end(), [&](const lab::Segment& s) {
        return s.kind == lab::SegmentKind::live && app->lab().history().names()[s.name] == "b";
    });
    REQUIRE(b != older.end());
    const Instance* rect = mem.layout.find(Part::segment, 1, static_cast<int>(b - older.begin()));
    REQUIRE(rect != nullptr);
    const float mx = mem.image_x + rect->rect.cx();
    const float my = mem.image_y + rect->rect.cy();

    gui::FakeMouse mouse{mx, my, false, 0};
    tick(*app, 1280, 720, &mouse);
    keepFrame(*app, "hover-b", 1280, 720, &mouse); // the tooltip shows from the second frame
    CHECK(app->ui().hovered_handle == std::optional<std::string>("b"));
    mouse.left_down = true;
    tick(*app, 1280, 720, &mouse);
    mouse.left_down = false;
    tick(*app, 1280, 720, &mouse);
    CHECK(app->ui().selected_handle == std::optional<std::string>("b"));

    // The selection is framed in white, also once the mouse has gone.
    gui::FakeMouse away{1, 1, false, 0};
    const Image img = frame(*app, 1280, 720, &away);
    const Instance* frame_rect = mem.layout.find(Part::selection);
    REQUIRE(frame_rect != nullptr);
    const auto [fx, fy] = windowPixel(mem, frame_rect->rect.x + 0.5f, frame_rect->rect.cy());
    CHECK(near(img.at(fx, fy), palette::selection, 30));

    // A click on empty space clears it.
    gui::FakeMouse empty{mem.image_x + mem.view_w - 4, mem.image_y + mem.view_h - 4, false, 0};
    tick(*app, 1280, 720, &empty);
    empty.left_down = true;
    tick(*app, 1280, 720, &empty);
    empty.left_down = false;
    tick(*app, 1280, 720, &empty);
    CHECK_FALSE(app->ui().selected_handle.has_value());
}

TEST_CASE("the mouse wheel zooms about the mouse; F fits again")
{
    auto app = openApp();
    app->loadText(setup_script, "setup.arena");
    settle(*app);
    const gui::ArenaViewMemory& mem = app->arenaRenderer().memory;
    const float zoom_before = app->arenaCamera().zoom;
    const float x = mem.image_x + mem.layout.bar_left + 100;
    const double byte_under = (x - mem.image_x - mem.layout.origin_x) / mem.layout.px_per_byte;
    gui::FakeMouse mouse{x, mem.image_y + mem.view_h / 2, false, 2.0f};
    tick(*app, 1280, 720, &mouse);
    mouse.wheel = 0;
    tick(*app, 1280, 720, &mouse);
    CHECK(app->arenaCamera().zoom > zoom_before * 1.3f);
    // The byte under the mouse stayed under it.
    CHECK(mem.layout.xOfByte(0) + byte_under * mem.layout.px_per_byte == doctest::Approx(x - mem.image_x).epsilon(0.01));

    app->arenaCamera().fit_requested = true;
    tick(*app);
    CHECK(app->arenaCamera().zoom == doctest::Approx(1.0f));
    CHECK(app->arenaCamera().pan_x == doctest::Approx(0.0f));
}

TEST_CASE("the text size control rebuilds the fonts at the new size")
{
    auto app = openApp(16.0f);
    app->loadText(setup_script, "setup.arena");
    settle(*app);
    CHECK(app->arenaRenderer().memory.layout.metrics.font_px == doctest::Approx(16.0f));
    app->ui().font_size = 26.0f;
    app->ui().font_changed = true;
    settle(*app);
    CHECK(app->arenaRenderer().memory.layout.metrics.font_px == doctest::Approx(26.0f));
    CHECK(gui::font(gui::Font::mono)->FontSize == doctest::Approx(26.0f));
}

TEST_CASE("the layout fits 1280x720 and scales to 4K")
{
    auto app = openApp(16.0f);
    app->loadText(setup_script, "setup.arena");
    for (const auto& each : {std::pair{1280, 720}, std::pair{3840, 2160}}) {
        const auto& w = each.first;
        const auto& h = each.second;
        CAPTURE(w);
        const Image img = settled(*app, w, h);
        const gui::PanelRect& arena = app->arenaRect();
        CHECK(arena.x > 0);
        CHECK(arena.x + arena.w < static_cast<float>(w));
        CHECK(arena.w >= static_cast<float>(w) * 0.45f);
        CHECK(arena.y + arena.h < static_cast<float>(h));
        checkPicture(*app, img);
    }
}

TEST_CASE("presentation mode: large text, high contrast, the arena view widened; leaving restores")
{
    auto app = openApp(16.0f);
    app->loadText(setup_script, "setup.arena");
    settle(*app, 1920, 1080);
    const gui::PanelRect normal = app->arenaRect();
    app->setPresentation(true);
    const Image img = settled(*app, 1920, 1080);
    keep(img, "presentation");
    CHECK(app->ui().font_size >= 1080.0f / 36.0f); // the back of a room: at least 1/36 of the height
    CHECK(gui::font(gui::Font::mono)->FontSize == doctest::Approx(app->ui().font_size));
    const gui::PanelRect wide = app->arenaRect();
    CHECK(wide.w > normal.w * 1.2f);                   // no Source / Child log / Stats column
    CHECK(wide.x + wide.w == doctest::Approx(1920.0f)); // the view reaches the right edge
    // The panels' background is black: look at the Step panel's lower right,
    // where no text is.
    CHECK(near(img.at(1910, 1070), Rgba{0, 0, 0, 255}, 4));
    checkPicture(*app, img);
    app->setPresentation(false);
    settle(*app, 1920, 1080);
    CHECK(app->ui().font_size == doctest::Approx(16.0f));
    CHECK(app->arenaRect().w == doctest::Approx(normal.w));
}

TEST_CASE("quitting with unsaved changes asks first; saved or untouched work quits at once")
{
    auto app = openApp(16.0f);
    app->loadText(setup_script, "setup.arena");
    CHECK_FALSE(app->hasUnsavedChanges());
    // A click on Alloc appends a line: that is unsaved work now.
    REQUIRE_FALSE(app->lab().perform(lab::Alloc{"z", 8, 1}));
    settle(*app);
    CHECK(app->hasUnsavedChanges());
    app->requestQuit();
    CHECK(app->frame());          // the window stays...
    CHECK(app->confirmingQuit()); // ...and asks
    keepSettled(*app, "unsaved-changes");
    // Saving makes it safe to quit.
    const std::string path = std::string(ARENALAB_TEST_DIR) + "/unsaved.arena";
    REQUIRE(app->saveFile(path));
    CHECK_FALSE(app->hasUnsavedChanges());
    CHECK(test_support::slurp(path) == app->lab().text());
    app->requestQuit();
    CHECK_FALSE(app->frame());
}

TEST_CASE("File > Export writes the doctest test, the trace and the picture")
{
    auto app = openApp(16.0f);
    app->loadText(setup_script, "setup.arena");
    settle(*app);
    const std::string dir = std::string(ARENALAB_TEST_DIR) + "/";
    REQUIRE(app->exportFile(gui::App::Export::doctest, dir + "setup_test.cpp"));
    const std::string test = test_support::slurp(dir + "setup_test.cpp");
    CHECK(test.find("TEST_CASE(\"exported: setup.arena\")") != std::string::npos);
    CHECK(test.find("// line 4: c = alloc 40") != std::string::npos);
    REQUIRE(app->exportFile(gui::App::Export::trace, dir + "setup.jsonl"));
    const std::string trace = test_support::slurp(dir + "setup.jsonl");
    CHECK(std::count(trace.begin(), trace.end(), '\n') == static_cast<long>(app->lab().history().opCount() + 1));
    // The window's text exports are the command line's (lab::exportScript): the same bytes.
    {
        std::ofstream(dir + "setup.arena", std::ios::binary) << setup_script;
        const std::string cd = "cd '" + dir + "' && '" ARENALAB_EXE "' export ";
        REQUIRE(std::system((cd + "--doctest setup.arena -o cli_test.cpp").c_str()) == 0);
        REQUIRE(std::system((cd + "--trace setup.arena -o cli.jsonl").c_str()) == 0);
        CHECK(test_support::slurp(dir + "cli_test.cpp") == test);
        CHECK(test_support::slurp(dir + "cli.jsonl") == trace);
    }
    REQUIRE(app->exportFile(gui::App::Export::png, dir + "setup.png"));
    const std::string png = test_support::slurp(dir + "setup.png");
    REQUIRE(png.size() > 1000);
    CHECK(png.compare(1, 3, "PNG") == 0);
    // A path that cannot be written: a message, nothing written, false.
    CHECK_FALSE(app->exportFile(gui::App::Export::trace, "/nonexistent/dir/x.jsonl"));
    CHECK(app->ui().status_is_error);
    CHECK(app->ui().status.find("/nonexistent/dir/x.jsonl") != std::string::npos);
}

TEST_CASE("a step glides: things move from where they were, then settle")
{
    gui::AppOptions options;
    options.visible = false;
    options.animate = true;
    options.font_size = 16;
    std::string error;
    auto app = gui::App::open(options, error);
    REQUIRE_MESSAGE(app != nullptr, error);
    app->loadText(setup_script, "setup.arena");
    const lab::History& h = app->lab().history();
    // Just before c's operation: one buffer. Then its end: c's new buffer
    // pushes the old one down a row.
    app->lab().seek(h.op(2).steps_begin);
    settle(*app);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    tick(*app);
    app->lab().seek(h.op(2).steps_end);
    tick(*app);
    const gui::ArenaViewMemory& mem = app->arenaRenderer().memory;
    const auto moving = [&] {
        int n = 0;
        for (std::size_t i = 0; i < mem.drawn.size() && i < mem.layout.instances.size(); ++i) {
            const gui::Rect a = mem.drawn[i].rect, b = mem.layout.instances[i].rect;
            if (std::abs(a.x - b.x) > 0.5f || std::abs(a.y - b.y) > 0.5f || std::abs(a.w - b.w) > 0.5f ||
                mem.drawn[i].colour.a != mem.layout.instances[i].colour.a)
                ++n;
        }
        return n;
    };
    CHECK(moving() > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    tick(*app);
    CHECK(moving() == 0);
}

TEST_CASE("the visible window draws frames until it is asked to quit")
{
    gui::AppOptions options;
    options.width = 1280;
    options.height = 720;
    std::string error;
    auto app = gui::App::open(options, error); // visible, as `arenalab` opens it
    REQUIRE_MESSAGE(app != nullptr, error);
    app->loadText(setup_script, "setup.arena");
    for (int i = 0; i < 3; ++i) CHECK(app->frame());
    CHECK(app->arenaRenderer().lastInstanceCount() > 0);
    app->requestQuit();
    CHECK_FALSE(app->frame());
}

TEST_CASE("a text shader that does not compile is said once, on standard error and the status line, and the text stays")
{
    // It fell back to ImGui's antialiased text in silence before.
    auto app = openApp(18.0f);
    const auto colours = [](const Image& im) {
        std::set<std::uint32_t> seen;
        for (std::size_t i = 0; i + 3 < im.px.size(); i += 4)
            seen.insert(std::uint32_t{im.px[i]} << 16 | std::uint32_t{im.px[i + 1]} << 8 | im.px[i + 2]);
        return seen.size();
    };
    settle(*app);
    const std::size_t few_shades = colours(frame(*app));
    const std::string said = lab::tr("The text shader did not compile: text is drawn with ImGui's own antialiasing, "
                                     "in more shades (exported pictures have more colours)");
    CHECK(app->ui().status != said);

    app->arenaRenderer().text_shader.setFragmentSource("this is not GLSL\n");
    // Standard error into a file for the two frames: the one whose drawing
    // fails, and the next, which says so.
    const std::filesystem::path err_file = std::filesystem::temp_directory_path() / "arenalab-text-shader-stderr.txt";
    std::fflush(stderr);
    const int saved_stderr = dup(2);
    FILE* err = std::fopen(err_file.c_str(), "w");
    REQUIRE(err != nullptr);
    dup2(fileno(err), 2);
    (void)frame(*app); // drawn: the text shader is compiled, and fails, as the frame draws
    const Image fallback = frame(*app);
    std::fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    std::fclose(err);
    std::ifstream in(err_file);
    const std::string printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(err_file);

    keep(fallback, "text-shader-fallback");
    CHECK(app->ui().status == said);
    CHECK(app->ui().status_is_error);
    CHECK(printed.find("arenalab: " + said + "\ntext.frag: ") == 0); // then the compiler's own words
    CHECK(colours(fallback) > few_shades); // ImGui's antialiased text: more shades than the shader's 4
    // Once: a later frame says nothing again.
    app->ui().status = "something else";
    tick(*app);
    CHECK(app->ui().status == "something else");
    // The built-in shader back: few shades again, and nothing said.
    app->arenaRenderer().text_shader.setFragmentSource("");
    const std::size_t again = colours(frame(*app));
    CHECK(again < colours(fallback));
    CHECK(app->ui().status == "something else");
    MESSAGE("colours: " << few_shades << " with the text shader, " << colours(fallback) << " without, " << again << " with it again");
}
