#!/usr/bin/env python3
"""The browser suite: the web build's page in Debian's headless Chromium,
served by a static server on 127.0.0.1, driven through the DevTools
protocol (Debian's python3-websocket). One check per invocation:

    browser_test.py SITE_DIR CHECK
    browser_test.py --start STATE_FILE | --stop STATE_FILE

The second form starts (or stops) one Chromium that the checks then share:
with ARENALAB_WEB_BROWSER=STATE_FILE in its environment, a check opens
its page in a browser context of its own there (tests/web/CMakeLists.txt).

CHECK: transfer (no browser), load, first_screen, hidpi, keys, drop, export,
open_picker, bench, recovery, conformance, lesson, embed, copy_link, paste,
save, tampered, no_webgl, loading, embed_refused, console, recovery_link, lang, animation,
font_on_demand.
Exits 0 when the check passes, 1 with what went wrong otherwise.
"""
import base64
import contextlib
import functools
import http.server
import json
import re
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib

import websocket  # python3-websocket

TIMEOUT = 30.0


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def static_server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
    handler.log_message = lambda *args: None
    http.server.SimpleHTTPRequestHandler.extensions_map[".wasm"] = "application/wasm"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1]
    finally:
        server.shutdown()


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    fail("no chromium: apt-get install chromium")


