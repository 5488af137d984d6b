import { describe, expect, it } from 'vitest';
import { DEFAULT_SMS_TEMPLATES, renderCodeMessage } from '../../../src/main/sms/templates';
import { gsm7Length, isGsm7 } from '../../../src/main/sms/gsm7';
import { splitMessage } from '../../../src/main/sms/segment';
import { LANGUAGES } from '../../../src/shared/domain';

// The longest values a message can carry: an 8-digit code, a 10-minute lifetime and a site name
// at its 40-character bound (src/shared/policy.ts).
const WORST = { code: '12345678', minutes: 10, site: 'N'.repeat(40) };

describe('default SMS templates', () => {
  it('exist for every shipped language', () => {
    expect(Object.keys(DEFAULT_SMS_TEMPLATES).sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES)('%s fits one GSM-7 segment with the longest values', (language) => {
    const text = renderCodeMessage(language, WORST);
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(160);
    expect(splitMessage(text)).toEqual({ encoding: 'gsm7', parts: [text] });
  });

  it.each(LANGUAGES)('%s carries the code, the lifetime and the site', (language) => {
    const text = renderCodeMessage(language, { code: '004217', minutes: 5, site: 'Harbour Depot' });
    expect(text).toContain('004217');
    expect(text).toContain('5 min');
    expect(text).toContain('Harbour Depot');
    expect(text).not.toMatch(/\{(code|minutes|site)\}/);
  });
});
