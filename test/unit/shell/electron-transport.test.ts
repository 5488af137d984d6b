import { EventEmitter } from 'node:events';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as electron from './fake-electron';
import { channels, EVENT_NAMES, type Channel } from '../../../src/shared/ipc/contract';
import { createDispatcher, type HandlerTable } from '../../../src/main/ipc/dispatcher';
import { registerElectronTransport, senderProblem } from '../../../src/main/ipc/electron-transport';
import { isAppUrl, type ShellOptions } from '../../../src/main/window';

const shell: ShellOptions = { windowed: false, devTools: false, outDir: resolve('/opt/kiosk/out') };
const appUrl = 'app://kiosk/index.html';

function handlerTable() {
  const table = {} as Record<Channel, ReturnType<typeof vi.fn>>;
  for (const channel of Object.keys(channels) as Channel[]) {
    table[channel] = vi.fn(async () => ({ ok: true, value: channel }));
  }
  return table;
}

let window: electron.BrowserWindow | null;
let events: EventEmitter;
let handlers: ReturnType<typeof handlerTable>;
let unregister: () => void;
let rejected: Mock<(channel: Channel, reason: string) => void>;

function invoke(channel: string, event: object, payload: unknown = {}) {
  const handler = electron.ipcMain.handlers.get(channel) as (e: object, p: unknown) => unknown;
  return handler(event, payload) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: { code: string };
  }>;
}

function fromKioskPage() {
  const contents = window!.webContents;
  return { sender: contents, senderFrame: contents.mainFrame };
}

beforeEach(() => {
  electron.ipcMain.handlers.clear();
  window = new electron.BrowserWindow({ webPreferences: {} });
  window.webContents.mainFrame.url = appUrl;
  events = new EventEmitter();
  handlers = handlerTable();
  rejected = vi.fn();
  unregister = registerElectronTransport({
    dispatcher: createDispatcher(handlers as unknown as HandlerTable, () => undefined),
    events,
    window: () => window as never,
    isAppUrl: (url) => isAppUrl(url, shell),
    onRejected: rejected,
  });
});

afterEach(() => unregister());

describe('the Electron transport', () => {
  it('handles exactly the channels of the contract', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
  });

  it('accepts the kiosk window top frame on the app page and dispatches', async () => {
    const result = await invoke('signin.start', fromKioskPage(), { phone: '+358401234567' });
    expect(result).toEqual({ ok: true, value: 'signin.start' });
    expect(handlers['signin.start']).toHaveBeenCalledWith({ phone: '+358401234567' });
  });

  it('still parses the payload: an invalid one is a typed error, not a crash', async () => {
    const result = await invoke('signin.start', fromKioskPage(), { phone: 42, extra: true });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('invalid_request');
    expect(handlers['signin.start']).not.toHaveBeenCalled();
  });

  const foreign: Array<[string, () => object]> = [
    [
      'another web contents',
      () => {
        const other = new electron.BrowserWindow({ webPreferences: {} }).webContents;
        other.mainFrame.url = appUrl;
        return { sender: other, senderFrame: other.mainFrame };
      },
    ],
    [
      'an iframe of the kiosk page',
      () => {
        const top = window!.webContents.mainFrame;
        const child = new electron.FakeFrame(appUrl, top.processId, 'iframe-token');
        child.parent = top;
        return { sender: window!.webContents, senderFrame: child };
      },
    ],
    [
      'a frame that is not the current top frame',
      () => ({
        sender: window!.webContents,
        senderFrame: new electron.FakeFrame(appUrl, 999, 'stale-token'),
      }),
    ],
    ['a frame that is gone', () => ({ sender: window!.webContents, senderFrame: null })],
    [
      'the top frame showing a foreign page',
      () => {
        window!.webContents.mainFrame.url = 'https://evil.example/';
        return fromKioskPage();
      },
    ],
    [
      'the top frame showing another local file',
      () => {
        window!.webContents.mainFrame.url = pathToFileURL('/tmp/evil.html').href;
        return fromKioskPage();
      },
    ],
    [
      'the built index.html opened as a file: URL (the app lives on app://kiosk/ only)',
      () => {
        window!.webContents.mainFrame.url = pathToFileURL(
          join(shell.outDir, 'renderer', 'index.html'),
        ).href;
        return fromKioskPage();
      },
    ],
    [
      'the top frame showing an asset of the app origin instead of its page',
      () => {
        window!.webContents.mainFrame.url = 'app://kiosk/assets/index.js';
        return fromKioskPage();
      },
    ],
    [
      'the top frame on another host of the app scheme',
      () => {
        window!.webContents.mainFrame.url = 'app://evil/index.html';
        return fromKioskPage();
      },
    ],
    [
      'a closed kiosk window',
      () => {
        const event = fromKioskPage();
        window!.destroyed = true;
        return event;
      },
    ],
  ];

  for (const [name, makeEvent] of foreign) {
    it(`refuses ${name} with forbidden_sender`, async () => {
      const result = await invoke('session.signOut', makeEvent());
      expect(result).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', message: expect.any(String) },
      });
      expect(handlers['session.signOut']).not.toHaveBeenCalled();
      expect(rejected).toHaveBeenCalledWith('session.signOut', expect.any(String));
    });
  }

  it('refuses everything when there is no window', async () => {
    const event = fromKioskPage();
    window = null;
    expect((await invoke('kiosk.info', event)).error?.code).toBe('forbidden_sender');
    expect(senderProblem(event as never, null, () => true)).toBe('no kiosk window');
  });

  it('forwards every contract event to the kiosk page under its own name', () => {
    const send = window!.webContents.send;
    for (const name of EVENT_NAMES) events.emit(name, { name });
    expect(send.mock.calls).toEqual(EVENT_NAMES.map((name) => [name, { name }]));
  });

  it('does not forward events to a page that is not the app', () => {
    window!.webContents.mainFrame.url = 'https://evil.example/';
    events.emit('modem.status', { state: 'down', reason: 'x' });
    expect(window!.webContents.send).not.toHaveBeenCalled();
  });

  it('unregisters handlers and event listeners', () => {
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
    for (const name of EVENT_NAMES) expect(events.listenerCount(name)).toBe(0);
    unregister = () => undefined;
  });
});
