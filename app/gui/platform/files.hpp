// File access for the window: where scripts (and exports) are read and
// written. The desktop reads and writes the file system (files_native.cpp);
// a browser build implements the same interface with its file picker,
// downloads and storage. Only the document (document.hpp) and the exports
// use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/runner.hpp"

namespace gui::platform {

class Files {
public:
    virtual ~Files() = default;
    // A script bound for the editor: missing, unreadable, folder, binary
    // and oversized files each get their own message in `error`.
    virtual std::optional<std::string> readScript(const std::string& path, std::string& error) = 0;
    // Any file (a saved script or an export), replaced only once the new
    // contents are whole.
    virtual bool write(const std::string& path, std::string_view contents, std::string& error) = 0;
    // Whether `path` names a folder (a save there needs a file name).
    virtual bool isFolder(const std::string& path) = 0;
    // How the window names the file at `path` (title, status bar, messages):
    // the path on the desktop; in the browser, where the page keeps what it
    // is given in folders of its own (/uploads, /downloads), the file's name.
    virtual std::string shownName(const std::string& path) { return lab::displayName(path); }

    // ---- browsing (the file dialog) ----------------------------------
    // A build without folders to browse (the browser, which uses its own
    // file picker) keeps these defaults: the dialog then shows only the
    // recent files and a name field.
    struct Entry {
        std::string name;
        bool folder = false;
    };
    virtual bool canBrowse() const { return false; }
    // The entries of `folder` (no hidden ones), or nothing with `error` set.
    virtual std::optional<std::vector<Entry>> list(const std::string& folder, std::string& error)
    {
        error = "no folders to browse here: " + folder;
        return std::nullopt;
    }
    // The home folder ("" if none), the current one, a path made absolute
    // (against the current folder), and a path's folder.
    virtual std::string home() { return {}; }
    virtual std::string current() { return {}; }
    virtual std::string absolute(const std::string& path) { return path; }
    virtual std::string folderOf(const std::string& path)
    {
        const std::size_t slash = path.rfind('/');
        return slash == std::string::npos ? std::string() : slash == 0 ? std::string("/") : path.substr(0, slash);
    }
    // Makes a folder (and its parents) for the window's own files.
    virtual bool makeFolder(const std::string& path) { return !path.empty(); }
    // A small text file of the window's own (the recent files list), or
    // nothing when it is missing or unreadable.
    virtual std::optional<std::string> readText(const std::string& path)
    {
        std::string error;
        return readScript(path, error);
    }
};

// The file system, through lab/files.hpp.
Files& nativeFiles();

} // namespace gui::platform
