// zig_diff: scripts run through Zig's real std.heap.ArenaAllocator (the
// harness, harness.zig) and compared with the port.
//
//   zig_diff FILE...                    each script through the harness and through
//                                       `arenalab trace`; the traces must agree
//   zig_diff --print FILE               the harness's trace of one script (Zig's answer)
//   zig_diff --vectors DIR              every DIR/{cases,random}/*.arena through the
//                                       harness; its trace must equal the stored .jsonl
//   zig_diff --random --scripts N --seed S
//                                       N generated scripts, differentially
//   zig_diff --self-check-shrink        a difference planted in the harness's output must
//                                       be found and shrunk to a script of a few lines
//   --model zig-0.16                    any of the above against Zig 0.16's lock-free arena
//                                       (harness016.zig, built by Zig 0.16.0) and
//                                       `arenalab trace --model zig-0.16`
//   zig_diff --model zig-0.16 --write-vectors DIR
//                                       writes the harness's trace (.jsonl, .rc) beside every
//                                       DIR/{cases,random}/*.arena: how the vectors are made
//   zig_diff --emit-random N --seed S --out DIR
//                                       writes N generated scripts to DIR (random-NNNN.arena)
//
// The C++ side parses and checks each script (app/lab) and lowers it to the
// plain operation list harness.zig reads; the harness runs whole batches of
// scripts in one process. Traces are compared key by key with their JSON
// types (integers of either signedness are one type): every key the harness
// prints (exactly the spec's keys) must be in the other trace with the same
// value, and the exit statuses must be equal. A failing script is shrunk to
// a minimal one that still fails, and printed.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "lab/command.hpp"
#include "lab/runner.hpp"
#include "lab/script.hpp"
#include "lab/trace.hpp"
#include "splitmix64.hpp"
#include "trace_compare.hpp"

extern char** environ;

namespace fs = std::filesystem;
using test_support::firstDifference;
using test_support::parseLines;
using nlohmann::json;

namespace {

std::string harness_exe = ZIG_HARNESS_EXE;
std::string arenalab_exe = ARENALAB_EXE;
// The model under test: which harness runs, and what `arenalab trace` is told.
lab::Model model = lab::Model::zig_0_15;

// ---- files and processes ----------------------------------------------

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path& p, const std::string& text)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
        std::fprintf(stderr, "zig_diff: cannot write %s\n", p.c_str());
        std::exit(3);
    }
}

