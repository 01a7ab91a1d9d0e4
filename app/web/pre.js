// Runs inside the page's module before main (--pre-js): the recovery
// folder (/state) lives in the browser's storage (IndexedDB, through
// Emscripten's built-in IDBFS), so unsaved work autosaved there is offered
// back on the next visit, as a crashed window's is on the desktop.
Module.preRun = Module.preRun || [];
Module.preRun.push(function () {
  FS.mkdir('/state');
  FS.mount(IDBFS, {}, '/state');
  addRunDependency('arenalab-state');
  FS.syncfs(true, function (err) {
    if (err) console.warn('arenalab: the browser storage could not be read: ' + err);
    removeRunDependency('arenalab-state');
  });
});
Module.postRun = Module.postRun || [];
Module.postRun.push(function () {
  // The window autosaves every two seconds into /state; this carries its
  // writes (and removals) to the browser's storage. One sync at a time:
  // one asked for during another runs after it, for what changed meanwhile.
  var syncing = false;
  var after = null; // the callbacks of the sync that waits
  var sync = function (done) {
    if (syncing) {
      after = after || [];
      if (done) after.push(done);
      return;
    }
    syncing = true;
    FS.syncfs(false, function (err) {
      syncing = false;
      if (err) console.warn('arenalab: the browser storage could not be written: ' + err);
      Module.arenalabSynced = (Module.arenalabSynced || 0) + 1;
      if (done) done();
      if (after) {
        var waiting = after;
        after = null;
        sync(function () { waiting.forEach(function (f) { f(); }); });
      }
    });
  };
  setInterval(sync, 1000);
  // Before the page changes: the work of the last two seconds too (the app
  // writes its recovery file now), then the sync; `done` once it is stored.
  Module.arenalabSaveNow = function (done) {
    Module._arenalab_web_autosave_now();
    var called = false;
    var once = function () {
      if (!called && done) done();
      called = true;
    };
    sync(once);
    setTimeout(once, 3000); // the storage never answered: go on anyway
  };
  window.addEventListener('pagehide', function () { Module.arenalabSaveNow(); });
});
