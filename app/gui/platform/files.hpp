// File access for the window: where scripts (and exports) are read and
// written. The desktop reads and writes the file system (files_native.cpp);
// a browser build implements the same interface with its file picker,
// downloads and storage. Only the document (document.hpp) and the exports
// use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
};

// The file system, through lab/files.hpp.
Files& nativeFiles();

} // namespace gui::platform
