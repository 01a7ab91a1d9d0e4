#include "lab/recovery.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "lab/files.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

constexpr std::string_view magic = "# arenalab-recovery ";
constexpr std::string_view prefix = "recovery-";
constexpr std::string_view suffix = ".arena";

// Header values are one line each: a newline in a path cannot break the format.
std::string oneLine(std::string_view s)
{
    std::string out(s);
    std::replace(out.begin(), out.end(), '\n', ' ');
    std::replace(out.begin(), out.end(), '\r', ' ');
    return out;
}

// The process id in "recovery-<pid>-<stamp>.arena", or 0.
long pidOf(const std::string& file_name)
{
    if (file_name.rfind(prefix, 0) != 0) return 0;
    if (file_name.size() < suffix.size() || file_name.compare(file_name.size() - suffix.size(), suffix.size(), suffix) != 0) return 0;
    char* end = nullptr;
    const long pid = std::strtol(file_name.c_str() + prefix.size(), &end, 10);
    return end != nullptr && *end == '-' && pid > 0 ? pid : 0;
}

bool processAlive(long pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::int64_t now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

Recovery::Recovery(std::string dir) : dir_(std::move(dir)) {}

std::string Recovery::defaultDir()
{
    if (const char* d = std::getenv("ARENALAB_STATE_DIR"); d != nullptr && *d != '\0') return d;
    if (const char* d = std::getenv("XDG_STATE_HOME"); d != nullptr && *d == '/') return std::string(d) + "/arenalab";
    if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') return std::string(h) + "/.local/state/arenalab";
    return "";
}

std::string Recovery::encode(std::string_view name, std::string_view script_path, std::int64_t saved_at, std::string_view text)
{
    std::string out;
    out += "# arenalab-recovery file: the unsaved script of an Arena Lab window that did not close cleanly.\n";
    out += std::string(magic) + "name: " + oneLine(name) + "\n";
    out += std::string(magic) + "path: " + oneLine(script_path) + "\n";
    out += std::string(magic) + "saved: " + std::to_string(saved_at) + "\n";
    out += std::string(magic) + "---\n";
    out += text;
    return out;
}

std::optional<RecoveredScript> Recovery::decode(std::string_view contents)
{
    RecoveredScript r;
    std::size_t pos = contents.find('\n');
    if (pos == std::string_view::npos || contents.rfind("# arenalab-recovery file", 0) != 0) return std::nullopt;
    ++pos;
    bool ended = false;
    while (!ended && pos < contents.size()) {
        const std::size_t eol = contents.find('\n', pos);
        if (eol == std::string_view::npos) return std::nullopt;
        const std::string_view line = contents.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.rfind(magic, 0) != 0) return std::nullopt;
        const std::string_view field = line.substr(magic.size());
        if (field == "---") ended = true;
        else if (field.rfind("name: ", 0) == 0) r.name = field.substr(6);
        else if (field.rfind("path: ", 0) == 0) r.script_path = field.substr(6);
        else if (field.rfind("saved: ", 0) == 0) r.saved_at = std::strtoll(std::string(field.substr(7)).c_str(), nullptr, 10);
    }
    if (!ended) return std::nullopt;
    r.text = contents.substr(pos);
    if (r.name.empty()) r.name = "recovered.arena";
    return r;
}

bool Recovery::save(std::string_view name, std::string_view script_path, std::string_view text, std::string& error)
{
    if (dir_.empty()) {
        error = "no folder for recovery files: set ARENALAB_STATE_DIR or HOME";
        return false;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        error = dir_ + ": error: cannot create the recovery folder: " + ec.message();
        return false;
    }
    if (own_file_.empty()) {
        // The pid says whose it is; the start time keeps a later process
        // that gets the same pid from overwriting an orphan.
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count() ^ now();
        own_file_ = dir_ + "/" + std::string(prefix) + std::to_string(::getpid()) + "-" + std::to_string(stamp) +
                    std::string(suffix);
    }
    return writeFileAtomically(own_file_, encode(name, script_path, now(), text), error);
}

void Recovery::discard()
{
    if (own_file_.empty()) return;
    ::unlink(own_file_.c_str());
    own_file_.clear();
}

std::vector<RecoveredScript> Recovery::orphans() const
{
    std::vector<RecoveredScript> found;
    std::error_code ec;
    if (dir_.empty() || !std::filesystem::is_directory(dir_, ec)) return found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const std::string path = entry.path().string();
        const long pid = pidOf(entry.path().filename().string());
        if (pid == 0 || path == own_file_) continue;
        // Our own pid on a file we did not write: an earlier process's.
        if (pid != static_cast<long>(::getpid()) && processAlive(pid)) continue;
        std::string error;
        const std::optional<std::string> contents = readScriptFile(path, error);
        if (!contents) continue;
        std::optional<RecoveredScript> r = decode(*contents);
        if (!r) continue;
        r->file = path;
        found.push_back(std::move(*r));
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.saved_at > b.saved_at; });
    return found;
}

bool Recovery::remove(const std::string& file) { return ::unlink(file.c_str()) == 0; }

} // namespace lab
