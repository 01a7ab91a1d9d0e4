#include "lab/i18n.hpp"
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

Stop applyCommand(Session& session, const Command& command, std::size_t line, std::size_t handle_col,
                  const LoopHooks& hooks)
{
    // A script's static check rules out unknown handles, so for a script
    // this is a handle whose alloc was refused.
    if (auto why = session.whyNotApplicable(command)) return Stop{Stop::Why::no_memory, line, handle_col, *why};
    const bool operation = isOperation(command);
    if (operation && hooks.operation_begins) hooks.operation_begins(line, command);
    session.apply(command, line, operation ? hooks.record : nullptr);
    if (session.child().reservationFailures() != 0)
        // The machine, not the child, refused: no trace line would be true.
        return Stop{Stop::Why::system_refused, line, 1,
                    trf("the system refused the address space for the child's buffer ({}); the run stopped here: this "
                        "is not a refusal by the child (raise ulimit -v, or lower the child's limit)",
                        std::strerror(session.child().reservationErrno()))};
    if (operation && hooks.operation_ended) hooks.operation_ended(line, command);
    return Stop{};
}

Stop runStatements(const Script& script, Session& session, const LoopHooks& hooks)
{
    for (std::size_t i = 0; i < script.statements.size(); ++i) {
        const Statement& st = script.statements[i];
        if (st.thread != 0) {
            // The race: every consecutive threaded statement, as the schedule says.
            std::size_t last = i;
            while (last < script.statements.size() && script.statements[last].thread != 0) ++last;
            if (Stop stop = runRace(script, i, last, session, hooks)) return stop;
            i = last - 1;
            continue;
        }
        if (const auto* e = std::get_if<Expect>(&st.body)) {
            if (auto failure = failedExpectation(*e, session))
                return Stop{Stop::Why::expectation, st.line, st.col, trf("expectation failed: {}", *failure)};
            if (hooks.expectation_met) hooks.expectation_met();
            continue;
        }
        const Command& command = std::get<Command>(st.body);
        const bool operation = isOperation(command);
        for (std::size_t k = 0; k < st.repeat; ++k) {
            if (operation && hooks.before_operation)
                if (auto refusal = hooks.before_operation(st.line))
                    return Stop{Stop::Why::refused, st.line, 0, *refusal};
            if (Stop stop = applyCommand(session, command, st.line, st.handle_col, hooks)) return stop;
        }
    }
    return Stop{};
}

RunResult runScript(const Script& script, std::string_view file_name, const RecordFn& on_record, StepSink* sink,
                    const ChildSetupFn& setup)
{
    RunResult result;
    result.ran = true;
    Session session(sink, script.model);
    if (setup) setup(session.child());
    OpRecord record; // reused: its vectors keep their capacity across lines
    auto account = [&](OpKind kind) {
        ++result.operations;
        ++result.ops_by_kind[static_cast<std::size_t>(kind)];
        if (!session.lastOk()) ++result.failed_operations;
        if (session.child().liveBytes() > result.peak_child_bytes) result.peak_child_bytes = session.child().liveBytes();
        if (on_record) on_record(record);
    };

    LoopHooks hooks;
    hooks.record = on_record ? &record : nullptr;
    hooks.expectation_met = [&] { ++result.expectations_met; };
    hooks.operation_ended = [&](std::size_t, const Command& c) { account(opKindOf(c)); };
    result.stop = runStatements(script, session, hooks);
    result.final_state = session.state();
    result.child_calls = session.child().callCount();
    if (result.stop) {
        switch (result.stop.why) {
        case Stop::Why::expectation: result.exit_status = 1; break;
        case Stop::Why::system_refused: result.exit_status = 3; break;
        default: result.exit_status = 2; break;
        }
        std::string message = std::string(file_name) + ':' + std::to_string(result.stop.line) + ':' +
                              std::to_string(result.stop.col) + ": error: ";
        message += result.stop.message;
        result.errors.push_back(std::move(message));
        return result;
    }
    session.deinit(script.line_count + 1, hooks.record);
    account(OpKind::deinit);
    result.child_calls = session.child().callCount();
    result.child_bytes_left = session.child().liveBytes();
    return result;
}

RunResult runScriptText(std::string_view text, std::string_view file_name, const RecordFn& on_record,
                        StepSink* sink, std::optional<Model> model)
{
    ParseResult parsed = parseScript(text);
    if (parsed.ok()) {
        std::string error;
        if (const std::optional<Model> chosen = resolveModel(parsed.script, model, error)) parsed.script.model = *chosen;
        else parsed.errors.push_back({parsed.script.model_line, 1, error});
    }
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
        return trf("expected {0} {1}, but it is {2}", name, e.value, actual);
    };
    switch (e.what) {
    case Expect::What::end_index: return numberFailure("end_index", session.state().end_index);
    case Expect::What::capacity: return numberFailure("capacity", session.state().capacity);
    case Expect::What::nodes: return numberFailure("nodes", session.state().nodes.size());
    case Expect::What::free_nodes: return numberFailure("free_nodes", session.state().free_list.size());
    case Expect::What::node_end_index: {
        const ArenaState state = session.state();
        const std::string what = "node " + std::to_string(e.node) + " end_index";
        if (e.node >= state.nodes.size())
            return trf("expected {0} {1}, but there are only {2} nodes", what, e.value, state.nodes.size());
        // The classic arena keeps one end_index, the first node's.
        const std::size_t actual = state.model == Model::zig_0_15 && e.node == 0 ? state.end_index : state.nodes[e.node].end_index;
        if (state.model == Model::zig_0_15 && e.node != 0)
            return trf("expected {0} {1}, but the zig-0.15 arena keeps no end_index for older nodes (model zig-0.16 does)",
                       what, e.value);
        return numberFailure(what, actual);
    }
    case Expect::What::ok:
        if (session.lastOk()) return std::nullopt;
        return std::string(tr("expected the previous operation to succeed, but it failed"));
    case Expect::What::fail:
        if (!session.lastOk()) return std::nullopt;
        return std::string(tr("expected the previous operation to fail, but it succeeded"));
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
        error = std::string("error: ") + tr("the file name is empty: give the path of a .arena script, or - for standard input");
        return std::nullopt;
    }
    // O_NONBLOCK: opening a FIFO with no writer must not hang; anything
    // but a regular file is refused below, before any read.
    const int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        error = shown + ": error: " + trf("cannot open: {}", std::strerror(errno));
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
        error = shown + ": error: " + tr("is a directory, not a script file");
        return std::nullopt;
    }
    if (path != "-" && !S_ISREG(st.st_mode)) {
        error = shown + ": error: " + tr("is not a regular file (a FIFO, socket or device); give a script file, or pipe it into - "
                                         "(standard input)");
        return std::nullopt;
    }
    if (path != "-") ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    // A regular file says its size: refuse a huge one without reading it.
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_script_bytes) {
        error = shown + ": error: " + trf("file is larger than {} MiB; scripts are limited to that size", max_script_bytes >> 20);
        return std::nullopt;
    }
    std::string text;
    char chunk[1 << 16];
    while (true) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = shown + ": error: " + trf("cannot read: {}", std::strerror(errno));
            return std::nullopt;
        }
        if (n == 0) break;
        text.append(chunk, static_cast<std::size_t>(n));
        if (text.size() > max_script_bytes) {
            error = shown + ": error: " + trf("file is larger than {} MiB; scripts are limited to that size", max_script_bytes >> 20);
            return std::nullopt;
        }
    }
    return text;
}

} // namespace lab
