// Fonts and theme: the two fonts by name, baked at the text size (text
// stays crisp at any size: nothing is ever scaled), and the calm dark
// theme, with a high-contrast variant for a projector (presentation mode).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

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

// The characters beyond the fonts' fixed ranges (Chinese above all) that
// the text on screen uses: the atlas holds exactly these, as Dear ImGui's
// font documentation advises, rather than a fixed range of 20,000 CJK
// ideographs that would still miss some and make the atlas huge. Fed with
// every text the window may show (the catalogue in the current language,
// the lesson titles, the document, what is being typed, file names);
// add() says when the atlas must be built again.
class GlyphSet {
public:
    // Adds the characters of `utf8` that the fixed ranges do not cover;
    // true when one was new.
    bool add(std::string_view utf8);
    bool add(const ImWchar* text, int length);
    std::size_t size() const { return codepoints_.size(); }
    bool contains(ImWchar c) const;
    // The glyph ranges of the added characters (pairs, 0-terminated), for
    // ImFontConfig::GlyphRanges; valid until the next add().
    const ImWchar* ranges();

private:
    bool addCodepoint(unsigned c);
    std::unordered_set<ImWchar> codepoints_;
    std::vector<ImWchar> ranges_;
    bool ranges_valid_ = false;
};

// Where the CJK font was read from ("" when none: Chinese then shows as the
// replacement mark U+FFFD).
std::string_view cjkFontSource();

// Bakes both fonts at `size` pixels into the current context's atlas
// (the caller re-uploads its texture) and sets the style: `base` scaled to
// the size, in high contrast when `presentation`. The CJK font
// (fonts-wqy-microhei) is merged into both for the characters of `extra`.
void buildFontsAndStyle(float size, const ImGuiStyle& base, bool presentation, GlyphSet& extra);

} // namespace gui
