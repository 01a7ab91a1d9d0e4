// A GIFT reader written from Moodle's documentation of the format
// (docs.moodle.org, "GIFT format"), to check what `arenalab export --quiz`
// writes, independently of the code that writes it. It reads what the
// documentation describes: `//` comment lines, `$CATEGORY:` lines,
// questions separated by blank lines, an optional `::title::`, an optional
// `[format]`, the question text, and one answer block `{...}`:
//  - multiple choice: `=right` and `~wrong` answers, each with an optional
//    `#feedback`;
//  - numerical: `{#N}`, `{#N:TOLERANCE}`, `{#MIN..MAX}`, or several
//    `=N:T` answers;
//  - true/false: `{T}`, `{F}`, `{TRUE}`, `{FALSE}`;
//  - `####general feedback` at the end of a block.
// The special characters ~ = # { } : are escaped with a backslash; `\n` is
// a new line. A malformed question throws std::runtime_error.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gift {

struct Choice {
    bool right = false;
    std::string text;
    std::string feedback;
};

struct Question {
    enum class Type { multiple_choice, numerical, true_false, essay };
    Type type = Type::essay;
    std::string category;
    std::string title;
    std::string text;
    std::vector<Choice> choices;  // multiple choice
    double number = 0;            // numerical: the answer
    double tolerance = 0;         // numerical
    bool truth = false;           // true/false
    std::string general_feedback;
};

namespace detail {

inline std::string unescape(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            ++i;
            out += s[i] == 'n' ? '\n' : s[i];
            continue;
        }
        out += s[i];
    }
    return out;
}

inline std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

// The position of the first unescaped `c` at or after `from`, or npos.
inline std::size_t findUnescaped(std::string_view s, char c, std::size_t from = 0)
{
    for (std::size_t i = from; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == c) return i;
    }
    return std::string_view::npos;
}

inline std::size_t findUnescaped(std::string_view s, std::string_view what, std::size_t from = 0)
{
    for (std::size_t i = from; i + what.size() <= s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s.substr(i, what.size()) == what) return i;
    }
    return std::string_view::npos;
}

inline double number(const std::string& s)
{
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size()) throw std::runtime_error("GIFT: not a number: '" + s + "'");
    return v;
}

inline void parseBlock(std::string_view block, Question& q)
{
    // General feedback: after an unescaped ####.
    if (const std::size_t g = findUnescaped(block, "####"); g != std::string_view::npos) {
        q.general_feedback = unescape(trim(block.substr(g + 4)));
        block = block.substr(0, g);
    }
    const std::string body = trim(block);
    if (body.empty()) {
        q.type = Question::Type::essay;
        return;
    }
    if (body == "T" || body == "TRUE" || body == "F" || body == "FALSE") {
        q.type = Question::Type::true_false;
        q.truth = body[0] == 'T';
        return;
    }
    if (body[0] == '#') {
        q.type = Question::Type::numerical;
        std::string value = trim(std::string_view(body).substr(1));
        if (!value.empty() && value[0] == '=') value = value.substr(1); // `#=N:T` multiple answers: take the first
        if (const std::size_t fb = findUnescaped(value, '#'); fb != std::string::npos) value = trim(value.substr(0, fb));
        if (const std::size_t range = value.find(".."); range != std::string::npos) {
            const double lo = number(value.substr(0, range));
            const double hi = number(value.substr(range + 2));
            q.number = (lo + hi) / 2;
            q.tolerance = (hi - lo) / 2;
        } else if (const std::size_t colon = value.find(':'); colon != std::string::npos) {
            q.number = number(value.substr(0, colon));
            q.tolerance = number(value.substr(colon + 1));
        } else {
            q.number = number(value);
        }
        return;
    }
    q.type = Question::Type::multiple_choice;
    std::size_t i = 0;
    std::string_view s = body;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        if (i >= s.size()) break;
        if (s[i] != '=' && s[i] != '~') throw std::runtime_error("GIFT: an answer starts with = or ~: '" + body + "'");
        Choice c;
        c.right = s[i] == '=';
        std::size_t next = std::min(findUnescaped(s, '=', i + 1), findUnescaped(s, '~', i + 1));
        if (next == std::string_view::npos) next = s.size();
        std::string_view answer = s.substr(i + 1, next - i - 1);
        if (const std::size_t fb = findUnescaped(answer, '#'); fb != std::string_view::npos) {
            c.feedback = unescape(trim(answer.substr(fb + 1)));
            answer = answer.substr(0, fb);
        }
        c.text = unescape(trim(answer));
        q.choices.push_back(std::move(c));
        i = next;
    }
}

} // namespace detail

// Every question of a GIFT file.
inline std::vector<Question> parse(std::string_view text)
{
    std::vector<Question> out;
    std::string category;
    std::vector<std::string> paragraph;
    auto finish = [&] {
        std::string joined;
        for (const std::string& l : paragraph) joined += (joined.empty() ? "" : "\n") + l;
        paragraph.clear();
        const std::string q_text = detail::trim(joined);
        if (q_text.empty()) return;
        Question q;
        q.category = category;
        std::string_view rest = q_text;
        if (rest.substr(0, 2) == "::") {
            const std::size_t end = detail::findUnescaped(rest, "::", 2);
            if (end == std::string_view::npos) throw std::runtime_error("GIFT: a title must end with '::'");
            q.title = detail::unescape(rest.substr(2, end - 2));
            rest = rest.substr(end + 2);
        }
        const std::size_t open = detail::findUnescaped(rest, '{');
        if (open == std::string_view::npos) throw std::runtime_error("GIFT: no answer block in '" + q_text + "'");
        const std::size_t close = detail::findUnescaped(rest, '}', open + 1);
        if (close == std::string_view::npos) throw std::runtime_error("GIFT: an answer block must end with '}'");
        std::string_view before = rest.substr(0, open);
        if (!before.empty() && before.front() == '[') before = before.substr(before.find(']') + 1); // [format]
        q.text = detail::unescape(detail::trim(before)) + detail::unescape(detail::trim(rest.substr(close + 1)));
        detail::parseBlock(rest.substr(open + 1, close - open - 1), q);
        out.push_back(std::move(q));
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(pos, end - pos));
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string t = detail::trim(line);
        if (t.rfind("//", 0) == 0) continue;
        if (t.rfind("$CATEGORY:", 0) == 0) {
            finish();
            category = detail::trim(std::string_view(t).substr(10));
            continue;
        }
        if (t.empty()) {
            finish();
            if (end == text.size()) break;
            continue;
        }
        paragraph.push_back(line);
        if (end == text.size()) break;
    }
    finish();
    return out;
}

} // namespace gift
