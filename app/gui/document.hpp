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
#include <cstdint>
#include <deque>
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
    // Where Save writes; empty for a script with no file (untitled: a
    // lesson, the built-in example, a recovered script, New). Save never
    // writes anywhere else; Save As asks.
    const std::string& path() const { return path_; }
    bool untitled() const { return path_.empty(); }
    // What the window calls the script ("hello.arena").
    std::string name() const;
    // The window's title: the name, a mark while there are unsaved changes.
    std::string title() const;
    // Where Save As starts: the document's file, else where a recovered
    // script came from, else the last folder used (else the home folder)
    // with the script's name.
    std::string suggestedPath() const;
    // The last folder a file was opened from or saved to; else, to open,
    // the current folder (where Arena Lab was started), and to save, the
    // home folder (else the current one).
    std::string startFolder(bool opening = false) const;
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
    // Files recently opened or saved, newest first (kept in the state
    // folder, next to the recovery files, when recovery is on).
    const std::vector<std::string>& recentFiles() const { return recent_; }

    // ---- undo and redo --------------------------------------------------
    // Everything that changes the document can be undone: lines a control
    // appended, resets, child settings, a branch from the past, a load, the
    // editor's text once the field lets go of the keyboard. A step back
    // restores the script, and so the history (a run is deterministic),
    // the cursor, the editor and, across a load, the file it was.
    // track() notices changes: the shell calls it before and after each
    // frame's input; while the editor types (`typing`), its text waits.
    void track(bool typing);
    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    bool undo();
    bool redo();
    void forgetUndo();
    // The bound: the oldest steps go first beyond either.
    static constexpr std::size_t max_undo_steps = 200;
    static constexpr std::size_t max_undo_bytes = std::size_t{64} << 20;
    std::size_t undoSteps() const { return undo_.size(); }
    std::size_t undoBytes() const { return undo_bytes_; }

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
    // Loads offer `i` as unsaved, untitled work. Its file is removed once
    // this window's own recovery file holds the text (the autosave takes
    // over), never before.
    Outcome recover(std::size_t i, double now);
    // Removes offer `i`'s file without loading it.
    void discardOffer(std::size_t i);
    // Keeps the files for the next window.
    void keepOffersForLater() { offers_.clear(); }

private:
    struct Snapshot {
        std::string text;      // the Lab's script
        std::string lab_name;  // and its name
        std::size_t cursor = 0;
        std::string editor;
        bool edited = false;
        std::uint64_t doc = 0; // which document: a load starts a new one
        std::string path;      // that document's file and saved text
        std::string saved_text;
        std::size_t bytes() const { return text.size() + editor.size() + saved_text.size() + path.size() + 64; }
    };
    Snapshot capture() const;
    void restore(const Snapshot& s);
    void push(Snapshot s);
    void noteRecent(const std::string& path);
    void saveRecent();

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
    std::string suggested_path_;   // a recovered script's origin
    std::string last_folder_;
    std::vector<std::string> recent_;
    // Undo: the state as last tracked, and the steps either side of it.
    std::uint64_t doc_id_ = 1;
    Snapshot current_;
    std::uint64_t tracked_revision_ = 0;
    bool tracking_ = false;
    std::deque<Snapshot> undo_, redo_;
    std::size_t undo_bytes_ = 0;
};

} // namespace gui
