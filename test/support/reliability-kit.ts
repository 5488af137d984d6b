// The whole send path for reliability tests: the real sign-in engine and outbox on a real
// database, a real ModemDevice over serialport's MockBinding, and a ModemSimulator with extra
// fault knobs (a modem that hangs after the prompt, line noise). Time is a stepping scheduler:
// the rig lets all pending I/O run (it is nextTick / promise work only, MockBinding never uses
// real timers), then jumps to the next timer, so minutes of modem timeouts pass in milliseconds
// and nothing ever sleeps.
import { MockBinding } from '@serialport/binding-mock';
import { openCoreServices, withEngine, type Services } from '../../src/main/services';
import { ModemDevice, type ModemDeviceOptions } from '../../src/main/modem/device';
import type { ModemError } from '../../src/main/modem/errors';
import {
  ModemSimulator,
  SimulatorBinding,
  type ReceivedMessage,
  type SimulatorProfile,
  type SimulatorTransport,
} from '../../src/main/modem/simulator';
import { createModemOutbox, type ModemOutbox } from '../../src/main/outbox/modem-wiring';
import type { RandomSource } from '../../src/main/auth/random';
import type { ChallengeInfo, SignInFailure } from '../../src/main/auth/engine';
import type { Scheduler } from '../../src/main/time';
import type { Policy } from '../../src/shared/policy';
import { ManualScheduler } from './manual-scheduler';
import type { Result } from '../../src/shared/result';

export const KIOSK = 'kiosk-1';
export const MINUTE = 60_000;

// --- time -------------------------------------------------------------------------------------

