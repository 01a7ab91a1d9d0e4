// Fills one arena-view rectangle with its pattern. Same GLSL subset as
// arena.vert (3.30 core and ES 3.00; the loader adds #version and, for ES,
// the precision lines).
//
// Patterns: 0 solid, 1 hatched (alignment padding: diagonal stripes),
// 2 ghosted (freed bytes: a faint checkerboard), 3 arrow head (a triangle
// pointing down), 4 outline (a selection frame: only the border), 5 flat
// (solid without the darker edge: gathered sub-pixel runs), 6 crosshatch
// (stranded bytes: both diagonals over a dark gap, so they never pass for
// a live allocation in greyscale or to any colour vision), 7 upright
// stripes (Zig 0.16's reserved bytes: taken by the atomic add, not handed
// out yet; upright, so they never pass for padding's slanted ones).

in vec2 v_local;
in vec2 v_size;
in vec4 v_colour;
flat in int v_pattern;

uniform vec4 u_stripe;  // the colour between the hatch stripes
uniform float u_hatch;  // the width of one stripe in pixels (it grows with the text)
uniform vec4 u_cross;   // the colour between the crosshatch lines
uniform vec2 u_freed;   // the freed checkerboard's two cells' opacity
uniform vec2 u_edge;    // a fill's edge: its colour times x (0: black), y pixels wide

out vec4 o_colour;

void main()
{
    vec4 colour = v_colour;
    // Distance to the nearest edge, for borders and outlines.
    float edge = min(min(v_local.x, v_size.x - v_local.x), min(v_local.y, v_size.y - v_local.y));

    if (v_pattern == 1) {
        // 45-degree stripes, u_hatch pixels on and off, anchored to the
        // rectangle so they move with it while panning.
        float band = mod(v_local.x + v_local.y, 2.0 * u_hatch);
        colour = band < u_hatch ? v_colour : u_stripe;
    } else if (v_pattern == 2) {
        // Ghost: every other 4 px cell faintly shows the colour.
        vec2 cell = floor(v_local / 4.0);
        float odd = mod(cell.x + cell.y, 2.0);
        colour = vec4(v_colour.rgb, v_colour.a * (odd < 0.5 ? u_freed.x : u_freed.y));
    } else if (v_pattern == 3) {
        // A triangle: full width at the top, a point at the bottom centre.
        float half_width = 0.5 * (1.0 - v_local.y / v_size.y);
        if (abs(v_local.x / v_size.x - 0.5) > half_width) discard;
    } else if (v_pattern == 4) {
        if (edge >= 2.0) discard;
    } else if (v_pattern == 7) {
        float band = mod(v_local.x, 2.0 * u_hatch);
        colour = band < u_hatch ? v_colour : u_stripe;
    } else if (v_pattern == 6) {
        // Both diagonals, lines a third of the cell wide.
        float period = 2.0 * u_hatch;
        float a = mod(v_local.x + v_local.y, period);
        float b = mod(v_local.x - v_local.y + 4096.0 * period, period);
        colour = (a < u_hatch * 0.7 || b < u_hatch * 0.7) ? v_colour : u_cross;
    }

    // A darker 1 px border separates neighbours, where there is room for one.
    if ((v_pattern <= 2 || v_pattern >= 6) && min(v_size.x, v_size.y) >= 2.0 * u_edge.y + 3.0 && edge < u_edge.y)
        colour = vec4(v_colour.rgb * u_edge.x, max(colour.a, 0.6));

    o_colour = colour;
}