struct ScratchDir {
    fs::path dir;
    ScratchDir()
    {
        std::string tmpl = (fs::temp_directory_path() / "zig_diff-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) {
            std::perror("zig_diff: mkdtemp");
            std::exit(3);
        }
        dir = tmpl;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

struct Ran {
    std::string out;
    int status = -1; // exit status, or -1 when killed
};

// Runs argv with standard input from `in_file`, standard error to /dev/null
// unless `keep_stderr`, and returns its standard output and exit status.
Ran run(const std::vector<std::string>& argv, const std::string& in_file, bool keep_stderr)
{
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("zig_diff: pipe");
        std::exit(3);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_file.empty() ? "/dev/null" : in_file.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    if (!keep_stderr) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        std::fprintf(stderr, "zig_diff: cannot run %s: %s\n", args[0], std::strerror(rc));
        std::exit(3);
    }
    Ran r;
    char buf[1 << 16];
    while (true) {
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        r.out.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// ---- traces -------------------------------------------------------------

struct Trace {
    std::vector<json> lines;
    int exit_status = 0;
};

// "" when `zig` (the harness's trace) and `other` agree.
std::string compareTraces(const Trace& zig, const Trace& other, const char* other_name)
{
    const std::size_t n = std::min(zig.lines.size(), other.lines.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string d = firstDifference(zig.lines[i], other.lines[i], "trace line " + std::to_string(i + 1));
        if (!d.empty()) return d + " (Zig's against " + other_name + ")";
    }
    if (zig.lines.size() != other.lines.size())
        return "Zig's trace has " + std::to_string(zig.lines.size()) + " lines, " + other_name + " " +
               std::to_string(other.lines.size());
    if (zig.exit_status != other.exit_status)
        return "exit status: Zig's run " + std::to_string(zig.exit_status) + ", " + other_name + " " +
               std::to_string(other.exit_status);
    return "";
}

// ---- lowering a checked script to the harness's operation list ----------

std::string lower(const lab::Script& script)
{
    std::string out = "script\n";
    for (const lab::Statement& st : script.statements) {
        const std::string at = std::to_string(st.line) + " " + std::to_string(st.repeat) + " ";
        if (const auto* e = std::get_if<lab::Expect>(&st.body)) {
            out += "expect " + std::to_string(st.line) + " " + std::string(lab::expectName(e->what));
            if (e->what == lab::Expect::What::node_end_index) out += " " + std::to_string(e->node);
            if (e->what != lab::Expect::What::ok && e->what != lab::Expect::What::fail) out += " " + std::to_string(e->value);
            out += "\n";
            continue;
        }
        std::visit(
            [&](const auto& c) {
                using T = std::decay_t<decltype(c)>;
                if constexpr (std::is_same_v<T, lab::Alloc>) {
                    out += "alloc " + at + c.name.value_or("-") + " " + std::to_string(c.len) + " " +
                           std::to_string(c.alignment) + "\n";
                } else if constexpr (std::is_same_v<T, lab::Resize>) {
                    out += std::string(c.remap ? "remap " : "resize ") + at + c.name + " " + std::to_string(c.new_len) + "\n";
                } else if constexpr (std::is_same_v<T, lab::Free>) {
                    out += "free " + at + c.name + "\n";
                } else if constexpr (std::is_same_v<T, lab::Reset>) {
                    out += "reset " + at + std::string(lab::resetName(c.mode)) + " " + std::to_string(c.limit) + "\n";
                } else if constexpr (std::is_same_v<T, lab::ChildSet>) {
                    out += "child";
                    if (c.resize) out += " resize=" + std::string(arena::policyName(*c.resize));
                    if (c.page) out += " page=" + std::to_string(*c.page);
                    if (c.offset) out += " offset=" + std::to_string(*c.offset);
                    if (c.limit) out += " limit=" + std::to_string(*c.limit);
                    out += "\n";
                } else if constexpr (std::is_same_v<T, lab::Fail>) {
                    out += std::string("fail ") + (c.call == arena::ChildCall::Kind::alloc ? "alloc" : "resize") + "\n";
                }
            },
            std::get<lab::Command>(st.body));
    }
    out += "end " + std::to_string(script.line_count + 1) + "\n";
    return out;
}

// What a script gives: its checker's verdict and, when it may run, its
// operation list.
struct Lowered {
    bool refused = false;
    std::string first_error;
    std::string ops;
};

Lowered lowerText(const std::string& text)
{
    lab::ParseResult parsed = lab::parseScript(text);
    Lowered l;
    // The script's own model line must agree with the model under test, as
    // `arenalab trace --model` requires.
    if (std::string error; parsed.ok() && !lab::resolveModel(parsed.script, model, error))
        parsed.errors.push_back({parsed.script.model_line, 1, error});
    if (!parsed.ok()) {
        l.refused = true;
        l.first_error = lab::formatDiagnostic("script", parsed.errors.front());
        return l;
    }
    l.ops = lower(parsed.script);
    return l;
}

// Runs a batch of operation lists through one harness process.
std::vector<Trace> runHarness(const std::vector<const std::string*>& ops, const ScratchDir& scratch)
{
    std::string all;
    for (const std::string* o : ops) all += *o;
    const fs::path in = scratch.dir / "ops.txt";
    writeFile(in, all);
    const Ran r = run({harness_exe}, in.string(), true);
    if (r.status != 0) {
        std::fprintf(stderr, "zig_diff: the harness failed (exit status %d); its operation list: %s\n", r.status,
                     in.c_str());
        std::exit(3);
    }
    std::vector<Trace> traces(1);
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("exit ", 0) == 0) {
            traces.back().exit_status = std::stoi(line.substr(5));
            traces.emplace_back();
        } else if (!line.empty()) {
            traces.back().lines.push_back(json::parse(line));
        }
    }
    traces.pop_back();
    if (traces.size() != ops.size()) {
        std::fprintf(stderr, "zig_diff: the harness gave %zu traces for %zu scripts\n", traces.size(), ops.size());
        std::exit(3);
    }
    return traces;
}

// --in-process: the port's trace made by the code `arenalab trace` runs
// (lab::runScriptText, lab::appendTraceLine) without starting the program,
// for long runs; the CTest run always starts the real program.
bool in_process = false;

const char* portName() { return in_process ? "the port's (in process)" : "`arenalab trace`'s"; }

Trace runArenalab(const std::string& text, const ScratchDir& scratch)
{
    if (in_process) {
        Trace t;
        std::string line;
        t.exit_status = lab::runScriptText(
                            text, "script",
                            [&](const lab::OpRecord& r) {
                                line.clear();
                                lab::appendTraceLine(line, r);
                                t.lines.push_back(json::parse(line));
                            },
                            nullptr, model)
                            .exit_status;
        return t;
    }

    const fs::path file = scratch.dir / "script.arena";
    writeFile(file, text);
    const Ran r = run({arenalab_exe, "trace", "--model", std::string(lab::modelName(model)), file.string()}, "", false);
    Trace t;
    t.lines = parseLines(r.out);
    t.exit_status = r.status;
    return t;
}

// A planted difference, for --self-check-shrink: as if the harness forgot
// the oldest node whenever there are three or more.
bool plant_difference = false;
void plantDifference(Trace& t)
{
    for (json& line : t.lines) {
        json& nodes = line["state"]["nodes"];
        if (nodes.size() >= 3) nodes.erase(nodes.size() - 1);
    }
}

// The difference between Zig and the port for one script, or "".
std::string differential(const std::string& text, const ScratchDir& scratch)
{
    const Lowered l = lowerText(text);
    Trace port = runArenalab(text, scratch);
    if (l.refused) {
        // Nothing reaches the arena; the two only have to agree on refusing.
        if (port.exit_status != 2 || !port.lines.empty()) return "the checker refused it, `arenalab trace` did not";
        return "";
    }
    Trace zig = runHarness({&l.ops}, scratch).front();
    if (plant_difference) plantDifference(zig);
    return compareTraces(zig, port, portName());
}

// ---- shrinking -------------------------------------------------------------

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

std::string joinLines(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
}

// Whether `lines` is a script the checker accepts that still shows a difference.
constexpr std::size_t shrink_budget = 3000; // tries; then the smallest script so far is printed

bool stillFails(const std::vector<std::string>& lines, const ScratchDir& scratch, std::size_t& tries)
{
    if (tries >= shrink_budget) return false;
    ++tries;
    const std::string text = joinLines(lines);
    if (!lab::parseScript(text).ok() || lowerText(text).refused) return false;
    return !differential(text, scratch).empty();
}

// Removes chunks of lines, halving the chunk size, then simplifies each
// line (drops a repeat and comments, halves numbers) while the difference
// remains, within a budget of tries.
std::vector<std::string> shrink(std::vector<std::string> lines, const ScratchDir& scratch, std::size_t& tries)
{
    for (std::size_t chunk = std::max<std::size_t>(1, lines.size() / 2);; chunk /= 2) {
        bool removed = true;
        while (removed) {
            removed = false;
            for (std::size_t at = 0; at < lines.size();) {
                std::vector<std::string> candidate = lines;
                candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(at),
                                candidate.begin() + static_cast<std::ptrdiff_t>(std::min(lines.size(), at + chunk)));
                if (stillFails(candidate, scratch, tries)) {
                    lines = std::move(candidate);
                    removed = true;
                } else {
                    at += chunk;
                }
            }
        }
        if (chunk == 1) break;
    }
    // Simpler lines: no repeat, smaller numbers, no comments.
    for (std::size_t i = 0; i < lines.size(); ++i) {
        bool changed = true;
        while (changed) {
            changed = false;
            std::vector<std::string> words;
            std::istringstream in(lines[i].substr(0, lines[i].find('#')));
            for (std::string w; in >> w;) words.push_back(w);
            std::vector<std::string> candidates;
            if (words.size() > 2 && words[0] == "repeat") {
                std::string rest;
                for (std::size_t k = 2; k < words.size(); ++k) rest += (k > 2 ? " " : "") + words[k];
                candidates.push_back(rest);
            }
            for (std::size_t k = 0; k < words.size(); ++k) {
                std::string& w = words[k];
                const std::size_t eq = w.find('=');
                const std::string prefix = eq == std::string::npos ? "" : w.substr(0, eq + 1);
                const std::string digits = w.substr(prefix.size());
                if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
                const unsigned long long v = std::stoull(digits);
                // Halving first; stepping down by one only for small numbers,
                // so a big number cannot use up the budget one step at a time.
                for (const unsigned long long smaller : {v / 2, v <= 64 ? v - 1 : 0}) {
                    if (smaller >= v || smaller == 0) continue;
                    std::vector<std::string> c = words;
                    c[k] = prefix + std::to_string(smaller);
                    std::string line;
                    for (const std::string& x : c) line += (line.empty() ? "" : " ") + x;
                    candidates.push_back(line);
                }
            }
            std::string plain;
            for (const std::string& x : words) plain += (plain.empty() ? "" : " ") + x;
            if (plain != lines[i]) candidates.insert(candidates.begin(), plain);
            for (const std::string& c : candidates) {
                std::vector<std::string> candidate = lines;
                candidate[i] = c;
                if (stillFails(candidate, scratch, tries)) {
                    lines = std::move(candidate);
                    changed = true;
                    break;
                }
            }
        }
    }
    return lines;
}

