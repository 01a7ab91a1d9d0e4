// `arenalab compare FILE [--step N] [--limit N] [--alloc N] [--child KEY=VALUE...]`:
// the three reset modes side by side at one point of a script, as text.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "lab/i18n.hpp"
#include "lab/compare.hpp"
#include "lab/compare_models.hpp"
#include "lab/lab.hpp"

namespace cli {

namespace {

struct CompareOptions {
    std::string file;
    std::string step;
    std::string limit;
    std::string alloc = "64";
    std::string align = "1";
    std::vector<std::string> child;
    std::string model; // --model, as typed
    bool models = false; // --models: both arenas instead of the three resets
};

std::optional<std::size_t> numberOrReport(const char* option, const std::string& text, std::size_t min)
{
    const lab::fields::Checked n = lab::fields::number(text);
    if (n.error || n.value < min || n.value > lab::max_len) {
        std::fprintf(stderr, lab::tr("arenalab compare: %s is a number from %zu to 2^40 (got '%s'%s%s)\n"), option, min,
                     text.c_str(), n.error ? ": " : "", n.error ? n.error->c_str() : "");
        return std::nullopt;
    }
    return static_cast<std::size_t>(n.value);
}

} // namespace

Action addCompare(CLI::App& app)
{
    auto o = std::make_shared<CompareOptions>();
    CLI::App* sub = app.add_subcommand("compare", lab::tr("What would each reset do here? The script replayed to a step, then "
                                                  "reset free_all / retain_capacity / retain_with_limit N, side by side"));
    addScriptArgument(sub, o->file);
    auto* step_opt = sub->add_option("--step", o->step,
                                     lab::tr("after this many steps, as the window's step bar counts them (default: the end); "
                                     "the operation that step is in is replayed whole"));
    auto* limit_opt = sub->add_option("--limit", o->limit, lab::tr("N for retain_with_limit (default: half the capacity there)"));
    sub->add_option("--alloc", o->alloc, lab::tr("the size of the next allocation each arena then makes (default 64)"));
    sub->add_option("--align", o->align, lab::tr("its alignment (default 1)"));
    sub->add_option("--child", o->child,
                    lab::tr("change the child's settings before the resets, as a `child` line does: resize=never|shrink|pages|"
                    "always, page=, offset=, limit= (one or more)"));
    auto* model_opt = addModelOption(sub, o->model);
    auto* models_opt = sub->add_flag("--models", o->models,
                                     lab::tr("instead: run the script on both arenas, zig-0.15 and zig-0.16, operation by "
                                             "operation, with the numbers that differ and why (expect lines left out)"));
    for (CLI::Option* other : {step_opt, limit_opt, model_opt}) models_opt->excludes(other);
    sub->footer(lab::tr("Each column is a real arena: the script's operations replayed up to the step, then the reset, then\n"
                "the next alloc. Exit status: 0 shown; 2 bad options or a script that cannot run."));
    return [o, step_opt, limit_opt]() {
        const auto text = readRunnableScriptOrReport(o->file);
        if (!text) return 2;
        const std::string name = lab::displayName(o->file);
        if (o->models) {
            const lab::ParseResult parsed = lab::parseScript(*text);
            printOut("%s", lab::compareModelsText(lab::compareModels(parsed.script), name).c_str());
            flushOut();
            return 0;
        }
        const std::optional<std::size_t> step = stepOrReport("arenalab compare", o->step, step_opt->count() > 0);
        if (!step) return 2;
        lab::CompareRequest request;
        const auto next = numberOrReport("--alloc", o->alloc, 1);
        const auto align = numberOrReport("--align", o->align, 1);
        if (!next || !align) return 2;
        if ((*align & (*align - 1)) != 0 || *align > 4096) {
            std::fprintf(stderr, lab::tr("arenalab compare: --align is a power of two from 1 to 4096 (got %zu)\n"), *align);
            return 2;
        }
        request.next_len = *next;
        request.next_align = *align;
        if (limit_opt->count() > 0) {
            const auto limit = numberOrReport("--limit", o->limit, 0);
            if (!limit) return 2;
            request.limit = *limit;
        }
        if (!o->child.empty()) {
            std::string line = "child";
            for (const std::string& kv : o->child) line += " " + kv;
            const lab::ParseResult child = lab::parseScript(line);
            if (!child.ok()) {
                std::fprintf(stderr, lab::tr("arenalab compare: --child: %s\n"), child.errors.front().message.c_str());
                return 2;
            }
            request.child = std::get<lab::ChildSet>(std::get<lab::Command>(child.script.statements.front().body));
        }
        const std::optional<lab::Model> model = scriptModelOrReport(*text, name, o->model);
        if (!model) return 2;
        const lab::ParseResult parsed = lab::parseScript(*text, *model);
        if (*step != SIZE_MAX) {
            // The window's step count: the operation the step is in, whole.
            lab::Lab lab;
            lab.setModelOption(*model);
            lab.load(*text, name);
            const std::size_t position = std::min(*step, lab.steps());
            request.ops = position == 0 ? 0 : lab.history().opAtPosition(position) + 1;
        }
        const lab::Comparison cmp = lab::compareResets(parsed.script, request);
        printOut("%s", lab::compareText(cmp, name).c_str());
        flushOut();
        return 0;
    };
}

} // namespace cli
