// Files in the browser. What the person opens (the file picker, or a file
// dropped on the page) is copied by the page into Emscripten's in-memory
// file system, so reading is the desktop's own code (lab/files.hpp) with
// its checks (binary, oversized, ...). Every write (Save, every Export) is
// offered as a download named after the path's last part; a copy is kept
// in the in-memory file system, so the document's "saved" state and a
// later Save behave as on the desktop.
#include "gui/platform/backend.hpp"
#include "gui/platform/files.hpp"

#include <filesystem>
#include <system_error>

#include "lab/files.hpp"

extern "C" {
// app/web/arenalab_lib.js: offers `size` bytes at `data` as a download.
void arenalab_js_download(const char* name, const char* data, std::size_t size);
}

namespace gui::platform {

namespace {

class WebFiles final : public Files {
public:
    std::optional<std::string> readScript(const std::string& path, std::string& error) override
    {
        auto text = lab::readEditableScriptFile(path, error);
        // Its messages name the file as the person does.
        const std::string full = lab::displayName(path);
        if (!text && error.compare(0, full.size(), full) == 0) error = shownName(path) + error.substr(full.size());
        return text;
    }
    std::string shownName(const std::string& path) override
    {
        return lab::displayName(std::filesystem::path(path).filename().string());
    }
    bool write(const std::string& path, std::string_view contents, std::string& error) override
    {
        std::error_code ec;
        const std::filesystem::path p(path);
        if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
        if (!lab::writeFileAtomically(path, contents, error)) return false;
        const std::string name = p.filename().string();
        arenalab_js_download(name.empty() ? "arenalab.txt" : name.c_str(), contents.data(), contents.size());
        return true;
    }
    bool isFolder(const std::string& path) override
    {
        std::error_code ec;
        return std::filesystem::is_directory(path, ec);
    }
};

} // namespace

Files& webFiles()
{
    static WebFiles files;
    return files;
}

} // namespace gui::platform