// ---- the generator ---------------------------------------------------------

using test_support::SplitMix64;

// Random valid scripts: every statement, every child policy, page sizes,
// offsets, limits from tiny to 4 GiB, one-shot failures, lengths from 1 to
// 2^40, every alignment from 1 to 4096, resets of every mode whatever the
// arena holds, repeats, expectations that hold and that fail, handles
// whose alloc was refused, comments and blank lines.
class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_{seed} {}

    std::string script()
    {
        names_.clear();
        std::string out;
        const std::size_t n = rng_.chance(10) ? rng_.range(40, 160) : rng_.range(1, 40);
        last_was_free_all_ = false;
        // Now and then the script names the model under test itself.
        if (model == lab::Model::zig_0_16 && rng_.chance(10)) out += "model zig-0.16\n";
        for (std::size_t i = 0; i < n; ++i) out += statement() + "\n";
        if (rng_.chance(5)) out.pop_back(); // no final line ending
        return out;
    }

private:
    struct Name {
        std::string name;
        std::uint64_t len;
    };

    std::uint64_t length()
    {
        switch (rng_.below(12)) {
        case 0: return rng_.range(1, 4);
        case 1:
        case 2:
        case 3: return rng_.range(1, 64);
        case 4:
        case 5: return rng_.range(1, 600);
        case 6: return rng_.range(500, 5000);
        case 7: return rng_.range(4000, 70000);
        case 8: return rng_.range(100000, 3000000);
        case 9: return rng_.range(10'000'000, 300'000'000);
        case 10: return rng_.chance(50) ? (std::uint64_t{1} << 40) : rng_.range(std::uint64_t{1} << 31, std::uint64_t{1} << 33);
        default: return rng_.range(1, 40);
        }
    }
    std::uint64_t alignment() { return std::uint64_t{1} << (rng_.chance(60) ? rng_.below(5) : rng_.below(13)); }
    std::string number(std::uint64_t v)
    {
        if (rng_.chance(3)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
            return buf;
        }
        return (rng_.chance(2) ? "0" : "") + std::to_string(v);
    }
    std::string handleName() { return "h" + std::to_string(rng_.below(8)); }
    const Name* liveName()
    {
        if (names_.empty()) return nullptr;
        return &names_[rng_.below(names_.size())];
    }
    void bind(const std::string& name, std::uint64_t len)
    {
        for (Name& n : names_)
            if (n.name == name) {
                n.len = len;
                return;
            }
        names_.push_back({name, len});
    }
    void kill(const std::string& name)
    {
        std::erase_if(names_, [&](const Name& n) { return n.name == name; });
    }

    std::string alloc(bool may_name)
    {
        const std::uint64_t len = length();
        std::string s;
        // A name bound by a refused alloc ends the run when used: name few big ones.
        if (may_name && rng_.chance(len > 1'000'000 ? 15 : 80)) {
            const std::string name = handleName();
            bind(name, len);
            s = name + " = ";
        }
        s += "alloc " + number(len);
        if (rng_.chance(70)) s += " align=" + number(alignment());
        return s;
    }
    std::string newLen(std::uint64_t len)
    {
        constexpr std::uint64_t max = std::uint64_t{1} << 40;
        switch (rng_.below(6)) {
        case 0: return number(std::max<std::uint64_t>(1, len / 2));
        case 1: return number(len);
        case 2: return number(std::min(max, len + rng_.range(1, 64)));
        case 3: return number(rng_.range(1, 16));
        case 4: return number(std::min(max, len + rng_.range(1, 100000)));
        default: return number(length());
        }
    }
    std::string resize(const Name& n, bool remap)
    {
        return std::string(remap ? "remap " : "resize ") + n.name + " " + newLen(n.len);
    }
    std::string reset()
    {
        names_.clear();
        switch (rng_.below(3)) {
        case 0: last_was_free_all_ = true; return "reset free_all";
        case 1: return "reset retain_capacity";
        default: {
            static constexpr std::uint64_t limits[] = {0, 1, 15, 16, 17, 48, 100, 4096};
            const std::uint64_t limit = rng_.chance(50) ? limits[rng_.below(8)] : length();
            return "reset retain_with_limit " + number(limit);
        }
        }
    }
    std::string child()
    {
        std::string s = "child";
        bool any = false;
        static constexpr const char* policies[] = {"never", "shrink", "pages", "always"};
        if (rng_.chance(60)) {
            s += std::string(" resize=") + policies[rng_.below(4)];
            any = true;
        }
        if (rng_.chance(30)) {
            s += " page=" + number(std::uint64_t{1} << rng_.range(3, 20));
            any = true;
        }
        if (rng_.chance(35)) {
            s += " offset=" + number(8 * rng_.below(512));
            any = true;
        }
        if (rng_.chance(30) || !any) {
            std::uint64_t limit = 0;
            switch (rng_.below(5)) {
            case 0: limit = rng_.range(0, 200); break;
            case 1: limit = rng_.range(100, 5000); break;
            case 2: limit = rng_.range(5000, 1'000'000); break;
            case 3: limit = 268435456; break;
            default: limit = rng_.chance(50) ? (std::uint64_t{1} << 32) : rng_.range(1'000'000, std::uint64_t{1} << 32);
            }
            s += " limit=" + number(limit);
        }
        return s;
    }
    std::string expect()
    {
        static constexpr const char* what[] = {"end_index", "capacity", "nodes"};
        if (last_was_free_all_ && rng_.chance(80)) return std::string("expect ") + what[rng_.below(3)] + " 0";
        // Most others would fail and end the run: keep them rare.
        if (rng_.chance(70)) return "# no expectation here";
        if (rng_.chance(50)) return rng_.chance(50) ? "expect ok" : "expect fail";
        if (model == lab::Model::zig_0_16 && rng_.chance(40)) {
            // Zig 0.16's own state: the free list, each node's end_index.
            if (rng_.chance(50)) return "expect free_nodes " + number(rng_.below(2));
            return "expect node " + number(rng_.below(3)) + " end_index " + number(rng_.below(200));
        }
        return std::string("expect ") + what[rng_.below(3)] + " " + number(rng_.below(3) == 2 ? rng_.below(3) : rng_.below(200));
    }

    std::string statement()
    {
        const bool after_op = had_op_;
        const unsigned roll = static_cast<unsigned>(rng_.below(100));
        std::string s;
        bool op = true;
        bool was_free_all = false;
        if (roll < 32) {
            s = alloc(true);
        } else if (roll < 38) {
            s = alloc(false);
        } else if (roll < 50 && !names_.empty()) {
            s = resize(*liveName(), rng_.chance(40));
        } else if (roll < 56 && !names_.empty()) {
            const std::string name = liveName()->name;
            kill(name);
            s = (rng_.chance(20) ? "repeat 1 free " : "free ") + name;
        } else if (roll < 64) {
            s = reset();
            was_free_all = last_was_free_all_;
        } else if (roll < 71) {
            const std::uint64_t k = rng_.chance(80) ? rng_.range(1, 12) : rng_.range(13, 300);
            const unsigned what = static_cast<unsigned>(rng_.below(4));
            if (what == 0 || names_.empty()) s = "repeat " + number(k) + " " + alloc(true);
            else if (what == 1) s = "repeat " + number(k) + " " + resize(*liveName(), rng_.chance(50));
            else if (what == 2) {
                s = "repeat " + number(rng_.range(1, 3)) + " " + reset();
                was_free_all = last_was_free_all_;
            } else s = "repeat " + number(k) + " " + alloc(false);
        } else if (roll < 80) {
            s = child();
            op = false;
        } else if (roll < 87) {
            s = rng_.chance(55) ? "fail alloc" : "fail resize";
            op = false;
        } else if (roll < 93 && after_op) {
            s = expect();
            op = false;
            was_free_all = last_was_free_all_;
        } else if (roll < 95) {
            s = rng_.chance(50) ? "" : "# a comment";
            op = false;
            was_free_all = last_was_free_all_;
        } else {
            s = alloc(true);
        }
        if (op) had_op_ = true;
        last_was_free_all_ = was_free_all;
        if (rng_.chance(3)) s += "   # note";
        if (rng_.chance(2)) s = "\t" + s;
        return s;
    }

    SplitMix64 rng_;
    std::vector<Name> names_;
    bool last_was_free_all_ = false;
    bool had_op_ = false;

