#include "lab/recovery.hpp"

#include <fcntl.h>
#include <sys/file.h>
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
#include "lab/i18n.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

constexpr std::string_view magic = "# arenalab-recovery ";
constexpr std::string_view file_prefix = "recovery-";
constexpr std::string_view suffix = ".arena";

// Header values are one line each: a newline in a path cannot break the format.
std::string oneLine(std::string_view s)
{
    std::string out(s);
    std::replace(out.begin(), out.end(), '\n', ' ');
    std::replace(out.begin(), out.end(), '\r', ' ');
    return out;
}

// Whether a file name is "recovery-<pid>-<stamp>.arena".
bool isRecoveryName(const std::string& file_name)
{
    if (file_name.rfind(file_prefix, 0) != 0) return false;
    return file_name.size() > file_prefix.size() + suffix.size() &&
           file_name.compare(file_name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A recovery file's lock: the window that writes the file holds an flock
// on it while it lives. The kernel drops the lock when the process ends,
// however it ends, so an unlocked (or missing) lock means the window is
// gone; a process id could belong to anyone by then.
std::string lockOf(const std::string& file) { return file + ".lock"; }

// Whether a live window holds `file`'s lock.
bool lockHeld(const std::string& file)
{
    const int fd = ::open(lockOf(file).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd); // releases the lock if this call took it
    return held;
}

std::int64_t now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

Recovery::Recovery(std::string dir) : dir_(std::move(dir)) {}

// Closing the lock's descriptor releases the lock: the file is an orphan
// from now on, exactly as after a crash, unless discard() removed it.
Recovery::~Recovery()
{
    if (lock_fd_ >= 0) ::close(lock_fd_);
}

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
        error = tr("no folder for recovery files: set ARENALAB_STATE_DIR or HOME");
        return false;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        error = dir_ + ": error: " + trf("cannot create the recovery folder: {}", ec.message());
        return false;
    }
    if (own_file_.empty()) {
        // The pid and start time make the name unique; whose it is, the
        // lock says. The lock comes first, so no other window ever sees
        // the file unlocked while this one lives.
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count() ^ now();
        std::string file = dir_ + "/" + std::string(file_prefix) + std::to_string(::getpid()) + "-" +
                           std::to_string(stamp) + std::string(suffix);
        const int fd = ::open(lockOf(file).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            error = lockOf(file) + ": error: " + trf("cannot lock the recovery file: {}", std::strerror(errno));
            if (fd >= 0) ::close(fd);
            return false;
        }
        lock_fd_ = fd;
        own_file_ = std::move(file);
    }
    return writeFileAtomically(own_file_, encode(name, script_path, now(), text), error);
}

void Recovery::discard()
{
    if (own_file_.empty()) return;
    remove(own_file_);
    ::close(lock_fd_);
    lock_fd_ = -1;
    own_file_.clear();
}

std::vector<RecoveredScript> Recovery::orphans() const
{
    std::vector<RecoveredScript> found;
    std::error_code ec;
    if (dir_.empty() || !std::filesystem::is_directory(dir_, ec)) return found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const std::string path = entry.path().string();
        if (!isRecoveryName(entry.path().filename().string()) || path == own_file_) continue;
        if (lockHeld(path)) continue; // its window is still open
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

bool Recovery::remove(const std::string& file)
{
    ::unlink(lockOf(file).c_str());
    return ::unlink(file.c_str()) == 0;
}

} // namespace lab
