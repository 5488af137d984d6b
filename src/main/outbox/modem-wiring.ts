// Joins an Outbox to a ModemDevice, so the app's composition root needs one call:
//
//   const { outbox, close } = createModemOutbox({ db: core.db, secret: core.secret, device });
//   const services = withEngine(core, { outbound: outbox });
//   device.start();
//
// The device's sendSms is the sender; its 'connected' / 'health' / 'disconnected' events decide
// availability; its 'delivery-report' events settle sent messages.
import type { DeliveryReport, DeviceState, ModemHealth, ModemInfo } from '../modem/device';
import type { ModemError } from '../modem/errors';
import type { Availability } from './outbound';
import { Outbox, type ModemStatusSource, type OutboxOptions, type SmsSender } from './outbox';

/**
 * The part of ModemDevice used here, written out so tests can pass a plain EventEmitter. The
 * real device fits it as it is.
 */
export interface ModemLike extends SmsSender {
  readonly state: DeviceState;
  readonly health: ModemHealth | undefined;
  on(event: 'connected', listener: (info: ModemInfo) => void): unknown;
  on(event: 'health', listener: (health: ModemHealth) => void): unknown;
  on(event: 'disconnected', listener: (error: ModemError) => void): unknown;
  on(event: 'delivery-report', listener: (report: DeliveryReport) => void): unknown;
  off(event: 'connected', listener: (info: ModemInfo) => void): unknown;
  off(event: 'health', listener: (health: ModemHealth) => void): unknown;
  off(event: 'disconnected', listener: (error: ModemError) => void): unknown;
  off(event: 'delivery-report', listener: (report: DeliveryReport) => void): unknown;
}

const NOT_CONNECTED = 'The modem is not connected';

function fromHealth(health: ModemHealth): Availability {
  if (health.connected && health.canSend) return { available: true };
  return {
    available: false,
    reason: health.problem?.message ?? (health.connected ? 'The modem cannot send' : NOT_CONNECTED),
  };
}

/**
 * Availability as the device last told it: sending is possible once connected, until a health
 * check finds a problem (no SIM, no network) or the modem is unplugged.
 */
export class DeviceModemStatus implements ModemStatusSource {
  private availability: Availability;
  private readonly listeners = new Set<(availability: Availability) => void>();
  private readonly onConnected = () => this.set({ available: true });
  private readonly onHealth = (health: ModemHealth) => {
    // A health check that was in flight when the modem went away can still land afterwards,
    // saying all is well: only a ready device's health counts. And the device follows
    // 'disconnected' with a generic "not connected" health, while the reason it gave with the
    // disconnect ("check the USB cable") is the more useful one to keep.
    if (this.device.state !== 'ready' || !health.connected) {
      if (this.availability.available) this.set(fromHealth({ ...health, connected: false }));
      return;
    }
    this.set(fromHealth(health));
  };
  private readonly onDisconnected = (error: ModemError) =>
    this.set({ available: false, reason: error.message });

  constructor(private readonly device: ModemLike) {
    this.availability =
      device.state !== 'ready'
        ? { available: false, reason: NOT_CONNECTED }
        : device.health
          ? fromHealth(device.health)
          : { available: true };
    device.on('connected', this.onConnected);
    device.on('health', this.onHealth);
    device.on('disconnected', this.onDisconnected);
  }

  current(): Availability {
    return this.availability;
  }

  subscribe(listener: (availability: Availability) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.device.off('connected', this.onConnected);
    this.device.off('health', this.onHealth);
    this.device.off('disconnected', this.onDisconnected);
    this.listeners.clear();
  }

  private set(next: Availability): void {
    const reasonOf = (a: Availability) => (a.available ? null : a.reason);
    const changed = reasonOf(this.availability) !== reasonOf(next);
    this.availability = next;
    if (changed) for (const listener of [...this.listeners]) listener(next);
  }
}

export interface ModemOutbox {
  outbox: Outbox;
  modemStatus: DeviceModemStatus;
  /** Stops the worker (after a send in progress) and lets go of the device's events. */
  close(): Promise<void>;
}

/** Builds an Outbox that sends through `device`, and starts its worker unless told not to. */
export function createModemOutbox(
  options: Omit<OutboxOptions, 'sender' | 'modemStatus'> & { device: ModemLike; start?: boolean },
): ModemOutbox {
  const { device, start = true, ...rest } = options;
  const modemStatus = new DeviceModemStatus(device);
  const outbox = new Outbox({
    ...rest,
    // Bound: the worker calls it detached from the device.
    sender: { sendSms: (to, text, sendOptions) => device.sendSms(to, text, sendOptions) },
    modemStatus,
  });
  const onReport = (report: DeliveryReport) => {
    // A throw here would surface inside the device's event dispatch, far from its cause.
    try {
      outbox.handleDeliveryReport(report);
    } catch (error) {
      rest.log?.(`outbox: a delivery report could not be recorded: ${(error as Error).message}`);
    }
  };
  device.on('delivery-report', onReport);
  if (start) outbox.start();
  return {
    outbox,
    modemStatus,
    async close() {
      device.off('delivery-report', onReport);
      modemStatus.dispose();
      await outbox.stop();
    },
  };
}
