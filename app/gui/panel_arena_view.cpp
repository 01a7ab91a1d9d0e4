// The arena view: the picture at the cursor, drawn by ArenaRenderer
// straight into the frame (no texture in between), with text labels on top, a tooltip for whatever the mouse is
// over, click to select a handle, zoom and pan, and a short glide between
// steps so the eye can follow what moved.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "gui/fonts.hpp"
#include "lab/i18n.hpp"
#include "gui/arena_layout.hpp"
#include "gui/panels.hpp"
#include "gui/renderer.hpp"
#include "lab/command.hpp"
#include "lab/lessons.hpp"
#include "lab/numbers.hpp"

namespace gui {

namespace {

ImU32 toImU32(Rgba c, float alpha = 1.0f)
{
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(static_cast<float>(c.a) * std::clamp(alpha, 0.0f, 1.0f)));
}

float lerp(float a, float b, float t) { return a + (b - a) * t; }
std::uint8_t lerp8(std::uint8_t a, std::uint8_t b, float t)
{
    return static_cast<std::uint8_t>(std::lround(lerp(static_cast<float>(a), static_cast<float>(b), t)));
}

std::uint32_t nameIndex(const std::vector<std::string>& names, const std::optional<std::string>& name)
{
    if (!name) return lab::no_name;
    const auto it = std::find(names.begin(), names.end(), *name);
    return it == names.end() ? lab::no_name : static_cast<std::uint32_t>(it - names.begin());
}

std::string hex(std::uintptr_t address)
{
    char text[32];
    std::snprintf(text, sizeof text, "0x%" PRIxPTR, address);
    return text;
}

std::string opText(const lab::Lab& lab, std::uint32_t op)
{
    if (op >= lab.history().opCount()) return "?";
    const lab::OpEntry& entry = lab.history().op(op);
    return lab::trf("line {0}: {1}", entry.line, lab::toScript(entry.command));
}

std::string handleName(const lab::Lab& lab, std::uint32_t name)
{
    const auto& names = lab.history().names();
    return name < names.size() ? names[name] : std::string(lab::tr("(unnamed)"));
}

// The operation that made the buffer starting at `addr`: the latest step
// before the cursor that put a buffer there (searched only while hovering).
std::string nodeMaker(const lab::Lab& lab, std::uint64_t buf)
{
    // The child call that handed the buffer out, found among the calls
    // (far fewer than the steps, which are decoded one by one).
    const lab::History& h = lab.history();
    const auto calls = h.calls();
    for (std::size_t i = calls.size(); i-- > 0;) {
        const arena::ChildCall& c = calls[i];
        if (c.kind != arena::ChildCall::Kind::alloc || !c.ok || c.buf != buf) continue;
        const std::size_t k = h.stepOfCall(i);
        return k < lab.cursor() ? "\n" + lab::trf("made by {}", opText(lab, static_cast<std::uint32_t>(h.opOfStep(k)))) : "";
    }
    return "";
}

} // namespace

