// Issue 11.10: PIN checks hash with the async scrypt (libuv's pool) and then only compare on the
// main thread. check() takes prepare()'s answer and does not hash again; the sign-in and admin
// IPC paths go through prepare.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeKit, settle, type TestKit } from '../../support/harness';
import type { PreparedPin } from '../../../src/main/auth/pin';

const KIOSK = 'kiosk-1';
const AINO = '+358401238291';
let kit: TestKit;
let id: number;

beforeEach(() => {
  kit = makeKit();
  id = kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 8291', groups: ['Dock'] },
    'test',
  ).id;
  kit.pins.set(id, '2580', 'test');
});

describe('async PIN hashing', () => {
  it('prepare hashes without holding the event loop: a timer runs before it resolves', async () => {
    let ticked = false;
    setImmediate(() => (ticked = true));
    const prepared = await kit.pins.prepare(id, '2580');
    expect(ticked).toBe(true);
    expect(kit.pins.check(id, '2580', kit.scheduler.now(), prepared)).toEqual({ ok: true });
  });

  it("check uses prepare's hash instead of hashing again", async () => {
    const right = (await kit.pins.prepare(id, '2580')) as PreparedPin;
    const wrong = (await kit.pins.prepare(id, '1357')) as PreparedPin;
    // Had check hashed '2580' itself it would say ok; it compared the hash it was given.
    const forged = { ...right, hash: wrong.hash };
    expect(kit.pins.check(id, '2580', kit.scheduler.now(), forged)).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
  });

  it('the sign-in factor step prepares first, then checks with the answer', async () => {
    const dock = kit.registry.groups.byName('Dock')!.id;
    kit.config.updatePolicy({ groupFactors: [{ groupId: dock, factors: ['pin'] }] }, 'test');
    const started = await settle(kit, kit.engine.start({ phone: '040 123 8291', kioskId: KIOSK }));
    if (!started.ok) throw new Error('no start');
    const step = kit.engine.verifyNow({
      challengeId: started.value.challengeId,
      code: kit.outbound.lastCodeTo(AINO),
      kioskId: KIOSK,
    });
    if (!step.ok || step.value.state !== 'factor_required') throw new Error('no factor step');
    const prepare = vi.spyOn(kit.pins, 'prepare');
    const check = vi.spyOn(kit.pins, 'check');
    const done = await kit.engine.provideFactorAsync({
      pendingId: step.value.pendingId,
      factor: 'pin',
      proof: '2580',
      kioskId: KIOSK,
    });
    expect(done.ok && done.value.state).toBe('signed_in');
    expect(prepare).toHaveBeenCalledOnce();
    const prepared = await prepare.mock.results[0]!.value;
    expect(check.mock.calls[0]![3]).toBe(prepared);
  });
});
