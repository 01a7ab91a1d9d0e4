// The window's shell: one App is one window over one lab::Lab. It orders
// the frame over parts a newcomer finds by name, each owning its own state:
//   platform/      the window, GL context, input, frame loop, clipboard, files
//   fonts          named fonts, the theme, and the characters on screen
//                  gathered into the atlas (WindowFonts)
//   preferences    what the next window remembers (the language)
//   document       the script, its file, saved state, autosave and recovery
//   commands       one table of commands and shortcuts (menus, Help, keys);
//                  app_commands.cpp: what each does to this window
//   menu_bar       the menus, from the table
//   dialogs        the Dialogs: path prompt, Help, the quit, notice and recovery prompts
//   panels         one object per panel (panel_*.cpp; the arena view with
//                  its camera among them), given the Lab and the ViewState
//                  (view_state.hpp) they share
//   layout         where the panels go; status_bar
//   renderer       the arena view's GL drawing, and the target a frame is
//                  drawn into off the window (OffscreenTarget)
//   window_export  File > Export, through the command line's functions
//
// The main loop is one per-frame callback (frame()), with no threads and no
// blocking calls in it, so a browser build can drive the same code from
// emscripten's main loop (platform::Backend::runFrames).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/commands.hpp"
#include "gui/dialogs.hpp"
#include "gui/document.hpp"
#include "gui/fonts.hpp"
#include "gui/menu_bar.hpp"
#include "gui/offscreen_window.hpp"
#include "gui/panels.hpp"
#include "gui/platform/backend.hpp"
#include "gui/platform/keys.hpp"
#include "gui/preferences.hpp"
#include "gui/renderer.hpp"
#include "gui/view_state.hpp"
#include "lab/i18n.hpp"
#include "lab/lab.hpp"
#include "lab/recovery.hpp"
#include "lab/window_requests.hpp"


namespace gui {

struct AppOptions {
    int width = 1280;
    int height = 720;
    bool visible = true;  // false: a hidden window, for shots and tests
    bool animate = true;  // false: every frame shows the cursor's picture at once
    float font_size = 0;  // 0: 18 px times the monitor's content scale
    // Where unsaved work is autosaved and found again after a crash
    // (lab/recovery.hpp); empty: no autosave (shots, tests).
    std::string recovery_dir;
};

class App final : public OffscreenWindow, private DialogActions, private MenuActions {
public:
    // Opens the window and sets up GL, ImGui and the arena renderer. Returns
    // null with a message in `error` when there is no display or no OpenGL 3.3.
    static std::unique_ptr<App> open(const AppOptions& options, std::string& error);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    lab::Lab& lab() override { return lab_; }
    ViewState& ui() override { return ui_; }
    ArenaRenderer& arenaRenderer() override { return *renderer_; }
    ArenaCamera& arenaCamera() override { return panels_.arena.camera(); }
    // The script, its file and its saved state (document.hpp).
    Document& document() { return doc_; }
    // Every command of the window, with its shortcut (commands.hpp).
    Commands& commands() { return commands_; }
    // Each panel, with what it remembers (panels.hpp).
    Panels& panels() { return panels_; }

    // Replaces the script, as File > Open does (the script panel follows).
    // `path`: the script's file, where Save writes (none: Save asks).
    bool loadText(std::string text, std::string name, std::string path = {});
    // Reads and loads a file; on failure keeps the current script and
    // returns false with the reason in the status bar.
    bool loadFile(const std::string& path);
    // Writes the script (as edited) to `path` and remembers it for Save.
    bool saveFile(const std::string& path) override;

    // One frame on the window: input, a file picked or dropped on the page,
    // panels, drawing, swap. Returns false once the window should close.
    bool frame();
    // frame() until the window closes, through the backend's frame loop
    // (the desktop's and the browser page's alike; in a browser it never
    // returns).
    void run();
    // Something moves on screen (playing, a glide, a new font size): the
    // next frame is wanted now, not after the backend's idle wait.
    bool busy() const;

    // A key going down or up as the window system reports it: queued, so
    // a press and its release within one slow frame both count (the
    // backend hands ImGui one change per key per frame).
    void queueKey(platform::Key key, bool down) { backend_->queueKey(platform::keyIndex(key), down); }
    void queueChar(unsigned int codepoint) { backend_->queueChar(codepoint); }

