// Simplified Chinese in the window (docs/translating.md): every lesson in
// Chinese whole at its first, middle and last steps, in presentation mode
// at 1280x720 and normal mode at 1366x768, read back with tesseract's
// chi_sim and checked against the catalogue's and the lesson's text; the
// pseudo-translation (every message 40% longer) cut nowhere at 1280x720;
// the glyphs built from the text on screen, U+FFFD for what no font has;
// View > Language switching at once and remembered; Chinese typed into a
// field arriving whole.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/fonts.hpp"
#include "gui/preferences.hpp"
#include "lab/explain.hpp"
#include "lab/i18n.hpp"
#include "lab/lab.hpp"
#include "lab/lessons.hpp"
#include "support.hpp"
#include "test_support.hpp"

using namespace guitest;
using gui::platform::Key;

namespace {

struct LanguageScope {
    explicit LanguageScope(lab::Lang lang) { lab::setLanguage(lang); }
    ~LanguageScope() { lab::setLanguage(lab::Lang::en); }
};

// Every recorded text whole (guitest::checkWhole), and some text recorded.
void checkWhole(gui::App& app)
{
    const gui::LayoutRecord& rec = app.ui().layout_record;
    CHECK(!rec.texts.empty());
    guitest::checkWhole(rec);
}

// The Chinese characters of `text` (U+4E00 to U+9FFF), one string each.
std::vector<std::string> hanzi(const std::string& text)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 2 < text.size() + 0; ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b >= 0xE4 && b <= 0xE9) {
            out.push_back(text.substr(i, 3));
            i += 2;
        }
    }
    return out;
}

// How many of `expected`'s Chinese characters the OCR text holds (each
// counted as often as it occurs in both), as a share of them.
double recognisedShare(const std::string& expected, const std::string& ocr)
{
    std::map<std::string, int> seen;
    for (const std::string& c : hanzi(ocr)) ++seen[c];
    const std::vector<std::string> want = hanzi(expected);
    if (want.empty()) return 1.0;
    int found = 0;
    for (const std::string& c : want)
        if (seen[c] > 0) {
            --seen[c];
            ++found;
        }
    return static_cast<double>(found) / static_cast<double>(want.size());
}

// The crop the OCR reads: the Step panel's introduction, explanation and
// caption as the layout record placed them (one above the other, the
// panel's width), without the title and the operation's lines, whose
// text is not the lesson's. Other panels beside them on the same rows
// (the Controls, the script) would mix into tesseract's lines. In
// negative: dark text on light.
std::string cropLessonText(const Image& img, const gui::LayoutRecord& rec, const std::string& name)
{
    float top = 1e9f, bottom = 0, left = 1e9f, right = 0;
    for (const gui::RecordedRect& t : rec.texts) {
        if (t.what != "explanation" && t.what != "caption" && t.what != "intro") continue;
        top = std::min(top, t.y);
        bottom = std::max(bottom, t.y + t.h);
        left = std::min(left, t.x);
        right = std::max(right, t.x + t.w);
    }
    REQUIRE(bottom > top);
    REQUIRE(right > left);
    return cropPng(img, static_cast<int>(left) - 4, static_cast<int>(top) - 4, static_cast<int>(right) + 4,
                   static_cast<int>(bottom) + 4, 1, "chinese-ocr", name, true);
}

} // namespace

struct Mode {
    bool presentation;
    int w, h;
};
constexpr Mode chinese_modes[] = {{true, 1280, 720}, {false, 1366, 768}};

TEST_CASE("every lesson in Chinese: title, intro, explanation and caption whole at first, middle and last steps")
{
    LanguageScope zh(lab::Lang::zh);
    auto app = openApp(18.0f);
    for (const Mode mode : chinese_modes) {
        app->setPresentation(mode.presentation);
        for (const lab::Lesson& lesson : lab::lessons()) {
            app->loadText(std::string(lesson.text), std::string(lesson.file_name));
            const std::size_t steps = app->lab().steps();
            for (const std::size_t cursor : {std::size_t{0}, steps / 2, steps}) {
                CAPTURE(mode.presentation);
                CAPTURE(lesson.file_name);
                CAPTURE(cursor);
                app->lab().seek(cursor);
                settle(*app, mode.w, mode.h);
                checkWhole(*app);
                const gui::LayoutRecord& rec = app->ui().layout_record;
                CHECK(recordedText(rec, "title") != nullptr);
                CHECK(recordedText(rec, cursor == 0 ? "intro" : "explanation") != nullptr);
            }
        }
    }
}

