// Draws the arena view with the project's own shaders (shaders/arena.vert
// and arena.frag, embedded): every rectangle of an ArenaLayout is one
// instance in one buffer, drawn in a single instanced call straight into
// the frame, where ImGui's own drawing reaches that panel (the panel puts
// a draw-list callback there). No texture in between: with a software
// renderer every pass over the view's pixels costs, and a texture would
// take three (clear, draw, copy) and make the frame wait for it.
//
// Needs a current OpenGL 3.3 core (or OpenGL ES 3.0) context with glad
// loaded. Text is not drawn here: the panel puts labels on top with ImGui.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gui/arena_layout.hpp"

struct ImDrawList;
struct ImDrawCmd;

namespace gui {

// What the arena view remembers from frame to frame. It lives beside the
// renderer because both belong to one window's arena view.
struct ArenaViewMemory {
    // Animation: when the cursor moves, things glide from where they were
    // drawn to where they now belong.
    bool animate = true;
    double duration = 0.15; // seconds
    std::size_t shown_cursor = SIZE_MAX;
    std::uint64_t shown_revision = UINT64_MAX; // lab::Lab::revision()
    double anim_start = -1.0;
    std::unordered_map<std::uint64_t, Instance> from; // by key: where each thing was
    std::vector<Instance> drawn;                      // what the last frame drew (after animation)

    // The last frame's layout and where its image was on screen (tests read
    // these to know where to look; hit testing uses them too).
    ArenaLayout layout;
    float image_x = 0, image_y = 0; // top-left of the view's image, in window pixels
    float view_w = 0, view_h = 0;
    bool dragging = false;

    // What the last frame cost on the CPU and showed (for bench-frame).
    double layout_ms = 0;     // layoutArena alone
    std::size_t labels_drawn = 0;
};

// The shades of a glyph's edge: Dear ImGui's drawing rounds the font
// texture's coverage to these levels (0, 1/3, 2/3, 1), and lines and fills
// have no antialiased fringe (baseTheme). A text colour over a background
// then gives at most 4 colours, so the window's picture holds a few dozen
// to about 170, not thousands: each frame of an animated GIF (256 colours)
// is exact, and the lossless WebP is small (docs/export.md,
// docs/performance.md#a-bounded-set-of-colours measures 4 to 16 levels).
constexpr int coverage_levels = 4;

// Dear ImGui's own shaders with the coverage rounded to coverage_levels,
// put in place by a draw-list callback: ImGui's drawing after it uses
// them, until the backend sets its own program again (at the next frame,
// or an ImDrawCallback_ResetRenderState). Made on first use, for the
// backend's program of the moment; needs the GL context current, also
// when it goes.
class TextShader {
public:
    TextShader() = default;
    ~TextShader();
    TextShader(const TextShader&) = delete;
    TextShader& operator=(const TextShader&) = delete;

    // Adds the callback that switches to this shader to `list`.
    void addTo(ImDrawList& list);

    // When the shaders did not compile or link (the text then stays as
    // ImGui antialiases it): the compiler's or linker's message, given
    // once; nothing otherwise. The window says it after the frame.
    std::optional<std::string> takeFailure() { return std::exchange(failure_, std::nullopt); }

    // The fragment shader's source for the next compile, which this makes
    // happen at the next use (empty: shaders/text.frag, built in). The
    // tests give a broken one, to see the failure said.
    void setFragmentSource(std::string source)
    {
        frag_source_ = std::move(source);
        backend_ = 0;
    }

private:
    static void use(const ImDrawList*, const ImDrawCmd* cmd);
    void useNow();

    std::optional<std::string> failure_;
    std::string frag_source_;
    unsigned program_ = 0;
    unsigned backend_ = 0; // ImGui's program this one copies
    int backend_proj_ = -1, proj_ = -1, texture_ = -1;
};

class ArenaRenderer {
public:
    ArenaRenderer() = default;
    ~ArenaRenderer();
    ArenaRenderer(const ArenaRenderer&) = delete;
    ArenaRenderer& operator=(const ArenaRenderer&) = delete;

    // Compiles the shaders and creates the GL objects. On failure returns
    // false with the compiler's or linker's message in `error`.
    bool init(std::string& error);

    // Takes the instances of a view width x height pixels (layout units),
    // with hatch stripes `hatch_px` wide, for the next drawInto(). Call it
    // while building the frame.
    void upload(std::span<const Instance> instances, int width, int height, float hatch_px = 3.0f);

    // Draws what upload() took into the bound framebuffer: the view's
    // top-left corner at framebuffer pixel (x, top) counted from the top,
    // `scale` framebuffer pixels per layout pixel, in a framebuffer
    // `fb_height` pixels high, cleared to the background colour first and
    // clipped to the scissor box `clip` (x, y from the bottom, w, h, as GL
    // takes it). Changes GL state freely: the caller restores its own.
    void drawInto(int x, int top, float scale, int fb_height, const int clip[4]);

    // The colours of what drawInto() paints itself (the background, the
    // gaps between stripes, the freed checkerboard, the edges): the
    // normal palette, or the projector's in presentation mode.
    void setPalette(const Palette& colours) { colours_ = &colours; }
    const Palette& palette() const { return *colours_; }

    int width() const { return width_; }
    int height() const { return height_; }
    std::size_t lastInstanceCount() const { return last_count_; }

    ArenaViewMemory memory;
    TextShader text_shader; // for ImGui's text, after the view's own drawing resets ImGui's state

private:
    unsigned program_ = 0;
    unsigned vao_ = 0;
    unsigned instance_buffer_ = 0;
    std::size_t instance_capacity_ = 0; // in instances
    int width_ = 0, height_ = 0;
    float hatch_px_ = 3.0f;
    int u_view_ = -1, u_stripe_ = -1, u_hatch_ = -1, u_cross_ = -1, u_freed_ = -1, u_edge_ = -1;
    const Palette* colours_ = &normal_palette;
    std::size_t last_count_ = 0;
    std::vector<unsigned char> staging_; // GPU-format instances, kept between frames
};

// A frame drawn off the window (shots, tests, bench-frame): a framebuffer
// of its own, made again when the size changes, and its pixels read back.
// Needs the GL context current, also when it goes.
class OffscreenTarget {
public:
    OffscreenTarget() = default;
    ~OffscreenTarget();
    OffscreenTarget(const OffscreenTarget&) = delete;
    OffscreenTarget& operator=(const OffscreenTarget&) = delete;

    // The framebuffer of a width x height target (the same one while the
    // size stays), for drawImGuiFrame().
    unsigned framebuffer(int width, int height);
    // Binds the last target's framebuffer (the window's before there was one).
    void bind() const;
    // Its pixels as RGBA, top row first.
    std::vector<std::uint8_t> readPixels() const;

private:
    unsigned fb_ = 0, rb_ = 0;
    int width_ = 0, height_ = 0;
};

// Clears `framebuffer` (0: the window's) to the background colour and draws
// ImGui's rendered frame into it: the panels, and the arena view through
// its draw-list callback.
void drawImGuiFrame(unsigned framebuffer, int width, int height);
// Binds the window's own framebuffer again.
void bindWindowFramebuffer();

// The #version line (and precision lines) for the current context: GLSL
// 3.30 core on desktop GL, GLSL ES 3.00 on GLES / WebGL2.
std::string shaderPreamble();

} // namespace gui
