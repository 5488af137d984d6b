// One error class for the whole modem subsystem (DESIGN.md convention 3). Every error carries a
// code from ModemErrorCode, whether retrying later can help (`temporary`), and a message written
// for a site manager. +CMS / +CME numbers from the modem are kept in `cms` / `cme`.

export const ModemErrorCode = {
  /** The modem did not answer a command in time. Temporary. */
  Timeout: 'TIMEOUT',
  /** The modem did not show the `>` prompt after AT+CMGS. Temporary. */
  PromptTimeout: 'PROMPT_TIMEOUT',
  /** The modem answered ERROR without a reason (CMEE off or unsupported command). */
  AtError: 'AT_ERROR',
  /** The modem answered COMMAND NOT SUPPORT. Permanent for that command. */
  NotSupported: 'NOT_SUPPORTED',
  /** +CMS ERROR: n (message service). Temporary or permanent by the table below. */
  CmsError: 'CMS_ERROR',
  /** +CME ERROR: n (equipment). Temporary or permanent by the table below. */
  CmeError: 'CME_ERROR',
  /** The serial port is not open or was closed by us. Temporary. */
  NotConnected: 'NOT_CONNECTED',
  /** The modem went away (unplugged) while talking to it. Temporary; the outcome is unknown. */
  Disconnected: 'DISCONNECTED',
  /** The serial port could not be opened. Temporary. */
  OpenFailed: 'OPEN_FAILED',
  /** No port answered like a modem. Temporary. */
  NoModemFound: 'NO_MODEM_FOUND',
  /** The SIM is locked and needs its PIN (or PUK). Permanent until someone acts. */
  SimLocked: 'SIM_LOCKED',
  /** There is no SIM card. Permanent until someone acts. */
  SimMissing: 'SIM_MISSING',
  /** Not registered on a mobile network. Temporary. */
  NoNetwork: 'NO_NETWORK',
  /** The destination number is not usable. Permanent. */
  InvalidNumber: 'INVALID_NUMBER',
  /** The text cannot be sent in the chosen mode (for example too long). Permanent. */
  InvalidMessage: 'INVALID_MESSAGE',
  /** The modem sent something we could not understand. Temporary. */
  Protocol: 'PROTOCOL',
  /** The device was closed by its owner while the command waited. Temporary. */
  Closed: 'CLOSED',
  /** Another program holds the port (EBUSY, a lock) or the kiosk may not open it (EACCES). */
  PortBusy: 'PORT_BUSY',
  /** AT traffic we did not send: another program (ModemManager) is probing the port. */
  PortShared: 'PORT_SHARED',
  /** The modem stopped answering and every step of the reset ladder failed. */
  Unresponsive: 'UNRESPONSIVE',
} as const;
export type ModemErrorCode = (typeof ModemErrorCode)[keyof typeof ModemErrorCode];

export interface ModemErrorOptions {
  temporary: boolean;
  cms?: number;
  cme?: number;
  /** The AT command that failed, without the payload. */
  command?: string;
  /** Message references of parts that did go out before the failure (multi-part sends). */
  referencesSent?: number[];
  cause?: unknown;
}

export class ModemError extends Error {
  readonly code: ModemErrorCode;
  /** True when the same action may succeed later (retry with backoff); false: fail now. */
  readonly temporary: boolean;
  readonly cms?: number;
  readonly cme?: number;
  readonly command?: string;
  referencesSent?: number[];

  constructor(code: ModemErrorCode, message: string, options: ModemErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModemError';
    this.code = code;
    this.temporary = options.temporary;
    this.cms = options.cms;
    this.cme = options.cme;
    this.command = options.command;
    this.referencesSent = options.referencesSent;
  }
}

interface ErrorEntry {
  temporary: boolean;
  message: string;
  code?: ModemErrorCode;
}

