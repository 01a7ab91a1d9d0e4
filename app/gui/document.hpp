// The document: the script a window edits. It is the one place that reads
// or writes a script file, for the File menu and the Script panel alike:
// the script's text (the Lab's, or the editor's while it holds edits), its
// file (or none: a lesson, the built-in example, a new script), what was
// last opened or saved (anything else is unsaved work), load, open, save,
// and the autosave that protects unsaved work and offers it back after a
// crash (lab/recovery.hpp).
//
// No ImGui, GL or window system here: a test (or a browser build, with its
// own platform::Files) drives it as the window does. It answers with an
// Outcome; the shell shows it in the status bar.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "gui/platform/files.hpp"
#include "lab/lab.hpp"
#include "lab/recovery.hpp"

namespace gui {

// What an action did, in words for the status bar.
struct Outcome {
    bool ok = true;        // it was done
    std::string message;
    bool is_error = !ok;   // shown as an error (a script that loaded with problems is both)
};

class Document {
public:
    Document(lab::Lab& lab, platform::Files& files);
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    // ---- the text ------------------------------------------------------
    // The editor's text (the Script panel edits it in place).
    std::string& editor() { return editor_; }
    const std::string& editor() const { return editor_; }
    // Whether the editor holds edits the Lab has not run.
    bool edited() const { return edited_; }
    // Call after the editor's text changed (a keystroke).
    void noteEdit() { edited_ = editor_ != lab_.text(); }
    // The script as it stands: the editor's text while it holds edits.
    const std::string& text() const { return edited_ ? editor_ : lab_.text(); }
    // Runs the editor's text in the Lab (Run); returns whether it ran to the end.
    bool run();
    // Drops the editor's edits: it shows the Lab's script again.
    void revert();

    // ---- the file ------------------------------------------------------
    // Where Save writes; empty for a script with no file.
    const std::string& path() const { return path_; }
    // What the window calls the script ("hello.arena").
    const std::string& name() const { return lab_.fileName(); }
    // The text as last opened, loaded or saved.
    const std::string& savedText() const { return saved_text_; }
    bool hasUnsavedChanges() const { return text() != saved_text_; }

    // Replaces the script with `text` and runs it. `path` is its file, or
    // empty for a lesson, the built-in example or a new script.
    Outcome load(std::string text, std::string name, std::string path = {});
    // Whether the last load (or run) ran the script to its end.
    bool ranToEnd() const { return ran_to_end_; }
    // Reads the file and loads it. A missing, unreadable, binary or
    // oversized file changes nothing, and the outcome says why.
    Outcome open(const std::string& path);
    // Writes the script (as edited) to `path` atomically and makes it the
    // document's file. On failure the old file is unchanged.
    Outcome save(const std::string& path);

    // ---- autosave and recovery ------------------------------------------
    // Turns autosave on, into `dir` (lab::Recovery), and gathers what
    // windows that did not close cleanly left there.
    void enableRecovery(const std::string& dir);
    bool recoveryEnabled() const { return recovery_ != nullptr; }
    std::string recoveryDir() const { return recovery_ ? recovery_->dir() : std::string(); }
    // While there are unsaved changes the script is written to this
    // window's recovery file at most every `autosave_seconds` of `now`
    // (at once with `force`); with none the file is removed. Returns an
    // outcome only when it has something to say (a first failure).
    static constexpr double autosave_seconds = 2.0;
    std::optional<Outcome> autosave(double now, bool force = false);
    // The files found by enableRecovery, offered in a prompt.
    const std::vector<lab::RecoveredScript>& offers() const { return offers_; }
    // Loads offer `i` as unsaved work (its file is then removed: this
    // window's autosave takes over).
    Outcome recover(std::size_t i, double now);
    // Removes offer `i`'s file without loading it.
    void discardOffer(std::size_t i);
    // Keeps the files for the next window.
    void keepOffersForLater() { offers_.clear(); }

private:
    lab::Lab& lab_;
    platform::Files& files_;
    std::string editor_;
    bool edited_ = false;
    bool ran_to_end_ = true;
    std::string path_;
    std::string saved_text_;
    std::unique_ptr<lab::Recovery> recovery_; // null: no autosave
    std::vector<lab::RecoveredScript> offers_;
    std::string autosaved_text_;   // what the recovery file holds
    double last_autosave_ = -1e9;  // `now` of the last write
    bool autosave_failed_ = false; // said once
};

} // namespace gui
