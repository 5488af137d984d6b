// TextSignIn with the real engine and kiosk session, as kiosk-app wires them: a matching text
// opens the session for a worker, and leads to the PIN step for a manager (managers always give
// a PIN), in the same VerifyStepView that signin.verify answers with.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, textSignInDeps, type TestKit } from '../../support/harness';
import { TextSignIn, type TextOutcome } from '../../../src/main/auth/text-sign-in';
import { KioskSession } from '../../../src/main/auth/kiosk-session';
import type { VerifyStep } from '../../../src/main/auth/engine';
import { textOutcomeEvent, textSignInHandlers } from '../../../src/main/ipc/handlers/text-signin';

const KIOSK = 'kiosk-1';

let kit: TestKit;
let session: KioskSession;
let text: TextSignIn<VerifyStep>;

beforeEach(() => {
  kit = makeKit();
  kit.config.updateSite({ smsNumber: '+358451112223' }, 'test');
  kit.config.updatePolicy({ textSignInEnabled: true }, 'test');
  kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 4567', language: 'fi' },
    'test',
  );
  kit.registry.addUser(
    {
      employeeId: 'M1',
      displayName: 'Maria Lindqvist',
      phone: '040 100 0001',
      language: 'sv',
      role: 'manager',
    },
    'test',
  );
  session = new KioskSession({
    engine: kit.engine,
    config: kit.config,
    groups: kit.registry.groups,
    scheduler: kit.scheduler,
    events: { expiring: () => undefined, signedOut: () => undefined },
  });
  text = new TextSignIn<VerifyStep>({
    ...textSignInDeps(kit),
    kioskId: KIOSK,
    completeFirstFactor: (user, kioskId, method) =>
      kit.engine.completeFirstFactor(user, kioskId, method),
  });
});

function textIn(from: string): TextOutcome<VerifyStep> {
  const handlers = textSignInHandlers({ textSignIn: text, kioskId: KIOSK });
  const started = handlers['signin.textStart']({}) as ReturnType<TextSignIn['begin']>;
  if (!started.ok) throw new Error(started.error.code);
  const r = text.receive({ from, text: started.value.code, receivedAt: kit.scheduler.now() });
  if (!r.handled) throw new Error(r.reason);
  return r.outcome;
}

describe('text-to-sign-in through the engine', () => {
  it('opens the session for a worker whose text needs no PIN (policy off)', () => {
    kit.config.updatePolicy({ textSignInRequiresPin: false }, 'test');
    const event = textOutcomeEvent(textIn('+358401234567'), session);
    expect(event.result).toMatchObject({
      ok: true,
      value: { state: 'signed_in', session: { user: { displayName: 'Aino Virtanen' } } },
    });
    expect(session.view()?.user.displayName).toBe('Aino Virtanen');
  });

  it('asks a manager for the PIN before any session', () => {
    kit.pins.set(kit.registry.findByEmployeeId('M1')!.id, '2580', 'test');
    const event = textOutcomeEvent(textIn('+358401000001'), session);
    expect(event.result).toMatchObject({
      ok: true,
      value: { state: 'factor_required', factor: 'pin' },
    });
    expect(session.view()).toBeNull();
    // The log says what happened: the text matched and the PIN comes next; no code was sent.
    expect(kit.signInLog.list({ limit: 1 })[0]).toMatchObject({
      result: 'step',
      reason: 'factor_required_pin_text',
    });
  });

  it('asks a worker for the PIN after a text by default', () => {
    kit.pins.set(kit.registry.findByEmployeeId('E1')!.id, '2580', 'test');
    const event = textOutcomeEvent(textIn('+358401234567'), session);
    expect(event.result).toMatchObject({
      ok: true,
      value: { state: 'factor_required', factor: 'pin', setUp: false },
    });
    expect(session.view()).toBeNull();
  });

  it('never lets a text set a first PIN (a spoofed sender would choose it)', () => {
    const event = textOutcomeEvent(textIn('+358401234567'), session);
    expect(event.result).toMatchObject({
      ok: false,
      error: { code: 'factor_not_set_up', message: expect.stringMatching(/code by SMS/) },
    });
    expect(session.view()).toBeNull();
  });

  it('lets a group opt out of the PIN after a text', () => {
    const aino = kit.registry.findByEmployeeId('E1')!;
    kit.registry.updateUser(aino.id, { groups: ['Drivers'] }, 'test');
    const drivers = kit.registry.groups.byName('Drivers')!.id;
    kit.config.updatePolicy({ textPinOptOutGroupIds: [drivers] }, 'test');
    const event = textOutcomeEvent(textIn('+358401234567'), session);
    expect(event.result).toMatchObject({ ok: true, value: { state: 'signed_in' } });
  });

  it('answers signin.textStart with a clear refusal when the kiosk has no TextSignIn', () => {
    const handlers = textSignInHandlers({ kioskId: KIOSK });
    expect(handlers['signin.textStart']({})).toMatchObject({
      ok: false,
      error: { code: 'method_not_allowed' },
    });
  });
});