public:
    void startScript() { had_op_ = false; }
};

// ---- the modes ------------------------------------------------------------

int checkFiles(const std::vector<std::string>& files, bool print_only)
{
    ScratchDir scratch;
    int rc = 0;
    for (const std::string& file : files) {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) {
            std::fprintf(stderr, "%s: error: not a readable file\n", file.c_str());
            rc = 2;
            continue;
        }
        const std::string text = slurp(file);
        const Lowered l = lowerText(text);
        if (l.refused) {
            std::fprintf(stderr, "%s: the checker refused the script, so nothing ran (%s); run `arenalab check %s`\n",
                         file.c_str(), l.first_error.c_str(), file.c_str());
            rc = 2;
            continue;
        }
        if (print_only) {
            // The harness's own lines, as it printed them.
            const fs::path in = scratch.dir / "ops.txt";
            writeFile(in, l.ops);
            const Ran r = run({harness_exe}, in.string(), true);
            std::istringstream lines(r.out);
            std::string line;
            while (std::getline(lines, line)) {
                if (line.rfind("exit ", 0) == 0) {
                    std::fflush(stdout);
                    std::fprintf(stderr, "%s: Zig's arena: exit status %s\n", file.c_str(), line.substr(5).c_str());
                } else {
                    std::printf("%s\n", line.c_str());
                }
            }
            if (r.status != 0) rc = 3;
            continue;
        }
        const std::string d = differential(text, scratch);
        if (d.empty()) {
            std::printf("%s: the port's trace equals Zig's\n", file.c_str());
        } else {
            std::printf("%s: DIFFERS: %s\n", file.c_str(), d.c_str());
            rc = 1;
        }
    }
    return rc;
}

