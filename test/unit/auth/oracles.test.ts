// Private mode must not tell a registered number from an unknown, disabled or refused one:
// not in the mask a resend answers, not in the delivery status timeline, not in verify's timing,
// not in how fast the caps fill.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, settle, type TestKit } from '../../support/harness';

const KIOSK = 'kiosk-1';
const SEC = 1000;

let kit: TestKit;

// One number of each kind: registered, unknown, disabled, refused (out of the policy's scope).
const NUMBERS = {
  registered: '040 123 4567',
  unknown: '040 765 4302',
  disabled: '040 111 2202',
  refused: '040 222 3302',
} as const;
type Kind = keyof typeof NUMBERS;
const KINDS = Object.keys(NUMBERS) as Kind[];

beforeEach(() => {
  kit = makeKit();
  const { registry } = kit;
  registry.addUser(
    { employeeId: 'E1', displayName: 'Aino', phone: NUMBERS.registered, groups: ['Dock'] },
    'test',
  );
  const bea = registry.addUser(
    { employeeId: 'E2', displayName: 'Bea', phone: NUMBERS.disabled, groups: ['Dock'] },
    'test',
  );
  registry.setStatus(bea.id, 'disabled', 'test');
  registry.addUser({ employeeId: 'E3', displayName: 'Cai', phone: NUMBERS.refused }, 'test');
  const dock = registry.groups.byName('Dock')!.id;
  kit.config.updatePolicy({ scope: 'groups', scopeGroupIds: [dock] }, 'test');
});

async function start(kind: Kind) {
  const result = await settle(kit, kit.engine.start({ phone: NUMBERS[kind], kioskId: KIOSK }));
  if (!result.ok) throw new Error(`start failed: ${result.error.code}`);
  return result.value;
}

describe('resend', () => {
  it('answers the mask start showed, for every kind of number', async () => {
    for (const kind of KINDS) {
      const started = await start(kind);
      kit.scheduler.advance(30 * SEC);
      const resent = await settle(
        kit,
        kit.engine.resend({ challengeId: started.challengeId, kioskId: KIOSK }),
      );
      expect(resent.ok, kind).toBe(true);
      expect(resent.ok && resent.value.maskedPhone, kind).toBe(started.maskedPhone);
      expect(started.maskedPhone, kind).toMatch(/^\+358 •+\d\d$/);
    }
  });
});

