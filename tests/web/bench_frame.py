#!/usr/bin/env python3
"""The browser build's frame-time budget (docs/browser.md, Budgets): the page's
`?bench` and the desktop's `arenalab bench-frame` on the same file, at the
same sizes, on the same renderer, and the page's time over the desktop's.

The same renderer: Mesa's llvmpipe under Xvfb for both. The desktop window
draws with it through GLX; Chromium does through ANGLE on the display's
OpenGL, in a window (headless Chromium has no OpenGL, only SwiftShader, a
different and slower rasteriser). So run it under xvfb-run:

    xvfb-run -a -s "-screen 0 1920x1080x24" /usr/bin/python3 tests/web/bench_frame.py \\
        build-web/app/web/site build/app/arenalab [--runs 5] [--frames 100] [--sizes WxH,...] [FILE]

FILE is tests/bench/frame_100k.arena unless given. Both sides time whole
frames drawn offscreen, each ended by waiting until it is drawn (glFinish;
in the page a pixel read back, since WebGL's finish does not wait).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402

FIGURES = ("frame_ms", "cpu_submit_ms", "finish_ms")


def medians(lines):
    """{figure: median} from bench-frame's lines."""
    out = {}
    for line in lines:
        m = re.match(r"(\w+) min=\S+ median=([0-9.]+)", line)
        if m and m.group(1) in FIGURES:
            out[m.group(1)] = float(m.group(2))
    missing = [f for f in FIGURES if f not in out]
    if missing:
        bt.fail("bench-frame printed no %s: %s" % (missing, lines[-10:]))
    return out


def desktop(binary, script, size, frames):
    r = subprocess.run([binary, "bench-frame", script, "--size", size, "--frames", str(frames)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        bt.fail("%s bench-frame failed: %s" % (binary, r.stderr.strip()))
    return medians(r.stdout.splitlines())


def page(url, script_text, size, frames):
    b = bt.Browser(gl=bt.Browser.DISPLAY_GL)
    try:
        b.open(url + "/index.html?bench&frames=%d&size=%s%s" % (frames, size, bt.script_link(script_text)))
        deadline = time.time() + 10 * bt.TIMEOUT
        while time.time() < deadline and not any("bench-frame done" in c for c in b.console):
            b.frames(1)
        renderer = b.eval("(() => { const g = document.createElement('canvas').getContext('webgl2');"
                          " const e = g && g.getExtension('WEBGL_debug_renderer_info');"
                          " return e ? g.getParameter(e.UNMASKED_RENDERER_WEBGL) : 'unknown'; })()")
        if "llvmpipe" not in renderer:
            bt.fail("the page's WebGL is not on Mesa's llvmpipe (%s): run this under xvfb-run" % renderer)
        if b.errors:
            bt.fail("console errors: %s" % b.errors)
        return medians(b.console), renderer
    finally:
        b.close()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site")
    ap.add_argument("arenalab")
    ap.add_argument("file", nargs="?", default=os.path.join(here, "..", "bench", "frame_100k.arena"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--sizes", default="1280x720,1920x1080", help="WxH,WxH,...")
    a = ap.parse_args()
    if not os.environ.get("DISPLAY"):
        bt.fail("no X display: run this under xvfb-run (see its first lines)")
    with open(a.file, encoding="utf-8") as f:
        script_text = f.read()
    with bt.static_server(a.site) as url:
        for size in a.sizes.split(","):
            runs = {"desktop": [], "page": []}
            for run in range(a.runs):
                runs["desktop"].append(desktop(a.arenalab, a.file, size, a.frames))
                figures, renderer = page(url, script_text, size, a.frames)
                runs["page"].append(figures)
                print("%s run %d: desktop %s | page %s" % (size, run + 1,
                      " ".join("%s=%.1f" % kv for kv in runs["desktop"][-1].items()),
                      " ".join("%s=%.1f" % kv for kv in figures.items())), flush=True)
            d = {f: statistics.median(r[f] for r in runs["desktop"]) for f in FIGURES}
            p = {f: statistics.median(r[f] for r in runs["page"]) for f in FIGURES}
            print("%s, %d runs of %d frames, median of the runs' medians (page on %s):" % (size, a.runs, a.frames, renderer))
            for f in FIGURES:
                print("  %-14s desktop %6.1f  page %6.1f  page/desktop %.2f" % (f, d[f], p[f], p[f] / d[f]))


if __name__ == "__main__":
    main()
