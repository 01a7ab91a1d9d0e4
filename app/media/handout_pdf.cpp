// The handout's PDF (handout.hpp): cairo's PDF surface, Pango's layouts.
// The pages are laid out twice, the same way: once to count them (each
// foot says "3 / 12"), once to draw.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "media/handout.hpp"

namespace media {

namespace {

constexpr double margin = 42.0;       // about 15 mm
constexpr double foot_height = 22.0;  // the page number's strip
constexpr double block_gap = 6.0;     // between blocks
constexpr double picture_share = 0.5; // of the text area's height, at most, for a picture

struct Look {
    const char* font;
    double r, g, b;
};

// Print colours: black text on white paper, the caption in a dark amber
// that prints as a mid grey too.
Look lookOf(HandoutBlock::Style style)
{
    switch (style) {
    case HandoutBlock::Style::title: return {"DejaVu Sans Bold 22", 0.0, 0.0, 0.0};
    case HandoutBlock::Style::heading: return {"DejaVu Sans Bold 13", 0.0, 0.0, 0.0};
    case HandoutBlock::Style::body: return {"DejaVu Sans 10.5", 0.0, 0.0, 0.0};
    case HandoutBlock::Style::emphasis: return {"DejaVu Sans Oblique 10.5", 0.50, 0.28, 0.0};
    case HandoutBlock::Style::muted: return {"DejaVu Sans 9.5", 0.35, 0.35, 0.35};
    case HandoutBlock::Style::code: return {"DejaVu Sans Mono 9", 0.0, 0.0, 0.0};
    }
    return {"DejaVu Sans 11", 0.0, 0.0, 0.0};
}

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length)
{
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

struct LayoutDeleter {
    void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

// Lays the handout out on `cr`, page by page; draws only when `draw`.
class Pages {
public:
    Pages(cairo_t* cr, const std::string& language, bool draw, int total)
        : cr_(cr), language_(pango_language_from_string(language.c_str())), draw_(draw), total_(total)
    {
    }

    void section(const HandoutSection& s)
    {
        newPage();
        for (const HandoutBlock& b : s.above) block(b);
        if (s.picture.width > 0 && s.picture.height > 0) picture(s.picture);
        for (const HandoutBlock& b : s.below) block(b);
    }

    // Ends the last page; the number of pages.
    int finish()
    {
        if (page_ > 0) endPage();
        return page_;
    }

private:
    static constexpr double left() { return margin; }
    static constexpr double width() { return handout_page_width - 2 * margin; }
    static constexpr double top() { return margin; }
    static constexpr double bottom() { return handout_page_height - margin - foot_height; }

    LayoutPtr layout(const std::string& text, const Look& look, bool wrap)
    {
        LayoutPtr l(pango_cairo_create_layout(cr_));
        pango_context_set_language(pango_layout_get_context(l.get()), language_);
        pango_layout_context_changed(l.get());
        PangoFontDescription* font = pango_font_description_from_string(look.font);
        pango_layout_set_font_description(l.get(), font);
        pango_font_description_free(font);
        if (wrap) {
            pango_layout_set_width(l.get(), static_cast<int>(width() * PANGO_SCALE));
            pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
        return l;
    }

    void newPage()
    {
        if (page_ > 0) endPage();
        ++page_;
        y_ = top();
    }

    void endPage()
    {
        if (draw_) {
            const std::string number = std::to_string(page_) + " / " + std::to_string(total_);
            const Look look = lookOf(HandoutBlock::Style::muted);
            LayoutPtr l = layout(number, look, false);
            int w = 0, h = 0;
            pango_layout_get_size(l.get(), &w, &h);
            cairo_set_source_rgb(cr_, look.r, look.g, look.b);
            cairo_move_to(cr_, (handout_page_width - w / double(PANGO_SCALE)) / 2,
                          handout_page_height - margin - h / double(PANGO_SCALE) + 4);
            pango_cairo_show_layout(cr_, l.get());
            cairo_show_page(cr_);
        }
    }

    // A block, whole on the next page when it would cross this one's foot
    // and fits on a page; else line by line, a line that would cross the
    // foot going on to the next page (a line never splits).
    void block(const HandoutBlock& b)
    {
        const Look look = lookOf(b.style);
        LayoutPtr l = layout(b.text, look, b.style != HandoutBlock::Style::code);
        int w = 0, h = 0;
        pango_layout_get_size(l.get(), &w, &h);
        const double height = h / double(PANGO_SCALE);
        if (y_ + height > bottom() && height <= bottom() - top() && y_ > top()) newPage();
        if (draw_) cairo_set_source_rgb(cr_, look.r, look.g, look.b);
        PangoLayoutIter* it = pango_layout_get_iter(l.get());
        double shift = 0; // layout y at the top of this page's part
        double start = y_;
        double end = y_;
        do {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            const double line_top = logical.y / double(PANGO_SCALE);
            const double line_bottom = (logical.y + logical.height) / double(PANGO_SCALE);
            if (start + line_bottom - shift > bottom() && start + line_top - shift > top()) {
                newPage();
                start = y_;
                shift = line_top;
            }
            if (draw_) {
                const double baseline = pango_layout_iter_get_baseline(it) / double(PANGO_SCALE);
                cairo_move_to(cr_, left() + logical.x / double(PANGO_SCALE), start + baseline - shift);
                pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
            }
            end = start + line_bottom - shift;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        y_ = end + block_gap;
    }

    // A picture, as wide as the text (at most picture_share of the page's
    // height), centred; on the next page when it would cross the foot.
    void picture(const HandoutPicture& p)
    {
        const double most_h = (bottom() - top()) * picture_share;
        const double scale = std::min(width() / p.width, most_h / p.height);
        const double w = p.width * scale, h = p.height * scale;
        if (y_ + h > bottom() && y_ > top()) newPage();
        if (draw_) {
            cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, p.width, p.height);
            unsigned char* data = cairo_image_surface_get_data(image);
            const int stride = cairo_image_surface_get_stride(image);
            cairo_surface_flush(image);
            for (int row = 0; row < p.height; ++row) {
                auto* out = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(row) * stride);
                const std::uint8_t* in = p.rgba.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(p.width) * 4;
                for (int x = 0; x < p.width; ++x, in += 4)
                    out[x] = (std::uint32_t{in[0]} << 16) | (std::uint32_t{in[1]} << 8) | in[2];
            }
            cairo_surface_mark_dirty(image);
            const double x = left() + (width() - w) / 2;
            cairo_save(cr_);
            cairo_translate(cr_, x, y_);
            cairo_scale(cr_, scale, scale);
            cairo_set_source_surface(cr_, image, 0, 0);
            cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_GOOD);
            cairo_paint(cr_);
            cairo_restore(cr_);
            cairo_surface_destroy(image);
        }
        y_ += h + block_gap * 1.5;
    }

    cairo_t* cr_;
    PangoLanguage* language_;
    bool draw_;
    int total_;
    int page_ = 0;
    double y_ = top();
};

// Lays out (and, with `draw`, draws) the whole handout on a PDF surface
// writing to `write`; returns the number of pages, or -1 with `error`.
int layOut(const Handout& handout, cairo_write_func_t write, void* closure, bool draw, int total, std::string& error)
{
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(write, closure, handout_page_width, handout_page_height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, handout.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Arena Lab");
    cairo_t* cr = cairo_create(surface);
    Pages pages(cr, handout.language, draw, total);
    for (const HandoutSection& s : handout.sections) pages.section(s);
    const int count = pages.finish();
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        error = std::string("cairo could not write the PDF: ") + cairo_status_to_string(status);
        return -1;
    }
    return count;
}

} // namespace

bool writeHandoutPdf(const Handout& handout, std::string& pdf, std::string& error)
{
    const int total = layOut(handout, discard, nullptr, false, 0, error);
    if (total < 0) return false;
    pdf.clear();
    return layOut(handout, appendToString, &pdf, true, total, error) == total;
}

} // namespace media
