// Where every subcommand's output goes, checked: standard output, or the
// file of -o written through lab::AtomicFile (see lab/files.hpp for what
// that guarantees). Every write is checked, and so is the final flush of
// standard output; a failure is reported once, naming the file as given,
// and the subcommand exits non-zero.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lab/files.hpp"

namespace cli {

class Output {
public:
    // `path`: the -o value, nothing when -o was not given (standard output).
    // `input`: the script the output must not replace. Returns false, having
    // printed why, when the path is refused (an empty name, the input, a
    // FIFO or device, a missing folder...): exit with status 2.
    bool open(const std::optional<std::string>& path, const std::string& input);
    // Appends; once a write failed, the rest is dropped (and reported by finish()).
    void write(std::string_view data);
    bool failed() const { return failed_; }
    // Puts the file in place (or flushes standard output). Returns 0, or 1
    // after printing what failed.
    int finish();

private:
    std::optional<lab::AtomicFile> file_;
    bool failed_ = false;
    int errno_ = 0;
};

// printf to standard output, remembering why a write failed (for the report
// finishStandardOutput() gives).
[[gnu::format(printf, 1, 2)]] int printOut(const char* format, ...);
// fflush(stdout), remembering why it failed.
void flushOut();

// Flushes standard output and reports, once, any write to it that failed.
// `status` is the subcommand's; returns it, or 1 when it was 0 and output failed.
int finishStandardOutput(int status);

// Opens /dev/null on any of standard input, output and error that is
// closed, read-only for output, so a write to a closed standard output
// fails (and is reported) instead of landing in a file opened later.
void guardStandardStreams();

// -o as CLI11 leaves it: nothing when the option was not given.
inline std::optional<std::string> givenOrNothing(bool given, const std::string& value)
{
    return given ? std::optional<std::string>(value) : std::nullopt;
}

} // namespace cli
