// Colour never carries meaning alone: computed from the palettes
// (arena_layout.hpp) and the patterns the layout gives each kind of bytes.
// Luminance contrast as WCAG 2 defines it; colour vision deficiencies
// simulated with Machado, Oliveira and Fernandes (2009) at full severity
// (protanopia, deuteranopia, tritanopia), and greyscale as luminance alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "gui/arena_layout.hpp"
#include "lab/lab.hpp"

namespace {

using gui::Rgba;
using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

double linear(std::uint8_t c)
{
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

Vec3 linearRgb(Rgba c) { return {linear(c.r), linear(c.g), linear(c.b)}; }

double luminance(const Vec3& l) { return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; }

double contrast(const Vec3& a, const Vec3& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `colour` at `alpha` over `ground`, blended as the GPU blends (in sRGB values).
Rgba over(Rgba colour, double alpha, Rgba ground)
{
    const auto m = [alpha](std::uint8_t c, std::uint8_t g) {
        return static_cast<std::uint8_t>(std::lround(c * alpha + g * (1.0 - alpha)));
    };
    return {m(colour.r, ground.r), m(colour.g, ground.g), m(colour.b, ground.b), 255};
}

Rgba scaled(Rgba c, double k)
{
    const auto m = [k](std::uint8_t v) { return static_cast<std::uint8_t>(std::lround(v * k)); };
    return {m(c.r), m(c.g), m(c.b), 255};
}

struct Vision {
    const char* name;
    Mat3 m; // on linear RGB
};

const std::array<Vision, 4> visions{{
    {"trichromat", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}},
    {"protanopia", {{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}}},
    {"deuteranopia", {{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}}},
    {"tritanopia", {{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}}},
}};

Vec3 seen(const Vision& v, Rgba c)
{
    const Vec3 l = linearRgb(c);
    Vec3 out{};
    for (int i = 0; i < 3; ++i) out[i] = std::clamp(v.m[i][0] * l[0] + v.m[i][1] * l[1] + v.m[i][2] * l[2], 0.0, 1.0);
    return out;
}

// The kinds of bytes, as the layout draws them: fill colour and pattern.
struct Kind {
    std::string name;
    Rgba colour;
    gui::Pattern pattern;
};

// Draws a picture that holds every kind with `colours` and reads what the
// layout gave each: the pattern table is the layout's, not the test's.
std::vector<Kind> kindsAsDrawn(const gui::Palette& colours)
{
    std::vector<Kind> out;
    const auto add = [&](const std::string& name, const gui::Instance& in) {
        for (const Kind& k : out)
            if (k.name == name) return;
        out.push_back({name, in.colour, in.pattern});
    };
    // live a, b; padding before b; c freed while not the most recent
    // (stranded); d freed as the most recent (freed, then the tail).
    // Then Zig 0.16's own kinds: b's reservation before its give-back
    // (reserved), and c's failed fit grown in place (a gap).
    const std::string classic = "child resize=never\na = alloc 40\nb = alloc 40 align=64\nc = alloc 40\ne = alloc 40\nfree c\n"
                                "d = alloc 40\nfree d\n";
    const std::string zig016 = "model zig-0.16\na = alloc 100\nb = alloc 40 align=64\nc = alloc 300\n";
    for (const std::string& script : {classic, zig016}) {
        lab::Lab lab;
        REQUIRE(lab.load(script, "kinds.arena"));
        std::vector<std::size_t> moments{lab.steps()};
        for (std::size_t k = 0; k < lab.steps(); ++k)
            if (lab.history().step(k).step.kind == arena::StepKind::fetch_add_end_index) moments.push_back(k + 1);
        for (const std::size_t at : moments) {
            lab.seek(at);
            const lab::Picture& pic = lab.picture();
            const gui::ArenaLayout l = gui::layoutArena(pic, 1600, 400, {}, gui::LayoutMetrics{16.0f, 9.0f},
                                                        lab.history().names(), lab::no_name, colours);
            const bool new_model = pic.model == lab::Model::zig_0_16;
            for (const gui::Instance& in : l.instances) {
                // From Zig 0.16's picture only its own kinds: the rest are the classic's.
                if (new_model && (in.part != gui::Part::segment ||
                               pic.nodes[static_cast<std::size_t>(in.node)].segments[static_cast<std::size_t>(in.segment)].kind < lab::SegmentKind::reserved))
                    continue;
                if (in.part == gui::Part::header) add("header", in);
                if (in.part == gui::Part::tail) add("free tail", in);
                if (in.part != gui::Part::segment) continue;
                const lab::Segment& s = pic.nodes[static_cast<std::size_t>(in.node)].segments[static_cast<std::size_t>(in.segment)];
                switch (s.kind) {
                case lab::SegmentKind::live: add("live " + lab.history().names()[s.name], in); break;
                case lab::SegmentKind::padding: add("padding", in); break;
                case lab::SegmentKind::freed: add("freed", in); break;
                case lab::SegmentKind::stranded: add("stranded", in); break;
                case lab::SegmentKind::reserved: add("reserved", in); break;
                case lab::SegmentKind::gap: add("gap", in); break;
                }
            }
        }
    }
    return out;
}

// What a kind's pixels look like on average to the eye: a pattern's cells
// blended, as a projector or a squint blurs them.
Rgba average(const Kind& k, const gui::Palette& p)
{
    switch (k.pattern) {
    case gui::Pattern::ghosted: return over(k.colour, (p.freed_alpha_hi + p.freed_alpha_lo) / 2, p.background);
    case gui::Pattern::hatched:
    case gui::Pattern::upright: return over(k.colour, 0.5, p.padding_gap);
    case gui::Pattern::crosshatch: return over(k.colour, 0.6, p.stranded_gap);
    default: return k.colour;
    }
}

} // namespace

TEST_CASE("palette: every kind of bytes is drawn, and kinds that share a pattern differ in lightness for every vision")
{
    for (const gui::Palette* p : {&gui::normal_palette, &gui::projector_palette}) {
        const bool projector = p == &gui::projector_palette;
        CAPTURE(projector);
        const std::vector<Kind> kinds = kindsAsDrawn(*p);
        for (const char* must : {"header", "free tail", "padding", "freed", "stranded", "live a", "live b", "reserved", "gap"}) {
            CAPTURE(must);
            CHECK(std::any_of(kinds.begin(), kinds.end(), [&](const Kind& k) { return k.name == must; }));
        }
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            for (std::size_t j = i + 1; j < kinds.size(); ++j) {
                const Kind& a = kinds[i];
                const Kind& b = kinds[j];
                const bool both_live = a.name.rfind("live", 0) == 0 && b.name.rfind("live", 0) == 0;
                if (both_live) continue; // one kind, two names: the labels tell them apart
                const bool same_look = a.pattern == b.pattern ||
                                       (a.pattern == gui::Pattern::solid && b.pattern == gui::Pattern::flat) ||
                                       (a.pattern == gui::Pattern::flat && b.pattern == gui::Pattern::solid);
                if (!same_look) continue; // told apart by their patterns, in any vision and in greyscale
                for (const Vision& v : visions) {
                    CAPTURE(a.name);
                    CAPTURE(b.name);
                    const std::string vision = v.name;
            CAPTURE(vision);
                    const double c = contrast(seen(v, a.colour), seen(v, b.colour));
                    CAPTURE(c);
                    // Greyscale is luminance alone: the same threshold holds there.
                    CHECK(c >= 1.5);
                }
            }
        }
        // Stranded bytes never pass for a live allocation: their own pattern.
        for (const Kind& k : kinds) {
            if (k.name == "stranded") CHECK(k.pattern == gui::Pattern::crosshatch);
            if (k.name == "freed") CHECK(k.pattern == gui::Pattern::ghosted);
            if (k.name == "padding") CHECK(k.pattern == gui::Pattern::hatched);
            if (k.name == "reserved") CHECK(k.pattern == gui::Pattern::upright);
            if (k.name == "gap") CHECK(k.pattern == gui::Pattern::crosshatch);
        }
    }
}