/** Lets every queued nextTick / promise job run (MockBinding and streams use nothing else). */
export async function flushIo(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

// --- seeded randomness --------------------------------------------------------------------------

/** mulberry32: small, fast, good enough to pick faults and codes reproducibly. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export class SeededRandom implements RandomSource {
  constructor(private readonly rng: Rng) {}
  int(maxExclusive: number): number {
    return this.rng.int(maxExclusive);
  }
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.rng.int(256);
    return out;
  }
}

/** Line noise: random bytes, heavy in the ones that mean something to a framer (CR, LF, >). */
export function noiseBytes(rng: Rng, length: number): Buffer {
  const special = [0x0d, 0x0a, 0x3e, 0x20, 0x00, 0xff, 0x1a, 0x2b, 0x4f, 0x4b];
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = rng.chance(0.4) ? rng.pick(special) : rng.int(256);
  return out;
}

// --- a simulator with more faults -----------------------------------------------------------

/**
 * The simulator plus two faults it does not have: a modem that goes silent (ignores input and
 * says nothing) from the next `>` prompt until recover(), and raw bytes on the line.
 */
export class FaultySimulator extends ModemSimulator {
  private raw?: SimulatorTransport;
  private hangArmed = false;
  private hung = false;
  /** Noise written to the host at these moments of the next send (then disarmed). */
  private noiseAt = new Map<'before-prompt' | 'after-payload', Buffer>();
  private corruption?: { rng: Rng; probability: number };
  /** Writes still to swallow of a +CMGS answer (the line and its OK). */
  private losingResult = 0;
  private loseResultArmed = false;

  constructor(profile: Partial<SimulatorProfile>, options: { scheduler: Scheduler }) {
    super(profile, options);
    this.on('command', (line) => {
      const noise = this.noiseAt.get('before-prompt');
      if (noise && /^AT\+CMGS=/i.test(line)) {
        this.noiseAt.delete('before-prompt');
        this.garble(noise);
      }
    });
    this.on('part', () => {
      const noise = this.noiseAt.get('after-payload');
      if (noise) {
        this.noiseAt.delete('after-payload');
        this.garble(noise);
      }
    });
  }

  override attach(transport: SimulatorTransport): void {
    this.raw = transport;
    const prompt = `${this.profile.lineEnding}${this.profile.prompt}`;
    super.attach({
      write: (data) => {
        if (this.hung) return;
        if (this.loseResultArmed && data.toString('latin1').includes('+CMGS:')) {
          this.loseResultArmed = false;
          this.losingResult = 2;
        }
        if (this.losingResult > 0) {
          this.losingResult--;
          return;
        }
        transport.write(this.corruption ? this.corrupt(data, this.corruption) : data);
        if (this.hangArmed && data.toString('latin1') === prompt) {
          this.hangArmed = false;
          this.hung = true;
        }
      },
    });
  }

  override detach(): void {
    this.raw = undefined;
    super.detach();
  }

  override receive(chunk: Uint8Array): void {
    if (this.hung) return;
    super.receive(chunk);
  }

  /** From the next prompt on, the modem takes no input and gives no output. */
  hangAfterNextPrompt(): void {
    this.hangArmed = true;
  }

  /** The next message goes out, but its +CMGS answer never reaches the host. */
  loseNextResult(): void {
    this.loseResultArmed = true;
  }

  get isHung(): boolean {
    return this.hung;
  }

  /** The modem answers again (its firmware watchdog fired, or someone power-cycled it). */
  recover(): void {
    this.hangArmed = false;
    this.hung = false;
  }

  /** Raw bytes to the host now, outside any framing. */
  garble(bytes: Buffer): void {
    if (!this.hung && !this.isUnplugged) this.raw?.write(bytes);
  }

  /** Bit errors: each byte the modem sends is replaced by a random one with this probability. */
  corruptOutput(rng: Rng, probability: number): void {
    this.corruption = { rng, probability };
  }

  stopCorrupting(): void {
    this.corruption = undefined;
  }

  private corrupt(data: Buffer, { rng, probability }: { rng: Rng; probability: number }): Buffer {
    const out = Buffer.from(data);
    for (let i = 0; i < out.length; i++) if (rng.chance(probability)) out[i] = rng.int(256);
    return out;
  }

  garbleNextSend(when: 'before-prompt' | 'after-payload', bytes: Buffer): void {
    this.noiseAt.set(when, bytes);
  }

  /** Sets a private field of the base class (a SIM that locks itself again, for example). */
  forceSimLocked(): void {
    (this as unknown as { simUnlocked: boolean }).simUnlocked = false;
  }
}

// --- the rig ----------------------------------------------------------------------------------

export interface Worker {
  employeeId: string;
  /** E.164, as the simulator files messages. */
  phone: string;
}

export interface Attempt {
  worker: Worker;
  result: Result<ChallengeInfo, SignInFailure>;
  /** Messages to this number received before the attempt started (earlier sign-ins). */
  inboxBefore: number;
  verified?: boolean;
}

export interface RigOptions {
  seed?: number;
  workers?: number;
  /** Database file; default in memory. */
  dbPath?: string;
  profile?: Partial<SimulatorProfile>;
  device?: Partial<ModemDeviceOptions>;
  policy?: Partial<Policy>;
  retry?: { initialMs?: number; maxMs?: number };
  startAt?: number;
}

let portCounter = 0;

export function workerPhone(i: number): string {
  return `+35840${String(1_000_000 + i)}`;
}

export class Rig {
  readonly scheduler: ManualScheduler;
  readonly rng: Rng;
  readonly simulator: FaultySimulator;
  readonly binding = new SimulatorBinding();
  /** Not a file path, so the device does not watch for a device node. */
  readonly path = `SIMRELIABILITY${portCounter++}`;
  readonly device: ModemDevice;
  readonly services: Services;
  readonly wired: ModemOutbox;
  readonly workers: Worker[] = [];
  readonly logs: string[] = [];
  readonly problems: ModemError[] = [];
  /** Every message the simulated network accepted, per number (the worker's phone). */
  readonly phones = new Map<string, ReceivedMessage[]>();

  constructor(options: RigOptions = {}) {
    this.scheduler = new ManualScheduler(options.startAt);
    this.rng = new Rng(options.seed ?? 1);
    this.simulator = new FaultySimulator(
      { latencyMs: 20, networkDelayMs: 1_000, autoStatusReportMs: 3_000, ...options.profile },
      { scheduler: this.scheduler },
    );
    this.simulator.on('message', (m) => {
      const list = this.phones.get(m.to) ?? [];
      list.push(m);
      this.phones.set(m.to, list);
    });
    this.binding.plug(this.path, this.simulator);
    // Production settings (health every 30 s, reconnect 1 s doubling to 30 s, 60 s CMGS result
    // timeout) unless a test says otherwise.
    this.device = new ModemDevice({
      binding: this.binding,
      path: this.path,
      scheduler: this.scheduler,
      ...options.device,
    });
    this.device.on('problem', (e) => this.problems.push(e));

    const core = openCoreServices(options.dbPath ?? ':memory:', {
      scheduler: this.scheduler,
      secret: Buffer.alloc(32, 5),
    });
    core.config.updateSite({ name: 'Harbour Depot', defaultCountry: 'FI' }, 'test');
    if (options.policy) core.config.updatePolicy(options.policy, 'test');
    this.wired = createModemOutbox({
      db: core.db,
      secret: core.secret,
      device: this.device,
      scheduler: this.scheduler,
      retry: options.retry,
      log: (line) => this.logs.push(line),
    });
    this.services = withEngine(core, {
      outbound: this.wired.outbox,
      scheduler: this.scheduler,
      random: new SeededRandom(this.rng),
      minResponseMs: 0,
    });
    const add = this.services.db.transaction((n: number) => {
      for (let i = 0; i < n; i++) {
        const phone = workerPhone(i);
        const employeeId = `W${i}`;
        this.services.registry.addUser(
          { employeeId, displayName: `Worker ${i}`, phone, language: 'en' },
          'test',
        );
        this.workers.push({ employeeId, phone });
      }
    });
    add(options.workers ?? 5);
  }

  get engine() {
    return this.services.engine;
  }

  get outbox() {
    return this.wired.outbox;
  }

  get now(): number {
    return this.scheduler.now();
  }

  /** Opens the modem (the kiosk's start-up). */
  async open(): Promise<void> {
    const opened = this.device.open();
    await this.drive(opened);
  }

  /**
   * Runs I/O and timers until `done()` holds or `maxMs` of simulated time has passed. Returns
   * whether `done()` held.
   */
  async runUntil(done: () => boolean, maxMs = 30 * MINUTE): Promise<boolean> {
    const limit = this.scheduler.now() + maxMs;
    for (;;) {
      await flushIo();
      if (done()) return true;
      const next = this.scheduler.nextAt();
      if (next === undefined || next > limit) {
        this.scheduler.advanceTo(limit);
        await flushIo();
        return done();
      }
      this.scheduler.advanceTo(next);
    }
  }

  /** Lets `ms` of simulated time pass, with every timer and I/O in it. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(() => false, ms);
  }

  /** Resolves with `promise`, moving time as it needs. */
  async drive<T>(promise: Promise<T>, maxMs = 30 * MINUTE): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await this.runUntil(() => settled, maxMs);
    return promise;
  }

  async start(worker: Worker): Promise<Attempt> {
    const inboxBefore = this.phones.get(worker.phone)?.length ?? 0;
    const result = await this.drive(this.engine.start({ phone: worker.phone, kioskId: KIOSK }));
    return { worker, result, inboxBefore };
  }

  /** Starts sign-ins for these workers one after another, as fast as they come to the kiosk. */
  async startAll(workers: readonly Worker[] = this.workers): Promise<Attempt[]> {
    const attempts: Attempt[] = [];
    for (const worker of workers) attempts.push(await this.start(worker));
    return attempts;
  }

  /** The codes that reached this worker's phone for this attempt. */
  codesFor(attempt: Attempt): string[] {
    return (this.phones.get(attempt.worker.phone) ?? [])
      .slice(attempt.inboxBefore)
      .map((m) => /\d{6,8}/.exec(m.text)?.[0] ?? `(no code in "${m.text}")`);
  }

  outboxRows(): OutboxRowView[] {
    return this.services.db
      .prepare(
        `SELECT id, challenge_id AS challengeId, to_e164 AS "to", status, reason, attempts,
           expires_at AS expiresAt FROM outbox ORDER BY id`,
      )
      .all() as OutboxRowView[];
  }

  /** Neither waiting nor in flight: every message is final. */
  outboxSettled(): boolean {
    return this.outboxRows().every((r) => r.status !== 'queued' && r.status !== 'sending');
  }

  async close(): Promise<void> {
    await this.wired.close();
    await this.device.close();
    this.services.close();
    MockBinding.reset();
  }
}

