// createKioskApp without a browser: what the Electron shell and the harness both rely on (the
// kiosk id, contract events, the modem status) and the harness's adjustable clock. Runs in the
// Playwright worker next to the browser tests; no page is opened.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createKioskApp, type KioskApp, type KioskEventMap } from '../../src/main/kiosk-app';
import { AdjustableScheduler } from '../../src/dev/adjustable-scheduler';
import { seedDemo } from '../../src/dev/demo-seed';
import type { EventName } from '../../src/shared/ipc/contract';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-app-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(app: KioskApp) {
  const seen: Array<{ [E in EventName]: { event: E; payload: KioskEventMap[E][0] } }[EventName]> =
    [];
  app.events.on('modem.status', (payload) => seen.push({ event: 'modem.status', payload }));
  app.events.on('session.expiring', (payload) => seen.push({ event: 'session.expiring', payload }));
  app.events.on('session.signedOut', (payload) =>
    seen.push({ event: 'session.signedOut', payload }),
  );
  return seen;
}

/** Resolves once `app` has emitted `event`. */
function next<E extends EventName>(app: KioskApp, event: E): Promise<KioskEventMap[E][0]> {
  return new Promise((resolve) =>
    app.events.once(event, ((payload: KioskEventMap[E][0]) => resolve(payload)) as never),
  );
}

test('keeps its kiosk id in the database across restarts', async () => {
  const dbPath = join(dir, 'kiosk.db');
  const first = await createKioskApp({ dbPath, demo: true, log: () => undefined });
  const id = first.kioskId;
  expect(id).toMatch(/^kiosk-[0-9a-f]{8}$/);
  const info = await first.dispatcher.dispatch('kiosk.info', {});
  expect(info).toMatchObject({ ok: true, value: { kioskId: id, demo: true } });
  await first.close();

  const second = await createKioskApp({ dbPath, demo: true, log: () => undefined });
  expect(second.kioskId).toBe(id);
  expect(second.services.audit.verify()).toMatchObject({ ok: true });
  await second.close();
});

test('publishes the modem status as events and in kiosk.info; sign-in follows it', async () => {
  const app = await createKioskApp({
    dbPath: join(dir, 'kiosk.db'),
    demo: true,
    minResponseMs: 0,
    log: () => undefined,
  });
  try {
    seedDemo(app.services);
    expect(app.modemStatus()).toMatchObject({ state: 'ready', operator: 'Simulated Network' });

    const down = next(app, 'modem.status');
    app.simulator!.setNetwork('none');
    await app.modem.checkHealth();
    expect(await down).toEqual({ state: 'down', reason: expect.stringMatching(/network/i) });
    expect(await app.dispatcher.dispatch('kiosk.info', {})).toMatchObject({
      ok: true,
      value: { modem: { state: 'down' } },
    });
    expect(await app.dispatcher.dispatch('signin.start', { phone: '040 100 0002' })).toMatchObject({
      ok: false,
      error: { code: 'sms_unavailable' },
    });

    const up = next(app, 'modem.status');
    app.simulator!.setNetwork('home');
    await app.modem.checkHealth();
    expect(await up).toMatchObject({ state: 'ready' });
    expect(await app.dispatcher.dispatch('signin.start', { phone: '040 100 0002' })).toMatchObject({
      ok: true,
    });
  } finally {
    await app.close();
  }
});

test('emits session.expiring and session.signedOut on the injected clock', async () => {
  const scheduler = new AdjustableScheduler(Date.UTC(2026, 0, 5, 8));
  const app = await createKioskApp({
    dbPath: join(dir, 'kiosk.db'),
    demo: true,
    scheduler,
    minResponseMs: 0,
    log: () => undefined,
  });
  try {
    seedDemo(app.services);
    const seen = record(app);
    const sms = new Promise<string>((resolve) =>
      app.simulator!.once('message', (m) => resolve(m.text)),
    );
    const started = await app.dispatcher.dispatch('signin.start', { phone: '040 100 0002' });
    expect(started.ok).toBe(true);
    const { challengeId } = (started as { ok: true; value: { challengeId: string } }).value;
    const code = /\d{6}/.exec(await sms)![0];
    const verified = await app.dispatcher.dispatch('signin.verify', { challengeId, code });
    expect(verified).toMatchObject({
      ok: true,
      value: { state: 'signed_in', session: { user: { displayName: 'Aino Virtanen' } } },
    });
    const { idleEndsAt } = (verified as { ok: true; value: { session: { idleEndsAt: number } } })
      .value.session;

    scheduler.advance(90_000);
    expect(seen).toEqual([{ event: 'session.expiring', payload: { idleEndsAt } }]);
    scheduler.advance(30_000);
    expect(seen.at(-1)).toEqual({ event: 'session.signedOut', payload: { reason: 'idle' } });
    expect(await app.dispatcher.dispatch('session.current', {})).toEqual({ ok: true, value: null });
  } finally {
    await app.close();
  }
});

test('the adjustable clock runs in real time and jumps on demand, firing timers in order', async () => {
  const scheduler = new AdjustableScheduler(1_000_000);
  expect(Math.abs(scheduler.now() - 1_000_000)).toBeLessThan(1_000);
  const fired: string[] = [];
  scheduler.setTimeout(() => fired.push('b'), 20_000);
  scheduler.setTimeout(() => {
    fired.push('a');
    scheduler.setTimeout(() => fired.push('a2'), 5_000);
  }, 10_000);
  const cancelled = scheduler.setTimeout(() => fired.push('never'), 12_000);
  scheduler.clearTimeout(cancelled);
  const later = scheduler.setTimeout(() => fired.push('c'), 60_000);

  scheduler.advance(20_000);
  expect(fired).toEqual(['a', 'a2', 'b']);
  expect(scheduler.pendingTimers()).toBe(1);
  scheduler.clearTimeout(later);

  // Timers that are not jumped over still fire in real time.
  await new Promise<void>((resolve) => scheduler.setTimeout(resolve, 5));
  expect(scheduler.pendingTimers()).toBe(0);
});