    // One frame drawn offscreen at width x height (whatever the window's
    // size), read back as RGBA, top row first. `mouse` replaces the real
    // mouse for that frame.
    std::vector<std::uint8_t> renderOffscreen(int width, int height, const FakeMouse* mouse = nullptr) override;
    // The same frame, drawn offscreen and left there (no read-back): what
    // `bench-frame` times. The GL work may still be queued on return.
    void drawOffscreen(int width, int height, const FakeMouse* mouse = nullptr);
    // The same frame built and not drawn (OffscreenWindow::buildOffscreen):
    // a software renderer spends most of a frame rasterising it.
    void buildOffscreen(int width, int height, const FakeMouse* mouse = nullptr) override;
    void finishGl(); // waits until what was drawn is drawn (platform::Backend::finishGl)

    // Presentation mode on or off (F5; Esc leaves it): the text grows to at
    // least 1/30 of the window's height, the theme goes to high contrast,
    // and only Controls, the arena view and the Step panel stay.
    void setPresentation(bool on);
    // Embed mode on or off (ViewState::embed): the arena view and the Step
    // panel alone, for an <iframe>.
    void setEmbed(bool on);

    // File > Export (gui::Export, offscreen_window.hpp) at the window's
    // size, through exportWindow (window_export.hpp): the command line's
    // functions. Writes atomically; says in the status bar what it wrote or
    // why it could not. Call between frames.
    using Export = gui::Export;
    bool exportFile(Export what, const std::string& path) override;

    // Closes the window once nothing would be lost (File > Quit, Ctrl+Q):
    // with unsaved changes, after the prompt.
    void requestQuit() { quit_requested_ = true; }
    bool quitRequested() const { return quit_requested_; }

    // Whether the script differs from what was last opened or saved.
    bool hasUnsavedChanges() const { return doc_.hasUnsavedChanges(); }
    // Whether the "unsaved changes" prompt is up for a quit.
    bool confirmingQuit() const { return dialogs_.confirmingQuit(); }
    // Whether the "unsaved changes" prompt is up (for a quit, or for
    // something that would replace the script).
    bool askingAboutUnsavedChanges() const { return dialogs_.askingAboutUnsavedChanges(); }
    // Runs `action`, which replaces the document (`what` does, in words:
    // "Opening hello.arena"), at once when nothing would be lost; otherwise
    // after the person chose Save or Discard in a prompt (Cancel: never).
    void replaceDocument(std::string what, std::function<void()> action, bool quit = false)
    {
        dialogs_.replaceDocument(std::move(what), std::move(action), quit);
    }
    // Reads `path` and, once the prompt above allows, makes it the
    // document. A file that cannot be read changes nothing.
    Outcome openPath(const std::string& path) override;
    // What `arenalab [FILE]` opens: FILE (at its fullest moment), or with
    // no FILE the first screen (openFirstScreen). A FILE that cannot be
    // opened shows the built-in example at its end and a notice that says
    // why; the reason is returned (for standard error). `present`: in
    // presentation mode, as after F5 (`arenalab --present`).
    std::string start(const std::string& file, bool present = false);
    // The first screen, for someone who has never seen Arena Lab: lesson 1
    // at step 0, its introduction in the Step panel, the Lessons menu
    // beside; one key (Right, Page Down or Space) takes its first step.
    // What `arenalab` with no file opens (and the page with no link).
    void openFirstScreen() override;
    // A lesson from the catalogue, at its first step (Lessons menu).
    void openLesson(const lab::Lesson& lesson) override;
    // A notice shown in a prompt until the person closes it (empty: none).
    const std::string& notice() const { return dialogs_.notice(); }
    // The window's title as last set (the file's name, * while unsaved).
    const std::string& title() const { return title_; }
    // Whether a single key's action in a lesson waits for a yes: it would
    // replace the lesson's later lines (Dialogs::guardLessonKeys).
    bool askingBeforeAction() const { return dialogs_.askingBeforeAction(); }
    // Whether the file dialog (Open, Save As, Export) is up.
    bool fileDialogOpen() const { return dialogs_.fileDialogOpen(); }

