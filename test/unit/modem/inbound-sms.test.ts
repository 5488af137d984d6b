// Inbound texts: the device reads what +CMTI / +CMT announce (PDU mode, text mode as the
// fallback), reassembles concatenated parts, deletes what it handed on, reads what waited on the
// SIM at connect, and survives a message it cannot decode. Simulator over MockBinding.
import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from '@serialport/binding-mock';
import { ModemDevice, type InboundSms } from '../../../src/main/modem/device';
import type { ModemError } from '../../../src/main/modem/errors';
import {
  ModemSimulator,
  SimulatorBinding,
  type SimulatorProfile,
} from '../../../src/main/modem/simulator';
import { ManualScheduler } from '../../support/manual-scheduler';
import { drive, settle } from './helpers';

const PATH = '/dev/ttyUSB2';
const FROM = '+358401234567';

function setup(profile: Partial<SimulatorProfile> = {}) {
  const scheduler = new ManualScheduler();
  const simulator = new ModemSimulator(profile, { scheduler });
  const binding = new SimulatorBinding();
  binding.plug(PATH, simulator);
  const device = new ModemDevice({ binding, path: PATH, scheduler, healthIntervalMs: 0 });
  const sms: InboundSms[] = [];
  const problems: ModemError[] = [];
  const commands: string[] = [];
  device.on('sms', (m) => sms.push(m));
  device.on('problem', (p) => problems.push(p));
  simulator.on('command', (c) => commands.push(c));
  const open = () => drive(scheduler, device.open());
  /** Lets the read / delete round trips run. */
  const flush = () =>
    drive(
      scheduler,
      settle(5).then(() => settle(40)),
      { maxMs: 1_000 },
    );
  return { scheduler, simulator, device, sms, problems, commands, open, flush };
}

afterEach(() => MockBinding.reset());

describe('ModemDevice inbound SMS', () => {
  it('reads a stored message on +CMTI, hands it on, then deletes it', async () => {
    const t = setup();
    await t.open();
    const sentAt = t.scheduler.now();
    t.simulator.receiveSms(FROM, '123 456');
    await t.flush();
    expect(t.sms).toEqual([{ from: FROM, text: '123 456', receivedAt: sentAt, parts: 1 }]);
    expect(t.commands).toContain('AT+CMGR=1');
    expect(t.commands.indexOf('AT+CMGD=1')).toBeGreaterThan(t.commands.indexOf('AT+CMGR=1'));
    expect(t.simulator.storedIndexes()).toEqual([]);
  });

  it('decodes UCS-2 text and reassembles a concatenated message', async () => {
    const t = setup();
    await t.open();
    t.simulator.receiveSms(FROM, 'Код 654321 ✓');
    const long = 'Hello kiosk, '.repeat(20);
    t.simulator.receiveSms('+46701234567', long);
    await t.flush();
    expect(t.sms.map((m) => [m.from, m.text, m.parts])).toEqual([
      [FROM, 'Код 654321 ✓', 1],
      ['+46701234567', long, 2],
    ]);
    expect(t.simulator.storedIndexes()).toEqual([]);
  });

  it('takes a message routed directly with +CMT (nothing to delete)', async () => {
    const t = setup();
    await t.open();
    t.simulator.receiveSms(FROM, '999000', { direct: true });
    await t.flush();
    expect(t.sms.map((m) => m.text)).toEqual(['999000']);
    expect(t.commands.filter((c) => c.startsWith('AT+CMGD'))).toEqual([]);
  });

  it('reads messages that waited on the SIM while the kiosk was off (AT+CMGL at connect)', async () => {
    const t = setup();
    t.simulator.receiveSms(FROM, 'first');
    t.simulator.receiveSms('+46701234567', 'second');
    expect(t.simulator.storedIndexes()).toEqual([1, 2]);
    await t.open();
    await t.flush();
    expect(t.commands).toContain('AT+CMGL=4');
    expect(t.sms.map((m) => [m.from, m.text])).toEqual([
      [FROM, 'first'],
      ['+46701234567', 'second'],
    ]);
    expect(t.simulator.storedIndexes()).toEqual([]);
  });

  it('deletes a garbled message, reports it without its content, and keeps working', async () => {
    const t = setup();
    await t.open();
    t.simulator.storeRawPdu('0004DEADBEEF');
    await t.flush();
    expect(t.sms).toEqual([]);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]!.message).toBe(
      'A text message the modem received (SIM slot 1) could not be read: its lengths do not match its data. It was deleted',
    );
    expect(JSON.stringify(t.problems[0])).not.toContain('DEADBEEF');
    expect(t.simulator.storedIndexes()).toEqual([]);
    t.simulator.receiveSms(FROM, 'after');
    await t.flush();
    expect(t.sms.map((m) => m.text)).toEqual(['after']);
  });

  it('falls back to text mode when the modem has no PDU mode', async () => {
    const t = setup({ pduMode: false });
    t.simulator.receiveSms(FROM, 'waiting');
    await t.open();
    await t.flush();
    t.simulator.receiveSms(FROM, '246 810');
    await t.flush();
    t.simulator.receiveSms('+46701234567', 'direct', { direct: true });
    await t.flush();
    expect(t.commands).toContain('AT+CMGL="ALL"');
    expect(t.sms.map((m) => [m.from, m.text])).toEqual([
      [FROM, 'waiting'],
      [FROM, '246 810'],
      ['+46701234567', 'direct'],
    ]);
    expect(t.simulator.storedIndexes()).toEqual([]);
  });

  it("reads the SIM's own number with AT+CNUM when the SIM has it", async () => {
    const known = setup({ ownNumber: '+358451112223' });
    await known.open();
    expect(await drive(known.scheduler, known.device.ownNumber())).toBe('+358451112223');
    MockBinding.reset();
    const unknown = setup();
    await unknown.open();
    expect(await drive(unknown.scheduler, unknown.device.ownNumber())).toBeUndefined();
  });

  for (const pduMode of [true, false]) {
    it(`leaves messages a phone saved to send on the SIM, not as inbound texts (${pduMode ? 'PDU' : 'text'} mode)`, async () => {
      const t = setup({ pduMode });
      const unsent = t.simulator.storeOutgoing('+46701234567', 'draft to send');
      const sent = t.simulator.storeOutgoing('+46701234568', 'already sent', true);
      t.simulator.storeOnSim(FROM, 'a real text');
      await t.open();
      await t.flush();
      expect(t.commands).toContain(pduMode ? 'AT+CMGL=4' : 'AT+CMGL="ALL"');
      expect(t.sms.map((m) => [m.from, m.text])).toEqual([[FROM, 'a real text']]);
      expect(t.problems).toEqual([]);
      expect(t.simulator.storedIndexes()).toEqual([unsent, sent]);
    });
  }
});
