// The arena view's rectangles: one instance per header, allocation,
// padding, freed run, free tail, marker or arrow head, drawn as a
// four-vertex strip. Written in the subset GLSL 3.30 core and GLSL ES 3.00
// share; the loader prepends the #version line for the context.

layout(location = 0) in vec4 a_rect;   // x, y, width, height in pixels; y grows down
layout(location = 1) in vec4 a_colour; // straight (not premultiplied) RGBA
layout(location = 2) in vec2 a_style;  // x: the pattern (see arena.frag); y: unused

uniform vec2 u_view; // the target's size in pixels

out vec2 v_local;  // pixels from the rectangle's top-left corner
out vec2 v_size;   // the rectangle's size in pixels
out vec4 v_colour;
flat out int v_pattern;

void main()
{
    // Corners from the vertex number, so no vertex buffer is needed for the quad.
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    vec2 pixel = a_rect.xy + corner * a_rect.zw;
    v_local = corner * a_rect.zw;
    v_size = a_rect.zw;
    v_colour = a_colour;
    v_pattern = int(a_style.x + 0.5);
    gl_Position = vec4(pixel.x / u_view.x * 2.0 - 1.0, 1.0 - pixel.y / u_view.y * 2.0, 0.0, 1.0);
}
