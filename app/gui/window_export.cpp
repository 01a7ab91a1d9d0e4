#include "gui/window_export.hpp"

#include "gui/shot.hpp"
#include "lab/export.hpp"
#include "lab/i18n.hpp"
#ifndef __EMSCRIPTEN__
#include "gui/export_media.hpp"
#endif

namespace gui {

bool exportWindow(OffscreenWindow& window, platform::Files& files, Export what, const std::string& path, int width, int height,
                  std::string& error)
{
    std::string contents;
    if (what == Export::animation_op || what == Export::animation_all || what == Export::handout) {
#ifdef __EMSCRIPTEN__
        (void)window, (void)width, (void)height;
        error = lab::tr("Animations and handouts are not in the browser yet: arenalab export --gif, --webp and --handout make them.");
        return false;
#else
        if (!encodeMedia(window, what, path.ends_with(".webp"), width, height, contents, error)) return false;
#endif
    } else if (what == Export::png) {
        if (!encodeShot(window, width, height, contents, error)) return false;
    } else {
        // The text exports are the command line's: lab::exportScript.
        lab::ExportKind kind = lab::ExportKind::session_script;
        if (what == Export::doctest) kind = lab::ExportKind::doctest;
        else if (what == Export::trace) kind = lab::ExportKind::trace;
        else if (what == Export::quiz) kind = path.ends_with(".gift") ? lab::ExportKind::quiz_gift : lab::ExportKind::quiz_markdown;
        const lab::Lab& lab = window.lab();
        lab::StringSink sink;
        const lab::ExportOutcome r = lab::exportScript(kind, lab.text(), {lab.fileName(), lab.fileName()}, sink);
        if (!r.written) {
            error = r.errors.empty() ? std::string(lab::tr("the script has errors")) : r.errors.front();
            return false;
        }
        contents = std::move(sink.text);
    }
    return files.write(path, contents, error);
}

} // namespace gui