// The tooltip: what this byte range is, where, how big, and which operation made it.
std::string describeInstance(const lab::Lab& lab, const Instance& in)
{
    const lab::Picture& pic = lab.picture();
    const bool z16 = pic.model == lab::Model::zig_0_16;
    if (in.part == Part::end_index && z16 && in.node >= 0 && static_cast<std::size_t>(in.node) < pic.nodes.size()) {
        const lab::PictureNode& node = pic.nodes[static_cast<std::size_t>(in.node)];
        const std::size_t room = node.len - pic.headerBytes();
        std::string text = lab::trf("end_index = {} of buf {}: this node's own (Zig 0.16 keeps one in every node's header).",
                                    lab::grouped(node.end_index), node.buf);
        if (node.end_index > room)
            text += "\n" + lab::trf("Past the end of its {}-byte buffer by {}: a failed fit's atomic add moved it there. "
                                     "Safe: every reader compares end_index with the size, and no allocation lives there.",
                                     lab::grouped(room), lab::grouped(node.end_index - room));
        return text;
    }
    if (in.part == Part::end_index) {
        return "end_index = " + lab::grouped(pic.end_index) + "\n" +
               lab::trf("Bytes used in the newest buffer after its header:\nthe next allocation starts at offset 16 + {} "
                        "(plus padding).", lab::grouped(pic.end_index));
    }
    if (in.node < 0 || static_cast<std::size_t>(in.node) >= pic.nodes.size()) return "";
    const lab::PictureNode& node = pic.nodes[static_cast<std::size_t>(in.node)];
    const std::string where = lab::trf("offset {0} in buf {1} (address {2})", lab::grouped(in.begin), node.buf,
                                       hex(node.addr + in.begin));
    const std::string size = lab::bytes(in.end - in.begin);
    switch (in.part) {
    case Part::header: {
        if (z16)
            return lab::trf("Node header of buf {}: 24 bytes (size {}, end_index {}, next)\n{} list",
                            node.buf, lab::grouped(node.len), lab::grouped(node.end_index), node.list == 0 ? "used_list" : "free_list") +
                   "\n" + where + nodeMaker(lab, node.buf);
        const bool last = static_cast<std::size_t>(in.node) + 1 == pic.nodes.size();
        return lab::trf("BufNode header of buf {}", node.buf) + "\n" + where + "\n" + lab::trf("{}, alignment 8", size) +
               "\nnext = " + (last ? std::string("null") : "buf " + std::to_string(pic.nodes[static_cast<std::size_t>(in.node) + 1].buf)) +
               "\ndata = " + lab::trf("{} (the whole buffer, header included)", lab::grouped(node.len)) + nodeMaker(lab, node.buf);
    }
    case Part::tail:
        if (z16 && (in.node != 0 || node.list != 0))
            return lab::trf("Unused: {}", size) + "\n" + where + "\n" +
                   (node.list != 0 ? lab::tr("A node of free_list: the next alloc that does not fit the first node of "
                                             "used_list may take it whole.")
                                   : lab::tr("Only the first node of used_list is bumped; this node keeps its own "
                                             "end_index, and these bytes stay unused until a reset."));
        if (in.node == 0)
            return lab::trf("Free: {}", size) + "\n" + where + "\n" + lab::tr("The next allocation is bumped into these bytes.");
        return lab::trf("Unused: {}", size) + "\n" + where + "\n" +
               lab::tr("Only the newest buffer is bumped, so these stay unused until a reset.");
    case Part::aggregate:
        return lab::trf("Several byte ranges narrower than a pixel: {}", size) + "\n" + where + "\n" +
               lab::tr("Zoom in (mouse wheel) to see them.");
    case Part::segment: break;
    default: return "";
    }
    const lab::Segment& s = node.segments[static_cast<std::size_t>(in.segment)];
    const std::string made_by = "\n" + lab::trf("made by {}", opText(lab, s.op));
    switch (s.kind) {
    case lab::SegmentKind::live: {
        std::size_t padding = 0;
        if (in.segment > 0) {
            const lab::Segment& before = node.segments[static_cast<std::size_t>(in.segment) - 1];
            if (before.kind == lab::SegmentKind::padding && before.end == s.begin) padding = before.len();
        }
        return lab::trf("{}: live allocation", handleName(lab, s.name)) + "\n" + where + "\n" +
               lab::trf("{0}, alignment {1}", size, lab::grouped(s.alignment)) + "\n" +
               lab::trf("padding before it: {}", lab::bytes(padding)) + made_by + "\n" + lab::tr("Click to select it.");
    }
    case lab::SegmentKind::padding:
        return lab::trf("Alignment padding: {}", size) + "\n" + where + "\n" +
               lab::tr("Skipped so the allocation after it starts at a multiple of its alignment.") + made_by;
    case lab::SegmentKind::freed:
        return lab::trf("Freed: {0} (was {1})", size, handleName(lab, s.name)) + "\n" + where + "\n" +
               lab::tr("end_index rolled back past them: the next allocation reuses them.") + made_by;
    case lab::SegmentKind::stranded:
        return lab::trf("{0}: stranded, {1}", handleName(lab, s.name), size) + "\n" + where + "\n" +
               (s.shrunk ? lab::tr("Given up by a shrink, but not the most recent allocation:")
                         : lab::tr("Freed, but not the most recent allocation:")) +
               "\n" + lab::tr("the arena cannot reuse these bytes until a reset.") + made_by;
    case lab::SegmentKind::reserved:
        return lab::trf("Reserved: {}", size) + "\n" + where + "\n" +
               lab::tr("The atomic add took n + alignment - 1 bytes; the overshoot goes back next, then the rest is handed out.") +
               made_by;
    case lab::SegmentKind::gap:
        return lab::trf("Wasted gap: {}", size) + "\n" + where + "\n" +
               lab::tr("A failed fit's add moved end_index over these bytes; an allocation grown in place starts after "
                       "them, so they stay unused until a reset.") +
               made_by;
    }
    return "";
}

