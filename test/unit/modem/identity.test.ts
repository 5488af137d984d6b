// Modem and SIM identity: the parsers for the vendors' ICCID answers, initialisation reading
// IMEI / ICCID / IMSI with fallbacks, and the store that binds them to a port, raises a change
// and lets a manager confirm it, each step audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as at from '../../../src/main/modem/commands';
import { ModemDevice } from '../../../src/main/modem/device';
import { ModemSimulator, SimulatorBinding } from '../../../src/main/modem/simulator';
import { ModemIdentityStore, IdentityError } from '../../../src/main/modem-identity';
import { openCoreServices, type CoreServices } from '../../../src/main/services';
import { ManualScheduler } from '../../support/manual-scheduler';
import { drive } from './helpers';

describe('identity parsers', () => {
  it('reads the ICCID from each vendor spelling and drops the F filler', () => {
    expect(at.parseIccid(['+CCID: "89358012345678901234"'])).toBe('89358012345678901234');
    expect(at.parseIccid(['+QCCID: 8935801234567890123F'])).toBe('8935801234567890123');
    expect(at.parseIccid(['^ICCID: 89358012345678901234'])).toBe('89358012345678901234');
    expect(at.parseIccid(['89358012345678901234'])).toBe('89358012345678901234');
    expect(at.parseIccid(['ERROR'])).toBeUndefined();
    expect(at.parseIccid(['+CCID: 1234'])).toBeUndefined();
  });

  it('reads IMEI and IMSI with or without a prefix, and nothing from noise', () => {
    expect(at.parseImei(['+CGSN: "490154203237518"'])).toBe('490154203237518');
    expect(at.parseImei(['490154203237518'])).toBe('490154203237518');
    expect(at.parseImei(['SIMCOM_Ltd'])).toBeUndefined();
    expect(at.parseImsi(['244911234567890'])).toBe('244911234567890');
    expect(at.parseImsi(['+CME ERROR: 10'])).toBeUndefined();
  });
});

describe('initialisation reads the identity', () => {
  const open = async (profile: ConstructorParameters<typeof ModemSimulator>[0]) => {
    const scheduler = new ManualScheduler();
    const simulator = new ModemSimulator(profile, { scheduler });
    const binding = new SimulatorBinding();
    const path = `/dev/ttyID${Math.random().toString(16).slice(2, 8)}`;
    binding.plug(path, simulator);
    const device = new ModemDevice({ binding, path, scheduler, healthIntervalMs: 0 });
    const info = await drive(scheduler, device.open());
    await drive(scheduler, device.close());
    return info;
  };

  it('IMEI, IMSI and ICCID through AT+CCID', async () => {
    const info = await open({ imei: '356938035643809', imsi: '244911234567890' });
    expect(info).toMatchObject({
      imei: '356938035643809',
      imsi: '244911234567890',
      iccid: '8935801234567890123',
    });
  });

  it('falls back to AT+QCCID, then AT^ICCID?, when the modem refuses AT+CCID', async () => {
    expect((await open({ unsupported: ['+CCID'], iccid: '89460000000000000001' })).iccid).toBe(
      '89460000000000000001',
    );
    expect(
      (await open({ unsupported: ['+CCID', '+QCCID'], iccid: '89460000000000000002' })).iccid,
    ).toBe('89460000000000000002');
  });
});

