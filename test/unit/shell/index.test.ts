import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

const kioskApp = vi.hoisted(() => ({
  create: vi.fn(),
}));
vi.mock('../../../src/main/kiosk-app', () => ({ createKioskApp: kioskApp.create }));

type Fake = typeof import('./fake-electron');

function fakeKiosk(resources: Array<{ name: string; url: string }> | null) {
  const dispatch = vi.fn(async (channel: string) =>
    channel === 'session.current'
      ? { ok: true, value: resources ? { resources } : null }
      : { ok: true, value: null },
  );
  return { dispatcher: { dispatch }, events: new EventEmitter(), close: vi.fn(async () => {}) };
}

/** Loads src/main/index.ts afresh (it starts the shell on import) against a fresh fake. */
async function start(options: { lock?: boolean; kiosk?: ReturnType<typeof fakeKiosk> } = {}) {
  vi.resetModules();
  const electron: Fake = await import('electron' as string);
  electron.BrowserWindow.instances.length = 0;
  electron.ipcMain.handlers.clear();
  electron.app.removeAllListeners();
  vi.clearAllMocks();
  electron.app.requestSingleInstanceLock.mockReturnValue(options.lock ?? true);
  const kiosk = options.kiosk ?? fakeKiosk(null);
  kioskApp.create.mockResolvedValue(kiosk);
  const shell = await import('../../../src/main/index');
  await vi.waitFor(() => {
    if (options.lock !== false && electron.BrowserWindow.instances.length === 0) {
      throw new Error('no window yet');
    }
  });
  return { electron, kiosk, shell };
}

beforeEach(() => {
  delete process.env.KIOSK_DB;
});

