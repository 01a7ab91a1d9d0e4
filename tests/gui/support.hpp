// Helpers for the GUI tests: open the real App on a hidden window, render
// frames offscreen through the same path `arenalab shot` uses, and look at
// the pixels where the arena layout says things are.
#pragma once

#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "gui/app.hpp"
#include "gui/platform/keys.hpp"
#include "gui/arena_layout.hpp"
#include "gui/renderer.hpp"
#include "lab/lessons.hpp"
#include "test_support.hpp"

namespace guitest {

using gui::Rgba;

struct Image {
    int w = 0, h = 0;
    std::vector<std::uint8_t> px; // RGBA, top row first
    Rgba at(int x, int y) const
    {
        const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4;
        return {px[i], px[i + 1], px[i + 2], px[i + 3]};
    }
};

inline std::string str(Rgba c)
{
    return "rgb(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

inline bool near(Rgba a, Rgba b, int tolerance = 10)
{
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

// `colour` at `alpha` over the view's background, as the GPU blends it.
inline Rgba over(Rgba colour, float alpha, Rgba bg = gui::palette::background)
{
    auto m = [alpha](std::uint8_t c, std::uint8_t b) {
        return static_cast<std::uint8_t>(std::lround(static_cast<float>(c) * alpha + static_cast<float>(b) * (1 - alpha)));
    };
    return {m(colour.r, bg.r), m(colour.g, bg.g), m(colour.b, bg.b), 255};
}

// The App as a person gets it, on a hidden window (`visible`: a shown one,
// for input from the X server); no glide between steps,
// so every frame shows the cursor's picture. `state_dir`: where it keeps
// recovery files and recent files (empty: no autosave, no recovery).
inline std::unique_ptr<gui::App> openApp(float font_size = 16.0f, const std::string& state_dir = {}, bool visible = false)
{
    gui::AppOptions options;
    options.visible = visible;
    options.animate = false;
    options.font_size = font_size;
    if (!state_dir.empty()) options.recovery_dir = state_dir;
    std::string error;
    std::unique_ptr<gui::App> app = gui::App::open(options, error);
    REQUIRE_MESSAGE(app != nullptr, error);
    return app;
}

[[nodiscard]] inline Image frame(gui::App& app, int w = 1280, int h = 720, const gui::FakeMouse* mouse = nullptr)
{
    return {w, h, app.renderOffscreen(w, h, mouse)};
}

// A frame built and not drawn (gui::App::buildOffscreen): input, panels,
// the layout record and the arena view's picture, without rasterising it
// (most of a frame's cost on the software renderer) or reading it back.
// For frames that feed input or settle windows, and for checks that read
// only the layout record, the arena view's memory or ImGui's state.
inline void tick(gui::App& app, int w = 1280, int h = 720, const gui::FakeMouse* mouse = nullptr)
{
    app.buildOffscreen(w, h, mouse);
}

// Two frames: ImGui places windows in the first, so the second is stable.
[[nodiscard]] inline Image settled(gui::App& app, int w = 1280, int h = 720)
{
    tick(app, w, h);
    return frame(app, w, h);
}

// The same two frames, neither drawn: for checks of what the second one
// recorded, not of its pixels.
inline void settle(gui::App& app, int w = 1280, int h = 720)
{
    tick(app, w, h);
    tick(app, w, h);
}

// ARENALAB_GUI_SHOTS=DIR: where the tests keep the frames they check, for
// a person to look at; null when not asked.
inline const char* shotsDir()
{
    const char* dir = std::getenv("ARENALAB_GUI_SHOTS");
    return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

// With ARENALAB_GUI_SHOTS=DIR in the environment, keeps the frames the
// tests check as DIR/NAME.png, for a person to look at.
inline void keep(const Image& img, const std::string& name)
{
    const char* dir = shotsDir();
    if (dir == nullptr) return;
    const std::string path = std::string(dir) + "/" + name + ".png";
    stbi_write_png(path.c_str(), img.w, img.h, 4, img.px.data(), img.w * 4);
}

// A frame whose pixels no check reads, kept as NAME.png when
// ARENALAB_GUI_SHOTS asks (then drawn and read back); otherwise built, not
// drawn (tick). keepSettled: the same after a settling frame (settled).
inline void keepFrame(gui::App& app, const std::string& name, int w = 1280, int h = 720, const gui::FakeMouse* mouse = nullptr)
{
    if (shotsDir() != nullptr) keep(frame(app, w, h, mouse), name);
    else tick(app, w, h, mouse);
}
inline void keepSettled(gui::App& app, const std::string& name, int w = 1280, int h = 720)
{
    tick(app, w, h);
    keepFrame(app, name, w, h);
}

// Window pixels inside an instance, `inset` pixels away from its edges (the
// border) and from every text label, so they show the fill alone.
inline std::vector<std::pair<int, int>> cleanPixels(const gui::ArenaViewMemory& mem, const gui::Instance& in, int inset = 2)
{
    const gui::ArenaLayout& layout = mem.layout;
    const float f = layout.metrics.font_px;
    std::vector<std::pair<int, int>> out;
    const int x0 = static_cast<int>(std::ceil(in.rect.x)) + inset;
    const int x1 = static_cast<int>(std::floor(in.rect.x + in.rect.w)) - inset;
    const int y0 = static_cast<int>(std::ceil(in.rect.y)) + inset;
    const int y1 = static_cast<int>(std::floor(in.rect.y + in.rect.h)) - inset;
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            bool under_label = false;
            for (const gui::Label& l : layout.labels) {
                const float lw = static_cast<float>(l.text.size()) * layout.metrics.char_w;
                if (static_cast<float>(x) >= l.x - 3 && static_cast<float>(x) <= l.x + lw + 3 &&
                    static_cast<float>(y) >= l.y - 2 && static_cast<float>(y) <= l.y + f + 2) {
                    under_label = true;
                    break;
                }
            }
            if (!under_label)
                out.emplace_back(static_cast<int>(std::lround(mem.image_x)) + x, static_cast<int>(std::lround(mem.image_y)) + y);
        }
    }
    return out;
}

// A window pixel at view coordinates (x, y).
inline std::pair<int, int> windowPixel(const gui::ArenaViewMemory& mem, float x, float y)
{
    return {static_cast<int>(std::lround(mem.image_x + std::floor(x))), static_cast<int>(std::lround(mem.image_y + std::floor(y)))};
}

// ---- input as a person gives it --------------------------------------------
// Keys, characters and clicks go through ImGui's input (the path the GLFW
// backend's callbacks take), one frame at a time.

// A key: down for one frame, then up.
inline void press(gui::App& app, gui::platform::Key key, bool ctrl = false, bool shift = false)
{
    tick(app); // makes the window's ImGui context current
    ImGuiIO& io = ImGui::GetIO();
    const int index = gui::platform::keyIndex(key);
    REQUIRE(index >= 0);
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
    io.KeysDown[index] = true;
    tick(app);
    io.KeysDown[index] = false;
    io.KeyCtrl = io.KeyShift = false;
    tick(app);
}

// Characters as typed, one per frame.
inline void type(gui::App& app, const std::string& text)
{
    for (const char c : text) {
        tick(app);
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned int>(static_cast<unsigned char>(c)));
        tick(app);
    }
}
inline void type(gui::App& app, char c) { type(app, std::string(1, c)); }

// A left click at window pixel (x, y): the mouse moves there, goes down
// for a frame and comes up. With clicks = 2, a double click: ImGui counts
// one only within MouseDoubleClickTime (0.3 s) of real time, which a slow
// frame (under the sanitizers, on a loaded machine) can exceed, so the
// window is given as long as the frames take, and then its own back.
inline void click(gui::App& app, float x, float y, int clicks = 1)
{
    gui::FakeMouse m{x, y, false, 0};
    tick(app, 1280, 720, &m);
    const float double_click_time = ImGui::GetIO().MouseDoubleClickTime;
    if (clicks > 1) ImGui::GetIO().MouseDoubleClickTime = 60.0f;
    for (int i = 0; i < clicks; ++i) {
        m.left_down = true;
        tick(app, 1280, 720, &m);
        m.left_down = false;
        tick(app, 1280, 720, &m);
    }
    ImGui::GetIO().MouseDoubleClickTime = double_click_time;
}

// Every text the layout record holds is whole: inside the visible part of
// its panel; and nothing of the panels a lesson must never scroll (Step,
// Controls, the numbers strip) is out of sight.
inline void checkWhole(const gui::LayoutRecord& rec)
{
    for (const gui::RecordedRect& t : rec.texts) {
        CAPTURE(t.what);
        CHECK(t.h > 0);
        CHECK(t.x >= t.px - 0.5f);
        CHECK(t.y >= t.py - 0.5f);
        CHECK(t.x + t.w <= t.px + t.pw + 0.5f);
        CHECK(t.y + t.h <= t.py + t.ph + 0.5f);
    }
    for (const gui::PanelOverflow& p : rec.panels) {
        if (p.panel != "Step" && p.panel != "Controls" && p.panel != "Numbers") continue;
        CAPTURE(p.panel);
        CHECK(p.scroll_max_x == 0.0f);
        CHECK(p.scroll_max_y == 0.0f);
    }
}

// The region [x0, x1) x [y0, y1) of `img`, `scale` times larger (each pixel
// a scale x scale square: tesseract reads small text better so), written as
// ARENALAB_TEST_DIR/FOLDER/NAME.png (kept for a person to look at); its path.
// `negative`: each colour inverted, so the window's light text on its dark
// panels is dark on light, as tesseract's models read it. Given light on
// dark, tesseract reads each line, finds it poor and reads it again
// inverted: with `-c tessedit_do_invert=0` on a negative, the Chinese OCR
// reads each line once, for half the CPU (docs/performance.md).
inline std::string cropPng(const Image& img, int x0, int y0, int x1, int y1, int scale, const std::string& folder,
                           const std::string& name, bool negative = false)
{
    x0 = std::max(0, x0);
    y0 = std::max(0, y0);
    x1 = std::min(img.w, x1);
    y1 = std::min(img.h, y1);
    REQUIRE(x1 > x0);
    REQUIRE(y1 > y0);
    const int w = (x1 - x0) * scale, h = (y1 - y0) * scale;
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 4; ++c) {
                const std::uint8_t v =
                    img.px[(static_cast<std::size_t>(y0 + y / scale) * static_cast<std::size_t>(img.w) + static_cast<std::size_t>(x0 + x / scale)) * 4 +
                           static_cast<std::size_t>(c)];
                px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4 + static_cast<std::size_t>(c)] =
                    negative && c != 3 ? static_cast<std::uint8_t>(255 - v) : v;
            }
    const std::string dir = std::string(ARENALAB_TEST_DIR) + "/" + folder;
    std::filesystem::create_directories(dir);
    const std::string png = dir + "/" + name + ".png";
    REQUIRE(stbi_write_png(png.c_str(), w, h, 4, px.data(), w * 4) != 0);
    return png;
}

