import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDispatcher, type Dispatcher } from '../../../src/main/ipc/dispatcher';
import { createHandlers } from '../../../src/main/ipc/handlers';
import { KioskSession, type SignOutReason } from '../../../src/main/auth/kiosk-session';
import { channels, ERROR_CODES } from '../../../src/shared/ipc/contract';
import { makeKit, type TestKit } from '../../support/harness';

let kit: TestKit;
let dispatcher: Dispatcher;
let signedOut: SignOutReason[];
let expiring: number[];

beforeEach(() => {
  kit = makeKit();
  kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino', phone: '040 123 4567' }, 't');
  kit.registry.updateUser(kit.registry.findByEmployeeId('E1')!.id, { groups: ['Dock'] }, 't');
  kit.registry.groups.addResource(
    kit.registry.groups.byName('Dock')!.id,
    'Rota',
    'https://rota.example/',
  );
  signedOut = [];
  expiring = [];
  const session = new KioskSession({
    engine: kit.engine,
    config: kit.config,
    groups: kit.registry.groups,
    scheduler: kit.scheduler,
    events: { expiring: (at) => expiring.push(at), signedOut: (r) => signedOut.push(r) },
  });
  dispatcher = createDispatcher(
    createHandlers({
      engine: kit.engine,
      session,
      kioskId: 'k1',
      config: kit.config,
      modemStatus: () => ({ state: 'ready', signalDbm: -71 }),
      demo: false,
    }),
    () => undefined,
  );
});

async function signIn() {
  const started = await dispatcher.dispatch('signin.start', { phone: '040 123 4567' });
  const { challengeId } = (started as { ok: true; value: { challengeId: string } }).value;
  return dispatcher.dispatch('signin.verify', {
    challengeId,
    code: kit.outbound.lastCodeTo('+358401234567'),
  });
}

describe('IPC dispatcher', () => {
  it('signs in through the handler table and shows the user their resources', async () => {
    const result = await signIn();
    expect(result).toMatchObject({
      ok: true,
      value: {
        state: 'signed_in',
        session: {
          user: { displayName: 'Aino' },
          resources: [{ name: 'Rota', url: 'https://rota.example/' }],
        },
      },
    });
    expect(await dispatcher.dispatch('session.current', {})).toMatchObject({
      ok: true,
      value: { user: { displayName: 'Aino' } },
    });
  });

  it('warns 30 s before the idle sign-out, then signs out', async () => {
    await signIn();
    kit.scheduler.advance(89_999);
    expect(expiring).toEqual([]);
    kit.scheduler.advance(1);
    expect(expiring).toEqual([kit.scheduler.now() + 30_000]);
    await dispatcher.dispatch('session.activity', {});
    kit.scheduler.advance(119_999);
    expect(signedOut).toEqual([]);
    kit.scheduler.advance(1);
    expect(signedOut).toEqual(['idle']);
    expect(await dispatcher.dispatch('session.current', {})).toEqual({ ok: true, value: null });
  });

  it('returns typed errors for unknown channels and bad payloads', async () => {
    expect(await dispatcher.dispatch('fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(
      await dispatcher.dispatch('signin.verify', { challengeId: '../../etc', code: '1' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('not a sign-in id') },
    });
    expect(await dispatcher.dispatch('session.current', { extra: 1 })).toMatchObject({ ok: false });
  });

  it('answers any payload on any channel with a typed Result, never a throw (property)', async () => {
    const names = [...Object.keys(channels), 'constructor', '__proto__', 'x'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.anything(), async (channel, payload) => {
        const result = await dispatcher.dispatch(channel, payload);
        if (result.ok) return true;
        return (
          (ERROR_CODES as readonly string[]).includes(result.error.code) &&
          result.error.message.length > 0
        );
      }),
      { numRuns: 300 },
    );
  });

  it('turns a crash in a handler into an internal error', async () => {
    kit.db.close();
    expect(await dispatcher.dispatch('kiosk.info', {})).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
