// What `npm start` hands to Electron (scripts/start.mjs), as pure functions for the tests.
// `npm start` always runs the built app: it never passes --dev and drops ELECTRON_RENDERER_URL,
// so the kiosk cannot be pointed at a dev server (or anyone's page) by the environment.

/** Electron's arguments: the app folder, then the user's flags without --dev. */
export function electronArgs(argv) {
  return ['.', ...argv.filter((arg) => arg !== '--dev')];
}

/** Electron's environment: the Electron build of better-sqlite3; no dev URL, not run-as-node. */
export function electronEnv(env, nativeBinding) {
  const next = { ...env, KIOSK_SQLITE_BINDING: nativeBinding };
  delete next.ELECTRON_RUN_AS_NODE;
  delete next.ELECTRON_RENDERER_URL;
  return next;
}
