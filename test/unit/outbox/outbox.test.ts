// The outbox worker on an in-memory (or temp-file) database with a manual clock, a scripted
// sender and a switchable modem status: every transition, retries, expiry, crash recovery,
// sealing at rest, delivery reports, and what the sign-in engine sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCoreServices, withEngine, type CoreServices } from '../../../src/main/services';
import { cmsError, type ModemError } from '../../../src/main/modem/errors';
import { deriveKey } from '../../../src/main/secret';
import {
  NO_MODEM_REASON,
  Outbox,
  type ModemStatusSource,
  type OutboxOptions,
  type SmsSendOptions,
  type SmsSender,
} from '../../../src/main/outbox/outbox';
import { openBody } from '../../../src/main/outbox/crypto';
import type { Availability } from '../../../src/main/outbox/outbound';
import { ManualScheduler } from '../../support/manual-scheduler';
import { CountingRandom } from '../../support/harness';

const SECRET = Buffer.alloc(32, 7);
const TO = '+358401234567';
const MIN = 60_000;
const BODY = '482913 is your sign-in code for Harbour Depot. It expires in 5 min.';

/** Lets queued microtasks and the fake sender's promises run; the clock does not move. */
async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

type Outcome =
  | { parts: number }
  | { error: ModemError; partsBefore?: number }
  | { hang: true }
  | { manual: true };

interface Call {
  to: string;
  text: string;
  options: SmsSendOptions;
  at: number;
  /** For { manual: true }: finish the send now. */
  resolve?: () => void;
  reject?: (error: ModemError) => void;
}

/** Answers each send with the next scripted outcome (default: one part accepted). */
class FakeSender implements SmsSender {
  readonly calls: Call[] = [];
  private readonly script: Outcome[] = [];
  private nextReference = 40;

  constructor(private readonly scheduler: ManualScheduler) {}

  will(...outcomes: Outcome[]): void {
    this.script.push(...outcomes);
  }

  sendSms(to: string, text: string, options: SmsSendOptions): Promise<{ references: number[] }> {
    const call: Call = { to, text, options, at: this.scheduler.now() };
    this.calls.push(call);
    const outcome = this.script.shift() ?? { parts: 1 };
    const accept = (count: number) => {
      const references: number[] = [];
      for (let index = 0; index < count; index++) {
        const reference = this.nextReference++ & 0xff;
        references.push(reference);
        options.onPartSent?.({ index, total: count, reference });
      }
      return references;
    };
    if ('hang' in outcome) return new Promise(() => undefined);
    if ('error' in outcome) {
      outcome.error.referencesSent = accept(outcome.partsBefore ?? 0);
      return Promise.reject(outcome.error);
    }
    if ('manual' in outcome) {
      return new Promise((resolve, reject) => {
        call.resolve = () => resolve({ references: accept(1) });
        call.reject = reject;
      });
    }
    return Promise.resolve({ references: accept(outcome.parts) });
  }
}