describe('ModemIdentityStore', () => {
  let core: CoreServices;
  let scheduler: ManualScheduler;
  let store: ModemIdentityStore;
  const PATH = '/dev/kiosk-modem-if02';
  const first = { imei: '356938035643809', iccid: '8935801234567890123', imsi: '244911234567890' };
  const actions = () =>
    core.audit
      .list()
      .map((r) => r.action)
      .filter((a) => a.startsWith('modem.'));

  beforeEach(() => {
    scheduler = new ManualScheduler();
    core = openCoreServices(':memory:', { scheduler, secret: Buffer.alloc(32, 7) });
    store = new ModemIdentityStore(core.db, core.audit, scheduler);
  });
  afterEach(() => core.close());

  it('binds the first identity seen (audited) and accepts it again', () => {
    expect(store.check(PATH, first)).toEqual({ kind: 'bound', identity: first });
    expect(store.check(PATH, first)).toEqual({ kind: 'same' });
    expect(store.alarm(PATH)).toBeUndefined();
    expect(store.bound(PATH)).toEqual(first);
    expect(actions()).toEqual(['modem.identityBound']);
  });

  it('a different SIM raises one alarm until a manager confirms it', () => {
    store.check(PATH, first);
    scheduler.advance(60_000);
    const swapped = { ...first, iccid: '8935809999999999999', imsi: '244919999999999' };
    const check = store.check(PATH, swapped);
    expect(check).toMatchObject({ kind: 'changed', alarm: { changes: ['sim'], seen: swapped } });
    // Reconnecting with the same new SIM is the same alarm, not another audit row.
    expect(store.check(PATH, swapped).kind).toBe('changed');
    expect(store.alarm(PATH)).toMatchObject({ changes: ['sim'], bound: first });
    expect(store.confirm(PATH, 'manager:1')).toEqual(swapped);
    expect(store.alarm(PATH)).toBeUndefined();
    expect(store.check(PATH, swapped)).toEqual({ kind: 'same' });
    expect(actions()).toEqual([
      'modem.identityBound',
      'modem.identityChanged',
      'modem.identityConfirmed',
    ]);
    const confirmed = core.audit.list().at(-1)!;
    expect(confirmed.actor).toBe('manager:1');
  });

  it('a different modem on the same port is an alarm too', () => {
    store.check(PATH, first);
    expect(store.check(PATH, { ...first, imei: '490154203237518' })).toMatchObject({
      kind: 'changed',
      alarm: { changes: ['modem'] },
    });
  });

  it('the old SIM put back clears the alarm without a confirmation', () => {
    store.check(PATH, first);
    store.check(PATH, { ...first, iccid: '8935809999999999999' });
    expect(store.check(PATH, first)).toEqual({ kind: 'same' });
    expect(store.alarm(PATH)).toBeUndefined();
    expect(actions().at(-1)).toBe('modem.identityRestored');
  });

  it('an unreadable SIM is no change; its values are bound once read', () => {
    store.check(PATH, { imei: first.imei });
    expect(store.check(PATH, first)).toEqual({ kind: 'same' });
    expect(store.bound(PATH)).toEqual(first);
    expect(store.check(PATH, { ...first, imsi: '244910000000001' }).kind).toBe('changed');
  });

  it('follows the same modem to a new device name (found by its IMEI)', () => {
    store.check('/dev/ttyUSB2', first);
    expect(store.check('/dev/ttyUSB5', first)).toEqual({ kind: 'same' });
    expect(store.bound('/dev/ttyUSB2')).toBeUndefined();
    expect(store.check('/dev/ttyUSB5', { ...first, iccid: '8935809999999999999' }).kind).toBe(
      'changed',
    );
    expect(actions()).toContain('modem.identityMoved');
  });

  it('confirming with nothing to confirm says so', () => {
    store.check(PATH, first);
    expect(() => store.confirm(PATH, 'manager:1')).toThrow(IdentityError);
  });
});

describe('modem identity / confirm-identity (CLI)', () => {
  it('shows the change and confirms it, audited with the shell user', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../../../src/main/cli/main');
    const dir = mkdtempSync(join(tmpdir(), 'cli-identity-'));
    const dbPath = join(dir, 'kiosk.db');
    try {
      const core = openCoreServices(dbPath);
      const store = new ModemIdentityStore(core.db, core.audit, new ManualScheduler());
      store.check('/dev/kiosk-modem-if02', {
        imei: '356938035643809',
        iccid: '8935801' + '0'.repeat(12),
      });
      store.check('/dev/kiosk-modem-if02', {
        imei: '356938035643809',
        iccid: '8935802' + '0'.repeat(12),
      });
      core.close();
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`) };
      expect(await runCli(['--db', dbPath, 'modem', 'identity'], io)).toBe(0);
      expect(out.join('\n')).toMatch(/The SIM card in the modem is not the one/);
      expect(out.join('\n')).toMatch(/modem confirm-identity --port \/dev\/kiosk-modem-if02/);
      out.length = 0;
      const args = ['--db', dbPath, 'modem', 'confirm-identity', '--port', '/dev/kiosk-modem-if02'];
      expect(await runCli(args, io)).toBe(0);
      expect(out.join('\n')).toMatch(/used for sign-in again/);
      expect(await runCli(args, io)).toBe(1);
      const after = openCoreServices(dbPath);
      const last = after.audit.list().at(-1)!;
      after.close();
      expect(last.action).toBe('modem.identityConfirmed');
      expect(last.actor).toMatch(/^cli/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