TEST_CASE("every lesson in Chinese read back by tesseract as the catalogue's and the lesson's text")
{
    // Every lesson at its first, middle and last steps, in presentation
    // mode at 1280x720 and normal mode at 1366x768: each frame's lesson text
    // cropped from the layout record, then all the crops read by one
    // tesseract process (docs/performance.md has what it costs).
    struct Page {
        std::string name, expected, png;
    };
    std::vector<Page> pages;
    LanguageScope zh(lab::Lang::zh);
    auto app = openApp(18.0f);
    for (const Mode mode : chinese_modes) {
        app->setPresentation(mode.presentation);
        for (const lab::Lesson& lesson : lab::lessons()) {
            app->loadText(std::string(lesson.text), std::string(lesson.file_name));
            const std::size_t steps = app->lab().steps();
            for (const std::size_t cursor : {std::size_t{0}, steps / 2, steps}) {
                CAPTURE(mode.presentation);
                CAPTURE(lesson.file_name);
                CAPTURE(cursor);
                app->lab().seek(cursor);
                const Image img = settled(*app, mode.w, mode.h);
                checkWhole(*app);
                Page page;
                if (cursor == 0) {
                    page.expected = lab::lessonIntro(lesson.text);
                } else {
                    page.expected = lab::explainStep(app->lab().currentStep()->step);
                    if (const std::string* caption = app->lab().captionFor(app->lab().currentOp()->line))
                        page.expected += *caption;
                }
                CHECK(hanzi(page.expected).size() > 5);
                page.name = std::string(mode.presentation ? "present-" : "normal-") +
                            std::string(lesson.file_name.substr(0, 2)) + "-" + std::to_string(cursor);
                keep(img, "zh-" + page.name);
                page.png = cropLessonText(img, app->ui().layout_record, page.name);
                pages.push_back(std::move(page));
            }
        }
    }
    CHECK(pages.size() == lab::lessons().size() * 3 * std::size(chinese_modes));
    std::vector<std::string> pngs;
    for (const Page& page : pages) pngs.push_back(page.png);
    // The crops are negatives (dark text on light), so no line needs a
    // second reading inverted (guitest::cropPng).
    const std::vector<std::string> ocr = ocrPages(pngs, "-l chi_sim --psm 6 -c tessedit_do_invert=0");
    for (std::size_t k = 0; k < pages.size(); ++k) {
        CAPTURE(pages[k].name);
        CAPTURE(pages[k].expected);
        CAPTURE(ocr[k]);
        // OCR misreads a few characters (more on a line that mixes in
        // numbers); missing glyphs ("?" or boxes) would read as nothing.
        CHECK(recognisedShare(pages[k].expected, ocr[k]) >= 0.75);
    }
}

TEST_CASE("the pseudo-translation (40% longer, accented) is cut nowhere at 1280x720, in both modes")
{
    LanguageScope pseudo(lab::Lang::pseudo);
    auto app = openApp(18.0f);
    for (const bool presentation : {false, true}) {
        app->setPresentation(presentation);
        for (const lab::Lesson& lesson : lab::lessons()) {
            app->loadText(std::string(lesson.text), std::string(lesson.file_name));
            const std::size_t steps = app->lab().steps();
            for (const std::size_t cursor : {std::size_t{0}, steps / 2, steps}) {
                CAPTURE(presentation);
                CAPTURE(lesson.file_name);
                CAPTURE(cursor);
                app->lab().seek(cursor);
                settle(*app, 1280, 720);
                checkWhole(*app);
            }
        }
    }
}

TEST_CASE("a Chinese caption shows in Chinese glyphs, and a character no font has as U+FFFD, never '?'")
{
    auto app = openApp(18.0f);
    // The caption, in a teacher's own lesson (English window).
    app->loadText("# \xE7\xBC\x93\xE5\x86\xB2\xE5\x8C\xBA\xE9\x93\xBE\xE8\xA1\xA8\xEF\xBC\x9A\xE6\x9C\x80\xE6\x96\xB0\xE7\x9A\x84"
                  "\xE5\x9C\xA8\xE6\x9C\x80\xE5\x89\x8D\xE9\x9D\xA2 \xF0\x9F\x98\x80\na = alloc 1\n",
                  "mine.arena");
    app->lab().seek(app->lab().steps());
    settle(*app);
    ImFont* sans = gui::font(gui::Font::sans);
    REQUIRE(sans != nullptr);
    REQUIRE_FALSE(gui::cjkFontSource().empty());
    for (const unsigned cp : {0x7F13u, 0x51B2u, 0x533Au, 0x94FEu, 0x8868u, 0xFF1Au, 0x6700u, 0x65B0u, 0x524Du, 0x9762u}) {
        const auto c = static_cast<ImWchar>(cp);
        CAPTURE(c);
        CHECK(sans->FindGlyphNoFallback(c) != nullptr);
        CHECK(gui::font(gui::Font::mono)->FindGlyphNoFallback(c) != nullptr); // the script panel's font too
    }
    CHECK(sans->FallbackChar == 0xFFFD);
    CHECK(sans->FindGlyph(0x263A)->Codepoint == 0xFFFD); // a character outside every font's set
    // The atlas holds what the screen shows, not a whole CJK range.
    CHECK(sans->Glyphs.Size < 2000);
}

