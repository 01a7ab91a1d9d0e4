// Fonts and theme: the two fonts by name, baked at the text size (text
// stays crisp at any size: nothing is ever scaled), and the calm dark
// theme, with a high-contrast variant for a projector (presentation mode).
#pragma once

#include <cstdint>

#include <imgui.h>

namespace gui {

enum class Font : std::uint8_t {
    sans, // the interface's text (ImGui's default font)
    mono, // code, script lines and numbers in the arena view
};

// The named font of the current ImGui context; the default font before
// the fonts are built.
ImFont* font(Font which);

constexpr float min_font_size = 10.0f;
constexpr float max_font_size = 64.0f;
constexpr float theme_font_size = 18.0f; // the size the theme's spacing is designed at

// The calm dark theme at theme_font_size: low-contrast chrome so the arena
// view stands out.
ImGuiStyle baseTheme();

// Bakes both fonts at `size` pixels into the current context's atlas
// (the caller re-uploads its texture) and sets the style: `base` scaled to
// the size, in high contrast when `presentation`.
void buildFontsAndStyle(float size, const ImGuiStyle& base, bool presentation);

} // namespace gui
