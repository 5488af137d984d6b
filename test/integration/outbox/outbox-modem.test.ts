// The whole path a code takes: sign-in engine → outbox (in the same database) → ModemDevice →
// serialport (MockBinding) → the modem simulator, whose inbox is the worker's phone. Real
// timers, small latencies; every wait is on a condition with a deadline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockBinding } from '@serialport/binding-mock';
import { openCoreServices, withEngine, type Services } from '../../../src/main/services';
import { ModemDevice } from '../../../src/main/modem/device';
import { ModemSimulator, SimulatorBinding } from '../../../src/main/modem/simulator';
import { createModemOutbox, type ModemOutbox } from '../../../src/main/outbox/modem-wiring';
import { CountingRandom } from '../../support/harness';

const KIOSK = 'kiosk-1';
const PHONE = '040 123 4567';
const E164 = '+358401234567';

async function waitFor(what: string, condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let port = 0;
let path: string;
let binding: SimulatorBinding;
let simulator: ModemSimulator;
let device: ModemDevice;
let wired: ModemOutbox;
let services: Services;
let logs: string[];

beforeEach(async () => {
  path = `/dev/ttyOUTBOX${port++}`;
  // The network confirms delivery shortly after each part, as most operators do when asked.
  simulator = new ModemSimulator({ echo: true, latencyMs: 1, autoStatusReportMs: 5 });
  binding = new SimulatorBinding();
  binding.plug(path, simulator);
  device = new ModemDevice({
    binding,
    path,
    healthIntervalMs: 0,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  await device.open();

  const core = openCoreServices(':memory:', { secret: Buffer.alloc(32, 9) });
  core.config.updateSite({ name: 'Harbour Depot', defaultCountry: 'FI' }, 'test');
  core.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: PHONE, language: 'en' },
    'test',
  );
  logs = [];
  wired = createModemOutbox({
    db: core.db,
    secret: core.secret,
    device,
    retry: { initialMs: 20, maxMs: 200 },
    log: (line) => logs.push(line),
  });
  services = withEngine(core, {
    outbound: wired.outbox,
    random: new CountingRandom(),
    minResponseMs: 0,
  });
});

afterEach(async () => {
  await wired.close();
  await device.close();
  services.close();
  MockBinding.reset();
});

async function startSignIn() {
  const result = await services.engine.start({ phone: PHONE, kioskId: KIOSK });
  if (!result.ok) throw new Error(`start failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function outboxStatus() {
  return wired.outbox.recent(1)[0]?.status;
}

describe('a sign-in code through the outbox and a real ModemDevice to the simulator', () => {
  it('lands in the phone inbox, and the code from it signs in', async () => {
    const challenge = await startSignIn();
    await waitFor('the SMS', () => simulator.inbox(E164).length === 1);
    const [sms] = simulator.inbox(E164);
    expect(sms!.text).toMatch(
      /^\d{6} is your sign-in code for Harbour Depot\. It expires in 5 min/,
    );
    expect(sms!.statusReportRequested).toBe(true);

    await waitFor('the delivery report', () => outboxStatus() === 'delivered');
    expect(services.engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('sent');
    const parts = services.db
      .prepare('SELECT reference, delivery FROM outbox_parts')
      .all() as Array<{ reference: number; delivery: string }>;
    expect(parts).toEqual([{ reference: sms!.references[0], delivery: 'delivered' }]);

    const code = /^\d{6}/.exec(sms!.text)![0];
    const signedIn = services.engine.verifyNow({
      challengeId: challenge.challengeId,
      code,
      kioskId: KIOSK,
    });
    expect(
      signedIn.ok &&
        signedIn.value.state === 'signed_in' &&
        signedIn.value.signedIn.user.displayName,
    ).toBe('Aino Virtanen');
    expect(logs.join('\n')).not.toContain(code);
  });

  it('retries a temporary network error and the phone gets the code once', async () => {
    simulator.failNextSends([{ cms: 38 }, { cms: 500 }]);
    const challenge = await startSignIn();
    await waitFor('the SMS', () => simulator.inbox(E164).length === 1);
    await waitFor('sent', () => outboxStatus() === 'delivered');
    expect(wired.outbox.recent(1)[0]!.attempts).toBe(3);
    expect(services.engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('sent');
  });

  it('tells the sign-in flow when the operator rejects the number (helpful mode)', async () => {
    services.config.updatePolicy({ enumerationMode: 'helpful' }, 'test');
    simulator.failNextSends([{ cms: 1 }]);
    const challenge = await startSignIn();
    await waitFor('failure', () => outboxStatus() === 'failed');
    expect(services.engine.deliveryStatus(challenge.challengeId, KIOSK)).toBe('failed');
    expect(wired.outbox.recent(1)[0]!.reason).toBe(
      'The operator rejected the number (unassigned number)',
    );
    expect(simulator.inbox(E164)).toEqual([]);
  });

  it('in private mode does not tell the kiosk that the operator rejected the number', async () => {
    simulator.failNextSends([{ cms: 1 }]);
    const challenge = await startSignIn();
    await waitFor('failure', () => outboxStatus() === 'failed');
    // An unknown number would never fail: a registered one must not either.
    expect(services.engine.deliveryStatus(challenge.challengeId, KIOSK)).not.toBe('failed');
  });

  it('sends a three-part message as one on the phone and settles it on three reports', async () => {
    const text = 'Three part message. '.repeat(20).trim();
    const id = wired.outbox.enqueue({
      to: E164,
      body: text,
      expiresAt: Date.now() + 60_000,
      challengeId: 'manual',
    });
    await waitFor('the SMS', () => simulator.inbox(E164).length === 1);
    expect(simulator.inbox(E164)[0]).toMatchObject({ text, parts: 3 });
    await waitFor('delivered', () => wired.outbox.status(id)?.status === 'delivered');
  });

  it('refuses sign-ins while the modem is unplugged and sends again after a mid-send unplug', async () => {
    binding.unplug(path);
    await waitFor('unavailable', () => !wired.outbox.availability().available);
    const refused = await services.engine.start({ phone: PHONE, kioskId: KIOSK });
    expect(refused.ok || refused.error).toMatchObject({
      code: 'sms_unavailable',
      message:
        'The kiosk cannot send text messages right now: The modem was disconnected; check the USB cable',
    });
    binding.replug(path);
    await waitFor('reconnected', () => wired.outbox.availability().available);

    // The message reaches the network but the modem vanishes before it answers: the outcome is
    // unknown, so the outbox sends again once the modem is back (at-least-once).
    simulator.unplugDuringNextSend('after-payload');
    const challenge = await startSignIn();
    await waitFor('unplugged', () => !wired.outbox.availability().available);
    expect(outboxStatus()).toBe('queued');
    binding.replug(path);
    await waitFor('sent again', () => simulator.inbox(E164).length === 2);
    await waitFor('sent', () => ['sent', 'delivered'].includes(outboxStatus() ?? ''));
    const [first, second] = simulator.inbox(E164);
    expect(second!.text).toBe(first!.text);
    const code = /^\d{6}/.exec(second!.text)![0];
    expect(
      services.engine.verifyNow({ challengeId: challenge.challengeId, code, kioskId: KIOSK }).ok,
    ).toBe(true);
  });
});
