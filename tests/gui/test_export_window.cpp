// File > Export > Animation and Handout in the window, driven as a person
// drives them: the menu clicked, the range picked on the step bar by the
// mouse, the path typed, Enter; the files read back with Debian's tools
// (ImageMagick's identify, poppler's pdftotext).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include "lab/lessons.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;
using gui::platform::Key;
namespace fs = std::filesystem;

namespace {

// File > ITEM, by the mouse.
void fileMenu(gui::App& app, const std::string& item)
{
    tick(app);
    clickItem(app, "menu:File");
    tick(app);
    clickItem(app, item);
    tick(app);
}

// The export prompt's name field holds a suggested name: replaced by `path`, then Enter.
void answerPrompt(gui::App& app, const std::string& path)
{
    REQUIRE(app.fileDialogOpen());
    press(app, Key::a, true);
    type(app, path);
    press(app, Key::enter);
    tick(app); // the file is written between frames
}

const gui::RecordedRect& stepBar(gui::App& app)
{
    const auto& texts = app.ui().layout_record.texts;
    const auto it = std::find_if(texts.begin(), texts.end(), [](const gui::RecordedRect& t) { return t.what == "step bar"; });
    REQUIRE(it != texts.end());
    return *it;
}

// Where ImGui's integer slider takes value `v` of [0, max] (SliderBehaviorT:
// the grab's centre runs from half a grab past the padding to as far from
// the end).
float barX(const gui::RecordedRect& bar, std::size_t v, std::size_t max)
{
    const float padding = 2.0f;
    const float slider = bar.w - padding * 2.0f;
    const float grab = std::min(slider, std::max(slider / static_cast<float>(max + 1), ImGui::GetStyle().GrabMinSize));
    return bar.x + padding + grab * 0.5f + (slider - grab) * static_cast<float>(v) / static_cast<float>(max);
}

void clickStep(gui::App& app, std::size_t step)
{
    const gui::RecordedRect bar = stepBar(app);
    click(app, barX(bar, step, app.lab().steps()), bar.y + bar.h / 2);
}

std::size_t framesIn(const fs::path& animation)
{
    const std::string out = tool("identify", "'" + animation.string() + "'").out;
    return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
}

} // namespace

TEST_CASE("File > Export > Animation of a range: the range picked on the step bar is what is written")
{
    test_support::Scratch s;
    auto app = openApp();
    app->loadText(test_support::slurp(lesson2), "02-growth.arena");
    app->lab().seek(3);
    settle(*app);
    const std::size_t steps = app->lab().steps();
    REQUIRE(steps == 33);

    fileMenu(*app, "Export > Animation of a range picked on the step bar (GIF or WebP)...");
    CHECK(app->ui().range_pick.active);
    CHECK(!app->fileDialogOpen()); // the bar first
    CHECK(app->ui().status.find("first step") != std::string::npos);

    // The last step first: the range runs forward either way.
    clickStep(*app, 21);
    CHECK(app->ui().range_pick.from == std::optional<std::size_t>(21));
    CHECK(app->lab().cursor() == 3); // picking never moves the cursor
    CHECK(stepBar(*app).text.find("21") != std::string::npos);
    keepFrame(*app, "export-range-picking");
    clickStep(*app, 12);
    CHECK(app->ui().range_pick.to == std::optional<std::size_t>(12));
    tick(*app);
    REQUIRE(app->fileDialogOpen());
    CHECK(!app->ui().range_pick.active);
    const fs::path out = s.dir / "picked.gif";
    answerPrompt(*app, out.string());
    REQUIRE_MESSAGE(fs::exists(out), app->ui().status);
    CHECK(framesIn(out) == 21 - 12 + 1);
    CHECK(app->lab().cursor() == 3); // the window as it was

    // WebP by the name, a range of one step.
    fileMenu(*app, "Export > Animation of a range picked on the step bar (GIF or WebP)...");
    clickStep(*app, 30);
    tick(*app);
    clickStep(*app, 30);
    tick(*app);
    const fs::path one = s.dir / "one.webp";
    answerPrompt(*app, one.string());
    REQUIRE_MESSAGE(fs::exists(one), app->ui().status);
    CHECK(framesIn(one) == 1);

    // Esc while picking: nothing picked, nothing written, the bar seeks again.
    fileMenu(*app, "Export > Animation of a range picked on the step bar (GIF or WebP)...");
    clickStep(*app, 5);
    press(*app, Key::escape);
    CHECK(!app->ui().range_pick.active);
    CHECK(!app->fileDialogOpen());
    clickStep(*app, 7);
    CHECK(app->lab().cursor() == 7);
}

TEST_CASE("File > Export > Handout follows the window's language: the headings and every caption in Chinese")
{
    test_support::Scratch s;
    auto app = openApp();
    const std::string text = test_support::slurp(lesson2);
    app->loadText(text, "02-growth.arena");
    settle(*app);
    app->setLanguage(lab::Lang::zh);
    settle(*app);
    fileMenu(*app, "Export > Handout (PDF)...");
    const fs::path pdf = s.dir / "zh.pdf";
    answerPrompt(*app, pdf.string());
    app->setLanguage(lab::Lang::en);
    REQUIRE_MESSAGE(fs::exists(pdf), app->ui().status);
    // The title page (its script holds the `# zh:` lines too), then the
    // operations' pages, from the first with a picture.
    const std::string title_page = tool("pdftotext", "-l 1 '" + pdf.string() + "' -").out;
    CHECK(title_page.find("第 2 课：新缓冲区怎样增长") != std::string::npos);
    std::istringstream list(tool("pdfimages", "-list '" + pdf.string() + "'").out);
    std::string line;
    std::getline(list, line);
    std::getline(list, line); // the two header lines
    int page = 0;
    REQUIRE(static_cast<bool>(list >> page));
    std::string pages = tool("pdftotext", "-f " + std::to_string(page) + " '" + pdf.string() + "' -").out;
    pages.erase(std::remove_if(pages.begin(), pages.end(), [](char c) { return c == ' ' || c == '\n'; }), pages.end());
    std::size_t checked = 0;
    for (const lab::Caption& c : guitest::operationCaptions(text)) {
        std::string zh = c.text_zh;
        zh.erase(std::remove_if(zh.begin(), zh.end(), [](char ch) { return ch == ' ' || ch == '\n'; }), zh.end());
        INFO("line " << c.line << ": " << c.text_zh);
        CHECK(pages.find(zh) != std::string::npos);
        ++checked;
    }
    CHECK(checked == 5);
    CHECK(pages.find("第1个操作（共5个）") != std::string::npos); // the headings too
}