// 3GPP TS 27.005 §3.2.5 and TS 24.011 (RP/CP cause values that modems pass through).
// Temporary codes are the ones the network or modem may clear by itself; the outbox retries them.
const CMS: Record<number, ErrorEntry> = {
  1: {
    temporary: false,
    message: 'The operator rejected the number (unassigned number)',
    code: ModemErrorCode.InvalidNumber,
  },
  8: { temporary: false, message: 'The operator does not allow this SIM to send to that number' },
  10: { temporary: false, message: 'The operator barred this call' },
  21: { temporary: false, message: 'The operator rejected the message' },
  27: {
    temporary: false,
    message: 'The destination phone cannot be reached (number out of order)',
    code: ModemErrorCode.InvalidNumber,
  },
  28: {
    temporary: false,
    message: 'The operator rejected the number (unidentified subscriber)',
    code: ModemErrorCode.InvalidNumber,
  },
  29: { temporary: false, message: 'The operator refused this service for the SIM' },
  30: { temporary: false, message: 'The operator does not know this SIM' },
  38: { temporary: true, message: 'The mobile network is out of order for now' },
  41: { temporary: true, message: 'The mobile network had a temporary failure' },
  42: { temporary: true, message: 'The mobile network is congested' },
  47: { temporary: true, message: 'The mobile network has no resources right now' },
  50: { temporary: false, message: 'The SIM has no subscription for sending text messages' },
  69: { temporary: false, message: 'The operator does not support this kind of message' },
  81: { temporary: true, message: 'The modem sent an invalid message reference' },
  95: { temporary: false, message: 'The operator found the message invalid' },
  96: { temporary: false, message: 'The message is missing required information' },
  111: { temporary: true, message: 'The mobile network had a protocol error' },
  127: { temporary: true, message: 'The mobile network had an unknown problem' },
  300: { temporary: true, message: 'The modem failed' },
  301: { temporary: false, message: 'This modem cannot send text messages' },
  302: { temporary: false, message: 'The modem does not allow this operation' },
  303: { temporary: false, message: 'The modem does not support this operation' },
  304: { temporary: false, message: 'The message (PDU) is not valid', code: 'INVALID_MESSAGE' },
  305: { temporary: false, message: 'The message text is not valid', code: 'INVALID_MESSAGE' },
  310: { temporary: false, message: 'There is no SIM card in the modem', code: 'SIM_MISSING' },
  311: { temporary: false, message: 'The SIM card needs its PIN', code: 'SIM_LOCKED' },
  312: { temporary: false, message: 'The SIM card needs a PIN (PH-SIM)', code: 'SIM_LOCKED' },
  313: { temporary: true, message: 'The SIM card failed' },
  314: { temporary: true, message: 'The SIM card is busy' },
  315: { temporary: false, message: 'The SIM card is wrong for this modem' },
  316: {
    temporary: false,
    message: 'The SIM card is blocked and needs its PUK',
    code: 'SIM_LOCKED',
  },
  317: { temporary: false, message: 'The SIM card needs its PIN2', code: 'SIM_LOCKED' },
  318: { temporary: false, message: 'The SIM card needs its PUK2', code: 'SIM_LOCKED' },
  320: { temporary: true, message: 'The modem memory failed' },
  321: { temporary: false, message: 'The modem memory index is invalid' },
  322: { temporary: true, message: 'The modem memory is full' },
  330: {
    temporary: false,
    message: 'The message centre number (SMSC) is not known; check the SIM settings',
  },
  331: { temporary: true, message: 'No mobile network', code: 'NO_NETWORK' },
  332: { temporary: true, message: 'The mobile network did not answer in time' },
  340: { temporary: false, message: 'The modem expected no acknowledgement' },
  500: { temporary: true, message: 'The modem had an unknown error' },
  512: { temporary: true, message: 'The modem is busy sending (manufacturer error 512)' },
  513: { temporary: true, message: 'The modem lost the radio link while sending' },
  514: { temporary: true, message: 'The mobile network did not answer in time' },
  515: { temporary: true, message: 'The modem is still starting up or busy' },
};

// 3GPP TS 27.007 §9.2.
const CME: Record<number, ErrorEntry> = {
  0: { temporary: true, message: 'The modem failed' },
  1: { temporary: false, message: 'The modem has no connection to the phone side' },
  3: { temporary: false, message: 'The modem does not allow this operation' },
  4: { temporary: false, message: 'The modem does not support this operation' },
  5: { temporary: false, message: 'The SIM card needs a PIN (PH-SIM)', code: 'SIM_LOCKED' },
  10: { temporary: false, message: 'There is no SIM card in the modem', code: 'SIM_MISSING' },
  11: { temporary: false, message: 'The SIM card needs its PIN', code: 'SIM_LOCKED' },
  12: {
    temporary: false,
    message: 'The SIM card is blocked and needs its PUK',
    code: 'SIM_LOCKED',
  },
  13: { temporary: true, message: 'The SIM card failed' },
  14: { temporary: true, message: 'The SIM card is busy' },
  15: { temporary: false, message: 'The SIM card is wrong for this modem' },
  16: { temporary: false, message: 'The SIM PIN is wrong' },
  17: { temporary: false, message: 'The SIM card needs its PIN2', code: 'SIM_LOCKED' },
  18: { temporary: false, message: 'The SIM card needs its PUK2', code: 'SIM_LOCKED' },
  20: { temporary: true, message: 'The modem memory is full' },
  21: { temporary: false, message: 'The modem memory index is invalid' },
  22: { temporary: false, message: 'The modem did not find the entry' },
  23: { temporary: true, message: 'The modem memory failed' },
  24: { temporary: false, message: 'The text is too long for the modem' },
  25: { temporary: false, message: 'The text has characters the modem does not accept' },
  30: { temporary: true, message: 'No mobile network', code: 'NO_NETWORK' },
  31: { temporary: true, message: 'The mobile network did not answer in time' },
  32: { temporary: true, message: 'Only emergency calls are possible on this network' },
  100: { temporary: true, message: 'The modem had an unknown error' },
};

function entryFor(table: Record<number, ErrorEntry>, n: number, kind: 'CMS' | 'CME'): ErrorEntry {
  const known = table[n];
  if (known) return known;
  // Unknown codes: the 500+ range is manufacturer-specific and usually transient; anything else
  // is treated as permanent so we never retry into a loop that costs money.
  if (kind === 'CMS' && n >= 500)
    return { temporary: true, message: `The modem had an error (${n})` };
  return { temporary: false, message: `The modem reported error ${kind} ${n}` };
}

