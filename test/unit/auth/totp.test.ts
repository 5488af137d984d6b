import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import {
  asciiSecret,
  matchStep,
  openSecret,
  stepAt,
  totpCode,
  totpKey,
  TotpStore,
} from '../../../src/main/auth/totp';

// RFC 6238 Appendix B: the seeds are ASCII, 20/32/64 bytes for SHA-1/256/512; 8 digits.
const SEED1 = asciiSecret('12345678901234567890');
const SEED256 = asciiSecret('12345678901234567890123456789012');
const SEED512 = asciiSecret('1234567890123456789012345678901234567890123456789012345678901234');
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 Appendix B test vectors', () => {
  it.each(VECTORS)('at T=%i', (time, sha1, sha256, sha512) => {
    expect(totpCode(SEED1, time, { algorithm: 'sha1', digits: 8 })).toBe(sha1);
    expect(totpCode(SEED256, time, { algorithm: 'sha256', digits: 8 })).toBe(sha256);
    expect(totpCode(SEED512, time, { algorithm: 'sha512', digits: 8 })).toBe(sha512);
  });
});

let kit: TestKit;
let store: TotpStore;
let userId: number;

beforeEach(() => {
  kit = makeKit();
  userId = kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 4567', language: 'fi' },
    'test',
  ).id;
  store = new TotpStore({
    db: kit.db,
    secret: kit.secret,
    config: kit.config,
    audit: kit.audit,
    clock: kit.scheduler,
    random: kit.random,
  });
});

const secretOf = (groups: string) => groups.replace(/ /g, '');
const codeAt = (secret: string, ms: number) => totpCode(secret, Math.floor(ms / 1000));

function enrol(): string {
  const offer = store.offer({ id: userId, employeeId: 'E1', displayName: 'Aino Virtanen' });
  const secret = secretOf(offer.secretGroups);
  expect(
    store.confirm(offer.enrolmentId, userId, codeAt(secret, kit.scheduler.now()), 't'),
  ).toEqual({ ok: true });
  return secret;
}

describe('enrolment', () => {
  it('offers an otpauth URI, a QR matrix and the secret in groups of 4, and saves nothing yet', () => {
    const offer = store.offer({ id: userId, employeeId: 'E1', displayName: 'Aino Virtanen' });
    expect(offer.secretGroups).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(offer.uri).toContain(`secret=${secretOf(offer.secretGroups)}`);
    expect(offer.uri).toMatch(/^otpauth:\/\/totp\/Harbour%20Depot:/);
    expect(offer.qr.rows).toHaveLength(offer.qr.size);
    expect(offer.qr.rows.every((r) => /^[01]+$/.test(r) && r.length === offer.qr.size)).toBe(true);
    expect(store.enrolled(userId)).toBe(false);
  });

  it('refuses a wrong confirmation code and saves the secret sealed once a right code is given', () => {
    const offer = store.offer({ id: userId, employeeId: 'E1', displayName: 'Aino Virtanen' });
    const secret = secretOf(offer.secretGroups);
    const right = codeAt(secret, kit.scheduler.now());
    const wrong = right === '000000' ? '000001' : '000000';
    expect(store.confirm(offer.enrolmentId, userId, wrong, 't')).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
    expect(store.enrolled(userId)).toBe(false);
    expect(store.confirm(offer.enrolmentId, userId, right, 't')).toEqual({ ok: true });
    expect(store.enrolled(userId)).toBe(true);
    const row = kit.db.prepare('SELECT secret_enc FROM totp_factors').get() as {
      secret_enc: Buffer;
    };
    expect(row.secret_enc.includes(Buffer.from(secret))).toBe(false);
    expect(openSecret(totpKey(kit.secret), userId, row.secret_enc)).toBe(secret);
    expect(kit.audit.list().map((r) => r.action)).toContain('totp.enrol');
  });

  it('an offer expires after 10 minutes', () => {
    const offer = store.offer({ id: userId, employeeId: 'E1', displayName: 'Aino Virtanen' });
    kit.scheduler.advance(10 * 60_000);
    const code = codeAt(secretOf(offer.secretGroups), kit.scheduler.now());
    expect(store.confirm(offer.enrolmentId, userId, code, 't')).toMatchObject({
      reason: 'expired',
    });
  });
});

describe('verification', () => {
  it('accepts the current code and the codes one step either side, nothing further', () => {
    const secret = enrol();
    kit.scheduler.advance(5 * 60_000);
    const now = kit.scheduler.now();
    expect(matchStep(secret, codeAt(secret, now - 30_000), now, null)).toBe(stepAt(now) - 1);
    expect(matchStep(secret, codeAt(secret, now + 30_000), now, null)).toBe(stepAt(now) + 1);
    expect(matchStep(secret, codeAt(secret, now - 60_000), now, null)).toBeNull();
    expect(matchStep(secret, codeAt(secret, now + 60_000), now, null)).toBeNull();
    expect(store.check(userId, codeAt(secret, now), now)).toEqual({ ok: true });
  });

  it('refuses a replay of the same code and of an earlier step', () => {
    const secret = enrol();
    kit.scheduler.advance(5 * 60_000);
    const now = kit.scheduler.now();
    expect(store.check(userId, codeAt(secret, now), now)).toEqual({ ok: true });
    expect(store.check(userId, codeAt(secret, now), now + 1_000)).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
    expect(store.check(userId, codeAt(secret, now - 30_000), now + 1_000)).toMatchObject({
      ok: false,
    });
    // The next step works.
    expect(store.check(userId, codeAt(secret, now + 30_000), now + 30_000)).toEqual({ ok: true });
  });

  it('the confirmation code itself cannot be used again to sign in', () => {
    const secret = enrol();
    const now = kit.scheduler.now();
    expect(store.check(userId, codeAt(secret, now), now + 500)).toMatchObject({ ok: false });
  });

  it('locks after the policy threshold of wrong codes, then lets the right code in once it ends', () => {
    const secret = enrol();
    kit.scheduler.advance(60_000);
    const threshold = kit.config.policy().lockoutThreshold;
    let now = kit.scheduler.now();
    const right = () => codeAt(secret, now);
    const wrong = () => (right() === '000000' ? '000001' : '000000');
    for (let i = 1; i < threshold; i++) {
      expect(store.check(userId, wrong(), now)).toMatchObject({
        reason: 'wrong',
        attemptsLeft: threshold - i,
      });
    }
    const locked = store.check(userId, wrong(), now);
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(store.check(userId, right(), now)).toMatchObject({ reason: 'locked' });
    expect(store.status(userId).locked).toBe(true);
    kit.scheduler.advance(kit.config.policy().lockoutBaseMinutes * 60_000);
    now = kit.scheduler.now();
    expect(store.check(userId, right(), now)).toEqual({ ok: true });
  });

  it('says not_enrolled for a person without an app, and a manager reset removes it', () => {
    expect(store.check(userId, '123456', kit.scheduler.now())).toEqual({
      ok: false,
      reason: 'not_enrolled',
    });
    enrol();
    expect(store.reset(userId, 'E1', 'manager:M1')).toBe(true);
    expect(store.enrolled(userId)).toBe(false);
    expect(kit.audit.list().map((r) => r.action)).toContain('totp.reset');
  });

  it('refuses malformed codes without matching', () => {
    const secret = enrol();
    expect(matchStep(secret, '12345', kit.scheduler.now(), null)).toBeNull();
    expect(matchStep(secret, 'abcdef', kit.scheduler.now(), null)).toBeNull();
  });
});
