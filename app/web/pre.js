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
  // writes (and removals) to the browser's storage.
  var syncing = false;
  var sync = function () {
    if (syncing) return;
    syncing = true;
    FS.syncfs(false, function (err) {
      syncing = false;
      if (err) console.warn('arenalab: the browser storage could not be written: ' + err);
      Module.arenalabSynced = (Module.arenalabSynced || 0) + 1;
    });
  };
  setInterval(sync, 1000);
  window.addEventListener('pagehide', sync);
});