TEST_CASE("palette: every allocation colour, not only the first two, differs in lightness from the header and the free tail for every vision")
{
    // The scripts above draw allocations a and b only; a lesson's third,
    // fourth and fifth names (and unnamed allocs) sit beside a header or the
    // free tail just as often, drawn solid as those are.
    for (const gui::Palette* p : {&gui::normal_palette, &gui::projector_palette}) {
        const bool projector = p == &gui::projector_palette;
        CAPTURE(projector);
        std::vector<gui::Rgba> fills(std::begin(p->allocations), std::end(p->allocations));
        fills.push_back(p->unnamed);
        for (std::size_t i = 0; i < fills.size(); ++i) {
            CAPTURE(i);
            for (const Vision& v : visions) {
                const std::string vision = v.name;
                CAPTURE(vision);
                const double against_header = contrast(seen(v, fills[i]), seen(v, p->header));
                const double against_tail = contrast(seen(v, fills[i]), seen(v, p->tail));
                CAPTURE(against_header);
                CAPTURE(against_tail);
                CHECK(against_header >= 1.5);
                CHECK(against_tail >= 1.5);
            }
        }
    }
}

TEST_CASE("palette: in presentation mode neighbouring kinds meet at an edge of at least 3:1, and buffer ends show")
{
    const gui::Palette& p = gui::projector_palette;
    const std::vector<Kind> kinds = kindsAsDrawn(p);
    const gui::Rgba edge = scaled(p.background, 0.0) == Rgba{0, 0, 0, 255} && p.edge_shade == 0.0f ? Rgba{0, 0, 0, 255}
                                                                                                     : Rgba{0, 0, 0, 255};
    CHECK(p.edge_shade == 0.0f); // edges are black
    CHECK(p.edge_px >= 2.0f);
    for (const Kind& k : kinds) {
        CAPTURE(k.name);
        for (const Vision& v : visions) {
            const std::string vision = v.name;
            CAPTURE(vision);
            // Every fill against the edge between it and any neighbour.
            CHECK(contrast(seen(v, average(k, p)), seen(v, edge)) >= 3.0);
        }
    }
    // Each buffer's end: the free tail against the background beyond it, and
    // the end bar against both.
    for (const Vision& v : visions) {
        const std::string vision = v.name;
            CAPTURE(vision);
        CHECK(contrast(seen(v, p.tail), seen(v, p.background)) >= 3.0);
        CHECK(contrast(seen(v, p.buffer_end), seen(v, p.tail)) >= 3.0);
        CHECK(contrast(seen(v, p.buffer_end), seen(v, p.background)) >= 3.0);
        // The end_index marker against the tail it stands on.
        CHECK(contrast(seen(v, p.end_index), seen(v, p.tail)) >= 3.0);
    }
}

