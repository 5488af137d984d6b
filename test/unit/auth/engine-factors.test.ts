import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, settle, type TestKit } from '../../support/harness';
import type { VerifyStep } from '../../../src/main/auth/engine';

const KIOSK = 'kiosk-1';
const AINO = '+358401238291';
const MIN = 60_000;
let kit: TestKit;
let ainoId: number;

beforeEach(() => {
  kit = makeKit();
  // Friday 27 Nov 2026 10:00 UTC; the site is in Helsinki (12:00 local).
  kit.scheduler.advance(Date.parse('2026-11-27T10:00:00Z') - kit.scheduler.now());
  kit.config.updateSite({ timeZone: 'Europe/Helsinki' }, 'test');
  ainoId = kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 8291', groups: ['Dock'] },
    'test',
  ).id;
});

const dock = () => kit.registry.groups.byName('Dock')!.id;

async function smsStep(kioskId = KIOSK) {
  const started = await settle(kit, kit.engine.start({ phone: '040 123 8291', kioskId }));
  if (!started.ok) return started;
  return kit.engine.verify({
    challengeId: started.value.challengeId,
    code: kit.outbound.lastCodeTo(AINO),
    kioskId,
  });
}

function factorStep(step: { ok: boolean; value?: VerifyStep }) {
  if (!step.ok || step.value!.state !== 'factor_required') throw new Error('no factor step');
  return step.value!;
}

const reasons = () => kit.signInLog.list().map((r) => r.reason);

describe('PIN as a second factor', () => {
  beforeEach(() =>
    kit.config.updatePolicy({ groupFactors: [{ groupId: dock(), factors: ['pin'] }] }, 'test'),
  );

  it('asks a person without a PIN to set one, then signs them in', async () => {
    const step = factorStep(await smsStep());
    expect(step).toMatchObject({
      factor: 'pin',
      setUp: true,
      user: { displayName: 'Aino Virtanen' },
    });
    expect(step.pendingId).toMatch(/^[0-9a-f]{32}$/);
    expect(step.until).toBe(kit.scheduler.now() + 2 * MIN);
    const weak = kit.engine.setUpFactor({
      pendingId: step.pendingId,
      factor: 'pin',
      value: '1234',
      kioskId: KIOSK,
    });
    // The reason travels as params, so every screen words it in its own language.
    expect(weak).toMatchObject({
      ok: false,
      error: { code: 'pin_invalid', field: 'pin', params: { problem: 'sequence' } },
    });
    const done = kit.engine.setUpFactor({
      pendingId: step.pendingId,
      factor: 'pin',
      value: '2580',
      kioskId: KIOSK,
    });
    expect(done.ok && done.value.state).toBe('signed_in');
    expect(kit.pins.enrolled(ainoId)).toBe(true);
  });

  it('asks for the PIN next time; wrong PINs count down, then lock the PIN', async () => {
    kit.config.updatePolicy({ pinMaxWrong: 3 }, 'test');
    kit.pins.set(ainoId, '2580', 'test');
    const step = factorStep(await smsStep());
    expect(step).toMatchObject({ factor: 'pin', setUp: false, attemptsLeft: 3 });
    const give = (proof: string) =>
      kit.engine.provideFactor({ pendingId: step.pendingId, factor: 'pin', proof, kioskId: KIOSK });
    expect(give('0000')).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin', attemptsLeft: 2 },
    });
    expect(give('0000')).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin', attemptsLeft: 1 },
    });
    expect(give('0000')).toMatchObject({
      ok: false,
      error: { code: 'pin_locked', lockedUntil: kit.scheduler.now() + 15 * MIN },
    });
    // The pending sign-in ended with the lock; the SMS lockout is untouched.
    expect(give('2580')).toMatchObject({ ok: false, error: { code: 'challenge_not_found' } });
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(0);
    expect(reasons()).toEqual(expect.arrayContaining(['wrong_pin', 'pin_locked']));
  });

  it('the right PIN opens the session and is logged with the method', async () => {
    kit.pins.set(ainoId, '2580', 'test');
    const step = factorStep(await smsStep());
    const done = kit.engine.provideFactor({
      pendingId: step.pendingId,
      factor: 'pin',
      proof: '2580',
      kioskId: KIOSK,
    });
    expect(done.ok && done.value.state === 'signed_in' && done.value.signedIn.user.id).toBe(ainoId);
    expect(reasons()[0]).toBe('signed_in');
  });

  it('a pending sign-in ends after 2 minutes and belongs to its kiosk', async () => {
    kit.pins.set(ainoId, '2580', 'test');
    const step = factorStep(await smsStep());
    expect(
      kit.engine.provideFactor({
        pendingId: step.pendingId,
        factor: 'pin',
        proof: '2580',
        kioskId: 'other',
      }),
    ).toMatchObject({ ok: false, error: { code: 'wrong_kiosk' } });
    kit.scheduler.advance(2 * MIN);
    expect(
      kit.engine.provideFactor({
        pendingId: step.pendingId,
        factor: 'pin',
        proof: '2580',
        kioskId: KIOSK,
      }),
    ).toMatchObject({ ok: false, error: { code: 'challenge_not_found' } });
  });

  it('managers always give a PIN at the kiosk', async () => {
    kit.config.updatePolicy({ groupFactors: [] }, 'test');
    kit.registry.updateUser(ainoId, { role: 'manager' }, 'test');
    expect(factorStep(await smsStep())).toMatchObject({ factor: 'pin' });
  });

  it('completeFirstFactor asks the same factors and logs the method', () => {
    kit.pins.set(ainoId, '2580', 'test');
    const user = kit.registry.users.byId(ainoId)!;
    const step = factorStep(kit.engine.completeFirstFactor(user, KIOSK, 'text'));
    const done = kit.engine.provideFactor({
      pendingId: step.pendingId,
      factor: 'pin',
      proof: '2580',
      kioskId: KIOSK,
    });
    expect(done.ok).toBe(true);
    expect(reasons()[0]).toBe('signed_in_text');
  });
});