// The scripts of a vectors folder, DIR/{cases,random}/*.arena, in order
// (none when neither folder is there).
std::vector<fs::path> vectorScripts(const fs::path& dir)
{
    std::vector<fs::path> scripts;
    for (const char* sub : {"cases", "random"}) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir / sub, ec))
            if (e.path().extension() == ".arena") scripts.push_back(e.path());
    }
    std::sort(scripts.begin(), scripts.end());
    return scripts;
}

// Scripts lowered and run through the harness in one process: each one's
// lowering, and its trace (a script the checker refuses does not run: its
// trace is empty, with status 2).
struct HarnessRun {
    std::vector<Lowered> lowered;
    std::vector<Trace> traces;
};

HarnessRun runThroughHarness(const std::vector<fs::path>& scripts, ScratchDir& scratch)
{
    HarnessRun run;
    std::vector<const std::string*> ops;
    for (const fs::path& p : scripts) run.lowered.push_back(lowerText(slurp(p)));
    for (const Lowered& l : run.lowered)
        if (!l.refused) ops.push_back(&l.ops);
    const std::vector<Trace> traces = runHarness(ops, scratch);
    std::size_t next = 0;
    for (const Lowered& l : run.lowered) {
        Trace refused;
        refused.exit_status = 2;
        run.traces.push_back(l.refused ? refused : traces[next++]);
    }
    return run;
}

