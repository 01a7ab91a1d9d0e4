#include "gui/arena_layout.hpp"

#include "lab/i18n.hpp"
#include "lab/numbers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace gui {

namespace {

// Vertical geometry, in multiples of the label font's line height, so the
// picture scales with the chosen text size. Dense, so that four buffers fit
// a projector's 1280x720 with labels at 0.8 of the text size: a row is its
// bar and an unlabelled gap for the `next` arrow; end_index's label goes on
// the `buffer_list` line, beside its marker's head.
constexpr float margin_f = 0.5f; // left of the gutter's labels
constexpr float top_f = 0.2f;    // above the ruler's labels
constexpr float ruler_f = 1.3f;  // tick labels, ticks and baseline
constexpr float head_f = 1.3f;   // the `buffer_list` line above the first row
constexpr float bar_f = 2.15f;   // a buffer's bar: room for two label lines
constexpr float gap_f = 0.8f;    // between bars: the `next` arrow
constexpr float end_f = 1.15f;   // under the last bar: its "next = null"
constexpr float gutter_chars = 12.0f; // "buffer_list" and a space
constexpr double max_px_per_byte = 240.0;

float luminance(Rgba c) { return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b; }
Rgba textOn(Rgba fill) { return luminance(fill) > 110.0f ? palette::text_dark : palette::text_light; }

Rgba mix(Rgba a, Rgba b, float t)
{
    auto m = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(static_cast<float>(x) * (1 - t) + static_cast<float>(y) * t));
    };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), a.a};
}

