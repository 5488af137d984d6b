import { describe, expect, it, vi } from 'vitest';

// The renderer's door to main reads `window` when loaded; these tests need none of it.
vi.mock('../../../../src/renderer/src/api', () => ({ kiosk: {} }));

import { balanceText } from '../../../../src/renderer/src/admin/sections/ModemSection';
import { i18n } from '../../../../src/renderer/src/i18n';
import { registerAdminMessages } from '../../../../src/renderer/src/admin/i18n';

describe('the modem panel balance line', () => {
  registerAdminMessages();
  const base = { lowBelow: 5, checkedAt: 1, problem: null };

  it('shows the credit, the low-balance alarm and why it is unknown, in the kiosk language', () => {
    const en = i18n.getFixedT('en', 'admin');
    const fi = i18n.getFixedT('fi', 'admin');
    expect(balanceText({ ...base, amount: 12.5, low: false }, en, 'en')).toBe('SIM credit: 12.5');
    expect(balanceText({ ...base, amount: 3.2, low: true }, fi, 'fi')).toBe(
      'SIM-kortin saldo on vähissä: 3,2, alle 5. Lataa saldoa, jotta koodit lähtevät.',
    );
    expect(
      balanceText(
        {
          ...base,
          amount: null,
          low: false,
          problem: 'This modem does not support USSD balance checks',
        },
        en,
        'en',
      ),
    ).toBe('SIM credit unknown: This modem does not support USSD balance checks');
  });
});
