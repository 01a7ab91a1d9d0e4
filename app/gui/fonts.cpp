#include "gui/fonts.hpp"

#include <algorithm>
#include <fstream>
#include <string>
#include <utility>

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h> // ImTextCharFromUtf8; ImGuiContext::InputTextState: the text being typed

#include "gui/embedded.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"

namespace gui {

namespace {

// The glyphs the panels use: Latin-1 plus the punctuation, arrows and
// shapes a teaching tool wants (… → ▶ ■ −), kept small so the atlas stays
// small at large sizes.
constexpr ImWchar glyph_ranges[] = {
    0x0020, 0x00FF, // Basic Latin, Latin-1
    0x2010, 0x2027, // dashes, quotes, bullet, ellipsis
    0x2190, 0x2199, // arrows
    0x2212, 0x2212, // minus
    0x2260, 0x2265, // not equal, less or equal, greater or equal
    0x25A0, 0x25CF, // squares, triangles, circles
    0xFFFD, 0xFFFD, // the replacement mark: what a character no font has shows as
    0,
};

bool inFixedRanges(unsigned c)
{
    for (const ImWchar* r = glyph_ranges; r[0] != 0; r += 2)
        if (c >= r[0] && c <= r[1]) return true;
    return false;
}

// Debian's fonts-wqy-microhei (Apache-2.0), read once. Its first face is
// WenQuanYi Micro Hei. The browser build has no such file: it embeds a
// subset made at build time (ARENALAB_CJK_FONT_FILE).
#ifndef ARENALAB_CJK_FONT_FILE
#define ARENALAB_CJK_FONT_FILE "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#endif

// The fuller font the platform fetched (useFullerCjkFont), kept for as
// long as the program runs: the atlas reads it at every rebuild.
std::string& fullerCjkFont()
{
    static std::string bytes;
    return bytes;
}

const std::string& cjkFont()
{
    if (!fullerCjkFont().empty()) return fullerCjkFont();
    static const std::string bytes = [] {
#if ARENALAB_CJK_FONT_EMBEDDED
        return std::string(font_cjk_subset_ttf);
#else
        // In one read of its size: read a character at a time
        // (istreambuf_iterator), its 5 MB took 12 ms of every window's
        // start, 160 ms under the sanitizers; so, 3 ms and 6 ms.
        std::ifstream in(ARENALAB_CJK_FONT_FILE, std::ios::binary | std::ios::ate);
        const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
        if (size <= 0) return std::string();
        std::string font(static_cast<std::size_t>(size), '\0');
        in.seekg(0);
        return in.read(font.data(), size) ? font : std::string();
#endif
    }();
    return bytes;
}

// The order buildFontsAndStyle adds them in.
int atlasIndex(Font which) { return which == Font::mono ? 1 : 0; }

} // namespace

ImFont* font(Font which)
{
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const int i = atlasIndex(which);
    if (atlas != nullptr && atlas->Fonts.Size > i && atlas->Fonts[i] != nullptr && atlas->Fonts[i]->IsLoaded())
        return atlas->Fonts[i];
    return ImGui::GetFont();
}

bool GlyphSet::addCodepoint(unsigned c)
{
    // ImWchar is 16 bits: a character beyond the BMP (an emoji) reaches
    // ImGui as U+FFFD already, which the fixed ranges hold.
    if (c < 0x100 || c > 0xFFFF || inFixedRanges(c)) return false;
    if (!codepoints_.insert(static_cast<ImWchar>(c)).second) return false;
    ranges_valid_ = false;
    return true;
}

bool GlyphSet::add(std::string_view utf8)
{
    bool added = false;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, utf8.data() + i, utf8.data() + utf8.size());
        i += static_cast<std::size_t>(std::max(n, 1));
        added |= addCodepoint(c);
    }
    return added;
}

bool GlyphSet::add(const ImWchar* text, int length)
{
    bool added = false;
    for (int i = 0; i < length; ++i) added |= addCodepoint(text[i]);
    return added;
}

bool GlyphSet::contains(ImWchar c) const { return inFixedRanges(c) || codepoints_.count(c) != 0; }

std::size_t GlyphSet::missingIn(ImFont& font) const
{
    return static_cast<std::size_t>(std::count_if(codepoints_.begin(), codepoints_.end(), [&](ImWchar c) {
        return font.FindGlyphNoFallback(c) == nullptr;
    }));
}

const ImWchar* GlyphSet::ranges()
{
    if (!ranges_valid_) {
        std::vector<ImWchar> sorted(codepoints_.begin(), codepoints_.end());
        std::sort(sorted.begin(), sorted.end());
        ranges_.clear();
        for (const ImWchar c : sorted) {
            if (!ranges_.empty() && ranges_.back() + 1 == c)
                ranges_.back() = c;
            else
                ranges_.insert(ranges_.end(), {c, c});
        }
        ranges_.push_back(0);
        ranges_valid_ = true;
    }
    return ranges_.data();
}

void useFullerCjkFont(std::string bytes) { fullerCjkFont() = std::move(bytes); }