describe('a required factor this kiosk cannot check', () => {
  it('is refused with a clear message', async () => {
    kit.config.updatePolicy({ groupFactors: [{ groupId: dock(), factors: ['totp'] }] }, 'test');
    const result = await smsStep();
    expect(result).toMatchObject({ ok: false, error: { code: 'factor_not_set_up' } });
    expect(reasons()[0]).toBe('factor_not_set_up');
  });
});

describe('access conditions', () => {
  it('refuses at start, before any SMS, in helpful mode: not allowed at this kiosk', async () => {
    const other = kit.registry.addGroup('Office', 'test').id;
    kit.config.updatePolicy({ enumerationMode: 'helpful', kioskGroupIds: [other] }, 'test');
    const result = await smsStep();
    expect(result).toMatchObject({ ok: false, error: { code: 'not_allowed_here' } });
    expect(kit.outbound.messages).toHaveLength(0);
    expect(reasons()).toEqual(['not_allowed_here']);
  });

  it('in private mode answers like an unknown number: no code, reason logged', async () => {
    kit.config.updatePolicy(
      { shiftWindows: [{ groupId: dock(), days: [1], from: '06:00', to: '14:00' }] },
      'test',
    );
    const started = await settle(kit, kit.engine.start({ phone: '040 123 8291', kioskId: KIOSK }));
    expect(started.ok).toBe(true);
    // Only the notice to the registered phone (outside-hours-notice.test.ts), no code.
    expect(kit.outbound.messages.map((m) => m.challengeId)).toEqual([
      `notice:${started.ok ? started.value.challengeId : ''}`,
    ]);
    expect(reasons()).toEqual(['outside_hours']);
  });

  it('checks again at the end: a shift that ended while the code travelled', async () => {
    // Friday 06:00–12:03 local (04:00–10:03Z); it is 10:00Z.
    kit.config.updatePolicy(
      { shiftWindows: [{ groupId: dock(), days: [5], from: '06:00', to: '12:03' }] },
      'test',
    );
    const started = await settle(kit, kit.engine.start({ phone: '040 123 8291', kioskId: KIOSK }));
    if (!started.ok) throw new Error(started.error.code);
    kit.scheduler.advance(4 * MIN); // 10:04Z: the shift ended while the code was valid
    const result = kit.engine.verifyNow({
      challengeId: started.value.challengeId,
      code: kit.outbound.lastCodeTo(AINO),
      kioskId: KIOSK,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'outside_hours', retryAt: Date.parse('2026-12-04T04:00:00Z') },
    });
    expect(reasons()[0]).toBe('outside_hours');
  });
});