export interface OutboxRowView {
  id: number;
  challengeId: string | null;
  to: string;
  status: string;
  reason: string | null;
  attempts: number;
  expiresAt: number;
}

// --- the invariant ----------------------------------------------------------------------------

export interface Outcomes {
  /** The code reached the phone and signed the worker in. */
  delivered: number;
  /** The kiosk told the worker the code could not be sent (deliveryStatus 'failed'). */
  told: number;
  /** start() refused with sms_unavailable: the worker was told at once. */
  refused: number;
  /** Still on its way (queued for a retry within the code's lifetime). */
  pending: number;
  /** Messages the phone got more than once (at-least-once after an unknown outcome). */
  duplicates: number;
  violations: string[];
}

/**
 * Every code was either delivered (the phone has exactly that code, possibly more than once,
 * and it signs the worker in) or the worker was told; and the outbox holds nothing in limbo.
 * Verifies each delivered code once (that uses the challenge up).
 */
export function checkOutcomes(
  rig: Rig,
  attempts: Attempt[],
  options: { allowPending?: boolean } = {},
): Outcomes {
  const out: Outcomes = {
    delivered: 0,
    told: 0,
    refused: 0,
    pending: 0,
    duplicates: 0,
    violations: [],
  };
  const rows = rig.outboxRows();
  for (const attempt of attempts) {
    const who = `${attempt.worker.employeeId} (${attempt.worker.phone})`;
    if (!attempt.result.ok) {
      if (attempt.result.error.code === 'sms_unavailable') out.refused++;
      else out.violations.push(`${who}: start() refused with ${attempt.result.error.code}`);
      continue;
    }
    const { challengeId } = attempt.result.value;
    const status = rig.engine.deliveryStatus(challengeId, KIOSK);
    const codes = rig.codesFor(attempt);
    const distinct = [...new Set(codes)];
    if (distinct.length > 1) {
      out.violations.push(`${who}: the phone got different codes ${distinct.join(', ')}`);
    }
    if (codes.length > 1) out.duplicates += codes.length - 1;
    if (status === 'sent' && codes.length === 0) {
      out.violations.push(`${who}: the kiosk says the code was sent, the phone has no SMS`);
    }
    if (distinct.length === 1 && !attempt.verified) {
      const verified = rig.engine.verifyNow({ challengeId, code: distinct[0]!, kioskId: KIOSK });
      attempt.verified = verified.ok;
      if (!verified.ok) {
        out.violations.push(
          `${who}: the code on the phone does not sign in: ${verified.error.code}`,
        );
      }
    }
    if (status === 'sent') out.delivered++;
    else if (status === 'failed') out.told++;
    else if (status === 'pending') {
      const row = rows.find((r) => r.challengeId === challengeId);
      const waiting = row?.status === 'queued' && row.expiresAt > rig.now;
      if (!options.allowPending || !waiting) {
        out.violations.push(
          `${who}: still pending (outbox ${row?.status ?? 'no row'}, expires ${row ? row.expiresAt - rig.now : '?'} ms from now)`,
        );
      }
      out.pending++;
    } else out.violations.push(`${who}: delivery status ${status}`);
  }
  for (const row of rows) {
    if (row.status === 'sending') out.violations.push(`outbox ${row.id} left in 'sending'`);
    if (row.status === 'queued' && row.expiresAt <= rig.now) {
      out.violations.push(`outbox ${row.id} queued past its expiry`);
    }
    if (row.status === 'queued' && !options.allowPending) {
      out.violations.push(`outbox ${row.id} still queued`);
    }
  }
  return out;
}

/** Whether each attempt has an answer for the worker (sent, failed or refused). */
export function allAnswered(rig: Rig, attempts: Attempt[]): boolean {
  return attempts.every(
    (a) =>
      !a.result.ok || rig.engine.deliveryStatus(a.result.value.challengeId, KIOSK) !== 'pending',
  );
}