    // Autosave (AppOptions::recovery_dir): while there are unsaved changes
    // the script is written to this window's recovery file at most every
    // Document::autosave_seconds (now, with force); with none it is removed.
    void autosave(bool force = false) override;
    // Recovery files left by windows that did not close cleanly, offered in
    // a prompt when the window opens.
    const std::vector<lab::RecoveredScript>& recoveryOffers() const { return doc_.offers(); }
    // Loads offer `i` as unsaved work (its file is then removed: the
    // autosave takes over), or removes its file without loading.
    void recover(std::size_t i) override;
    void discardRecovery(std::size_t i) { doc_.discardOffer(i); }
    // Closes the prompt and keeps the files for the next window.
    void keepRecoveryForLater() { doc_.keepOffersForLater(); }

    // Switches every text a person reads to `lang` at once (the document,
    // the step and the view stay) and remembers it for the next window when
    // the window has a state folder (AppOptions::recovery_dir: Preferences).
    void setLanguage(lab::Lang lang) override;

    // Where each panel went in the last frame.
    const PanelRect& arenaRect() const { return arena_rect_; }
    // How many characters of the text on screen the atlas has no glyph
    // for (shown as U+FFFD): 0 once every one shows.
    std::size_t missingGlyphs() const { return fonts_.missing(); }

private:
    explicit App(std::unique_ptr<platform::Backend> backend);
    bool init(const AppOptions& options, std::string& error);
    void defineCommands();                 // app_commands.cpp
    void rebuildFonts();
    // The fuller font from the platform, while characters on screen lack glyphs.
    void fetchFullerFont();
    void changeFontSize(float size);
    void buildFrame(float width, float height, bool offscreen, const FakeMouse* mouse);
    void playback();
    void drawPanels(float top, float bottom, float width); // layout.hpp places them
    // After the document was replaced: a fresh view, the title, the outcome.
    void loaded(const Outcome& outcome);
    void setStatus(const Outcome& outcome) override; // the status line says the outcome
    void fileRequest();
    void save(); // to the document's file, or Save As when it has none
    bool shouldClose(); // a close was asked for and nothing would be lost

    std::unique_ptr<platform::Backend> backend_;
    ImGuiContext* imgui_ = nullptr;
    lab::Lab lab_;
    ViewState ui_;
    Document doc_;
    Commands commands_;
    Panels panels_;
    // Owned by pointer so it can go before the GL context does.
    std::unique_ptr<ArenaRenderer> renderer_;
    PanelRect arena_rect_;
    float frame_height_ = 720.0f;     // of the last frame, for presentation's text size
    float default_font_size_ = 18.0f; // what View > Reset text size returns to
    WindowFonts fonts_;               // the atlas and the characters it holds
    Preferences preferences_;         // the language file, in AppOptions::recovery_dir

    std::unique_ptr<OffscreenTarget> offscreen_; // for renderOffscreen(); goes before the GL context

    Dialogs dialogs_; // after what it is given
    bool quit_requested_ = false;
    bool quit_confirmed_ = false; // the person chose to quit without saving
    // Presentation mode's text: the size before it, and the size it chose
    // for the window's height.
    float font_size_before_presentation_ = 0.0f;
    float presentation_font_size_ = 0.0f;
    std::string title_;
    std::string first_step_hint_; // the first screen's status hint, cleared once the lesson leaves step 0
    int window_w_ = 1280, window_h_ = 720;
};

// `arenalab` with no subcommand (file empty: the built-in example) or with a
// script FILE: runs the window until it closes and returns the exit status.
// Returns nothing when the window cannot open (no display), so the caller
// can fall back to the terminal.
// `language_given`: --lang was on the command line, so it wins over the
// language the window remembers (View > Language). `present`: --present,
// presentation mode from the first frame.
std::optional<int> runWindow(const std::string& file, bool language_given = false, bool present = false);

// Presentation mode's text size for a window `window_height` pixels high:
// at least 1/36 of it (app.cpp).
float presentationFontSize(float window_height);

// Moves the cursor to where the window opens: the end of the first
// operation after which the arena held the most buffers (then capacity).
void showFullestMoment(lab::Lab& lab);

// `arenalab bench-frame` (parsed in app/cli/bench_frame.cpp): start-up and
// frame times of the whole window, on standard output. Returns 0, or 1 when
// no window can open.
int runBenchFrame(const lab::BenchRequest& request);
// The same measurements on a window already open (the browser's page, with
// `?bench` in its address): loads the request's script, then times its
// frames. `open_ms`: how long opening the window took; `main_time`: when
// main began.
int benchFrames(App& app, const lab::BenchRequest& request, double open_ms, std::chrono::steady_clock::time_point main_time);

} // namespace gui