class FakeStatus implements ModemStatusSource {
  private value: Availability = { available: true };
  private readonly listeners = new Set<(a: Availability) => void>();
  current(): Availability {
    return this.value;
  }
  subscribe(listener: (a: Availability) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(value: Availability): void {
    this.value = value;
    for (const l of this.listeners) l(value);
  }
}

interface Kit {
  core: CoreServices;
  scheduler: ManualScheduler;
  sender: FakeSender;
  status: FakeStatus;
  outbox: Outbox;
  logs: string[];
}

let kit: Kit;

function makeOutboxKit(options: Partial<OutboxOptions> = {}): Kit {
  const scheduler = new ManualScheduler();
  const core = openCoreServices(':memory:', { scheduler, secret: SECRET });
  const sender = new FakeSender(scheduler);
  const status = new FakeStatus();
  const logs: string[] = [];
  const outbox = new Outbox({
    db: core.db,
    secret: SECRET,
    scheduler,
    sender,
    modemStatus: status,
    log: (line) => logs.push(line),
    ...options,
  });
  return { core, scheduler, sender, status, outbox, logs };
}

function enqueue(body = BODY, lifetimeMs = 5 * MIN, to = TO): string {
  return kit.outbox.enqueue({
    to,
    body,
    expiresAt: kit.scheduler.now() + lifetimeMs,
    challengeId: `challenge-${Math.random()}`,
  });
}

function rawRow(id: string) {
  return kit.core.db.prepare('SELECT * FROM outbox WHERE id = ?').get(Number(id)) as {
    body_enc: Buffer | null;
    status: string;
    reason: string | null;
    attempts: number;
    concat_reference: number;
  };
}

beforeEach(() => {
  kit = makeOutboxKit();
});

afterEach(async () => {
  await kit.outbox.stop();
  kit.core.close();
});

describe('sending', () => {
  it('goes queued → sending → sent → delivered, wiping the body once sent', async () => {
    kit.sender.will({ manual: true });
    const id = enqueue();
    expect(kit.outbox.status(id)).toEqual({ status: 'queued' });
    expect(rawRow(id).body_enc).toBeInstanceOf(Buffer);

    kit.outbox.start();
    await flush();
    expect(kit.outbox.status(id)).toEqual({ status: 'sending' });
    expect(kit.sender.calls).toHaveLength(1);
    expect(kit.sender.calls[0]).toMatchObject({ to: TO, text: BODY });
    expect(kit.sender.calls[0]!.options).toMatchObject({
      requestStatusReport: true,
      validityMinutes: 5,
    });

    kit.sender.calls[0]!.resolve!();
    await flush();
    expect(kit.outbox.status(id)).toEqual({ sentAt: expect.any(Number) as number, status: 'sent' });
    expect(rawRow(id).body_enc).toBeNull();

    expect(
      kit.outbox.handleDeliveryReport({
        reference: 40,
        recipient: TO,
        status: 0,
        outcome: 'delivered',
      }),
    ).toBe(true);
    expect(kit.outbox.status(id)).toEqual({
      sentAt: expect.any(Number) as number,
      status: 'delivered',
    });
  });

  it('sends due messages one at a time, oldest first', async () => {
    kit.sender.will({ manual: true }, { manual: true });
    const first = enqueue('first 111111');
    const second = enqueue('second 222222');
    kit.outbox.start();
    await flush();
    expect(kit.sender.calls.map((c) => c.text)).toEqual(['first 111111']);
    expect(kit.outbox.status(second)?.status).toBe('queued');
    kit.sender.calls[0]!.resolve!();
    await flush();
    expect(kit.sender.calls.map((c) => c.text)).toEqual(['first 111111', 'second 222222']);
    kit.sender.calls[1]!.resolve!();
    await flush();
    expect([kit.outbox.status(first)?.status, kit.outbox.status(second)?.status]).toEqual([
      'sent',
      'sent',
    ]);
  });

  it('picks up a message queued while the worker is idle', async () => {
    kit.outbox.start();
    await flush();
    const id = enqueue();
    expect(kit.sender.calls).toHaveLength(0);
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
    expect(kit.outbox.status(id)?.status).toBe('sent');
  });

  it('does not send twice when restarted while a send is still in flight', async () => {
    kit.sender.will({ manual: true });
    const id = enqueue();
    kit.outbox.start();
    await flush();
    const stopped = kit.outbox.stop();
    kit.outbox.start();
    kit.sender.calls[0]!.resolve!();
    await stopped;
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
    expect(kit.outbox.status(id)?.status).toBe('sent');
  });

  it('does not send a message whose transaction rolled back', async () => {
    kit.outbox.start();
    expect(() =>
      kit.core.db.transaction(() => {
        enqueue();
        throw new Error('the engine gave up');
      })(),
    ).toThrow('the engine gave up');
    await flush();
    expect(kit.sender.calls).toHaveLength(0);
    expect(kit.outbox.recent()).toEqual([]);
  });
});

describe('expiry', () => {
  it('drops a message that expires while the modem is down, without sending it', async () => {
    kit.status.set({ available: false, reason: 'No mobile network' });
    const id = enqueue(BODY, 5 * MIN);
    kit.outbox.start();
    await flush();
    expect(kit.outbox.status(id)?.status).toBe('queued');
    kit.scheduler.advance(5 * MIN - 1);
    await flush();
    expect(kit.outbox.status(id)?.status).toBe('queued');
    kit.scheduler.advance(1);
    await flush();
    expect(kit.outbox.status(id)).toEqual({
      status: 'expired',
      reason: 'The code expired before it could be sent',
    });
    expect(rawRow(id).body_enc).toBeNull();
    expect(kit.sender.calls).toHaveLength(0);
    // Nothing left to wake up for.
    expect(kit.scheduler.pendingTimers()).toBe(0);
  });

  it('never sends a message that is already expired when the worker sees it', async () => {
    const id = enqueue(BODY, 0);
    kit.outbox.start();
    await flush();
    expect(kit.outbox.status(id)?.status).toBe('expired');
    expect(kit.sender.calls).toHaveLength(0);
  });

  it('sends as soon as the modem comes back, if the code is still valid', async () => {
    kit.status.set({ available: false, reason: 'The modem is not connected' });
    const id = enqueue();
    kit.outbox.start();
    kit.scheduler.advance(MIN);
    await flush();
    expect(kit.sender.calls).toHaveLength(0);
    kit.status.set({ available: true });
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
    expect(kit.sender.calls[0]!.options.validityMinutes).toBe(4);
    expect(kit.outbox.status(id)?.status).toBe('sent');
  });
});

describe('retries', () => {
  it('retries temporary errors with backoff (+CMS 38, then 500, then OK) on one concat reference', async () => {
    kit.sender.will({ error: cmsError(38) }, { error: cmsError(500) }, { parts: 1 });
    const id = enqueue();
    kit.outbox.start();
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
    expect(kit.outbox.status(id)).toEqual({
      status: 'queued',
      reason: 'The mobile network is out of order for now',
    });
    expect(rawRow(id).body_enc).toBeInstanceOf(Buffer);

    kit.scheduler.advance(1_999);
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
    kit.scheduler.advance(1);
    await flush();
    expect(kit.sender.calls).toHaveLength(2);
    expect(kit.outbox.status(id)?.reason).toBe('The modem had an unknown error');

    kit.scheduler.advance(3_999);
    await flush();
    expect(kit.sender.calls).toHaveLength(2);
    kit.scheduler.advance(1);
    await flush();
    expect(kit.sender.calls).toHaveLength(3);
    expect(kit.outbox.status(id)).toEqual({ sentAt: expect.any(Number) as number, status: 'sent' });
    expect(rawRow(id).attempts).toBe(3);

    const concat = kit.sender.calls.map((c) => c.options.concatReference);
    expect(new Set(concat).size).toBe(1);
    expect(concat[0]).toBe(rawRow(id).concat_reference);
  });

  it('doubles the wait up to 60 s and gives up when the code would expire first', async () => {
    for (let i = 0; i < 20; i++) kit.sender.will({ error: cmsError(42) });
    const id = enqueue(BODY, 5 * MIN);
    const t0 = kit.scheduler.now();
    kit.outbox.start();
    for (let i = 0; i < 300; i++) {
      await flush();
      kit.scheduler.advance(1_000);
    }
    await flush();
    const gaps = kit.sender.calls.map((c, i, all) => c.at - (i ? all[i - 1]!.at : t0));
    expect(gaps).toEqual([0, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // The next try would come at 302 s, after the code's 300 s.
    expect(kit.outbox.status(id)).toEqual({
      status: 'expired',
      reason: 'The code expired before it could be sent: The mobile network is congested',
    });
    expect(rawRow(id).body_enc).toBeNull();
  });

  it('fails a permanent error at once with the site-manager message', async () => {
    kit.sender.will({ error: cmsError(1) });
    const id = enqueue();
    kit.outbox.start();
    await flush();
    expect(kit.outbox.status(id)).toEqual({
      status: 'failed',
      reason: 'The operator rejected the number (unassigned number)',
      destinationFault: true,
    });
    expect(rawRow(id).body_enc).toBeNull();
    kit.scheduler.advance(10 * MIN);
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
  });

  it('treats an error without a `temporary` flag as temporary under a generic message', async () => {
    kit.sender.will({ error: new Error('boom') as ModemError });
    const id = enqueue();
    kit.outbox.start();
    await flush();
    expect(kit.outbox.status(id)).toEqual({
      status: 'queued',
      reason: 'The modem driver failed unexpectedly',
    });
  });
});

describe('cancelling (a newer code replaced this one)', () => {
  it('drops a queued message and wipes its body; the engine sees it as expired', async () => {
    const id = enqueue();
    kit.outbox.cancel(id);
    expect(rawRow(id)).toMatchObject({ status: 'cancelled', body_enc: null });
    expect(kit.outbox.status(id)).toEqual({
      status: 'expired',
      reason: 'A newer code replaced this message',
    });
    kit.outbox.start();
    await flush();
    expect(kit.sender.calls).toHaveLength(0);
  });

  it('does not retry a message cancelled while it was being sent', async () => {
    kit.sender.will({ manual: true });
    const id = enqueue();
    kit.outbox.start();
    await flush();
    kit.outbox.cancel(id);
    expect(kit.outbox.status(id)?.status).toBe('sending');
    kit.sender.calls[0]!.reject!(cmsError(38));
    await flush();
    expect(rawRow(id)).toMatchObject({ status: 'cancelled', body_enc: null });
    kit.scheduler.advance(MIN);
    await flush();
    expect(kit.sender.calls).toHaveLength(1);
  });

  it('ignores ids it never issued', () => {
    expect(() => kit.outbox.cancel('nope')).not.toThrow();
    expect(kit.outbox.status('nope')).toBeUndefined();
    expect(kit.outbox.status('999')).toBeUndefined();
  });
});

describe('availability', () => {
  it('says "No modem is set up" without a sender, and stores but never sends', async () => {
    const bare = makeOutboxKit({ sender: undefined, modemStatus: undefined });
    expect(bare.outbox.availability()).toEqual({ available: false, reason: NO_MODEM_REASON });
    bare.outbox.start();
    bare.outbox.enqueue({
      to: TO,
      body: BODY,
      expiresAt: bare.scheduler.now() + MIN,
      challengeId: 'c',
    });
    await flush();
    expect(bare.outbox.recent().map((m) => m.status)).toEqual(['queued']);
    await bare.outbox.stop();
    bare.core.close();
  });

  it('passes on the modem status with its reason', () => {
    expect(kit.outbox.availability()).toEqual({ available: true });
    kit.status.set({ available: false, reason: 'There is no SIM card in the modem' });
    expect(kit.outbox.availability()).toEqual({
      available: false,
      reason: 'There is no SIM card in the modem',
    });
  });
});

describe('at rest', () => {
  it('keeps only ciphertext bound to the destination, and wipes it in every final state', async () => {
    const code = '739164';
    const id = enqueue(`${code} is your sign-in code.`);
    const row = rawRow(id);
    expect(JSON.stringify(kit.core.db.prepare('SELECT * FROM outbox').all())).not.toContain(code);
    expect(row.body_enc!.includes(Buffer.from(code))).toBe(false);
    const challengeId = (
      kit.core.db.prepare('SELECT challenge_id FROM outbox WHERE id = ?').get(Number(id)) as {
        challenge_id: string;
      }
    ).challenge_id;
    const key = deriveKey(SECRET, 'outbox');
    expect(openBody(key, row.body_enc!, { to: TO, challengeId })).toBe(
      `${code} is your sign-in code.`,
    );
    expect(() => openBody(key, row.body_enc!, { to: '+358409999999', challengeId })).toThrow();

    kit.sender.will({ parts: 1 }, { error: cmsError(1) });
    const cancelled = enqueue();
    kit.outbox.cancel(cancelled);
    const expired = enqueue(BODY, 0);
    const failed = enqueue();
    kit.outbox.start();
    await flush();
    const rows = kit.core.db.prepare('SELECT id, status, body_enc FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { id: Number(id), status: 'sent', body_enc: null },
      { id: Number(cancelled), status: 'cancelled', body_enc: null },
      { id: Number(expired), status: 'expired', body_enc: null },
      { id: Number(failed), status: 'failed', body_enc: null },
    ]);
  });

  it('fails, without sending, a message whose row was moved to another number', async () => {
    const id = enqueue();
    kit.core.db.prepare("UPDATE outbox SET to_e164 = '+358409999999' WHERE id = ?").run(Number(id));
    kit.outbox.start();
    await flush();
    expect(kit.sender.calls).toHaveLength(0);
    expect(kit.outbox.status(id)).toEqual({
      status: 'failed',
      reason: 'The stored message could not be read: the database or its key file was changed',
    });
  });

  it('never writes a body to the log', async () => {
    kit.sender.will({ error: cmsError(38) }, { parts: 1 });
    enqueue();
    kit.outbox.start();
    await flush();
    kit.scheduler.advance(2_000);
    await flush();
    expect(kit.logs.length).toBeGreaterThan(1);
    expect(kit.logs.join('\n')).not.toContain('482913');
  });
});

describe('crash recovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function openFileKit(sender: FakeSender, scheduler: ManualScheduler) {
    // No secret option: the key file beside the database must carry over between runs.
    const core = openCoreServices(join(dir, 'kiosk.db'), { scheduler });
    const outbox = new Outbox({ db: core.db, secret: core.secret, scheduler, sender });
    return { core, outbox };
  }

  it('sends a message again that was `sending` when the process died', async () => {
    const scheduler = new ManualScheduler();
    const first = new FakeSender(scheduler);
    first.will({ hang: true });
    const before = openFileKit(first, scheduler);
    const id = before.outbox.enqueue({
      to: TO,
      body: BODY,
      expiresAt: scheduler.now() + 5 * MIN,
      challengeId: 'c1',
    });
    before.outbox.start();
    await flush();
    expect(before.outbox.status(id)?.status).toBe('sending');
    // The crash: no stop(), the connection just goes away.
    before.core.close();

    scheduler.advance(30_000);
    const second = new FakeSender(scheduler);
    const after = openFileKit(second, scheduler);
    expect(after.outbox.status(id)?.status).toBe('sending');
    after.outbox.start();
    expect(after.outbox.status(id)).toEqual({
      status: 'queued',
      reason: 'The kiosk stopped while sending it; sending again',
    });
    await flush();
    expect(second.calls.map((c) => c.text)).toEqual([BODY]);
    expect(second.calls[0]!.options.concatReference).toBe(first.calls[0]!.options.concatReference);
    expect(after.outbox.status(id)).toEqual({
      sentAt: expect.any(Number) as number,
      status: 'sent',
    });
    await after.outbox.stop();
    after.core.close();
  });

  it('expires instead of resending when the code ran out while the kiosk was down', async () => {
    const scheduler = new ManualScheduler();
    const first = new FakeSender(scheduler);
    first.will({ hang: true });
    const before = openFileKit(first, scheduler);
    const id = before.outbox.enqueue({
      to: TO,
      body: BODY,
      expiresAt: scheduler.now() + 5 * MIN,
      challengeId: 'c1',
    });
    before.outbox.start();
    await flush();
    before.core.close();

    scheduler.advance(6 * MIN);
    const second = new FakeSender(scheduler);
    const after = openFileKit(second, scheduler);
    after.outbox.start();
    await flush();
    expect(second.calls).toHaveLength(0);
    expect(after.outbox.status(id)?.status).toBe('expired');
    expect(
      (after.core.db.prepare('SELECT body_enc FROM outbox').get() as { body_enc: null }).body_enc,
    ).toBeNull();
    await after.outbox.stop();
    after.core.close();
  });
});

