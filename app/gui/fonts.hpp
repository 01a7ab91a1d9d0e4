// Fonts and theme: the two fonts by name, baked at the text size (text
// stays crisp at any size: nothing is ever scaled), and the calm dark
// theme, with a high-contrast variant for a projector (presentation mode).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
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
    // How many of the added characters `font` (after the atlas is built)
    // has no glyph for: they show as the replacement mark U+FFFD.
    std::size_t missingIn(ImFont& font) const;
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

// A fuller CJK font than the one built in (the browser's first-load subset
// lacks what no catalogue or lesson uses), fetched by the platform when
// the text on screen needs it: used from the next rebuild on.
void useFullerCjkFont(std::string bytes);

// Bakes both fonts at `size` pixels into the current context's atlas
// (the caller re-uploads its texture) and sets the style: `base` scaled to
// the size, in high contrast when `presentation`. The CJK font
// (fonts-wqy-microhei) is merged into both for the characters of `extra`.
void buildFontsAndStyle(float size, const ImGuiStyle& base, bool presentation, GlyphSet& extra);

// The window's fonts: the characters its text uses, gathered before each
// frame, and the atlas baked from them at the text size. One per App.
class WindowFonts {
public:
    // Adds the characters the next frame may show: every message of the
    // catalogue and the lessons' titles when the language changed, the
    // document's text when it changed (`revision`: lab::Lab::revision()),
    // what is being typed or pasted into any field, and `lines` (the title,
    // the status line). True when one was new: the atlas must be rebuilt.
    bool gather(std::uint64_t revision, std::string_view document, std::initializer_list<std::string_view> lines);
    // Bakes both fonts at `size` with the theme (buildFontsAndStyle) and
    // uploads the atlas again once ImGui's OpenGL3 backend is up.
    void rebuild(float size, bool presentation);
    // How many characters of the text gathered for the screen the atlas
    // built last has no glyph for (0 once every one shows). In the browser,
    // more than 0 asks the platform for the fuller font (App::buildFrame).
    std::size_t missing() const { return missing_; }

private:
    GlyphSet glyphs_;     // the characters beyond the fonts' fixed ranges on screen
    ImGuiStyle base_ = baseTheme(); // the theme at theme_font_size; scaled with the font
    std::uint64_t revision_ = ~std::uint64_t{0}; // the document's, when gather() last read it
    std::size_t text_size_ = 0;
    int lang_ = -1; // lab::language() then
    std::size_t missing_ = 0;
};

} // namespace gui
