// createModemOutbox against a stand-in device (a plain EventEmitter with ModemDevice's events):
// availability follows 'connected' / 'health' / 'disconnected', sends go through sendSms, and
// 'delivery-report' settles messages. The real device is covered in test/integration/outbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { openCoreServices, type CoreServices } from '../../../src/main/services';
import type {
  DeviceState,
  ModemDeviceEvents,
  ModemHealth,
  ModemInfo,
} from '../../../src/main/modem/device';
import { ModemError, ModemErrorCode } from '../../../src/main/modem/errors';
import { createModemOutbox, type ModemOutbox } from '../../../src/main/outbox/modem-wiring';
import type { SmsSendOptions } from '../../../src/main/outbox/outbox';
import { ManualScheduler } from '../../support/manual-scheduler';

const TO = '+358401234567';

async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

class FakeDevice extends EventEmitter<ModemDeviceEvents> {
  state: DeviceState = 'connecting';
  health: ModemHealth | undefined = undefined;
  readonly sent: Array<{ to: string; text: string; options: SmsSendOptions }> = [];

  async sendSms(to: string, text: string, options: SmsSendOptions) {
    this.sent.push({ to, text, options });
    options.onPartSent?.({ index: 0, total: 1, reference: 9 });
    return { to, mode: 'pdu' as const, references: [9] };
  }
}

const INFO: ModemInfo = { path: '/dev/x', baudRate: 115200, pduMode: true, statusReports: 'cds' };

function health(canSend: boolean, problem?: string): ModemHealth {
  return {
    checkedAt: 0,
    connected: true,
    sim: 'ready',
    registration: canSend ? 'home' : 'searching',
    signalDbm: -73,
    canSend,
    problem: problem ? { code: ModemErrorCode.NoNetwork, message: problem } : undefined,
  };
}

let core: CoreServices;
let scheduler: ManualScheduler;
let device: FakeDevice;
let wired: ModemOutbox;

beforeEach(() => {
  scheduler = new ManualScheduler();
  core = openCoreServices(':memory:', { scheduler, secret: Buffer.alloc(32, 3) });
  device = new FakeDevice();
  wired = createModemOutbox({ db: core.db, secret: core.secret, scheduler, device });
});

afterEach(async () => {
  await wired.close();
  core.close();
});

describe('createModemOutbox', () => {
  it('follows the device: not connected, connected, no network, unplugged', () => {
    const { outbox } = wired;
    expect(outbox.availability()).toEqual({
      available: false,
      reason: 'The modem is not connected',
    });
    device.state = 'ready';
    device.emit('connected', INFO);
    expect(outbox.availability()).toEqual({ available: true });
    device.emit('health', health(false, 'No mobile network (still searching)'));
    expect(outbox.availability()).toEqual({
      available: false,
      reason: 'No mobile network (still searching)',
    });
    device.emit('health', health(true));
    expect(outbox.availability()).toEqual({ available: true });
    device.emit(
      'disconnected',
      new ModemError(
        ModemErrorCode.Disconnected,
        'The modem was disconnected; check the USB cable',
        {
          temporary: true,
        },
      ),
    );
    expect(outbox.availability()).toEqual({
      available: false,
      reason: 'The modem was disconnected; check the USB cable',
    });
  });

  it('ignores a health check that lands after the modem went away', () => {
    device.state = 'ready';
    device.emit('connected', INFO);
    device.emit(
      'disconnected',
      new ModemError(ModemErrorCode.Disconnected, 'The modem was disconnected', {
        temporary: true,
      }),
    );
    device.emit('health', { ...health(false, 'The modem is not connected'), connected: false });
    device.state = 'reconnecting';
    device.emit('health', health(true));
    expect(wired.outbox.availability()).toEqual({
      available: false,
      reason: 'The modem was disconnected',
    });
  });

  it('starts from what the device already knows', async () => {
    const ready = new FakeDevice();
    ready.state = 'ready';
    ready.health = health(false, 'There is no SIM card in the modem');
    const other = createModemOutbox({
      db: core.db,
      secret: core.secret,
      scheduler,
      device: ready,
      start: false,
    });
    expect(other.outbox.isRunning).toBe(false);
    expect(other.outbox.availability()).toEqual({
      available: false,
      reason: 'There is no SIM card in the modem',
    });
    await other.close();
  });

  it('holds messages while the modem is away and sends them when it connects', async () => {
    const id = wired.outbox.enqueue({
      to: TO,
      body: 'code 123456',
      expiresAt: scheduler.now() + 300_000,
      challengeId: 'c1',
    });
    await flush();
    expect(device.sent).toHaveLength(0);
    device.state = 'ready';
    device.emit('connected', INFO);
    await flush();
    expect(device.sent.map((s) => [s.to, s.text])).toEqual([[TO, 'code 123456']]);
    expect(wired.outbox.status(id)?.status).toBe('sent');

    device.emit('delivery-report', {
      reference: 9,
      recipient: TO,
      status: 0,
      outcome: 'delivered',
    });
    expect(wired.outbox.status(id)?.status).toBe('delivered');
  });

  it('lets go of the device on close', async () => {
    await wired.close();
    for (const event of ['connected', 'health', 'disconnected', 'delivery-report'] as const) {
      expect(device.listenerCount(event)).toBe(0);
    }
    expect(wired.outbox.isRunning).toBe(false);
  });
});
