// A whole kiosk through createKioskApp (the services the Electron shell and the demo run) with
// the simulated modem, in a fresh temporary database for each test, and the calls the
// integration tests make on it: IPC channels by name and the codes the simulated phones receive.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createKioskApp, type KioskApp } from '../../src/main/kiosk-app';
import type { IpcResult } from '../../src/shared/ipc/contract';

export interface KioskAppHarness {
  /** The current test's app. */
  readonly app: KioskApp;
  send(channel: string, payload?: unknown): Promise<IpcResult<unknown>>;
  /** The channel's value, or throws with main's error code and message. */
  call<T>(channel: string, payload?: unknown): Promise<T>;
  /** The code in the next text message the simulated modem sends to `e164`. */
  nextCode(e164: string): Promise<string>;
}

/** Starts a demo kiosk before each test and closes it (and removes its files) after. */
export function useKioskApp(tmpPrefix: string): KioskAppHarness {
  let dir: string;
  let app: KioskApp | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), tmpPrefix));
    app = await createKioskApp({
      dbPath: join(dir, 'kiosk.db'),
      demo: true,
      minResponseMs: 0,
      log: () => undefined,
    });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const current = (): KioskApp => {
    if (!app) throw new Error('The kiosk app exists only while a test runs.');
    return app;
  };
  const send = (channel: string, payload: unknown = {}): Promise<IpcResult<unknown>> =>
    Promise.resolve(current().dispatcher.dispatch(channel, payload));
  return {
    get app() {
      return current();
    },
    send,
    async call<T>(channel: string, payload: unknown = {}): Promise<T> {
      const result = await send(channel, payload);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
    nextCode(e164: string): Promise<string> {
      const simulator = current().simulator!;
      return new Promise((resolve) => {
        const listener = (message: { to: string; text: string }) => {
          if (message.to !== e164) return;
          simulator.off('message', listener);
          resolve(/\d{6,8}/.exec(message.text)![0]);
        };
        simulator.on('message', listener);
      });
    },
  };
}