std::uint64_t makeKey(Part part, std::uint64_t buf, std::uint64_t begin)
{
    // Mixed so that distinct (part, buffer, byte) triples practically never collide.
    std::uint64_t k = buf * 0x9E3779B97F4A7C15ull;
    k ^= (begin + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    k ^= static_cast<std::uint64_t>(part) << 58;
    return k ^ (k >> 31);
}

bool isZig016(const lab::Picture& picture) { return picture.model == lab::Model::zig_0_16; }

// The widest row: a buffer's length, or (Zig 0.16) where an end_index left
// past a node's end is drawn, beyond its end bar.
std::size_t longestBuffer(const lab::Picture& picture)
{
    std::size_t longest = 0;
    for (const auto& n : picture.nodes) longest = std::max({longest, n.len, isZig016(picture) ? picture.headerBytes() + n.end_index : 0});
    return longest == 0 ? 64 : longest; // an empty arena still gets a scale
}

// Between two bars: the `next` arrow; for Zig 0.16 also the line of the
// lower node's own end_index label, as the list's line is the first's.
float gapFor(bool zig016) { return zig016 ? head_f : gap_f; }

// One list: its line, then its rows.
float listHeight(std::size_t nodes, float gap)
{
    if (nodes == 0) return head_f + gap_f;
    return head_f + static_cast<float>(nodes) * (bar_f + gap) - gap + end_f;
}

// The `buffer_list` line and every row under the ruler; Zig 0.16's two
// lists, `used_list` then `free_list`, each with its line.
float rowsHeight(std::size_t used, std::size_t free, bool zig016, float f)
{
    if (!zig016) return listHeight(used, gap_f) * f;
    return (listHeight(used, head_f) + listHeight(free, head_f)) * f;
}
float rowsHeight(const lab::Picture& p, float f)
{
    const std::size_t used = isZig016(p) ? p.usedCount() : p.nodes.size();
    return rowsHeight(used, p.nodes.size() - used, isZig016(p), f);
}

float gutterWidth(const LayoutMetrics& m) { return gutter_chars * m.char_w + 2 * margin_f * m.font_px; }
float availableWidth(float view_w, const LayoutMetrics& m)
{
    return std::max(view_w - gutterWidth(m) - 2 * margin_f * m.font_px, 16.0f);
}

// Builds one layout; the state every helper shares.
class Builder {
public:
    Builder(const lab::Picture& picture, float view_w, float view_h, const Camera& camera, const LayoutMetrics& m,
            std::span<const std::string> names, std::uint32_t selected, const Palette& colours)
        : pic_(picture), view_w_(view_w), view_h_(view_h), cam_(camera), m_(m), f_(m.font_px), names_(names),
          selected_(selected), pal_(colours), z16_(isZig016(picture)), hdr_(picture.headerBytes()), gap_(gapFor(z16_)),
          used_(z16_ ? picture.usedCount() : picture.nodes.size())
    {
    }

    ArenaLayout build()
    {
        out_.metrics = m_;
        out_.bar_left = gutterWidth(m_);
        out_.content_top = (top_f + ruler_f) * f_;
        const std::size_t longest = longestBuffer(pic_);
        out_.px_per_byte = static_cast<double>(availableWidth(view_w_, m_)) / static_cast<double>(longest) * cam_.zoom;
        out_.origin_x = out_.bar_left - cam_.pan_x;
        out_.bar_width = static_cast<float>(static_cast<double>(longest) * out_.px_per_byte);
        out_.content_height = rowsHeight(pic_, f_);
        visible_lo_ = std::max(0.0, (out_.bar_left - out_.origin_x) / out_.px_per_byte);
        visible_hi_ = (view_w_ - out_.origin_x) / out_.px_per_byte;

        head(0);
        if (z16_) head(1);
        for (std::size_t i = 0; i < pic_.nodes.size(); ++i) row(static_cast<int>(i));
        if (!pic_.nodes.empty()) ruler(longest); // last: rows scrolled up pass under it
        announceHiddenRows();
        return std::move(out_);
    }

private:
    // Zig 0.16's free_list starts below the whole used_list.
    float listTop(std::uint8_t list) const
    {
        return out_.content_top + (list == 0 ? 0.0f : listHeight(used_, gap_) * f_) - cam_.pan_y;
    }
    float rowTop(int i) const
    {
        const auto k = static_cast<std::size_t>(i);
        const std::uint8_t list = k < used_ ? 0 : 1;
        const std::size_t in_list = list == 0 ? k : k - used_;
        return listTop(list) + head_f * f_ + static_cast<float>(in_list) * (bar_f + gap_) * f_;
    }
    // The list node i is on, and whether it is the last of it.
    bool lastOfList(int i) const
    {
        const auto k = static_cast<std::size_t>(i) + 1;
        return k == used_ || k == pic_.nodes.size();
    }
    float x(std::size_t byte) const { return static_cast<float>(out_.xOfByte(byte)); }

    // Adds a rectangle clipped to the drawing area (right of the gutter,
    // below the ruler); returns its index, or -1 when nothing is visible.
    int add(Instance inst, bool clip_to_bars = true)
    {
        const float left = clip_to_bars ? out_.bar_left : 0.0f;
        const float x0 = std::max(inst.rect.x, left);
        const float x1 = std::min(inst.rect.x + inst.rect.w, view_w_);
        const float y0 = std::max(inst.rect.y, out_.content_top);
        const float y1 = std::min(inst.rect.y + inst.rect.h, view_h_);
        if (x1 <= x0 || y1 <= y0) return -1;
        inst.rect = {x0, y0, x1 - x0, y1 - y0};
        out_.instances.push_back(inst);
        return static_cast<int>(out_.instances.size()) - 1;
    }
    // Shapes that clipping would deform (arrow heads) are shown whole or not
    // at all; they may reach a little into the gutter, where a narrow
    // header's arrow head has to go.
    int addWhole(const Instance& inst)
    {
        const Rect& r = inst.rect;
        const float left = out_.bar_left - margin_f * f_;
        if (r.x < left || r.x + r.w > view_w_ || r.y < out_.content_top || r.y + r.h > view_h_) return -1;
        out_.instances.push_back(inst);
        return static_cast<int>(out_.instances.size()) - 1;
    }
    float textWidth(const std::string& s) const { return static_cast<float>(s.size()) * m_.char_w; }
    void label(float lx, float ly, std::string text, Rgba colour, int instance = -1, bool backdrop = false)
    {
        if (ly < out_.content_top - 0.1f * f_ && instance >= 0) return; // under the ruler
        out_.labels.push_back({lx, ly, std::move(text), colour, backdrop, instance});
    }

    // Centres one or two lines inside instance `idx` if they fit; tries the
    // choices in order and keeps the first that fits.
    void labelInside(int idx, std::initializer_list<std::array<std::string, 2>> choices, Rgba colour, bool backdrop = false)
    {
        if (idx < 0) return;
        const Rect r = out_.instances[static_cast<std::size_t>(idx)].rect;
        const float pad = 3.0f;
        for (const auto& choice : choices) {
            const bool two = !choice[1].empty();
            const float w = std::max(textWidth(choice[0]), textWidth(choice[1]));
            const float h = (two ? 2.0f : 1.0f) * f_;
            if (w + 2 * pad > r.w || h + 2 > r.h) continue;
            const float top = r.cy() - h / 2;
            label(r.cx() - textWidth(choice[0]) / 2, top, choice[0], colour, idx, backdrop);
            if (two) label(r.cx() - textWidth(choice[1]) / 2, top + f_, choice[1], colour, idx, backdrop);
            return;
        }
    }

    std::string nameOf(std::uint32_t name) const
    {
        return name < names_.size() ? names_[name] : std::string(lab::tr("(unnamed)"));
    }

    // Arrow from the gutter's `buffer_list` to the newest buffer's header;
    // Zig 0.16: `used_list` (list 0) and `free_list` (list 1), each to its first node.
    void head(std::uint8_t list)
    {
        const float y = listTop(list) + 0.2f * f_;
        const char* const name = !z16_ ? "buffer_list" : list == 0 ? "used_list" : "free_list";
        if (y >= out_.content_top - 0.1f * f_ && y < view_h_) label(margin_f * f_, y, name, pal_.text_light);
        const std::size_t first = list == 0 ? 0 : used_;
        if (first >= (list == 0 ? used_ : pic_.nodes.size())) {
            if (y < out_.content_top - 0.1f * f_ || y >= view_h_) return;
            const char* const empty = !z16_      ? N_("= null: no buffers (the first alloc makes one)")
                                      : list == 0 ? N_("= null: no nodes (the first alloc makes one)")
                                                  : N_("= null: no spare nodes");
            // The sentence where it fits the view, else its first words (a narrow window).
            const std::string said = lab::tr(empty);
            const bool fits = out_.bar_left + textWidth(said) <= view_w_ - margin_f * f_;
            label(out_.bar_left, y, fits ? said : std::string(lab::tr(z16_ && list == 0 ? N_("= null: no nodes") : N_("= null: no buffers"))),
                  pal_.text_dim);
            return;
        }
        const int row = static_cast<int>(first);
        const std::uint64_t buf = pic_.nodes[first].buf;
        const float hx = x(0) + static_cast<float>(std::min<double>(static_cast<double>(hdr_), static_cast<double>(pic_.nodes[first].len)) * out_.px_per_byte / 2);
        const float shaft_y = y + 0.5f * f_;
        const float start_x = margin_f * f_ + textWidth(name) + 4;
        const float bar_top = rowTop(row);
        // Horizontal from the label, then down into the header.
        if (hx > start_x) add({{start_x, shaft_y - 1, hx + 1 - start_x, 2}, pal_.arrow, Pattern::solid, Part::arrow, row, -1, -1, 0, 0, makeKey(Part::arrow, buf, 1)}, false);
        arrowDown(hx, shaft_y - 1, bar_top, makeKey(Part::arrow, buf, 2), row);
    }

    // A vertical arrow ending with its point on y1.
    void arrowDown(float ax, float y0, float y1, std::uint64_t key, int node)
    {
        const float head_h = std::min(0.6f * f_, (y1 - y0) * 0.6f);
        const float head_w = std::max(0.7f * f_, 8.0f);
        if (y1 - head_h > y0)
            add({{ax - 1, y0, 2, y1 - head_h - y0 + 1}, pal_.arrow, Pattern::solid, Part::arrow, node, -1, -1, 0, 0, key});
        addWhole({{ax - head_w / 2, y1 - head_h, head_w, head_h}, pal_.arrow, Pattern::arrow_head, Part::arrow, node, -1, -1, 0, 0, key + 1});
    }

    void row(int i)
    {
        const lab::PictureNode& node = pic_.nodes[static_cast<std::size_t>(i)];
        const float top = rowTop(i);
        const float h = bar_f * f_;
        if (top > view_h_ || top + (bar_f + gap_) * f_ < out_.content_top) return; // off screen

        bar_top_ = top;
        bar_h_ = h;
        node_ = i;
        pending_ = {};
        const bool newest = i == 0;

        // The header, never narrower than a pixel so the list stays visible.
        const std::size_t hdr_end = std::min(hdr_, node.len);
        const int header = piece(0, hdr_end, Part::header, -1, pal_.header, Pattern::solid, true);

        // Gutter: the buffer's number and length (moving with its header).
        if (top + h / 2 - f_ >= out_.content_top) {
            label(margin_f * f_, top + h / 2 - f_, "buf " + std::to_string(node.buf), pal_.text_light, header);
            label(margin_f * f_, top + h / 2, lab::bytesShort(node.len), pal_.text_dim, header);
        }

        // Segments (only those in view), the gaps between them, the tail.
        const auto& segs = node.segments;
        auto first = std::partition_point(segs.begin(), segs.end(),
                                          [&](const lab::Segment& s) { return static_cast<double>(s.end) <= visible_lo_; });
        std::size_t pos = first == segs.begin() ? hdr_end : std::prev(first)->end;
        bool cut = false;
        for (auto it = first; it != segs.end(); ++it) {
            if (it->begin > pos) piece(pos, it->begin, Part::tail, -1, pal_.tail, Pattern::solid);
            if (static_cast<double>(it->begin) > visible_hi_) {
                cut = true;
                break;
            }
            segment(*it, static_cast<int>(it - segs.begin()));
            pos = std::max(pos, it->end);
        }
        if (!cut && pos < node.len) piece(pos, node.len, Part::tail, -1, pal_.tail, Pattern::solid);
        flush();

        bufferEnd(node, i);
        // Zig 0.16: every node keeps its own end_index, so each has a marker.
        if (z16_) endIndexMarker(node, i, node.end_index);
        else if (newest) endIndexMarker(node, i, pic_.end_index);

        // `next`: an arrow down to the next buffer's header, or null.
        const float hx = x(0) + static_cast<float>(static_cast<double>(hdr_end) * out_.px_per_byte / 2);
        if (!lastOfList(i)) {
            arrowDown(hx, top + h, rowTop(i + 1), makeKey(Part::arrow, node.buf, 3), i);
        } else if (hx >= out_.bar_left && hx < view_w_) {
            add({{hx - 1, top + h, 2, 0.45f * f_}, pal_.arrow, Pattern::solid, Part::arrow, i, -1, -1, 0, 0, makeKey(Part::arrow, node.buf, 4)});
            const std::string null_text = "next = null";
            label(hx - 4 - textWidth(null_text), top + h + 0.1f * f_, null_text, pal_.text_dim);
        }
    }

    void segment(const lab::Segment& s, int index)
    {
        switch (s.kind) {
        case lab::SegmentKind::live:
            piece(s.begin, s.end, Part::segment, index, allocationColour(s.name, pal_), Pattern::solid);
            break;
        case lab::SegmentKind::padding:
            piece(s.begin, s.end, Part::segment, index, pal_.padding, Pattern::hatched);
            break;
        case lab::SegmentKind::freed:
            piece(s.begin, s.end, Part::segment, index, allocationColour(s.name, pal_), Pattern::ghosted);
            break;
        case lab::SegmentKind::stranded:
            piece(s.begin, s.end, Part::segment, index, strandedColour(s.name, pal_), Pattern::crosshatch);
            break;
        case lab::SegmentKind::reserved:
            // Taken by the atomic add, not handed out yet: upright stripes
            // in end_index's colour, since end_index moved over them.
            piece(s.begin, s.end, Part::segment, index, pal_.end_index, Pattern::upright);
            break;
        case lab::SegmentKind::gap:
            piece(s.begin, s.end, Part::segment, index, pal_.text_dim, Pattern::crosshatch);
            break;
        }
    }

    // One run of bytes of the current row. Runs narrower than a pixel are
    // gathered into one aggregate rectangle per pixel, so a buffer with a
    // million tiny allocations is still a few thousand rectangles.
    // Returns the rectangle's index, or -1 (gathered, or out of view).
    int piece(std::size_t begin, std::size_t end, Part part, int seg, Rgba colour, Pattern pattern, bool at_least_a_pixel = false)
    {
        const double x0 = out_.xOfByte(begin);
        const double x1 = out_.xOfByte(end);
        if (x1 - x0 < 1.0 && !at_least_a_pixel) {
            if (pending_.count == 0) {
                pending_.begin = begin;
                pending_.first = seg;
                pending_.best_len = 0;
            }
            pending_.end = end;
            if (seg >= 0) pending_.last = seg;
            if (end - begin > pending_.best_len) {
                pending_.best_len = end - begin;
                pending_.colour = colour;
            }
            ++pending_.count;
            if (out_.xOfByte(pending_.end) - out_.xOfByte(pending_.begin) >= 1.0) flush();
            return -1;
        }
        flush();
        Rect r{static_cast<float>(x0), bar_top_, static_cast<float>(std::max(x1 - x0, 1.0)), bar_h_};
        const std::uint64_t buf = pic_.nodes[static_cast<std::size_t>(node_)].buf;
        const int idx = add({r, colour, pattern, part, node_, seg, seg < 0 ? -1 : seg + 1, begin, end, makeKey(Part::segment, buf, begin)});
        if (idx < 0) return -1;
        describe(idx);
        if (part == Part::segment) {
            const lab::Segment& s = pic_.nodes[static_cast<std::size_t>(node_)].segments[static_cast<std::size_t>(seg)];
            if (s.name != lab::no_name && s.name == selected_ && (s.kind == lab::SegmentKind::live || s.kind == lab::SegmentKind::stranded))
                add({{r.x - 1, r.y - 1, r.w + 2, r.h + 2}, pal_.selection, Pattern::outline, Part::selection, node_, seg, seg + 1, begin, end, makeKey(Part::selection, buf, begin)});
        }
        return idx;
    }

    void flush()
    {
        if (pending_.count == 0) return;
        const double x0 = out_.xOfByte(pending_.begin);
        const double x1 = out_.xOfByte(pending_.end);
        // A run of the same colour right after the last aggregate extends it:
        // a row of a million tiny allocations of one colour is one rectangle,
        // not one per pixel column (a software renderer pays per rectangle).
        if (!out_.instances.empty()) {
            Instance& last = out_.instances.back();
            const float right = std::min(static_cast<float>(std::max(x1, x0 + 1.0)), view_w_);
            if (last.part == Part::aggregate && last.node == node_ && last.end == pending_.begin &&
                last.colour == pending_.colour && right > last.rect.x) {
                last.end = pending_.end;
                if (last.segment < 0) last.segment = pending_.first;
                if (pending_.last >= 0) last.segment_end = pending_.last + 1;
                last.rect.w = right - last.rect.x;
                pending_ = {};
                return;
            }
        }
        Rect r{static_cast<float>(x0), bar_top_, static_cast<float>(std::max(x1 - x0, 1.0)), bar_h_};
        const std::uint64_t buf = pic_.nodes[static_cast<std::size_t>(node_)].buf;
        add({r, pending_.colour, Pattern::flat, Part::aggregate, node_, pending_.first, pending_.last < 0 ? -1 : pending_.last + 1,
             pending_.begin, pending_.end, makeKey(Part::segment, buf, pending_.begin)});
        pending_ = {};
    }

    // The label inside a rectangle just added, by what it shows.
    void describe(int idx)
    {
        const Instance& in = out_.instances[static_cast<std::size_t>(idx)];
        const std::string size = lab::bytesShort(in.end - in.begin);
        switch (in.part) {
        case Part::header:
            labelInside(idx, {{z16_ ? "Node" : "BufNode", size}, {"hdr", size}, {"hdr", ""}}, textOn(in.colour));
            break;
        case Part::tail:
            if (node_ == 0 && static_cast<std::size_t>(node_) < used_) {
                // The same figure as Stats' "Free after end_index": every
                // byte after end_index, freed ones included.
                const std::string free_text = lab::bytesShort(freeAfterEndIndex(pic_));
                labelInside(idx, {{lab::tr("free after end_index"), free_text}, {lab::tr("free"), free_text}, {free_text, ""}}, pal_.text_dim);
            } else {
                labelInside(idx, {{lab::tr("unused"), size}, {size, ""}}, pal_.text_dim);
            }
            break;
        case Part::segment: {
            const lab::Segment& s = pic_.nodes[static_cast<std::size_t>(in.node)].segments[static_cast<std::size_t>(in.segment)];
            switch (s.kind) {
            case lab::SegmentKind::live: labelInside(idx, {{nameOf(s.name), size}, {nameOf(s.name), ""}}, textOn(in.colour)); break;
            case lab::SegmentKind::padding:
                labelInside(idx, {{lab::tr("pad"), size}, {lab::grouped(s.len()), ""}}, pal_.text_light, true);
                break;
            case lab::SegmentKind::freed: labelInside(idx, {{lab::tr("freed"), size}, {lab::tr("freed"), ""}}, pal_.text_light); break;
            case lab::SegmentKind::stranded: {
                // Freed while not the most recent, or given up by a shrink:
                // drawn alike, so the words tell them apart.
                const std::string name = nameOf(s.name);
                const std::string why = s.shrunk ? lab::tr("shrunk") : lab::tr("freed");
                const std::string stranded = lab::tr("stranded");
                labelInside(idx, {{name + " " + why, stranded}, {name + " " + why, size}, {name, why}, {why, size}, {why, ""}},
                            textOn(in.colour));
                break;
            }
            case lab::SegmentKind::reserved:
                labelInside(idx, {{lab::tr("reserved"), size}, {lab::tr("reserved"), ""}, {size, ""}}, pal_.text_light, true);
                break;
            case lab::SegmentKind::gap:
                labelInside(idx, {{lab::tr("wasted gap"), size}, {lab::tr("gap"), size}, {lab::tr("gap"), ""}}, pal_.text_light, true);
                break;
            }
            break;
        }
        default: break;
        }
    }

    // Buffers whose bar is out of the view, above or below, said plainly:
    // nothing is hidden without a word.
    void announceHiddenRows()
    {
        std::size_t above = 0, below = 0;
        for (std::size_t i = 0; i < pic_.nodes.size(); ++i) {
            const float top = rowTop(static_cast<int>(i));
            if (top + bar_f * f_ > view_h_ + 0.5f) ++below;
            else if (top < out_.content_top - 0.5f) ++above;
        }
        const auto say = [&](std::size_t n, const char* where, const char* keys, float y) {
            if (n == 0) return;
            const std::string text = n == 1 ? lab::trf("{} more buffer {} ({}, or drag)", n, lab::tr(where), keys)
                                            : lab::trf("{} more buffers {} ({}, or drag)", n, lab::tr(where), keys);
            out_.hidden_rows_label = true;
            out_.labels.push_back({std::max(out_.bar_left, view_w_ - 6 - textWidth(text)), y, text, pal_.text_light, true, -1});
        };
        say(below, N_("below"), "Shift+Down", view_h_ - 1.15f * f_);
        say(above, N_("above"), "Shift+Up", out_.content_top + 0.1f * f_);
        out_.rows_below = below;
        out_.rows_above = above;
    }

    // A light bar at the buffer's last byte, over its edge: where the
    // buffer ends shows whatever colour its last bytes are.
    void bufferEnd(const lab::PictureNode& node, int i)
    {
        const float ex = x(node.len);
        const float bw = std::max(2.0f, pal_.edge_px + 1.0f);
        if (ex < out_.bar_left || ex - bw > view_w_) return;
        add({{ex - bw, bar_top_, bw, bar_h_}, pal_.buffer_end, Pattern::flat, Part::buffer_end, i, -1, -1, node.len, node.len,
             makeKey(Part::buffer_end, node.buf, 0)});
    }

    // The marker of `end_index` on row i, its label on the line above the
    // bar. Zig 0.16's may lie past the node's end (a failed fit): the marker
    // is drawn there, beyond the end bar, with a frame from the end to it.
    void endIndexMarker(const lab::PictureNode& node, int i, std::size_t end_index)
    {
        const std::size_t wanted = hdr_ + end_index;
        const bool past_end = z16_ && wanted > node.len;
        const std::size_t byte = z16_ ? wanted : std::min(wanted, node.len);
        const float mx = x(byte);
        const float over = 0.45f * f_;
        const std::uint64_t key = makeKey(Part::end_index, node.buf, 0);
        if (past_end) {
            add({{x(node.len), bar_top_ + 0.15f * bar_h_, mx - x(node.len), 0.7f * bar_h_}, pal_.end_index, Pattern::outline,
                 Part::end_index, i, -1, -1, node.len, byte, key + 2});
        }
        const int idx = add({{mx - 1.5f, bar_top_ - over, 3.0f, bar_h_ + 2 * over}, pal_.end_index, Pattern::solid, Part::end_index, i, -1, -1, byte, byte, key});
        const float head_w = std::max(0.8f * f_, 9.0f);
        addWhole({{mx - head_w / 2, bar_top_ - over - 0.55f * f_, head_w, 0.55f * f_}, pal_.end_index, Pattern::arrow_head, Part::end_index, i, -1, -1, byte, byte, key + 1});
        std::string text = "end_index = " + lab::grouped(end_index);
        if (past_end) text += lab::trf(" (past the end by {})", lab::grouped(wanted - node.len));
        // On the line above the bar (the list's line for the first), beside the marker's head.
        const float ly = bar_top_ - head_f * f_ + 0.2f * f_;
        if (idx < 0) {
            // Panned out of sight: say which way it is, at the edge of the view.
            if (ly < out_.content_top || ly > view_h_) return;
            if (mx >= view_w_) label(view_w_ - 4 - textWidth(text + " ->"), ly, text + " ->", pal_.end_index);
            else if (mx < out_.bar_left) label(out_.bar_left + 4, ly, "<- " + text, pal_.end_index);
            return;
        }
        float lx = mx + head_w / 2 + 4;
        if (lx + textWidth(text) > view_w_) lx = mx - head_w / 2 - 4 - textWidth(text); // no room on the right
        label(std::max(lx, out_.bar_left), ly, text, pal_.end_index, idx);
    }

    // Ticks at 1, 2 or 5 times a power of ten bytes, at least the widest
    // label and two characters apart (nine-character labels under a 2 MB
    // buffer ran into each other at a fixed eight).
    void ruler(std::size_t longest)
    {
        const float base_y = out_.content_top - 0.2f * f_;
        // add() clips to the content area, which starts below the ruler: place these directly.
        out_.instances.push_back({{0, 0, view_w_, out_.content_top}, pal_.background, Pattern::solid, Part::ruler, -1, -1, -1, 0, 0, makeKey(Part::ruler, 0, 0)});
        out_.instances.push_back({{out_.bar_left, base_y, std::max(0.0f, std::min(x(longest), view_w_) - out_.bar_left), 1}, pal_.ruler, Pattern::solid, Part::ruler, -1, -1, -1, 0, 0, makeKey(Part::ruler, 0, 1)});
        label(margin_f * f_, top_f * f_, lab::tr("bytes"), pal_.text_dim);

        const double widest = textWidth(lab::grouped(longest));
        const double min_gap_px = std::max({widest + 2.0 * m_.char_w, 8.0 * m_.char_w, 60.0});
        double step = 1;
        for (int guard = 0; step * out_.px_per_byte < min_gap_px && guard < 60; ++guard) {
            const double mant = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            step *= mant < 1.5 ? 2.0 : mant < 3.0 ? 2.5 : 2.0; // 1 -> 2 -> 5 -> 10
        }
        const double hi = std::min(visible_hi_, static_cast<double>(longest));
        for (double b = std::ceil(visible_lo_ / step) * step; b <= hi + 0.5; b += step) {
            const auto byte = static_cast<std::size_t>(std::llround(b));
            const float tx = x(byte);
            if (tx < out_.bar_left - 0.5f || tx > view_w_) continue;
            out_.instances.push_back({{tx - 0.5f, base_y - 0.25f * f_, 1, 0.25f * f_}, pal_.ruler, Pattern::solid, Part::ruler, -1, -1, -1, byte, byte, makeKey(Part::ruler, 1, byte)});
            const std::string text = lab::grouped(byte);
            const float lx = tx - textWidth(text) / 2;
            if (lx + textWidth(text) > view_w_) continue;
            label(lx, top_f * f_, text, pal_.text_dim);
        }
    }

    struct Pending {
        std::size_t begin = 0, end = 0;
        int first = -1, last = -1;
        std::size_t best_len = 0;
        Rgba colour = normal_palette.tail;
        std::size_t count = 0;
    };

    const lab::Picture& pic_;
    float view_w_, view_h_;
    Camera cam_;
    LayoutMetrics m_;
    float f_;
    std::span<const std::string> names_;
    std::uint32_t selected_;
    const Palette& pal_;
    ArenaLayout out_;
    double visible_lo_ = 0, visible_hi_ = 0;
    float bar_top_ = 0, bar_h_ = 0;
    int node_ = 0;
    Pending pending_;
    bool z16_;          // Zig 0.16's picture: two lists, each node's end_index
    std::size_t hdr_;   // the header's bytes: 16, or 24 for Zig 0.16
    float gap_;         // between bars, in line heights
    std::size_t used_;  // rows of used_list (the classic: every row)
};

} // namespace

