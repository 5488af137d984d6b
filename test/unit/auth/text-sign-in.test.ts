// TextSignIn: every path of an inbound text, on the real services (in-memory database, manual
// clock). The engine's completeFirstFactor is injected so these tests pin down what this module
// decides, and only that.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, textSignInDeps, type TestKit } from '../../support/harness';
import { TextSignIn, type TextOutcome } from '../../../src/main/auth/text-sign-in';
import type { User } from '../../../src/shared/domain';
import { ok } from '../../../src/shared/result';

const KIOSK = 'kiosk-1';
const AINO = '+358401234567';
const MIN = 60_000;

type Step = { state: 'signed_in'; userId: number; kioskId: string };

let kit: TestKit;
let text: TextSignIn<Step>;
let completed: Array<{ user: User; kioskId: string; method: string }>;
let ainoId: number;

beforeEach(() => {
  kit = makeKit();
  kit.config.updateSite({ smsNumber: '+358451112223' }, 'test');
  kit.config.updatePolicy({ textSignInEnabled: true, textCodeLifetimeMinutes: 3 }, 'test');
  ainoId = kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 4567', language: 'fi' },
    'test',
  ).id;
  completed = [];
  text = new TextSignIn<Step>({
    ...textSignInDeps(kit),
    kioskId: KIOSK,
    completeFirstFactor: (user, kioskId, method) => {
      completed.push({ user, kioskId, method });
      return ok({ state: 'signed_in', userId: user.id, kioskId });
    },
  });
});