namespace {

// Starts a glide when the cursor moved, and returns the instances as they
// are at this moment of it: matching things move from where they were,
// new things fade in.
std::vector<Instance> animate(ArenaViewMemory& mem, const lab::Lab& lab, const std::vector<Instance>& target, double now)
{
    const bool moved = lab.cursor() != mem.shown_cursor || lab.revision() != mem.shown_revision;
    if (moved) {
        if (mem.animate && mem.shown_cursor != SIZE_MAX) {
            mem.from.clear();
            for (const Instance& in : mem.drawn)
                if (in.part != Part::hover) mem.from.emplace(in.key, in);
            mem.anim_start = now;
        }
        mem.shown_cursor = lab.cursor();
        mem.shown_revision = lab.revision();
    }
    const double t = mem.anim_start < 0 ? 1.0 : (now - mem.anim_start) / mem.duration;
    if (t >= 1.0) {
        mem.anim_start = -1.0;
        mem.from.clear();
        return target;
    }
    const auto e = static_cast<float>(t * t * (3 - 2 * t)); // smoothstep: starts and ends gently
    std::vector<Instance> out = target;
    for (Instance& in : out) {
        const auto it = mem.from.find(in.key);
        if (it == mem.from.end()) {
            in.colour.a = static_cast<std::uint8_t>(std::lround(static_cast<float>(in.colour.a) * e));
            continue;
        }
        const Instance& f = it->second;
        in.rect = {lerp(f.rect.x, in.rect.x, e), lerp(f.rect.y, in.rect.y, e), lerp(f.rect.w, in.rect.w, e),
                   lerp(f.rect.h, in.rect.h, e)};
        in.colour = {lerp8(f.colour.r, in.colour.r, e), lerp8(f.colour.g, in.colour.g, e), lerp8(f.colour.b, in.colour.b, e),
                     lerp8(f.colour.a, in.colour.a, e)};
    }
    return out;
}

// Runs while ImGui's backend draws the frame: the arena's rectangles go
// into the view's box of the framebuffer being drawn.
void drawArenaCallback(const ImDrawList*, const ImDrawCmd* cmd)
{
    auto* renderer = static_cast<ArenaRenderer*>(cmd->UserCallbackData);
    const ImDrawData* data = ImGui::GetDrawData();
    const ImVec2 scale = data->FramebufferScale;
    const ImVec2 pos = data->DisplayPos;
    const auto fb_h = static_cast<int>(data->DisplaySize.y * scale.y);
    const ArenaViewMemory& mem = renderer->memory;
    const auto fx = [&](float x) { return static_cast<int>(std::lround((x - pos.x) * scale.x)); };
    const auto fy = [&](float y) { return static_cast<int>(std::lround((y - pos.y) * scale.y)); };
    // The clip rectangle is this window's and the view's together.
    const ImVec4 c = cmd->ClipRect;
    const int x0 = fx(std::max(c.x, mem.image_x)), x1 = fx(std::min(c.z, mem.image_x + mem.view_w));
    const int y0 = fy(std::max(c.y, mem.image_y)), y1 = fy(std::min(c.w, mem.image_y + mem.view_h));
    if (x1 <= x0 || y1 <= y0) return;
    const int clip[4] = {x0, fb_h - y1, x1 - x0, y1 - y0};
    renderer->drawInto(fx(mem.image_x), fy(mem.image_y), scale.y, fb_h, clip);
}

// The most buffers the arena holds after any operation of the history.
std::size_t mostBuffers(const lab::Lab& lab)
{
    const lab::History& h = lab.history();
    std::size_t most = 0;
    for (std::size_t i = 0; i < h.opCount(); ++i) most = std::max(most, h.opState(i).node_count);
    return most;
}

// Zoom, pan and fit from the mouse and keys; returns the new camera.
Camera handleInput(Camera cam, ArenaCamera& own, ViewState& ui, ArenaViewMemory& mem, const lab::Picture& pic,
                   const LayoutMetrics& m, ImVec2 origin, float w, float h, bool hovered, bool active)
{
    const ImGuiIO& io = ImGui::GetIO();
    const auto zoomBy = [&](float factor, float anchor_x) {
        const Camera limits = clampCamera({cam.zoom * factor, cam.pan_x, cam.pan_y}, pic, w, h, m);
        cam = zoomAbout(cam, limits.zoom / cam.zoom, anchor_x, m);
    };
    if (hovered && io.MouseWheel != 0.0f) zoomBy(std::pow(1.2f, io.MouseWheel), io.MousePos.x - origin.x);
    if (active && (ImGui::IsMouseDragging(ImGuiMouseButton_Left) || ImGui::IsMouseDragging(ImGuiMouseButton_Right) ||
                   ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
        mem.dragging = true;
        cam.pan_x -= io.MouseDelta.x;
        cam.pan_y -= io.MouseDelta.y;
    }
    // Its keys come from the command table (+ / -, Shift+arrows, F), which
    // hands them over while the mouse is over the view or it has focus.
    ui.arena_has_keys = hovered || ImGui::IsWindowFocused();
    if (ui.take(CommandId::zoom_in)) zoomBy(1.25f, w / 2);
    if (ui.take(CommandId::zoom_out)) zoomBy(0.8f, w / 2);
    if (ui.take(CommandId::pan_left)) cam.pan_x -= w * 0.1f;
    if (ui.take(CommandId::pan_right)) cam.pan_x += w * 0.1f;
    if (ui.take(CommandId::pan_up)) cam.pan_y -= h * 0.1f;
    if (ui.take(CommandId::pan_down)) cam.pan_y += h * 0.1f;
    if (own.fit_requested && !ui.font_changed) { // see ArenaView::draw
        cam = {};
        own.fit_requested = false;
    }
    return clampCamera(cam, pic, w, h, m);
}

} // namespace

void ArenaView::draw(lab::Lab& lab, ViewState& ui, ArenaRenderer& renderer, const PanelRect& rect)
{
    ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(rect.w, rect.h), ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                   ImGuiWindowFlags_NoSavedSettings;
    // No fill: the view covers it, and filling it first would cost a pass
    // over every pixel of the view for nothing. (Alpha 0 keeps the border.)
    ImGui::SetNextWindowBgAlpha(0.0f);
    // The title carries the view's controls, so they are found without the
    // manual; in presentation mode (a room watching, not holding the mouse)
    // the lesson's title instead.
    std::string title = std::string(lab::tr("Arena    wheel: zoom   drag: pan   F: fit   click: select")) + "###Arena";
    if (ui.presentation) {
        const std::string lesson = lab::lessonTitleIn(lab.text());
        title = (lesson.empty() ? std::string(lab::tr("Arena")) : lab::trf("Arena: {}", lesson)) + "###Arena";
    }
    ui.layout_record.arena_title = title.substr(0, title.find("###"));
    const bool open = ImGui::Begin(title.c_str(), nullptr, flags);
    ImGui::PopStyleVar();
    if (!open) {
        ImGui::End();
        return;
    }
    ArenaViewMemory& mem = renderer.memory;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = std::floor(std::max(avail.x, 8.0f));
    const float h = std::floor(std::max(avail.y, 8.0f));

    // Fit (F, and a newly loaded script) shows every buffer row of the
    // script's fullest moment, so the picture keeps its size from step to
    // step: its text and rows shrink to fit the view's height, down to 60%
    // of the text size (80% on a projector, still read from the back);
    // what still does not fit is announced at the edge.
    // Not in a frame whose keys changed the text size (F5): the fit waits
    // for the new size (the next frame's), as `arenalab shot --present` gets it.
    if (camera_.fit_requested && !ui.font_changed)
        camera_.text_scale = fitTextScale(std::max(mostBuffers(lab), lab.picture().nodes.size()), lab.picture().model, h,
                                          ui.presentation);
    const LayoutMetrics metrics = labelMetrics(camera_.text_scale, ui.presentation);

    // The canvas takes the mouse, so dragging pans instead of moving the window.
    ImGui::InvisibleButton("##arena-canvas", ImVec2(w, h),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const lab::Picture& pic = lab.picture();
    const Camera cam =
        handleInput({camera_.zoom, camera_.pan_x, camera_.pan_y}, camera_, ui, mem, pic, metrics, origin, w, h, hovered, active);
    camera_.zoom = cam.zoom;
    camera_.pan_x = cam.pan_x;
    camera_.pan_y = cam.pan_y;

    const auto& names = lab.history().names();
    const auto layout_start = std::chrono::steady_clock::now();
    // Presentation mode switches to the projector's palette (arena_layout.hpp).
    const Palette& colours = paletteFor(ui.presentation);
    renderer.setPalette(colours);
    ArenaLayout layout = layoutArena(pic, w, h, cam, metrics, names, nameIndex(names, ui.selected_handle), colours);
    mem.layout_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - layout_start).count();

    // Hover and click, against where things belong (not mid-glide).
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const Instance* hit = hovered ? layout.hit(mouse.x - origin.x, mouse.y - origin.y) : nullptr;
    ui.hovered_handle.reset();
    std::optional<std::string> hit_handle;
    if (hit != nullptr && hit->part == Part::segment) {
        const lab::Segment& s = pic.nodes[static_cast<std::size_t>(hit->node)].segments[static_cast<std::size_t>(hit->segment)];
        if (s.name != lab::no_name && s.name < names.size() && s.kind != lab::SegmentKind::padding) hit_handle = names[s.name];
    }
    ui.hovered_handle = hit_handle;
    if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (!mem.dragging) ui.selected_handle = hit_handle; // a click on nothing clears the selection
    }
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) && !ImGui::IsMouseDown(ImGuiMouseButton_Right) &&
        !ImGui::IsMouseDown(ImGuiMouseButton_Middle))
        mem.dragging = false;

    // Playing fast, a glide would fill most of each step's time with a faded
    // in-between frame: it takes at most a quarter of a step, and none
    // above 10 steps a second, so every step is seen as it is.
    constexpr double glide = 0.15;
    mem.duration = ui.playing ? std::min(glide, 0.25 / static_cast<double>(ui.steps_per_second)) : glide;
    const bool glide_was_on = mem.animate;
    if (ui.playing && ui.steps_per_second > 10.0f) {
        mem.anim_start = -1.0;
        mem.from.clear();
        mem.animate = false;
    }
    std::vector<Instance> drawn = animate(mem, lab, layout.instances, ImGui::GetTime());
    mem.animate = glide_was_on;
    if (hit != nullptr) {
        const Rect r = hit->rect;
        drawn.push_back({{r.x, r.y, r.w, r.h}, palette::hover, Pattern::outline, Part::hover, hit->node, hit->segment,
                         hit->segment_end, hit->begin, hit->end, 0});
    }
    drawLayout(renderer, layout, drawn, origin.x, origin.y, w, h);

    if (hit != nullptr && !mem.dragging) {
        const std::string text = describeInstance(lab, *hit);
        if (!text.empty()) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(text.c_str());
            ImGui::EndTooltip();
        }
    }

    mem.drawn = std::move(drawn);
    mem.layout = std::move(layout);
    ImGui::End();
}

