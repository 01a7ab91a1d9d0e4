#include "lab/runner.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace lab {

namespace {

std::string expectationMessage(std::string_view file, std::size_t line, std::size_t col, std::string_view what)
{
    std::string out(file);
    out += ':';
    out += std::to_string(line);
    out += ':';
    out += std::to_string(col);
    out += ": error: expectation failed: ";
    out += what;
    return out;
}

} // namespace

RunResult runScript(const Script& script, std::string_view file_name, const RecordFn& on_record, StepSink* sink,
                    const ChildSetupFn& setup)
{
    RunResult result;
    result.ran = true;
    Session session(sink);
    if (setup) setup(session.child());
    OpRecord record; // reused: its vectors keep their capacity across lines
    OpRecord* const rec = on_record ? &record : nullptr;

    auto account = [&](OpKind kind) {
        ++result.operations;
        ++result.ops_by_kind[static_cast<std::size_t>(kind)];
        if (!session.lastOk()) ++result.failed_operations;
        if (session.child().liveBytes() > result.peak_child_bytes) result.peak_child_bytes = session.child().liveBytes();
        if (rec != nullptr) on_record(*rec);
    };
    // Where the run ends, normally or not.
    auto snapshot = [&] {
        result.final_state = session.state();
        result.child_calls = session.child().callCount();
    };
    auto kindOf = [](const Command& c) {
        if (std::holds_alternative<Alloc>(c)) return OpKind::alloc;
        if (const auto* r = std::get_if<Resize>(&c)) return r->remap ? OpKind::remap : OpKind::resize;
        if (std::holds_alternative<Free>(c)) return OpKind::free;
        return OpKind::reset;
    };

    for (const Statement& st : script.statements) {
        if (const auto* e = std::get_if<Expect>(&st.body)) {
            if (auto failure = failedExpectation(*e, session)) {
                result.exit_status = 1;
                result.errors.push_back(expectationMessage(file_name, st.line, st.col, *failure));
                snapshot();
                return result;
            }
            ++result.expectations_met;
            continue;
        }
        const Command& command = std::get<Command>(st.body);
        for (std::size_t k = 0; k < st.repeat; ++k) {
            const Session::Outcome outcome = session.apply(command, st.line, rec);
            if (outcome != Session::Outcome::done) {
                // The static check rules out unknown handles, so this is a
                // handle whose alloc was refused.
                const std::string* name = nullptr;
                if (const auto* r = std::get_if<Resize>(&command)) name = &r->name;
                if (const auto* f = std::get_if<Free>(&command)) name = &f->name;
                const std::string n = name ? *name : std::string("?");
                const Handle* h = session.handle(n);
                std::string message = std::string(file_name) + ':' + std::to_string(st.line) + ':' +
                                      std::to_string(st.handle_col) + ": error: ";
                message += h ? noMemoryReason(n, *h) : "'" + n + "' holds no memory: it is not bound to any allocation";
                result.exit_status = 2;
                result.errors.push_back(std::move(message));
                snapshot();
                return result;
            }
            if (session.child().reservationFailures() != 0) {
                // The machine, not the child, refused: no trace line would be true.
                result.exit_status = 3;
                result.errors.push_back(std::string(file_name) + ':' + std::to_string(st.line) +
                                        ":1: error: the system refused the address space for the child's buffer (" +
                                        std::strerror(session.child().reservationErrno()) +
                                        "); the run stopped here: this is not a refusal by the child (raise ulimit -v, "
                                        "or lower the child's limit)");
                snapshot();
                return result;
            }
            if (isOperation(command)) account(kindOf(command));
        }
    }
    snapshot();
    session.deinit(script.line_count + 1, rec);
    account(OpKind::deinit);
    result.child_calls = session.child().callCount();
    result.child_bytes_left = session.child().liveBytes();
    return result;
}

RunResult runScriptText(std::string_view text, std::string_view file_name, const RecordFn& on_record,
                        StepSink* sink)
{
    ParseResult parsed = parseScript(text);
    if (!parsed.ok()) {
        RunResult result;
        result.exit_status = 2;
        for (const Diagnostic& d : parsed.errors) result.errors.push_back(formatDiagnostic(file_name, d));
        return result;
    }
    return runScript(parsed.script, file_name, on_record, sink);
}

// Checks one expect line; returns a description of the failure, or nothing.
std::optional<std::string> failedExpectation(const Expect& e, const Session& session)
{
    auto numberFailure = [&](std::string_view name, std::size_t actual) -> std::optional<std::string> {
        if (actual == e.value) return std::nullopt;
        return "expected " + std::string(name) + " " + std::to_string(e.value) + ", but it is " +
               std::to_string(actual);
    };
    switch (e.what) {
    case Expect::What::end_index: return numberFailure("end_index", session.arena().state.end_index);
    case Expect::What::capacity: return numberFailure("capacity", session.arena().queryCapacity());
    case Expect::What::nodes: return numberFailure("nodes", session.state().nodes.size());
    case Expect::What::ok:
        if (session.lastOk()) return std::nullopt;
        return std::string("expected the previous operation to succeed, but it failed");
    case Expect::What::fail:
        if (!session.lastOk()) return std::nullopt;
        return std::string("expected the previous operation to fail, but it succeeded");
    }
    return std::nullopt;
}

// Control characters (a newline, ESC) escaped, so a file name cannot end a
// message early or drive the terminal.
std::string displayName(const std::string& path)
{
    if (path == "-") return "<stdin>";
    std::string out;
    for (const char c : path) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b != 0x7f) {
            out += c;
            continue;
        }
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", b);
        out += hex;
    }
    return out;
}

std::optional<std::string> readScriptFile(const std::string& path, std::string& error)
{
    const std::string shown = displayName(path);
    if (path.empty()) {
        error = "error: the file name is empty: give the path of a .arena script, or - for standard input";
        return std::nullopt;
    }
    // O_NONBLOCK: opening a FIFO with no writer must not hang; anything
    // but a regular file is refused below, before any read.
    const int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        error = shown + ": error: cannot open: " + std::strerror(errno);
        return std::nullopt;
    }
    struct Closer {
        int fd;
        ~Closer()
        {
            if (fd >= 0) ::close(fd);
        }
    } closer{path == "-" ? -1 : fd};
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        error = shown + ": error: is a directory, not a script file";
        return std::nullopt;
    }
    if (path != "-" && !S_ISREG(st.st_mode)) {
        error = shown + ": error: is not a regular file (a FIFO, socket or device); give a script file, or pipe it into - "
                        "(standard input)";
        return std::nullopt;
    }
    if (path != "-") ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    // A regular file says its size: refuse a huge one without reading it.
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_script_bytes) {
        error = shown + ": error: file is larger than " + std::to_string(max_script_bytes >> 20) +
                " MiB; scripts are limited to that size";
        return std::nullopt;
    }
    std::string text;
    char chunk[1 << 16];
    while (true) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = shown + ": error: cannot read: " + std::strerror(errno);
            return std::nullopt;
        }
        if (n == 0) break;
        text.append(chunk, static_cast<std::size_t>(n));
        if (text.size() > max_script_bytes) {
            error = shown + ": error: file is larger than " + std::to_string(max_script_bytes >> 20) +
                    " MiB; scripts are limited to that size";
            return std::nullopt;
        }
    }
    return text;
}

} // namespace lab