function begin(kioskId = KIOSK) {
  const r = text.begin(kioskId);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

function receive(body: string, from = AINO) {
  return text.receive({ from, text: body, receivedAt: kit.scheduler.now() });
}

function lastLog() {
  return kit.signInLog.list({ limit: 1 })[0];
}

describe('text-to-sign-in: the code on the kiosk', () => {
  it('shows 6 digits, the kiosk number and the policy lifetime; keeps only an HMAC', () => {
    const view = begin();
    expect(view.code).toMatch(/^\d{6}$/);
    expect(view.number).toBe('+358451112223');
    expect(view.expiresAt).toBe(kit.scheduler.now() + 3 * MIN);
    const dump = JSON.stringify(kit.db.prepare('SELECT * FROM text_codes').all());
    expect(dump).not.toContain(view.code);
  });

  it('falls back to the number AT+CNUM gave when the site settings have none', () => {
    kit.config.updateSite({ smsNumber: '' }, 'test');
    const withCnum = new TextSignIn<Step>({
      ...textSignInDeps(kit),
      completeFirstFactor: () => ok({ state: 'signed_in', userId: 0, kioskId: KIOSK }),
      ownNumber: () => '+358459998887',
    });
    const r = withCnum.begin(KIOSK);
    expect(r.ok && r.value.number).toBe('+358459998887');
    const without = text.begin(KIOSK);
    expect(!without.ok && without.error.code).toBe('sms_unavailable');
    expect(text.available()).toBe(false);
  });

  it('is refused when the policy turns it off', () => {
    kit.config.updatePolicy({ textSignInEnabled: false }, 'test');
    const r = text.begin(KIOSK);
    expect(!r.ok && r.error.code).toBe('method_not_allowed');
    expect(text.available()).toBe(false);
  });
});

describe('text-to-sign-in: an inbound text', () => {
  it('signs in the registered sender whose text matches, once, and emits the outcome', async () => {
    const view = begin();
    const outcomes: TextOutcome<Step>[] = [];
    text.on('outcome', (o) => outcomes.push(o));
    const spaced = ` ${view.code.slice(0, 3)} ${view.code.slice(3)}\n`;
    const r = receive(spaced, '040 123 4567');
    expect(r).toMatchObject({ handled: true, outcome: { kind: 'matched', kioskId: KIOSK } });
    expect(completed).toEqual([
      { user: expect.objectContaining({ id: ainoId }), kioskId: KIOSK, method: 'text' },
    ]);
    await Promise.resolve();
    expect(outcomes).toEqual([
      { kind: 'matched', textId: view.textId, kioskId: KIOSK, step: expect.anything() },
    ]);
    // Single use: the same text again does nothing and is not counted as a guess.
    expect(receive(view.code)).toEqual({ handled: false, reason: 'code_used' });
    expect(completed).toHaveLength(1);
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(0);
  });

  it('ignores and logs an unknown number, with the number masked and never the text', () => {
    const view = begin();
    const r = receive(view.code, '+358409999911');
    expect(r).toEqual({ handled: false, reason: 'not_registered' });
    expect(completed).toEqual([]);
    const row = lastLog()!;
    expect(row).toMatchObject({
      result: 'failure',
      reason: 'text_not_registered',
      maskedPhone: '+358 •••••••11',
      kioskId: KIOSK,
    });
    expect(JSON.stringify(kit.signInLog.list())).not.toContain(view.code);
  });

  it('ignores an alphanumeric or malformed sender', () => {
    begin();
    expect(receive('123456', 'Operator')).toEqual({ handled: false, reason: 'invalid_sender' });
    expect(lastLog()!.reason).toBe('text_invalid_sender');
  });

  it('counts a wrong code toward the sender lockout and locks after the policy threshold', () => {
    // The per-sender pause (below) would come first with the default policy.
    kit.config.updatePolicy({ textWrongPerSender: 50 }, 'test');
    const view = begin();
    const wrong = view.code === '000000' ? '000001' : '000000';
    expect(receive(wrong)).toEqual({ handled: false, reason: 'wrong_code' });
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(1);
    expect(lastLog()).toMatchObject({ reason: 'text_wrong_code', userId: ainoId });
    expect(receive('hello there')).toEqual({ handled: false, reason: 'wrong_code' });
    const threshold = kit.config.policy().lockoutThreshold;
    for (let i = 2; i < threshold - 1; i++) receive(wrong);
    expect(receive(wrong)).toEqual({ handled: false, reason: 'locked' });
    // Locked: even the right code is ignored now.
    expect(receive(view.code)).toEqual({ handled: false, reason: 'locked' });
    expect(completed).toEqual([]);
  });

  it('does not count a stray text while no code is on screen', () => {
    expect(receive('123456')).toEqual({ handled: false, reason: 'no_code_shown' });
    expect(lastLog()).toMatchObject({ reason: 'text_no_code_shown', userId: ainoId });
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(0);
  });

  it('starts the failure count again when the right code comes', () => {
    const view = begin();
    const wrong = view.code === '000000' ? '000001' : '000000';
    receive(wrong);
    receive(wrong);
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(2);
    expect(receive(view.code)).toMatchObject({ handled: true });
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(0);
  });

  it('ignores an expired code without counting it as a guess', () => {
    const view = begin();
    kit.scheduler.advance(3 * MIN);
    expect(receive(view.code)).toEqual({ handled: false, reason: 'code_expired' });
    expect(lastLog()!.reason).toBe('text_code_expired');
    expect(kit.registry.users.byId(ainoId)!.consecutiveFailures).toBe(0);
    expect(completed).toEqual([]);
  });

  it('keeps one code per kiosk: a new one replaces the old, and cancel ends it', () => {
    const first = begin();
    const second = begin();
    expect(receive(first.code)).toEqual({ handled: false, reason: 'code_superseded' });
    expect(text.cancel(KIOSK, second.textId)).toBe(true);
    expect(receive(second.code)).toEqual({ handled: false, reason: 'code_superseded' });
    expect(completed).toEqual([]);
  });

  it('ignores a text from a disabled person', () => {
    const view = begin();
    kit.registry.setStatus(ainoId, 'disabled', 'test');
    expect(receive(view.code)).toEqual({ handled: false, reason: 'user_disabled' });
    expect(lastLog()).toMatchObject({ reason: 'text_user_disabled', userId: ainoId });
    expect(completed).toEqual([]);
  });

  it('ignores every text while the policy is off', () => {
    const view = begin();
    kit.config.updatePolicy({ textSignInEnabled: false }, 'test');
    expect(receive(view.code)).toEqual({ handled: false, reason: 'text_sign_in_disabled' });
    expect(lastLog()!.reason).toBe('text_sign_in_disabled');
    expect(completed).toEqual([]);
  });

  it('passes on the engine refusal (e.g. an access condition) as a refused outcome', () => {
    const refusing = new TextSignIn<Step>({
      ...textSignInDeps(kit),
      completeFirstFactor: () => ({
        ok: false,
        error: { code: 'method_not_allowed', message: 'not in this group' },
      }),
    });
    const r = refusing.begin(KIOSK);
    if (!r.ok) throw new Error('begin');
    expect(
      refusing.receive({ from: AINO, text: r.value.code, receivedAt: kit.scheduler.now() }),
    ).toMatchObject({
      handled: true,
      outcome: { kind: 'refused', failure: { code: 'method_not_allowed' } },
    });
  });
});

describe('text-to-sign-in: wrong texts per sender and per kiosk', () => {
  it('ignores a sender after textWrongPerSender wrong texts, apart from the account lockout', () => {
    kit.config.updatePolicy({ textWrongPerSender: 3, textWrongWindowMinutes: 15 }, 'test');
    const view = begin();
    const wrong = view.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 3; i++) expect(receive(wrong).handled).toBe(false);
    // Below the account lockout (10), yet the sender is paused: even the right code waits.
    expect(kit.registry.users.byId(ainoId)!.lockedUntil).toBeNull();
    expect(receive(view.code)).toEqual({ handled: false, reason: 'sender_paused' });
    expect(lastLog()).toMatchObject({ reason: 'text_sender_paused' });
    // The window passes since the last wrong text: texts count again.
    kit.scheduler.advance(15 * MIN + 1);
    const again = begin();
    expect(receive(again.code)).toMatchObject({ handled: true });
  });

  it('counts guesses from unknown senders, and pauses the kiosk after textWrongPerKiosk', () => {
    kit.config.updatePolicy({ textWrongPerKiosk: 5, textWrongPerSender: 50 }, 'test');
    const view = begin();
    for (let i = 0; i < 5; i++) receive('123456', `+35840555000${i}`);
    expect(receive(view.code)).toEqual({ handled: false, reason: 'kiosk_paused' });
    expect(completed).toEqual([]);
  });

  it('does not count an unknown sender while no code is shown', () => {
    kit.config.updatePolicy({ textWrongPerKiosk: 5 }, 'test');
    for (let i = 0; i < 6; i++) receive('123456', `+35840555000${i}`);
    expect(receive(begin().code)).toMatchObject({ handled: true });
  });
});