float fitTextScale(std::size_t rows, lab::Model model, float view_h, bool presentation)
{
    const float needed = pictureHeight(rows, font(Font::mono)->FontSize, model);
    const float least = presentation ? min_presentation_text_scale : min_text_scale;
    return std::clamp(needed > 0.0f ? view_h / needed : 1.0f, least, 1.0f);
}

LayoutMetrics labelMetrics(float text_scale, bool presentation)
{
    ImFont* mono = font(Font::mono);
    // Whole pixels, rounded down so a fitted picture fits, never below the least share.
    const float least_px = std::ceil(mono->FontSize * (presentation ? min_presentation_text_scale : min_text_scale));
    const float font_px = std::max(std::floor(mono->FontSize * text_scale + 0.01f), least_px);
    return {font_px, mono->CalcTextSizeA(font_px, FLT_MAX, 0.0f, "0").x};
}

void drawLayout(ArenaRenderer& renderer, const ArenaLayout& layout, const std::vector<Instance>& drawn, float x, float y,
                float w, float h)
{
    ImFont* mono = font(Font::mono);
    const float font_px = layout.metrics.font_px;
    renderer.upload(drawn, static_cast<int>(w), static_cast<int>(h), std::round(font_px / 6.0f));
    ArenaViewMemory& mem = renderer.memory;
    mem.image_x = x;
    mem.image_y = y;
    mem.view_w = w;
    mem.view_h = h;

    // The rectangles are drawn where ImGui's drawing of this window gets to
    // this point: straight into the frame, then the labels over them.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin(x, y);
    dl->PushClipRect(origin, ImVec2(x + w, y + h), true);
    dl->AddCallback(drawArenaCallback, &renderer);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    renderer.text_shader.addTo(*dl); // the labels' coverage in few shades, as everywhere

    // Labels, at whole pixels so the glyphs stay crisp; they ride along with
    // their rectangle while it glides.
    for (const Label& label : layout.labels) {
        float dx = 0, dy = 0, alpha = 1;
        if (label.instance >= 0 && static_cast<std::size_t>(label.instance) < drawn.size()) {
            const Instance& now = drawn[static_cast<std::size_t>(label.instance)];
            const Instance& goal = layout.instances[static_cast<std::size_t>(label.instance)];
            dx = now.rect.cx() - goal.rect.cx();
            dy = now.rect.cy() - goal.rect.cy();
            if (goal.colour.a > 0) alpha = static_cast<float>(now.colour.a) / static_cast<float>(goal.colour.a);
        }
        const ImVec2 pos(std::floor(x + label.x + dx), std::floor(y + label.y + dy));
        if (label.backdrop) {
            const float tw = static_cast<float>(label.text.size()) * layout.metrics.char_w;
            dl->AddRectFilled(ImVec2(pos.x - 2, pos.y), ImVec2(pos.x + tw + 2, pos.y + font_px),
                              toImU32(renderer.palette().background, 0.85f * alpha));
        }
        dl->AddText(mono, font_px, pos, toImU32(label.colour, alpha), label.text.c_str());
    }
    dl->PopClipRect();
    mem.labels_drawn = layout.labels.size();
}

} // namespace gui
