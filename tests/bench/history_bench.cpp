// The GUI history's costs on long scripts: bytes per step of the recorded
// history (History::memoryBytes()), the time to jump to a step (rebuild
// its picture), the load time and the process's peak memory. Scripts run
// through lab::Lab::load, so exactly what the GUI records is measured.
//
//   history_bench [--scale S] [--verify] [--jumps N] [SCRIPT.arena ...]
//
// --scale multiplies every `repeat` count (for a quick smoke run);
// --verify also records each script into plain vectors alongside a History
// and exits 1 unless every decoded step, its operation and its child calls
// equal what was recorded, and unless pictureAt() equals a from-scratch
// replay at sampled positions. Figures are printed, never judged.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "lab/lab.hpp"
#include "lab/history_reference.hpp" // tests/lab

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every `repeat K` becomes `repeat max(1, K * scale)`.
std::string scaled(const std::string& text, double scale)
{
    if (scale == 1.0) return text;
    std::istringstream in(text);
    std::string out, line;
    while (std::getline(in, line)) {
        if (line.rfind("repeat ", 0) == 0) {
            const std::size_t end = line.find(' ', 7);
            const double k = std::stod(line.substr(7, end - 7)) * scale;
            line = "repeat " + std::to_string(std::max<long long>(1, static_cast<long long>(k))) + line.substr(end);
        }
        out += line + "\n";
    }
    return out;
}

double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

bool samePicture(const lab::Picture& a, const lab::Picture& b)
{
    if (a.end_index != b.end_index || a.nodes.size() != b.nodes.size()) return false;
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        const auto& x = a.nodes[i];
        const auto& y = b.nodes[i];
        if (x.buf != y.buf || x.len != y.len || x.addr != y.addr || x.segments.size() != y.segments.size()) return false;
        for (std::size_t j = 0; j < x.segments.size(); ++j) {
            const auto& s = x.segments[j];
            const auto& t = y.segments[j];
            if (s.kind != t.kind || s.begin != t.begin || s.end != t.end || s.op != t.op || s.name != t.name ||
                s.alignment != t.alignment)
                return false;
        }
    }
    return true;
}