// Every DIR/{cases,random}/*.arena through the harness: its trace is
// written beside it (.jsonl), and its exit status (.rc) when not 0. A script
// the checker refuses gets an empty trace and status 2.
int writeVectors(const fs::path& dir)
{
    ScratchDir scratch;
    const std::vector<fs::path> scripts = vectorScripts(dir);
    const HarnessRun run = runThroughHarness(scripts, scratch);
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        const Trace& t = run.traces[i];
        std::string text;
        for (const json& line : t.lines) text += line.dump() + "\n";
        writeFile(fs::path(scripts[i]).replace_extension(".jsonl"), text);
        const fs::path rc = fs::path(scripts[i]).replace_extension(".rc");
        std::error_code ec;
        if (t.exit_status != 0) writeFile(rc, std::to_string(t.exit_status) + "\n");
        else fs::remove(rc, ec);
    }
    std::printf("zig_diff: wrote the traces of %zu scripts under %s\n", scripts.size(), dir.c_str());
    return 0;
}

// Writes `count` generated scripts into `dir`, as a random run makes them.
int emitRandom(std::size_t count, std::uint64_t seed, const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (std::size_t i = 0; i < count; ++i) {
        Generator g(seed * 0x100000001b3ULL + i);
        g.startScript();
        std::string text = g.script();
        // A vector names its model itself, so `arenalab trace FILE` needs no option.
        if (model == lab::Model::zig_0_16 && lab::parseScript(text).script.model_line == 0)
            text = "model zig-0.16\n" + text;
        std::string name = std::to_string(i);
        name = "random-" + std::string(name.size() < 4 ? 4 - name.size() : 0, '0') + name + ".arena";
        writeFile(dir / name, text);
    }
    std::printf("zig_diff: wrote %zu generated scripts (seed %llu) to %s\n", count,
                static_cast<unsigned long long>(seed), dir.c_str());
    return 0;
}

