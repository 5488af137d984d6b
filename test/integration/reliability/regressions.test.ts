// Bugs the reliability suites found in src/, each kept as a test that failed before its fix.
import { afterEach, expect, it } from 'vitest';
import { KIOSK, MINUTE, Rig } from '../../support/reliability-kit';

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function challengeOf(result: Awaited<ReturnType<Rig['start']>>['result']): string {
  if (!result.ok) throw new Error(`start() refused: ${result.error.code}`);
  return result.value.challengeId;
}

// src/main/auth/engine.ts, src/main/outbox/outbox.ts: a code that was already used is sent
// again after a newer code, so the newest SMS on the phone carries a dead code. The first send's
// answer is lost (timeout: "may or may not have been sent"), the worker signs in with the code
// that did arrive, signs out, and asks again: the outbox sends the new code, then retries the
// old message, because verify() never cancels the used challenge's message (only pending
// challenges are superseded). Typing the newest SMS then counts as a wrong code.
it('after signing in, the used code is not sent again behind a newer one', async () => {
  const r = (rig = new Rig({ workers: 1 }));
  await r.open();
  const worker = r.workers[0]!;
  r.simulator.loseNextResult();
  const first = await r.start(worker);
  await r.runUntil(() => r.codesFor(first).length === 1);
  const signedIn = r.engine.verifyNow({
    challengeId: challengeOf(first.result),
    code: r.codesFor(first)[0]!,
    kioskId: KIOSK,
  });
  expect(signedIn.ok).toBe(true);
  if (signedIn.ok && signedIn.value.state === 'signed_in') {
    r.engine.signOut(signedIn.value.signedIn.sessionId, 'user');
  }

  const second = await r.start(worker);
  await r.advance(3 * MINUTE);
  const newest = r.codesFor(second).at(-1)!;
  const verified = r.engine.verifyNow({
    challengeId: challengeOf(second.result),
    code: newest,
    kioskId: KIOSK,
  });
  // Before the fix: 'wrong_code' (the phone got code 1, code 2, then code 1 again).
  expect(verified.ok || verified.error.code).toBe(true);
});

// src/main/modem/device/health.ts: the SIM asks for its PIN again while the modem stays
// connected (a SIM refresh, or a modem that reset behind a serial adapter). The device knows the
// PIN but enters it only in initialise(); health then reports "The SIM card needs its PIN"
// forever, and every sign-in is refused with sms_unavailable until the modem is unplugged or the
// kiosk restarts.
it('a SIM that asks for its PIN again is unlocked with the configured PIN', async () => {
  const r = (rig = new Rig({ workers: 2, device: { pin: '1234' } }));
  await r.open();
  r.simulator.profile.pin = '1234';
  r.simulator.forceSimLocked();
  await r.advance(10 * MINUTE);
  // Before the fix: { available: false, reason: 'The SIM card needs its PIN' }, ten minutes on.
  expect(r.outbox.availability()).toEqual({ available: true });
  const attempt = await r.start(r.workers[0]!);
  expect(attempt.result.ok).toBe(true);
  await r.runUntil(() => r.codesFor(attempt).length === 1 && r.outboxSettled());
});

// The other side of entering the PIN again: a PIN the SIM refuses is never tried a second time,
// because three wrong tries lock the SIM until someone types its PUK.
it('a PIN the SIM refuses is not tried again', async () => {
  const r = (rig = new Rig({ workers: 1, device: { pin: '9999' } }));
  await r.open();
  r.simulator.profile.pin = '1234';
  const tries: string[] = [];
  r.simulator.on('command', (line) => {
    if (/^AT\+CPIN=/i.test(line)) tries.push(line);
  });
  r.simulator.forceSimLocked();
  await r.advance(10 * MINUTE);
  expect(tries).toEqual(['AT+CPIN="9999"']);
  expect(r.outbox.availability()).toEqual({
    available: false,
    reason: expect.stringMatching(/PIN/),
  });
});
