// Where everything in the arena view goes: a pure function from a Picture,
// the view's size and the camera to rectangles (the renderer's instances)
// and text labels. No GL, no ImGui, so tests can ask it where the header,
// the padding or the end_index marker is and look for their colours there.
//
// The picture, top to bottom: a byte ruler; `buffer_list` with an arrow to
// the newest buffer; then one row per buffer, newest first, each a bar to
// scale (header, allocations, padding, freed bytes, free tail) with its
// name in a left gutter and an arrow from its header's `next` field down to
// the next buffer. Every bar starts at byte 0 on the same x, and all share
// one scale: at zoom 1 the longest buffer fills the width.
//
// Zig 0.16's picture (Picture::model): `used_list` and its rows, then
// `free_list` and its rows; 24-byte `Node` headers; every node's own
// end_index marker with its label on the line above the bar, drawn past
// the end bar (framed, with by how much) when a failed fit left it there;
// `reserved` bytes between the atomic add and the give-back, and the
// `wasted gap` a failed fit leaves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lab/picture.hpp"

namespace gui {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

// The arena view's colours. Colour never carries meaning alone: each kind
// of bytes also has its own pattern (live: solid; stranded: cross-hatched;
// freed: a checkerboard; padding: diagonal stripes; the free tail: flat and
// darker than any fill), every rectangle is edged, and every buffer's end
// has a light bar, so the kinds stay apart in greyscale and for every
// colour vision (tests/gui/test_palette.cpp computes it).
struct Palette {
    Rgba background;
    Rgba header;
    Rgba tail;        // bytes not handed out yet
    Rgba padding;     // stripes ...
    Rgba padding_gap; // ... over this
    Rgba stranded_gap; // between a stranded run's cross-hatch lines
    Rgba end_index;
    Rgba buffer_end;  // the bar at each buffer's last byte
    Rgba arrow;
    Rgba ruler;
    Rgba selection;
    Rgba hover;
    Rgba text_light;
    Rgba text_dark;
    Rgba text_dim;
    // Live allocations take these in turn by handle name, so a name keeps
    // its colour from step to step; unnamed allocations take `unnamed`.
    Rgba allocations[5];
    Rgba unnamed;
    float freed_alpha_hi, freed_alpha_lo; // the freed checkerboard's two cells
    float edge_shade; // a fill's edge: its colour times this (0: the background's black)
    float edge_px;    // the edge's width
};

// The calm dark theme's: Okabe and Ito's colour-blind-friendly colours.
inline constexpr Palette normal_palette{
    {27, 30, 36},    {215, 220, 230}, {70, 76, 90},    {240, 228, 66}, {27, 30, 36}, {27, 30, 36},
    {213, 94, 0},    {235, 238, 242}, {200, 204, 212}, {120, 126, 138}, {255, 255, 255}, {255, 255, 255, 150},
    {232, 234, 237}, {18, 20, 24},    {150, 156, 168},
    {{86, 180, 233}, {0, 158, 115}, {230, 159, 0}, {204, 121, 167}, {0, 114, 178}},
    {150, 130, 170}, 0.60f, 0.35f, 0.45f, 1.0f};

// Presentation mode's, for a projector: black ground, every fill at least
// 3:1 against the black edge that separates it from its neighbours, a
// brighter tail and end bar so each buffer's end shows from the back row.
inline constexpr Palette projector_palette{
    {0, 0, 0},       {225, 228, 235}, {90, 94, 104},   {255, 236, 60},  {0, 0, 0}, {120, 120, 130},
    {255, 180, 70},  {255, 255, 255}, {235, 235, 235}, {170, 170, 170}, {255, 255, 255}, {255, 255, 255, 170},
    {255, 255, 255}, {0, 0, 0},       {200, 200, 200},
    {{86, 180, 233}, {0, 178, 130}, {230, 160, 0}, {220, 130, 180}, {40, 140, 220}},
    {170, 150, 190}, 0.90f, 0.60f, 0.0f, 2.0f};

inline const Palette& paletteFor(bool presentation) { return presentation ? projector_palette : normal_palette; }

// The normal palette's colours by name (what most code and tests use).
namespace palette {
inline constexpr Rgba background = normal_palette.background;
inline constexpr Rgba header = normal_palette.header;
inline constexpr Rgba tail = normal_palette.tail;
inline constexpr Rgba padding = normal_palette.padding;
inline constexpr Rgba padding_gap = normal_palette.padding_gap;
inline constexpr Rgba end_index = normal_palette.end_index;
inline constexpr Rgba arrow = normal_palette.arrow;
inline constexpr Rgba ruler = normal_palette.ruler;
inline constexpr Rgba selection = normal_palette.selection;
inline constexpr Rgba hover = normal_palette.hover;
inline constexpr Rgba text_light = normal_palette.text_light;
inline constexpr Rgba text_dark = normal_palette.text_dark;
inline constexpr Rgba text_dim = normal_palette.text_dim;
inline constexpr Rgba unnamed = normal_palette.unnamed;
} // namespace palette

// The colour a live allocation bound to history name `name` is drawn in.
Rgba allocationColour(std::uint32_t name, const Palette& colours = normal_palette);
// Stranded bytes: the allocation's colour, dimmed towards the background
// (and cross-hatched: Pattern::crosshatch).
Rgba strandedColour(std::uint32_t name, const Palette& colours = normal_palette);

// How a rectangle is filled (the numbers are arena.frag's). `flat` is
// solid without the darker edge: gathered runs, drawn as one rectangle
// however wide, look as their one-pixel columns did.
enum class Pattern : std::uint8_t { solid = 0, hatched = 1, ghosted = 2, arrow_head = 3, outline = 4, flat = 5, crosshatch = 6, upright = 7 };

// What a rectangle shows.
enum class Part : std::uint8_t {
    header,     // a buffer's 16-byte BufNode
    segment,    // one lab::Segment (live, padding, freed or stranded)
    aggregate,  // a run of segments each narrower than a pixel, drawn as one
    tail,       // bytes of a buffer no allocation has used yet
    end_index,  // the marker of end_index on the newest buffer (Zig 0.16: on each node; and the frame past its end)
    arrow,      // a `next` (or buffer_list) arrow: shaft or head
    ruler,      // the byte ruler's baseline and ticks
    selection,  // the frame around the selected handle's bytes
    hover,      // the frame around what the mouse is over
    buffer_end, // the bar at a buffer's last byte
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
    float cx() const { return x + w / 2; }
    float cy() const { return y + h / 2; }
};

struct Instance {
    Rect rect; // pixels in the view, y down
    Rgba colour;
    Pattern pattern = Pattern::solid;
    Part part = Part::header;
    int node = -1;        // index into Picture::nodes (-1: none)
    int segment = -1;     // segment: its index; aggregate: the first one's
    int segment_end = -1; // aggregate: one past the last one's
    std::size_t begin = 0, end = 0; // the bytes shown, from the buffer's start
    std::uint64_t key = 0; // the same thing has the same key at every step (for animation)
};

struct Label {
    float x = 0, y = 0; // top-left, pixels in the view
    std::string text;
    Rgba colour = palette::text_light;
    bool backdrop = false; // draw a dark box behind (text over stripes)
    int instance = -1;     // the instance it belongs to, so it moves with it
};

struct Camera {
    float zoom = 1.0f;  // 1: the longest buffer fills the width
    float pan_x = 0.0f; // pixels
    float pan_y = 0.0f; // pixels
};

// The text metrics the layout needs: labels use a monospaced font, so a
// string's width is its length times `char_w`.
struct LayoutMetrics {
    float font_px = 18.0f; // line height of the label font
    float char_w = 9.0f;   // advance of one character
};

struct ArenaLayout {
    std::vector<Instance> instances; // in drawing order
    std::vector<Label> labels;
    LayoutMetrics metrics;  // what it was laid out with (a label is text.size() * char_w wide)
    float bar_left = 0;     // x of byte 0 before panning (the gutter's right edge)
    float content_top = 0;  // below the ruler: rows are clipped above this
    double px_per_byte = 1; // the scale at this zoom
    double origin_x = 0;    // x of byte 0 (bar_left - pan_x)
    float content_height = 0; // of every row, unpanned (for clamping the pan)
    float bar_width = 0;      // of the longest buffer at this zoom
    // Buffers out of the view, announced in a label at its edge.
    std::size_t rows_above = 0, rows_below = 0;
    bool hidden_rows_label = false;

