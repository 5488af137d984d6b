// The soak run behind `tsx scripts/soak.ts` and test/integration/reliability/soak.test.ts: many
// sign-ins through the whole send path (reliability-kit's Rig, on a database file) with seeded
// random faults, checking for every sign-in that the code arrived and signs in or the worker was
// told, and sampling memory and handles as it goes. Simulated time: a day of kiosk traffic with
// its modem timeouts runs in seconds, and the same seed gives the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { KIOSK, MINUTE, noiseBytes, Rig, type Attempt, type Worker } from './reliability-kit';

export type FaultKind =
  | 'unplug-after-prompt'
  | 'unplug-after-payload'
  | 'silence-after-prompt'
  | 'garbage'
  | 'cms-temporary'
  | 'cms-permanent'
  | 'sim-pin-power-cycle'
  | 'sim-pin-in-place'
  | 'network-lost';

export const FAULT_KINDS: readonly FaultKind[] = [
  'unplug-after-prompt',
  'unplug-after-payload',
  'silence-after-prompt',
  'garbage',
  'cms-temporary',
  'cms-permanent',
  'sim-pin-power-cycle',
  'sim-pin-in-place',
  'network-lost',
];

export interface SoakBounds {
  /** Growth after warm-up, after a forced GC: V8 heap in use, MB. */
  heapMB: number;
  /** Growth after warm-up: resident set size, MB. */
  rssMB: number;
  /** Growth after warm-up: process.getActiveResourcesInfo() entries. */
  handles: number;
  /** Timers the app has pending on its clock at any sample (they must not pile up). */
  timers: number;
}

export const DEFAULT_BOUNDS: SoakBounds = { heapMB: 8, rssMB: 48, handles: 0, timers: 32 };

export interface SoakOptions {
  signins: number;
  seed?: number;
  /** Registered workers the sign-ins are spread over. */
  workers?: number;
  /** Chance that a fault starts before a sign-in. */
  faultRate?: number;
  /** Memory samples over the run. */
  samples?: number;
  /** Share of the run before the baseline sample. */
  warmUp?: number;
  bounds?: Partial<SoakBounds>;
  progress?: (line: string) => void;
}

export interface SoakSample {
  signins: number;
  heapMB: number;
  rssMB: number;
  /** Buffers and other memory V8 objects hold outside the heap. */
  externalMB: number;
  handles: number;
  timers: number;
}

export interface SoakSummary {
  ok: boolean;
  signins: number;
  seed: number;
  workers: number;
  /** Code arrived and signed the worker in. */
  delivered: number;
  /** deliveryStatus 'failed': the kiosk told the worker. */
  told: number;
  /** start() answered sms_unavailable. */
  refused: number;
  /** Private mode: the operator refused the number, answered like a decoy's send (not told). */
  hidden: number;
  /** Extra copies of a code on a phone (at-least-once after an unknown outcome). */
  duplicates: number;
  faults: Partial<Record<FaultKind, number>>;
  violations: number;
  firstViolations: string[];
  unhandledRejections: number;
  simulatedHours: number;
  wallMs: number;
  signinsPerSecond: number;
  baseline: SoakSample;
  final: SoakSample;
  growth: { heapMB: number; rssMB: number; handles: number };
  maxTimers: number;
  bounds: SoakBounds;
  failures: string[];
  samples: SoakSample[];
}

/**
 * Resources that come and go with the test runner or the terminal, not with the kiosk: stdio
 * and a runner's own message ports and its pending file reads.
 */
const IGNORED_RESOURCES = new Set(['TTYWrap', 'PipeWrap', 'MessagePort', 'FSReqCallback']);

const round = (n: number) => Math.round(n * 10) / 10;