def launch_chromium(port, profile, width, height, flags, detach=False):
    """A headless Chromium on a DevTools port of its own; waits until that
    port answers. Returns the process (a new session when `detach`: the
    shared browser outlives the command that starts it)."""
    proc = subprocess.Popen(
        [chromium_binary(), "--no-sandbox", "--disable-gpu-sandbox"] + list(flags)
        + ["--no-first-run",
           "--disable-extensions", "--remote-debugging-address=127.0.0.1",
           "--remote-debugging-port=%d" % port, "--user-data-dir=" + profile,
           "--window-size=%d,%d" % (width, height), "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=detach)
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/json/version" % port, timeout=2) as r:
                json.load(r)
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    fail("chromium did not start its DevTools server")


# The suite's one Chromium (CTest's fixture web_browser: --start before the
# checks, --stop after): its port, process and profile in the file this
# variable names. A check then takes a new browser context (its own
# cookies, storage and cache, as a fresh profile has) with one page in it,
# instead of starting a Chromium of its own.
SHARED = "ARENALAB_WEB_BROWSER"


def start_shared(state):
    port, profile = free_port(), tempfile.mkdtemp(prefix="arenalab-chromium-")
    proc = launch_chromium(port, profile, 1280, 720, Browser.SOFTWARE_GL, detach=True)
    with open(state, "w", encoding="utf-8") as f:
        json.dump({"pid": proc.pid, "port": port, "profile": profile}, f)
    print("the browser suite's Chromium: process %d, DevTools port %d" % (proc.pid, port))


def stop_shared(state):
    try:
        with open(state, encoding="utf-8") as f:
            shared = json.load(f)
    except OSError:
        print("no shared Chromium to stop (%s)" % state)
        return
    os.remove(state)
    pid = shared["pid"]
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, 15)
        deadline = time.time() + 10
        while time.time() < deadline and os.path.exists("/proc/%d" % pid):
            time.sleep(0.1)
        os.kill(pid, 9)
    shutil.rmtree(shared["profile"], ignore_errors=True)
    print("stopped the browser suite's Chromium (process %d)" % pid)


class Browser:
    """One page in headless Chromium, and a DevTools connection to it: in a
    browser context of its own in the suite's shared Chromium when there is
    one (see SHARED), else in a Chromium of its own (a profile given, other
    flags, or a check run by hand)."""

    # WebGL2 without a display or GPU: ANGLE on SwiftShader, in headless mode.
    SOFTWARE_GL = ["--headless=new", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
    # On the X display's OpenGL (under xvfb-run: Mesa's llvmpipe, as the
    # desktop build's window), in a window: headless Chromium has no GL.
    DISPLAY_GL = ["--use-angle=gl", "--ignore-gpu-blocklist"]

    def __init__(self, width=1280, height=720, profile=None, gl=SOFTWARE_GL, flags=()):
        self.proc = None
        self.browser_ws = None  # the shared Chromium's own connection
        self.context = None
        self.own_profile = False
        shared = os.environ.get(SHARED)
        if shared and profile is None and gl is Browser.SOFTWARE_GL and not flags:
            with open(shared, encoding="utf-8") as f:
                self.port = json.load(f)["port"]
            with urllib.request.urlopen("http://127.0.0.1:%d/json/version" % self.port, timeout=TIMEOUT) as r:
                endpoint = json.load(r)["webSocketDebuggerUrl"]
            self.browser_ws = websocket.create_connection(endpoint, timeout=TIMEOUT, suppress_origin=True)
            self.browser_id = 0
            self.context = self._browser_call("Target.createBrowserContext")["browserContextId"]
            target = self._browser_call("Target.createTarget", url="about:blank", width=width, height=height,
                                        browserContextId=self.context)["targetId"]
            page_ws = "ws://127.0.0.1:%d/devtools/page/%s" % (self.port, target)
        else:
            # A profile given is the caller's (kept, reused); else a fresh one.
            self.own_profile = profile is None
            self.profile = profile or tempfile.mkdtemp(prefix="arenalab-chromium-")
            self.port = free_port()
            self.proc = launch_chromium(self.port, self.profile, width, height, list(gl) + list(flags))
            with urllib.request.urlopen("http://127.0.0.1:%d/json" % self.port, timeout=TIMEOUT) as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            if not pages:
                self.close()
                fail("chromium has no page")
            page_ws = pages[0]["webSocketDebuggerUrl"]
        self.ws = websocket.create_connection(page_ws, timeout=TIMEOUT, suppress_origin=True)
        self.next_id = 0
        self.errors = []     # console errors and uncaught exceptions
        self.warnings = []   # console warnings, the browser's own (WebGL's) included
        self.file_chooser = None
        self.console = []    # every console line
        for domain in ("Runtime", "Log", "Page"):
            self.call(domain + ".enable")
        # The page's size exactly, whatever room the headless window keeps.
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def _browser_call(self, method, **params):
        """A call to the shared Chromium itself (not to the page)."""
        self.browser_id += 1
        self.browser_ws.send(json.dumps({"id": self.browser_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.browser_ws.recv())
            if message.get("id") == self.browser_id:
                if "error" in message:
                    fail("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        if self.browser_ws is not None:
            # The context and its page go; the shared Chromium stays.
            with contextlib.suppress(Exception):
                self._browser_call("Target.disposeBrowserContext", browserContextId=self.context)
            with contextlib.suppress(Exception):
                self.browser_ws.close()
            return
        if self.proc is not None:
            self.proc.terminate()
            with contextlib.suppress(Exception):
                self.proc.wait(10)
        if self.own_profile:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _event(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(text)
            if params.get("type") == "error":
                self.errors.append("console.error: " + text)
            elif params.get("type") == "warning":
                self.warnings.append("console.warn: " + text)
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            self.errors.append("exception: " + d.get("text", "") + " " +
                               str(d.get("exception", {}).get("description", "")))
        elif method == "Page.fileChooserOpened":
            self.file_chooser = params
        elif method == "Log.entryAdded":
            e = params.get("entry", {})
            if e.get("level") == "error":
                self.errors.append("log: " + e.get("text", "") + " " + e.get("url", ""))
            elif e.get("level") == "warning":
                self.warnings.append("log: " + e.get("text", "") + " " + e.get("url", ""))

    def call(self, method, **params):
        if self.browser_ws is not None and method.startswith("Browser."):
            # Downloads and permissions belong to the browser: for this
            # page's context only.
            return self._browser_call(method, browserContextId=self.context, **params)
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    fail("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self._event(message)

    def eval(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            fail("page script failed: %s: %s" % (expression, r["exceptionDetails"]))
        return r.get("result", {}).get("value")

    def wait_for(self, expression, what, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.05)
        fail("timed out waiting for " + what)

    def frames(self, n=3):
        """Waits until the page has drawn n more animation frames."""
        self.eval("new Promise(r => { let k = %d; const f = () => --k > 0 ? requestAnimationFrame(f) : r(1);"
                  " requestAnimationFrame(f); })" % n)

    def page_message(self):
        """The page's own message over the canvas (index.html's #status:
        loading, or what went wrong), or None once the app draws."""
        return self.eval("(() => { const s = document.getElementById('status');"
                         " return s && s.isConnected ? s.innerText : null; })()")

    def open(self, url):
        self.call("Page.navigate", url=url)
        self.wait_for("typeof Module !== 'undefined' && Module.calledRun === true && !!Module._arenalab_web_state",
                      "the page to start")
        self.frames(5)

    def state(self):
        return json.loads(self.eval("UTF8ToString(Module._arenalab_web_state())"))

    def key(self, key, code, vk, watch="cursor", text=None):
        """A key pressed and released, held for exactly the frame that takes
        it: ImGui 1.86 sees a key only if it is down during a frame, and on
        a loaded machine one software-rendered frame can outlast ImGui's key
        repeat delay (0.275 s), so the key goes up as soon as the state's
        `watch` field changed (else after one frame)."""
        before = self.state().get(watch)
        if text:  # a key that types a character (shortcuts may read either)
            self.call("Input.dispatchKeyEvent", type="keyDown", key=key, code=code, text=text,
                      unmodifiedText=text, windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)
        else:
            self.call("Input.dispatchKeyEvent", type="rawKeyDown", key=key, code=code,
                      windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)
        deadline = time.time() + 5
        while time.time() < deadline and self.state().get(watch) == before:
            time.sleep(0.005)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                  windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)
        self.frames(2)

    def click(self, x, y):
        """The left button pressed and released at (x, y), a frame apart."""
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.frames(2)
        self.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1)
        self.frames(2)
        self.call("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", clickCount=1)
        self.frames(2)

    def screenshot(self):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        return decode_png(data)


def decode_png(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB/RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("the screenshot is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace != 0:
                fail("unexpected screenshot format")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def count_colour(rows, colour, tolerance=6, box=None):
    x0, y0, x1, y1 = box if box else (0, 0, len(rows[0]), len(rows))
    n = 0
    for y in range(y0, y1):
        row = rows[y]
        for x in range(x0, x1):
            p = row[x]
            if abs(p[0] - colour[0]) <= tolerance and abs(p[1] - colour[1]) <= tolerance and abs(p[2] - colour[2]) <= tolerance:
                n += 1
    return n


# Colours of app/gui/arena_layout.hpp's palette.
HEADER = (154, 163, 181)
END_INDEX = (213, 94, 0)
ALLOCATIONS = [(86, 180, 233), (0, 158, 115), (230, 159, 0), (204, 121, 167), (0, 114, 178)]


def example_link():
    """The page on the built-in example (assets/examples/hello.arena) at
    its fullest moment, through a `#script=` link: with no link the page
    opens the first screen (lesson 1 at step 0), where the arena is empty
    and a single key in the lesson asks before it replaces later lines."""
    example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "examples", "hello.arena")
    with open(example, encoding="utf-8") as f:
        return "/index.html" + script_link(f.read())


def check_load(b, url):
    b.open(url + example_link())
    first_frame = b.eval("Module.arenalabFirstFrameMs") / 1000.0
    s = b.state()
    if s["steps"] == 0 or s["cursor"] == 0 or s["status_is_error"]:
        fail("the built-in example did not load: %s" % s)
    width, height, rows = b.screenshot()
    # The arena view: the buffers' headers and the end_index marker are
    # drawn in their palette colours somewhere in the middle of the page.
    middle = (width // 5, height // 10, width * 4 // 5, height * 7 // 10)
    headers = count_colour(rows, HEADER, box=middle)
    marker = count_colour(rows, END_INDEX, box=middle)
    if headers < 50:
        fail("no buffer header drawn (%d pixels of %s)" % (headers, HEADER))
    if marker < 20:
        fail("no end_index marker drawn (%d pixels of %s)" % (marker, END_INDEX))
    allocation = max(count_colour(rows, c, box=middle) for c in ALLOCATIONS)
    if allocation < 500:
        fail("no allocation drawn (%d pixels of the allocations' colours)" % allocation)
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("first frame %.2f s after navigation; %d header, %d allocation, %d end_index pixels; cursor %d of %d" %
          (first_frame, headers, allocation, marker, s["cursor"], s["steps"]))


def check_first_screen(b, url):
    """With no link the page opens the desktop's first screen
    (App::openFirstScreen): lesson 1 at step 0, its introduction drawn in
    the Step panel, the status bar saying where to go; one key (Right)
    takes the lesson's first step."""
    b.open(url + "/index.html")
    s = b.state()
    if s["file"] != "01-first-alloc.arena" or s["cursor"] != 0 or s["steps"] == 0 or s["status_is_error"]:
        fail("with no link the page opened %s, not lesson 1 at step 0" %
             {k: s[k] for k in ("file", "cursor", "steps", "status")})
    lessons = len([n for n in os.listdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "lessons"))
                   if n.endswith(".arena")])
    if "Lesson 1 of %d" % lessons not in s["status"] or "Getting started" not in s["status"]:
        fail("the status bar does not say where to start: %r" % s["status"])
    intro = s["texts"].get("intro")
    if not intro or "title" not in s["texts"]:
        fail("no lesson title and introduction on the first screen: %s" % sorted(s["texts"]))
    width, height, rows = b.screenshot()
    x, y, w, h = [int(v) for v in intro]
    if x < 0 or y < 0 or x + w > width or y + h > height:
        fail("the introduction is at %s, not inside the %dx%d page" % (intro, width, height))
    light = sum(1 for yy in range(y, y + h) for xx in range(x, x + w) if sum(rows[yy][xx]) > 450)
    if light < 200:
        fail("no text drawn where the introduction is (%d light pixels in %s)" % (light, intro))
    keep_screenshot(b, "web-first-screen.png")
    b.key("ArrowRight", "ArrowRight", 39)
    after = b.state()
    if after["cursor"] != 1 or after["file"] != "01-first-alloc.arena":
        fail("Right on the first screen went to step %d of %s, not lesson 1's first step" % (after["cursor"], after["file"]))
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("first screen: %s at step 0 of %d, introduction at %s (%d light pixels), status %r; Right -> step %d" %
          (s["file"], s["steps"], [round(v) for v in intro], light, s["status"], after["cursor"]))


def check_hidpi(b, url):
    """The canvas's drawing buffer follows the tab's size times the screen's
    pixel density, and the text grows with the density."""
    b.call("Emulation.setDeviceMetricsOverride", width=1000, height=600, deviceScaleFactor=2, mobile=False)
    b.open(url + "/index.html")
    size = b.eval("[Module.canvas.width, Module.canvas.height]")
    if size != [2000, 1200]:
        fail("at 1000x600 CSS pixels and density 2 the canvas is %s, not [2000, 1200]" % size)
    font = b.state()["font_size"]
    if font != 36:
        fail("at density 2 the text is %s px, not twice the desktop's 18" % font)
    b.call("Emulation.setDeviceMetricsOverride", width=800, height=500, deviceScaleFactor=2, mobile=False)
    b.wait_for("Module.canvas.width === 1600 && Module.canvas.height === 1000", "the canvas to follow the tab")
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("canvas %s and text %s px at 1000x600 and density 2, then 1600x1000 after the tab shrank to 800x500" %
          (size, font))


def check_keys(b, url):
    b.open(url + example_link())
    before = b.state()["cursor"]
    b.key("ArrowRight", "ArrowRight", 39)
    after_right = b.state()["cursor"]
    b.key("ArrowLeft", "ArrowLeft", 37)
    b.key("ArrowLeft", "ArrowLeft", 37)
    after_left = b.state()["cursor"]
    b.key("Home", "Home", 36)
    home = b.state()["cursor"]
    # One step each way; a frame that outlasts ImGui's key repeat delay on a
    # loaded machine may add a repeat, so a press may move up to 3 steps,
    # but always in its direction.
    if not (before < after_right <= before + 3) or not (after_left < after_right - 1) or home != 0:
        fail("keys: cursor %d, Right -> %d, Left Left -> %d, Home -> %d" % (before, after_right, after_left, home))
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("Right, Left and Home step: %d -> %d -> %d -> %d" % (before, after_right, after_left, home))


def check_idle(b, url):
    """An idle page does not draw every animation frame (60 a second, each
    a whole picture in software WebGL): with nothing moving and no input it
    draws twice a second; a key wakes it at once."""
    b.open(url + example_link())
    time.sleep(1.0)  # the opening glide, if any, ends
    # Two seconds of the page's animation frames, and the frames it drew.
    raf, drawn = b.eval(
        "new Promise(r => { const d0 = Module.arenalabFramesDrawn, t0 = performance.now(); let n = 0;"
        " const f = () => { ++n; if (performance.now() - t0 < 2000) requestAnimationFrame(f);"
        " else r([n, Module.arenalabFramesDrawn - d0]); }; requestAnimationFrame(f); })")
    # Twice a second, and the frames that were due when the measure began.
    if drawn > 7:
        fail("idle for 2 s, the page drew %d frames of %d animation frames (at most 7 expected)" % (drawn, raf))
    before = b.eval("Module.arenalabFramesDrawn")
    cursor = b.state()["cursor"]
    b.key("ArrowLeft", "ArrowLeft", 37)  # waits until the step moved, so a frame ran
    after = b.eval("Module.arenalabFramesDrawn")
    if b.state()["cursor"] >= cursor or after <= before:
        fail("a key on the idle page: cursor %d -> %d, frames drawn %d -> %d" % (cursor, b.state()["cursor"], before, after))
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("idle: %d frames drawn in 2 s of %d animation frames; a key drew %d frames and stepped %d -> %d" %
          (drawn, raf, after - before, cursor, b.state()["cursor"]))


DROPPED = "child resize=never\na = alloc 100\nb = alloc 5000\nexpect nodes 2\n"


def check_drop(b, url, page="/index.html"):
    b.open(url + page)
    b.eval("(() => { const dt = new DataTransfer();"
           " dt.items.add(new File([%s], 'dropped.arena', {type: 'text/plain'}));"
           " window.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));"
           " return 1; })()" % json.dumps(DROPPED))
    b.wait_for("JSON.parse(UTF8ToString(Module._arenalab_web_state())).file.endsWith('dropped.arena')",
               "the dropped file to open")
    s = b.state()
    text = b.eval("FS.readFile('/uploads/dropped.arena', {encoding: 'utf8'})")
    if text != DROPPED:
        fail("the dropped file's text differs: %r" % text)
    if s["status_is_error"] or s["steps"] == 0:
        fail("the dropped file did not run: %s" % s)
    # The file as the person named it: no folder of the page's own.
    if s["file"] != "dropped.arena" or "/uploads" in s["status"] or not s["status"].startswith("Loaded dropped.arena"):
        fail("the dropped file is named %r, the status says %r" % (s["file"], s["status"]))
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("dropped file opened: %s, %d steps, status %r" % (s["file"], s["steps"], s["status"]))


def download(b, downloads, kind, name):
    """File > Export `kind` (0 doctest, 1 trace, 2 session script, 3
    picture) as the page offers it: the bytes the browser downloaded as
    `name`, which must be the bytes the page wrote."""
    ok = b.eval("Module.ccall('arenalab_web_export', 'number', ['number', 'string'], [%d, %s])" % (kind, json.dumps(name)))
    if ok != 1:
        fail("the export of %s failed: %s" % (name, b.state()["status"]))
    data = downloaded(downloads, name)
    written = bytes(b.eval("Array.from(FS.readFile(%s))" % json.dumps("/downloads/" + name)))
    if data != written:
        fail("the downloaded %s differs from what the page wrote" % name)
    return data


def downloaded(downloads, name):
    """The bytes of the download `name`, once the browser has written it."""
    path = os.path.join(downloads, name)
    deadline = time.time() + TIMEOUT
    while time.time() < deadline and not os.path.exists(path):
        time.sleep(0.1)
    time.sleep(0.3)
    if not os.path.exists(path):
        fail("no download of %s (in %s: %s)" % (name, downloads, os.listdir(downloads)))
    with open(path, "rb") as f:
        return f.read()


def check_save(b, url):
    """Save (Ctrl+S) offers the script as a download: a dropped file,
    changed by Alloc (the A key), downloads under its own name with the
    new line, and the page counts it saved."""
    downloads = tempfile.mkdtemp(prefix="arenalab-downloads-")
    try:
        check_drop(b, url)
        b.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        before = b.state()
        b.key("a", "KeyA", 65, watch="text", text="a")
        changed = b.state()
        if changed["text"] == before["text"] or not changed["unsaved"]:
            fail("the A key changed nothing: %s" % changed["status"])
        chord(b, "S", "KeyS", 83, ctrl=True)
        saved = downloaded(downloads, "dropped.arena").decode("utf-8")
        after = b.state()
        if saved != changed["text"] or after["unsaved"]:
            fail("Ctrl+S downloaded %r (unsaved: %s); the script is %r" % (saved[-80:], after["unsaved"], changed["text"][-80:]))
        if b.errors:
            fail("console errors: %s" % b.errors)
        print("Ctrl+S offered dropped.arena as a download, %d bytes, with the new line %r" %
              (len(saved), saved.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


def check_export(b, url):
    downloads = tempfile.mkdtemp(prefix="arenalab-downloads-")
    try:
        b.open(url + example_link())
        b.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        lines = download(b, downloads, 1, "hello.trace.jsonl").decode("utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        if not records or records[0].get("line") is None:
            fail("the trace download holds no trace: %s" % lines[:2])
        print("trace offered as a download: %d JSON lines; first: %s" % (len(records), lines[0][:100]))
        # The picture: a PNG of the window's size, with the arena in it.
        width, height, rows = decode_png(download(b, downloads, 3, "hello.png"))
        if (width, height) != (1280, 720) or count_colour(rows, END_INDEX) < 20:
            fail("the downloaded picture is %dx%d with %d end_index pixels" %
                 (width, height, count_colour(rows, END_INDEX)))
        print("picture offered as a download: %dx%d PNG with the arena drawn" % (width, height))
        # The doctest test and the session script: the script's statements in both.
        text = b.state()["text"]
        statements = [l.split("#")[0].strip() for l in text.splitlines() if l.split("#")[0].strip()]
        test = download(b, downloads, 0, "hello_test.cpp").decode("utf-8")
        if "TEST_CASE" not in test or "#include" not in test:
            fail("the doctest download is no doctest test: %r" % test[:200])
        session = download(b, downloads, 2, "hello-session.arena").decode("utf-8")
        missing = [st for st in statements if st not in session]
        if missing:
            fail("the session script download lacks %s" % missing[:3])
        print("doctest test (%d bytes) and session script (%d statements) offered as downloads" %
              (len(test), len(statements)))
        if b.errors:
            fail("console errors: %s" % b.errors)
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


def gif_frames(data):
    """How many images a GIF holds (one a frame), walking its blocks as a
    decoder does: the header, the global palette, then extensions and
    image descriptors (each with its palette and LZW data) to the trailer."""
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        fail("not a GIF: %r" % data[:6])
    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    frames = 0

    def sub_blocks(p):
        while data[p]:
            p += data[p] + 1
        return p + 1

    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            return frames
        if block == 0x21:  # an extension: its label, then sub-blocks
            pos = sub_blocks(pos + 2)
        elif block == 0x2C:  # an image
            frames += 1
            local = data[pos + 9]
            pos += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0)
            pos = sub_blocks(pos + 1)  # after the LZW minimum code size
        else:
            fail("not a GIF block (0x%02x) at byte %d" % (block, pos))
    fail("the GIF has no trailer")


def webp_frames(data):
    """How many frames (ANMF chunks) an animated WebP holds."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        fail("not a WebP: %r" % data[:12])
    pos, frames, animated = 12, 0, False
    while pos + 8 <= len(data):
        fourcc = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        frames += fourcc == b"ANMF"
        animated |= fourcc == b"ANIM"
        pos += 8 + size + (size & 1)
    if not animated:
        fail("the WebP is not animated")
    return frames


def check_animation(b, url):
    """File > Export > Animation in the page: the GIF and the WebP of the
    cursor's operation, encoded in the page (giflib and libwebp from
    Debian's source packages) and downloaded, one frame per step of the
    operation, from the picture before its first step to after its last."""
    downloads = tempfile.mkdtemp(prefix="arenalab-downloads-")
    try:
        b.open(url + "/index.html#lesson=02-growth&step=16")
        b.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        s = b.state()
        first, last = s["op_steps"]
        if not first < 16 <= last:
            fail("step 16 is not inside its operation's steps %d to %d" % (first, last))
        b.ws.settimeout(180)  # the page encodes while the call waits
        for name, count in (("growth-op.gif", gif_frames), ("growth-op.webp", webp_frames)):
            start = time.time()
            data = download(b, downloads, 4, name)
            frames = count(data)
            if frames != last - first + 1:
                fail("%s holds %d frames; the operation has steps %d to %d, so %d" %
                     (name, frames, first, last, last - first + 1))
            print("%s offered as a download: %d bytes, %d frames (steps %d to %d), %.1f s" %
                  (name, len(data), frames, first, last, time.time() - start))
        b.ws.settimeout(TIMEOUT)
        if b.state()["cursor"] != 16:
            fail("the export left the cursor at %d, not 16" % b.state()["cursor"])
        if b.errors:
            fail("console errors: %s" % b.errors)
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


def check_open_picker(b, url):
    """Ctrl+O shows the browser's file picker; the file chosen opens."""
    picked = os.path.join(tempfile.mkdtemp(prefix="arenalab-pick-"), "picked.arena")
    with open(picked, "w", encoding="utf-8") as f:
        f.write("child resize=always\nx = alloc 64\nresize x 128\nexpect ok\n")
    try:
        b.open(url + "/index.html")
        b.call("Page.setInterceptFileChooserDialog", enabled=True)
        chord(b, "o", "KeyO", 79, ctrl=True)
        deadline = time.time() + TIMEOUT
        while b.file_chooser is None and time.time() < deadline:
            b.frames(1)
        if b.file_chooser is None:
            fail("Ctrl+O showed no file picker (status %r)" % b.state()["status"])
        b.call("DOM.setFileInputFiles", files=[picked], backendNodeId=b.file_chooser["backendNodeId"])
        b.wait_for("JSON.parse(UTF8ToString(Module._arenalab_web_state())).file.endsWith('picked.arena')",
                   "the picked file to open")
        s = b.state()
        if s["status_is_error"] or s["steps"] == 0:
            fail("the picked file did not run: %s" % s)
        if b.errors:
            fail("console errors: %s" % b.errors)
        print("Ctrl+O: picked %s, %d steps" % (s["file"], s["steps"]))
    finally:
        shutil.rmtree(os.path.dirname(picked), ignore_errors=True)


def contains(expected, actual):
    """tests/trace_compare.hpp's rule: every key of `expected` in `actual`,
    same value and JSON type; extra keys allowed."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and \
            all(contains(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return type(expected) is type(actual) and expected == actual


def check_conformance(b, url):
    """Every conformance vector's script, run by the browser build's arena,
    gives the Zig arena's stored trace (and exit status), as natively."""
    vectors = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance", "vectors")
    b.open(url + "/index.html")
    count = 0
    beyond = []
    for sub in ("cases", "random"):
        folder = os.path.join(vectors, sub)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".arena"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                script = f.read()
            with open(os.path.join(folder, name[:-6] + ".jsonl"), encoding="utf-8") as f:
                expected = [json.loads(line) for line in f if line.strip()]
            out = b.eval("(() => { FS.writeFile('/tmp/vector.arena', %s);"
                         " return Module.ccall('arenalab_web_trace', 'string', ['string'], ['/tmp/vector.arena']); })()"
                         % json.dumps(script))
            lines = out.split("\n")
            want_status = 0
            status_file = os.path.join(folder, name[:-6] + ".rc")
            if os.path.exists(status_file):
                with open(status_file, encoding="utf-8") as f:
                    want_status = int(f.read().strip() or 0)
            head = json.loads(lines[0])
            if head["status"] != want_status:
                # The one allowed difference: numbers past the browser's
                # 32-bit bounds (lengths at most 2^27) are refused whole, with
                # that reason, before anything runs.
                big = [int(w, 0) for w in re.findall(r"\b(?:0x[0-9a-fA-F]+|[0-9]+)\b", script) if int(w, 0) > 2 ** 27]
                if head["status"] == 2 and big and any("in the browser" in e for e in head["errors"]) and \
                        len(lines) <= 2:
                    beyond.append("%s/%s (%d)" % (sub, name, max(big)))
                    continue
                fail("%s/%s: status %d %s, the Zig arena's run: status %d" %
                     (sub, name, head["status"], head["errors"][:2], want_status))
            actual = [json.loads(line) for line in lines[1:] if line.strip()]
            if len(actual) != len(expected):
                fail("%s/%s: %d trace lines, the Zig arena's trace has %d" % (sub, name, len(actual), len(expected)))
            for i, (e, a) in enumerate(zip(expected, actual)):
                if not contains(e, a):
                    fail("%s/%s line %d: expected %s, got %s" % (sub, name, i + 1, json.dumps(e)[:300], json.dumps(a)[:300]))
            count += 1
    if count < 100:
        fail("only %d vectors found in %s" % (count, vectors))
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("%d conformance vectors: the browser's traces are the Zig arena's" % count)
    print("%d refused, as they must be, for numbers past the browser's bounds: %s" % (len(beyond), ", ".join(beyond)))
    if len(beyond) > count // 10:
        fail("too many vectors beyond the browser's bounds")


def check_recovery(b, url):
    """Unsaved work is autosaved into the browser's storage; the next visit
    (the same browser profile, after the browser was killed) offers it back."""
    profile = tempfile.mkdtemp(prefix="arenalab-profile-")
    try:
        first = Browser(profile=profile)
        try:
            first.open(url + example_link())
            first.key("a", "KeyA", 65, watch="unsaved", text="a")  # Alloc (A): the session's script changes
            s = first.state()
            if not s["unsaved"]:
                fail("Alloc (A) left no unsaved change: %s" % s["status"])
            # Autosave (every 2 s) and the page's sync to IndexedDB (every 1 s).
            first.wait_for("(() => { try { return FS.readdir('/state/recovery').some(n => n.endsWith('.arena')); }"
                           " catch (e) { return false; } })()", "the autosave")
            first.wait_for("(Module.arenalabSynced || 0) >= 2", "the sync to the browser's storage")
            first.eval("new Promise(r => setTimeout(r, 1500))")
            first_errors = first.errors
        finally:
            first.proc.kill()  # no clean exit: as a crash or a closed laptop
            first.proc.wait(10)
            first.close()
        second = Browser(profile=profile)
        try:
            second.open(url + "/index.html")
            s = second.state()
            if s["recovery_offers"] < 1:
                fail("the next visit offered nothing back: %s" % s)
            errors = second.errors
        finally:
            second.close()
        if first_errors or errors:
            fail("console errors: %s %s" % (first_errors, errors))
        print("autosaved in the browser's storage; the next visit offers %d script(s) back" % s["recovery_offers"])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def script_link(script):
    """A `#script=` fragment, as lab/link.cpp writes it: zlib, base64url."""
    return "#script=" + base64.urlsafe_b64encode(zlib.compress(script.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def check_bench(b, url):
    """`?bench` runs bench-frame's measurements in the page, on the file of
    the frame-time budget (tests/bench/frame_100k.arena: 100,000 live
    allocations in 39 buffers, 1.5 GB held), and prints them to the console
    (docs/browser.md, Budgets)."""
    bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "frame_100k.arena")
    with open(bench, encoding="utf-8") as f:
        script = f.read()
    b.open(url + "/index.html?bench&frames=30&size=1920x1080" + script_link(script))
    deadline = time.time() + 4 * TIMEOUT
    while time.time() < deadline and not any("bench-frame done" in c for c in b.console):
        b.frames(1)
    lines = [c for c in b.console if c.startswith(("file=", "startup_ms ", "frame_ms ", "cpu_submit_ms ", "finish_ms ", "instances "))]
    if not lines or not lines[0].startswith("file=link.arena ") or "frames=30" not in lines[0] or "size=1920x1080" not in lines[0]:
        fail("no bench figures in the console: %s" % b.console[-10:])
    # The page ran the whole file (its expects passed) and drew its fullest
    # moment, as the desktop's bench-frame does: all 39 buffers.
    m = re.search(r"step=(\d+)/(\d+) buffers=(\d+)", lines[0])
    s = b.state()
    if not m or m.group(3) != "39" or s["status_is_error"] or s["steps"] < 100000:
        fail("the bench did not run frame_100k.arena whole: %s %s" % (lines[0], s["status"]))
    median = float(re.search(r"median=([0-9.]+)", next(l for l in lines if l.startswith("frame_ms "))).group(1))
    if not 0 < median < 1000:
        fail("implausible frame time: %s" % lines)
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("\n".join(lines))


def check_lesson(b, url):
    b.open(url + "/index.html#lesson=07-reset-free-all&step=12&present")
    s = b.state()
    if s["file"] != "07-reset-free-all.arena" or s["cursor"] != 12 or not s["presentation"] or s["status_is_error"]:
        fail("#lesson=07-reset-free-all&step=12&present opened %s" % s)
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("lesson link: %s at step %d of %d, presentation mode" % (s["file"], s["cursor"], s["steps"]))
    keep_screenshot(b, "web-presentation.png")  # docs/browser.md's picture
    # The race lessons: the page has no coroutines, so the race is a note,
    # not an error, and the Step panel says so first (lesson 16's race is its
    # first line, lesson 15's comes after one alloc, whose steps still play).
    for lesson, before in (("16-z16-loser-node", False), ("15-z16-two-threads", True)):
        b.call("Page.navigate", url="about:blank")  # a new page, not a hash change the old one reloads on
        b.open(url + "/index.html#lesson=%s" % lesson)
        s = b.state()
        if s["file"] != lesson + ".arena" or s["status_is_error"] or "notice" not in s["texts"] or (s["steps"] > 0) != before:
            fail("#lesson=%s opened %s" % (lesson, {k: s[k] for k in ("file", "steps", "status", "status_is_error", "texts")}))
        if b.errors:
            fail("console errors on %s: %s" % (lesson, b.errors))
        keep_screenshot(b, "web-race-%s.png" % lesson[:2])
        print("race lesson %s: %d steps before the race, the Step panel's notice at %s" % (lesson, s["steps"], s["texts"]["notice"]))


RACE = "model zig-0.16\na0 = alloc 100\nschedule T1 T2 T2 T1\nT1: a = alloc 8 align=64\nT2: b = alloc 8\n"


def check_race(b, url):
    """A threaded script in the browser: it has no coroutines, so the race
    does not run, and the Step panel says so in one line (with what to do
    instead); no step-T1/T2 buttons are offered."""
    b.open(url + "/index.html" + script_link(RACE))
    b.frames()
    texts = b.state()["texts"]
    if "race refused" not in texts:
        fail("a threaded script in the browser: no refusal line in the Step panel (%s)" % sorted(texts))
    if "thread buttons" in texts or "thread" in texts:
        fail("a threaded script in the browser offers the threads' buttons or lines: %s" % sorted(texts))
    x, y, w, h = texts["race refused"]
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1280.5 or y + h > 720.5:
        fail("the refusal line is not inside the frame: %s" % texts["race refused"])
    print("threaded script: the Step panel says races do not run in the browser, at %s" % texts["race refused"])
    keep_screenshot(b, "web-race.png")


def keep_screenshot(b, name):
    """With ARENALAB_WEB_SHOTS=DIR in the environment, keeps the page's
    screenshot as DIR/NAME, for a person to look at."""
    folder = os.environ.get("ARENALAB_WEB_SHOTS")
    if folder:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(base64.b64decode(b.call("Page.captureScreenshot", format="png")["data"]))


def check_embed(b, url):
    """`&embed`, for an <iframe>: the arena view and the Step panel fill the
    frame, with no menu bar, no Controls or side panels and no status bar,
    at a slide's size and at a small iframe's."""
    link = "#lesson=07-reset-free-all&step=12"
    # The ordinary page first: the colour of its menu bar, at the top.
    b.open(url + "/index.html" + link)
    width, height, rows = b.screenshot()
    menu_bar = rows[4][width // 2]
    if b.state()["arena"][1] <= 0:
        fail("the ordinary page has no menu bar over the arena view: %s" % b.state()["arena"])
    for w, h in ((1280, 720), (800, 450)):
        b.call("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1, mobile=False)
        b.open(url + "/index.html?frame=%dx%d%s&embed" % (w, h, link))  # a new query: a new page
        s = b.state()
        if s["file"] != "07-reset-free-all.arena" or s["cursor"] != 12 or not s["embed"] or s["status_is_error"]:
            fail("%s&embed opened %s" % (link, {k: s[k] for k in ("file", "cursor", "embed", "status")}))
        if s["presentation"]:
            fail("&embed alone turned presentation mode on")
        # The layout: the arena view from the top-left corner over the whole
        # width, the Step panel alone of the panels, the explanation under
        # the arena view and inside the frame.
        ax, ay, aw, ah = s["arena"]
        if ax != 0 or ay != 0 or aw != w or ah < h * 0.45 - 1:
            fail("at %dx%d the arena view is at %s, not the top of the frame over its width" % (w, h, s["arena"]))
        if s["panels"] != ["Step"]:
            fail("at %dx%d the panels drawn are %s, not the Step panel alone" % (w, h, s["panels"]))
        ex = s["texts"].get("explanation")
        if not ex or ex[1] < ah or ex[1] + ex[3] > h + 0.5:
            fail("at %dx%d the explanation is at %s, not under the arena view (height %s) in the frame" % (w, h, ex, ah))
        # The step controls (the transport and the scrubber, two rows) whole
        # in the frame, under the explanation: the text scrolls, they never do.
        controls = s["texts"].get("step controls")
        if not controls or controls[1] < ex[1] or controls[1] + controls[3] > h or controls[3] < 2 * s["font_size"]:
            fail("at %dx%d the step controls are at %s, not whole in the frame" % (w, h, controls))
        width, height, rows = b.screenshot()
        if (width, height) != (w, h):
            fail("the screenshot is %dx%d, not %dx%d" % (width, height, w, h))
        # No menu bar: none of the top rows has its colour.
        top = count_colour(rows, menu_bar, tolerance=1, box=(0, 0, width, 12))
        if count_colour([[rows[4][width // 2]]], menu_bar, tolerance=1) == 1:
            fail("at %dx%d the top of the frame is the menu bar's colour %s" % (w, h, menu_bar))
        if top > width:
            fail("at %dx%d the top rows have %d pixels of the menu bar's colour %s" % (w, h, top, menu_bar))
        # The arena view is drawn: an allocation and the end_index marker
        # (at this step the headers are a few pixels wide, highlighted).
        arena = (0, 0, width, int(ah))
        marker = count_colour(rows, END_INDEX, box=arena)
        allocation = max(count_colour(rows, c, box=arena) for c in ALLOCATIONS)
        if marker < 10 or allocation < 200:
            fail("at %dx%d the arena view lacks the end_index marker (%d) or an allocation (%d)" %
                 (w, h, marker, allocation))
        # The explanation's text is drawn where the layout says: light pixels on the panel.
        x0, y0 = int(ex[0]), int(ex[1])
        box = (x0, y0, min(width, x0 + int(ex[2])), min(height, y0 + int(ex[3])))
        light = sum(1 for y in range(box[1], box[3]) for x in range(box[0], box[2]) if sum(rows[y][x]) > 450)
        if light < 100:
            fail("at %dx%d no text drawn where the explanation is (%d light pixels in %s)" % (w, h, light, box))
        print("%dx%d &embed: arena view %s, panels %s, explanation at %s (%d light pixels); %d allocation, "
              "%d end_index pixels; %d of the menu bar's in the top rows" %
              (w, h, s["arena"], s["panels"], [round(v) for v in ex], light, allocation, marker, top))
        keep_screenshot(b, "web-embed-%dx%d.png" % (w, h))
    if b.errors:
        fail("console errors: %s" % b.errors)


def chord(b, key, code, vk, ctrl=False, shift=False):
    """A key with Ctrl and/or Shift held, as a person presses them."""
    held = ([("Control", "ControlLeft", 17)] if ctrl else []) + ([("Shift", "ShiftLeft", 16)] if shift else [])
    modifiers = (2 if ctrl else 0) | (8 if shift else 0)
    for k, c, v in held:
        b.call("Input.dispatchKeyEvent", type="rawKeyDown", key=k, code=c, windowsVirtualKeyCode=v, modifiers=modifiers)
    b.frames(1)
    b.call("Input.dispatchKeyEvent", type="rawKeyDown", key=key, code=code, windowsVirtualKeyCode=vk, modifiers=modifiers)
    b.frames(1)
    b.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=vk, modifiers=modifiers)
    for k, c, v in reversed(held):
        b.call("Input.dispatchKeyEvent", type="keyUp", key=k, code=c, windowsVirtualKeyCode=v)
    b.frames(2)


def check_paste(b, url):
    """Text copied in another page pastes into the Script panel's editor:
    Ctrl+V makes the browser hand the page its clipboard (a paste event),
    and the editor inserts that text, in the frame that takes the key."""
    b.open(url + "/index.html")
    s = b.state()
    if "script editor" not in s["texts"]:
        fail("no script editor on screen: %s" % sorted(s["texts"]))
    x, y, w, h = s["texts"]["script editor"]
    before = s["editor"]
    # The browser's own clipboard holds what a person copied elsewhere.
    b.call("Browser.grantPermissions", permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
    b.call("Emulation.setFocusEmulationEnabled", enabled=True)
    pasted = "\nmine = alloc 4096 align=16\n"
    b.eval("navigator.clipboard.writeText(%s)" % json.dumps(pasted))
    # Into the editor, to the end of its text, then Ctrl+V.
    b.click(x + w / 2, y + h / 2)
    chord(b, "End", "End", 35, ctrl=True)
    chord(b, "v", "KeyV", 86, ctrl=True)
    after = b.state()["editor"]
    if after != before + pasted:
        fail("Ctrl+V in the editor made %r of its end %r (the clipboard held %r)" % (after[-60:], before[-30:], pasted))
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("pasted %d characters from the browser's clipboard at the end of the editor" % len(pasted))


def check_copy_link(b, url):
    # A script of our own (dropped on the page), a step, presentation mode:
    # Ctrl+Shift+L copies a link; a fresh browser context (none of this one's storage) opens it.
    # The page's own query (a course page's parameters) is not the link's.
    check_drop(b, url, "/index.html?from=course-page")
    b.key("Home", "Home", 36)
    b.key("ArrowRight", "ArrowRight", 39)
    b.key("ArrowRight", "ArrowRight", 39)
    b.key("F5", "F5", 116, watch="presentation")
    before = b.state()
    chord(b, "L", "KeyL", 76, ctrl=True, shift=True)
    link = b.eval("Module.arenalabClipboard || ''")
    if not link.startswith(url + "/index.html#script="):
        fail("Ctrl+Shift+L put %r in the clipboard (status %r)" % (link[:120], b.state()["status"]))
    fresh = Browser()
    try:
        fresh.open(link)
        after = fresh.state()
        errors = fresh.errors
    finally:
        fresh.close()
    for field in ("text", "cursor", "presentation"):
        if before[field] != after[field]:
            fail("the link reopened %s=%r, not %r" % (field, after[field], before[field]))
    if after["status_is_error"] or errors or b.errors:
        fail("errors: %s %s %s" % (after["status"], errors, b.errors))
    print("link of %d characters reopened step %d of the same %d-byte script, presentation %s, in a fresh browser context" %
          (len(link), after["cursor"], len(after["text"]), after["presentation"]))


def check_lang(b, url):
    """`&lang=zh` opens the page in Chinese (its glyphs from the built-in
    subset of WenQuanYi Micro Hei), and a link copied in Chinese reopens
    in Chinese."""
    b.open(url + "/index.html#lesson=02-growth&step=20&present&lang=zh")
    s = b.state()
    if s["lang"] != "zh" or s["cursor"] != 20 or s["status_is_error"]:
        fail("#lesson=02-growth&step=20&present&lang=zh opened %s" % {k: s[k] for k in ("lang", "cursor", "status")})
    if "\u7f13\u51b2\u533a" not in s["caption"]:  # 缓冲区, the lesson's Chinese caption
        fail("the caption is not the lesson's Chinese: %r" % s["caption"])
    # The caption is drawn: the Step panel's text holds many lit pixels.
    width, height, rows = b.screenshot()
    x, y, w, h = s["texts"]["caption"]
    lit = count_colour(rows, (0, 0, 0), tolerance=60, box=(int(x), int(y), int(x + w), int(y + h)))
    if lit > 0.97 * w * h:
        fail("the caption's box is blank (%d of %d pixels background)" % (lit, w * h))
    keep_screenshot(b, "web-lang-zh.png")
    chord(b, "L", "KeyL", 76, ctrl=True, shift=True)
    link = b.eval("Module.arenalabClipboard || ''")
    if "&lang=zh" not in link:
        fail("a link copied in Chinese does not keep the language: %r" % link[:200])
    fresh = Browser()
    try:
        fresh.open(link)
        after = fresh.state()
    finally:
        fresh.close()
    if after["lang"] != "zh" or after["cursor"] != 20:
        fail("the copied link reopened lang=%r at step %r" % (after["lang"], after["cursor"]))
    print("&lang=zh: caption %r..., copied link reopened in Chinese" % s["caption"][:20])


# A character the first-load subset lacks and the fuller font has: the
# build checks both (tests/web/font_coverage.py, run by app/gui/CMakeLists.txt).
RARE = "\u732b"  # 猫
RARE_SCRIPT = "# %s: a cat's buffer\n# zh: %s的缓冲区\na = alloc 100\n" % (RARE, RARE)


def check_font_on_demand(b, url):
    """The fuller CJK font (site/cjk-full.ttf) is not fetched on a first
    load of a lesson in Chinese, whose characters the built-in subset has;
    a script whose caption has a character the subset lacks fetches it once,
    and the character then has its glyph (missing_glyphs reaches 0). A site
    without the fuller font says so once in the status line, and the page
    keeps running."""
    requests = []
    original = b._event

    def event(message):
        if message.get("method") == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
        original(message)
    b._event = event
    b.call("Network.enable")
    b.open(url + "/index.html#lesson=02-growth&step=20&lang=zh")
    b.frames(20)
    s = b.state()
    fuller = [r for r in requests if r.endswith("/" + FULLER_FONT)]
    if s["lang"] != "zh" or s["status_is_error"] or not any(r.endswith("/arenalab.wasm") for r in requests):
        fail("the lesson did not open in Chinese: %s" % {k: s[k] for k in ("lang", "status", "file")})
    if fuller or s["missing_glyphs"] != 0:
        fail("a plain lesson fetched the fuller font (%s) or lacks glyphs (%d)" % (fuller, s["missing_glyphs"]))
    print("lesson 02 in Chinese: %d requests, none for %s; 0 glyphs missing" % (len(requests), FULLER_FONT))
    b.call("Page.navigate", url="about:blank")
    b.open(url + "/index.html" + script_link(RARE_SCRIPT) + "&lang=zh")
    b.wait_for("JSON.parse(UTF8ToString(Module._arenalab_web_state())).missing_glyphs === 0",
               "the rare character's glyph (the fuller font)")
    b.frames(5)
    s = b.state()
    fuller = [r for r in requests if r.endswith("/" + FULLER_FONT)]
    if len(fuller) != 1:
        fail("the fuller font was requested %d times after %s appeared: %s" % (len(fuller), RARE, fuller))
    if RARE not in s["caption"] or s["status_is_error"] or s["missing_glyphs"] != 0:
        fail("the caption %r (status %r) with %d glyphs missing" % (s["caption"], s["status"], s["missing_glyphs"]))
    if b.errors:
        fail("console errors: %s" % b.errors)
    keep_screenshot(b, "web-font-on-demand.png")
    print("caption %r: %s fetched once, 0 glyphs missing" % (s["caption"], FULLER_FONT))
    # A site without the fuller font: said once, the mark stays, no crash.
    folder = site_copy(without=FULLER_FONT)
    try:
        with static_server(folder) as other:
            nb = Browser()
            try:
                nb.open(other + "/index.html" + script_link(RARE_SCRIPT) + "&lang=zh")
                nb.wait_for("JSON.parse(UTF8ToString(Module._arenalab_web_state())).status_is_error",
                            "the status line to say the fuller font could not be fetched")
                said = nb.state()
                nb.key("Home", "Home", 36)  # the page keeps running: back to step 0
                after = nb.state()
                if "404" not in said["status"] or said["missing_glyphs"] == 0:
                    fail("the failed fetch said %r with %d glyphs missing" % (said["status"], said["missing_glyphs"]))
                if said["cursor"] == 0 or after["cursor"] != 0:
                    fail("the page stopped after the failed fetch: cursor %d, then %d" % (said["cursor"], after["cursor"]))
                errors = [e for e in nb.errors if not ("404" in e and FULLER_FONT in e)]
                if errors:
                    fail("errors after the failed fetch: %s" % errors)
                print("without %s: %r, then stepped on (cursor %d -> %d)" %
                      (FULLER_FONT, said["status"], said["cursor"], after["cursor"]))
            finally:
                nb.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_tampered(b, url):
    """Bad links open the built-in example, with the reason in the status
    bar, whole at 1280x720, in one sentence. Each part of the fragment is
    decoded after the split: %26 separates nothing, %00 cuts nothing short."""
    cases = {
        "#script=eJwrSS0uUchMzCtRyEvMTVUoLkksKS22UjA0MlAoLkktyc_JTEksSQUAbYwOeA": "damaged",
        "#lesson=99-no-such-lesson&step=3": "no lesson",
        "#lesson=07-reset-free-all&step=100000": "past the script's last step",
        "#script=" + "A" * 9000: "more than a link may be",
        "#lesson=07-reset-free-all&step=-1": "the step cannot be negative (-1)",
        "#lesson=07-reset-free-all%26step=3": "there is no lesson '07-reset-free-all&step=3'",
        "#lesson=07-reset-free-all%00&step=3": "holds %00, a control character no link may hold",
    }
    for fragment, why in cases.items():
        b.open(url + "/index.html?case=%d%s" % (len(fragment), fragment))
        s = b.state()
        if s["file"] != "hello.arena" or not s["status_is_error"] or why not in s["status"] \
                or "The link was not opened" not in s["status"] or "?." in s["status"] or "not a number" in s["status"]:
            fail("%s... opened %s" % (fragment[:40], {k: s[k] for k in ("file", "cursor", "status")}))
        message_whole(b, 1280, 720, fragment[:40])
        print("refused %s...: %s" % (fragment[:40], s["status"]))
    keep_screenshot(b, "web-refused-1280x720.png")
    # Encoded characters of a lesson's name are its own.
    b.open(url + "/index.html#lesson=07%2Dreset-free-all&step=3")
    s = b.state()
    if s["file"] != "07-reset-free-all.arena" or s["cursor"] != 3 or s["status_is_error"]:
        fail("#lesson=07%%2Dreset-free-all&step=3 opened %s" % {k: s[k] for k in ("file", "cursor", "status")})
    if b.errors:
        fail("console errors: %s" % b.errors)


def message_whole(b, w, h, where):
    """The status bar's (or embed's message line's) message drawn whole,
    inside the frame, as the layout record says; else fails."""
    s = b.state()
    texts = s["texts"]
    if "status message (cut)" in texts or "status message" not in texts:
        fail("%s at %dx%d: the message %r is not shown whole (%s)" %
             (where, w, h, s["status"], {k: v for k, v in texts.items() if k.startswith("status")}))
    x, y, tw, th = texts["status message"]
    if x < 0 or y < 0 or x + tw > w + 0.5 or y + th > h + 0.5:
        fail("%s at %dx%d: the message is at %s, not inside the frame" % (where, w, h, texts["status message"]))
    return texts["status message"]


def check_no_webgl(b, url):
    """A browser that gives the page no WebGL2 (a blocklisted GPU, a policy;
    here Chromium's --disable-webgl2 and --disable-webgl) gets a message
    that says what happened and what to do, not a blank page."""
    b.close()
    for flag in ("--disable-webgl2", "--disable-webgl"):
        nb = Browser(flags=[flag])
        try:
            nb.call("Page.navigate", url=url + "/index.html#lesson=07-reset-free-all&step=3")
            nb.wait_for("document.readyState === 'complete' && !!document.getElementById('status')"
                        " && document.getElementById('status').innerText.includes('WebGL2')", "the page's message")
            nb.frames(3)
            text = nb.page_message()
            for words in ("cannot draw", "WebGL2", "What to do", "hardware acceleration", "another browser"):
                if words not in text:
                    fail("%s: the page's message lacks %r: %r" % (flag, words, text))
            box = nb.eval("(() => { const r = document.querySelector('#status .box').getBoundingClientRect();"
                          " return [r.left, r.top, r.width, r.height]; })()")
            if box[2] < 200 or box[3] < 100 or box[1] < 0 or box[1] + box[3] > 720:
                fail("%s: the message is at %s, not in view" % (flag, box))
            # The app was not started at all (it would only fail).
            if nb.eval("typeof Module !== 'undefined' && Module.calledRun === true"):
                fail("%s: the app started without WebGL2" % flag)
            if nb.errors:
                fail("%s: console errors: %s" % (flag, nb.errors))
            keep_screenshot(nb, "web-no-webgl2%s.png" % ("" if flag == "--disable-webgl2" else "-webgl1-too"))
            print("%s: %s" % (flag, " / ".join(line for line in text.splitlines() if line.strip())[:300]))
        finally:
            nb.close()


def site_copy(without=None, damaged=None):
    """A copy of the site in a temporary folder, with the file `without`
    left out, or the file `damaged` cut to half its length."""
    folder = tempfile.mkdtemp(prefix="arenalab-site-")
    for name in os.listdir(SITE):
        if name == without:
            continue
        with open(os.path.join(SITE, name), "rb") as f:
            data = f.read()
        if name == damaged:
            data = data[:len(data) // 2]
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    return folder


def check_loading(b, url):
    """On a slow link the page shows the download's progress as it goes;
    a missing or damaged arenalab.wasm gets a message saying so, with no
    uncaught exception, instead of "Loading..." forever."""
    size = os.path.getsize(os.path.join(SITE, "arenalab.wasm"))
    b.call("Network.enable")
    # About four seconds for the download.
    b.call("Network.emulateNetworkConditions", offline=False, latency=20, downloadThroughput=size / 4,
           uploadThroughput=-1)
    b.call("Page.navigate", url=url + "/index.html")
    seen = []
    shot = False
    deadline = time.time() + 4 * TIMEOUT
    while time.time() < deadline and not b.eval("typeof Module !== 'undefined' && !!Module.arenalabFirstFrameMs"):
        text = b.page_message()
        if text and (not seen or seen[-1] != text):
            seen.append(text)
            if not shot and re.search(r"Loading Arena Lab… [4-6]\d%", text):
                shot = True
                keep_screenshot(b, "web-loading.png")
        time.sleep(0.05)
    percents = [int(m.group(1)) for m in (re.search(r"Loading Arena Lab… (\d+)%", t) for t in seen) if m]
    if len(set(p for p in percents if 0 < p < 100)) < 3 or percents != sorted(percents):
        fail("no progress shown as the download went: %s" % seen)
    if not any(re.search(r"[\d,]+ KB of [\d,]+ KB", t) for t in seen):
        fail("the progress never said how much of how much: %s" % seen)
    b.call("Network.emulateNetworkConditions", offline=False, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    b.frames(3)
    if b.page_message() is not None:
        fail("the loading message stayed over the app: %r" % b.page_message())
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("progress shown: %s" % [t.splitlines()[0] for t in seen if "%" in t][:12])
    # A site without arenalab.wasm, then one with half of it.
    for without, damaged, words in (("arenalab.wasm", None, "404"), (None, "arenalab.wasm", "damaged")):
        folder = site_copy(without, damaged)
        try:
            with static_server(folder) as other:
                nb = Browser()
                try:
                    nb.call("Page.navigate", url=other + "/index.html")
                    nb.wait_for("(() => { const s = document.getElementById('status');"
                                " return !!s && s.innerText.includes('could not start'); })()",
                                "the message that the app could not start (%s)" % (without or "damaged"))
                    nb.eval("new Promise(r => setTimeout(r, 1000))")  # any late exception
                    text = nb.page_message()
                    if words not in text or "Reload" not in text:
                        fail("the message lacks %r or what to do: %r" % (words, text))
                    # The server's 404 for the missing file is the only error.
                    errors = [e for e in nb.errors if not (without and "404" in e and without in e)]
                    if errors:
                        fail("%s: errors: %s" % (without or "damaged", errors))
                    keep_screenshot(nb, "web-could-not-start-%s.png" % ("missing" if without else "damaged"))
                    print("%s: %s" % ("missing wasm" if without else "damaged wasm",
                                      " / ".join(l for l in text.splitlines() if l.strip())[:240]))
                finally:
                    nb.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def check_embed_refused(b, url):
    """A refused link in an <iframe> (a typo in a course page's lesson name)
    stays in embed mode and shows its reason whole, at a slide's size and at
    a small iframe's."""
    for w, h in ((1280, 720), (800, 450)):
        b.call("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1, mobile=False)
        b.open(url + "/index.html?frame=%dx%d#lesson=07-reset-fre-all&step=12&embed" % (w, h))
        s = b.state()
        if not s["embed"] or not s["status_is_error"] or "there is no lesson '07-reset-fre-all'" not in s["status"]:
            fail("at %dx%d the refused &embed link opened %s" % (w, h, {k: s[k] for k in ("embed", "status", "file")}))
        if s["panels"] != ["Step"]:
            fail("at %dx%d the refused &embed link shows the panels %s, not embed's Step panel alone" % (w, h, s["panels"]))
        box = message_whole(b, w, h, "refused &embed link")
        keep_screenshot(b, "web-embed-refused-%dx%d.png" % (w, h))
        print("%dx%d: embed kept, the reason whole at %s: %s" % (w, h, [round(v) for v in box], s["status"]))
    if b.errors:
        fail("console errors: %s" % b.errors)


def check_console(b, url):
    """A clean console: no warning or error from the page or the browser
    (WebGL's "bufferSubData: buffer overflow", a favicon 404) as it starts,
    steps and draws."""
    b.call("Network.enable")
    failed_requests = []
    original = b._event

    def event(message):
        if message.get("method") == "Network.responseReceived":
            r = message["params"]["response"]
            if r.get("status", 200) >= 400:
                failed_requests.append("%s %s" % (r.get("status"), r.get("url")))
        original(message)
    b._event = event
    b.open(url + "/index.html")
    # The first screen is lesson 1 at step 0: Right steps forward, Home back
    # (each key waits until the step moved; a Left there moves nothing and
    # waited out its five seconds).
    for _ in range(3):
        b.key("ArrowRight", "ArrowRight", 39)
    b.key("Home", "Home", 36)
    b.frames(30)
    if b.state()["cursor"] != 0:
        fail("Right three times, then Home: the cursor is at step %d, not 0" % b.state()["cursor"])
    if b.warnings or b.errors or failed_requests:
        fail("the console is not clean: %d warnings %s, errors %s, failed requests %s" %
             (len(b.warnings), b.warnings[:3], b.errors[:3], failed_requests))
    print("no warning, error or failed request in %d console lines: %s" % (len(b.console), b.console[:3]))


def check_recovery_link(b, url):
    """Work of the last two seconds is not lost when a same-page link
    changes the fragment: the page saves the recovery copy before it
    reloads, and offers it back."""
    b.open(url + example_link())
    b.frames(10)
    b.key("a", "KeyA", 65, watch="unsaved", text="a")  # Alloc (A): unsaved, just now
    changed = b.state()
    if not changed["unsaved"]:
        fail("Alloc (A) left no unsaved change: %s" % changed["status"])
    # At once, as a click on a link to another lesson on the same page would.
    b.eval("window.arenalabBefore = 1; location.hash = '#lesson=01-first-alloc'; 1")
    b.wait_for("typeof window.arenalabBefore === 'undefined' && typeof Module !== 'undefined'"
               " && Module.calledRun === true && !!Module._arenalab_web_state", "the page to reload on the link")
    b.frames(5)
    s = b.state()
    if s["file"] != "01-first-alloc.arena":
        fail("the link opened %s" % s["file"])
    if s["recovery_offers"] < 1:
        fail("the work of the last two seconds was lost: no recovery offered after the link (%s)" % s["status"])
    offered = b.eval("(() => FS.readdir('/state/recovery').filter(n => n.endsWith('.arena'))"
                     ".map(n => FS.readFile('/state/recovery/' + n, {encoding: 'utf8'})))()")
    if not any(changed["text"].strip() in text for text in offered):
        fail("the recovery copy does not hold the change: %r" % [t[-80:] for t in offered])
    if b.errors:
        fail("console errors: %s" % b.errors)
    print("a change made just before a same-page link is offered back after it (%d offer(s))" % s["recovery_offers"])


TRANSFER_BUDGET = 3 * 1024 * 1024  # bytes, gzip-compressed (docs/browser.md, Budgets)
# Files of the site the page fetches only when needed, never on a first
# load (check_font_on_demand proves it of each): outside the budget.
FULLER_FONT = "cjk-full.ttf"
ON_DEMAND = {FULLER_FONT}


def check_transfer(site):
    """Everything the page downloads on a first load, gzip-compressed,
    within the budget; every other file of the site is counted apart, as
    fetched on demand."""
    total = 0
    on_demand = 0
    for name in sorted(os.listdir(site)):
        with open(os.path.join(site, name), "rb") as f:
            raw = f.read()
        packed = len(zlib.compress(raw, 9))
        if name in ON_DEMAND:
            on_demand += packed
        else:
            total += packed
        print("%-16s %9d bytes, %9d gzip-compressed%s" % (name, len(raw), packed, " (on demand)" if name in ON_DEMAND else ""))
    print("first load: %d bytes gzip-compressed (budget %d); on demand: %d" % (total, TRANSFER_BUDGET, on_demand))
    missing = {"arenalab.wasm", "index.html", FULLER_FONT} - set(os.listdir(site))
    if missing:
        fail("the site lacks %s" % sorted(missing))
    if total > TRANSFER_BUDGET:
        fail("the page transfers more than 3 MB gzip-compressed on a first load")


CHECKS = {"race": check_race, "load": check_load, "first_screen": check_first_screen, "keys": check_keys, "idle": check_idle, "drop": check_drop, "export": check_export,
          "open_picker": check_open_picker, "bench": check_bench, "hidpi": check_hidpi, "recovery": check_recovery, "conformance": check_conformance, "lesson": check_lesson, "embed": check_embed, "copy_link": check_copy_link, "paste": check_paste, "save": check_save, "tampered": check_tampered,
          "no_webgl": check_no_webgl, "loading": check_loading, "embed_refused": check_embed_refused,
          "console": check_console, "recovery_link": check_recovery_link, "lang": check_lang,
          "animation": check_animation, "font_on_demand": check_font_on_demand}


def main():
    if len(sys.argv) == 3 and sys.argv[1] in ("--start", "--stop"):
        (start_shared if sys.argv[1] == "--start" else stop_shared)(sys.argv[2])
        return
    if len(sys.argv) == 3 and sys.argv[2] == "transfer":
        check_transfer(sys.argv[1])
        return
    if len(sys.argv) != 3 or sys.argv[2] not in CHECKS:
        print(__doc__)
        sys.exit(2)
    global SITE
    site, check = sys.argv[1], sys.argv[2]
    SITE = site
    with static_server(site) as url:
        b = Browser()
        try:
            CHECKS[check](b, url)
        finally:
            b.close()


if __name__ == "__main__":
    main()
