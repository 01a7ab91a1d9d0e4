// `arenalab bench-frame [FILE] [--size WxH] [--frames N] [--step S]` (its
// options are parsed in app/cli/bench_frame.cpp): how long the whole window takes to start and to draw a frame, measured on
// the real window's code (the same App a person uses, drawn offscreen at
// the asked size, as `shot` does), so it needs an X display: under
// xvfb-run it measures Mesa's software renderer. Every frame moves the
// camera a little so the arena view is laid out afresh, and ends by waiting
// until the GL work is drawn (App::finishGl: glFinish, or in a browser a
// pixel read back), so the time includes it, not just its queueing.
#include <glad/gl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "gui/app.hpp"
#include "lab/runner.hpp"

namespace gui {

namespace {

using Clock = std::chrono::steady_clock;

// Taken while the program's statics are built, before main: the nearest
// the program itself can see to its start.
const Clock::time_point static_init_time = Clock::now();

// CPU time of the whole process (every thread: llvmpipe rasterises on its
// own threads), which other programs on the machine disturb less than wall time.
double processCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Milliseconds since the kernel started this process (exec), from
// /proc/self/stat's starttime (in clock ticks since boot, so to 10 ms on
// most systems) and CLOCK_BOOTTIME. Negative when unavailable.
double msSinceExec()
{
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t paren = stat.rfind(')'); // the command name may hold spaces
    if (paren == std::string::npos) return -1;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22) start_ticks = std::stoull(field);
    const long hz = sysconf(_SC_CLK_TCK);
    timespec now{};
    if (start_ticks == 0 || hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0) return -1;
    const double now_ms = static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
    return now_ms - static_cast<double>(start_ticks) * 1000.0 / static_cast<double>(hz);
}

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty()) return 0;
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
    return sorted[std::min(i, sorted.size() - 1)];
}

void printStats(const char* name, std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    std::printf("%s min=%.2f median=%.2f p95=%.2f max=%.2f\n", name, v.front(), percentile(v, 0.5), percentile(v, 0.95),
                v.back());
}

} // namespace

int runBenchFrame(const lab::BenchRequest& o)
{
    const int width = o.width, height = o.height;
    const Clock::time_point main_time = Clock::now();
    std::string error;

    // Start-up: as the window starts (runWindow), up to the first frame drawn and finished.
    AppOptions options;
    options.width = width;
    options.height = height;
    options.visible = false;
    options.animate = false; // no glide: every frame is the full picture
    options.font_size = std::max(14.0f, std::round(static_cast<float>(height) / 60.0f)); // as shot
    const Clock::time_point open_start = Clock::now();
    std::unique_ptr<App> app = App::open(options, error);
    if (!app) {
        std::fprintf(stderr, "arenalab bench-frame: %s (no display? try: xvfb-run -a arenalab bench-frame ...)\n",
                     error.c_str());
        return 1;
    }
    const double open_ms = msSince(open_start);
    return benchFrames(*app, o, open_ms, main_time);
}

int benchFrames(App& window, const lab::BenchRequest& o, double open_ms, std::chrono::steady_clock::time_point main_time)
{
    App* const app = &window;
    const int width = o.width, height = o.height;
    const std::size_t step = o.step;
    std::string text = o.text;
    const std::string& name = o.name;
    const Clock::time_point load_start = Clock::now();
    app->lab().setModelOption(o.model);
    app->loadText(std::move(text), name);
    lab::Lab& lab = app->lab();
    if (step == SIZE_MAX) {
        showFullestMoment(lab);
    } else {
        if (step > lab.steps()) std::fprintf(stderr, "arenalab bench-frame: the script has %zu steps; showing the end\n", lab.steps());
        lab.seek(std::min(step, lab.steps()));
    }
    const double load_ms = msSince(load_start);
    const Clock::time_point first_start = Clock::now();
    app->drawOffscreen(width, height);
    app->finishGl();
    const double first_ms = msSince(first_start);
    const double exec_ms = msSinceExec();
    const double static_ms = msSince(static_init_time);
    const double main_ms = msSince(main_time);

    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    std::printf("file=%s step=%zu/%zu buffers=%zu segments=%zu size=%dx%d frames=%d\n", name.c_str(), lab.cursor(),
                lab.steps(), lab.picture().nodes.size(), lab.picture().segmentCount(), width, height, o.frames);
    std::printf("gl_renderer=%s\n", renderer != nullptr ? renderer : "?");
    if (exec_ms >= 0) std::printf("startup_ms=%.1f (from exec, /proc/self/stat starttime: 10 ms resolution)\n", exec_ms);
    std::printf("startup_from_static_init_ms=%.1f startup_from_main_ms=%.1f (steady_clock)\n", static_ms, main_ms);
    std::printf("startup_split open_window_gl_fonts_ms=%.1f load_script_ms=%.1f first_frame_ms=%.1f\n", open_ms, load_ms,
                first_ms);

    // Frames: ImGui settles its windows over the first few; then each frame
    // zooms and pans a little (back and forth) so nothing could be reused.
    for (int i = 0; i < 3; ++i) app->drawOffscreen(width, height);
    app->finishGl();
    ArenaCamera& camera = app->arenaCamera();
    const float zoom0 = camera.zoom;
    const float pan0 = camera.pan_x;
    std::vector<double> total, layout, cpu, gpu, instances, labels, process_cpu;
    const auto frames = static_cast<std::size_t>(o.frames);
    for (auto* v : {&total, &layout, &cpu, &gpu, &instances, &labels, &process_cpu}) v->reserve(frames);
    for (int i = 0; i < o.frames; ++i) {
        const float phase = static_cast<float>(i % 20) / 20.0f;
        camera.zoom = zoom0 * (1.0f + 0.02f * phase);
        camera.pan_x = pan0 + 3.0f * phase;
        const double cpu_start = processCpuMs();
        const Clock::time_point start = Clock::now();
        app->drawOffscreen(width, height);
        const Clock::time_point submitted = Clock::now();
        app->finishGl();
        const Clock::time_point done = Clock::now();
        process_cpu.push_back(processCpuMs() - cpu_start);
        total.push_back(std::chrono::duration<double, std::milli>(done - start).count());
        cpu.push_back(std::chrono::duration<double, std::milli>(submitted - start).count());
        gpu.push_back(std::chrono::duration<double, std::milli>(done - submitted).count());
        const ArenaRenderer& r = app->arenaRenderer();
        layout.push_back(r.memory.layout_ms);
        instances.push_back(static_cast<double>(r.lastInstanceCount()));
        labels.push_back(static_cast<double>(r.memory.labels_drawn));
    }
    printStats("frame_ms", total);
    printStats("layout_ms", layout);
    printStats("cpu_submit_ms", cpu);
    printStats("finish_ms", gpu);
    printStats("process_cpu_ms", process_cpu);
    std::sort(instances.begin(), instances.end());
    std::sort(labels.begin(), labels.end());
    const ImDrawData* draw_data = ImGui::GetDrawData();
    std::printf("instances min=%.0f max=%.0f labels min=%.0f max=%.0f imgui_vertices=%d imgui_indices=%d\n",
                instances.front(), instances.back(), labels.front(), labels.back(),
                draw_data != nullptr ? draw_data->TotalVtxCount : 0, draw_data != nullptr ? draw_data->TotalIdxCount : 0);
    std::printf("(frame = drawOffscreen + finish; cpu_submit = ImGui, panels, layout, GL calls; finish = until drawn, where "
                "a software renderer rasterises;\n process_cpu = CPU time of all the process's threads per frame)\n");
    return 0;
}

} // namespace gui
