// Rate limits beyond the per-code and per-account counts: a per-number backoff for codes nobody
// tries, a limit on all starts per kiosk, and an alert to managers when a cap is hit.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, settle, type TestKit } from '../../support/harness';

const KIOSK = 'kiosk-1';
const MIN = 60_000;
let kit: TestKit;

beforeEach(() => {
  kit = makeKit();
  kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino', phone: '040 123 4567' }, 't');
});

const start = (phone = '040 123 4567', kioskId = KIOSK) =>
  settle(kit, kit.engine.start({ phone, kioskId }));

describe('per-number backoff', () => {
  it('makes a number that keeps asking without trying wait longer each time', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      let r = await start();
      while (!r.ok) {
        expect(r.error.code).toBe('too_many_codes');
        kit.scheduler.set(r.error.retryAt!);
        r = await start();
      }
      waits.push(kit.scheduler.now());
    }
    const gaps = waits.slice(1).map((t, i) => (t - waits[i]!) / MIN);
    // The per-number cap (5 per 15 min) first, then 15, 30, 60 minutes after the last code.
    expect(gaps.slice(-3)).toEqual([15, 30, 60]);
  });

  it('treats an unknown number exactly the same (no oracle)', async () => {
    const times = async (phone: string) => {
      const t0 = kit.scheduler.now();
      const seen: number[] = [];
      for (let i = 0; i < 8; i++) {
        let r = await start(phone);
        while (!r.ok) {
          kit.scheduler.set(r.error.retryAt!);
          r = await start(phone);
        }
        seen.push(kit.scheduler.now() - t0);
      }
      return seen;
    };
    const known = await times('040 123 4567');
    kit.scheduler.advance(48 * 60 * MIN);
    expect(await times('040 765 4302')).toEqual(known);
  });

  it('starts again after a sign-in with a code', async () => {
    for (let i = 0; i < 6; i++) {
      kit.scheduler.advance(15 * MIN);
      expect((await start()).ok).toBe(true);
    }
    kit.scheduler.advance(15 * MIN);
    const seventh = await start();
    if (!seventh.ok)
      throw new Error(`7th: ${seventh.error.code} ${seventh.error.retryAt! - kit.scheduler.now()}`);
    const { challengeId } = seventh.value;
    expect(
      kit.engine.verifyNow({
        challengeId,
        code: kit.outbound.lastCodeTo('+358401234567'),
        kioskId: KIOSK,
      }).ok,
    ).toBe(true);
    kit.scheduler.advance(MIN);
    const after = await start();
    expect(after.ok || `${after.error.code} ${after.error.retryAt! - kit.scheduler.now()}`).toBe(
      true,
    );
  });
});

describe('all starts per kiosk', () => {
  it('limits every start in an hour, sent or refused, and alerts the managers once', async () => {
    kit.config.updatePolicy({ perKioskStartsPerHour: 10 }, 'test');
    for (let i = 0; i < 10; i++) await start('12'); // invalid numbers count too
    const refused = await start();
    expect(refused.ok || refused.error).toMatchObject({
      code: 'kiosk_cap_reached',
      message: expect.stringMatching(/too many sign-in attempts/),
    });
    await start();
    const alerts = kit.audit.list().filter((r) => r.action === 'alert.cap_reached');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ actor: 'system', target: `kiosk:${KIOSK}` });
    expect(alerts[0]!.details).toContain('start_limit');
    // Another kiosk is not affected.
    expect((await start('040 123 4567', 'kiosk-2')).ok).toBe(true);
    kit.scheduler.advance(60 * MIN);
    expect((await start()).ok).toBe(true);
  });

  it('alerts the managers when the kiosk hourly cap is hit', async () => {
    kit.config.updatePolicy({ perKioskHourlyCap: 1 }, 'test');
    await start();
    expect((await start('040 765 4302')).ok).toBe(false);
    expect(kit.audit.list().filter((r) => r.action === 'alert.cap_reached')).toHaveLength(1);
  });
});
