// Animated export and the handout (export_media.hpp): frames and pictures
// drawn here, encoded by app/media.
#include "gui/export_media.hpp"

#include <imgui.h>
#include <imgui_internal.h> // ImGuiWindow's scroll: each frame scrolled as a fresh window's

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string_view>

#include "arena/step.hpp"
#include "gui/shot.hpp"
#include "lab/i18n.hpp"
#include "lab/command.hpp"
#include "lab/explain.hpp"
#include "lab/fields.hpp"
#include "lab/lessons.hpp"
#include "lab/numbers.hpp"
#include "lab/race_view.hpp"
#include "media/animation.hpp"
#ifndef __EMSCRIPTEN__
#include "media/handout.hpp"
#endif

namespace gui {

namespace {

struct Crop {
    int x = 0, y = 0, w = 0, h = 0;
};

// The arena view's picture in the last frame drawn, in the frame's pixels.
Crop arenaPicture(OffscreenWindow& app, int width, int height)
{
    const ArenaViewMemory& m = app.arenaRenderer().memory;
    Crop c;
    c.x = std::clamp(static_cast<int>(std::lround(m.image_x)), 0, width - 1);
    c.y = std::clamp(static_cast<int>(std::lround(m.image_y)), 0, height - 1);
    c.w = std::clamp(static_cast<int>(std::lround(m.view_w)), 1, width - c.x);
    c.h = std::clamp(static_cast<int>(std::lround(m.view_h)), 1, height - c.y);
    return c;
}

Crop intersect(const Crop& a, const Crop& b)
{
    const int x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
    const int x1 = std::min(a.x + a.w, b.x + b.w), y1 = std::min(a.y + a.h, b.y + b.h);
    return {x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

std::vector<std::uint8_t> cropped(const std::vector<std::uint8_t>& rgba, int width, const Crop& c)
{
    std::vector<std::uint8_t> out(static_cast<std::size_t>(c.w) * static_cast<std::size_t>(c.h) * 4);
    for (int row = 0; row < c.h; ++row) {
        const auto from = rgba.begin() + (static_cast<std::ptrdiff_t>(c.y + row) * width + c.x) * 4;
        std::copy(from, from + static_cast<std::ptrdiff_t>(c.w) * 4, out.begin() + static_cast<std::ptrdiff_t>(row) * c.w * 4);
    }
    return out;
}

// Moves to step `position` as a shot of it opens there: the arena view
// fitted to that step's picture (a shot's text shrinks with its rows), and
// every panel scrolled as a window just opened scrolls it (the Source and
// Script panels scroll only as far as the step's line needs, from where
// they were).
void showStep(OffscreenWindow& app, std::size_t position)
{
    app.lab().seek(position);
    app.arenaCamera().fit_requested = true;
    ImGuiContext& context = *ImGui::GetCurrentContext();
    for (ImGuiWindow* window : context.Windows) {
        window->Scroll = ImVec2(0.0f, 0.0f);
        window->ScrollTarget = ImVec2(FLT_MAX, FLT_MAX);
    }
}

#ifndef __EMSCRIPTEN__ // the handout is the desktop's (cairo, Pango)
// The height of `c` down to its last row that is not all the view's
// background (inside the panel's 1-pixel border), and a margin.
int usedHeight(const std::vector<std::uint8_t>& rgba, int width, const Crop& c)
{
    const auto pixel = [&](int x, int y) {
        const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
        return std::array<std::uint8_t, 3>{rgba[i], rgba[i + 1], rgba[i + 2]};
    };
    if (c.w < 8 || c.h < 8) return c.h;
    const auto background = pixel(c.x + c.w / 2, c.y + c.h - 3);
    int last = c.h - 3;
    for (; last > 0; --last) {
        bool empty = true;
        for (int x = c.x + 2; x < c.x + c.w - 2 && empty; ++x) empty = pixel(x, c.y + last) == background;
        if (!empty) break;
    }
    const int margin = 16;
    return std::min(c.h, last + 1 + margin);
}

// Line `line` (1-based) of `text`, without its line ending and trailing blanks.
std::string scriptLine(std::string_view text, std::size_t line)
{
    std::size_t begin = 0;
    for (std::size_t l = 1; l < line; ++l) {
        const std::size_t nl = text.find('\n', begin);
        if (nl == std::string_view::npos) return {};
        begin = nl + 1;
    }
    std::string_view s = text.substr(begin, text.find('\n', begin) - begin);
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

using Block = media::HandoutBlock;
using Style = media::HandoutBlock::Style;

// The page of step `position`: where it is, the picture, what the arena
// did (every step of the operation on an operation's page), the caption.
media::HandoutSection stepSection(OffscreenWindow& app, std::size_t position, bool whole_operation)
{
    lab::Lab& lab = app.lab();
    showStep(app, position);
    media::HandoutSection s;
    const std::vector<std::uint8_t> frame = settledFrame(app, handout_window_width, handout_window_height);
    Crop c = arenaPicture(app, handout_window_width, handout_window_height);
    // Paper is precious: the empty rows under the last buffer go.
    c.h = usedHeight(frame, handout_window_width, c);
    s.picture = {cropped(frame, handout_window_width, c), c.w, c.h};

    const lab::OpEntry* op = lab.currentOp();
    const auto op_index = lab.currentOpIndex();
    if (op == nullptr || !op_index) {
        s.above.push_back({Style::heading, lab::tr("Before the first step")});
        s.below.push_back({Style::body, lab::tr("The arena is empty: no buffer yet.")});
        return s;
    }
    const std::string line = scriptLine(lab.text(), op->line);
    // The Step panel's own words (panel_step.cpp), in the reader's language.
    s.above.push_back({Style::heading, lab::operationHeading(lab.history(), *op_index, op->line, line)});
    const std::size_t op_steps = op->steps_end - op->steps_begin;
    if (whole_operation) {
        s.above.push_back({Style::muted, op_steps == 1
                                             ? lab::trf("Step {} of {}; the picture after it", lab::grouped(op->steps_end),
                                                        lab::grouped(lab.steps()))
                                             : lab::trf("Steps {} to {} of {}; the picture after the last",
                                                        lab::grouped(op->steps_begin + 1), lab::grouped(op->steps_end),
                                                        lab::grouped(lab.steps()))});
        // A block each, so a page breaks between steps, never inside one.
        for (std::size_t k = op->steps_begin; k < op->steps_end; ++k) {
            const lab::StepEntry e = lab.history().step(k);
            s.below.push_back({Style::body, lab::grouped(k - op->steps_begin + 1) + ". " + lab::explainStep(e.step)});
        }
    } else if (const lab::StepEntry* step = lab.currentStep()) {
        s.above.push_back({Style::muted, lab::trf("Step {} of {} in this operation ({} of {} overall): {}",
                                                  lab::grouped(position - op->steps_begin), lab::grouped(op_steps),
                                                  lab::grouped(position), lab::grouped(lab.steps()),
                                                  arena::stepName(step->step.kind))});
        s.below.push_back({Style::body, lab::explainStep(step->step)});
    }
    if (const std::string* caption = lab.captionFor(op->line)) s.below.push_back({Style::emphasis, *caption});
    return s;
}
#endif

// The colours a GIF keeps exact: the arena view's palette (its fills,
// markers, arrows and labels) and the theme's opaque colours.
std::vector<std::uint32_t> pictureColours(OffscreenWindow& app)
{
    std::vector<std::uint32_t> out;
    const auto add = [&](std::uint8_t r, std::uint8_t g, std::uint8_t b) {
        out.push_back((std::uint32_t{r} << 16) | (std::uint32_t{g} << 8) | b);
    };
    const Palette& p = app.arenaRenderer().palette();
    for (const Rgba& c : {p.background, p.header, p.tail, p.padding, p.padding_gap, p.stranded_gap, p.end_index,
                          p.buffer_end, p.arrow, p.ruler, p.text_light, p.text_dark, p.text_dim, p.unnamed})
        add(c.r, c.g, c.b);
    for (const Rgba& c : p.allocations) add(c.r, c.g, c.b);
    const ImGuiStyle& style = ImGui::GetStyle();
    for (const ImVec4& c : style.Colors)
        if (c.w >= 1.0f) {
            const auto byte = [](float v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
            add(byte(c.x), byte(c.y), byte(c.z));
        }
    return out;
}

} // namespace

bool encodeAnimation(OffscreenWindow& app, const AnimationSpec& spec, std::string& bytes, std::string& error)
{
    // The arena view's picture moves when the Step panel's text grows: keep
    // the part every frame shows (a first pass finds it).
    std::optional<Crop> crop;
    if (spec.arena_only)
        for (std::size_t p = spec.from; p <= spec.to; ++p) {
            showStep(app, p);
            settledFrame(app, spec.width, spec.height);
            const Crop c = arenaPicture(app, spec.width, spec.height);
            crop = crop ? intersect(*crop, c) : c;
        }
    const int w = crop ? crop->w : spec.width, h = crop ? crop->h : spec.height;
    std::unique_ptr<media::AnimationEncoder> encoder; // once the first frame has set the view's palette
    // Each frame's time from the timeline, so no rounding piles up.
    const auto at_ms = [&](std::size_t frames) { return std::llround(static_cast<double>(frames) * 1000.0 / spec.fps); };
    for (std::size_t p = spec.from; p <= spec.to; ++p) {
        showStep(app, p);
        const std::vector<std::uint8_t> frame = settledFrame(app, spec.width, spec.height);
        if (!encoder) {
            encoder = media::AnimationEncoder::create(spec.webp ? media::AnimationFormat::webp : media::AnimationFormat::gif,
                                                      w, h, error, pictureColours(app));
            if (!encoder) return false;
        }
        const std::size_t n = p - spec.from;
        long long ms = at_ms(n + 1) - at_ms(n);
        if (p == spec.to) ms += std::llround(spec.hold * 1000.0);
        const int duration = static_cast<int>(std::clamp<long long>(ms, 10, 655'350));
        const bool ok = crop ? encoder->add(cropped(frame, spec.width, *crop).data(), duration, error)
                             : encoder->add(frame.data(), duration, error);
        if (!ok) return false;
    }
    return encoder != nullptr && encoder->finish(bytes, error);
}

#ifndef __EMSCRIPTEN__
bool encodeHandout(OffscreenWindow& app, const std::vector<std::size_t>& steps, std::string& pdf, std::string& error)
{
    lab::Lab& lab = app.lab();
    media::Handout handout;
    // Every word below is in lab::language() (the command line's --lang, the
    // window's View > Language): tr() for the handout's own, the lesson's
    // `# zh:` lines for its title, introduction and captions.
    handout.language = lab::language() == lab::Lang::zh ? "zh-cn" : "en";

    // The title page: title, introduction, the script.
    media::HandoutSection title_page;
    const std::string title = lab::lessonTitleIn(lab.text());
    const std::size_t number = lab::lessonNumber(lab.text());
    handout.title = title.empty() ? lab.fileName() : number > 0 ? lab::trf("Lesson {}: {}", number, title) : title;
    title_page.above.push_back({Style::title, handout.title});
    if (const std::string intro = lab::lessonIntro(lab.text()); !intro.empty())
        title_page.above.push_back({Style::body, intro});
    title_page.above.push_back({Style::heading, lab::trf("The script ({})", lab.fileName())});
    std::string script = lab.text();
    while (!script.empty() && (script.back() == '\n' || script.back() == '\r')) script.pop_back();
    title_page.above.push_back({Style::code, script});
    handout.sections.push_back(std::move(title_page));

    if (steps.empty()) {
        for (std::size_t i = 0; i < lab.history().opCount(); ++i)
            handout.sections.push_back(stepSection(app, lab.history().opStepsEnd(i), true));
    } else {
        for (const std::size_t p : steps) handout.sections.push_back(stepSection(app, std::min(p, lab.steps()), false));
    }
    return media::writeHandoutPdf(handout, pdf, error);
}
#endif

bool encodeMedia(OffscreenWindow& app, Export what, bool webp, int width, int height, std::string& bytes, std::string& error)
{
    lab::Lab& lab = app.lab();
    if (lab.steps() == 0) {
        error = lab::tr("Nothing to export yet: run the script first.");
        return false;
    }
    ViewState& ui = app.ui();
    const std::size_t cursor = lab.cursor();
    // The zoom, pan, fit and text scale the person had.
    const ArenaCamera camera = app.arenaCamera();
    bool ok = false;
    if (what == Export::handout) {
#ifdef __EMSCRIPTEN__
        error = lab::tr("Handouts are made by the desktop app (File > Export > Handout, or arenalab export --handout): "
                        "the page has no PDF writer.");
#else
        ok = encodeHandout(app, {}, bytes, error);
#endif
    } else {
        AnimationSpec spec;
        spec.width = width;
        spec.height = height;
        spec.webp = webp;
        spec.to = lab.steps();
        if (what == Export::animation_op) {
            // The cursor's operation, or the first one before any step.
            const std::size_t op = lab.currentOpIndex().value_or(0);
            spec.from = lab.history().opStepsBegin(op);
            spec.to = lab.history().opStepsEnd(op);
        } else if (what == Export::animation_range) {
            // Picked on the step bar (panel_step.cpp), either way round.
            const ViewState::RangePick& pick = ui.range_pick;
            if (!pick.from || !pick.to) {
                error = lab::tr("Pick the range on the step bar first: File > Export > Animation of a range.");
                return false;
            }
            spec.from = std::min({*pick.from, *pick.to, lab.steps()});
            spec.to = std::min(std::max(*pick.from, *pick.to), lab.steps());
        }
        ok = encodeAnimation(app, spec, bytes, error);
    }
    lab.seek(cursor);
    app.arenaCamera() = camera;
    return ok;
}

} // namespace gui