function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function runSoak(options: SoakOptions): Promise<SoakSummary> {
  const seed = options.seed ?? 1;
  const bounds = { ...DEFAULT_BOUNDS, ...options.bounds };
  const signins = options.signins;
  const workerCount = options.workers ?? 300;
  const faultRate = options.faultRate ?? 0.03;
  const sampleEvery = Math.max(1, Math.floor(signins / (options.samples ?? 20)));
  const warmUpSignins = Math.floor(signins * (options.warmUp ?? 0.2));
  const progress = options.progress ?? (() => undefined);
  const gc = forcedGc();

  let unhandled = 0;
  const onUnhandled = (reason: unknown) => {
    unhandled++;
    progress(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
  };
  process.on('unhandledRejection', onUnhandled);

  const dir = mkdtempSync(join(tmpdir(), 'kiosk-soak-'));
  const rig = new Rig({
    seed,
    workers: workerCount,
    dbPath: join(dir, 'kiosk.db'),
    // The kiosk knows its SIM PIN, so a modem that reboots into "SIM PIN" comes back.
    device: { pin: '1234' },
    policy: { perKioskHourlyCap: 10_000, perSimDailyCap: 100_000, perNumberSendCap: 20 },
  });
  const rng = rig.rng;
  const startedWall = Date.now();
  const startedSim = rig.now;
  const faults: Partial<Record<FaultKind, number>> = {};
  const violations: string[] = [];
  const samples: SoakSample[] = [];
  const counts = { delivered: 0, told: 0, refused: 0, hidden: 0, duplicates: 0 };
  const idle: Worker[] = [...rig.workers];
  const active = new Map<string, Attempt>();
  /** An outage (unplug, silence, no network, locked SIM) in progress: at most one at a time. */
  let outage: { kind: FaultKind; recoverAt?: number; recover?: () => void } | undefined;
  let maxTimers = 0;
  let done = 0;
  let baseline: SoakSample | undefined;

  const violate = (what: string) => {
    violations.push(`sign-in ${done}: ${what}`);
  };

  const sample = (): SoakSample => {
    // The soak's own records of what phones received are dropped as sign-ins resolve; the
    // simulator's inbox and the rig's log are test scaffolding, emptied here.
    rig.simulator.clearInbox();
    rig.logs.length = 0;
    rig.problems.length = 0;
    gc();
    const memory = process.memoryUsage();
    return {
      signins: done,
      heapMB: round(memory.heapUsed / 2 ** 20),
      rssMB: round(memory.rss / 2 ** 20),
      externalMB: round(memory.external / 2 ** 20),
      handles: process.getActiveResourcesInfo().filter((r) => !IGNORED_RESOURCES.has(r)).length,
      timers: rig.scheduler.pending,
    };
  };

  const unsettledRows = rig.services.db.prepare(
    `SELECT id, status, expires_at AS expiresAt FROM outbox WHERE status IN ('queued', 'sending')`,
  );
  const checkLimbo = () => {
    const rows = unsettledRows.all() as Array<{ id: number; status: string; expiresAt: number }>;
    if (rows.filter((r) => r.status === 'sending').length > 1) {
      violate(`more than one message in 'sending'`);
    }
    // The worker loop drops expired messages between sends; while one send is in flight (up to
    // a minute) an expired message may wait in 'queued', but it is never picked to be sent.
    const busy = rows.some((r) => r.status === 'sending');
    for (const r of rows) {
      if (r.status === 'queued' && r.expiresAt <= rig.now && !busy) {
        violate(`outbox ${r.id} queued past expiry`);
      }
    }
  };

  // A copy that arrives after the worker already signed in with the first one (the modem's answer
  // was lost, the outbox sent it again): it must carry the same code.
  const lastCode = new Map<string, string>();
  rig.simulator.on('message', (m) => {
    if (active.has(m.to)) return;
    counts.duplicates++;
    const code = /\d{6,8}/.exec(m.text)?.[0];
    if (code !== lastCode.get(m.to))
      violate(`${m.to} got code ${code} after signing in with ${lastCode.get(m.to)}`);
    rig.phones.delete(m.to);
  });

  const destinationRefusal = rig.services.db.prepare(
    `SELECT 1 FROM outbox o JOIN challenges c ON c.outbound_id = o.id
      WHERE c.id = ? AND o.status = 'failed' AND o.destination_fault = 1`,
  );
  const refusedForDestination = (challengeId: string) =>
    destinationRefusal.get(challengeId) !== undefined;

  /** Whether a sign-in in progress has an answer or its SMS arrived. */
  const hasNews = () => {
    for (const attempt of active.values()) {
      if (!attempt.result.ok) continue;
      if ((rig.phones.get(attempt.worker.phone)?.length ?? 0) > attempt.inboxBefore) return true;
      if (rig.engine.deliveryStatus(attempt.result.value.challengeId, KIOSK) !== 'pending') {
        return true;
      }
    }
    return false;
  };

  /** Settles the sign-ins that have an answer: delivered and signed in, or told. */
  const resolve = () => {
    for (const [phone, attempt] of active) {
      if (!attempt.result.ok) continue;
      const { challengeId, expiresAt } = attempt.result.value;
      const status = rig.engine.deliveryStatus(challengeId, KIOSK);
      const codes = rig.codesFor(attempt);
      if (status === 'pending') {
        if (codes.length === 0) continue;
        // The phone has it, the modem's answer is on its way: the worker types it now.
      }
      const distinct = [...new Set(codes)];
      if (distinct.length > 1) violate(`${phone} got different codes ${distinct.join(', ')}`);
      if (status === 'sent' && codes.length === 0) {
        // Private mode answers the operator's refusal of this number like a decoy's send (telling
        // would say the number is registered); anything else that says sent must have arrived.
        if (refusedForDestination(challengeId)) counts.hidden++;
        else violate(`${phone}: sent, but no SMS arrived`);
      }
      if (distinct.length === 1) {
        lastCode.set(phone, distinct[0]!);
        const verified = rig.engine.verifyNow({ challengeId, code: distinct[0]!, kioskId: KIOSK });
        if (!verified.ok) {
          const arrived = (rig.phones.get(phone) ?? [])
            .slice(attempt.inboxBefore)
            .map((m) => m.receivedAt);
          violate(
            `${phone}: the code on the phone fails: ${verified.error.code} (arrived ${arrived
              .map((t) => t - expiresAt)
              .join(', ')} ms after expiry, checked ${rig.now - expiresAt} ms after)`,
          );
        } else if (verified.value.state === 'signed_in') {
          rig.engine.signOut(verified.value.signedIn.sessionId, 'user');
        }
        counts.delivered++;
      } else if (status === 'failed') counts.told++;
      else if (status !== 'pending' && status !== 'sent')
        violate(`${phone}: delivery status ${status}`);
      counts.duplicates += Math.max(0, codes.length - 1);
      active.delete(phone);
      rig.phones.delete(phone);
      idle.push(attempt.worker);
    }
  };

  const startFault = (kind: FaultKind) => {
    faults[kind] = (faults[kind] ?? 0) + 1;
    const later = (minMs: number, spanMs: number) => rig.now + minMs + rng.int(spanMs);
    const sim = rig.simulator;
    switch (kind) {
      case 'unplug-after-prompt':
      case 'unplug-after-payload':
        sim.unplugDuringNextSend(kind === 'unplug-after-prompt' ? 'after-prompt' : 'after-payload');
        outage = {
          kind,
          recover: () => {
            if (sim.isUnplugged) rig.binding.replug(rig.path);
          },
        };
        // Replugged a while after it really went.
        sim.once('unplug', () => {
          if (outage?.kind === kind) outage.recoverAt = later(2_000, 60_000);
        });
        break;
      case 'silence-after-prompt':
        sim.hangAfterNextPrompt();
        outage = { kind, recover: () => sim.recover() };
        break;
      case 'garbage': {
        sim.garble(noiseBytes(rng, 1 + rng.int(80)));
        sim.corruptOutput(rng, 0.002 + rng.next() * 0.02);
        const stop = later(1_000, 30_000);
        rig.scheduler.setTimeout(() => sim.stopCorrupting(), stop - rig.now);
        break;
      }
      case 'cms-temporary':
        sim.failNextSends(
          Array.from({ length: 1 + rng.int(3) }, () => ({
            cms: rng.pick([38, 41, 42, 47, 500, 512]),
          })),
        );
        break;
      case 'cms-permanent':
        sim.failNextSends([{ cms: rng.pick([21, 50, 69]) }]);
        break;
      case 'sim-pin-power-cycle':
        sim.profile.pin = '1234';
        rig.binding.unplug(rig.path);
        outage = {
          kind,
          recoverAt: later(2_000, 30_000),
          recover: () => rig.binding.replug(rig.path),
        };
        break;
      case 'sim-pin-in-place':
        // The driver does not enter the PIN again by itself (see docs/RELIABILITY.md): a site
        // manager power-cycles the modem.
        sim.profile.pin = '1234';
        sim.forceSimLocked();
        outage = {
          kind,
          recoverAt: later(30_000, 3 * MINUTE),
          recover: () => {
            rig.binding.unplug(rig.path);
            rig.scheduler.setTimeout(() => rig.binding.replug(rig.path), 5_000);
          },
        };
        break;
      case 'network-lost':
        sim.setNetwork('none');
        outage = {
          kind,
          recoverAt: later(5_000, 6 * MINUTE),
          recover: () => sim.setNetwork('home'),
        };
        break;
    }
  };

  const tickOutage = () => {
    if (!outage) return;
    if (
      outage.kind === 'silence-after-prompt' &&
      outage.recoverAt === undefined &&
      rig.simulator.isHung
    ) {
      outage.recoverAt = rig.now + 10_000 + rng.int(4 * MINUTE);
    }
    if (outage.recoverAt !== undefined && rig.now >= outage.recoverAt) {
      outage.recover?.();
      outage = undefined;
    }
  };

  try {
    await rig.open();
    while (done < signins) {
      // Workers arrive every few seconds, sometimes several at once.
      const gap = rng.chance(0.15) ? 0 : 1_000 + rng.int(14_000);
      // Meanwhile, a worker whose phone beeps types the code at once.
      const until = rig.now + gap;
      do {
        await rig.runUntil(hasNews, until - rig.now);
        tickOutage();
        resolve();
      } while (rig.now < until);
      if (rng.chance(faultRate)) {
        const kind = rng.pick(FAULT_KINDS);
        const isOutage = !['garbage', 'cms-temporary', 'cms-permanent'].includes(kind);
        if (!isOutage || !outage) startFault(kind);
      }
      const worker = idle.length > 0 ? idle.splice(rng.int(idle.length), 1)[0]! : undefined;
      if (worker) {
        const attempt = await rig.start(worker);
        done++;
        if (attempt.result.ok) active.set(worker.phone, attempt);
        else {
          if (attempt.result.error.code === 'sms_unavailable') counts.refused++;
          else violate(`${worker.phone}: start() refused with ${attempt.result.error.code}`);
          idle.push(worker);
        }
      }
      checkLimbo();
      maxTimers = Math.max(maxTimers, rig.scheduler.pending);
      if (done % sampleEvery === 0 && worker) {
        const s = sample();
        samples.push(s);
        if (!baseline && done >= warmUpSignins) baseline = s;
        progress(
          `${done}/${signins} sign-ins, heap ${s.heapMB} MB, rss ${s.rssMB} MB, handles ${s.handles}, timers ${s.timers}, ${violations.length} violation(s)`,
        );
      }
    }
    // The end of the shift: every fault is over; every sign-in gets its answer.
    if (outage) {
      outage.recover?.();
      outage = undefined;
    }
    rig.simulator.stopCorrupting();
    rig.simulator.recover();
    rig.simulator.setNetwork('home');
    if (rig.simulator.isUnplugged) rig.binding.replug(rig.path);
    // An unplug still armed for the next send: plugged back soon after.
    rig.simulator.on('unplug', () =>
      rig.scheduler.setTimeout(() => rig.binding.replug(rig.path), 5_000),
    );
    await rig.runUntil(() => {
      resolve();
      return active.size === 0 && rig.outboxSettled();
    }, 15 * MINUTE);
    for (const phone of active.keys()) violate(`${phone}: no answer at the end`);
    if (!rig.outboxSettled()) violate('the outbox did not settle at the end');
  } finally {
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
  }

  const final = sample();
  samples.push(final);
  baseline ??= samples[0] ?? final;
  // The last few samples against the baseline, so one noisy sample neither hides nor fakes growth.
  const tail = samples.slice(-3);
  const mean = (f: (s: SoakSample) => number) => tail.reduce((a, s) => a + f(s), 0) / tail.length;
  const growth = {
    heapMB: round(mean((s) => s.heapMB) - baseline.heapMB),
    rssMB: round(mean((s) => s.rssMB) - baseline.rssMB),
    handles: Math.max(...tail.map((s) => s.handles)) - baseline.handles,
  };
  const failures: string[] = [];
  if (violations.length) failures.push(`${violations.length} sign-in(s) broke the invariant`);
  if (unhandled) failures.push(`${unhandled} unhandled rejection(s)`);
  if (growth.heapMB > bounds.heapMB)
    failures.push(`heap grew ${growth.heapMB} MB (bound ${bounds.heapMB})`);
  if (growth.rssMB > bounds.rssMB)
    failures.push(`RSS grew ${growth.rssMB} MB (bound ${bounds.rssMB})`);
  if (growth.handles > bounds.handles) {
    failures.push(`active handles grew by ${growth.handles} (bound ${bounds.handles})`);
  }
  if (maxTimers > bounds.timers)
    failures.push(`${maxTimers} timers pending (bound ${bounds.timers})`);
  const wallMs = Date.now() - startedWall;
  return {
    ok: failures.length === 0,
    signins: done,
    seed,
    workers: workerCount,
    ...counts,
    faults,
    violations: violations.length,
    firstViolations: violations.slice(0, 20),
    unhandledRejections: unhandled,
    simulatedHours: round((rig.now - startedSim) / 3_600_000),
    wallMs,
    signinsPerSecond: Math.round((done / wallMs) * 1000),
    baseline,
    final,
    growth,
    maxTimers,
    bounds,
    failures,
    samples,
  };
}
