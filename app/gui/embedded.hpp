// Files built into the program (see cmake/embed.cmake), so `arenalab` runs from
// anywhere with nothing beside it. Each view covers the file's exact bytes;
// they are constant-initialised, so they are usable at any time.
#pragma once

#include <string_view>

namespace gui {

// arena/arena_allocator.hpp, the port itself: what the source panel shows.
extern const std::string_view port_source;
// arena/arena_allocator_016.hpp, Zig 0.16's port: shown for a zig-0.16 script.
extern const std::string_view port016_source;

// The arena view's shaders, without a #version line (the loader picks
// GLSL 3.30 core or GLSL ES 3.00 for the context it runs in).
extern const std::string_view arena_vert_source;
extern const std::string_view arena_frag_source;
// Dear ImGui's shaders with its text in few shades (TextShader), the same way.
extern const std::string_view text_vert_source;
extern const std::string_view text_frag_source;

// The TTF files of assets/fonts (DejaVu, see assets/fonts/LICENSE).
extern const std::string_view font_sans_ttf;
extern const std::string_view font_mono_ttf;

// The browser build's subset of WenQuanYi Micro Hei (app/gui/CMakeLists.txt):
// the characters of the catalogue and the lessons.
extern const std::string_view font_cjk_subset_ttf;

} // namespace gui