describe('delivery reports', () => {
  it('marks a three-part message delivered once every part is, matched by reference and number', async () => {
    kit.sender.will({ parts: 3 });
    const id = enqueue('long '.repeat(80));
    const other = enqueue();
    kit.outbox.start();
    await flush();
    const parts = kit.core.db
      .prepare('SELECT part, reference FROM outbox_parts WHERE message_id = ? ORDER BY part')
      .all(Number(id));
    expect(parts).toEqual([
      { part: 0, reference: 40 },
      { part: 1, reference: 41 },
      { part: 2, reference: 42 },
    ]);
    const report = (
      reference: number,
      recipient = TO,
      outcome: 'delivered' | 'pending' = 'delivered',
    ) => kit.outbox.handleDeliveryReport({ reference, recipient, status: 0, outcome });

    expect(report(40)).toBe(true);
    expect(report(41, '+46701234567')).toBe(false);
    expect(report(41, TO, 'pending')).toBe(false);
    expect(report(99)).toBe(false);
    // National format, as some networks report it.
    expect(report(41, '0401234567')).toBe(true);
    expect(kit.outbox.status(id)?.status).toBe('sent');
    expect(report(42)).toBe(true);
    expect(kit.outbox.status(id)?.status).toBe('delivered');
    expect(kit.outbox.status(other)?.status).toBe('sent');
  });

  it('marks a message failed when the network reports a part undeliverable', async () => {
    const id = enqueue();
    kit.outbox.start();
    await flush();
    kit.outbox.handleDeliveryReport({
      reference: 40,
      recipient: TO,
      status: 0x41,
      outcome: 'failed',
    });
    expect(kit.outbox.status(id)).toEqual({
      status: 'failed',
      reason: 'The network could not deliver the message (status 65)',
      sentAt: expect.any(Number) as number,
    });
  });

  it('keeps "sent to the network" and "delivered to the phone" apart in the list', async () => {
    kit.sender.will({ parts: 1 }, { parts: 1 }, { parts: 1 });
    const waiting = enqueue();
    const delivered = enqueue();
    const undelivered = enqueue();
    const never = enqueue();
    kit.outbox.cancel(never);
    kit.outbox.start();
    await flush();
    const sentAt = kit.scheduler.now();
    kit.scheduler.advance(MIN);
    const report = (reference: number, outcome: 'delivered' | 'failed') =>
      kit.outbox.handleDeliveryReport({ reference, recipient: TO, status: 0x41, outcome });
    report(41, 'delivered');
    report(42, 'failed');
    const byId = new Map(kit.outbox.recent().map((m) => [m.id, m]));
    const view = (id: string) => {
      const m = byId.get(id)!;
      return [m.status, m.sentAt, m.delivery, m.deliveredAt];
    };
    expect(view(waiting)).toEqual(['sent', sentAt, 'waiting', null]);
    expect(view(delivered)).toEqual(['delivered', sentAt, 'delivered', sentAt + MIN]);
    expect(view(undelivered)).toEqual(['failed', sentAt, 'failed', null]);
    expect(view(never)).toEqual(['cancelled', null, null, null]);
  });

  it('matches the newest use of a reference, after references wrapped', async () => {
    kit.sender.will({ parts: 1 });
    const old = enqueue();
    kit.outbox.start();
    await flush();
    kit.scheduler.advance(MIN);
    // Force the same reference for the next message.
    (kit.sender as unknown as { nextReference: number }).nextReference = 40;
    const fresh = enqueue();
    await flush();
    kit.outbox.handleDeliveryReport({
      reference: 40,
      recipient: TO,
      status: 0,
      outcome: 'delivered',
    });
    expect(kit.outbox.status(fresh)?.status).toBe('delivered');
    expect(kit.outbox.status(old)?.status).toBe('sent');
  });

  it('settles a report that overtook the end of its own send', async () => {
    kit.sender.will({ manual: true });
    const id = enqueue();
    kit.outbox.start();
    await flush();
    const call = kit.sender.calls[0]!;
    // The device reports the part as accepted, then holds the report until sendSms settles.
    call.options.onPartSent!({ index: 0, total: 1, reference: 77 });
    expect(
      kit.outbox.handleDeliveryReport({
        reference: 77,
        recipient: TO,
        status: 0,
        outcome: 'delivered',
      }),
    ).toBe(true);
    expect(kit.outbox.status(id)?.status).toBe('sending');
    (kit.sender as unknown as { nextReference: number }).nextReference = 77;
    call.resolve!();
    await flush();
    expect(kit.outbox.status(id)?.status).toBe('delivered');
  });

  it('counts a part delivered by an earlier, interrupted attempt', async () => {
    kit.sender.will({ error: cmsError(38), partsBefore: 1 }, { parts: 2 });
    const id = enqueue('long '.repeat(40));
    kit.outbox.start();
    await flush();
    kit.outbox.handleDeliveryReport({
      reference: 40,
      recipient: TO,
      status: 0,
      outcome: 'delivered',
    });
    kit.scheduler.advance(2_000);
    await flush();
    // Second attempt: parts 41 (part 0 again) and 42 (part 1).
    expect(kit.outbox.status(id)?.status).toBe('sent');
    kit.outbox.handleDeliveryReport({
      reference: 42,
      recipient: TO,
      status: 0,
      outcome: 'delivered',
    });
    expect(kit.outbox.status(id)?.status).toBe('delivered');
  });
});

