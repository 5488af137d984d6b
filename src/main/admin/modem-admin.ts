// The modem panel: the device's state and last health reading, the outbox without bodies, and
// today's count against the SIM's daily cap; and a test message, sent through the persistent
// outbox like a code (so it shows in the list with its status), rate-limited and audited.
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/settings';
import type { ConfigStore } from '../config/config-store';
import type { RandomSource } from '../auth/random';
import type { ModemHealth, ModemInfo } from '../modem/device';
import { IdentityError, type IdentityAlarm, type ModemIdentity } from '../modem-identity';
import type { OutboxListItem } from '../outbox/outbox';
import type { OutboundSms } from '../outbox/outbound';
import type { Scheduler } from '../time';
import { maskPhone, normalizeMobileNumber } from '../../shared/phone';
import type { ModemStatusView } from '../../shared/ipc/contract';
import type {
  ModemHealthView,
  ModemIdentityView,
  ModemPanelView,
  ModemPortView,
  ModemPortsView,
  TestSmsView,
  BalanceView,
} from '../../shared/admin';
import type { AdminQueries } from './admin-queries';
import { AdminError } from './errors';

/** What the panel reads from the modem device (ModemDevice fits). */
export interface ModemLike {
  readonly state: string;
  readonly info: ModemInfo | undefined;
  readonly health: ModemHealth | undefined;
  /** Reads the health now; absent on a modem that cannot be asked. */
  checkHealth?(): Promise<ModemHealth>;
  /** The port choice (ModemHost in modem-host.ts gives one); absent: the panel lists no ports. */
  readonly ports?: ModemPortControl;
  /** The scheduled balance check's last result; absent or undefined: no balance code is set. */
  balance?(): BalanceView | undefined;
  /** The modem and SIM bound to the current port (ModemHost gives it); absent: not tracked. */
  readonly identity?: ModemIdentityControl;
}

export interface ModemIdentityControl {
  /** An unconfirmed change of modem or SIM on the current port. */
  alarm(): IdentityAlarm | undefined;
  bound(): ModemIdentity | undefined;
  /** Accepts the modem and SIM now on the port (audited by the store). */
  confirm(actor: string): ModemIdentity;
}

/**
 * Lists the computer's serial ports and moves the modem to another one. ModemHost implements
 * it over the real device (closing it and its outbox wiring, opening a new one); the choice is
 * kept in the kiosk's settings table (MODEM_PORT_SETTING) for the next start.
 */
export interface ModemPortControl {
  /** The serial ports, each probed with AT except the one the modem holds open. */
  list(): Promise<ModemPortView[]>;
  /** The port the modem is open on now. */
  current(): string | null;
  /** The saved choice; null: the kiosk probes for the modem. */
  chosen(): string | null;
  /** Saves the choice and reopens the modem on it (null: probe); resolves once it answered or gave up. */
  use(port: string | null): Promise<void>;
  /** The demo's simulator: the one port, which stays. */
  readonly fixed: boolean;
}

/** Settings key of the manager's port choice (JSON string or null). Kiosk-local, not policy. */
export const MODEM_PORT_SETTING = 'modem.port';

/** What the panel needs from the outbox (Outbox fits). */
export interface OutboxLike extends OutboundSms {
  recent(limit?: number): OutboxListItem[];
  sentToday(): { messages: number; parts: number };
}

export const TEST_SMS_PREFIX = 'test:';
const TEST_SMS_CAP = 3;
const TEST_SMS_WINDOW_MS = 10 * 60_000;
const TEST_SMS_LIFETIME_MS = 10 * 60_000;

export class ModemAdmin {
  private readonly testSends: number[] = [];

  constructor(
    private readonly deps: {
      modem: ModemLike;
      modemStatus: () => ModemStatusView;
      outbox: OutboxLike;
      config: ConfigStore;
      audit: AuditLog;
      queries: AdminQueries;
      random: RandomSource;
      scheduler: Scheduler;
      kioskId: string;
    },
  ) {}

  async panel(outboxLimit: number, refresh = false): Promise<ModemPanelView> {
    const { modem, outbox } = this.deps;
    // A failed reading is published by the device as its health (with the problem in words).
    if (refresh && modem.checkHealth) await modem.checkHealth().catch(() => undefined);
    const today = outbox.sentToday();
    const balance = modem.balance?.();
    return {
      status: this.deps.modemStatus(),
      state: modem.state,
      port: modem.info?.path ?? null,
      model: [modem.info?.manufacturer, modem.info?.model].filter(Boolean).join(' ') || null,
      health: modem.health ? healthView(modem.health) : null,
      outbox: outbox.recent(outboxLimit).map((m) => ({
        id: m.id,
        maskedTo: m.maskedTo,
        status: m.status,
        reason: m.reason,
        attempts: m.attempts,
        parts: m.parts,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
        finalAt: m.finalAt,
        delivery: m.delivery,
        deliveredAt: m.deliveredAt,
        test: m.challengeId?.startsWith(TEST_SMS_PREFIX) ?? false,
      })),
      today: { ...today, cap: this.deps.config.policy().perSimDailyCap },
      ...(balance ? { balance } : {}),
      alerts: this.deps.queries.capAlerts(this.deps.scheduler.now() - 24 * 3_600_000),
      identity: this.identityView(),
    };
  }

  /** The modem and SIM bound to the port, and any change waiting for a manager. */
  identityView(): ModemIdentityView | null {
    const control = this.deps.modem.identity;
    if (!control) return null;
    const alarm = control.alarm();
    return {
      bound: control.bound() ?? null,
      alarm: alarm ? { changes: alarm.changes, seen: alarm.seen, since: alarm.since } : null,
    };
  }

