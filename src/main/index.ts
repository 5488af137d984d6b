// Composition root of the Electron shell: one instance, the kiosk services, the IPC transport,
// the kiosk window, resource windows per signed-in session, and a clean quit.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  dialog,
  powerSaveBlocker,
  protocol,
  safeStorage,
  type BrowserWindow,
  type WebContents,
} from 'electron';
import { applyLockdown, debugSwitchIn, focusExistingWindow } from './lockdown';
import { systemScheduler } from './time';
import { registerAppScheme } from './app-protocol';
import { electronSealer } from './safe-storage';
import { createKioskApp, type KioskApp } from './kiosk-app';
import { registerElectronTransport } from './ipc/electron-transport';
import {
  createMainWindow,
  defaultOutDir,
  isAppUrl,
  isHttpUrl,
  navigationAllowed,
  openResourceWindow,
  resourcePartition,
  shellOptionsFrom,
  wipeSessionStorage,
  type ShellOptions,
} from './window';
import type { SessionView } from '../shared/ipc/contract';

/**
 * better-sqlite3 built for Electron's ABI (scripts/electron-native.mjs): the path `npm start`
 * passes in KIOSK_SQLITE_BINDING, else the default build folder. Undefined means the copy in
 * node_modules, which only loads if it was built for Electron (a packaged app rebuilds it).
 */
export function electronSqliteBinding(
  env: NodeJS.ProcessEnv,
  appPath: string,
  isPackaged: boolean,
): string | undefined {
  if (isPackaged) return undefined;
  const candidates = [
    env.KIOSK_SQLITE_BINDING,
    join(appPath, '.electron-native', 'better-sqlite3', 'better_sqlite3.node'),
  ];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** Every web contents, ours or not: no webviews, no new windows, no navigation without a rule. */
function guardWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void; url: string }) => {
    if (!navigationAllowed(contents, event.url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

export function startShell(): void {
  // A packaged kiosk never runs with a debugger attached (dev tools are off, the fuses refuse
  // --inspect; Chromium's remote debugging can only be refused by not starting).
  const debugSwitch = app.isPackaged ? debugSwitchIn(process.argv) : null;
  if (debugSwitch) {
    console.error(`SMS Kiosk Sign-In does not start with ${debugSwitch}.`);
    app.exit(1);
    return;
  }
  // A second copy would fight over the modem and the database: hand over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  // app://kiosk/ must be privileged before 'ready'; window.ts serves it once the app is ready.
  registerAppScheme(protocol);

  const shell: ShellOptions = shellOptionsFrom(
    process.argv,
    process.env,
    app.isPackaged,
    defaultOutDir(__dirname),
  );
  let mainWindow: BrowserWindow | null = null;
  let kiosk: KioskApp | null = null;
  let unregister: (() => void) | null = null;
  let closed = false;

  // Resource windows of the signed-in session live in a partition named for that session.
  let sessionKey: string | null = null;
  const resourceWindows = new Set<BrowserWindow>();

  const endSessionWindows = async () => {
    for (const child of resourceWindows) if (!child.isDestroyed()) child.destroy();
    resourceWindows.clear();
    const key = sessionKey;
    sessionKey = null;
    await wipeSessionStorage(key ? resourcePartition(key) : null, mainWindow);
  };

  const openResource = async (url: string) => {
    if (!kiosk || !isHttpUrl(url)) return;
    // Only the signed-in worker's own resources open; anything else the page asks for is dropped.
    const current = await kiosk.dispatcher.dispatch('session.current', {});
    const view = current.ok ? (current.value as SessionView | null) : null;
    if (!view?.resources.some((resource) => sameUrl(resource.url, url))) return;
    sessionKey ??= randomUUID().replace(/-/g, '');
    const child = openResourceWindow(url, resourcePartition(sessionKey), mainWindow ?? undefined);
    if (!child) return;
    resourceWindows.add(child);
    child.on('closed', () => resourceWindows.delete(child));
  };

  app.on('second-instance', () => focusExistingWindow(mainWindow));
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closed || !kiosk) return;
    event.preventDefault();
    const closing = kiosk;
    kiosk = null;
    unregister?.();
    closing
      .close()
      .catch((error: unknown) => console.error('Closing the kiosk services failed:', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  void app
    .whenReady()
    .then(async () => {
      const argv = process.argv;
      kiosk = await createKioskApp({
        dbPath: process.env.KIOSK_DB ?? join(app.getPath('userData'), 'kiosk.db'),
        modemPort: flagValue(argv, 'modem') ?? process.env.KIOSK_MODEM_PORT,
        demo: argv.includes('--demo') || process.env.KIOSK_DEMO === '1',
        nativeBinding: electronSqliteBinding(process.env, app.getAppPath(), app.isPackaged),
        // The install secret sealed by the OS key store where there is one.
        sealer: electronSealer(safeStorage),
      });
      kiosk.events.on('session.signedOut', () => {
        endSessionWindows().catch((error: unknown) =>
          console.error('Wiping the session storage failed:', error),
        );
      });
      unregister = registerElectronTransport({
        dispatcher: kiosk.dispatcher,
        events: kiosk.events,
        window: () => mainWindow,
        isAppUrl: (url) => isAppUrl(url, shell),
        onRejected: (channel, reason) => console.warn(`IPC ${channel} refused: ${reason}`),
      });
      mainWindow = createMainWindow(shell, {
        onOpenRequest: (url) => {
          openResource(url).catch((error: unknown) =>
            console.error('Opening a resource failed:', error),
          );
        },
      });
      const lockdown = applyLockdown(mainWindow, {
        // Shortcuts stay usable only in windowed development with dev tools on.
        blockShortcuts: !shell.devTools,
        devToolsAllowed: shell.devTools,
        scheduler: systemScheduler,
        log: console,
        powerSaveBlocker,
      });
      mainWindow.on('closed', () => {
        lockdown.recovery.dispose();
        mainWindow = null;
      });
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('SMS Kiosk Sign-In could not start:', error);
      dialog.showErrorBox('SMS Kiosk Sign-In could not start', message);
      app.exit(1);
    });
}

startShell();
