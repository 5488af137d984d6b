import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as electron from './fake-electron';
import { channels, EVENT_NAMES, type KioskApi } from '../../../src/shared/ipc/contract';

let api: KioskApi;

beforeAll(async () => {
  await import('../../../src/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, value] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(name).toBe('kiosk');
  api = value as KioskApi;
});

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
  electron.ipcRenderer.on.mockClear();
  electron.ipcRenderer.removeListener.mockClear();
});

describe('the preload', () => {
  it('exposes only window.kiosk: one function per contract channel, grouped by domain, and on', () => {
    const exposed = Object.entries(api as unknown as Record<string, unknown>).flatMap(
      ([domain, value]) =>
        typeof value === 'function'
          ? [domain]
          : Object.keys(value as object).map((method) => `${domain}.${method}`),
    );
    expect(exposed.sort()).toEqual([...Object.keys(channels), 'on'].sort());
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|require|process/i);
  });

  it('invokes the channel named in the contract', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { x: 1 } });
    await expect(api.signin.start({ phone: '0401234567' })).resolves.toEqual({
      ok: true,
      value: { x: 1 },
    });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('signin.start', {
      phone: '0401234567',
    });
  });

  it('turns a failed invoke into a typed error, never a throw', async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('window closing'));
    const result = await api.session.current({});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('subscribes to contract events and unsubscribes', () => {
    const listener = vi.fn();
    const off = api.on('modem.status', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('modem.status', expect.any(Function));
    const handler = electron.ipcRenderer.on.mock.calls[0]![1] as unknown as (
      e: unknown,
      p: unknown,
    ) => void;
    handler({ sender: 'ignored' }, { state: 'ready', signalDbm: -71 });
    expect(listener).toHaveBeenCalledWith({ state: 'ready', signalDbm: -71 });
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('modem.status', handler);
    expect(EVENT_NAMES).toContain('modem.status');
  });

  it('ignores names that are not contract events', () => {
    const off = (api.on as (e: string, l: () => void) => () => void)('signin.start', vi.fn());
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
    off();
  });
});