describe('the composition root', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { electron } = await start({ lock: false });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(kioskApp.create).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('with the lock: sandbox for all, kiosk services in userData, transport, then the window', async () => {
    const { electron } = await start();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    // app:// is privileged before 'ready' (Electron ignores it afterwards).
    const privileged = electron.protocol.registerSchemesAsPrivileged.mock;
    expect(privileged.calls[0]![0]).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(privileged.invocationCallOrder[0]!).toBeLessThan(
      electron.app.whenReady.mock.invocationCallOrder[0]!,
    );
    expect(electron.session.defaultSession.protocol.handlers.has('app')).toBe(true);
    expect(kioskApp.create).toHaveBeenCalledWith(
      expect.objectContaining({ dbPath: join('/fake/userData', 'kiosk.db') }),
    );
    expect(electron.ipcMain.handlers.size).toBeGreaterThan(0);
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });

  it('locks the kiosk window down: deny-list, recovery, display kept awake', async () => {
    const { electron } = await start();
    const window = electron.BrowserWindow.instances[0]!;
    const contents = window.webContents;
    const event = { preventDefault: vi.fn() };
    const f12 = {
      type: 'keyDown',
      key: 'F12',
      code: 'F12',
      control: false,
      alt: false,
      shift: false,
      meta: false,
    };
    contents.emit('before-input-event', event, f12);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.listenerCount('render-process-gone')).toBe(1);
    expect(contents.listenerCount('unresponsive')).toBe(1);
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalled();
    window.show();
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
  });

  it('a packaged kiosk refuses to start with a remote-debugging switch', async () => {
    vi.resetModules();
    const electron: Fake = await import('electron' as string);
    electron.app.removeAllListeners();
    electron.BrowserWindow.instances.length = 0;
    vi.clearAllMocks();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const argv = process.argv;
    process.argv = [...argv, '--remote-debugging-port=9222'];
    electron.app.isPackaged = true;
    try {
      await import('../../../src/main/index');
      expect(electron.app.exit).toHaveBeenCalledWith(1);
      expect(electron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
      expect(electron.app.whenReady).not.toHaveBeenCalled();
    } finally {
      process.argv = argv;
      electron.app.isPackaged = false;
    }
  });

  it('a second instance focuses the first window', async () => {
    const { electron } = await start();
    const window = electron.BrowserWindow.instances[0]!;
    window.minimized = true;
    electron.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('guards every new web contents: no window.open, no webviews, no navigation without a rule', async () => {
    const { electron } = await start();
    const stray = new electron.FakeWebContents(electron.session.defaultSession);
    electron.app.emit('web-contents-created', {}, stray);
    expect(stray.windowOpenHandler!({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = electron.navigationEvent('https://x.example/');
      stray.emit(name, event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
  });

  it('opens only the signed-in worker’s own resources, in a per-session partition', async () => {
    const kiosk = fakeKiosk([{ name: 'Rota', url: 'https://rota.example' }]);
    const { electron } = await start({ kiosk });
    const main = electron.BrowserWindow.instances[0]!;
    main.webContents.windowOpenHandler!({ url: 'https://evil.example/' });
    main.webContents.windowOpenHandler!({ url: 'https://rota.example/' });
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(2));
    const child = electron.BrowserWindow.instances[1]!;
    const partition = child.options.webPreferences!.partition as string;
    expect(partition).toMatch(/^kiosk-resources-[0-9a-f]{32}$/);
    expect(child.loadURL).toHaveBeenCalledWith('https://rota.example/');

    // Sign-out closes it and wipes its partition and the kiosk window's storage.
    kiosk.events.emit('session.signedOut', { reason: 'idle' });
    await vi.waitFor(() =>
      expect(electron.session.fromPartition(partition).clearStorageData).toHaveBeenCalled(),
    );
    expect(child.destroyed).toBe(true);
    expect(electron.session.defaultSession.clearStorageData).toHaveBeenCalled();

    // The next session gets a new partition.
    main.webContents.windowOpenHandler!({ url: 'https://rota.example/' });
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(3));
    expect(electron.BrowserWindow.instances[2]!.options.webPreferences!.partition).not.toBe(
      partition,
    );
  });

  it('opens nothing when nobody is signed in', async () => {
    const { electron, kiosk } = await start();
    electron.BrowserWindow.instances[0]!.webContents.windowOpenHandler!({
      url: 'https://rota.example/',
    });
    await vi.waitFor(() => expect(kiosk.dispatcher.dispatch).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });

  it('closes the kiosk services before quitting', async () => {
    const { electron, kiosk } = await start();
    const event = electron.navigationEvent('');
    electron.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(electron.ipcMain.handlers.size).toBe(0);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(kiosk.close).toHaveBeenCalledTimes(1);
    const again = electron.navigationEvent('');
    electron.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('finds the Electron build of better-sqlite3, never when packaged', async () => {
    const { shell } = await start();
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-native-'));
    const binding = join(dir, 'better_sqlite3.node');
    writeFileSync(binding, '');
    expect(shell.electronSqliteBinding({ KIOSK_SQLITE_BINDING: binding }, '/nowhere', false)).toBe(
      binding,
    );
    expect(shell.electronSqliteBinding({ KIOSK_SQLITE_BINDING: binding }, '/nowhere', true)).toBe(
      undefined,
    );
    expect(shell.electronSqliteBinding({}, '/nowhere', false)).toBeUndefined();
    const appDir = mkdtempSync(join(tmpdir(), 'kiosk-app-'));
    const inApp = join(appDir, '.electron-native', 'better-sqlite3', 'better_sqlite3.node');
    await import('node:fs').then((fs) => fs.mkdirSync(join(inApp, '..'), { recursive: true }));
    writeFileSync(inApp, '');
    expect(shell.electronSqliteBinding({}, appDir, false)).toBe(inApp);
  });

  it('shows an error and exits when the services cannot start', async () => {
    vi.resetModules();
    const electron: Fake = await import('electron' as string);
    electron.app.removeAllListeners();
    vi.clearAllMocks();
    electron.app.requestSingleInstanceLock.mockReturnValue(true);
    kioskApp.create.mockRejectedValue(new Error('database from the future'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../../src/main/index');
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      'database from the future',
    );
  });
});
