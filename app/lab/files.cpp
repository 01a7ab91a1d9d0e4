#include "lab/files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "lab/i18n.hpp"
#include "lab/runner.hpp"

namespace lab {

namespace {

std::string errnoText(int e) { return std::strerror(e); }

// The folder a path is in ("." for a bare name).
std::string folderOf(const std::string& path)
{
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode)) return tr("is a folder");
    if (S_ISFIFO(mode)) return tr("is a FIFO (named pipe)");
    if (S_ISSOCK(mode)) return tr("is a socket");
    if (S_ISCHR(mode)) return tr("is a character device");
    if (S_ISBLK(mode)) return tr("is a block device");
    return tr("is not a regular file");
}

constexpr std::string_view temp_marker = ".arenalab-tmp-";

// Removes `.NAME.arenalab-tmp-PID-XXXXXX` files in `dir` whose writer is gone.
void removeStaleTemporaries(const std::string& dir)
{
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name = e->d_name;
        const std::size_t at = name.find(temp_marker);
        if (name.empty() || name.front() != '.' || at == std::string_view::npos) continue;
        const std::string_view rest = name.substr(at + temp_marker.size());
        const std::size_t dash = rest.find('-');
        if (dash == std::string_view::npos || dash == 0) continue;
        long pid = 0;
        bool digits = true;
        for (char c : rest.substr(0, dash)) {
            if (c < '0' || c > '9' || pid > 100000000) digits = false;
            else pid = pid * 10 + (c - '0');
        }
        if (!digits || pid <= 0) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue; // still running (or not ours to know)
        ::unlinkat(::dirfd(d), e->d_name, 0);
    }
    ::closedir(d);
}

// A fresh name for a temporary file beside `target`.
std::string temporaryName(const std::string& target)
{
    static unsigned counter = 0;
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%ld-%06x", static_cast<long>(::getpid()),
                  (static_cast<unsigned>(std::rand()) ^ (++counter * 2654435761u)) & 0xffffffu);
    const std::string dir = folderOf(target);
    return (dir == "/" ? "" : dir) + "/." + baseName(target) + std::string(temp_marker) + suffix;
}

struct OutputPlan {
    std::string target; // the file to replace, a symlink resolved
    bool exists = false;
    struct stat st {};
};

std::optional<std::string> planOutput(const std::string& path, const std::string& input, OutputPlan& plan)
{
    if (path.empty()) return std::string("error: ") + tr("the output file name is empty: give a file name, or leave out -o to write to standard output");
    plan.target = path;
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char* real = ::realpath(path.c_str(), nullptr);
        if (real == nullptr)
            return path + ": error: " + trf("is a symbolic link whose target cannot be reached ({}); give the path of the file itself",
                                            errnoText(errno));
        plan.target = real;
        std::free(real);
    }
    if (::stat(plan.target.c_str(), &plan.st) == 0) {
        plan.exists = true;
        if (!S_ISREG(plan.st.st_mode))
            return path + ": error: " + trf("{}; only a regular file is ever replaced (leave out -o to write to standard output)",
                                            kindOf(plan.st.st_mode));
    } else if (errno != ENOENT) {
        return path + ": error: " + trf("cannot write: {}", errnoText(errno));
    }
    if (plan.exists && !input.empty()) {
        struct stat in {};
        const int got = input == "-" ? ::fstat(0, &in) : ::stat(input.c_str(), &in);
        if (got == 0 && S_ISREG(in.st_mode) && in.st_dev == plan.st.st_dev && in.st_ino == plan.st.st_ino)
            return path + ": error: " + trf("is the input script {}; writing it would destroy the script: choose another output file",
                                            input == "-" ? std::string(tr("(standard input)")) : input);
    }
    return std::nullopt;
}

std::string folderError(const std::string& shown, const std::string& dir, int e)
{
    if (e == ENOENT) return shown + ": error: " + trf("cannot write: the folder {} does not exist", dir);
    if (e == EACCES || e == EPERM || e == EROFS)
        return shown + ": error: " + trf("cannot write: the folder {0} does not let us create a file ({1}); the new file is made "
                                         "beside the old one and renamed over it, so a failed write never leaves half a file",
                                         dir, errnoText(e));
    return shown + ": error: " + trf("cannot write: {}", errnoText(e));
}

} // namespace

std::optional<std::string> whyNotOutput(const std::string& path, const std::string& input)
{
    OutputPlan plan;
    return planOutput(path, input, plan);
}

