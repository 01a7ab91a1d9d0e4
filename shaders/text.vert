// Dear ImGui's own vertex shader (its OpenGL3 backend's), for TextShader
// (app/gui/renderer.hpp): the same names, so the backend's vertex arrays
// feed it. Same GLSL subset as arena.vert; the loader adds #version.

uniform mat4 ProjMtx;
in vec2 Position;
in vec2 UV;
in vec4 Color;
out vec2 Frag_UV;
out vec4 Frag_Color;

void main()
{
    Frag_UV = UV;
    Frag_Color = Color;
    gl_Position = ProjMtx * vec4(Position.xy, 0, 1);
}