std::string_view cjkFontSource()
{
    if (cjkFont().empty()) return {};
    if (!fullerCjkFont().empty()) return "the fuller font, fetched";
#if ARENALAB_CJK_FONT_EMBEDDED
    return "a subset of " ARENALAB_CJK_FONT_FILE " built in";
#else
    return ARENALAB_CJK_FONT_FILE;
#endif
}

ImGuiStyle baseTheme()
{
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.WindowBorderSize = 1.0f;
    style.WindowPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(8, 5);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.125f, 0.137f, 0.161f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.106f, 0.118f, 0.141f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.11f, 0.13f, 0.97f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.17f, 0.23f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.28f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.26f, 0.32f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.30f, 0.38f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.20f, 0.27f, 0.36f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.36f, 0.48f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.42f, 0.56f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.20f, 0.27f, 0.36f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.36f, 0.48f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.30f, 0.42f, 0.56f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.34f, 0.71f, 0.91f, 1.0f); // sky blue, as in the arena view
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.50f, 0.80f, 0.95f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.34f, 0.71f, 0.91f, 1.0f);
    c[ImGuiCol_Text] = ImVec4(0.91f, 0.92f, 0.93f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.58f, 0.63f, 1.0f);
    // Edges without ImGui's antialiased fringe: its shades would be
    // thousands of colours again (TextShader, renderer.hpp, keeps the
    // picture's colours few).
    style.AntiAliasedLines = false;
    style.AntiAliasedLinesUseTex = false;
    style.AntiAliasedFill = false;
    return style;
}

void buildFontsAndStyle(float size, const ImGuiStyle& base, bool presentation, GlyphSet& extra)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false; // the bytes are the program's own (embedded.hpp)
    config.OversampleH = 2;
    // In atlasIndex's order: sans first (ImGui's default), then mono.
    // The CJK glyphs merged into each (the first font keeps a character
    // both have), without horizontal oversampling: they are many, and
    // their strokes sit on the pixel grid well enough.
    ImFontConfig cjk = config;
    cjk.MergeMode = true;
    cjk.OversampleH = 1;
    const std::string& cjk_font = cjkFont();
    const bool merge = !cjk_font.empty() && extra.size() != 0;
    const ImWchar* extra_ranges = merge ? extra.ranges() : nullptr;
    const auto addCjk = [&] {
        if (merge)
            io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(cjk_font.data()), static_cast<int>(cjk_font.size()), size,
                                           &cjk, extra_ranges);
    };
    io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font_sans_ttf.data()), static_cast<int>(font_sans_ttf.size()), size,
                                   &config, glyph_ranges);
    addCjk();
    io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font_mono_ttf.data()), static_cast<int>(font_mono_ttf.size()), size,
                                   &config, glyph_ranges);
    addCjk();
    io.Fonts->Build();
    ImGuiStyle& style = ImGui::GetStyle();
    style = base;
    style.ScaleAllSizes(size / theme_font_size);
    if (presentation) {
        // High contrast for a projector: black panels, white text, clear edges.
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.75f, 0.75f, 0.75f, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(0.85f, 0.85f, 0.85f, 1);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.16f, 0.16f, 1);
        style.WindowBorderSize = std::max(2.0f, style.WindowBorderSize);
        style.FrameBorderSize = std::max(1.0f, style.FrameBorderSize);
    }
}

bool WindowFonts::gather(std::uint64_t revision, std::string_view document, std::initializer_list<std::string_view> lines)
{
    bool added = false;
    if (const int lang = static_cast<int>(lab::language()); lang != lang_) {
        lang_ = lang;
        // Every message the catalogue may show, and the lessons' titles
        // (the Lessons menu).
        if (lab::language() == lab::Lang::zh)
            for (const lab::CatalogueEntry& e : lab::chineseCatalogue()) added |= glyphs_.add(e.msgstr);
        for (const lab::Lesson& lesson : lab::lessons()) added |= glyphs_.add(lab::lessonTitleIn(lesson.text));
        added |= glyphs_.add("\u4E2D\u6587\uFF08\u7B80\u4F53\uFF09"); // View > Language names Chinese in Chinese
    }
    // The document (a caption, a comment, a name) when it changed.
    if (revision != revision_ || document.size() != text_size_) {
        revision_ = revision;
        text_size_ = document.size();
        added |= glyphs_.add(document);
    }
    // What is being typed or pasted into any field (the editor, the name
    // field) before it reaches the document, and the lines that name files.
    const ImGuiIO& io = ImGui::GetIO();
    added |= glyphs_.add(io.InputQueueCharacters.Data, io.InputQueueCharacters.Size);
    if (const ImGuiContext* context = ImGui::GetCurrentContext(); context != nullptr && context->InputTextState.ID != 0)
        added |= glyphs_.add(context->InputTextState.TextW.Data, context->InputTextState.TextW.Size);
    for (const std::string_view line : lines) added |= glyphs_.add(line);
    return added;
}

void WindowFonts::rebuild(float size, bool presentation)
{
    buildFontsAndStyle(size, base_, presentation, glyphs_);
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    missing_ = atlas->Fonts.Size > 0 ? glyphs_.missingIn(*atlas->Fonts[atlasIndex(Font::sans)]) : 0;
    if (ImGui::GetIO().BackendRendererUserData != nullptr) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

} // namespace gui
