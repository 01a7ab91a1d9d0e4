// Dear ImGui's own fragment shader with one change: the texture's alpha (a
// glyph's coverage, filtered as ImGui samples it) is rounded to a few
// shades before it is blended, so a text colour over a background gives
// at most that many colours (TextShader, app/gui/renderer.hpp). The loader
// adds #version and STEPS (coverage_levels - 1).
//
// Rounded a little upwards (with 4 levels: 1/3 from a coverage of 0.1,
// 2/3 from 0.43, whole from 0.77; not halfway) so that thin strokes keep
// their weight: halfway rounding thinned the arena view's smaller labels
// until tesseract read "buf 0" as "buf @" (tests/gui/test_presentation.cpp).

uniform sampler2D Texture;
in vec2 Frag_UV;
in vec4 Frag_Color;
out vec4 Out_Color;

void main()
{
    vec4 t = texture(Texture, Frag_UV);
    t.a = floor(t.a * STEPS + 0.7) / STEPS;
    Out_Color = Frag_Color * t;
}
