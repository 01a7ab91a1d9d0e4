#include "gui/document.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "lab/numbers.hpp"
#include "lab/files.hpp"
#include "lab/runner.hpp"

namespace gui {

namespace {
constexpr std::size_t max_recent = 10;
constexpr const char* recent_file = "/recent-files.txt";
} // namespace

Document::Document(lab::Lab& lab, platform::Files& files) : lab_(lab), files_(files) {}

Document::~Document()
{
    // A clean exit: nothing to recover. (The quit prompt already asked.)
    if (recovery_) recovery_->discard();
}

bool Document::run()
{
    ran_to_end_ = lab_.load(editor_, lab_.fileName());
    edited_ = false;
    return ran_to_end_;
}

void Document::revert()
{
    editor_ = lab_.text();
    edited_ = false;
}

std::string Document::name() const
{
    if (path_.empty()) return lab_.fileName();
    return lab::baseName(path_);
}

std::string Document::title() const
{
    std::string t = hasUnsavedChanges() ? "*" : "";
    t += name();
    if (path_.empty()) t += " (not saved to a file)";
    return t + " - Arena Lab";
}

std::string Document::startFolder(bool opening) const
{
    if (!last_folder_.empty()) return last_folder_;
    if (opening && !files_.current().empty()) return files_.current();
    const std::string home = files_.home();
    if (!home.empty()) return home;
    return files_.current();
}

std::string Document::suggestedPath() const
{
    if (!path_.empty()) return path_;
    if (!suggested_path_.empty()) return suggested_path_;
    const std::string folder = startFolder();
    std::string file = lab_.fileName();
    if (file.empty() || file == "<stdin>") file = "untitled.arena";
    return folder.empty() ? file : folder + (folder.back() == '/' ? "" : "/") + file;
}

Outcome Document::load(std::string text, std::string name, std::string path)
{
    track(false); // what stood before is one undo step away
    ran_to_end_ = lab_.load(std::move(text), std::move(name));
    editor_ = lab_.text();
    edited_ = false;
    saved_text_ = lab_.text();
    path_ = std::move(path);
    suggested_path_.clear();
    ++doc_id_;
    if (!path_.empty()) noteRecent(path_);
    track(false);
    if (lab_.messages().empty())
        return {true, "Loaded " + lab_.fileName() + ": " + lab::grouped(lab_.steps()) + " steps"};
    const lab::LineMessage& m = lab_.messages().front();
    return {true, lab_.fileName() + ":" + std::to_string(m.line) + ": " + m.text, m.is_error};
}

Outcome Document::open(const std::string& path)
{
    if (path.empty()) return {false, "Type the path of a .arena file first."};
    std::string error;
    std::optional<std::string> text = files_.readScript(path, error);
    if (!text) return {false, error};
    return load(std::move(*text), files_.shownName(path), path == "-" ? std::string() : path);
}

Outcome Document::save(const std::string& path)
{
    if (path.empty()) return {false, "Type a path to save to first."};
    if (files_.isFolder(path)) return {false, "'" + path + "' is a folder: add a file name."};
    const std::string contents = text();
    std::string error;
    if (!files_.write(path, contents, error)) return {false, error + " (the old file is unchanged)"};
    saved_text_ = contents;
    path_ = path;
    suggested_path_.clear();
    noteRecent(path);
    current_.path = path_;
    current_.saved_text = saved_text_;
    return {true, "Saved " + files_.shownName(path)};
}

// ---- recent files -----------------------------------------------------------

void Document::noteRecent(const std::string& path)
{
    const std::string full = files_.absolute(path);
    last_folder_ = files_.folderOf(full);
    recent_.erase(std::remove(recent_.begin(), recent_.end(), full), recent_.end());
    recent_.insert(recent_.begin(), full);
    if (recent_.size() > max_recent) recent_.resize(max_recent);
    saveRecent();
}

void Document::saveRecent()
{
    if (!recovery_) return;
    std::string text;
    for (const std::string& p : recent_) text += p + "\n";
    std::string error;
    if (files_.makeFolder(recovery_->dir())) files_.write(recovery_->dir() + recent_file, text, error); // a lost list loses nothing else
}

// ---- undo and redo ----------------------------------------------------------

Document::Snapshot Document::capture() const
{
    Snapshot s;
    s.text = lab_.text();
    s.lab_name = lab_.fileName();
    s.cursor = lab_.cursor();
    s.edited = edited_;
    if (edited_) s.editor = editor_;
    s.doc = doc_id_;
    s.path = path_;
    s.saved_text = saved_text_;
    return s;
}

void Document::push(Snapshot s)
{
    undo_bytes_ += s.bytes();
    undo_.push_back(std::move(s));
    while (!undo_.empty() && (undo_.size() > max_undo_steps || undo_bytes_ > max_undo_bytes)) {
        undo_bytes_ -= undo_.front().bytes();
        undo_.pop_front();
    }
}

void Document::track(bool typing)
{
    if (!tracking_) {
        tracking_ = true;
        current_ = capture();
        tracked_revision_ = lab_.revision();
        return;
    }
    const bool lab_changed = lab_.revision() != tracked_revision_ || doc_id_ != current_.doc;
    const bool editor_changed =
        !typing && (edited_ != current_.edited || (edited_ && editor_ != current_.editor));
    if (!lab_changed && !editor_changed) {
        // Only the view moved (the cursor), or the file was saved.
        current_.cursor = lab_.cursor();
        current_.path = path_;
        current_.saved_text = saved_text_;
        return;
    }
    push(std::move(current_));
    redo_.clear();
    current_ = capture();
    if (typing && edited_) {
        // The editor's text is taken when the field lets go.
        current_.edited = false;
        current_.editor.clear();
    }
    tracked_revision_ = lab_.revision();
}

void Document::restore(const Snapshot& s)
{
    if (s.text != lab_.text() || s.lab_name != lab_.fileName()) ran_to_end_ = lab_.load(s.text, s.lab_name);
    lab_.seek(std::min(s.cursor, lab_.steps()));
    edited_ = s.edited;
    editor_ = s.edited ? s.editor : lab_.text();
    if (s.doc != doc_id_) {
        doc_id_ = s.doc;
        path_ = s.path;
        saved_text_ = s.saved_text;
    }
    current_ = capture();
    tracked_revision_ = lab_.revision();
}

bool Document::undo()
{
    track(false);
    if (undo_.empty()) return false;
    Snapshot back = std::move(undo_.back());
    undo_.pop_back();
    undo_bytes_ -= back.bytes();
    redo_.push_back(capture());
    restore(back);
    return true;
}

bool Document::redo()
{
    track(false);
    if (redo_.empty()) return false;
    Snapshot next = std::move(redo_.back());
    redo_.pop_back();
    push(capture());
    restore(next);
    return true;
}

void Document::forgetUndo()
{
    undo_.clear();
    redo_.clear();
    undo_bytes_ = 0;
    tracking_ = false;
    track(false);
}

// ---- autosave and recovery --------------------------------------------------

void Document::enableRecovery(const std::string& dir)
{
    recovery_ = std::make_unique<lab::Recovery>(dir);
    offers_ = recovery_->orphans();
    recent_.clear();
    if (std::optional<std::string> list = files_.readText(dir + recent_file)) {
        std::size_t start = 0;
        while (start < list->size() && recent_.size() < max_recent) {
            std::size_t end = list->find('\n', start);
            if (end == std::string::npos) end = list->size();
            if (end > start) recent_.push_back(list->substr(start, end - start));
            start = end + 1;
        }
    }
    if (!recent_.empty()) last_folder_ = files_.folderOf(recent_.front());
}

std::optional<Outcome> Document::autosave(double now, bool force)
{
    if (!recovery_) return std::nullopt;
    if (!force && now - last_autosave_ < autosave_seconds) return std::nullopt;
    last_autosave_ = now;
    if (!hasUnsavedChanges()) {
        // Saved (or back to what was saved, or discarded when asked):
        // nothing to recover.
        recovery_->discard();
        autosaved_text_.clear();
        return std::nullopt;
    }
    const std::string& current = text();
    if (!recovery_->ownFile().empty() && current == autosaved_text_) return std::nullopt;
    std::string error;
    if (recovery_->save(name(), path_.empty() ? suggested_path_ : path_, current, error)) {
        autosaved_text_ = current;
        autosave_failed_ = false;
        return std::nullopt;
    }
    if (autosave_failed_) return std::nullopt; // said once, not every two seconds
    autosave_failed_ = true;
    return Outcome{false, "Autosave failed (unsaved work is not protected): " + error};
}

Outcome Document::recover(std::size_t i, double now)
{
    if (i >= offers_.size()) return {false, "Nothing to recover."};
    const lab::RecoveredScript offer = offers_[i];
    // Untitled: Save asks where, starting from where it came from.
    load(offer.text, offer.name);
    saved_text_.clear();
    current_.saved_text.clear();
    suggested_path_ = offer.script_path;
    offers_.erase(offers_.begin() + static_cast<std::ptrdiff_t>(i));
    // Not undoable: an undo would leave the recovered text in memory only
    // (the autosave removes a file for work that is not on screen).
    forgetUndo();
    autosave(now, true); // this window's own recovery file takes over...
    const bool held = !hasUnsavedChanges() || (!recovery_->ownFile().empty() && autosaved_text_ == text());
    if (held) lab::Recovery::remove(offer.file); // ...and only then the old one goes
    return {true, "Recovered " + offer.name + (hasUnsavedChanges() ? ": save it to keep it (Ctrl+S)" : "")};
}

void Document::discardOffer(std::size_t i)
{
    if (i >= offers_.size()) return;
    lab::Recovery::remove(offers_[i].file);
    offers_.erase(offers_.begin() + static_cast<std::ptrdiff_t>(i));
}

} // namespace gui
