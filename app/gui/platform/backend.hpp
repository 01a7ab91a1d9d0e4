// The platform: the window, its GL context, input, the frame loop, the
// clipboard and file access. Only a backend touches the window system:
// backend_glfw.cpp on the desktop (GLFW + OpenGL 3.3 core); a browser build
// implements the same interface in backend_emscripten.cpp (Emscripten +
// WebGL2).
//
// The frame loop is one per-frame callback: runFrames() calls it once per
// frame and never blocks inside a frame. On the desktop it loops (sleeping
// between frames while idle); in a browser it registers the callback with
// emscripten_set_main_loop, and the page's main never goes on past it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "gui/platform/files.hpp"

namespace gui::platform {

struct WindowOptions {
    int width = 1280;
    int height = 720;
    bool visible = true; // false: a hidden window, for shots and tests
    std::string title = "Arena Lab";
};

// Where the fetch of a fuller font stands (Backend::fetchFullerFont).
enum class FontFetch : std::uint8_t {
    none,     // nothing to fetch (the desktop), or it arrived or failed already
    fetching, // asked for, not here yet
    arrived,  // here: the font's bytes
    failed,   // could not be fetched: the reason
};

struct Size {
    int w = 0, h = 0;
};

class Backend {
public:
    virtual ~Backend() = default;

    // ---- ImGui's platform side (the current ImGui context) -------------
    virtual bool initImGui() = 0;
    virtual void shutdownImGui() = 0;
    // Input, display size and time for the next ImGui::NewFrame().
    virtual void newImGuiFrame() = 0;
    // A key going down or up (ImGuiIO::KeysDown's index), as the window
    // system reports one: queued, and given to ImGui one change per key
    // per frame (backend_glfw_key_queue.hpp). Tests and replays type through it.
    virtual void queueKey(int key_index, bool down) = 0;
    // A typed character (a Unicode code point), queued in order with the keys.
    virtual void queueChar(unsigned int codepoint) = 0;
    // The `#version` line for ImGui's and the arena's shaders.
    virtual const char* glslVersion() const = 0;

    // ---- the window and its GL context ---------------------------------
    virtual void makeCurrent() = 0;
    virtual void present() = 0;            // swap buffers
    // Waits until the GL work given so far is drawn, not only queued
    // (bench-frame times whole frames with it).
    virtual void finishGl() = 0;
    virtual Size windowSize() const = 0;   // in ImGui's units
    virtual Size framebufferSize() const = 0;
    virtual float contentScale() const = 0; // 1 on a standard-density screen
    virtual void setTitle(const std::string& title) = 0;

    // ---- events and time ------------------------------------------------
    virtual void pollEvents() = 0;
    // The window's close button (or the browser tab closing).
    virtual bool closeRequested() const = 0;
    virtual void cancelClose() = 0;
    virtual double seconds() const = 0; // a monotonic clock
    // Calls `frame` once per frame until it returns false. Between frames,
    // while `busy` says false, the desktop sleeps until an event (or a
    // tenth of a second) instead of redrawing the same picture; the browser
    // skips animation frames, drawing only after input, while `busy`, while
    // keys wait in the queue, and else half a second apart (a tenth while a
    // text field has the keyboard). In the browser it never returns
    // (Emscripten unwinds the stack and keeps what was on it alive).
    virtual void runFrames(const std::function<bool()>& frame, const std::function<bool()>& busy) = 0;

    // ---- clipboard and files --------------------------------------------
    virtual std::string clipboard() const = 0;
    virtual void setClipboard(const std::string& text) = 0;
    virtual Files& files() = 0;
    // The page's address without its fragment, for "Copy link" (empty on
    // the desktop: there the link is its fragment alone).
    virtual std::string pageAddress() const { return {}; }
    // File > Open through the system's own picker, when there is one (the
    // browser's): true when it was shown, and the file arrives later.
    virtual bool pickFileToOpen() { return false; }
    // A file the person picked (pickFileToOpen) or dropped on the page,
    // once, for the window to open between frames: the browser's arrive
    // later in its in-memory file system; the desktop has none.
    virtual std::optional<std::string> takeOpenedFile() { return std::nullopt; }
    // A fuller CJK font than the one built in, for text on screen the
    // built-in one lacks: the first call starts fetching it (once for the
    // program's life); a later one returns `arrived` once with the font's
    // bytes in `out`, or `failed` once with the reason. The browser's
    // built-in font is a first-load subset (site/cjk-full.ttf is the
    // fuller one); the desktop reads Debian's whole font: `none`.
    virtual FontFetch fetchFullerFont(std::string& out)
    {
        (void)out;
        return FontFetch::none;
    }
};

// The desktop backend: a GLFW window with an OpenGL 3.3 core context
// (loaded with glad). Null with a message in `error` when there is no
// display or no OpenGL 3.3.
std::unique_ptr<Backend> openGlfwWindow(const WindowOptions& options, std::string& error);

#ifdef __EMSCRIPTEN__
// The browser backend (backend_emscripten.cpp): the page's canvas with a
// WebGL2 context, through Emscripten's GLFW. Null with a message in `error`
// when the browser gives no WebGL2.
std::unique_ptr<Backend> openWebCanvas(const WindowOptions& options, std::string& error);
// Files in the browser: read from the in-memory file system, written as
// downloads (files_web.cpp).
Files& webFiles();
#endif

} // namespace gui::platform