// The PNGs `pngs` read by one tesseract process with `options` ("-l eng
// --psm 11"), one text per picture. One process for many pictures loads
// the language model once, and OMP_THREAD_LIMIT=1 keeps tesseract's
// OpenMP threads from spinning on the shared cores (docs/performance.md:
// together they cut the Chinese OCR's CPU by more than half per picture).
inline std::vector<std::string> ocrPages(const std::vector<std::string>& pngs, const std::string& options)
{
    REQUIRE(!pngs.empty());
    const std::string list = std::filesystem::path(pngs.front()).parent_path().string() + "/ocr-pages.txt";
    {
        std::FILE* f = std::fopen(list.c_str(), "w");
        REQUIRE(f != nullptr);
        for (const std::string& png : pngs) std::fprintf(f, "%s\n", png.c_str());
        std::fclose(f);
    }
    // tesseract puts a form feed (page_separator) between pages' texts.
    const std::string command = "OMP_THREAD_LIMIT=1 tesseract '" + list + "' - " + options + " 2>/dev/null";
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    REQUIRE_MESSAGE(p != nullptr, "cannot run tesseract");
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
    REQUIRE_MESSAGE(pclose(p) == 0, "tesseract failed on " << list << " (apt-get install tesseract-ocr)");
    std::vector<std::string> pages;
    std::size_t from = 0;
    for (std::size_t ff = out.find('\f'); ff != std::string::npos; ff = out.find('\f', from)) {
        pages.push_back(out.substr(from, ff - from));
        from = ff + 1;
    }
    pages.push_back(out.substr(from));
    if (pages.size() == pngs.size() + 1 && pages.back().find_first_not_of(" \n") == std::string::npos) pages.pop_back();
    REQUIRE_MESSAGE(pages.size() == pngs.size(), "tesseract read " << pages.size() << " pages of " << pngs.size());
    return pages;
}

