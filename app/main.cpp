// arenalab: watch a real Zig-style arena allocator work.
//
// With a headless subcommand it needs no display; with none, or with a
// script FILE, it opens the window (and, when no window can open, tells
// the built-in example's story in the terminal instead).
#include "cli/commands.hpp"
#if ARENALAB_GUI
#include "gui/app.hpp"
#include "gui/hidden_window.hpp"
#endif

int main(int argc, char** argv)
{
    // The command line reaches the window only through these (app/cli never
    // includes app/gui). A build without the window leaves them empty:
    // shot, bench-frame and export --png then say so, and no subcommand
    // gives the headless tour.
    cli::WindowHooks window;
#if ARENALAB_GUI
    window.shot = gui::renderShot;
    window.bench = gui::runBenchFrame;
    window.open = gui::runWindow;
    window.animation = gui::renderAnimation;
    window.handout = gui::renderHandout;
#endif
    return cli::runCommandLine(argc, argv, window);
}
