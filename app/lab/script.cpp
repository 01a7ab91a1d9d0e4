#include "lab/script.hpp"

#include "lab/i18n.hpp"
#include "lab/numbers.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace lab {

std::string_view expectName(Expect::What what)
{
    switch (what) {
    case Expect::What::end_index: return "end_index";
    case Expect::What::capacity: return "capacity";
    case Expect::What::nodes: return "nodes";
    case Expect::What::ok: return "ok";
    case Expect::What::fail: return "fail";
    case Expect::What::free_nodes: return "free_nodes";
    case Expect::What::node_end_index: return "node_end_index";
    }
    return "?";
}

std::string formatDiagnostic(std::string_view file, const Diagnostic& d)
{
    std::string out;
    out.reserve(file.size() + d.message.size() + 40);
    out += file;
    out += ':';
    out += std::to_string(d.line);
    out += ':';
    out += std::to_string(d.col);
    out += ": error: ";
    out += d.message;
    return out;
}

namespace {

static_assert(max_len + 1 <= (SIZE_MAX - 15) / 16, "parseNumber: cap * 16 + 15 must fit in a size_t");

constexpr std::size_t max_child_limit = arena::ChildConfig::max_limit;
constexpr std::size_t max_align = 4096;
constexpr std::size_t min_page = 8;
constexpr std::size_t max_page = std::size_t{1} << 20;
constexpr std::size_t offset_period = arena::ChildConfig::placement_period;

constexpr std::string_view keywords[] = {"alloc", "resize", "remap", "free", "reset", "repeat", "child", "fail", "expect"};

// ASCII only: the locale must not change what a name is.
bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9'); }

// The shape of a name, keywords included (they get their own message).
bool isNameSyntax(std::string_view word)
{
    if (word.empty() || !isNameStart(word.front())) return false;
    return std::all_of(word.begin() + 1, word.end(), isNameChar);
}

bool isPowerOfTwo(std::size_t n) { return n != 0 && (n & (n - 1)) == 0; }

// `T1` ... `T4` (a thread's name); its number, else 0.
std::uint8_t threadNumber(std::string_view word)
{
    if (word.size() != 2 || word[0] != 'T' || word[1] < '1' || word[1] > '0' + static_cast<int>(max_threads)) return 0;
    return static_cast<std::uint8_t>(word[1] - '0');
}

// A word as a message shows it: bytes outside printable ASCII escaped, long
// words cut, so that binary input still gives short, clean lines.
std::string shown(std::string_view word)
{
    constexpr std::size_t max_shown = 40;
    constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < word.size() && i < max_shown; ++i) {
        const auto c = static_cast<unsigned char>(word[i]);
        if (c == '\\' || c == '\'') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (word.size() > max_shown) out += "...";
    return out;
}

std::string quoted(std::string_view word) { return "'" + shown(word) + "'"; }

// A character beyond ASCII where a name or a word is (`数据 = alloc 100`):
// the whole character and its code point, and what to write instead. Names
// stay ASCII so that a script exports to doctest as valid C++ names and
// reads the same in every editor; Chinese belongs in comments.
std::optional<std::string> nonAsciiMessage(std::string_view rest)
{
    const auto b = static_cast<unsigned char>(rest[0]);
    const std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (length == 0 || rest.size() < length) return std::nullopt;
    std::uint32_t code = length == 4 ? b & 0x07u : length == 3 ? b & 0x0Fu : b & 0x1Fu;
    for (std::size_t k = 1; k < length; ++k) {
        const auto c = static_cast<unsigned char>(rest[k]);
        if ((c & 0xC0) != 0x80) return std::nullopt;
        code = (code << 6) | (c & 0x3Fu);
    }
    // Only a character a terminal shows as itself: no overlong form, no
    // surrogate, no C1 control, nothing beyond Unicode.
    const std::uint32_t min_code = length == 4 ? 0x10000 : length == 3 ? 0x800 : 0xA0;
    if (code < min_code || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return std::nullopt;
    return trf("unexpected character U+{:04X} '{}': names and keywords are ASCII letters, digits and '_' "
               "(a name such as data1); write Chinese and other text in a comment, after '#'",
               code, rest.substr(0, length));
}

struct Number {
    enum class Status : std::uint8_t { ok, malformed, too_large };
    Status status = Status::malformed;
    std::size_t value = 0; // max + 1 when too large
};

// Decimal (leading zeros allowed) or `0x` hexadecimal. The value saturates
// at max + 1, so no digit string can overflow, however long.
Number parseNumber(std::string_view word, std::size_t max)
{
    const std::size_t cap = max + 1; // at most 2^40 + 1: cap * 16 + 15 fits easily
    std::size_t base = 10;
    if (word.size() >= 2 && word[0] == '0' && word[1] == 'x') {
        base = 16;
        word.remove_prefix(2);
    }
    if (word.empty()) return {};
    std::size_t value = 0;
    for (char c : word) {
        std::size_t digit = 0;
        if (c >= '0' && c <= '9') digit = static_cast<std::size_t>(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f') digit = static_cast<std::size_t>(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F') digit = static_cast<std::size_t>(c - 'A' + 10);
        else return {};
        value = std::min(value * base + digit, cap);
    }
    if (value == cap) return {Number::Status::too_large, cap};
    return {Number::Status::ok, value};
}

struct Word {
    std::string_view text;
    std::size_t col = 0; // 1-based byte column
};

// A bound name. It is live while not freed and bound since the last reset.
// 32 bits are plenty: a script has at most max_script_bytes lines.
struct BoundName {
    std::uint32_t epoch = 0;      // the number of resets before it was bound
    std::uint32_t freed_line = 0; // 0 while not freed
    std::uint8_t thread = 0;      // the thread whose alloc bound it; 0: none
};
static_assert(max_script_bytes < UINT32_MAX);

// Every name bound so far. Keys are views into the script text, which
// outlives the parse.
using HandleTable = std::unordered_map<std::string_view, BoundName>;

class Parser {
public:
    Parser(std::string_view text, Model model) : text_(text) { result_.script.model = model; }
    ParseResult run();

private:
    void scanLine(std::string_view line);
    bool parseStatement(Statement& st);
    bool parseOperation(std::size_t i, Statement& st, const Word* repeat_word);
    bool parseAlloc(std::size_t i, const Word& keyword, std::optional<std::string_view> name, Statement& st);
    bool parseResize(std::size_t i, Statement& st);
    bool parseFree(std::size_t i, Statement& st);
    bool parseReset(std::size_t i, Statement& st);
    bool parseRepeat(Statement& st);
    bool parseChild(Statement& st);
    bool parseFail(Statement& st);
    bool parseExpect(Statement& st);
    bool parseModel();
    bool parseSchedule();
    void checkThreads();

    bool checkName(const Word& w);
    bool checkLive(const Word& w);
    void bind(std::string_view name);
    void killAll();
    std::optional<std::size_t> quantity(const Word& w, std::string_view digits, std::string_view what,
                                        std::size_t max, std::string_view too_large);
    std::optional<std::size_t> ranged(const Word& w, std::string_view digits, std::string_view what, std::size_t max);
    bool noMore(std::size_t i);
    const Word* at(std::size_t i) const { return i < words_.size() ? &words_[i] : nullptr; }
    bool error(std::size_t col, std::string message);

    std::string_view text_;
    ParseResult result_;
    std::vector<Word> words_; // the current line's, reused from line to line
    std::size_t line_ = 0;
    bool line_failed_ = false; // only the first problem on a line is reported
    bool stopped_ = false;     // too many errors
    bool seen_operation_ = false;
    std::size_t first_statement_line_ = 0; // the first line holding a statement, the model's included
    HandleTable handles_;
    std::vector<std::size_t> reset_lines_; // reset_lines_[e]: the line of the reset that ended epoch e
    std::uint8_t thread_ = 0;              // the current line's thread (`T1:`), 0 for none
    std::size_t race_first_line_ = 0;      // the first threaded statement's line
    std::size_t race_end_line_ = 0;        // the first unthreaded statement after the race
    std::vector<std::size_t> schedule_cols_;
};

ParseResult Parser::run()
{
    if (text_.size() > max_script_bytes) {
        line_ = 1;
        error(1, trf("script is too large: at most {} bytes (64 MiB)", grouped(max_script_bytes)));
        return std::move(result_);
    }
    std::size_t pos = 0;
    while (pos < text_.size() && !stopped_) {
        ++line_;
        const void* lf = std::memchr(text_.data() + pos, '\n', text_.size() - pos);
        const std::size_t end = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - text_.data()) : text_.size();
        std::size_t content_end = end;
        if (lf && content_end > pos && text_[content_end - 1] == '\r') --content_end; // CRLF
        scanLine(text_.substr(pos, content_end - pos));
        pos = lf ? end + 1 : end;
    }
    result_.script.line_count = line_;
    checkThreads();
    return std::move(result_);
}

// What only the whole script can say about its threads: the model, and a
// schedule that names only threads that have statements.
void Parser::checkThreads()
{
    Script& script = result_.script;
    if (script.schedule.line != 0 && script.threads == 0) {
        line_ = script.schedule.line;
        error(1, tr("a schedule without threads: give statements to threads first (T1: a = alloc 100)"));
        return;
    }
    for (std::size_t k = 0; k < script.schedule.steps.size(); ++k) {
        if (script.schedule.steps[k] <= script.threads) continue;
        line_ = script.schedule.line;
        error(schedule_cols_[k], trf("the schedule names T{0}, but no statement runs on it (the script's threads are T1 "
                                     "to T{1})",
                                     unsigned{script.schedule.steps[k]}, script.threads));
        return;
    }
}

// `schedule T1 T1 T2 ...`, `schedule round-robin`, `schedule T1-first`: once.
bool Parser::parseSchedule()
{
    const Word& keyword = words_[0];
    const std::string usage = tr("schedule T1 T2 T1 ... (one thread a step), schedule round-robin or schedule T1-first");
    if (result_.script.schedule.line != 0)
        return error(keyword.col, trf("a second schedule: the schedule was given at line {}", result_.script.schedule.line));
    const Word* w = at(1);
    if (!w) return error(keyword.col, trf("schedule needs threads or a policy: {}", usage));
    Schedule schedule;
    schedule.line = line_;
    if (w->text == "round-robin" || w->text == "T1-first") {
        if (!noMore(2)) return false;
        schedule.policy = w->text == "round-robin" ? Schedule::Policy::round_robin : Schedule::Policy::t1_first;
    } else {
        schedule.policy = Schedule::Policy::steps;
        for (std::size_t i = 1; i < words_.size(); ++i) {
            const std::uint8_t t = threadNumber(words_[i].text);
            if (t == 0)
                return error(words_[i].col,
                             trf("expected a thread (T1 to T{0}), got {1}: {2}", max_threads, quoted(words_[i].text), usage));
            schedule.steps.push_back(t);
            schedule_cols_.push_back(words_[i].col);
        }
    }
    result_.script.schedule = std::move(schedule);
    return true;
}

// Splits a line into words, rejecting bytes no statement can hold, then
// parses what the words say.
void Parser::scanLine(std::string_view line)
{
    line_failed_ = false;
    // Lines may be any length (the spec sets no limit; the file's own limit,
    // max_script_bytes, bounds them).
    words_.clear();
    const std::size_t n = line.size();
    std::size_t i = 0;
    while (i < n) {
        const char c = line[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        if (c == '#') {
            // A comment may hold anything except a lone CR, which some
            // editors show as a line break: text after it would look live.
            const std::size_t cr = line.find('\r', i);
            if (cr != std::string_view::npos) {
                error(cr + 1, tr("unexpected character '\\r': lines end with LF or CRLF"));
                return;
            }
            break;
        }
        const std::size_t start = i;
        while (i < n && line[i] > ' ' && line[i] < 0x7f && line[i] != '#') ++i;
        if (i > start) words_.push_back({line.substr(start, i - start), start + 1});
        if (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '#') {
            if (line[i] == '\r') error(i + 1, tr("unexpected character '\\r': lines end with LF or CRLF"));
            else if (const auto character = nonAsciiMessage(line.substr(i)))
                error(i + 1, *character);
            else
                error(i + 1, trf("unexpected character {}: outside comments only printable ASCII, spaces and tabs are allowed",
                                 quoted(line.substr(i, 1))));
            return;
        }
    }
    if (words_.empty()) return;
    thread_ = 0;
    // `T1: a = alloc 100`: a statement that thread T1 runs.
    if (const std::string_view w = words_[0].text; w.size() == 3 && w.back() == ':') {
        const Word label = words_[0];
        thread_ = threadNumber(w.substr(0, 2));
        if (thread_ == 0) {
            error(label.col, trf("unknown thread {0}: threads are T1 to T{1}", quoted(w.substr(0, 2)), max_threads));
            return;
        }
        words_.erase(words_.begin());
        if (words_.empty()) {
            error(label.col, trf("{0} needs an operation after it: {0} a = alloc 100", w));
            return;
        }
        if (result_.script.model != Model::zig_0_16) {
            error(label.col, tr("threads need the zig-0.16 model (the classic arena is not threadsafe): "
                                "begin the script with 'model zig-0.16'"));
            return;
        }
        if (race_end_line_ != 0) {
            error(label.col, trf("one race a script: the threads' statements must be consecutive lines (line {} ended "
                                 "the race)",
                                 race_end_line_));
            return;
        }
        if (race_first_line_ == 0) race_first_line_ = line_;
        result_.script.threads = std::max<std::size_t>(result_.script.threads, thread_);
    }
    if (words_[0].text == "schedule" && !(words_.size() > 1 && words_[1].text == "=")) {
        if (thread_ != 0) {
            error(words_[0].col, tr("a schedule belongs to the whole script, not to a thread"));
            return;
        }
        parseSchedule();
        if (first_statement_line_ == 0) first_statement_line_ = line_;
        return;
    }
    if (thread_ == 0 && race_first_line_ != 0 && race_end_line_ == 0) race_end_line_ = line_;
    if (words_[0].text == "model" && !(words_.size() > 1 && words_[1].text == "=")) {
        parseModel();
        if (first_statement_line_ == 0) first_statement_line_ = line_;
        return;
    }
    if (first_statement_line_ == 0) first_statement_line_ = line_;
    Statement st;
    st.line = line_;
    st.col = words_[0].col;
    st.thread = thread_;
    if (!parseStatement(st)) return;
    if (thread_ != 0) {
        const auto* command = std::get_if<Command>(&st.body);
        if (command == nullptr || !(std::holds_alternative<Alloc>(*command) || std::holds_alternative<Resize>(*command) ||
                                    std::holds_alternative<Free>(*command))) {
            error(st.col, tr("a thread runs alloc, resize, remap and free only (reset, child, fail and expect "
                             "belong to the whole script, before or after the race: Zig 0.16's reset is not threadsafe)"));
            return;
        }
    }
    // Once anything is wrong the script never runs: keep checking, stop storing.
    if (result_.errors.empty()) result_.script.statements.push_back(std::move(st));
}

bool Parser::parseStatement(Statement& st)
{
    const std::string_view first = words_[0].text;
    if (first == "repeat") return parseRepeat(st);
    if (first == "child") return parseChild(st);
    if (first == "fail") return parseFail(st);
    if (first == "expect") return parseExpect(st);
    return parseOperation(0, st, nullptr);
}

// One of the five operations, starting at words_[i]; `repeat_word` is the
// `repeat` keyword when this is a repeat's operation.
bool Parser::parseOperation(std::size_t i, Statement& st, const Word* repeat_word)
{
    const Word& w = words_[i];
    const Word* next = at(i + 1);
    if (next && next->text == "=") {
        seen_operation_ = true;
        if (isKeyword(w.text)) return error(w.col, trf("{} is a keyword and cannot name a handle", quoted(w.text)));
        if (!checkName(w)) return false;
        if (const auto found = handles_.find(w.text);
            thread_ != 0 && found != handles_.end() && found->second.thread != 0 && found->second.thread != thread_)
            return error(w.col, trf("{0} is T{1}'s handle: each thread binds names of its own", quoted(w.text),
                                    unsigned{found->second.thread}));
        const Word* keyword = at(i + 2);
        if (!keyword) return error(next->col, tr("expected 'alloc' after '=': NAME = alloc LEN [align=A]"));
        if (keyword->text != "alloc")
            return error(keyword->col, trf("expected 'alloc' after '=', got {}: NAME = alloc LEN [align=A]", quoted(keyword->text)));
        bind(w.text); // even if the rest is wrong, so later lines get no false "unknown handle"
        return parseAlloc(i + 3, *keyword, w.text, st);
    }
    if (w.text == "alloc") {
        seen_operation_ = true;
        return parseAlloc(i + 1, w, std::nullopt, st);
    }
    if (w.text == "resize" || w.text == "remap") {
        seen_operation_ = true;
        return parseResize(i, st);
    }
    if (w.text == "free") {
        seen_operation_ = true;
        return parseFree(i, st);
    }
    if (w.text == "reset") {
        seen_operation_ = true;
        return parseReset(i, st);
    }
    if (repeat_word && isKeyword(w.text))
        return error(w.col, trf("{} cannot be repeated: repeat takes alloc, resize, remap, free, reset or NAME = alloc ...",
                                quoted(w.text)));
    // `a=alloc 5` or `a =alloc 5`: almost right.
    const std::size_t eq = w.text.find('=');
    if (eq != std::string_view::npos && eq > 0 && isNameSyntax(w.text.substr(0, eq))
        && (eq + 1 == w.text.size() || w.text.substr(eq + 1).starts_with("alloc")))
        return error(w.col, tr("'=' must be a word of its own: NAME = alloc LEN [align=A]"));
    if (next && isNameSyntax(w.text) && next->text.starts_with('='))
        return error(next->col, tr("'=' must be a word of its own: NAME = alloc LEN [align=A]"));
    if (repeat_word)
        return error(w.col, trf("unknown operation {} after repeat K: expected alloc, resize, remap, free, reset or NAME = alloc ...",
                                quoted(w.text)));
    return error(w.col, trf("unknown statement {}: expected alloc, resize, remap, free, reset, repeat, child, fail, expect or "
                            "NAME = alloc ...", quoted(w.text)));
}

// The rest of `[NAME =] alloc LEN [align=A]`, from the length at words_[i].
bool Parser::parseAlloc(std::size_t i, const Word& keyword, std::optional<std::string_view> name, Statement& st)
{
    const Word* len_word = at(i);
    if (!len_word) return error(keyword.col, tr("alloc needs a length: alloc LEN [align=A]"));
    const auto len = quantity(*len_word, len_word->text, tr("a length"), max_len, trf("lengths are at most {}", tr(max_len_words)));
    if (!len) return false;
    if (*len == 0) return error(len_word->col, tr("length must be at least 1"));
    std::size_t alignment = 1;
    if (const Word* a = at(i + 1)) {
        constexpr std::string_view prefix = "align=";
        if (!a->text.starts_with(prefix))
            return error(a->col, trf("unexpected {} after the length: alloc takes only align=A there", quoted(a->text)));
        const std::string_view digits = a->text.substr(prefix.size());
        const auto value = ranged(*a, digits, tr("an alignment"), max_align);
        if (!value) return false;
        if (!isPowerOfTwo(*value) || *value > max_align)
            return error(a->col, trf("alignment must be a power of two from 1 to 4096, got {}", shown(digits)));
        alignment = *value;
        if (!noMore(i + 2)) return false;
    }
    st.body = Command{Alloc{name ? std::optional<std::string>(*name) : std::nullopt, *len, alignment}};
    return true;
}

// `resize NAME NEWLEN` / `remap NAME NEWLEN`, the keyword at words_[i].
bool Parser::parseResize(std::size_t i, Statement& st)
{
    const Word& keyword = words_[i];
    const bool remap = keyword.text == "remap";
    const std::string usage = std::string(keyword.text) + " NAME NEWLEN";
    const Word* h = at(i + 1);
    if (!h) return error(keyword.col, trf("{0} needs a handle and a new length: {1}", keyword.text, usage));
    if (!checkLive(*h)) return false;
    const Word* n = at(i + 2);
    if (!n) return error(keyword.col, trf("{0} needs a new length: {1}", keyword.text, usage));
    const auto new_len = quantity(*n, n->text, tr("a new length"), max_len, trf("lengths are at most {}", tr(max_len_words)));
    if (!new_len) return false;
    if (*new_len == 0) return error(n->col, tr("new length must be at least 1"));
    if (!noMore(i + 3)) return false;
    st.handle_col = h->col;
    st.body = Command{Resize{std::string(h->text), *new_len, remap}};
    return true;
}

bool Parser::parseFree(std::size_t i, Statement& st)
{
    const Word& keyword = words_[i];
    const Word* h = at(i + 1);
    if (!h) return error(keyword.col, tr("free needs a handle: free NAME"));
    if (!checkLive(*h)) return false;
    handles_.find(h->text)->second.freed_line = static_cast<std::uint32_t>(line_); // checkLive found it
    if (st.repeat >= 2)
        return error(h->col, trf("repeat {0} free {1} would free a dead handle from the second run on: free can be repeated "
                                 "only once (repeat 1)", st.repeat, quoted(h->text)));
    if (!noMore(i + 2)) return false;
    st.handle_col = h->col;
    st.body = Command{Free{std::string(h->text)}};
    return true;
}

bool Parser::parseReset(std::size_t i, Statement& st)
{
    const Word& keyword = words_[i];
    killAll(); // whatever the mode, and even if it is misspelt
    const Word* m = at(i + 1);
    if (!m) return error(keyword.col, tr("reset needs a mode: free_all, retain_capacity or retain_with_limit N"));
    Reset reset;
    std::size_t used = 2;
    if (m->text == "free_all") {
        reset.mode = ResetKind::free_all;
    } else if (m->text == "retain_capacity") {
        reset.mode = ResetKind::retain_capacity;
    } else if (m->text == "retain_with_limit") {
        reset.mode = ResetKind::retain_with_limit;
        const Word* n = at(i + 2);
        if (!n) return error(m->col, tr("retain_with_limit needs a limit: reset retain_with_limit N"));
        const auto limit = quantity(*n, n->text, tr("a limit"), max_len, trf("reset limits are at most {}", tr(max_len_words)));
        if (!limit) return false;
        reset.limit = *limit;
        used = 3;
    } else {
        return error(m->col, trf("unknown reset mode {}: expected free_all, retain_capacity or retain_with_limit N", quoted(m->text)));
    }
    if (!noMore(i + used)) return false;
    st.body = Command{reset};
    return true;
}

bool Parser::parseRepeat(Statement& st)
{
    const Word& keyword = words_[0];
    const Word* k = at(1);
    if (!k) return error(keyword.col, tr("repeat needs a count and an operation: repeat K OPERATION"));
    bool ok = true;
    if (const auto count = ranged(*k, k->text, tr("a repeat count"), max_repeat)) {
        if (*count == 0 || *count > max_repeat)
            ok = error(k->col, trf("repeat count must be from 1 to 1000000, got {}", shown(k->text)));
        st.repeat = *count;
    } else {
        ok = false;
    }
    if (!at(2)) return error(keyword.col, tr("repeat needs an operation after the count: repeat K OPERATION"));
    // Even with a bad count, read the operation: the names it binds or
    // kills matter to the lines after it (its own problems go unreported).
    return parseOperation(2, st, &keyword) && ok;
}

bool Parser::parseChild(Statement& st)
{
    const Word& keyword = words_[0];
    if (words_.size() == 1)
        return error(keyword.col, tr("child needs at least one KEY=VALUE: keys are resize, page, offset and limit"));
    ChildSet set;
    for (std::size_t i = 1; i < words_.size(); ++i) {
        const Word& w = words_[i];
        const std::size_t eq = w.text.find('=');
        if (eq == std::string_view::npos)
            return error(w.col, trf("expected KEY=VALUE, got {}: keys are resize, page, offset and limit", quoted(w.text)));
        const std::string_view key = w.text.substr(0, eq);
        const std::string_view value = w.text.substr(eq + 1);
        const bool known = key == "resize" || key == "page" || key == "offset" || key == "limit";
        if (!known)
            return error(w.col, trf("unknown child key {}: expected resize, page, offset or limit", quoted(key)));
        const bool twice = (key == "resize" && set.resize) || (key == "page" && set.page)
            || (key == "offset" && set.offset) || (key == "limit" && set.limit);
        if (twice)
            return error(w.col, trf("child key {} is given twice on this line: give each key at most once", quoted(key)));
        if (key == "resize") {
            set.resize = arena::parsePolicy(value);
            if (!set.resize)
                return error(w.col, trf("unknown resize policy {}: expected never, shrink, pages or always", quoted(value)));
        } else if (key == "page") {
            const auto page = ranged(w, value, tr("a page size"), max_page);
            if (!page) return false;
            if (!isPowerOfTwo(*page) || *page < min_page || *page > max_page)
                return error(w.col, trf("page size must be a power of two from 8 to 1048576, got {}", shown(value)));
            set.page = *page;
        } else if (key == "offset") {
            const auto offset = ranged(w, value, tr("an offset"), offset_period);
            if (!offset) return false;
            if (*offset % 8 != 0 || *offset >= offset_period)
                return error(w.col, trf("offset must be a multiple of 8 below 4096, got {}", shown(value)));
            set.offset = *offset;
        } else {
            const auto limit = quantity(w, value, tr("a limit"), max_child_limit, tr("limit is at most 2^32 (4294967296)"));
            if (!limit) return false;
            set.limit = *limit;
        }
    }
    st.body = Command{set};
    return true;
}

bool Parser::parseFail(Statement& st)
{
    const Word& keyword = words_[0];
    const Word* w = at(1);
    if (!w) return error(keyword.col, tr("fail needs a call kind: fail alloc or fail resize"));
    Fail fail;
    if (w->text == "alloc") fail.call = arena::ChildCall::Kind::alloc;
    else if (w->text == "resize") fail.call = arena::ChildCall::Kind::resize;
    else return error(w->col, trf("fail takes alloc or resize, got {}", quoted(w->text)));
    if (!noMore(2)) return false;
    st.body = Command{fail};
    return true;
}

// `model zig-0.15` / `model zig-0.16`: once, before every other statement.
bool Parser::parseModel()
{
    const Word& keyword = words_[0];
    const Word* w = at(1);
    if (!w) return error(keyword.col, tr("model needs a name: model zig-0.15 (the classic arena) or model zig-0.16"));
    const std::optional<Model> model = lab::parseModel(w->text);
    if (!model) return error(w->col, trf("unknown model {}: expected zig-0.15 or zig-0.16", quoted(w->text)));
    if (result_.script.model_line != 0)
        return error(keyword.col, trf("a second model statement: the model was chosen at line {}", result_.script.model_line));
    if (first_statement_line_ != 0)
        return error(keyword.col, trf("model must come before every other statement (line {} has one)", first_statement_line_));
    if (!noMore(2)) return false;
    result_.script.model = *model;
    result_.script.model_line = line_;
    return true;
}

bool Parser::parseExpect(Statement& st)
{
    const Word& keyword = words_[0];
    const Word* w = at(1);
    if (!w)
        return error(keyword.col, tr("expect needs what to check: end_index N, capacity N, nodes N, free_nodes N, "
                                     "node K end_index N, ok or fail"));
    Expect expect;
    std::size_t used = 2;
    if (w->text == "node") {
        // `expect node K end_index N`
        const Word* k = at(2);
        const Word* field = at(3);
        const Word* n = at(4);
        const std::string usage = tr("expect node K end_index N (K: 0 for the first node, the newest)");
        if (!k) return error(w->col, trf("expect node needs a node and a number: {}", usage));
        const auto node = quantity(*k, k->text, tr("a node number"), max_len, trf("K is at most {}", tr(max_len_words)));
        if (!node) return false;
        if (!field || field->text != "end_index")
            return error(field ? field->col : k->col, trf("expected end_index after the node number: {}", usage));
        if (!n) return error(field->col, trf("expect node K end_index needs a number: {}", usage));
        const auto value = quantity(*n, n->text, tr("a number"), max_len, trf("N is at most {}", tr(max_len_words)));
        if (!value) return false;
        expect.what = Expect::What::node_end_index;
        expect.node = *node;
        expect.value = *value;
        used = 5;
    } else if (w->text == "end_index" || w->text == "capacity" || w->text == "nodes" || w->text == "free_nodes") {
        expect.what = w->text == "end_index" ? Expect::What::end_index
            : w->text == "capacity"          ? Expect::What::capacity
            : w->text == "nodes"             ? Expect::What::nodes
                                             : Expect::What::free_nodes;
        const Word* n = at(2);
        if (!n) return error(w->col, trf("expect {0} needs a number: expect {0} N", w->text));
        const auto value = quantity(*n, n->text, tr("a number"), max_len, trf("N is at most {}", tr(max_len_words)));
        if (!value) return false;
        expect.value = *value;
        used = 3;
    } else if (w->text == "ok" || w->text == "fail") {
        expect.what = w->text == "ok" ? Expect::What::ok : Expect::What::fail;
        if (!seen_operation_)
            return error(w->col, trf("expect {} needs an operation before it: it checks the previous operation's result", w->text));
    } else {
        return error(w->col, trf("unknown expectation {}: expected end_index N, capacity N, nodes N, free_nodes N, node K "
                                 "end_index N, ok or fail", quoted(w->text)));
    }
    if (!noMore(used)) return false;
    st.body = expect;
    return true;
}

bool Parser::checkName(const Word& w)
{
    if (isKeyword(w.text)) return error(w.col, trf("{} is a keyword and cannot name a handle", quoted(w.text)));
    if (!isNameSyntax(w.text))
        return error(w.col, trf("{} is not a handle name: names are letters, digits and '_', not starting with a digit", quoted(w.text)));
    return true;
}

// A resize, remap or free may only use a handle bound earlier and still live.
bool Parser::checkLive(const Word& w)
{
    if (!checkName(w)) return false;
    const auto found = handles_.find(w.text);
    if (found == handles_.end())
        return error(w.col, trf("unknown handle {0}: no '{1} = alloc ...' before this line", quoted(w.text), shown(w.text)));
    const BoundName& h = found->second;
    if (thread_ != 0 && h.thread != 0 && h.thread != thread_)
        return error(w.col, trf("handle {0} is T{1}'s: a thread uses its own handles and those bound before the race",
                                quoted(w.text), unsigned{h.thread}));
    if (h.freed_line != 0)
        return error(w.col, trf("handle {0} is dead: it was freed at line {1}", quoted(w.text), h.freed_line));
    if (h.epoch != reset_lines_.size())
        return error(w.col, trf("handle {0} is dead: every handle died at the reset on line {1}", quoted(w.text),
                                reset_lines_[h.epoch]));
    return true;
}

void Parser::bind(std::string_view name)
{
    handles_[name] = BoundName{static_cast<std::uint32_t>(reset_lines_.size()), 0, thread_};
}

// O(1): handles bound before this reset are recognised by their epoch.
void Parser::killAll() { reset_lines_.push_back(line_); }

// A number with only a maximum (lengths, N, limits). `what` names it with its
// article ("a length"); `too_large` states the maximum.
std::optional<std::size_t> Parser::quantity(const Word& w, std::string_view digits, std::string_view what,
                                            std::size_t max, std::string_view too_large)
{
    const Number n = parseNumber(digits, max);
    if (n.status == Number::Status::ok) return n.value;
    if (n.status == Number::Status::too_large) error(w.col, trf("number too large: {}", too_large));
    else
        error(w.col, trf("expected {0}, got {1}: numbers are decimal digits or 0x and hex digits, without sign or separators",
                         what, quoted(digits)));
    return std::nullopt;
}

// A number the caller checks against its own range; too large gives max + 1.
std::optional<std::size_t> Parser::ranged(const Word& w, std::string_view digits, std::string_view what, std::size_t max)
{
    const Number n = parseNumber(digits, max);
    if (n.status != Number::Status::malformed) return n.value;
    error(w.col, trf("expected {0}, got {1}: numbers are decimal digits or 0x and hex digits, without sign or separators",
                     what, quoted(digits)));
    return std::nullopt;
}

bool Parser::noMore(std::size_t i)
{
    const Word* extra = at(i);
    if (!extra) return true;
    return error(extra->col, trf("unexpected {} after a complete statement: one statement per line, and a comment starts with '#'",
                                 quoted(extra->text)));
}

bool Parser::error(std::size_t col, std::string message)
{
    if (line_failed_ || stopped_) return false;
    line_failed_ = true;
    if (result_.errors.size() >= max_errors) {
        result_.errors.push_back({line_, col, tr("too many errors; stopping")});
        stopped_ = true;
        return false;
    }
    result_.errors.push_back({line_, col, std::move(message)});
    return false;
}

} // namespace

bool isKeyword(std::string_view word)
{
    return std::find(std::begin(keywords), std::end(keywords), word) != std::end(keywords);
}

ParseResult parseScript(std::string_view text, Model model) { return Parser(text, model).run(); }

std::optional<Model> resolveModel(const Script& script, std::optional<Model> option, std::string& error)
{
    if (!option) return script.model;
    if (script.model_line != 0 && script.model != *option) {
        error = trf("the script says model {0} at line {1}, but --model says {2}", modelName(script.model), script.model_line,
                    modelName(*option));
        return std::nullopt;
    }
    if (script.threads != 0 && *option != Model::zig_0_16) {
        error = trf("the script's threads need model zig-0.16, but --model says {}", modelName(*option));
        return std::nullopt;
    }
    return *option;
}

} // namespace lab
