import { describe, expect, it } from 'vitest';
import {
  ModemError,
  cmeError,
  cmsError,
  errorFromFinalLine,
  isTemporaryCms,
} from '../../../src/main/modem/errors';

describe('modem errors', () => {
  it.each([38, 41, 42, 47, 500, 512, 513, 514, 515])('+CMS %i is temporary', (n) => {
    expect(isTemporaryCms(n)).toBe(true);
    expect(cmsError(n).temporary).toBe(true);
  });

  it.each([1, 8, 10, 21, 50, 69, 330])('+CMS %i is permanent', (n) => {
    expect(isTemporaryCms(n)).toBe(false);
    expect(cmsError(n).temporary).toBe(false);
  });

  it('unknown manufacturer CMS codes are retried, other unknown codes are not', () => {
    expect(cmsError(599).temporary).toBe(true);
    expect(cmsError(250).temporary).toBe(false);
  });

  it('messages are words a site manager understands', () => {
    expect(cmeError(11).message).toBe('The SIM card needs its PIN');
    expect(cmeError(10).message).toBe('There is no SIM card in the modem');
    expect(cmeError(30).message).toBe('No mobile network');
    expect(cmsError(1).message).toMatch(/^The operator rejected the number/);
    expect(cmsError(330).message).toMatch(/message centre/);
  });

  it('codes for the things people act on', () => {
    expect(cmeError(11)).toMatchObject({ code: 'SIM_LOCKED', temporary: false, cme: 11 });
    expect(cmeError(10)).toMatchObject({ code: 'SIM_MISSING', temporary: false });
    expect(cmeError(13)).toMatchObject({ code: 'CME_ERROR', temporary: true });
    expect(cmsError(331)).toMatchObject({ code: 'NO_NETWORK', temporary: true });
    expect(cmsError(1)).toMatchObject({ code: 'INVALID_NUMBER', temporary: false });
  });

  it('reads final result lines, numeric or verbose', () => {
    expect(errorFromFinalLine('OK')).toBeUndefined();
    expect(errorFromFinalLine('+CME ERROR: SIM not inserted')).toMatchObject({ cme: 10 });
    expect(errorFromFinalLine('+CME ERROR: 11', 'AT+CMGS=23')).toMatchObject({
      cme: 11,
      command: 'AT+CMGS=23',
    });
    expect(errorFromFinalLine('+CMS ERROR: 42')).toMatchObject({ cms: 42, temporary: true });
    expect(errorFromFinalLine('+CME ERROR: something odd')).toBeInstanceOf(ModemError);
    expect(errorFromFinalLine('COMMAND NOT SUPPORT')).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(errorFromFinalLine('ERROR')).toMatchObject({ code: 'AT_ERROR' });
  });
});
