// USSD (AT+CUSD): the reply parser on the forms modems give (plain text, UCS-2 hex, packed
// GSM-7 hex), and the device against the simulator over MockBinding on a manual clock: a reply
// inline or as a URC after OK, the network's refusals, and a modem without USSD.
import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from '@serialport/binding-mock';
import * as at from '../../../src/main/modem/commands';
import { ModemDevice } from '../../../src/main/modem/device';
import { ModemError } from '../../../src/main/modem/errors';
import {
  ModemSimulator,
  SimulatorBinding,
  type SimulatorProfile,
} from '../../../src/main/modem/simulator';
import { ManualScheduler } from '../../support/manual-scheduler';
import { drive } from './helpers';

afterEach(() => MockBinding.reset());

describe('parseCusd', () => {
  it('decodes plain text, UCS-2 hex and packed GSM-7 hex', () => {
    expect(at.parseCusd('+CUSD: 0,"Saldo 5,20 EUR",15')).toEqual({
      status: 'done',
      m: 0,
      text: 'Saldo 5,20 EUR',
      dcs: 15,
    });
    // "Баланс 10 руб" in UCS-2 (DCS 72).
    const ucs2 = at.toUcs2Hex('Баланс 10 руб');
    expect(at.parseCusd(`+CUSD: 0,"${ucs2}",72`)?.text).toBe('Баланс 10 руб');
    // A GSM-7 DCS with AT+CSCS="UCS2": the modem still writes UCS-2 hex.
    expect(at.parseCusd(`+CUSD: 0,"${at.toUcs2Hex('Saldo 3')}",15`, 'UCS2')?.text).toBe('Saldo 3');
    // Huawei: the septets packed and written as hex ("hellohello", the classic PDU guides' data).
    expect(at.parseCusd('+CUSD: 0,"E8329BFD4697D9EC37",15')?.text).toBe('hellohello');
    // Digits that happen to be hex stay as they are.
    expect(at.parseCusd('+CUSD: 0,"1234",15')?.text).toBe('1234');
  });

  it('reads <m> as TS 27.007 7.15 says', () => {
    expect(at.parseCusd('+CUSD: 1,"1 Balance 2 Bundles",15')?.status).toBe('action-required');
    expect(at.parseCusd('+CUSD: 2')).toEqual({ status: 'terminated', m: 2 });
    expect(at.parseCusd('+CUSD: 4')?.status).toBe('not-supported');
    expect(at.parseCusd('+CUSD: 5')?.status).toBe('timeout');
    expect(at.parseCusd('+CMGS: 4')).toBeUndefined();
    expect(at.parseCusd('+CUSD: x')).toBeUndefined();
  });
});

function setup(profile: Partial<SimulatorProfile> = {}) {
  const scheduler = new ManualScheduler();
  const simulator = new ModemSimulator(profile, { scheduler });
  const binding = new SimulatorBinding();
  binding.plug('/dev/ttyUSB2', simulator);
  const device = new ModemDevice({ binding, path: '/dev/ttyUSB2', scheduler, healthIntervalMs: 0 });
  const commands: string[] = [];
  simulator.on('command', (c) => commands.push(c));
  return {
    scheduler,
    commands,
    open: () => drive(scheduler, device.open()),
    ussd: (code: string) => drive(scheduler, device.ussd(code)),
  };
}

async function rejection(promise: Promise<unknown>): Promise<ModemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModemError);
  return error as ModemError;
}

describe('ModemDevice.ussd', () => {
  const text = 'Balance: 7.25 EUR, valid until 31.12.';
  for (const format of ['text', 'ucs2-hex', 'gsm7-hex'] as const) {
    for (const inline of [false, true]) {
      it(`decodes a ${format} reply ${inline ? 'before OK' : 'sent after OK'}`, async () => {
        const t = setup({ ussdReplies: { '*100#': { text, format, inline, delayMs: 3_000 } } });
        await t.open();
        const reply = await t.ussd('*100#');
        expect(reply).toMatchObject({ status: 'done', text });
        expect(t.commands).toContain('AT+CUSD=1,"*100#",15');
      });
    }
  }

  it('ends a session the network leaves open', async () => {
    const t = setup({ ussdReplies: { '*100#': { text: '1 Balance', format: 'text', m: 1 } } });
    await t.open();
    expect(await t.ussd('*100#')).toMatchObject({ status: 'action-required', text: '1 Balance' });
    expect(t.commands).toContain('AT+CUSD=2');
  });

  it('says the modem does not support USSD when it refuses AT+CUSD', async () => {
    for (const ussd of ['error', 'cme-error'] as const) {
      const t = setup({ ussd });
      await t.open();
      const e = await rejection(t.ussd('*100#'));
      expect(e.code).toBe('NOT_SUPPORTED');
      expect(e.message).toBe('This modem does not support USSD balance checks');
      expect(e.temporary).toBe(false);
    }
  });

  it('words the network refusing the code, a code that is not one, and no answer', async () => {
    const t = setup({
      ussdReplies: { '*101#': { text: 'late', format: 'text', delayMs: 60_000 } },
    });
    await t.open();
    expect((await rejection(t.ussd('*999#'))).message).toBe(
      'The network does not support this USSD code; check the code with the operator',
    );
    expect((await rejection(t.ussd('balance'))).code).toBe('INVALID_MESSAGE');
    const late = await rejection(t.ussd('*101#'));
    expect(late.message).toBe('The network did not answer the USSD request in time');
  });
});
