// The window as a picture (shot.hpp). It draws through exactly the code a
// person's window uses (OffscreenWindow::renderOffscreen), so it needs an
// X display; without one, run it under xvfb-run.
#include "gui/shot.hpp"
#include "lab/i18n.hpp"

#include <stb_image_write.h>

namespace gui {

std::vector<std::uint8_t> settledFrame(OffscreenWindow& window, int width, int height)
{
    // ImGui settles window sizes over the first frames: keep the third.
    // The first two are built, not drawn: what they would show is never
    // looked at, and drawing is most of a frame's cost.
    for (int i = 0; i < 2; ++i) window.buildOffscreen(width, height, nullptr);
    return window.renderOffscreen(width, height, nullptr);
}

bool encodeShot(OffscreenWindow& window, int width, int height, std::string& png, std::string& error)
{
    const std::vector<std::uint8_t> pixels = settledFrame(window, width, height);
    // A screenshot is opaque: write RGB.
    std::vector<std::uint8_t> rgb;
    rgb.reserve(pixels.size() / 4 * 3);
    for (std::size_t i = 0; i < pixels.size(); i += 4) rgb.insert(rgb.end(), {pixels[i], pixels[i + 1], pixels[i + 2]});
    png.clear();
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    if (stbi_write_png_to_func(append, &png, width, height, 3, rgb.data(), width * 3) == 0) {
        error = lab::tr("cannot encode the PNG");
        return false;
    }
    return true;
}

} // namespace gui