int checkVectors(const fs::path& dir)
{
    ScratchDir scratch;
    const std::vector<fs::path> scripts = vectorScripts(dir);
    if (scripts.empty()) {
        std::fprintf(stderr, "zig_diff: no .arena scripts under %s/cases or %s/random\n", dir.c_str(), dir.c_str());
        return 1;
    }
    const HarnessRun run = runThroughHarness(scripts, scratch);
    std::size_t failed = 0, refused = 0;
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        Trace stored;
        stored.lines = parseLines(slurp(fs::path(scripts[i]).replace_extension(".jsonl")));
        const fs::path rc = fs::path(scripts[i]).replace_extension(".rc");
        if (fs::exists(rc)) stored.exit_status = std::stoi(slurp(rc));
        std::string d;
        if (run.lowered[i].refused) {
            ++refused;
            if (stored.exit_status != 2 || !stored.lines.empty()) d = "the checker refused it: " + run.lowered[i].first_error;
        } else {
            // The stored trace leads: its keys must all be in the harness's.
            d = compareTraces(stored, run.traces[i], "the harness's");
        }
        if (!d.empty()) {
            ++failed;
            std::printf("%s: DIFFERS: %s\n", scripts[i].c_str(), d.c_str());
        }
    }
    std::printf("zig_diff: %zu conformance scripts, %zu through Zig's arena (%zu refused by the checker, as stored), "
                "%zu differ\n",
                scripts.size(), scripts.size() - refused, refused, failed);
    return failed == 0 ? 0 : 1;
}

