// A SIM swap over a real pseudo-terminal made by socat: the modem host binds the first modem and
// SIM it sees, hands texts on for sign-in; after the SIM is swapped (unplug, new card, replug)
// it raises the alarm and texts are no longer handed on, until a manager confirms. Waits are on
// events, never on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { InboundSms, ModemInfo } from '../../../src/main/modem/device';
import { ModemSimulator } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';
import { ModemHost } from '../../../src/main/modem-host';
import { openCoreServices, type CoreServices } from '../../../src/main/services';

const binding = SerialPort.binding as unknown as BindingInterface;

function within<T>(ms: number, what: string, wait: (done: (v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    wait((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe('SIM swap over a socat pty', () => {
  let dir: string;
  let simulator: ModemSimulator;
  let server: PtyServer;
  let core: CoreServices;
  let host: ModemHost;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-pty-id-'));
    simulator = new ModemSimulator({
      latencyMs: 2,
      imei: '356938035643809',
      iccid: '8935801234567890123',
      imsi: '244911234567890',
    });
    server = await servePty(simulator, { link: join(dir, 'modem') });
    core = openCoreServices(join(dir, 'kiosk.db'));
    host = await ModemHost.open({
      db: core.db,
      audit: core.audit,
      secret: core.secret,
      log: (line) => logs.push(line),
      modemPort: server.link,
      serialBinding: binding,
    });
  });

  afterAll(async () => {
    await host?.close();
    core?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Texts the kiosk; resolves with whether the host handed it on for sign-in. */
  const textKiosk = async (text: string): Promise<boolean> => {
    let handedOn = false;
    const onHost = () => (handedOn = true);
    host.on('sms', onHost);
    // The device's own listeners run in order: the host's (attached first) has decided by now.
    const read = within<InboundSms>(5_000, 'the text was read', (done) =>
      host.device.once('sms', done),
    );
    simulator.receiveSms('+358401000002', text);
    await read;
    host.off('sms', onHost);
    return handedOn;
  };

  const connected = () =>
    within<ModemInfo>(10_000, 'the modem reconnected', (done) =>
      host.device.once('connected', done),
    );

  it('binds the first SIM, pauses texts after a swap, resumes once a manager confirms', async () => {
    const first = connected();
    await host.start();
    expect((await first).iccid).toBe('8935801234567890123');
    expect(host.identityAlarm()).toBeUndefined();
    expect(await textKiosk('code 111 222')).toBe(true);

    // Another SIM card in the same modem.
    const back = connected();
    await server.unplug();
    simulator.swapSim({ iccid: '8935809999999999999', imsi: '244919999999999' });
    await server.replug();
    expect((await back).iccid).toBe('8935809999999999999');
    expect(host.identityAlarm()).toMatchObject({ changes: ['sim'], path: server.link });
    expect(host.admin.identity?.alarm()?.seen.iccid).toBe('8935809999999999999');

    expect(await textKiosk('code 333 444')).toBe(false);
    expect(logs.some((l) => /not used for sign-in/.test(l))).toBe(true);

    // The manager confirms (the admin call and the CLI both end here); texts count again.
    host.confirmIdentity('manager:7');
    expect(host.identityAlarm()).toBeUndefined();
    expect(await textKiosk('code 555 666')).toBe(true);
    expect(
      core.audit
        .list()
        .map((r) => r.action)
        .filter((a) => a.startsWith('modem.identity')),
    ).toEqual(['modem.identityBound', 'modem.identityChanged', 'modem.identityConfirmed']);
  });
});
