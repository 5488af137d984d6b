// The IPC contract over the browser harness (src/dev/web-server.ts): requests are POSTed as
// JSON to /api/invoke/<channel> and answered with the same Result the Electron transport gives;
// events arrive on one server-sent event stream. Used only where no preload put window.kiosk
// (the browser demo and the Playwright tests).
import type { Channel, EventName, IpcResult, KioskTransport } from '../../../shared/ipc/contract';

const UNREACHABLE: IpcResult<never> = {
  ok: false,
  error: { code: 'internal', message: 'The kiosk service cannot be reached. Please try again.' },
};

export function webTransport(base = ''): KioskTransport {
  let source: EventSource | undefined;
  let listeners = 0;
  return {
    async invoke(channel: Channel, request: unknown): Promise<IpcResult<unknown>> {
      try {
        const response = await fetch(`${base}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request ?? {}),
          credentials: 'same-origin',
          cache: 'no-store',
        });
        const body: unknown = await response.json();
        return isResult(body) ? body : UNREACHABLE;
      } catch {
        return UNREACHABLE;
      }
    },
    subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
      // One stream for every subscription; EventSource reconnects by itself after a drop.
      source ??= new EventSource(`${base}/api/events`);
      const stream = source;
      listeners++;
      const onMessage = (message: MessageEvent<string>) => {
        const payload = parseJson(message.data);
        if (payload !== undefined) listener(payload);
      };
      stream.addEventListener(event, onMessage);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        stream.removeEventListener(event, onMessage);
        if (--listeners === 0) {
          stream.close();
          if (source === stream) source = undefined;
        }
      };
    },
  };
}

/** One SMS the simulated modem sent, as the virtual phone shows it. */
export interface PhoneMessage {
  id: number;
  to: string;
  text: string;
  /** Epoch ms. */
  time: number;
}

/** A registered person the demo suggests trying. */
export interface DemoPerson {
  name: string;
  phone: string;
}

/**
 * Every SMS the demo's simulated modem received: those already there when called, then each new
 * one. Returns the unsubscribe function. Demo only (the harness answers 404 otherwise).
 */
export function subscribePhone(listener: (message: PhoneMessage) => void, base = ''): () => void {
  const source = new EventSource(`${base}/demo/phone`);
  source.addEventListener('sms', (event: MessageEvent<string>) => {
    const message = parseJson(event.data);
    if (isPhoneMessage(message)) listener(message);
  });
  return () => source.close();
}

export async function fetchDemoPeople(base = ''): Promise<DemoPerson[]> {
  try {
    const response = await fetch(`${base}/demo/people`, { cache: 'no-store' });
    if (!response.ok) return [];
    const body: unknown = await response.json();
    return Array.isArray(body) ? body.filter(isDemoPerson) : [];
  } catch {
    return [];
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isResult(value: unknown): value is IpcResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function isPhoneMessage(value: unknown): value is PhoneMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'number' &&
    typeof v.to === 'string' &&
    typeof v.text === 'string' &&
    typeof v.time === 'number'
  );
}

function isDemoPerson(value: unknown): value is DemoPerson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.phone === 'string';
}
