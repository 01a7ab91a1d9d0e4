// `arenalab export --gif / --webp / --handout`, as a person runs them: real
// processes writing real files, read back with Debian's tools (ImageMagick's
// identify and convert, poppler's pdftotext, pdftoppm and pdfimages) and
// compared with `arenalab shot` and with where the arena layout puts things.
#include <doctest/doctest.h>
#include <stb_image.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gui/export_media.hpp"
#include "gui/hidden_window.hpp"
#include "gui/shot.hpp"
#include "lab/lessons.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;
using test_support::Exec;
using test_support::Scratch;
namespace fs = std::filesystem;

namespace {

Exec arenalab(const std::string& args) { return test_support::runProgram(ARENALAB_EXE, args); }

Image load(const fs::path& png)
{
    int w = 0, h = 0, n = 0;
    unsigned char* p = stbi_load(png.c_str(), &w, &h, &n, 4);
    REQUIRE_MESSAGE(p != nullptr, "cannot read " << png);
    Image img{w, h, std::vector<std::uint8_t>(p, p + static_cast<std::ptrdiff_t>(w) * h * 4)};
    stbi_image_free(p);
    return img;
}

std::uint32_t rgb(const Image& img, int x, int y)
{
    const Rgba c = img.at(x, y);
    return (std::uint32_t{c.r} << 16) | (std::uint32_t{c.g} << 8) | c.b;
}

// The animation's frames, each as the viewer shows it (ImageMagick
// coalesces: a frame over what the frames before it left).
std::vector<Image> frames(const Scratch& s, const fs::path& animation)
{
    const fs::path dir = s.dir / (animation.stem().string() + "-frames");
    fs::create_directories(dir);
    tool("convert", "'" + animation.string() + "' -coalesce '" + (dir / "f%03d.png").string() + "'");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Image> out;
    for (const fs::path& f : files) out.push_back(load(f));
    return out;
}

// How many frames `identify` counts.
std::size_t identified(const fs::path& animation)
{
    const std::string out = tool("identify", "'" + animation.string() + "'").out;
    return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
}

Image shot(const Scratch& s, std::size_t step, const std::string& size, const std::string& more = {})
{
    const fs::path png = s.dir / ("shot-" + std::to_string(step) + ".png");
    const Exec e = arenalab("shot '" + lesson2 + "' --step " + std::to_string(step) + " --size " + size + more + " -o '" +
                            png.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);
    return load(png);
}

std::size_t differing(const Image& a, const Image& b)
{
    REQUIRE(a.w == b.w);
    REQUIRE(a.h == b.h);
    std::size_t n = 0;
    for (int y = 0; y < a.h; ++y)
        for (int x = 0; x < a.w; ++x) n += rgb(a, x, y) != rgb(b, x, y);
    return n;
}

std::string withoutSpaces(const std::string& s)
{
    std::string out;
    for (const char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
}

} // namespace

TEST_CASE("export --webp: one frame per step, each pixel for pixel arenalab shot's picture of that step")
{
    Scratch s;
    const fs::path out = s.dir / "range.webp";
    const Exec e = arenalab("export --webp '" + lesson2 + "' --from 18 --to 26 --size 960x600 -o '" + out.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);
    CHECK(identified(out) == 9);
    const std::vector<Image> f = frames(s, out);
    REQUIRE(f.size() == 9);
    // First, middle, last.
    for (const auto& each : std::map<std::size_t, std::size_t>{{0, 18}, {4, 22}, {8, 26}}) {
        const auto& index = each.first;
        const auto& step = each.second;
        INFO("frame " << index << ", step " << step);
        CHECK(differing(f[index], shot(s, step, "960x600")) == 0);
    }
}

TEST_CASE("export --webp --lang zh: the window in Chinese, each frame arenalab shot --lang zh's")
{
    Scratch s;
    const fs::path out = s.dir / "zh.webp";
    const Exec e = arenalab("export --webp '" + lesson2 + "' --from 20 --to 22 --size 960x600 --lang zh -o '" +
                            out.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);
    const std::vector<Image> f = frames(s, out);
    REQUIRE(f.size() == 3);
    for (const auto& each : std::map<std::size_t, std::size_t>{{0, 20}, {2, 22}}) {
        const auto& index = each.first;
        const auto& step = each.second;
        INFO("frame " << index << ", step " << step);
        CHECK(differing(f[index], shot(s, step, "960x600", " --lang zh")) == 0);
        CHECK(differing(f[index], shot(s, step, "960x600", " --lang en")) > 1000); // not the English window
    }
}

TEST_CASE("export --handout --lang zh: every caption in Chinese as text, the Chinese font embedded")
{
    Scratch s;
    const fs::path pdf = s.dir / "zh.pdf";
    const Exec e = arenalab("export --handout '" + lesson2 + "' --lang zh -o '" + pdf.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);

    // Every font embedded, among them the one fontconfig offers for Chinese
    // (subset fonts are named XXXXXX+Name).
    const std::string cjk = tool("fc-match", "-f '%{postscriptname}' ':lang=zh-cn'").out;
    REQUIRE(!cjk.empty());
    std::istringstream fonts(tool("pdffonts", "'" + pdf.string() + "'").out);
    std::string row;
    std::getline(fonts, row);
    std::getline(fonts, row); // the two header lines
    std::size_t rows = 0, cjk_rows = 0;
    while (std::getline(fonts, row)) {
        INFO(row);
        std::istringstream fields(row);
        std::string name, type;
        fields >> name;
        // name, type (one or two words), encoding, then emb sub uni
        std::vector<std::string> rest;
        for (std::string f; fields >> f;) rest.push_back(f);
        REQUIRE(rest.size() >= 6);
        CHECK(rest[rest.size() - 5] == "yes"); // emb
        ++rows;
        cjk_rows += name.substr(name.find('+') + 1) == cjk;
    }
    CHECK(rows > 0);
    CHECK(cjk_rows > 0);

    const std::string text = test_support::slurp(lesson2);
    std::istringstream list(tool("pdfimages", "-list '" + pdf.string() + "'").out);
    std::string line;
    std::getline(list, line);
    std::getline(list, line);
    int page = 0;
    REQUIRE(static_cast<bool>(list >> page));
    const std::string title_pages =
        withoutSpaces(tool("pdftotext", "-l " + std::to_string(page - 1) + " '" + pdf.string() + "' -").out);
    CHECK(title_pages.find(withoutSpaces(std::string(lab::lessonTitleZh(text)))) != std::string::npos);
    CHECK(title_pages.find(withoutSpaces(lab::lessonIntro(text, lab::Lang::zh))) != std::string::npos);
    CHECK(title_pages.find(withoutSpaces(lab::lessonIntro(text, lab::Lang::en))) == std::string::npos);
    const std::string pages = withoutSpaces(tool("pdftotext", "-f " + std::to_string(page) + " '" + pdf.string() + "' -").out);
    CHECK(pages.find("第1个操作（共5个）") != std::string::npos);
    CHECK(pages.find("Operation") == std::string::npos);
    std::size_t captioned = 0;
    for (const lab::Caption& c : guitest::operationCaptions(text)) {
        INFO("the caption of line " << c.line << ": " << c.text_zh);
        CHECK(pages.find(withoutSpaces(c.text_zh)) != std::string::npos);
        CHECK(pages.find(withoutSpaces(c.text)) == std::string::npos);
        ++captioned;
    }
    CHECK(captioned == 5);
}

TEST_CASE("export --gif: one frame per step, each pixel for pixel arenalab shot's picture of that step")
{
    Scratch s;
    const fs::path out = s.dir / "range.gif";
    const Exec e = arenalab("export --gif '" + lesson2 + "' --from 18 --to 26 --size 960x600 --fps 4 --hold 2 -o '" +
                            out.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);
    CHECK(identified(out) == 9);
    // 4 steps per second: 25 hundredths each, the last held 2 s more.
    const std::string delays = tool("identify", "-format '%T,' '" + out.string() + "'").out;
    CHECK(delays == "25,25,25,25,25,25,25,25,225,");
    const std::vector<Image> f = frames(s, out);
    REQUIRE(f.size() == 9);
    for (const auto& each : std::map<std::size_t, std::size_t>{{0, 18}, {4, 22}, {8, 26}}) {
        const auto& index = each.first;
        const auto& step = each.second;
        INFO("frame " << index << ", step " << step);
        const Image want = shot(s, step, "960x600");
        // Why it can be exact: the window's text has 4 shades of coverage
        // and no antialiased fringe (TextShader, renderer.hpp), so a
        // picture holds far fewer colours than a GIF frame's 256.
        std::set<std::uint32_t> colours;
        for (int y = 0; y < want.h; ++y)
            for (int x = 0; x < want.w; ++x) colours.insert(rgb(want, x, y));
        CHECK(colours.size() <= 255);
        CHECK(differing(f[index], want) == 0);
    }
}

TEST_CASE("export --gif --lang zh --present: the Chinese window in presentation mode, each frame its shot's")
{
    Scratch s;
    const fs::path out = s.dir / "zh.gif";
    const Exec e = arenalab("export --gif '" + lesson2 + "' --from 20 --to 22 --size 1280x720 --lang zh --present -o '" +
                            out.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);
    CHECK(identified(out) == 3);
    const std::vector<Image> f = frames(s, out);
    REQUIRE(f.size() == 3);
    for (const auto& each : std::map<std::size_t, std::size_t>{{0, 20}, {1, 21}, {2, 22}}) {
        const auto& index = each.first;
        const auto& step = each.second;
        INFO("frame " << index << ", step " << step);
        CHECK(differing(f[index], shot(s, step, "1280x720", " --lang zh --present")) == 0);
    }
}

TEST_CASE("export --gif --view arena: the arena view's picture alone, as the window shows it")
{
    Scratch s;
    const fs::path out = s.dir / "arena.gif";
    const Exec e = arenalab("export --gif '" + lesson2 + "' --from 20 --to 23 --view arena --size 960x600 -o '" +
                            out.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);
    CHECK(identified(out) == 4);
    const std::vector<Image> f = frames(s, out);
    REQUIRE(f.size() == 4);
    // Smaller than the window, and inside the shot of its step: the
    // picture's own colours where the shot has them (the view is at the
    // same place in every frame of this range).
    CHECK(f[0].w < 960);
    CHECK(f[0].h < 600);
    const Image whole = shot(s, 23, "960x600");
    const gui::Palette& p = gui::normal_palette;
    const std::uint32_t header = (std::uint32_t{p.header.r} << 16) | (std::uint32_t{p.header.g} << 8) | p.header.b;
    std::size_t headers = 0;
    for (int y = 0; y < f[3].h; ++y)
        for (int x = 0; x < f[3].w; ++x) headers += rgb(f[3], x, y) == header;
    std::size_t headers_in_shot = 0;
    for (int y = 0; y < whole.h; ++y)
        for (int x = 0; x < whole.w; ++x) headers_in_shot += rgb(whole, x, y) == header;
    CHECK(headers > 0);
    CHECK(headers == headers_in_shot); // every header pixel of the window is in the view's picture
}

TEST_CASE("export --gif/--webp refuse a bad range, an unwritable output and a failing script, writing nothing")
{
    Scratch s;
    const fs::path out = s.dir / "out.gif";
    const std::string to = " -o '" + out.string() + "'";

    Exec e = arenalab("export --gif '" + lesson2 + "' --from 9 --to 3" + to);
    CHECK(e.status == 2);
    CHECK(e.err.find("--from 9 is after --to 3") != std::string::npos);
    CHECK(!fs::exists(out));

    e = arenalab("export --webp '" + lesson2 + "' --to 34" + to);
    CHECK(e.status == 2);
    CHECK(e.err.find("--to 34 is past the end: the script has 33 steps (0 to 33)") != std::string::npos);
    CHECK(!fs::exists(out));

    e = arenalab("export --gif '" + lesson2 + "' --from 40" + to);
    CHECK(e.status == 2);
    CHECK(e.err.find("--from 40 is past the end") != std::string::npos);
    CHECK(!fs::exists(out));

    e = arenalab("export --gif '" + lesson2 + "' -o '" + (s.dir / "no-such-folder" / "out.gif").string() + "'");
    CHECK(e.status == 2);
    CHECK(e.err.find("no-such-folder") != std::string::npos);
    CHECK(!fs::exists(s.dir / "no-such-folder"));

    // A script whose expectation fails: its error, trace's status, no file.
    const fs::path failing = s.write("failing.arena", "a = alloc 10\nexpect end_index 11\nb = alloc 5\n");
    e = arenalab("export --gif '" + failing.string() + "'" + to);
    CHECK(e.status == 1);
    CHECK(e.err.find("failing.arena:2:1: error: expectation failed") != std::string::npos);
    CHECK(e.err.find("no animation (GIF) written") != std::string::npos);
    CHECK(!fs::exists(out));

    // A script refused before it runs: status 2, the error at its line.
    const fs::path refused = s.write("refused.arena", "a = alloc 10 align=3\n");
    e = arenalab("export --webp '" + refused.string() + "'" + to);
    CHECK(e.status == 2);
    CHECK(e.err.find("refused.arena:1:") != std::string::npos);
    CHECK(!fs::exists(out));

    // The handout too.
    e = arenalab("export --handout '" + failing.string() + "' -o '" + (s.dir / "h.pdf").string() + "'");
    CHECK(e.status == 1);
    CHECK(e.err.find("no handout written") != std::string::npos);
    e = arenalab("export --handout '" + lesson2 + "' --steps 3,99 -o '" + (s.dir / "h.pdf").string() + "'");
    CHECK(e.status == 2);
    CHECK(e.err.find("--steps 99 is past the end") != std::string::npos);
    CHECK(!fs::exists(s.dir / "h.pdf"));
    CHECK(fs::is_empty(s.dir / "failing.arena") == false); // the inputs untouched
}

TEST_CASE("export --handout: every caption as text, and the arena's colours where the layout puts them")
{
    Scratch s;
    const fs::path pdf = s.dir / "lesson2.pdf";
    const Exec e = arenalab("export --handout '" + lesson2 + "' -o '" + pdf.string() + "'");
    REQUIRE_MESSAGE(e.status == 0, e.err);

    // A4 landscape.
    const std::string info = tool("pdfinfo", "'" + pdf.string() + "'").out;
    CHECK(info.find("Page size:       841.89 x 595.28 pts (A4)") != std::string::npos);

    // The first page with a picture: the first operation's (a = alloc 1).
    std::istringstream list(tool("pdfimages", "-list '" + pdf.string() + "'").out);
    std::string line;
    std::getline(list, line);
    std::getline(list, line); // the two header lines
    int page = 0;
    REQUIRE(static_cast<bool>(list >> page));
    CHECK(page > 1);

    // Text stays text: the title and introduction on the title page, and
    // every caption of an operation on the pages after it (not only in the
    // script the title page shows).
    const std::string text = test_support::slurp(lesson2);
    const std::string title_pages =
        withoutSpaces(tool("pdftotext", "-l " + std::to_string(page - 1) + " '" + pdf.string() + "' -").out);
    CHECK(title_pages.find(withoutSpaces(std::string(lab::lessonTitle(text)))) != std::string::npos);
    CHECK(title_pages.find(withoutSpaces(lab::lessonIntro(text))) != std::string::npos);
    const std::string pages = withoutSpaces(tool("pdftotext", "-f " + std::to_string(page) + " '" + pdf.string() + "' -").out);
    // The first operation's page names its line, wherever the lesson puts it.
    std::size_t alloc_line = 0;
    {
        std::istringstream lines(text);
        std::string l;
        for (std::size_t n = 1; std::getline(lines, l); ++n)
            if (l == "a = alloc 1") {
                alloc_line = n;
                break;
            }
    }
    REQUIRE(alloc_line > 0);
    CHECK(pages.find("Operation1of5,line" + std::to_string(alloc_line) + ":a=alloc1") != std::string::npos);
    std::size_t captioned = 0;
    for (const lab::Caption& c : guitest::operationCaptions(text)) {
        // Only statements that are operations have a page (child settings do not).
        INFO("the caption of line " << c.line << ": " << c.text);
        CHECK(pages.find(withoutSpaces(c.text)) != std::string::npos);
        ++captioned;
    }
    CHECK(captioned == 5);
    tool("pdftoppm", "-r 150 -png -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" + pdf.string() +
                         "' '" + (s.dir / "page").string() + "'");
    fs::path page_png;
    for (const auto& entry : fs::directory_iterator(s.dir))
        if (entry.path().filename().string().rfind("page", 0) == 0) page_png = entry.path();
    const Image paper = load(page_png);

    // The same picture in this process: the handout's window at its size,
    // at the end of the first operation.
    std::string error;
    std::unique_ptr<gui::App> app = gui::openOffscreen(text, "02-growth.arena", 0, "test", error);
    REQUIRE_MESSAGE(app != nullptr, error);
    app->lab().seek(app->lab().history().opStepsEnd(0));
    gui::settledFrame(*app, gui::handout_window_width, gui::handout_window_height);
    const gui::ArenaViewMemory& mem = app->arenaRenderer().memory;
    const gui::Palette& pal = gui::normal_palette;

    // Where the picture is on the paper: the view's background, dark on white.
    int x0 = paper.w, y0 = paper.h, x1 = -1, y1 = -1;
    for (int y = 0; y < paper.h; ++y)
        for (int x = 0; x < paper.w; ++x)
            if (near(paper.at(x, y), pal.background, 3)) {
                x0 = std::min(x0, x);
                x1 = std::max(x1, x);
                y0 = std::min(y0, y);
                y1 = std::max(y1, y);
            }
    REQUIRE(x1 > x0);
    const double scale = static_cast<double>(x1 - x0 + 1) / mem.view_w;
    CHECK(scale > 1.0); // 150 dpi: the picture is drawn larger than its pixels
    const auto onPaper = [&](float vx, float vy) {
        return paper.at(x0 + static_cast<int>(std::lround(vx * scale)), y0 + static_cast<int>(std::lround(vy * scale)));
    };
    const auto colourAt = [&](const gui::Instance& in) {
        // The middle of its clean pixels (away from its edges and labels), in view coordinates.
        const auto pixels = cleanPixels(mem, in, 3);
        REQUIRE(!pixels.empty());
        const auto [wx, wy] = pixels[pixels.size() / 2];
        return onPaper(static_cast<float>(wx) - mem.image_x + 0.5f, static_cast<float>(wy) - mem.image_y + 0.5f);
    };
    const gui::Instance* header = mem.layout.find(gui::Part::header, 0);
    REQUIRE(header != nullptr);
    CHECK_MESSAGE(near(colourAt(*header), pal.header, 12), str(colourAt(*header)));
    bool live = false;
    for (const gui::Instance& in : mem.layout.instances)
        if (in.part == gui::Part::segment && !cleanPixels(mem, in, 3).empty()) {
            const lab::Segment& seg = app->lab().picture().nodes[static_cast<std::size_t>(in.node)].segments[static_cast<std::size_t>(in.segment)];
            if (seg.kind != lab::SegmentKind::live) continue;
            CHECK_MESSAGE(near(colourAt(in), gui::allocationColour(seg.name, pal), 12), str(colourAt(in)));
            live = true;
        }
    CHECK(live);
    // The end_index marker: a thin line; its colour within a pixel or two of its middle.
    bool marker = false;
    for (const gui::Instance& in : mem.layout.instances)
        if (in.part == gui::Part::end_index) {
            for (int dx = -3; dx <= 3 && !marker; ++dx)
                marker = near(onPaper(in.rect.cx() + static_cast<float>(dx) / static_cast<float>(scale), in.rect.cy()),
                              pal.end_index, 16);
        }
    CHECK(marker);
}
