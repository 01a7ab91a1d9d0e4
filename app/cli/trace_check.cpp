// `arenalab trace FILE` and `arenalab check FILE`.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/explain.hpp"
#include "lab/i18n.hpp"
#include "lab/numbers.hpp"
#include "lab/predict.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

namespace cli {

// FILE and --model on a subcommand (commands.hpp).
CLI::Option* addScriptArgument(CLI::App* sub, std::string& file)
{
    return sub->add_option("FILE", file, lab::tr("the .arena script; - reads standard input"))->required();
}

CLI::Option* addModelOption(CLI::App* sub, std::string& model)
{
    return sub->add_option("--model", model,
                    lab::tr("the arena: zig-0.15 (the classic one, the default) or zig-0.16 (Zig 0.16's lock-free one); "
                    "a script's own `model` line must agree"))
        ->check(CLI::IsMember({"zig-0.15", "zig-0.16"}));
}

namespace {

void printErrors(const lab::RunResult& result)
{
    for (const std::string& line : result.errors) std::fprintf(stderr, "%s\n", line.c_str());
}

// Trace lines go out in large, checked writes; memory stays bounded however
// long the run.
class TraceWriter {
public:
    void add(const lab::OpRecord& record)
    {
        lab::appendTraceLine(buffer_, record);
        if (buffer_.size() >= (1u << 16)) flush();
    }
    void flush()
    {
        out_.write(buffer_);
        buffer_.clear();
    }
    int finish()
    {
        flush();
        return out_.finish();
    }

private:
    std::string buffer_;
    Output out_; // standard output
};

} // namespace

Action addTrace(CLI::App& app)
{
    auto file = std::make_shared<std::string>();
    auto model = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("trace", lab::tr("Run a script and print its trace (JSON Lines) on standard output"));
    addScriptArgument(sub, *file);
    addModelOption(sub, *model);
    sub->footer(lab::tr("Exit status: 0 ran to the end; 1 an expectation failed (trace so far printed), or standard output\n"
                "could not be written; 2 the script was refused (nothing printed) or used a handle holding no memory;\n"
                "3 the system refused memory the child needed (ulimit -v): not a refusal by the child."));
    return [file, model]() {
        const auto text = readScriptOrReport(*file);
        if (!text) return 2;
        TraceWriter writer;
        const lab::RunResult result = lab::runScriptText(
            *text, lab::displayName(*file), [&](const lab::OpRecord& r) { writer.add(r); }, nullptr, modelOption(*model));
        const int written = writer.finish();
        printErrors(result);
        return written != 0 && result.exit_status == 0 ? written : result.exit_status;
    };
}

Action addCheck(CLI::App& app)
{
    auto file = std::make_shared<std::string>();
    auto model = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("check", lab::tr("Run a script and print a short summary: operations, expectations, final state"));
    addScriptArgument(sub, *file);
    addModelOption(sub, *model);
    sub->footer(lab::tr("Pinned questions (# ask: KIND = ANSWER, docs/lessons.md) are checked like expect lines.\n"
                "Exit status: 0 every expectation met; 1 an expectation or a pinned question failed, or standard output could not be\n"
                "written; 2 the script was refused or used a handle holding no memory; 3 the system refused memory."));
    return [file, model]() {
        const auto text = readScriptOrReport(*file);
        if (!text) return 2;
        const std::string name = lab::displayName(*file);
        lab::RunResult result = lab::runScriptText(*text, name, {}, nullptr, modelOption(*model));
        // Pinned questions (`# ask: KIND = ANSWER`) are answer keys: a wrong
        // one fails like an expect, once the script itself ran clean.
        std::size_t pinned = 0;
        if (result.exit_status == 0) {
            const lab::ParseResult parsed = lab::parseScript(*text);
            pinned = lab::pinnedQuestions(*text).questions.size();
            for (const lab::PinnedFailure& f : lab::checkPinned(*text, parsed.script)) {
                result.errors.push_back(name + ':' + std::to_string(f.line) + ':' + std::to_string(f.col) +
                                        ": error: " + f.message);
                result.exit_status = 1;
            }
        }
        if (result.ran) {
            const auto& k = result.ops_by_kind;
            auto at = [&](lab::OpKind op) { return lab::grouped(k[static_cast<std::size_t>(op)]); };
            printOut("%s: %s\n", name.c_str(),
                        result.exit_status == 0       ? lab::tr("ok")
                        : !result.stop && result.exit_status == 1 ? lab::tr("pinned question failed")
                        : result.exit_status == 1     ? lab::tr("expectation failed")
                                                      : lab::tr("stopped"));
            printOut(lab::tr("  operations:   %s (alloc %s, resize %s, remap %s, free %s, reset %s, deinit %s); %s refused\n"),
                        lab::grouped(result.operations).c_str(), at(lab::OpKind::alloc).c_str(), at(lab::OpKind::resize).c_str(),
                        at(lab::OpKind::remap).c_str(), at(lab::OpKind::free).c_str(), at(lab::OpKind::reset).c_str(),
                        at(lab::OpKind::deinit).c_str(), lab::grouped(result.failed_operations).c_str());
            printOut(lab::tr("  expectations: %s met\n"), lab::grouped(result.expectations_met).c_str());
            if (pinned != 0) printOut(lab::tr("  questions:    %s pinned (# ask:)\n"), lab::grouped(pinned).c_str());
            printOut(lab::tr("  child:        %s calls, at most %s held at once\n"), lab::grouped(result.child_calls).c_str(),
                     lab::bytes(result.peak_child_bytes).c_str());
            printOut(lab::tr("  final state:  %s\n"), lab::describeState(result.final_state).c_str());
            flushOut();
        }
        printErrors(result);
        return result.exit_status;
    };
}

} // namespace cli
