// Captions from a lesson's comments, exactly as lessons.hpp defines them.
// lessons() itself is in the file CMake generates from assets/lessons/
// (app/lab/lessons.cmake).
#include "lab/lessons.hpp"

#include <utility>

#include "lab/i18n.hpp"

namespace lab {

namespace {

// A space or a tab.
bool isSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

constexpr std::string_view title_prefix = "# Title:";

std::string_view trimmedBlanks(std::string_view s)
{
    while (!s.empty() && isSpaceOrTab(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpaceOrTab(s.back())) s.remove_suffix(1);
    return s;
}

constexpr std::string_view zh_prefix = "zh:";

// A caption under construction: words joined by spaces, paragraphs by '\n'.
// Chinese (`cjk`) runs on without a space where a line ends or starts with
// a character beyond ASCII.
class CaptionText {
public:
    explicit CaptionText(bool cjk = false) : cjk_(cjk) {}
    // One comment's text; an empty one ends the paragraph.
    void add(std::string_view comment)
    {
        if (comment.empty()) {
            paragraph_break_ = !text_.empty();
            return;
        }
        if (!text_.empty()) {
            const bool ascii_seam = static_cast<unsigned char>(text_.back()) < 0x80 &&
                                    static_cast<unsigned char>(comment.front()) < 0x80;
            if (paragraph_break_)
                text_ += '\n';
            else if (!cjk_ || ascii_seam)
                text_ += ' ';
        }
        paragraph_break_ = false;
        text_ += comment;
    }
    // The trailing comment runs on from the block: never a new paragraph.
    void addTrailing(std::string_view comment)
    {
        paragraph_break_ = false;
        add(comment);
    }
    bool empty() const { return text_.empty(); }
    std::string take()
    {
        paragraph_break_ = false;
        return std::exchange(text_, {});
    }
    void clear()
    {
        text_.clear();
        paragraph_break_ = false;
    }

private:
    std::string text_;
    bool paragraph_break_ = false;
    bool cjk_ = false;
};

void fillIn(std::string& en, std::string& zh)
{
    // A missing translation falls back to the other language, marked.
    if (en.empty() && !zh.empty()) en = std::string(untranslated_mark_en) + zh;
    if (zh.empty() && !en.empty()) zh = std::string(untranslated_mark_zh) + en;
}

// A block's English and Chinese (`# zh:` lines) side by side.
class BilingualText {
public:
    void add(std::string_view comment)
    {
        if (comment.empty()) { // a paragraph break in both
            en_.add(comment);
            zh_.add(comment);
        } else if (comment.substr(0, zh_prefix.size()) == zh_prefix) {
            zh_.add(trimmedBlanks(comment.substr(zh_prefix.size())));
        } else {
            en_.add(comment);
        }
    }
    void addTrailing(std::string_view comment)
    {
        if (comment.substr(0, zh_prefix.size()) == zh_prefix)
            zh_.addTrailing(trimmedBlanks(comment.substr(zh_prefix.size())));
        else
            en_.addTrailing(comment);
    }
    bool empty() const { return en_.empty() && zh_.empty(); }
    Caption take(std::size_t line)
    {
        Caption c{line, en_.take(), zh_.take()};
        fillIn(c.text, c.text_zh);
        return c;
    }
    void clear()
    {
        en_.clear();
        zh_.clear();
    }

private:
    CaptionText en_;
    CaptionText zh_{true};
};

// Calls `visit(number, text)` for each line of `text` (1-based, a CRLF's
// '\r' left out) until it returns false.
template <class Visit>
void eachLine(std::string_view text, Visit visit)
{
    std::size_t line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view content = text.substr(pos, end - pos);
        pos = end + 1;
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        if (!visit(++line, content)) return;
    }
}

} // namespace

const std::string& Caption::in(Lang lang) const { return lang == Lang::zh ? text_zh : text; }

std::vector<Caption> captions(std::string_view script_text)
{
    std::vector<Caption> out;
    BilingualText block; // the comment block just above the current line, if any
    const bool titled = script_text.substr(0, title_prefix.size()) == title_prefix;
    eachLine(script_text, [&](std::size_t line, std::string_view text) {
        const bool is_title = (line == 1 && text.substr(0, title_prefix.size()) == title_prefix) ||
                              (line == 2 && titled && isTitleTranslation(text));
        const std::string_view content = trimmedBlanks(text);
        if (content.empty() || is_title) {
            block.clear(); // a note, or the title: not a caption
            return true;
        }
        const std::size_t hash = content.find('#');
        if (hash == 0) {
            const std::string_view comment = trimmedBlanks(content.substr(1));
            // A pinned question (`# ask: ...`, predict.hpp) is an answer
            // key, not narration: never part of a caption.
            if (comment.substr(0, 4) != "ask:") block.add(comment);
            return true;
        }
        // A statement line: the block above is its caption, and its own
        // trailing comment runs on after it.
        if (hash != std::string_view::npos) block.addTrailing(trimmedBlanks(content.substr(hash + 1)));
        if (!block.empty()) out.push_back(block.take(line));
        block.clear();
        return true;
    });
    return out;
}

std::size_t lessonNumber(std::string_view script_text)
{
    const auto all = lessons();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].text == script_text) return i + 1;
    return 0;
}

std::string lessonIntro(std::string_view script_text, Lang lang)
{
    std::string en, zh;
    BilingualText block;
    const auto endBlock = [&] {
        if (block.empty()) return;
        Caption c = block.take(0);
        if (!en.empty()) en += '\n';
        en += c.text;
        if (!zh.empty()) zh += '\n';
        zh += c.text_zh;
    };
    bool reached_statement = false;
    eachLine(script_text, [&](std::size_t line, std::string_view text) {
        if (line == 1 && text.substr(0, title_prefix.size()) == title_prefix) return true;
        if (line == 2 && isTitleTranslation(text) && script_text.substr(0, title_prefix.size()) == title_prefix) return true;
        const std::string_view content = trimmedBlanks(text);
        if (content.empty()) {
            endBlock(); // a blank line: the block above was a note
            return true;
        }
        if (content.front() != '#') {
            reached_statement = true; // the first statement: its block is a caption
            return false;
        }
        block.add(trimmedBlanks(content.substr(1)));
        return true;
    });
    if (!reached_statement) endBlock(); // a note at the end of the text
    return lang == Lang::zh ? zh : en;
}

std::string lessonIntro(std::string_view script_text) { return lessonIntro(script_text, language()); }

std::string lessonTitleIn(std::string_view text, Lang lang)
{
    std::string en(lessonTitle(text)), zh(lessonTitleZh(text));
    fillIn(en, zh);
    return lang == Lang::zh ? zh : en;
}

std::string lessonTitleIn(std::string_view text) { return lessonTitleIn(text, language()); }

} // namespace lab
