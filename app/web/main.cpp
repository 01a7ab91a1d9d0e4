// arenalab in a browser tab: the same window (app/gui) on the page's canvas.
// With no link it opens on the desktop's first screen (lesson 1 at step 0,
// App::openFirstScreen); a file picked or dropped on the page opens between
// frames, as File > Open does on the desktop.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "gui/app.hpp"
#include "lab/builtin_example.hpp"
#include "lab/i18n.hpp"
#include "lab/link.hpp"
#include "lab/runner.hpp"
#include "lab/trace.hpp"

extern "C" {
// arenalab_lib.js
void arenalab_js_cannot_start(const char* why);
char* arenalab_js_fragment(); // malloc'd: the address's part from '#'
char* arenalab_js_query();    // malloc'd: the address's query, without '?'
char* arenalab_js_language(); // malloc'd: the browser's language ("zh-CN", "en-US", ...)
}

namespace {
gui::App* window = nullptr; // the page's one window, for the functions below
std::string state_json;
} // namespace

// For the page and the browser tests (tests/web): where the window is, as
// JSON: {"cursor", "steps", "status", "status_is_error", "file", "op_steps", ...}.
extern "C" __attribute__((used, visibility("default"))) const char* arenalab_web_state()
{
    if (window == nullptr) return "{}";
    nlohmann::json j;
    j["cursor"] = window->lab().cursor();
    j["steps"] = window->lab().steps();
    j["status"] = window->ui().status;
    j["status_is_error"] = window->ui().status_is_error;
    j["file"] = window->lab().fileName();
    // The steps of the cursor's operation, from the picture before its
    // first step to after its last (File > Export > Animation's frames).
    if (const auto op = window->lab().currentOpIndex())
        j["op_steps"] = {window->lab().history().opStepsBegin(*op), window->lab().history().opStepsEnd(*op)};
    j["presentation"] = window->ui().presentation;
    j["embed"] = window->ui().embed;
    j["lang"] = std::string(lab::langName(lab::language()));
    {
        // The caption the Step panel shows now (the lesson's, in the language).
        const lab::OpEntry* op = window->lab().currentOp();
        const std::string* caption = op != nullptr ? window->lab().captionFor(op->line) : nullptr;
        j["caption"] = caption != nullptr ? *caption : std::string();
    }
    // Where the last frame put the arena view (CSS pixels of the canvas).
    const gui::PanelRect& arena = window->arenaRect();
    j["arena"] = {arena.x, arena.y, arena.w, arena.h};
    // The panels drawn and where the lesson's texts went (the layout record).
    j["panels"] = nlohmann::json::array();
    for (const auto& p : window->ui().layout_record.panels) j["panels"].push_back(p.panel);
    j["texts"] = nlohmann::json::object();
    for (const auto& t : window->ui().layout_record.texts) j["texts"][t.what] = {t.x, t.y, t.w, t.h};
    j["unsaved"] = window->hasUnsavedChanges();
    j["font_size"] = window->ui().font_size;
    // Characters on screen the atlas has no glyph for (shown as U+FFFD):
    // 0 once the fuller font arrived for text the built-in subset lacks.
    j["missing_glyphs"] = window->missingGlyphs();
    j["recovery_offers"] = window->recoveryOffers().size();
    j["text"] = window->lab().text();
    j["editor"] = window->document().editor(); // the Script panel's text, as typed
    state_json = j.dump();
    return state_json.c_str();
}

// File > Export, without the dialog: 0 doctest, 1 trace, 2 session script, 3 picture,
// 4 the animation of the cursor's operation, 5 of the whole script (GIF, or WebP for a .webp name);
// the file is offered as a download named `name`. Returns whether it was.
extern "C" __attribute__((used, visibility("default"))) int arenalab_web_export(int kind, const char* name)
{
    if (window == nullptr || name == nullptr) return 0;
    const gui::App::Export what = kind == 0   ? gui::App::Export::doctest
                                  : kind == 1 ? gui::App::Export::trace
                                  : kind == 2 ? gui::App::Export::script
                                  : kind == 4 ? gui::App::Export::animation_op  // .gif or .webp by the name
                                  : kind == 5 ? gui::App::Export::animation_all
                                              : gui::App::Export::png;
    return window->exportFile(what, std::string("/downloads/") + name) ? 1 : 0;
}

// Before the page changes (a same-page link, a reload, the tab closing):
// the unsaved work into the recovery folder now, not at the next two-second
// autosave; pre.js then carries it to the browser's storage.
extern "C" __attribute__((used, visibility("default"))) void arenalab_web_autosave_now()
{
    if (window != nullptr) window->autosave(true);
}