TEST_CASE("View > Language switches at once, keeps the step and the document, and is remembered")
{
    const std::string dir = std::string(ARENALAB_TEST_DIR) + "/language-state";
    std::filesystem::remove_all(dir);
    {
        auto app = openApp(18.0f, dir);
        const lab::Lesson& lesson = lab::lessons()[1];
        app->loadText(std::string(lesson.text), std::string(lesson.file_name));
        app->lab().seek(7);
        settle(*app);
        const std::string text = app->lab().text();
        app->setLanguage(lab::Lang::zh);
        settle(*app);
        CHECK(lab::language() == lab::Lang::zh);
        CHECK(app->lab().cursor() == 7);
        CHECK(app->lab().text() == text);
        CHECK(app->ui().layout_record.arena_title.find("Arena") == 0);
        CHECK(gui::Preferences(dir).language() == lab::Lang::zh);
        app->setLanguage(lab::Lang::en);
        CHECK(gui::Preferences(dir).language() == lab::Lang::en);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("Chinese typed into the editor arrives whole, and its glyphs are built before they show")
{
    LanguageScope zh(lab::Lang::zh);
    auto app = openApp(18.0f);
    app->loadText("a = alloc 1\n", "typed.arena");
    settle(*app);
    // The script editor has the keyboard after a click into it; the
    // characters come as a person's input method sends them (UTF-8).
    clickIntoEditor(*app);
    tick(*app);
    ImGui::GetIO().AddInputCharactersUTF8("# \xE9\xA2\x84\xE7\x83\xAD\n");
    tick(*app);
    tick(*app);
    CHECK(gui::font(gui::Font::mono)->FindGlyphNoFallback(0x9884) != nullptr); // 预
    CHECK(gui::font(gui::Font::mono)->FindGlyphNoFallback(0x70ED) != nullptr); // 热
}

TEST_CASE("a Ctrl+V whose Ctrl is let go in the frame V goes down still pastes")
{
    // A quick Ctrl+V across a slow frame: Ctrl went down before one frame,
    // and V down, Ctrl up and V up all arrive before the next. ImGui 1.86
    // judges a key pressed in a frame with the modifiers as they are at the
    // frame's end: given V down and Ctrl up in one frame, it saw a plain V
    // and the paste was lost (the X test lost its name-field paste so).
    auto app = openApp(18.0f);
    app->loadText("a = alloc 1\n", "typed.arena");
    settle(*app);
    clickIntoEditor(*app);
    ImGui::SetClipboardText("\xE6\x95\xB0\xE6\x8D\xAE"); // 数据
    app->queueKey(Key::left_control, true);
    tick(*app);
    CHECK(ImGui::GetIO().KeyCtrl);
    app->queueKey(Key::v, true);
    app->queueKey(Key::left_control, false);
    app->queueKey(Key::v, false);
    for (int i = 0; i < 10; ++i) tick(*app);
    CHECK(app->document().text() == "a = alloc 1\n\xE6\x95\xB0\xE6\x8D\xAE");
    CHECK_FALSE(ImGui::GetIO().KeyCtrl);
}

TEST_CASE("characters and Ctrl+V that arrive within one frame reach the editor in their order")
{
    // A loaded machine: the window system's events for "预热", Ctrl+V and
    // "缓冲" all arrive before one frame is drawn. ImGui 1.86 drops the
    // characters of a frame in which Ctrl is down, so given to it straight
    // from GLFW's callback, "预热" was lost (or pasted after "缓冲").
    auto app = openApp(18.0f);
    app->loadText("a = alloc 1\n", "typed.arena");
    settle(*app);
    clickIntoEditor(*app);
    ImGui::SetClipboardText("\xE6\x95\xB0\xE6\x8D\xAE"); // 数据
    tick(*app);
    for (const unsigned int c : {0x9884u, 0x70EDu}) app->queueChar(c); // 预热
    app->queueKey(Key::left_control, true);
    app->queueKey(Key::v, true);
    app->queueKey(Key::v, false);
    app->queueKey(Key::left_control, false);
    for (const unsigned int c : {0x7F13u, 0x51B2u}) app->queueChar(c); // 缓冲
    for (int i = 0; i < 10; ++i) tick(*app);
    CHECK(app->document().text() == "a = alloc 1\n\xE9\xA2\x84\xE7\x83\xAD\xE6\x95\xB0\xE6\x8D\xAE\xE7\xBC\x93\xE5\x86\xB2");
}
