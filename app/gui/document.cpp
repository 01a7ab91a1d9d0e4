#include "gui/document.hpp"

#include <optional>
#include <utility>

#include "lab/runner.hpp"

namespace gui {

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

Outcome Document::load(std::string text, std::string name, std::string path)
{
    ran_to_end_ = lab_.load(std::move(text), std::move(name));
    editor_ = lab_.text();
    edited_ = false;
    saved_text_ = lab_.text();
    path_ = std::move(path);
    if (lab_.messages().empty())
        return {true, "Loaded " + lab_.fileName() + ": " + std::to_string(lab_.steps()) + " steps"};
    const lab::LineMessage& m = lab_.messages().front();
    return {true, lab_.fileName() + ":" + std::to_string(m.line) + ": " + m.text, m.is_error};
}

Outcome Document::open(const std::string& path)
{
    if (path.empty()) return {false, "Type the path of a .arena file first."};
    std::string error;
    std::optional<std::string> text = files_.readScript(path, error);
    if (!text) return {false, error};
    return load(std::move(*text), lab::displayName(path), path == "-" ? std::string() : path);
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
    return {true, "Saved " + path};
}

void Document::enableRecovery(const std::string& dir)
{
    recovery_ = std::make_unique<lab::Recovery>(dir);
    offers_ = recovery_->orphans();
}

std::optional<Outcome> Document::autosave(double now, bool force)
{
    if (!recovery_) return std::nullopt;
    if (!force && now - last_autosave_ < autosave_seconds) return std::nullopt;
    last_autosave_ = now;
    if (!hasUnsavedChanges()) {
        // Saved (or back to what was saved): nothing to recover.
        recovery_->discard();
        autosaved_text_.clear();
        return std::nullopt;
    }
    const std::string& current = text();
    if (!recovery_->ownFile().empty() && current == autosaved_text_) return std::nullopt;
    std::string error;
    if (recovery_->save(lab_.fileName(), path_, current, error)) {
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
    load(offer.text, offer.name, offer.script_path);
    // Unsaved is measured against the file as it is on disk (if any).
    std::string error;
    std::optional<std::string> on_disk;
    if (!offer.script_path.empty()) on_disk = files_.readScript(offer.script_path, error);
    saved_text_ = on_disk ? *on_disk : std::string();
    lab::Recovery::remove(offer.file);
    offers_.erase(offers_.begin() + static_cast<std::ptrdiff_t>(i));
    autosave(now, true); // this window's own recovery file takes over
    return {true, "Recovered " + offer.name + (hasUnsavedChanges() ? ": save it to keep it (Ctrl+S)" : "")};
}

void Document::discardOffer(std::size_t i)
{
    if (i >= offers_.size()) return;
    lab::Recovery::remove(offers_[i].file);
    offers_.erase(offers_.begin() + static_cast<std::ptrdiff_t>(i));
}

} // namespace gui
