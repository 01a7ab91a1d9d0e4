// What drawing the window off screen needs of it: the model, the view,
// the arena view's camera and last frame, and one frame drawn and read back. The App
// is one (app.hpp); shot.hpp and export_media.hpp draw through this alone,
// so the window can use them (File > Export) without their seeing the App,
// and hidden_window.hpp opens an App for the command line's pictures.
#pragma once

#include <cstdint>
#include <vector>

#include "gui/renderer.hpp"
#include "gui/view_state.hpp"
#include "lab/lab.hpp"

namespace gui {

// Mouse input a test (or a replay) feeds a frame in place of the real
// mouse; it takes the same path through ImGui as a person's.
struct FakeMouse {
    float x = 0, y = 0;
    bool left_down = false;
    float wheel = 0;
};

// What File > Export writes: the script as a doctest test, its trace, the
// session (everything this window ran) as a script, the window as a PNG,
// a quiz (GIFT for a path ending in .gift, else Markdown), the steps of the
// cursor's operation or all of them as an animation (GIF, or WebP for a
// path ending in .webp), or those of the range picked on the step bar
// (ViewState::range_pick), or the handout (PDF).
enum class Export : std::uint8_t { doctest, trace, script, png, quiz, animation_op, animation_all, animation_range, handout };

class OffscreenWindow {
public:
    virtual lab::Lab& lab() = 0;
    virtual ViewState& ui() = 0;
    virtual ArenaRenderer& arenaRenderer() = 0;
    // The arena view's camera in the mode shown (ArenaView, panels.hpp).
    virtual ArenaCamera& arenaCamera() = 0;
    // One frame drawn offscreen at width x height (whatever the window's
    // size), read back as RGBA, top row first. `mouse` replaces the real
    // mouse for that frame.
    virtual std::vector<std::uint8_t> renderOffscreen(int width, int height, const FakeMouse* mouse) = 0;
    // The same frame built (input, panels, the layout record, the arena
    // view's picture) but not drawn: nothing rasterised, nothing read back.
    // For the frames before the one that is read, which only let ImGui
    // settle its windows, and for whatever reads only what a frame decided.
    virtual void buildOffscreen(int width, int height, const FakeMouse* mouse) = 0;

protected:
    ~OffscreenWindow() = default;
};

} // namespace gui
