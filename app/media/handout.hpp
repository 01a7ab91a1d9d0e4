// A printable handout as a PDF: A4 landscape, drawn with cairo's PDF
// surface and its text laid out by Pango (Debian's libcairo2-dev and
// libpango1.0-dev). Text stays text: the PDF holds the glyphs of embedded
// font subsets with their Unicode, so it can be searched and copied; a
// glyph the Latin font lacks (Chinese) comes from the font fontconfig
// offers for the language, embedded the same way.
//
// It knows nothing of lessons or arenas: the caller hands it the blocks of
// text and the pictures, already in the reader's language.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace media {

struct HandoutBlock {
    enum class Style : std::uint8_t {
        title,     // the document's title, large
        heading,   // a page's heading
        body,      // a paragraph
        emphasis,  // a paragraph that stands out (a lesson's caption)
        muted,     // a quieter line (where a step is)
        code,      // monospaced, one line per line, never wrapped by words
    };
    Style style = Style::body;
    std::string text; // UTF-8; '\n' starts a new line
};

// A picture: width * height RGBA pixels, top row first.
struct HandoutPicture {
    std::vector<std::uint8_t> rgba;
    int width = 0;
    int height = 0;
};

// One part of the handout, starting on a new page: text above its picture
// (if any), then text below. What does not fit goes on to the next page.
struct HandoutSection {
    std::vector<HandoutBlock> above;
    HandoutPicture picture; // none when width is 0
    std::vector<HandoutBlock> below;
};

struct Handout {
    std::string language = "en"; // a BCP 47 tag: picks line breaking and the fallback font ("zh-cn")
    std::string title;           // the PDF's metadata
    std::vector<HandoutSection> sections;
};

// A4 landscape in points (1/72 inch).
constexpr double handout_page_width = 841.89;
constexpr double handout_page_height = 595.28;

// Writes the handout's PDF into `pdf`; every page has its number ("3 / 12")
// at the foot. False with `error` set when cairo fails.
bool writeHandoutPdf(const Handout& handout, std::string& pdf, std::string& error);

} // namespace media