// The region [x0, x1) x [y0, y1) of `img`, `scale` times larger, read by
// tesseract with `options`; kept as ARENALAB_TEST_DIR/FOLDER/NAME.png.
inline std::string ocrRegion(const Image& img, int x0, int y0, int x1, int y1, int scale, const std::string& folder,
                             const std::string& name, const std::string& options)
{
    return ocrPages({cropPng(img, x0, y0, x1, y1, scale, folder, name)}, options).front();
}

// ARENALAB_LAYOUT_SIZES=one (the sanitizer build, docs/testing.md): the
// checks that draw many frames at many sizes draw a representative subset
// (every size runs the same code; the release build checks them all).
inline bool fewSizes()
{
    const char* only = std::getenv("ARENALAB_LAYOUT_SIZES");
    return only != nullptr && std::string(only) == "one";
}

// Whether a text field has the keyboard.
inline bool typing(gui::App& app)
{
    tick(app);
    return ImGui::GetIO().WantTextInput;
}

// The captions of a script's operations: a child setting (`child ...`) has
// a caption but no page or frame of its own in an export.
inline std::vector<lab::Caption> operationCaptions(const std::string& text)
{
    std::vector<lab::Caption> out;
    for (const lab::Caption& c : lab::captions(text)) {
        std::istringstream lines(text);
        std::string statement;
        for (std::size_t l = 0; l < c.line; ++l) std::getline(lines, statement);
        if (statement.rfind("child", 0) != 0) out.push_back(c);
    }
    return out;
}

