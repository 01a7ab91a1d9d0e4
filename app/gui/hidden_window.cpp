#include "gui/hidden_window.hpp"
#include "lab/i18n.hpp"

#include <algorithm>
#include <cstdio>

#include "gui/fonts.hpp"
#include "gui/shot.hpp"
#include "lab/numbers.hpp"
#include "lab/runner.hpp"
#ifndef __EMSCRIPTEN__
#include "gui/export_media.hpp"
#endif

namespace gui {

std::unique_ptr<App> openOffscreen(const std::string& text, const std::string& name, float font, const std::string& who,
                                   std::string& error, lab::Model model)
{
    AppOptions options;
    options.visible = false;
    options.animate = false; // a still picture: no glide between steps
    // The window's own text size (18 px, or --font): the picture is what
    // the window shows at that size.
    options.font_size = font > 0 ? font : theme_font_size;
    std::unique_ptr<App> app = App::open(options, error);
    if (!app) {
        error += lab::trf(" (no display? try: xvfb-run -a {} ...)", who);
        return app;
    }
    app->lab().setModelOption(model);
    app->loadText(text, name);
    // The run's errors are the command line's to print (as trace's); the
    // window's notes (a history cut at its caps) are only here.
    for (const lab::LineMessage& m : app->lab().messages())
        if (!m.is_error) std::fprintf(stderr, "%s:%zu: note: %s\n", name.c_str(), m.line, m.text.c_str());
    return app;
}

int renderShot(const lab::ShotRequest& o, std::string& png, std::string& error)
{
    std::unique_ptr<App> app = openOffscreen(o.text, o.name, o.font, o.who, error, o.model);
    if (!app) return 1;
    lab::Lab& lab = app->lab();
    if (o.step != SIZE_MAX && o.step > lab.steps())
        std::fprintf(stderr, "%s: %s\n", o.who.c_str(),
                     lab::trf("the script has {} steps; showing the end", lab::grouped(lab.steps())).c_str());
    lab.seek(std::min(o.step, lab.steps()));
    if (o.zoom > 0) {
        // The view as after a zoom and a pan by hand (the view clamps both).
        ArenaCamera& camera = app->arenaCamera();
        camera.fit_requested = false;
        camera.zoom = o.zoom;
        camera.pan_x = o.pan_x;
        camera.pan_y = o.pan_y;
    }
    if (o.present) app->setPresentation(true); // its text follows the picture's height
    app->setEmbed(o.embed);
    app->ui().comparing = o.compare;
    app->ui().comparing_models = o.models;
    return encodeShot(*app, o.width, o.height, png, error) ? 0 : 1;
}

#ifndef __EMSCRIPTEN__
int renderAnimation(const lab::AnimationRequest& r, std::string& bytes, std::string& error)
{
    std::unique_ptr<App> app = openOffscreen(r.text, r.name, r.font, r.who, error);
    if (!app) return 1;
    if (r.present) app->setPresentation(true);
    AnimationSpec spec = r; // the request's frames
    spec.to = std::min(r.to, app->lab().steps());
    return encodeAnimation(*app, spec, bytes, error) ? 0 : 1;
}

int renderHandout(const lab::HandoutRequest& r, std::string& pdf, std::string& error)
{
    std::unique_ptr<App> app = openOffscreen(r.text, r.name, 0, r.who, error);
    if (!app) return 1;
    return encodeHandout(*app, r.steps, pdf, error) ? 0 : 1;
}
#endif

} // namespace gui