describe('admin queries', () => {
  it('lists recent messages without bodies and counts what was sent', async () => {
    kit.sender.will({ parts: 2 }, { parts: 1 }, { error: cmsError(1) });
    enqueue('a');
    kit.outbox.start();
    await flush();
    kit.scheduler.advance(25 * 3_600_000);
    enqueue('b');
    enqueue('c');
    await flush();

    const list = kit.outbox.recent(10);
    expect(list.map((m) => [m.status, m.parts, m.maskedTo])).toEqual([
      ['failed', null, '+358 •••••••67'],
      ['sent', 1, '+358 •••••••67'],
      ['sent', 2, '+358 •••••••67'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/body/);
    expect(kit.outbox.recent(1)).toHaveLength(1);
    expect(kit.outbox.sentInLast24Hours()).toEqual({ messages: 1, parts: 1 });
    expect(kit.outbox.sentSince(0)).toEqual({ messages: 2, parts: 3 });
    const midnight = new Date(kit.scheduler.now());
    midnight.setHours(0, 0, 0, 0);
    expect(kit.outbox.sentToday()).toEqual(kit.outbox.sentSince(midnight.getTime()));
  });
});

describe('through the sign-in engine', () => {
  const KIOSK = 'kiosk-1';

  function engineKit() {
    const services = withEngine(kit.core, {
      outbound: kit.outbox,
      scheduler: kit.scheduler,
      random: new CountingRandom(),
      minResponseMs: 0,
    });
    kit.core.config.updateSite({ name: 'Harbour Depot', defaultCountry: 'FI' }, 'test');
    kit.core.registry.addUser(
      { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 4567', language: 'en' },
      'test',
    );
    return services.engine;
  }

  async function startOk(engine: ReturnType<typeof engineKit>) {
    const result = await engine.start({ phone: '040 123 4567', kioskId: KIOSK });
    if (!result.ok) throw new Error(`start failed: ${result.error.code}`);
    return result.value;
  }

  it('queues the code with the challenge, sends it, and the code signs in', async () => {
    const engine = engineKit();
    const challenge = await startOk(engine);
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('pending');
    kit.outbox.start();
    await flush();
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('sent');
    const code = /\d{6}/.exec(kit.sender.calls[0]!.text)![0];
    const dump = JSON.stringify(kit.core.db.prepare('SELECT * FROM outbox').all());
    expect(dump).not.toContain(code);
    const result = engine.verifyNow({ challengeId: challenge.challengeId, code, kioskId: KIOSK });
    expect(result.ok).toBe(true);
  });

  it('shows a permanent failure to the sign-in flow in helpful mode', async () => {
    const engine = engineKit();
    kit.core.config.updatePolicy({ enumerationMode: 'helpful' }, 'test');
    kit.sender.will({ error: cmsError(21) });
    kit.outbox.start();
    const challenge = await startOk(engine);
    await flush();
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('failed');
  });

  it('in private mode answers a permanent failure like a decoy: sent after the usual time', async () => {
    const engine = engineKit();
    kit.sender.will({ error: cmsError(21) });
    kit.outbox.start();
    const challenge = await startOk(engine);
    await flush();
    expect(kit.outbox.status('1')?.status).toBe('failed');
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('pending');
    kit.scheduler.advance(3_000);
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('sent');
  });

  it('shows a code that expired in the queue as failed', async () => {
    const engine = engineKit();
    const challenge = await startOk(engine);
    // The modem goes down right after the code was queued.
    kit.status.set({ available: false, reason: 'No mobile network' });
    kit.outbox.start();
    await flush();
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('pending');
    kit.scheduler.advance(5 * MIN);
    await flush();
    expect(engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('failed');
    expect(kit.sender.calls).toHaveLength(0);
  });

  it('refuses to start a sign-in while the modem is down, with its reason', async () => {
    const engine = engineKit();
    kit.status.set({ available: false, reason: 'The modem was disconnected' });
    const result = await engine.start({ phone: '040 123 4567', kioskId: KIOSK });
    expect(result.ok || result.error).toMatchObject({
      code: 'sms_unavailable',
      message: 'The kiosk cannot send text messages right now: The modem was disconnected',
    });
    expect(kit.outbox.recent()).toEqual([]);
  });

  it('cancels the unsent message of a code a resend replaced', async () => {
    const engine = engineKit();
    const challenge = await startOk(engine);
    // The first code stays queued: the modem went down right after it was asked for.
    kit.status.set({ available: false, reason: 'No mobile network' });
    kit.outbox.start();
    kit.scheduler.advance(30_000);
    kit.status.set({ available: true });
    const resent = await engine.resend({ challengeId: challenge.challengeId, kioskId: KIOSK });
    expect(resent.ok).toBe(true);
    await flush();
    expect(kit.outbox.recent().map((m) => m.status)).toEqual(['sent', 'cancelled']);
    expect(kit.sender.calls).toHaveLength(1);
  });
});
