// Fault injection on the whole send path: real engine, outbox, ModemDevice and simulator over
// MockBinding, on a stepping clock (minutes of modem timeouts pass without sleeping). For each
// fault: several workers ask for a code, the fault happens, and then every code was either
// delivered (the phone has exactly that code, and it signs in) or the worker was told
// (deliveryStatus 'failed', or start() answered sms_unavailable), and the outbox holds no
// message in limbo.
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkOutcomes,
  allAnswered,
  MINUTE,
  noiseBytes,
  Rig,
  Rng,
  type Attempt,
  type RigOptions,
} from '../../support/reliability-kit';

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function setUp(options: RigOptions = {}): Promise<Rig> {
  rig = new Rig({ workers: 6, ...options });
  await rig.open();
  return rig;
}

/** Runs until every worker has an answer and the outbox is settled (or the codes expired). */
async function settleAll(r: Rig, attempts: Attempt[], maxMs = 10 * MINUTE): Promise<void> {
  await r.runUntil(() => allAnswered(r, attempts) && r.outboxSettled(), maxMs);
}

const first5 = (r: Rig) => r.workers.slice(0, 5);

describe('fault injection', () => {
  it('baseline: with no fault every code arrives once and signs in', async () => {
    const r = await setUp();
    const attempts = await r.startAll(first5(r));
    await settleAll(r, attempts);
    expect(checkOutcomes(r, attempts)).toEqual({
      delivered: 5,
      told: 0,
      refused: 0,
      pending: 0,
      duplicates: 0,
      violations: [],
    });
    expect(attempts.every((a) => a.verified)).toBe(true);
  });

  it('unplugged during CMGS after the prompt, plugged back 20 s later: every code arrives once', async () => {
    const r = await setUp();
    r.simulator.unplugDuringNextSend('after-prompt');
    const attempts = await r.startAll(first5(r));
    await r.runUntil(() => r.device.state !== 'ready');
    // While the modem is away the kiosk says so at once.
    const during = await r.start(r.workers[5]!);
    expect(during.result.ok || during.result.error.code).toBe('sms_unavailable');
    r.scheduler.setTimeout(() => r.binding.replug(r.path), 20_000);
    await settleAll(r, attempts);
    const outcome = checkOutcomes(r, [...attempts, during]);
    expect(outcome).toMatchObject({ delivered: 5, refused: 1, duplicates: 0, violations: [] });
  });

  it('unplugged after the payload: the message went out, is sent again with the same code', async () => {
    const r = await setUp();
    r.simulator.unplugDuringNextSend('after-payload');
    const attempts = await r.startAll(first5(r));
    await r.runUntil(() => r.device.state !== 'ready');
    r.scheduler.setTimeout(() => r.binding.replug(r.path), 20_000);
    await settleAll(r, attempts);
    const outcome = checkOutcomes(r, attempts);
    // At-least-once: the first worker's phone has the code twice; both copies are the same.
    expect(outcome).toMatchObject({ delivered: 5, duplicates: 1, violations: [] });
  });

  it('unplugged and never back: every worker is told, nothing stays queued', async () => {
    const r = await setUp();
    r.simulator.unplugDuringNextSend('after-prompt');
    const attempts = await r.startAll(first5(r));
    await r.advance(2 * MINUTE);
    // Still within the codes' lifetime: queued for when the modem is back, not lost.
    const midway = checkOutcomes(r, attempts, { allowPending: true });
    expect(midway).toMatchObject({ pending: 5, violations: [] });
    await settleAll(r, attempts);
    expect(checkOutcomes(r, attempts)).toMatchObject({ told: 5, violations: [] });
    expect(r.outboxRows().map((row) => row.status)).toEqual(Array(5).fill('expired'));
  });

  it('silence after the prompt, the modem answers again 2 min later: every code arrives', async () => {
    const r = await setUp();
    r.simulator.hangAfterNextPrompt();
    const attempts = await r.startAll(first5(r));
    // The driver times the send out, then finds the modem dead (three silent commands) and
    // reconnects; until the modem answers again, sign-ins are refused.
    await r.runUntil(() => r.device.state !== 'ready', 5 * MINUTE);
    expect(r.device.state).not.toBe('ready');
    const during = await r.start(r.workers[5]!);
    expect(during.result.ok || during.result.error.code).toBe('sms_unavailable');
    r.scheduler.setTimeout(() => r.simulator.recover(), 2 * MINUTE);
    await settleAll(r, attempts);
    const outcome = checkOutcomes(r, [...attempts, during]);
    expect(outcome.violations).toEqual([]);
    expect(outcome.delivered + outcome.told).toBe(5);
    expect(outcome.delivered).toBeGreaterThan(0);
  });

  it('silence after the prompt for good: every worker is told', async () => {
    const r = await setUp();
    r.simulator.hangAfterNextPrompt();
    const attempts = await r.startAll(first5(r));
    await settleAll(r, attempts);
    expect(checkOutcomes(r, attempts)).toMatchObject({ delivered: 0, told: 5, violations: [] });
  });

  it('an answer later than the 60 s result timeout: delivered (maybe twice) or told', async () => {
    const r = await setUp();
    // The network takes 90 s to confirm the first message; the rest are quick again.
    r.simulator.profile.networkDelayMs = 90_000;
    r.simulator.once('part', () =>
      r.simulator.once('command', () => (r.simulator.profile.networkDelayMs = 1_000)),
    );
    const attempts = await r.startAll(first5(r));
    await settleAll(r, attempts);
    // The first message did go out: its late answer is dropped, the retry makes a copy.
    expect(checkOutcomes(r, attempts)).toMatchObject({
      delivered: 5,
      duplicates: 1,
      violations: [],
    });
  });

  it('garbage bytes on the line (24 seeded runs): delivered or told, nothing in limbo', async () => {
    const totals = { delivered: 0, told: 0, duplicates: 0 };
    for (let seed = 1; seed <= 24; seed++) {
      const r = await setUp({ seed });
      const rng = new Rng(seed * 7919);
      const attempts = await r.startAll(first5(r));
      // Noise before the prompt, after the payload, and at random moments in between.
      r.simulator.garbleNextSend(
        rng.pick(['before-prompt', 'after-payload'] as const),
        noiseBytes(rng, 1 + rng.int(40)),
      );
      // Then bit errors in what the modem says for a while (0.5 % to 3 % of bytes).
      r.simulator.corruptOutput(rng, 0.005 + rng.next() * 0.025);
      r.scheduler.setTimeout(() => r.simulator.stopCorrupting(), rng.int(MINUTE));
      for (let i = 0; i < 6; i++) {
        r.scheduler.setTimeout(
          () => r.simulator.garble(noiseBytes(rng, 1 + rng.int(60))),
          rng.int(8_000),
        );
      }
      await settleAll(r, attempts);
      const outcome = checkOutcomes(r, attempts);
      expect(outcome.violations, `seed ${seed}`).toEqual([]);
      expect(outcome.delivered + outcome.told, `seed ${seed}`).toBe(5);
      totals.delivered += outcome.delivered;
      totals.told += outcome.told;
      totals.duplicates += outcome.duplicates;
      await r.close();
      rig = undefined;
    }
    // Noise costs retries, not codes: almost every code still arrives.
    expect(totals.delivered).toBeGreaterThanOrEqual(110);
  }, 60_000);

  it('+CMS 38 then +CMS 500, then success: retried, every code arrives once', async () => {
    const r = await setUp();
    r.simulator.failNextSends([{ cms: 38 }, { cms: 500 }]);
    const attempts = await r.startAll(first5(r));
    await settleAll(r, attempts);
    expect(checkOutcomes(r, attempts)).toMatchObject({
      delivered: 5,
      duplicates: 0,
      violations: [],
    });
    // Each error costs its message one attempt; the worker after it is not held up.
    expect(r.outboxRows().map((row) => row.attempts)).toEqual([2, 2, 1, 1, 1]);
  });

  it('SIM PIN after a modem power cycle, PIN configured: entered again, every code arrives', async () => {
    const r = await setUp({ device: { pin: '1234' } });
    const attempts = await r.startAll(first5(r));
    await r.runUntil(() => r.simulator.inbox().length >= 2);
    r.simulator.profile.pin = '1234';
    r.binding.unplug(r.path);
    r.scheduler.setTimeout(() => r.binding.replug(r.path), 5_000);
    await settleAll(r, attempts);
    expect(checkOutcomes(r, attempts)).toMatchObject({ delivered: 5, violations: [] });
  });

  it('SIM PIN after a power cycle, no PIN configured: the workers are told', async () => {
    const r = await setUp();
    const attempts = await r.startAll(first5(r));
    await r.runUntil(() => r.simulator.inbox().length >= 2);
    r.simulator.profile.pin = '1234';
    r.binding.unplug(r.path);
    r.scheduler.setTimeout(() => r.binding.replug(r.path), 5_000);
    await r.runUntil(() => r.device.health?.sim === 'pin-required');
    const during = await r.start(r.workers[5]!);
    expect(during.result.ok || during.result.error.message).toBe(
      'The kiosk cannot send text messages right now: The SIM card needs its PIN',
    );
    await settleAll(r, attempts);
    const outcome = checkOutcomes(r, [...attempts, during]);
    expect(outcome).toMatchObject({ refused: 1, violations: [] });
    expect(outcome.delivered + outcome.told).toBe(5);
    expect(outcome.told).toBeGreaterThan(0);
  });

  it('the SIM asks for its PIN mid-run without a power cycle: the workers are told', async () => {
    const r = await setUp({ device: { pin: '1234' } });
    const attempts = await r.startAll(first5(r));
    await r.runUntil(() => r.simulator.inbox().length >= 2);
    r.simulator.profile.pin = '1234';
    r.simulator.forceSimLocked();
    await settleAll(r, attempts);
    // Every worker has an answer. That the kiosk then stays unavailable although it knows the
    // PIN is bug 2 in known-bugs.repro.ts, not asserted here.
    const outcome = checkOutcomes(r, attempts);
    expect(outcome.violations).toEqual([]);
    expect(outcome.delivered + outcome.told).toBe(5);
    expect(outcome.told).toBeGreaterThan(0);
  });

  it('network lost and back 90 s later: queued codes wait, then arrive', async () => {
    const r = await setUp();
    r.simulator.setNetwork('none');
    const attempts = await r.startAll(first5(r));
    // The health poll (every 30 s) finds no network: sign-ins are refused meanwhile.
    await r.runUntil(() => !r.outbox.availability().available);
    const during = await r.start(r.workers[5]!);
    expect(during.result.ok || during.result.error.message).toBe(
      'The kiosk cannot send text messages right now: No mobile network',
    );
    r.scheduler.setTimeout(() => r.simulator.setNetwork('home'), 90_000);
    await settleAll(r, attempts);
    expect(checkOutcomes(r, [...attempts, during])).toMatchObject({
      delivered: 5,
      refused: 1,
      duplicates: 0,
      violations: [],
    });
  });

  it('network lost for good: codes wait within their lifetime, then the workers are told', async () => {
    const r = await setUp();
    const attempts = await r.startAll(first5(r));
    r.simulator.setNetwork('none');
    await r.advance(MINUTE);
    const midway = checkOutcomes(r, attempts, { allowPending: true });
    expect(midway.violations).toEqual([]);
    expect(midway.pending).toBeGreaterThan(0);
    await settleAll(r, attempts);
    const outcome = checkOutcomes(r, attempts);
    expect(outcome.violations).toEqual([]);
    expect(outcome.delivered + outcome.told).toBe(5);
    expect(outcome.told).toBeGreaterThan(0);
  });
});
