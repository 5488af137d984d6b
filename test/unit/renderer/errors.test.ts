import { describe, expect, it } from 'vitest';
import { canResendFrom, isInline, reopensAt } from '../../../src/renderer/src/lib/errors';

describe('error placement', () => {
  it('keeps typing mistakes under the field and the rest on full screens', () => {
    expect(isInline({ code: 'wrong_code', message: '' })).toBe(true);
    expect(isInline({ code: 'invalid_phone', message: '' })).toBe(true);
    expect(isInline({ code: 'locked', message: '' })).toBe(false);
    expect(isInline({ code: 'code_dead', message: '' })).toBe(false);
    expect(isInline({ code: 'sms_unavailable', message: '' })).toBe(false);
  });

  it('offers a new code only where the sign-in still stands', () => {
    expect(canResendFrom('code_expired')).toBe(true);
    expect(canResendFrom('sms_not_delivered')).toBe(true);
    expect(canResendFrom('code_dead')).toBe(false);
    expect(canResendFrom('locked')).toBe(false);
  });

  it('reads when a lock or a cap ends', () => {
    expect(reopensAt({ code: 'locked', lockedUntil: 5000, retryAt: 5000 })).toBe(5000);
    expect(reopensAt({ code: 'locked', lockedUntil: null })).toBeNull();
    expect(reopensAt({ code: 'too_many_codes', retryAt: 9000 })).toBe(9000);
    expect(reopensAt({ code: 'kiosk_cap_reached' })).toBeNull();
  });
});