// Decoding must give back every recorded step; pictures must equal replays.
bool verify(const std::string& name, const std::string& text, const lab::History& lab_history)
{
    const auto r = history_reference::record(text);
    if (const long long k = history_reference::firstMismatch(*r); k >= 0) {
        std::printf("verify script=%s FAILED: step %lld decodes differently from what was recorded\n", name.c_str(), k);
        return false;
    }
    // The reference run is the Lab's run: the same steps (addresses aside,
    // which differ from run to run) and operations.
    if (lab_history.stepCount() != r->steps.size() || lab_history.opCount() != r->ops) {
        std::printf("verify script=%s FAILED: the Lab recorded %zu steps, the reference %zu\n", name.c_str(),
                    lab_history.stepCount(), r->steps.size());
        return false;
    }
    for (std::size_t k = 0; k < r->steps.size(); ++k) {
        if (lab_history.step(k).step.kind != r->steps[k].kind) {
            std::printf("verify script=%s FAILED: the Lab's step %zu differs\n", name.c_str(), k);
            return false;
        }
    }
    // Pictures: replay the raw steps from scratch and compare at sampled
    // positions (every one for short histories), including around checkpoints.
    const lab::History& h = r->history;
    const std::size_t n = r->steps.size();
    const std::size_t stride = std::max<std::size_t>(1, n / 2000);
    lab::Picture replay;
    std::size_t compared = 0;
    for (std::size_t k = 0; k <= n; ++k) {
        const bool near_checkpoint = h.checkpointBefore(k + 1) == k + 1 || h.checkpointBefore(k) == k;
        if (k % stride == 0 || k == n || near_checkpoint) {
            ++compared;
            if (!samePicture(h.pictureAt(k), replay)) {
                std::printf("verify script=%s FAILED: pictureAt(%zu) differs from a replay\n", name.c_str(), k);
                return false;
            }
        }
        if (k < n) {
            const std::size_t op = r->op_of_step[k];
            const std::span<const arena::ChildCall> calls(r->calls.data() + r->calls_begin[k],
                                                          r->calls_begin[k + 1] - r->calls_begin[k]);
            replay.apply(r->steps[k], calls, static_cast<std::uint32_t>(op), h.opName(op), r->op_thread[op]);
        }
    }
    std::printf("verify script=%s ok: %zu steps decoded, %zu pictures compared\n", name.c_str(), n, compared);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    double scale = 1.0;
    bool check = false;
    std::size_t jumps = 1000;
    std::vector<std::string> scripts;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--scale" && i + 1 < argc) scale = std::atof(argv[++i]);
        else if (arg == "--verify") check = true;
        else if (arg == "--jumps" && i + 1 < argc) jumps = static_cast<std::size_t>(std::atol(argv[++i]));
        else if (arg.starts_with("--")) {
            std::fprintf(stderr, "usage: history_bench [--scale S] [--verify] [--jumps N] [SCRIPT.arena ...]\n");
            return 2;
        } else scripts.push_back(arg);
    }
    if (scripts.empty()) {
        scripts.push_back(std::string(BENCH_DIR) + "/history_small.arena");
        scripts.push_back(std::string(BENCH_DIR) + "/history_live.arena");
        scripts.push_back(std::string(BENCH_DIR) + "/million.arena");
    }

    bool ok = true;
    for (const std::string& path : scripts) {
        const std::string name = std::filesystem::path(path).stem().string();
        if (!std::filesystem::is_regular_file(path)) {
            std::fprintf(stderr, "history_bench: cannot read %s\n", path.c_str());
            return 2;
        }
        const std::string text = scaled(slurp(path), scale);
        lab::Lab lab;
        const auto t0 = Clock::now();
        lab.load(text, name + ".arena");
        const double load_s = msSince(t0) / 1000.0;
        for (const auto& m : lab.messages())
            std::printf("note script=%s line %zu: %s\n", name.c_str(), m.line, m.text.c_str());
        const lab::History& h = lab.history();
        const std::size_t steps = h.stepCount();

        // Where to jump: seeded random positions, and the worst ones (just
        // before each checkpoint: the longest replays), the longest first.
        std::vector<std::size_t> positions;
        std::mt19937_64 rng(20261125);
        for (std::size_t j = 0; j < jumps && steps > 0; ++j) positions.push_back(rng() % steps);
        std::vector<std::pair<std::size_t, std::size_t>> worst; // (replay length, position)
        for (std::size_t p = lab::History::block; p <= steps; p += lab::History::block) {
            if (h.checkpointBefore(p) == p) {
                const std::size_t before = p - 1;
                worst.emplace_back(before - h.checkpointBefore(before), before);
            }
        }
        std::sort(worst.rbegin(), worst.rend());
        for (std::size_t j = 0; j < worst.size() && j < 200; ++j) positions.push_back(worst[j].second);
        if (steps > 0) positions.push_back(steps - 1);

        double max_ms = 0, sum_ms = 0;
        std::size_t sink = 0, worst_at = 0;
        for (const std::size_t p : positions) {
            const auto j0 = Clock::now();
            const lab::Picture pic = h.pictureAt(p);
            const double ms = msSince(j0);
            sink += pic.nodes.size();
            if (ms > max_ms) worst_at = p;
            max_ms = std::max(max_ms, ms);
            sum_ms += ms;
        }
        const double bytes_per_step = steps == 0 ? 0.0 : static_cast<double>(h.memoryBytes()) / static_cast<double>(steps);
        std::printf("history script=%s steps=%zu ops=%zu bytes_per_step=%.1f jump_ms_max=%.2f jump_ms_mean=%.3f "
                    "load_s=%.2f peak_rss_mb=%.0f checkpoints=%zu jumps=%zu%s\n",
                    name.c_str(), steps, h.opCount(), bytes_per_step, max_ms,
                    positions.empty() ? 0.0 : sum_ms / static_cast<double>(positions.size()), load_s, peakRssMb(),
                    h.checkpointCount(), positions.size(), sink == SIZE_MAX ? " " : "");
        const lab::History::Memory m = h.memory();
        const auto per = [&](std::size_t b) { return steps == 0 ? 0.0 : static_cast<double>(b) / static_cast<double>(steps); };
        const lab::Picture at_worst = h.pictureAt(worst_at);
        std::printf("  slowest jump: to step %zu, replaying %zu steps onto a picture of %zu segments in %zu nodes\n",
                    worst_at, worst_at - h.checkpointBefore(worst_at), at_worst.segmentCount(), at_worst.nodes.size());
        std::printf("  bytes_per_step: steps=%.1f ops=%.1f calls=%.1f names=%.1f checkpoints=%.1f other=%.1f\n",
                    per(m.steps), per(m.ops), per(m.calls), per(m.names), per(m.checkpoints), per(m.other));
        std::fflush(stdout);
        if (check && !verify(name, text, h)) ok = false;
    }
    return ok ? 0 : 1;
}