namespace {

// What the address's fragment asks for (lab/link.hpp): a lesson or a script
// at a step, presented or embedded. No link (an empty fragment) opens the
// first screen, as `arenalab` with no file does. A refused link opens the
// built-in example and says why in the status bar; nothing of it runs. A refused
// `&embed` link stays in embed mode (an <iframe> on a course page), so the
// reason is shown in the frame's layout, whole.
void openLink(gui::App& app)
{
    char* raw = arenalab_js_fragment();
    const std::string fragment = raw != nullptr ? raw : "";
    std::free(raw);
    const lab::LinkParse link = lab::parseLinkFragment(fragment);
    // The language: the link's &lang=, else the browser's (zh-CN, zh-SG,
    // zh: Chinese; anything else English).
    char* browser = arenalab_js_language();
    const std::string browser_lang = browser != nullptr ? browser : "";
    std::free(browser);
    lab::setLanguage(link.state && !link.state->lang.empty() ? *lab::parseLang(link.state->lang)
                                                             : lab::parseLang(browser_lang).value_or(lab::Lang::en));
    std::string why = link.error;
    if (link.state) {
        const lab::LinkState& s = *link.state;
        const std::string text = s.lesson.empty() ? s.script : std::string(*lab::lessonText(s.lesson));
        const std::string name = s.lesson.empty() ? "link.arena" : s.lesson + ".arena";
        // As the Lessons menu does: a script that stops early (a failed
        // expect, a refusal it teaches) is still shown.
        app.loadText(text, name);
        if (const auto bad = lab::checkLinkStep(s, app.lab().steps())) {
            why = *bad; // the built-in example replaces it before any frame shows it
        } else {
            if (s.has_step) app.lab().seek(s.step);
            else if (s.lesson.empty()) gui::showFullestMoment(app.lab());
            else app.lab().seek(0); // a lesson starts at the beginning, as from the Lessons menu
            if (s.present) app.setPresentation(true);
            app.setEmbed(s.embed);
            return;
        }
    } else if (why.empty()) {
        app.openFirstScreen(); // no link: where someone new starts
        return;
    }
    app.loadText(std::string(lab::builtin_example), std::string(lab::builtin_example_name));
    gui::showFullestMoment(app.lab());
    if (!why.empty()) {
        app.ui().status = lab::linkRefusedMessage(why);
        app.ui().status_is_error = true;
        if (link.present) app.setPresentation(true);
        app.setEmbed(link.embed);
    }
}

} // namespace

// The browser's own trace of the script in the file `path` (of the
// in-memory file system), as `arenalab trace` prints it, after a first line
// {"status": exit status, "errors": [...]}: the browser suite compares it
// with the conformance vectors' Zig traces.
extern "C" __attribute__((used, visibility("default"))) const char* arenalab_web_trace(const char* path)
{
    static std::string out;
    std::ifstream in(path != nullptr ? path : "", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string trace;
    const lab::RunResult r = lab::runScriptText(text.str(), path != nullptr ? path : "",
                                                [&](const lab::OpRecord& rec) { lab::appendTraceLine(trace, rec); });
    nlohmann::json head;
    head["status"] = r.exit_status;
    head["errors"] = r.errors;
    out = head.dump() + "\n" + trace;
    return out.c_str();
}

// `?bench` (or `?bench&frames=N&size=WxH`) in the address: `arenalab
// bench-frame`'s measurements on the page's own window, offscreen, on the
// script the link opened (else the built-in example), printed to the
// console before the page goes on as usual.
void benchIfAsked(gui::App& app, double open_ms, std::chrono::steady_clock::time_point main_time)
{
    char* raw = arenalab_js_query();
    const std::string query = "&" + std::string(raw != nullptr ? raw : "") + "&";
    std::free(raw);
    if (query.find("&bench&") == std::string::npos && query.find("&bench=") == std::string::npos) return;
    lab::BenchRequest request;
    request.text = app.lab().text();
    request.name = app.lab().fileName();
    request.step = app.lab().cursor();
    const std::size_t f = query.find("&frames=");
    if (f != std::string::npos) request.frames = std::clamp(std::atoi(query.c_str() + f + 8), 1, 10000);
    // Offscreen at the desktop bench-frame's size (BenchRequest's 1920x1080) unless `size=WxH`.
    const std::size_t z = query.find("&size=");
    if (z != std::string::npos) {
        int w = 0, h = 0;
        if (std::sscanf(query.c_str() + z + 6, "%dx%d", &w, &h) == 2 && w >= 64 && h >= 64 && w <= 8192 && h <= 8192) {
            request.width = w;
            request.height = h;
        }
    }
    app.arenaRenderer().memory.animate = false; // no glide: every frame is the full picture
    std::printf("arenalab bench-frame (browser)\n");
    gui::benchFrames(app, request, open_ms, main_time);
    std::printf("arenalab bench-frame done\n");
    std::fflush(stdout);
}

int main()
{
    const auto main_time = std::chrono::steady_clock::now();
    std::string error;
    gui::AppOptions options;
    // In the browser's storage (pre.js): autosave, and recovery on the next visit.
    options.recovery_dir = "/state/recovery";
    const auto open_start = std::chrono::steady_clock::now();
    std::unique_ptr<gui::App> app = gui::App::open(options, error);
    const double open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - open_start).count();
    if (!app) {
        std::fprintf(stderr, "arenalab: %s\n", error.c_str());
        arenalab_js_cannot_start(("The window could not be opened: " + error + ".").c_str());
        return 1;
    }
    openLink(*app);
    benchIfAsked(*app, open_ms, main_time);
    window = app.release(); // lives as long as the page
    window->run(); // through the backend, as on the desktop: never returns
    return 0;
}
