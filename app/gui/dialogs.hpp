// Dialogs and prompts (dialogs.cpp): the path prompt of File > Open, Save
// As and Export; the Help window, which lists every shortcut from the
// command table; Getting started; the unsaved-changes prompt before a quit
// or anything that would replace the script; the notice; the prompt before
// a single key replaces a lesson's later lines; and the recovery prompt
// when unsaved work of a crashed window is found. One Dialogs object per
// window owns what they remember; what a person chooses in them goes to
// the window through DialogActions (the App is one).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/commands.hpp"
#include "gui/document.hpp"
#include "gui/offscreen_window.hpp"
#include "gui/platform/files.hpp"
#include "gui/view_state.hpp"
#include "lab/lab.hpp"

namespace gui {

// The file dialog's state (no native dialogs: the folder's files, the
// recent files and a name field, through platform::Files).
struct PathPrompt {
    enum class Kind : std::uint8_t { none, open, save_as, export_doctest, export_trace, export_script, export_png, export_quiz, export_animation_op,
                             export_animation_all, export_handout };
    Kind kind = Kind::none;
    bool opening = false; // open it on the next frame
    bool refocus = false; // give the field the keyboard again (after an error)
    std::string folder;      // the folder listed
    std::string name;        // the name field: a name in `folder`, or a path
    std::string error;
    std::vector<platform::Files::Entry> entries; // `folder`'s, as listed when it was entered
    std::string list_error;
    int generation = 0;            // one name field per opening
    std::string confirmed_replace; // an existing file the person was told about once
    void goTo(platform::Files& files, std::string folder);
};

// What the dialogs ask the window to do once a person has chosen.
class DialogActions {
public:
    virtual Outcome openPath(const std::string& path) = 0;
    virtual bool saveFile(const std::string& path) = 0;
    virtual bool exportFile(Export what, const std::string& path) = 0;
    virtual void recover(std::size_t i) = 0;
    virtual void autosave(bool force) = 0;
    virtual void setStatus(const Outcome& outcome) = 0;
    virtual void openFirstScreen() = 0;

protected:
    ~DialogActions() = default;
};

class Dialogs {
public:
    Dialogs(DialogActions& window, lab::Lab& lab, ViewState& ui, Document& doc, Commands& commands, platform::Files& files);

    // Every dialog and prompt that is up, in the order they stack.
    void draw();

    // File > Open, Save As or an Export: the file dialog, from the next frame.
    void openDialog(PathPrompt::Kind kind);
    void showHelp() { show_help_ = true; }
    void showGettingStarted() { show_getting_started_ = true; }
    // A notice shown in a prompt until the person closes it (empty: none).
    void setNotice(std::string text) { notice_ = std::move(text); }
    const std::string& notice() const { return notice_; }

    // Runs `action`, which replaces the document (`what` does, in words:
    // "Opening hello.arena"), at once when nothing would be lost; otherwise
    // after the person chose Save or Discard in a prompt (Cancel: never).
    void replaceDocument(std::string what, std::function<void()> action, bool quit = false);
    // Holds back a control's single key that would replace a lesson's later
    // lines until the person says yes (before the panels take their keys).
    void guardLessonKeys();
    // The picture, an animation or a handout the file dialog chose: drawn
    // between frames, not inside one (once).
    std::optional<std::pair<Export, std::string>> takePendingExport();

    bool confirmingQuit() const { return replacing_ && replacing_->quit; }
    bool askingAboutUnsavedChanges() const { return replacing_.has_value(); }
    bool askingBeforeAction() const { return asked_action_.has_value(); }
    bool fileDialogOpen() const { return prompt_.kind != PathPrompt::Kind::none; }

private:
    void fileDialog();
    void helpWindow();
    void gettingStartedWindow();
    void unsavedPrompt();
    void noticePrompt();
    void recoveryPrompt();
    void actionPrompt();

    DialogActions& window_;
    lab::Lab& lab_;
    ViewState& ui_;
    Document& doc_;
    Commands& commands_;
    platform::Files& files_;

    PathPrompt prompt_; // File > Open / Save As / Export: a path prompt
    bool show_help_ = false;
    bool show_getting_started_ = false;
    struct Replacement {
        std::string what;
        std::function<void()> action;
        bool quit = false;
    };
    std::optional<Replacement> replacing_; // the unsaved-changes prompt is open for it
    // A control's key held back until the person says yes (actionPrompt),
    // and one said yes to, for the next frame's panels.
    std::optional<CommandId> asked_action_, allowed_action_;
    std::size_t asked_lines_ = 0;
    std::function<void()> after_save_; // runs once the Save As the prompt opened has saved
    std::string notice_;
    std::optional<std::pair<Export, std::string>> pending_export_;
};

} // namespace gui