AtomicFile::~AtomicFile() { abandon(); }

void AtomicFile::abandon()
{
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
}

bool AtomicFile::open(const std::string& path, std::string& error, const std::string& input)
{
    abandon();
    write_errno_ = 0;
    shown_ = path;
    OutputPlan plan;
    if (std::optional<std::string> why = planOutput(path, input, plan)) {
        error = std::move(*why);
        return false;
    }
    target_ = plan.target;
    const std::string dir = folderOf(target_);
    removeStaleTemporaries(dir);
    // Mode 0666 less the umask for a new file (the kernel applies the umask).
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        // No O_TMPFILE here: a named, recognisable temporary file.
        for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
            temp_ = temporaryName(target_);
            fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd_ < 0 && errno != EEXIST) break;
        }
        if (fd_ < 0) temp_.clear();
    }
    if (fd_ < 0) {
        error = folderError(shown_, dir, errno);
        return false;
    }
    if (plan.exists) {
        ::fchmod(fd_, plan.st.st_mode & 07777);
        // Root replacing another user's file leaves it theirs (best effort).
        if (::geteuid() == 0 && ::fchown(fd_, plan.st.st_uid, plan.st.st_gid) != 0) {
        }
    }
    return true;
}

bool AtomicFile::write(std::string_view data)
{
    if (fd_ < 0 || write_errno_ != 0) return false;
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd_, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            write_errno_ = n < 0 ? errno : ENOSPC;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

bool AtomicFile::commit(std::string& error)
{
    if (fd_ < 0) {
        error = shown_ + ": error: " + tr("cannot write: the file was not opened");
        return false;
    }
    auto fail = [&](int e) {
        error = shown_ + ": error: " + trf("cannot write: {}", errnoText(e));
        abandon();
        return false;
    };
    if (write_errno_ != 0) return fail(write_errno_);
    // The data must be on disk before the file takes the target's name.
    if (::fsync(fd_) != 0) return fail(errno);
    if (temp_.empty()) {
        // Give the unnamed file a name beside the target, then rename it over.
        const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
        for (int attempt = 0; attempt < 100; ++attempt) {
            std::string name = temporaryName(target_);
            if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0 ||
                (errno == ENOENT && ::linkat(fd_, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0)) {
                temp_ = std::move(name);
                break;
            }
            if (errno != EEXIST) return fail(errno);
        }
        if (temp_.empty()) return fail(EEXIST);
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return fail(errno);
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) return fail(errno);
    temp_.clear();
    return true;
}

std::string baseName(std::string_view path)
{
    const std::size_t slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error)
{
    AtomicFile file;
    return file.open(path, error) && file.write(contents) && file.commit(error);
}

} // namespace lab

namespace lab {

std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

std::optional<Diagnostic> whyNotText(std::string_view contents)
{
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < contents.size();) {
        const auto b = static_cast<unsigned char>(contents[i]);
        if (b == 0)
            return Diagnostic{line, col, tr("it is not a text file: it holds a NUL byte; scripts are plain text (UTF-8 or "
                                            "ASCII), not binary or UTF-16")};
        const std::size_t n = utf8Length(contents, i);
        if (n == 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            return Diagnostic{line, col, trf("it is not a text file: byte {} is not UTF-8; scripts are plain text (UTF-8 or ASCII)",
                                             hex)};
        }
        if (b == '\n') {
            ++line;
            col = 1;
        } else {
            col += n;
        }
        i += n;
    }
    return std::nullopt;
}

std::optional<std::string> readEditableScriptFile(const std::string& path, std::string& error)
{
    std::optional<std::string> text = readScriptFile(path, error);
    if (!text) return text;
    if (const std::optional<Diagnostic> why = whyNotText(*text)) {
        error = formatDiagnostic(displayName(path), *why);
        return std::nullopt;
    }
    return text;
}

std::string sessionScript(std::string_view text, std::string_view name)
{
    char date[32] = "";
    const std::time_t now = std::time(nullptr);
    if (std::tm tm{}; localtime_r(&now, &tm) != nullptr) std::strftime(date, sizeof date, " on %Y-%m-%d %H:%M", &tm);
    std::string out = "# A session recorded in Arena Lab from " + std::string(name) + date +
                      ": the script's lines and the buttons pressed, in order.\n";
    out += text;
    if (!text.empty() && text.back() != '\n') out += '\n';
    return out;
}

} // namespace lab