TEST_CASE("palette: in normal mode too, every buffer's end is visible and freed bytes stand out from the free tail")
{
    const gui::Palette& p = gui::normal_palette;
    for (const Vision& v : visions) {
        const std::string vision = v.name;
            CAPTURE(vision);
        CHECK(contrast(seen(v, p.buffer_end), seen(v, p.tail)) >= 3.0);
        CHECK(contrast(seen(v, p.buffer_end), seen(v, p.background)) >= 3.0);
        CHECK(contrast(seen(v, p.tail), seen(v, p.background)) >= 1.5);
    }
    // Every buffer row has its end bar, at its last byte.
    lab::Lab lab;
    REQUIRE(lab.load("child resize=never\na = alloc 40\nb = alloc 400\nc = alloc 4000\n", "ends.arena"));
    const gui::ArenaLayout l = gui::layoutArena(lab.picture(), 1200, 600, {}, gui::LayoutMetrics{16.0f, 9.0f},
                                                lab.history().names());
    for (std::size_t i = 0; i < lab.picture().nodes.size(); ++i) {
        CAPTURE(i);
        const gui::Instance* end = l.find(gui::Part::buffer_end, static_cast<int>(i));
        REQUIRE(end != nullptr);
        CHECK(end->rect.x + end->rect.w == doctest::Approx(l.xOfByte(lab.picture().nodes[i].len)).epsilon(0.001));
    }
}
