// The modem port choice through createKioskApp over simulated serial ports: two simulated modems
// and a silent port stand in for the computer's ports. The setup wizard's channels list them,
// move the modem to the other modem (a test SMS then arrives at a phone through it), the choice
// is used at the next start, and "detect automatically" probes again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKioskApp, type KioskApp } from '../../../src/main/kiosk-app';
import { ModemSimulator, SimulatorBinding } from '../../../src/main/modem/simulator';
import type { IpcResult } from '../../../src/shared/ipc/contract';
import type { ModemPortsView } from '../../../src/shared/admin';

let dir: string;
let binding: SimulatorBinding;
let first: { path: string; simulator: ModemSimulator };
let second: { path: string; simulator: ModemSimulator };
let silent: string;
const apps: KioskApp[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-port-'));
  binding = new SimulatorBinding();
  // Unique paths: MockBinding keeps one table of ports per process.
  const tag = randomBytes(3).toString('hex');
  first = { path: `/dev/ttyUSB-a${tag}`, simulator: new ModemSimulator({ model: 'First' }) };
  second = { path: `/dev/ttyUSB-b${tag}`, simulator: new ModemSimulator({ model: 'Second' }) };
  silent = `/dev/ttyUSB-c${tag}`;
  binding.plug(first.path, first.simulator);
  binding.plug(second.path, second.simulator);
  binding.plugSilent(silent);
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(modemPort?: string): Promise<KioskApp> {
  const app = await createKioskApp({
    dbPath: join(dir, 'kiosk.db'),
    serialBinding: binding,
    modemPort,
    minResponseMs: 0,
    log: () => undefined,
  });
  apps.push(app);
  return app;
}

async function ready(app: KioskApp): Promise<void> {
  if (app.modem.state === 'ready' && app.modem.health) return;
  await new Promise<void>((resolve) => app.modem.once('health', () => resolve()));
}

async function call<T>(app: KioskApp, channel: string, payload: unknown = {}): Promise<T> {
  const result: IpcResult<unknown> = await app.dispatcher.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const ours = (view: ModemPortsView) =>
  view.ports.filter((p) => [first.path, second.path, silent].includes(p.path));

it('lists the ports, moves the modem to the chosen one and keeps the choice for the next start', async () => {
  const app = await start(first.path);
  await ready(app);

  const listed = await call<ModemPortsView>(app, 'setup.modemPorts');
  expect(listed.current).toBe(first.path);
  expect(listed.chosen).toBeNull();
  expect(ours(listed)).toEqual([
    { path: first.path, description: expect.any(String), answersAt: true },
    { path: second.path, description: expect.stringContaining('Second'), answersAt: true },
    { path: silent, description: expect.any(String), answersAt: false },
  ]);

  const moved = await call<ModemPortsView>(app, 'setup.modemUsePort', { port: second.path });
  expect(moved).toMatchObject({ current: second.path, chosen: second.path });
  expect(moved.status.state).toBe('ready');
  expect(app.modem.info?.path).toBe(second.path);

  // A test message goes out through the modem on the new port.
  const arrived = new Promise<string>((resolve) =>
    second.simulator.once('message', (m: { to: string; text: string }) => resolve(m.text)),
  );
  const sent = await call<{ maskedTo: string }>(app, 'setup.testSms', { phone: '040 555 0199' });
  expect(sent.maskedTo).toMatch(/99$/);
  expect(await arrived).toContain('Test message');
  expect(first.simulator.inbox('+358405550199')).toEqual([]);

  await app.close();
  apps.splice(apps.indexOf(app), 1);
  const again = await start();
  await ready(again);
  expect(again.modem.info?.path).toBe(second.path);
  const audit = again.services.audit.list({ limit: 20 });
  expect(JSON.stringify(audit)).toContain(`port:${second.path}`);
});

it('"detect automatically" forgets the choice and probes for a modem; an unknown port is refused', async () => {
  const app = await start(second.path);
  await ready(app);
  const refused = await app.dispatcher.dispatch('setup.modemUsePort', { port: '/dev/ttyNOPE9' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(app.modem.info?.path).toBe(second.path);

  const auto = await call<ModemPortsView>(app, 'setup.modemUsePort', { port: null });
  expect(auto.chosen).toBeNull();
  expect(auto.status.state).toBe('ready');
  expect([first.path, second.path]).toContain(app.modem.info?.path);
});
