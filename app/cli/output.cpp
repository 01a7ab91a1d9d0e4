#include "cli/output.hpp"
#include "lab/i18n.hpp"

#include "lab/runner.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace cli {

namespace {

int stdout_errno = 0; // the first failed write to standard output
bool stdout_reported = false;

void reportStdout(int e)
{
    if (stdout_reported) return;
    stdout_reported = true;
    std::fprintf(stderr, lab::tr("arenalab: error: cannot write to standard output%s%s\n"), e != 0 ? ": " : "",
                 e != 0 ? std::strerror(e) : "");
}

} // namespace

int printOut(const char* format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = std::vprintf(format, args);
    if (n < 0 && stdout_errno == 0) stdout_errno = errno;
    va_end(args);
    return n;
}

void flushOut()
{
    if (std::fflush(stdout) != 0 && stdout_errno == 0) stdout_errno = errno;
}

bool Output::open(const std::optional<std::string>& path, const std::string& input)
{
    if (!path) return true;
    std::string error;
    file_.emplace();
    if (!file_->open(*path, error, input)) {
        std::fprintf(stderr, "%s\n", lab::displayName(error).c_str());
        file_.reset();
        return false;
    }
    return true;
}

void Output::write(std::string_view data)
{
    if (failed_ || data.empty()) return;
    if (file_) {
        failed_ = !file_->write(data);
        return;
    }
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) {
        errno_ = errno;
        failed_ = true;
        if (stdout_errno == 0) stdout_errno = errno_;
    }
}

int Output::finish()
{
    if (file_) {
        std::string error;
        const bool ok = file_->commit(error);
        file_.reset();
        if (!ok) {
            std::fprintf(stderr, "%s\n", lab::displayName(error).c_str());
            return 1;
        }
        return 0;
    }
    if (std::fflush(stdout) != 0 && stdout_errno == 0) stdout_errno = errno;
    if (failed_ || std::ferror(stdout)) {
        reportStdout(errno_ != 0 ? errno_ : stdout_errno);
        return 1;
    }
    return 0;
}

int finishStandardOutput(int status)
{
    if (std::fflush(stdout) != 0 && stdout_errno == 0) stdout_errno = errno;
    bool failed = std::ferror(stdout) != 0;
    // Closing reports what only the close can (a full disk over NFS).
    if (std::fclose(stdout) != 0) {
        if (stdout_errno == 0) stdout_errno = errno;
        failed = true;
    }
    if (!failed) return status;
    reportStdout(stdout_errno);
    return status == 0 ? 1 : status;
}

void guardStandardStreams()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        const int opened = ::open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
        if (opened >= 0 && opened != fd) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}

} // namespace cli