int randomRun(std::size_t count, std::uint64_t seed, std::size_t batch, bool self_check)
{
    ScratchDir scratch;
    const auto start = std::chrono::steady_clock::now();
    std::size_t done = 0, lines = 0, child_calls = 0;
    std::size_t by_status[3] = {};
    std::size_t ops_by_kind[6] = {};
    static constexpr const char* op_names[] = {"alloc", "resize", "remap", "free", "reset", "deinit"};
    for (std::size_t first = 0; first < count; first += batch) {
        const std::size_t n = std::min(batch, count - first);
        std::vector<std::string> texts;
        std::vector<Lowered> lowered;
        for (std::size_t i = 0; i < n; ++i) {
            // One generator per script, seeded from (seed, index): any script
            // of a run can be made again alone.
            Generator g(seed * 0x100000001b3ULL + first + i);
            g.startScript();
            texts.push_back(g.script());
            lowered.push_back(lowerText(texts.back()));
            if (lowered.back().refused) {
                std::fprintf(stderr, "zig_diff: generated script %zu (seed %llu) was refused by the checker: %s\n%s",
                             first + i, static_cast<unsigned long long>(seed), lowered.back().first_error.c_str(),
                             texts.back().c_str());
                return 3;
            }
        }
        std::vector<const std::string*> ops;
        for (const Lowered& l : lowered) ops.push_back(&l.ops);
        std::vector<Trace> zig = runHarness(ops, scratch);
        for (std::size_t i = 0; i < n; ++i) {
            if (self_check) plantDifference(zig[i]);
            const Trace port = runArenalab(texts[i], scratch);
            const std::string d = compareTraces(zig[i], port, portName());
            if (!d.empty()) {
                std::printf("zig_diff: script %zu of seed %llu differs: %s\n", first + i,
                            static_cast<unsigned long long>(seed), d.c_str());
                std::size_t tries = 0;
                const std::vector<std::string> small = shrink(splitLines(texts[i]), scratch, tries);
                const std::string small_text = joinLines(small);
                std::printf("zig_diff: shrunk from %zu to %zu lines in %zu tries; it still differs: %s\n"
                            "---- minimal script (add it to tests/conformance/vectors/cases/) ----\n%s"
                            "---- end ----\n",
                            splitLines(texts[i]).size(), small.size(), tries, differential(small_text, scratch).c_str(),
                            small_text.c_str());
                if (self_check) {
                    // The planted difference needs three nodes: a handful of lines.
                    const bool ok = !differential(small_text, scratch).empty() && small.size() <= 4;
                    std::printf("zig_diff: self-check %s: the planted difference was found and shrunk to %zu lines\n",
                                ok ? "passed" : "FAILED", small.size());
                    return ok ? 0 : 1;
                }
                return 1;
            }
            ++done;
            lines += zig[i].lines.size();
            if (zig[i].exit_status >= 0 && zig[i].exit_status <= 2) ++by_status[zig[i].exit_status];
            for (const json& l : zig[i].lines) {
                child_calls += l["child"].size();
                const std::string op = l["op"].get<std::string>();
                for (std::size_t k = 0; k < 6; ++k)
                    if (op == op_names[k]) ++ops_by_kind[k];
            }
        }
        if (count >= 20 * batch && (first / batch) % 20 == 19) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::fprintf(stderr, "zig_diff: %zu scripts agree so far (%.0f s)\n", done, s);
        }
    }
    if (self_check) {
        std::printf("zig_diff: self-check FAILED: the planted difference was never found\n");
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("zig_diff: %zu random scripts (seed %llu) agree with Zig's arena%s: %zu trace lines (", done,
                static_cast<unsigned long long>(seed), in_process ? " (port in process)" : "", lines);
    for (std::size_t k = 0; k < 6; ++k) std::printf("%s%s %zu", k ? ", " : "", op_names[k], ops_by_kind[k]);
    std::printf("), %zu child calls; exit status 0: %zu, 1: %zu, 2: %zu; %.1f s\n", child_calls, by_status[0],
                by_status[1], by_status[2], seconds);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Runs scripts through Zig's real std.heap.ArenaAllocator (tests/zig/harness.zig) and compares\n"
                 "the traces with the port's (`arenalab trace`) or with stored ones.",
                 "zig_diff"};
    std::vector<std::string> files;
    bool print = false;
    std::string vectors;
    bool random = false;
    bool self_check = false;
    std::size_t scripts = 2000;
    std::uint64_t seed = 1;
    std::size_t batch = 500;
    app.add_option("FILE", files, "scripts to check against Zig's arena");
    app.add_flag("--print", print, "print Zig's trace of each FILE instead of comparing");
    app.add_option("--vectors", vectors, "a conformance folder (with cases/ and random/): the harness must reproduce every stored trace");
    app.add_flag("--random", random, "generate random scripts and compare Zig's traces with `arenalab trace`'s");
    app.add_option("--scripts", scripts, "how many random scripts")->capture_default_str();
    app.add_option("--seed", seed, "the random run's seed (script i is made from seed and i alone)")->capture_default_str();
    app.add_option("--batch", batch, "scripts per harness process")->capture_default_str()->check(CLI::Range(1, 100000));
    app.add_flag("--self-check-shrink", self_check,
                 "plant a difference in Zig's traces: the random run must find it and shrink it to a few lines");
    app.add_flag("--in-process", in_process,
                 "make the port's traces with the code `arenalab trace` runs, in this process, instead of "
                 "starting `arenalab trace` for each script (much faster, for long runs)");
    std::string model_name = "zig-0.15";
    app.add_option("--model", model_name, "the arena under test: zig-0.15 (harness.zig, Zig 0.12) or zig-0.16 "
                                          "(harness016.zig, Zig 0.16.0)")
        ->check(CLI::IsMember({"zig-0.15", "zig-0.16"}))
        ->capture_default_str();
    std::string write_vectors;
    app.add_option("--write-vectors", write_vectors,
                   "a conformance folder: write the harness's trace beside every DIR/{cases,random}/*.arena");
    std::size_t emit_random = 0;
    std::string out_dir;
    app.add_option("--emit-random", emit_random, "write this many generated scripts to --out (see --seed)");
    app.add_option("--out", out_dir, "the folder --emit-random writes to");
    bool harness_given = false;
    app.add_option("--harness", harness_exe, "the harness executable (default: the model's)")
        ->capture_default_str()
        ->each([&](const std::string&) { harness_given = true; });
    app.add_option("--arenalab", arenalab_exe, "the arenalab executable")->capture_default_str();
    app.footer("Exit status: 0 every trace agrees, 1 a difference (printed, with the shrunk script), 2 bad input,\n"
               "3 the harness or a file failed.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    model = *lab::parseModel(model_name);
    if (model == lab::Model::zig_0_16 && !harness_given) harness_exe = ZIG_HARNESS016_EXE;
    if (emit_random != 0) {
        if (out_dir.empty()) {
            std::fprintf(stderr, "zig_diff: --emit-random needs --out DIR\n");
            return 2;
        }
        return emitRandom(emit_random, seed, out_dir);
    }
    if (!write_vectors.empty()) return writeVectors(write_vectors);
    if (!vectors.empty()) return checkVectors(vectors);
    if (random || self_check) {
        plant_difference = self_check;
        return randomRun(scripts, seed, batch, self_check);
    }
    if (files.empty()) {
        std::fprintf(stderr, "zig_diff: give script FILEs, --vectors DIR or --random (see --help)\n");
        return 2;
    }
    return checkFiles(files, print);
}
