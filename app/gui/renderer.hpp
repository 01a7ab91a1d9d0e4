// Draws the arena view with the project's own shaders (shaders/arena.vert
// and arena.frag, embedded): every rectangle of an ArenaLayout is one
// instance in one buffer, drawn in a single instanced call into a texture
// that the arena view panel shows with ImGui::Image.
//
// Needs a current OpenGL 3.3 core (or OpenGL ES 3.0) context with glad
// loaded. Text is not drawn here: the panel puts labels on top with ImGui.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "gui/arena_layout.hpp"

namespace gui {

// What the arena view remembers from frame to frame. It lives beside the
// renderer because both belong to one window's arena view.
struct ArenaViewMemory {
    // Animation: when the cursor moves, things glide from where they were
    // drawn to where they now belong.
    bool animate = true;
    double duration = 0.15; // seconds
    std::size_t shown_cursor = SIZE_MAX;
    std::size_t shown_steps = SIZE_MAX;
    const void* shown_history = nullptr;
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

class ArenaRenderer {
public:
    ArenaRenderer() = default;
    ~ArenaRenderer();
    ArenaRenderer(const ArenaRenderer&) = delete;
    ArenaRenderer& operator=(const ArenaRenderer&) = delete;

    // Compiles the shaders and creates the GL objects. On failure returns
    // false with the compiler's or linker's message in `error`.
    bool init(std::string& error);

    // Draws the instances into the view texture, resized to width x height
    // pixels, cleared to the background colour, with hatch stripes
    // `hatch_px` wide. Leaves the framebuffer binding and viewport as it
    // found them.
    void draw(std::span<const Instance> instances, int width, int height, float hatch_px = 3.0f);

    // The texture the last draw went to (bottom row first, as GL stores it).
    unsigned texture() const { return texture_; }
    int width() const { return width_; }
    int height() const { return height_; }
    std::size_t lastInstanceCount() const { return last_count_; }

    ArenaViewMemory memory;

private:
    void resize(int width, int height);

    unsigned program_ = 0;
    unsigned vao_ = 0;
    unsigned instance_buffer_ = 0;
    std::size_t instance_capacity_ = 0; // in instances
    unsigned framebuffer_ = 0;
    unsigned texture_ = 0;
    int width_ = 0, height_ = 0;
    int u_view_ = -1, u_stripe_ = -1, u_hatch_ = -1;
    std::size_t last_count_ = 0;
};

// The #version line (and precision lines) for the current context: GLSL
// 3.30 core on desktop GL, GLSL ES 3.00 on GLES / WebGL2.
std::string shaderPreamble();

} // namespace gui
