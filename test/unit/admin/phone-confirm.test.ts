// Policy confirmNewPhones (issue 5, item 3): a phone set on the admin screen must answer the SMS
// code sent to it first; with the policy off nothing changes.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AddedPersonView, PersonView, PhoneCodeView } from '../../../src/shared/admin';
import { makeAdminKit, type AdminKit } from './admin-kit';

const NEW = '+358401234567';
const OTHER = '+358409876543';

let k: AdminKit;
let worker: number;
beforeEach(async () => {
  k = makeAdminKit();
  k.addPerson('M1', '050 111 1111', 'manager');
  worker = k.addPerson('W1', '050 222 2222');
  await k.signInAdmin('050 111 1111');
});

const phoneOf = (id: number) => k.kit.registry.users.byId(id)!.phone;
const wrong = (code: string) =>
  String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');
const on = () => k.kit.config.updatePolicy({ confirmNewPhones: true }, 'test');
const sendCode = (phone = NEW, id = worker) =>
  k.call<PhoneCodeView>('admin.staffPhoneCode', { id, phone });
const setWithCode = (id: number, phone: string, confirmId: string, code: string) =>
  k.send('admin.staffSetPhone', { id, phone, confirmId, code });

describe('policy off (the default)', () => {
  it('sets a phone straight away and refuses to text a code', async () => {
    const person = await k.call<PersonView>('admin.staffSetPhone', { id: worker, phone: NEW });
    expect(person.phone).toBe(NEW);
    expect(await k.send('admin.staffPhoneCode', { id: worker, phone: OTHER })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const added = await k.call<AddedPersonView>('admin.staffAdd', {
      employeeId: 'W2',
      displayName: 'Two',
      phone: OTHER,
    });
    expect(added.phone).toBe(OTHER);
    expect(added.phonePending).toBeUndefined();
  });
});

describe('policy on', () => {
  beforeEach(on);

  it('refuses a new phone without a code', async () => {
    expect(await k.send('admin.staffSetPhone', { id: worker, phone: NEW })).toMatchObject({
      ok: false,
      error: { code: 'phone_not_confirmed' },
    });
    expect(phoneOf(worker)).toBe('+358502222222');
  });

  it('texts a code to the new number and sets the phone with it, once', async () => {
    const sent = await sendCode('040 123 4567');
    expect(sent).toMatchObject({ codeLength: 6, maskedPhone: expect.stringContaining('67') });
    expect(sent.maskedPhone).not.toContain('1234567');
    const code = k.kit.outbound.lastCodeTo(NEW);
    const person = await k.call<PersonView>('admin.staffSetPhone', {
      id: worker,
      phone: '040 123 4567',
      confirmId: sent.confirmId,
      code,
    });
    expect(person.phone).toBe(NEW);
    // Single use: the same code does not work again (here for another change back and forth).
    await k.call('admin.staffClearPhone', { id: worker });
    expect(await setWithCode(worker, NEW, sent.confirmId, code)).toMatchObject({
      ok: false,
      error: { code: 'phone_not_confirmed' },
    });
    const audit = k.kit.audit.list().filter((r) => r.target === 'user:W1');
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['staff.phone_code_sent', 'staff.phone_confirmed', 'user.update']),
    );
    expect(JSON.stringify(k.kit.audit.list())).not.toContain(code);
  });

  it('counts wrong codes, then the code dies', async () => {
    const sent = await sendCode();
    const code = k.kit.outbound.lastCodeTo(NEW);
    const max = k.kit.config.policy().maxWrongCodesPerCode;
    for (let left = max - 1; left > 0; left--) {
      expect(await setWithCode(worker, NEW, sent.confirmId, wrong(code))).toMatchObject({
        ok: false,
        error: { code: 'wrong_code', attemptsLeft: left },
      });
    }
    expect(await setWithCode(worker, NEW, sent.confirmId, wrong(code))).toMatchObject({
      ok: false,
      error: { code: 'code_dead', attemptsLeft: 0 },
    });
    // Dead: even the right code does not set the phone now.
    expect(await setWithCode(worker, NEW, sent.confirmId, code)).toMatchObject({
      ok: false,
      error: { code: 'phone_not_confirmed' },
    });
    expect(phoneOf(worker)).toBe('+358502222222');
    expect(k.kit.outbound.messages.at(-1)!.status).toBe('expired');
  });

  it('refuses an expired code (the policy lifetime)', async () => {
    // Shorter than the admin idle time-out, so the manager is still signed in.
    k.kit.config.updatePolicy({ codeLifetimeMinutes: 2 }, 'test');
    const sent = await sendCode();
    expect(sent.expiresAt - k.kit.scheduler.now()).toBe(2 * 60_000);
    const code = k.kit.outbound.lastCodeTo(NEW);
    k.kit.scheduler.advance(2 * 60_000);
    expect(await setWithCode(worker, NEW, sent.confirmId, code)).toMatchObject({
      ok: false,
      error: { code: 'code_expired' },
    });
    expect(phoneOf(worker)).toBe('+358502222222');
  });

  it('binds the code to the number and the person', async () => {
    const sent = await sendCode();
    const code = k.kit.outbound.lastCodeTo(NEW);
    expect(await setWithCode(worker, OTHER, sent.confirmId, code)).toMatchObject({
      ok: false,
      error: { code: 'phone_not_confirmed' },
    });
    const other = k.addPerson('W2', '050 333 3333');
    expect(await setWithCode(other, NEW, sent.confirmId, code)).toMatchObject({
      ok: false,
      error: { code: 'phone_not_confirmed' },
    });
    expect(phoneOf(worker)).toBe('+358502222222');
    expect(phoneOf(other)).toBe('+358503333333');
    // Still good for what it was sent for.
    await k.call('admin.staffSetPhone', {
      id: worker,
      phone: NEW,
      confirmId: sent.confirmId,
      code,
    });
    expect(phoneOf(worker)).toBe(NEW);
  });

  it('checks the number like staffSetPhone before any SMS', async () => {
    const before = k.kit.outbound.messages.length;
    const codeOf = async (phone: string) => {
      const r = await k.send('admin.staffPhoneCode', { id: worker, phone });
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await codeOf('09 123 4567')).toBe('invalid_phone'); // a landline
    expect(await codeOf('040 12')).toBe('invalid_phone'); // too short
    expect(await codeOf('050 111 1111')).toBe('duplicate_phone'); // the manager's
    expect(await codeOf('+46 70 123 45 67')).toBe('country_not_allowed');
    expect(k.kit.outbound.messages.length).toBe(before);
  });

  it('keeps to the per-number cap and the resend cooldown', async () => {
    const policy = k.kit.config.policy();
    await sendCode();
    expect(await k.send('admin.staffPhoneCode', { id: worker, phone: NEW })).toMatchObject({
      ok: false,
      error: { code: 'resend_too_soon' },
    });
    for (let i = 1; i < policy.perNumberSendCap; i++) {
      k.kit.scheduler.advance(policy.resendCooldownSeconds * 1000);
      await sendCode();
    }
    k.kit.scheduler.advance(policy.resendCooldownSeconds * 1000);
    expect(await k.send('admin.staffPhoneCode', { id: worker, phone: NEW })).toMatchObject({
      ok: false,
      error: { code: 'too_many_codes', retryAt: expect.any(Number) },
    });
    // Only the newest code works: a resend replaces the one before.
    const sends = k.kit.outbound.messages.filter((m) => m.to === NEW);
    expect(sends).toHaveLength(policy.perNumberSendCap);
    expect(sends.slice(0, -1).every((m) => m.status === 'expired')).toBe(true);
  });

  it('refuses when the SIM has used its daily cap or the modem is down', async () => {
    k.kit.config.updatePolicy({ perSimDailyCap: 1 }, 'test'); // the admin sign-in used it
    expect(await k.send('admin.staffPhoneCode', { id: worker, phone: NEW })).toMatchObject({
      ok: false,
      error: { code: 'daily_cap_reached' },
    });
    k.kit.outbound.down = 'no modem';
    expect(await k.send('admin.staffPhoneCode', { id: worker, phone: NEW })).toMatchObject({
      ok: false,
      error: { code: 'sms_unavailable' },
    });
  });

  it('adds a person without the typed phone and says it is pending', async () => {
    const added = await k.call<AddedPersonView>('admin.staffAdd', {
      employeeId: 'W3',
      displayName: 'Three',
      phone: NEW,
    });
    expect(added).toMatchObject({ phone: null, phonePending: true });
    const sent = await sendCode(NEW, added.id);
    await k.call('admin.staffSetPhone', {
      id: added.id,
      phone: NEW,
      confirmId: sent.confirmId,
      code: k.kit.outbound.lastCodeTo(NEW),
    });
    expect(phoneOf(added.id)).toBe(NEW);
  });

  it('clears a phone without a code', async () => {
    const person = await k.call<PersonView>('admin.staffClearPhone', { id: worker });
    expect(person.phone).toBeNull();
  });
});
