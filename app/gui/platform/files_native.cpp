#include "gui/platform/files.hpp"

#include <filesystem>
#include <system_error>

#include "lab/files.hpp"

namespace gui::platform {

namespace {

class NativeFiles final : public Files {
public:
    std::optional<std::string> readScript(const std::string& path, std::string& error) override
    {
        return lab::readEditableScriptFile(path, error);
    }
    bool write(const std::string& path, std::string_view contents, std::string& error) override
    {
        return lab::writeFileAtomically(path, contents, error);
    }
    bool isFolder(const std::string& path) override
    {
        std::error_code ec;
        return std::filesystem::is_directory(path, ec);
    }
};

} // namespace

Files& nativeFiles()
{
    static NativeFiles files; // stateless: one serves every window
    return files;
}

} // namespace gui::platform