// A fresh, empty folder `name` in the suite's build folder.
inline std::filesystem::path freshDir(const std::string& name)
{
    const std::filesystem::path dir = std::filesystem::path(ARENALAB_TEST_DIR) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// CLICKS clicks in the middle of the item the command table drew under `key` this frame.
inline void clickItem(gui::App& app, const std::string& key, int clicks = 1)
{
    const std::optional<gui::ItemRect> r = app.commands().drawnItem(key);
    REQUIRE_MESSAGE(r.has_value(), key);
    click(app, r->x + r->w / 2, r->y + r->h / 2, clicks);
}

// The text the layout record holds under `what` this frame, or null.
inline const gui::RecordedRect* recordedText(const gui::LayoutRecord& record, const std::string& what)
{
    for (const gui::RecordedRect& t : record.texts)
        if (t.what == what) return &t;
    return nullptr;
}

// A person's click into the script editor's last line: afterwards the
// editor has the keyboard.
inline void clickIntoEditor(gui::App& app)
{
    const gui::RecordedRect* editor = recordedText(app.ui().layout_record, "script editor");
    REQUIRE(editor != nullptr);
    click(app, editor->x + editor->w - 5, editor->y + editor->h - 5);
    REQUIRE(typing(app));
}

// The exit status of `arenalab ARGS` run through the shell (ARGS are shell
// words, redirections included), or -1 when a signal ended it.
inline int runArenalab(const std::string& args)
{
    const int status = std::system((std::string(ARENALAB_EXE) + " " + args).c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Lesson 2 (growth), the lesson the export tests use.
inline const std::string lesson2 = std::string(ARENALAB_LESSONS) + "/02-growth.arena";

// Runs /usr/bin/NAME ARGS (shell words), which must succeed.
inline test_support::Exec tool(const std::string& name, const std::string& args)
{
    test_support::Exec e = test_support::runProgram("/usr/bin/" + name, args);
    INFO(name << " " << args << ": " << e.err);
    REQUIRE(e.status == 0);
    return e;
}

} // namespace guitest
