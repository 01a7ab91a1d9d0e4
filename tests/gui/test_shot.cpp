// `arenalab shot`, as CI and a person run it: a real process writing a PNG.
#include <doctest/doctest.h>
#include <stb_image.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

namespace {

int run(const std::string& args)
{
    const std::string command = std::string(ARENALAB_EXE) + " " + args;
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

TEST_CASE("arenalab shot writes a PNG of the requested size showing a picture")
{
    const std::string out = std::string(ARENALAB_TEST_DIR) + "/shot-hello.png";
    std::remove(out.c_str());
    REQUIRE(run(std::string("shot ") + ARENALAB_EXAMPLE + " --step 28 --size 1000x640 -o " + out) == 0);

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
    CHECK(run(std::string("shot ") + ARENALAB_EXAMPLE + " --size 12 -o " + out + " 2>/dev/null") == 2);
    CHECK(run("shot /nonexistent/x.arena -o " + out + " 2>/dev/null") == 2);
}
