import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ChallengeView,
  IpcResult,
  KioskInfo,
  SessionView,
} from '../../../src/shared/ipc/contract';

type Handler = (request: never) => Promise<IpcResult<unknown>>;
const calls: { channel: string; request: unknown }[] = [];
const answers = new Map<string, Handler>();
const listeners = new Map<string, (payload: unknown) => void>();

function answer(channel: string, fn: (request: never) => IpcResult<unknown>) {
  answers.set(channel, async (request) => fn(request));
}

vi.mock('../../../src/renderer/src/api', () => {
  const method =
    (channel: string) =>
    async (request: unknown): Promise<IpcResult<unknown>> => {
      calls.push({ channel, request });
      const fn = answers.get(channel);
      return fn ? fn(request as never) : { ok: false, error: { code: 'internal', message: '' } };
    };
  return {
    kiosk: {
      kiosk: { info: method('kiosk.info') },
      signin: {
        start: method('signin.start'),
        resend: method('signin.resend'),
        verify: method('signin.verify'),
        deliveryStatus: method('signin.deliveryStatus'),
        factor: method('signin.factor'),
        setPin: method('signin.setPin'),
      },
      session: {
        current: method('session.current'),
        activity: method('session.activity'),
        signOut: method('session.signOut'),
      },
      security: { options: method('security.options') },
      on: (event: string, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    },
  };
});

const { useKiosk, connectKiosk } = await import('../../../src/renderer/src/store');
const { ACTIVITY_INTERVAL_MS } = await import('../../../src/renderer/src/store/session-slice');
const { i18n } = await import('../../../src/renderer/src/i18n');

const info: KioskInfo = {
  siteName: 'Depot',
  defaultCountry: 'FI',
  kioskId: 'k1',
  codeLengthDefault: 6,
  languages: ['en', 'fi', 'es', 'sv'],
  modem: { state: 'ready', signalDbm: -70 },
  demo: false,
};
const challenge: ChallengeView = {
  challengeId: 'a'.repeat(32),
  maskedPhone: '+358 •••••••67',
  codeLength: 6,
  expiresAt: Date.now() + 300_000,
  resendAt: Date.now() + 30_000,
};
const session: SessionView = {
  user: { displayName: 'Aino', language: 'fi', role: 'worker', hasPin: false },
  resources: [{ name: 'Rota', url: 'https://rota.example' }],
  startedAt: 0,
  expiresAt: 1,
  idleEndsAt: 2,
  idleWarningSeconds: 30,
};
const initial = useKiosk.getState();
const state = () => useKiosk.getState();

beforeEach(() => {
  useKiosk.setState(initial, true);
  calls.length = 0;
  answers.clear();
  listeners.clear();
  answer('kiosk.info', () => ({ ok: true, value: info }));
  answer('session.current', () => ({ ok: true, value: null }));
  answer('signin.start', () => ({ ok: true, value: challenge }));
});

async function toCodeScreen() {
  await state().loadInfo();
  for (const key of '0401234567') state().pressPhoneKey(key);
  await state().startSignIn();
}

describe('sign-in flow', () => {
  it('sends the typed number and shows empty boxes for the code length', async () => {
    await toCodeScreen();
    expect(calls.find((c) => c.channel === 'signin.start')?.request).toEqual({
      phone: '0401234567',
    });
    expect(state().step).toBe('code');
    expect(state().code).toEqual(['', '', '', '', '', '']);
  });

  it('says so under the field when nothing was typed, without asking main', async () => {
    await state().startSignIn();
    expect(state().inlineError).toEqual({ code: 'phone_empty' });
    expect(calls.some((c) => c.channel === 'signin.start')).toBe(false);
  });

  it('keeps an invalid number inline and a lock as a full screen', async () => {
    answer('signin.start', () => ({ ok: false, error: { code: 'invalid_phone', message: '' } }));
    await toCodeScreen();
    expect(state().step).toBe('phone');
    expect(state().inlineError?.code).toBe('invalid_phone');
    answer('signin.start', () => ({
      ok: false,
      error: { code: 'locked', message: '', lockedUntil: null },
    }));
    await state().startSignIn();
    expect(state().screen?.code).toBe('locked');
    expect(state().screen?.error?.lockedUntil).toBeNull();
  });

  it('shows the attempts left after a wrong code and empties the boxes', async () => {
    await toCodeScreen();
    answer('signin.verify', () => ({
      ok: false,
      error: { code: 'wrong_code', message: '', attemptsLeft: 3 },
    }));
    state().setCode('123456'.split(''));
    await state().verifyCode();
    expect(calls.at(-1)).toEqual({
      channel: 'signin.verify',
      request: { challengeId: challenge.challengeId, code: '123456' },
    });
    expect(state().attemptsLeft).toBe(3);
    expect(state().inlineError?.code).toBe('wrong_code');
    expect(state().code).toEqual(['', '', '', '', '', '']);
  });

  it('turns a dead code into its screen', async () => {
    await toCodeScreen();
    answer('signin.verify', () => ({ ok: false, error: { code: 'code_dead', message: '' } }));
    state().setCode('123456'.split(''));
    await state().verifyCode();
    expect(state().screen?.code).toBe('code_dead');
  });

  it('signs in, forgets the number and switches to the user language', async () => {
    await toCodeScreen();
    answer('signin.verify', () => ({ ok: true, value: { state: 'signed_in', session } }));
    state().setCode('123456'.split(''));
    await state().verifyCode();
    expect(state().session?.user.displayName).toBe('Aino');
    expect(state().phone).toBe('');
    expect(state().challenge).toBeNull();
    expect(state().language).toBe('fi');
  });

  it('asks for the PIN after the code, counts wrong PINs, then signs in (issue 6)', async () => {
    await toCodeScreen();
    const pendingId = 'b'.repeat(32);
    answer('signin.verify', () => ({
      ok: true,
      value: {
        state: 'factor_required',
        pendingId,
        factor: 'pin',
        setUp: false,
        until: Date.now() + 120_000,
        user: { displayName: 'Aino', language: 'fi' },
      },
    }));
    state().setCode('123456'.split(''));
    await state().verifyCode();
    expect(state().step).toBe('factor');
    expect(state().session).toBeNull();
    answer('signin.factor', () => ({
      ok: false,
      error: { code: 'wrong_pin', message: '', attemptsLeft: 2 },
    }));
    await state().submitFactor('0000');
    expect(state().factorAttemptsLeft).toBe(2);
    expect(state().screen).toBeNull();
    answer('signin.factor', () => ({ ok: true, value: { state: 'signed_in', session } }));
    await state().submitFactor('2580');
    expect(calls.at(-1)).toEqual({
      channel: 'signin.factor',
      request: { pendingId, factor: 'pin', proof: '2580' },
    });
    expect(state().session?.user.displayName).toBe('Aino');
    expect(state().step).toBe('phone');
  });

  it('shows the PIN step in the person’s language, and the kiosk’s again when given up', async () => {
    await toCodeScreen();
    expect(state().language).toBe('en');
    answer('signin.verify', () => ({
      ok: true,
      value: {
        state: 'factor_required',
        pendingId: 'b'.repeat(32),
        factor: 'pin',
        setUp: true,
        until: Date.now() + 120_000,
        user: { displayName: 'Aino', language: 'fi' },
      },
    }));
    state().setCode('123456'.split(''));
    await state().verifyCode();
    expect(state().step).toBe('factor');
    expect(state().language).toBe('fi');
    expect(i18n.language).toBe('fi');
    // "Start again" on the PIN screen (or its error screen) gives the kiosk back its language.
    state().restart();
    expect(state().step).toBe('phone');
    expect(state().language).toBe('en');
    expect(i18n.language).toBe('en');
  });

  it('keeps a language the worker picked when they start over before any PIN step', async () => {
    await state().loadInfo();
    state().chooseLanguage('es');
    state().restart();
    expect(state().language).toBe('es');
  });

  it('a locked PIN is a full screen', async () => {
    await toCodeScreen();
    answer('signin.verify', () => ({
      ok: true,
      value: {
        state: 'factor_required',
        pendingId: 'b'.repeat(32),
        factor: 'pin',
        setUp: false,
        until: Date.now() + 120_000,
        user: { displayName: 'Aino', language: 'fi' },
      },
    }));
    state().setCode('123456'.split(''));
    await state().verifyCode();
    answer('signin.factor', () => ({
      ok: false,
      error: { code: 'pin_locked', message: '', lockedUntil: 1, retryAt: 1 },
    }));
    await state().submitFactor('0000');
    expect(state().screen?.code).toBe('pin_locked');
  });

  it('moves the resend cooldown to main’s time when asked too soon', async () => {
    await toCodeScreen();
    const retryAt = Date.now() + 12_000;
    answer('signin.resend', () => ({
      ok: false,
      error: { code: 'resend_too_soon', message: '', retryAt },
    }));
    await state().resendCode();
    expect(state().challenge?.resendAt).toBe(retryAt);
    expect(state().inlineError?.code).toBe('resend_too_soon');
  });

  it('shows "not delivered" when the SMS failed, and ignores an answer for an old code', async () => {
    await toCodeScreen();
    answer('signin.deliveryStatus', () => ({ ok: true, value: { status: 'failed' } }));
    const poll = state().pollDelivery();
    state().restart();
    await poll;
    expect(state().screen).toBeNull();
    await toCodeScreen();
    await state().pollDelivery();
    expect(state().screen?.code).toBe('sms_not_delivered');
  });

  it('drops an answer that comes back after the worker started over', async () => {
    let release: (v: IpcResult<unknown>) => void = () => undefined;
    answers.set('signin.start', () => new Promise((r) => (release = r)));
    await state().loadInfo();
    state().pressPhoneKey('0');
    const started = state().startSignIn();
    state().restart();
    release({ ok: true, value: challenge });
    await started;
    expect(state().step).toBe('phone');
  });

  it('shows the expired screen when the countdown ends', async () => {
    await toCodeScreen();
    state().codeExpired();
    expect(state().screen?.code).toBe('code_expired');
  });
});

describe('session', () => {
  it('follows main’s events: modem status, idle warning, sign-out clears everything', async () => {
    const disconnect = connectKiosk();
    await vi.waitFor(() => expect(state().info).not.toBeNull());
    listeners.get('modem.status')!({ state: 'down', reason: 'unplugged' });
    expect(state().modem?.state).toBe('down');

    state().beginSession(session);
    listeners.get('session.expiring')!({ idleEndsAt: 1234 });
    expect(state().idleWarningUntil).toBe(1234);

    listeners.get('session.signedOut')!({ reason: 'idle' });
    expect(state().session).toBeNull();
    expect(state().idleWarningUntil).toBeNull();
    expect(state().signedOutReason).toBe('idle');
    expect(state().language).toBe(state().homeLanguage);
    disconnect();
    expect(listeners.size).toBe(0);
  });

  it('throttles activity pings, but not while the warning shows', async () => {
    answer('session.activity', () => ({ ok: true, value: session }));
    state().beginSession(session);
    state().reportActivity(10_000);
    state().reportActivity(11_000);
    state().reportActivity(10_000 + ACTIVITY_INTERVAL_MS);
    expect(calls.filter((c) => c.channel === 'session.activity')).toHaveLength(2);
    state().sessionExpiring(99);
    state().reportActivity(10_001 + ACTIVITY_INTERVAL_MS);
    expect(calls.filter((c) => c.channel === 'session.activity')).toHaveLength(3);
    await vi.waitFor(() => expect(state().idleWarningUntil).toBeNull());
  });

  it('does not ping while nobody is signed in', () => {
    state().reportActivity(0);
    expect(calls).toHaveLength(0);
  });

  it('signs out through main and clears the screen even without the event', async () => {
    answer('session.signOut', () => ({ ok: true, value: { signedOut: true } }));
    state().beginSession(session);
    await state().signOut();
    expect(state().session).toBeNull();
    expect(state().signedOutReason).toBe('user');
  });
});