describe('delivery status', () => {
  /** The status at each of `times` ms after start, with the real message sent at `sendMs`. */
  async function timeline(kind: Kind, sendMs: number, times: number[]): Promise<string[]> {
    const t0 = kit.scheduler.now();
    const { challengeId } = await start(kind);
    const message = kit.outbound.messages.find((m) => m.challengeId === challengeId);
    const seen: string[] = [];
    for (const t of times) {
      kit.scheduler.advance(t0 + t - kit.scheduler.now());
      if (message && t >= sendMs && message.status === 'queued') {
        message.status = 'sent';
        message.sentAt = kit.scheduler.now();
      }
      seen.push(kit.engine.deliveryStatus(challengeId, KIOSK));
    }
    return seen;
  }

  it('gives decoys the same pending → sent timeline as a real send', async () => {
    // The newest real messages took 2.5 s from the queue to the network.
    kit.outbound.durations = [2_500];
    const times = [0, 1_000, 2_499, 2_500, 10_000];
    const real = await timeline('registered', 2_500, times);
    expect(real).toEqual(['pending', 'pending', 'pending', 'sent', 'sent']);
    for (const kind of ['unknown', 'disabled', 'refused'] as const) {
      kit.scheduler.advance(20 * 60 * SEC); // past the per-number window
      expect(await timeline(kind, 2_500, times), kind).toEqual(real);
    }
  });

  it('draws a decoy send time from the real ones', async () => {
    kit.outbound.durations = [1_000, 4_000, 9_000];
    const { challengeId } = await start('unknown');
    const row = kit.db
      .prepare('SELECT decoy_send_at - created_at AS ms FROM challenges WHERE id = ?')
      .get(challengeId) as { ms: number };
    expect([1_000, 4_000, 9_000]).toContain(row.ms);
  });

  it('fails only for number-independent causes: the modem down until the code expired', async () => {
    const results: Record<string, string[]> = {};
    for (const kind of ['registered', 'unknown'] as const) {
      kit.scheduler.advance(20 * 60 * SEC);
      const { challengeId, expiresAt } = await start(kind);
      kit.outbound.down = 'the modem is unplugged';
      const seen = [kit.engine.deliveryStatus(challengeId, KIOSK)];
      kit.scheduler.advance(expiresAt - kit.scheduler.now());
      // The real outbox expires a message it could not send in time.
      const message = kit.outbound.messages.find((m) => m.challengeId === challengeId);
      if (message) message.status = 'expired';
      seen.push(kit.engine.deliveryStatus(challengeId, KIOSK));
      kit.outbound.down = null;
      results[kind] = seen;
    }
    expect(results.registered).toEqual(['pending', 'failed']);
    expect(results.unknown).toEqual(results.registered);
  });

  it('tells a failure of the SIM or modem, which any number would meet', async () => {
    const { challengeId } = await start('registered');
    kit.outbound.messages[0]!.status = 'failed'; // e.g. +CMS ERROR: 311, SIM needs its PIN
    expect(kit.engine.deliveryStatus(challengeId, KIOSK)).toBe('failed');
  });

  it('answers a refusal by the operator for the number itself like a decoy', async () => {
    kit.outbound.durations = [2_000];
    const { challengeId } = await start('registered');
    // e.g. +CMS ERROR: 1, unassigned number
    Object.assign(kit.outbound.messages[0]!, { status: 'failed', destinationFault: true });
    expect(kit.engine.deliveryStatus(challengeId, KIOSK)).toBe('pending');
    kit.scheduler.advance(2_000);
    expect(kit.engine.deliveryStatus(challengeId, KIOSK)).toBe('sent');
    // In helpful mode the kiosk may say so: it tells who is registered anyway.
    kit.config.updatePolicy({ enumerationMode: 'helpful' }, 'test');
    kit.scheduler.advance(20 * 60 * SEC);
    const again = await start('registered');
    Object.assign(kit.outbound.messages.at(-1)!, { status: 'failed', destinationFault: true });
    expect(kit.engine.deliveryStatus(again.challengeId, KIOSK)).toBe('failed');
  });
});

describe('verify', () => {
  it('answers no sooner than the floor, registered or not', async () => {
    const padded = makeKit({ minResponseMs: 400 });
    padded.registry.addUser({ employeeId: 'E1', displayName: 'A', phone: NUMBERS.registered }, 't');
    for (const phone of [NUMBERS.registered, NUMBERS.unknown]) {
      const started = await settle(padded, padded.engine.start({ phone, kioskId: KIOSK }), 400);
      if (!started.ok) throw new Error(started.error.code);
      let answered = false;
      const pending = padded.engine
        .verify({ challengeId: started.value.challengeId, code: '000000', kioskId: KIOSK })
        .then(() => (answered = true));
      padded.scheduler.advance(399);
      await Promise.resolve();
      expect(answered, phone).toBe(false);
      padded.scheduler.advance(1);
      await pending;
      expect(answered, phone).toBe(true);
    }
  });
});

describe('caps', () => {
  it('counts decoys toward the kiosk hourly cap like real sends', async () => {
    kit.config.updatePolicy({ perKioskHourlyCap: 2 }, 'test');
    await start('unknown');
    await start('disabled');
    const third = await settle(
      kit,
      kit.engine.start({ phone: NUMBERS.registered, kioskId: KIOSK }),
    );
    expect(third.ok || third.error.code).toBe('kiosk_cap_reached');
  });

  it('counts decoys toward the SIM daily cap like real sends', async () => {
    kit.config.updatePolicy({ perSimDailyCap: 2 }, 'test');
    await start('unknown');
    await settle(kit, kit.engine.start({ phone: NUMBERS.refused, kioskId: 'kiosk-2' }));
    const third = await settle(
      kit,
      kit.engine.start({ phone: NUMBERS.registered, kioskId: 'kiosk-3' }),
    );
    expect(third.ok || third.error.code).toBe('daily_cap_reached');
  });
});
