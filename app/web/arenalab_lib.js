// The page's side of the browser platform (app/gui/platform/backend_emscripten.cpp
// and files_web.cpp call these): the clipboard, the file picker, files
// dropped on the page, downloads. Linked with --js-library.
mergeInto(LibraryManager.library, {
  arenalab_js_init: function () {
    // Any input wakes the frame loop (backend_emscripten.cpp draws an idle
    // page only twice a second), and so does a file or the fuller font
    // arriving (below): read by arenalab_js_take_wake.
    Module.arenalabWake = 1;
    Module.arenalabFramesDrawn = 0;
    var wake = function () { Module.arenalabWake = 1; };
    ['pointerdown', 'pointerup', 'pointermove', 'pointercancel', 'mousedown', 'mouseup', 'mousemove', 'wheel',
     'keydown', 'keyup', 'keypress', 'touchstart', 'touchmove', 'touchend', 'resize', 'focus', 'blur',
     'visibilitychange', 'hashchange', 'paste', 'copy', 'cut', 'drop', 'dragover', 'dragleave',
     'compositionstart', 'compositionupdate', 'compositionend', 'input'].forEach(function (type) {
      window.addEventListener(type, wake, { capture: true, passive: true });
    });
    // A file the person gives the page: into the in-memory file system,
    // then handed to the frame loop, which opens it as File > Open does.
    var arrived = function (file) {
      file.arrayBuffer().then(function (buffer) {
        var dir = '/uploads';
        try { FS.mkdir(dir); } catch (e) {}
        var path = dir + '/' + file.name.replace(/[\/\0]/g, '_');
        FS.writeFile(path, new Uint8Array(buffer));
        Module.ccall('arenalab_web_file_arrived', null, ['string'], [path]);
        Module.arenalabWake = 1; // it arrives after the drop's or the picker's event
      });
    };
    Module.arenalabOpenFile = arrived;
    window.addEventListener('dragover', function (e) { e.preventDefault(); });
    window.addEventListener('drop', function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length > 0) arrived(e.dataTransfer.files[0]);
    });
    // Paste: the page's clipboard text becomes ImGui's before its next frame.
    window.addEventListener('paste', function (e) {
      var text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      Module.ccall('arenalab_web_clipboard', null, ['string'], [text]);
    });
    // The window's shortcuts rather than the browser's (F5 reloads, Ctrl+S
    // saves the page, Ctrl+O opens a file, Ctrl+= zooms). Plain keys and
    // Ctrl+C/V/X/A/Z are left alone: text input and the clipboard need them.
    window.addEventListener('keydown', function (e) {
      var k = e.key.toLowerCase();
      if (k === 'f5' || ((e.ctrlKey || e.metaKey) && ['s', 'o', 'e', 'n', 'q', 'l', '=', '-', '+', '0', 'arrowleft', 'arrowright'].indexOf(k) >= 0)) {
        e.preventDefault();
      }
    }, true);
  },

  arenalab_js_take_wake: function () {
    var woken = Module.arenalabWake;
    Module.arenalabWake = 0;
    return woken ? 1 : 0;
  },

  // The frames the loop drew (not the page's animation frames, which come
  // 60 times a second whether or not it draws): for the browser tests.
  arenalab_js_drew: function () {
    Module.arenalabFramesDrawn = (Module.arenalabFramesDrawn || 0) + 1;
  },

  // Asking WebGL for the scissor box or the blend state is a synchronous
  // round trip to the browser's GPU process (100 to 400 us each, measured
  // in Chromium), and Dear ImGui's OpenGL3 backend asks seven of them every
  // frame, to put them back after it draws: 10% of a frame's time in
  // tests/bench/frame_100k.arena. The page is the only one that sets them,
  // so it keeps them itself: asked once here, then followed through every
  // call that sets them.
  // The fuller CJK font (site/cjk-full.ttf), asked for by the app only when
  // the text on screen has a character the built-in subset lacks: into the
  // in-memory file system at `path`, then arenalab_web_font_arrived with ""
  // or the reason it failed (an HTTP status, a network error).
  arenalab_js_fetch_font: function (url, path) {
    url = UTF8ToString(url);
    path = UTF8ToString(path);
    var done = function (error) {
      Module.ccall('arenalab_web_font_arrived', null, ['string'], [error]);
      Module.arenalabWake = 1; // no input event brings it
    };
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' ' + url);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var dir = path.substring(0, path.lastIndexOf('/'));
      try { FS.mkdir(dir); } catch (e) {}
      FS.writeFile(path, new Uint8Array(buffer));
      done('');
    }).catch(function (e) { done(String(e && e.message ? e.message : e)); });
  },

  arenalab_js_shadow_gl_state: function () {
    var gl = GLctx;
    var kept = {};
    [gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA,
     gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA].forEach(function (name) { kept[name] = gl.getParameter(name); });
    var getParameter = gl.getParameter.bind(gl);
    gl.getParameter = function (name) {
      var v = kept[name];
      if (v === undefined) return getParameter(name);
      return name === gl.SCISSOR_BOX ? new Int32Array(v) : v;
    };
    var scissor = gl.scissor.bind(gl);
    gl.scissor = function (x, y, w, h) {
      scissor(x, y, w, h);
      kept[gl.SCISSOR_BOX] = [x, y, w, h];
    };
    var blendFuncSeparate = gl.blendFuncSeparate.bind(gl);
    gl.blendFuncSeparate = function (srcRgb, dstRgb, srcAlpha, dstAlpha) {
      blendFuncSeparate(srcRgb, dstRgb, srcAlpha, dstAlpha);
      kept[gl.BLEND_SRC_RGB] = srcRgb;
      kept[gl.BLEND_DST_RGB] = dstRgb;
      kept[gl.BLEND_SRC_ALPHA] = srcAlpha;
      kept[gl.BLEND_DST_ALPHA] = dstAlpha;
    };
    gl.blendFunc = function (src, dst) { gl.blendFuncSeparate(src, dst, src, dst); };
    var blendEquationSeparate = gl.blendEquationSeparate.bind(gl);
    gl.blendEquationSeparate = function (rgb, alpha) {
      blendEquationSeparate(rgb, alpha);
      kept[gl.BLEND_EQUATION_RGB] = rgb;
      kept[gl.BLEND_EQUATION_ALPHA] = alpha;
    };
    gl.blendEquation = function (mode) { gl.blendEquationSeparate(mode, mode); };
    // Emscripten's glBufferSubData passes WebGL2 the heap with a length,
    // and a length of 0 means "to the end of the heap" there: Dear ImGui's
    // upload of a draw list with no vertices (the arena view's, which only
    // calls back) then warns "bufferSubData: buffer overflow" every frame,
    // hiding any real WebGL error. Nothing to upload is no call.
    var bufferSubData = gl.bufferSubData.bind(gl);
    gl.bufferSubData = function (target, offset, source, sourceOffset, length) {
      if (arguments.length >= 5 && length === 0) return;
      return bufferSubData.apply(null, arguments);
    };
  },

  // The first frame drawn: milliseconds since navigation began, in the
  // console and for the tests (docs/browser.md's budget of 2 s).
  arenalab_js_first_frame: function () {
    Module.arenalabFirstFrameMs = performance.now();
    console.log('arenalab: first frame ' + Math.round(Module.arenalabFirstFrameMs) + ' ms after navigation');
    if (Module.arenalabStarted) Module.arenalabStarted(); // index.html: the loading message goes
  },

  // main() could not open the window (no WebGL2 context, say): the page
  // says so (index.html), instead of a blank canvas.
  arenalab_js_cannot_start: function (why) {
    var text = UTF8ToString(why);
    if (Module.arenalabCannotStart) Module.arenalabCannotStart(text);
  },

  // The address a copied link starts with: the page's own, without its
  // query (`?bench`, a course page's own parameters) or fragment.
  arenalab_js_page_address: function () {
    return allocateUTF8(location.origin + location.pathname);
  },

  // The address's query (after '?', before '#'): `bench` runs the bench.
  arenalab_js_query: function () {
    return allocateUTF8((location.search || '').replace(/^\?/, ''));
  },

  // The fragment as in the address, still percent-encoded: the parser
  // splits it at '&' and '=' before it decodes each part (lab/link.hpp).
  arenalab_js_fragment: function () {
    return allocateUTF8(location.hash || '');
  },

  // The browser's language (navigator.languages first, as a page reads it):
  // what a link without &lang= opens in.
  arenalab_js_language: function () {
    var langs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || ''];
    return allocateUTF8(String(langs[0] || ''));
  },

  arenalab_js_set_clipboard: function (text) {
    var s = UTF8ToString(text);
    Module.arenalabClipboard = s; // what the tests read back
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(s).catch(function () {});
    }
  },

  arenalab_js_download: function (name, data, size) {
    var bytes = HEAPU8.slice(data, data + size);
    var fileName = UTF8ToString(name);
    var blob = new Blob([bytes], { type: fileName.endsWith('.png') ? 'image/png' : 'text/plain' });
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    Module.arenalabLastDownload = { name: fileName, size: size };
  },

  arenalab_js_pick_file: function () {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.arena,.txt,text/plain';
    input.onchange = function () { if (input.files.length > 0) Module.arenalabOpenFile(input.files[0]); };
    input.click();
  },
});