export function cmsError(n: number, command?: string): ModemError {
  const e = entryFor(CMS, n, 'CMS');
  return new ModemError(e.code ?? ModemErrorCode.CmsError, e.message, {
    temporary: e.temporary,
    cms: n,
    command,
  });
}

export function cmeError(n: number, command?: string): ModemError {
  const e = entryFor(CME, n, 'CME');
  return new ModemError(e.code ?? ModemErrorCode.CmeError, e.message, {
    temporary: e.temporary,
    cme: n,
    command,
  });
}

/** Whether a +CMS ERROR code is worth retrying (used by the outbox). */
export function isTemporaryCms(n: number): boolean {
  return entryFor(CMS, n, 'CMS').temporary;
}

/** Whether a +CME ERROR code is worth retrying. */
export function isTemporaryCme(n: number): boolean {
  return entryFor(CME, n, 'CME').temporary;
}

// Text forms of +CME ERROR (after AT+CMEE=2) mapped back to numbers, so classification works
// whatever CMEE mode the modem ended up in.
const CME_TEXT: Record<string, number> = {
  'sim not inserted': 10,
  'sim pin required': 11,
  'sim puk required': 12,
  'sim failure': 13,
  'sim busy': 14,
  'sim wrong': 15,
  'incorrect password': 16,
  'no network service': 30,
  'network timeout': 31,
  'operation not allowed': 3,
  'operation not supported': 4,
  unknown: 100,
};

/** Builds the error for a final result line, or undefined if the line is not an error. */
export function errorFromFinalLine(line: string, command?: string): ModemError | undefined {
  const cms = /^\+CMS ERROR:\s*(.*)$/i.exec(line);
  if (cms) {
    const n = Number.parseInt(cms[1]!, 10);
    return Number.isFinite(n)
      ? cmsError(n, command)
      : new ModemError(ModemErrorCode.CmsError, `The modem reported: ${cms[1]}`, {
          temporary: true,
          command,
        });
  }
  const cme = /^\+CME ERROR:\s*(.*)$/i.exec(line);
  if (cme) {
    const raw = cme[1]!.trim();
    const n = /^\d+$/.test(raw) ? Number(raw) : CME_TEXT[raw.toLowerCase()];
    return n !== undefined
      ? cmeError(n, command)
      : new ModemError(ModemErrorCode.CmeError, `The modem reported: ${raw}`, {
          temporary: false,
          command,
        });
  }
  if (/^ERROR$/i.test(line)) {
    return new ModemError(ModemErrorCode.AtError, 'The modem refused the command', {
      temporary: false,
      command,
    });
  }
  if (/^COMMAND NOT SUPPORT/i.test(line)) {
    return new ModemError(ModemErrorCode.NotSupported, 'The modem does not support this command', {
      temporary: false,
      command,
    });
  }
  return undefined;
}

/** Any failure as a ModemError: a bug in the driver becomes a temporary protocol error. */
export function asModemError(error: unknown): ModemError {
  if (error instanceof ModemError) return error;
  return new ModemError(ModemErrorCode.Protocol, 'The modem driver failed unexpectedly', {
    temporary: true,
    cause: error,
  });
}

/** The kiosk's udev rule: it makes ModemManager leave the modem alone and lets the kiosk open it. */
export const UDEV_RULE_HINT =
  'Install the kiosk\'s udev rule deploy/linux/70-sms-kiosk-modem.rules (it sets ENV{ID_MM_DEVICE_IGNORE}="1", so ModemManager leaves the modem alone, and GROUP="dialout"), then unplug the modem and plug it back in. Or stop ModemManager: systemctl disable --now ModemManager.';

/**
 * Why a port would not open, when the system says another program holds it or the kiosk may not
 * use it; undefined for other failures.
 */
export function portBusyError(path: string, cause: unknown): ModemError | undefined {
  const text = `${(cause as { code?: string })?.code ?? ''} ${(cause as Error)?.message ?? ''}`;
  if (/EBUSY|resource busy|cannot lock port|resource temporarily unavailable|EAGAIN/i.test(text)) {
    return new ModemError(
      ModemErrorCode.PortBusy,
      `Another program (usually ModemManager) is using the modem port ${path}. ${UDEV_RULE_HINT}`,
      { temporary: true, cause },
    );
  }
  if (/EACCES|permission denied|EPERM|operation not permitted/i.test(text)) {
    return new ModemError(
      ModemErrorCode.PortBusy,
      `The kiosk is not allowed to open the modem port ${path}; add the kiosk's user to the dialout group. ${UDEV_RULE_HINT}`,
      { temporary: true, cause },
    );
  }
  return undefined;
}

/** AT traffic on the port that the kiosk did not send. */
export function portSharedError(path: string): ModemError {
  return new ModemError(
    ModemErrorCode.PortShared,
    `Another program (usually ModemManager) is sending commands to the modem on ${path}; it can take texts away from the kiosk. ${UDEV_RULE_HINT}`,
    { temporary: true },
  );
}