Rgba allocationColour(std::uint32_t name, const Palette& colours)
{
    if (name == lab::no_name) return colours.unnamed;
    return colours.allocations[name % std::size(colours.allocations)];
}

Rgba strandedColour(std::uint32_t name, const Palette& colours)
{
    return mix(allocationColour(name, colours), colours.background, 0.45f);
}

const Instance* ArenaLayout::find(Part part, int node, int segment) const
{
    for (const Instance& in : instances)
        if (in.part == part && (node < 0 || in.node == node) && (segment < 0 || in.segment == segment)) return &in;
    return nullptr;
}

const Instance* ArenaLayout::hit(float x, float y) const
{
    for (auto it = instances.rbegin(); it != instances.rend(); ++it) {
        switch (it->part) {
        case Part::header:
        case Part::segment:
        case Part::aggregate:
        case Part::tail:
        case Part::end_index:
            if (it->rect.contains(x, y)) return &*it;
            break;
        default: break;
        }
    }
    return nullptr;
}

ArenaLayout layoutArena(const lab::Picture& picture, float view_w, float view_h, const Camera& camera,
                        const LayoutMetrics& metrics, std::span<const std::string> names, std::uint32_t selected,
                        const Palette& colours)
{
    return Builder(picture, view_w, view_h, camera, metrics, names, selected, colours).build();
}

