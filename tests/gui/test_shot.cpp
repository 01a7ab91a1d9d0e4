// `arenalab shot`, as CI and a person run it: a real process writing a PNG.
#include <doctest/doctest.h>
#include <stb_image.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gui/app.hpp"
#include "support.hpp"

using guitest::runArenalab;

TEST_CASE("arenalab shot writes a PNG of the requested size showing a picture")
{
    const std::string out = std::string(ARENALAB_TEST_DIR) + "/shot-hello.png";
    std::remove(out.c_str());
    REQUIRE(runArenalab(std::string("shot ") + ARENALAB_EXAMPLE + " --step 28 --size 1000x640 -o " + out) == 0);

    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(out.c_str(), &w, &h, &channels, 3);
    REQUIRE(pixels != nullptr);
    CHECK(w == 1000);
    CHECK(h == 640);
    std::set<unsigned> colours;
    for (int i = 0; i < w * h; ++i)
        colours.insert(static_cast<unsigned>(pixels[i * 3]) << 16 | static_cast<unsigned>(pixels[i * 3 + 1]) << 8 |
                       pixels[i * 3 + 2]);
    stbi_image_free(pixels);
    CHECK(colours.size() > 50); // panels, text and the arena's colours, not one flat fill
}

TEST_CASE("arenalab shot refuses a bad size and a missing script")
{
    const std::string out = std::string(ARENALAB_TEST_DIR) + "/shot-bad.png";
    CHECK(runArenalab(std::string("shot ") + ARENALAB_EXAMPLE + " --size 12 -o " + out + " 2>/dev/null") == 2);
    CHECK(runArenalab("shot /nonexistent/x.arena -o " + out + " 2>/dev/null") == 2);
}

namespace {

// The window's own frame, in this process, as a person's window draws it.
std::vector<unsigned char> windowFrame(bool present, bool embed, int w, int h)
{
    gui::AppOptions options;
    options.visible = false;
    options.animate = false;
    options.font_size = 18.0f; // the window's default text size
    std::string error;
    std::unique_ptr<gui::App> app = gui::App::open(options, error);
    REQUIRE_MESSAGE(app != nullptr, error);
    REQUIRE(app->loadFile(ARENALAB_EXAMPLE));
    app->lab().seek(28);
    if (present) app->setPresentation(true);
    app->setEmbed(embed);
    std::vector<std::uint8_t> px;
    for (int i = 0; i < 3; ++i) px = app->renderOffscreen(w, h);
    return {px.begin(), px.end()};
}

} // namespace

TEST_CASE("arenalab shot, --present and --embed draw exactly what the window shows at that size and text size")
{
    for (const auto& each : {std::pair{false, false}, std::pair{true, false}, std::pair{false, true}}) {
        const auto& present = each.first;
        const auto& embed = each.second;
        CAPTURE(present);
        CAPTURE(embed);
        const std::string out = std::string(ARENALAB_TEST_DIR) + "/shot-same.png";
        std::remove(out.c_str());
        REQUIRE(runArenalab(std::string("shot ") + ARENALAB_EXAMPLE + " --step 28 --size 1280x720" + (present ? " --present" : "") +
                    (embed ? " --embed" : "") + " -o " + out) == 0);
        int w = 0, h = 0, channels = 0;
        unsigned char* pixels = stbi_load(out.c_str(), &w, &h, &channels, 4);
        REQUIRE(pixels != nullptr);
        REQUIRE(w == 1280);
        REQUIRE(h == 720);
        const std::vector<unsigned char> window = windowFrame(present, embed, w, h);
        REQUIRE(window.size() == static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < window.size(); i += 4)
            if (std::abs(int{window[i]} - int{pixels[i]}) > 2 || std::abs(int{window[i + 1]} - int{pixels[i + 1]}) > 2 ||
                std::abs(int{window[i + 2]} - int{pixels[i + 2]}) > 2)
                ++differ;
        stbi_image_free(pixels);
        // Only the status line differs: it names the file as it was given
        // (embed mode has none).
        if (embed) CHECK(differ == 0);
        else CHECK(differ < static_cast<std::size_t>(w) * 4); // at 14 px text, 421,117 pixels differ
    }
}

TEST_CASE("arenalab shot --models draws the two arenas over the picture")
{
    const std::string lesson = std::string(ARENALAB_LESSONS) + "/13-z16-past-end.arena";
    const std::string plain = std::string(ARENALAB_TEST_DIR) + "/shot-plain.png";
    const std::string models = std::string(ARENALAB_TEST_DIR) + "/shot-models.png";
    std::remove(plain.c_str());
    std::remove(models.c_str());
    REQUIRE(runArenalab("shot " + lesson + " --step 30 -o " + plain) == 0);
    REQUIRE(runArenalab("shot " + lesson + " --step 30 --models -o " + models) == 0);
    int w = 0, h = 0, channels = 0, w2 = 0, h2 = 0;
    unsigned char* a = stbi_load(plain.c_str(), &w, &h, &channels, 3);
    unsigned char* b = stbi_load(models.c_str(), &w2, &h2, &channels, 3);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    REQUIRE(w == w2);
    REQUIRE(h == h2);
    std::size_t differ = 0;
    for (int i = 0; i < w * h * 3; ++i) differ += a[i] != b[i] ? 1 : 0;
    stbi_image_free(a);
    stbi_image_free(b);
    CHECK(differ > static_cast<std::size_t>(w * h / 10)); // a view over the arena's area, not a few pixels
}