    double xOfByte(std::size_t byte) const { return origin_x + static_cast<double>(byte) * px_per_byte; }
    // The first instance of `part` for `node` (and segment), or null.
    const Instance* find(Part part, int node = -1, int segment = -1) const;
    // The topmost instance under a point that is worth a tooltip, or null.
    const Instance* hit(float x, float y) const;
};

// Computes the view. `names` are the history's handle names (for labels);
// `selected` is the selected handle's name index (or lab::no_name).
ArenaLayout layoutArena(const lab::Picture& picture, float view_w, float view_h, const Camera& camera,
                        const LayoutMetrics& metrics, std::span<const std::string> names,
                        std::uint32_t selected = lab::no_name, const Palette& colours = normal_palette);

// The camera limits: zoom from 0.5 (whole picture with room) to where a byte
// is 240 pixels wide; pan within the picture with half a view to spare.
Camera clampCamera(Camera camera, const lab::Picture& picture, float view_w, float view_h,
                   const LayoutMetrics& metrics);
// Zooms by `factor` keeping the byte under x = `anchor_x` where it is.
Camera zoomAbout(Camera camera, float factor, float anchor_x, const LayoutMetrics& metrics);

// The height the whole picture takes with `nodes` buffer rows and labels
// `font_px` high (the ruler, buffer_list, every row): what a fit that
// shows every row needs.
// Zig 0.16's picture has a line between rows for each node's end_index and
// a free_list line (empty: its nodes, if any, count in `nodes`).
float pictureHeight(std::size_t nodes, float font_px, lab::Model model = lab::default_model);
// How small a fit may make the picture's labels, as a share of the text
// size: on a projector they are still read from the back of the room.
constexpr float min_text_scale = 0.6f;
constexpr float min_presentation_text_scale = 0.8f;

// The room after end_index in the newest buffer, freed bytes included:
// where the next alloc goes without asking the child. The picture's
// "free after end_index" label and the Stats panel print this one figure.
std::size_t freeAfterEndIndex(const lab::Picture& picture);

} // namespace gui