Camera clampCamera(Camera c, const lab::Picture& picture, float view_w, float view_h, const LayoutMetrics& m)
{
    const double base = availableWidth(view_w, m) / static_cast<double>(longestBuffer(picture));
    const double max_zoom = std::max(1.0, max_px_per_byte / base);
    c.zoom = static_cast<float>(std::clamp(static_cast<double>(c.zoom), 0.5, max_zoom));
    const float avail = availableWidth(view_w, m);
    const float width = avail * c.zoom;
    c.pan_x = std::clamp(c.pan_x, -avail * 0.5f, std::max(0.0f, width - avail * 0.5f));
    const float rows_h = rowsHeight(picture, m.font_px);
    const float visible_h = std::max(view_h - (top_f + ruler_f) * m.font_px, 1.0f);
    c.pan_y = std::clamp(c.pan_y, 0.0f, std::max(0.0f, rows_h - visible_h * 0.5f));
    return c;
}

Camera zoomAbout(Camera c, float factor, float anchor_x, const LayoutMetrics& m)
{
    // The byte under the anchor is (anchor - left + pan) / (base * zoom):
    // keeping it fixed scales (anchor - left + pan) by the zoom's ratio.
    const float rel = anchor_x - gutterWidth(m);
    c.pan_x = (rel + c.pan_x) * factor - rel;
    c.zoom *= factor;
    return c;
}

float pictureHeight(std::size_t nodes, float font_px, lab::Model model)
{
    // Zig 0.16: every node on used_list, free_list's line empty.
    return (top_f + ruler_f) * font_px + rowsHeight(nodes, 0, model == lab::Model::zig_0_16, font_px);
}

std::size_t freeAfterEndIndex(const lab::Picture& picture)
{
    const std::size_t hdr = picture.headerBytes();
    if (picture.nodes.empty() || picture.nodes.front().list != 0 || picture.nodes.front().len <= hdr) return 0;
    const std::size_t room = picture.nodes.front().len - hdr;
    return room - std::min(picture.end_index, room);
}

} // namespace gui