  /** The manager accepts the modem and SIM now on the port; text-to-sign-in resumes. */
  confirmIdentity(actor: string): ModemIdentityView {
    const control = this.deps.modem.identity;
    if (!control) throw new AdminError('invalid_input', 'This kiosk does not track its modem.');
    try {
      control.confirm(actor);
    } catch (error) {
      if (error instanceof IdentityError) throw new AdminError('invalid_input', error.message);
      throw error;
    }
    return this.identityView()!;
  }

  /** The serial ports, the one in use and the manager's choice. */
  async ports(): Promise<ModemPortsView> {
    const control = this.deps.modem.ports;
    const current = control ? control.current() : (this.deps.modem.info?.path ?? null);
    return {
      ports: control ? await control.list() : [],
      current,
      chosen: control ? control.chosen() : null,
      status: this.deps.modemStatus(),
    };
  }

  /** Moves the modem to `port` (null: find it by probing), keeps the choice and audits it. */
  async usePort(port: string | null, actor: string): Promise<ModemPortsView> {
    const control = this.deps.modem.ports;
    if (!control) throw new AdminError('invalid_input', 'This kiosk cannot change its modem port.');
    if (control.fixed) {
      // The demo's simulated modem is the only port; "detect automatically" finds it again.
      if (port !== null && port !== control.current()) {
        throw new AdminError('invalid_input', 'In the demo the simulated modem is the only port.');
      }
      return this.ports();
    }
    if (port !== null) {
      const listed = await control.list();
      if (!listed.some((p) => p.path === port)) {
        throw new AdminError(
          'invalid_input',
          `There is no serial port ${port} on this computer. Check the USB cable and detect again.`,
        );
      }
    }
    const previous = control.chosen();
    await control.use(port);
    this.deps.audit.append({
      actor,
      action: 'modem.port',
      target: `port:${port ?? 'automatic'}`,
      details: { previous: previous ?? 'automatic', current: control.current() },
    });
    return this.ports();
  }

  sendTest(phone: string, actor: string): TestSmsView {
    const { config, outbox, scheduler } = this.deps;
    const site = config.site();
    const parsed = normalizeMobileNumber(phone, site.defaultCountry);
    if (!parsed.ok) {
      throw new AdminError('invalid_phone', parsed.error.message, {
        field: 'phone',
        params: { problem: parsed.error.code },
      });
    }
    const { e164, country } = parsed.value;
    // The same toll-fraud guard as codes: only countries the policy allows.
    if (!config.allowedCountries().includes(country)) {
      throw new AdminError(
        'country_not_allowed',
        `Text messages cannot be sent to numbers in ${country} from this kiosk.`,
      );
    }
    const availability = outbox.availability();
    if (!availability.available) {
      throw new AdminError(
        'sms_unavailable',
        `The kiosk cannot send text messages right now: ${availability.reason}`,
      );
    }
    const now = scheduler.now();
    while (this.testSends.length && this.testSends[0]! <= now - TEST_SMS_WINDOW_MS) {
      this.testSends.shift();
    }
    if (this.testSends.length >= TEST_SMS_CAP) {
      const retryAt = this.testSends[0]! + TEST_SMS_WINDOW_MS;
      throw new AdminError('rate_limited', 'Enough test messages for now. Try again in a while.', {
        retryAt,
      });
    }
    // Test messages count against the SIM's daily cap like codes do.
    const cap = config.policy().perSimDailyCap;
    if (outbox.sentToday().messages >= cap) {
      throw new AdminError(
        'rate_limited',
        `The SIM card has sent its ${cap} text messages for today. Try again tomorrow.`,
      );
    }
    const kioskName = this.deps.queries.kioskName() ?? this.deps.kioskId;
    const messageId = outbox.enqueue({
      to: e164,
      body: `Test message from ${site.name} (${kioskName}). The kiosk can send text messages.`,
      expiresAt: now + TEST_SMS_LIFETIME_MS,
      challengeId: `${TEST_SMS_PREFIX}${this.deps.random.bytes(8).toString('hex')}`,
    });
    this.testSends.push(now);
    const maskedTo = maskPhone(e164);
    this.deps.audit.append({
      actor,
      action: 'modem.testSms',
      target: `phone:${maskedTo}`,
      details: { messageId },
    });
    return { messageId, maskedTo };
  }
}

function healthView(health: ModemHealth): ModemHealthView {
  return {
    checkedAt: health.checkedAt,
    connected: health.connected,
    sim: health.sim,
    registration: health.registration,
    operator: health.operator ?? null,
    signalDbm: health.signalDbm,
    signalBars: health.signal?.bars ?? 0,
    smsc: health.smsc ?? null,
    canSend: health.canSend,
    problem: health.problem?.message ?? null,
    radio: health.radio ?? null,
    warning: health.warning?.code ?? null,
  };
}

/** The manager's saved port choice; null when the kiosk should probe for the modem. */
export function readModemPortChoice(db: Db): string | null {
  const stored = readSetting(db, MODEM_PORT_SETTING);
  if (stored === undefined) return null;
  try {
    const value: unknown = JSON.parse(stored);
    return typeof value === 'string' && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}

export function writeModemPortChoice(db: Db, port: string | null): void {
  writeSetting(db, MODEM_PORT_SETTING, JSON.stringify(port));
}
