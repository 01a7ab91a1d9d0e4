// The document without a window: the one owner of the script's text, its
// file and its saved state, driven through platform::Files as a browser
// build would drive it (here, files in memory).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "gui/document.hpp"

namespace {

class MemoryFiles final : public gui::platform::Files {
public:
    std::map<std::string, std::string> files;
    std::optional<std::string> readScript(const std::string& path, std::string& error) override
    {
        const auto it = files.find(path);
        if (it == files.end()) {
            error = path + ": no such file";
            return std::nullopt;
        }
        return it->second;
    }
    bool write(const std::string& path, std::string_view contents, std::string& error) override
    {
        if (path.rfind("/readonly/", 0) == 0) {
            error = path + ": permission denied";
            return false;
        }
        files[path] = std::string(contents);
        return true;
    }
    bool isFolder(const std::string& path) override { return !path.empty() && path.back() == '/'; }
};

} // namespace

TEST_CASE("document: open, edit, save and save-as keep one idea of the file and of unsaved work")
{
    lab::Lab lab;
    MemoryFiles files;
    files.files["a.arena"] = "x = alloc 8\n";
    gui::Document doc(lab, files);

    // A lesson or the built-in example: no file.
    gui::Outcome loaded = doc.load("y = alloc 16\n", "lesson.arena");
    CHECK(loaded.ok);
    CHECK(doc.path().empty());
    CHECK(doc.name() == "lesson.arena");
    CHECK_FALSE(doc.hasUnsavedChanges());

    // A missing file changes nothing and says why.
    const gui::Outcome missing = doc.open("missing.arena");
    CHECK_FALSE(missing.ok);
    CHECK(missing.is_error);
    CHECK(missing.message.find("missing.arena") != std::string::npos);
    CHECK(lab.text() == "y = alloc 16\n");
    CHECK(doc.path().empty());

    // Opening makes it the document's file.
    REQUIRE(doc.open("a.arena").ok);
    CHECK(doc.path() == "a.arena");
    CHECK(lab.text() == "x = alloc 8\n");
    CHECK(doc.editor() == lab.text());

    // Editing: unsaved until saved; the editor's text is what is saved.
    doc.editor() += "z = alloc 4\n";
    doc.noteEdit();
    CHECK(doc.edited());
    CHECK(doc.hasUnsavedChanges());
    CHECK(doc.text() == "x = alloc 8\nz = alloc 4\n");
    REQUIRE(doc.save(doc.path()).ok);
    CHECK(files.files["a.arena"] == "x = alloc 8\nz = alloc 4\n");
    CHECK_FALSE(doc.hasUnsavedChanges());
    CHECK(doc.edited()); // saved, but not yet run
    CHECK(doc.run());
    CHECK_FALSE(doc.edited());
    CHECK(lab.text() == "x = alloc 8\nz = alloc 4\n");

    // A control appends a line: unsaved again.
    REQUIRE_FALSE(lab.perform(lab::Alloc{std::string("w"), 8, 8}));
    CHECK(doc.hasUnsavedChanges());

    // A folder, or a file that cannot be written: refused, nothing changes.
    CHECK_FALSE(doc.save("dir/").ok);
    const gui::Outcome denied = doc.save("/readonly/b.arena");
    CHECK_FALSE(denied.ok);
    CHECK(denied.message.find("unchanged") != std::string::npos);
    CHECK(doc.path() == "a.arena");
    CHECK(doc.hasUnsavedChanges());

    // Save As moves the document to the new file.
    REQUIRE(doc.save("b.arena").ok);
    CHECK(doc.path() == "b.arena");
    CHECK(files.files["b.arena"] == lab.text());
    CHECK(files.files["a.arena"] == "x = alloc 8\nz = alloc 4\n");
    CHECK_FALSE(doc.hasUnsavedChanges());

    // Revert drops the editor's edits.
    doc.editor() = "nonsense";
    doc.noteEdit();
    doc.revert();
    CHECK(doc.editor() == lab.text());
    CHECK_FALSE(doc.edited());
}

TEST_CASE("document: undo is bounded in bytes as well as in steps; the newest steps stay")
{
    lab::Lab lab;
    MemoryFiles files;
    gui::Document doc(lab, files);
    // A 4 MiB script (comments): each step keeps its text and its saved text.
    std::string big;
    while (big.size() < (std::size_t{4} << 20)) big += "# a long comment line to make the script big, nothing to run here\n";
    doc.load(big, "big.arena");
    doc.track(false);
    for (int i = 0; i < 30; ++i) {
        REQUIRE_FALSE(lab.perform(lab::Alloc{"h" + std::to_string(i), 8, 8}));
        doc.track(false);
    }
    CHECK(doc.undoBytes() <= gui::Document::max_undo_bytes);
    CHECK(doc.undoSteps() < 30);
    CHECK(doc.undoSteps() > 0);
    // The newest step is there: one undo drops the last alloc.
    const std::string last = lab.text();
    REQUIRE(doc.undo());
    CHECK(lab.text().size() < last.size());
    CHECK(lab.text().find("h29 = alloc") == std::string::npos);
    CHECK(lab.text().find("h28 = alloc") != std::string::npos);
    REQUIRE(doc.redo());
    CHECK(lab.text() == last);
}
