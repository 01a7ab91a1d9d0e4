#include "gui/platform/files.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
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

    bool canBrowse() const override { return true; }
    std::optional<std::vector<Entry>> list(const std::string& folder, std::string& error) override
    {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::directory_iterator it(folder.empty() ? fs::path(".") : fs::path(folder), fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            error = folder + ": " + ec.message();
            return std::nullopt;
        }
        std::vector<Entry> out;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) break;
            const std::string name = it->path().filename().string();
            if (name.empty() || name[0] == '.') continue;
            std::error_code type_ec;
            out.push_back({name, it->is_directory(type_ec)});
        }
        std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
            return a.folder != b.folder ? a.folder : a.name < b.name;
        });
        return out;
    }
    std::string home() override
    {
        const char* h = std::getenv("HOME");
        return h != nullptr ? std::string(h) : std::string();
    }
    std::string current() override
    {
        std::error_code ec;
        const std::filesystem::path p = std::filesystem::current_path(ec);
        return ec ? std::string(".") : p.string();
    }
    std::string absolute(const std::string& path) override
    {
        std::error_code ec;
        const std::filesystem::path p = std::filesystem::absolute(path, ec);
        return ec ? path : p.lexically_normal().string();
    }
    bool makeFolder(const std::string& path) override
    {
        std::error_code ec;
        std::filesystem::create_directories(path, ec);
        return !ec;
    }
    std::optional<std::string> readText(const std::string& path) override
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::nullopt;
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

} // namespace

Files& nativeFiles()
{
    static NativeFiles files; // stateless: one serves every window
    return files;
}

} // namespace gui::platform
