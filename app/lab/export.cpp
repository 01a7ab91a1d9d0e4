#include "lab/export.hpp"
#include "lab/i18n.hpp"

#include <fmt/core.h>

#include <iterator>

#include "lab/export_doctest.hpp"
#include "lab/files.hpp"
#include "lab/quiz.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

namespace lab {

namespace {

constexpr ExportKindInfo kinds[] = {
    {ExportKind::doctest, "doctest test", ".cpp"},
    {ExportKind::trace, "trace", ".jsonl"},
    {ExportKind::quiz_gift, "quiz (GIFT)", ".gift"},
    {ExportKind::quiz_markdown, "quiz (Markdown)", ".md"},
    {ExportKind::session_script, "session script", ".arena"},
};

constexpr bool inKindOrder()
{
    for (std::size_t i = 0; i < std::size(kinds); ++i)
        if (kinds[i].kind != static_cast<ExportKind>(i)) return false;
    return true;
}
static_assert(inKindOrder(), "exportKindInfo indexes kinds by ExportKind");

ExportOutcome doctestOf(std::string_view text, const ExportNames& names, ExportSink& sink, Model model)
{
    ExportOutcome out;
    const ExportResult result = exportDoctest(text, names.file, names.shown, model);
    out.exit_status = result.exit_status;
    if (!result.ok()) {
        out.errors.push_back(result.error);
        return out;
    }
    if (!sink.begin()) return {false, 2, {}, {}};
    sink.write(result.code);
    out.written = true;
    // The test is written up to where the run stopped; the status says it stopped.
    out.errors = result.stop_errors;
    if (result.exit_status != 0)
        out.note = names.shown + ": note: " +
                   trf("the script stopped there: the test replays it up to that line, and the exit status is {}, as trace's",
                       result.exit_status);
    return out;
}

ExportOutcome traceOf(std::string_view text, const ExportNames& names, ExportSink& sink, Model model)
{
    ExportOutcome out;
    // A script that cannot run is refused before anything is written.
    if (const ParseResult parsed = parseScript(text, model); !parsed.ok()) {
        for (const Diagnostic& d : parsed.errors) out.errors.push_back(formatDiagnostic(names.shown, d));
        out.exit_status = 2;
        return out;
    }
    if (!sink.begin()) return {false, 2, {}, {}};
    std::string buffer;
    const RunResult result = runScriptText(
        text, names.shown,
        [&](const OpRecord& r) {
            appendTraceLine(buffer, r);
            if (buffer.size() >= (1u << 16)) {
                sink.write(buffer);
                buffer.clear();
            }
        },
        nullptr, model);
    sink.write(buffer);
    out.written = true;
    out.exit_status = result.exit_status;
    out.errors = result.errors;
    return out;
}

// A quiz with a wrong key is worse than none: nothing is written unless
// every pinned answer holds and the script runs to its end.
ExportOutcome quizOf(std::string_view text, const ExportNames& names, bool gift, ExportSink& sink, Model model)
{
    ExportOutcome out;
    const Quiz quiz = buildQuiz(text, names.shown, model);
    out.exit_status = quiz.exit_status;
    if (quiz.exit_status != 0) {
        out.errors = quiz.errors;
        if (out.errors.empty()) out.errors.push_back(names.shown + ": error: " + tr("the script has errors"));
        out.note = names.shown + ": note: " + tr("no quiz written: fix the script (or its # ask: lines) first");
        return out;
    }
    if (!sink.begin()) return {false, 2, {}, {}};
    sink.write(gift ? quizGift(quiz, names.file) : quizMarkdown(quiz, names.file));
    out.written = true;
    return out;
}

} // namespace

std::span<const ExportKindInfo> exportKinds() { return kinds; }

const ExportKindInfo& exportKindInfo(ExportKind kind) { return kinds[static_cast<std::size_t>(kind)]; }

ExportOutcome exportScript(ExportKind kind, std::string_view text, const ExportNames& names, ExportSink& sink,
                           Model model)
{
    switch (kind) {
    case ExportKind::doctest: return doctestOf(text, names, sink, model);
    case ExportKind::trace: return traceOf(text, names, sink, model);
    case ExportKind::quiz_gift: return quizOf(text, names, true, sink, model);
    case ExportKind::quiz_markdown: return quizOf(text, names, false, sink, model);
    case ExportKind::session_script:
        if (!sink.begin()) return {false, 2, {}, {}};
        sink.write(sessionScript(text, names.shown));
        return {true, 0, {}, {}};
    }
    return {false, 2, {"unknown export"}, {}};
}

} // namespace lab
