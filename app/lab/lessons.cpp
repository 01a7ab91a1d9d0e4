// Captions from a lesson's comments, exactly as lessons.hpp defines them.
// lessons() itself is in the file CMake generates from assets/lessons/
// (app/lab/lessons.cmake).
#include "lab/lessons.hpp"

#include <utility>

namespace lab {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t'; }

constexpr std::string_view title_prefix = "# Title:";

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

// A caption under construction: words joined by spaces, paragraphs by '\n'.
class CaptionText {
public:
    // One comment's text; an empty one ends the paragraph.
    void add(std::string_view comment)
    {
        if (comment.empty()) {
            paragraph_break_ = !text_.empty();
            return;
        }
        if (!text_.empty()) text_ += paragraph_break_ ? '\n' : ' ';
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

std::vector<Caption> captions(std::string_view script_text)
{
    std::vector<Caption> out;
    CaptionText block; // the comment block just above the current line, if any
    eachLine(script_text, [&](std::size_t line, std::string_view text) {
        const bool is_title = line == 1 && text.substr(0, title_prefix.size()) == title_prefix;
        const std::string_view content = trimmed(text);
        if (content.empty() || is_title) {
            block.clear(); // a note, or the title: not a caption
            return true;
        }
        const std::size_t hash = content.find('#');
        if (hash == 0) {
            const std::string_view comment = trimmed(content.substr(1));
            // A pinned question (`# ask: ...`, predict.hpp) is an answer
            // key, not narration: never part of a caption.
            if (comment.substr(0, 4) != "ask:") block.add(comment);
            return true;
        }
        // A statement line: the block above is its caption, and its own
        // trailing comment runs on after it.
        if (hash != std::string_view::npos) block.addTrailing(trimmed(content.substr(hash + 1)));
        if (!block.empty()) out.push_back({line, block.take()});
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

std::string lessonIntro(std::string_view script_text)
{
    std::string out;
    CaptionText block;
    const auto endBlock = [&] {
        if (block.empty()) return;
        if (!out.empty()) out += '\n';
        out += block.take();
    };
    bool reached_statement = false;
    eachLine(script_text, [&](std::size_t line, std::string_view text) {
        if (line == 1 && text.substr(0, title_prefix.size()) == title_prefix) return true;
        const std::string_view content = trimmed(text);
        if (content.empty()) {
            endBlock(); // a blank line: the block above was a note
            return true;
        }
        if (content.front() != '#') {
            reached_statement = true; // the first statement: its block is a caption
            return false;
        }
        block.add(trimmed(content.substr(1)));
        return true;
    });
    if (!reached_statement) endBlock(); // a note at the end of the text
    return out;
}

} // namespace lab
