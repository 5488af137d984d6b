// Once a kiosk is set up, first-run setup (open to anyone at the screen) never opens again, even
// with no active manager left; the last manager cannot be removed by accident; setup codes obey
// the same caps and allow-list as every other code.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCoreServices } from '../../../src/main/services';
import { readSetting, writeSetting } from '../../../src/main/db/settings';
import { RegistryError } from '../../../src/main/registry/registry-service';
import type { RecoveredView, SetupChallengeView, SetupDone } from '../../../src/shared/admin';
import { makeAdminKit, type AdminKit } from './admin-kit';

const ANSWERS = {
  siteName: 'North Pier',
  kioskName: 'Gate 2',
  defaultCountry: 'FI',
  manager: { displayName: 'Maija Manager', employeeId: 'M100', phone: '040 555 0100' },
};

async function completeSetup(k: AdminKit): Promise<SetupDone> {
  const started = await k.call<SetupChallengeView>('setup.start', ANSWERS);
  return k.call<SetupDone>('setup.complete', {
    setupId: started.setupId,
    code: k.kit.outbound.lastCodeTo('+358405550100'),
  });
}

describe('the "setup done" marker', () => {
  it('keeps setup closed when no active manager is left; the recovery code brings one back', async () => {
    const k = makeAdminKit();
    const done = await completeSetup(k);
    await k.call('admin.signOut');
    const m = k.kit.registry.findByEmployeeId('M100')!;
    k.kit.registry.setStatus(m.id, 'disabled', 'test', { allowNoManager: true });

    expect(await k.call('setup.status')).toMatchObject({ needed: false });
    expect(await k.send('setup.start', ANSWERS)).toMatchObject({
      ok: false,
      error: { code: 'setup_not_needed' },
    });
    const recovered = await k.call<RecoveredView>('admin.recover', {
      employeeId: 'M100',
      recoveryCode: done.recoveryCode,
    });
    expect(recovered.admin).toMatchObject({ employeeId: 'M100', method: 'recovery_code' });
    expect(k.kit.registry.findByEmployeeId('M100')).toMatchObject({ status: 'active' });
    expect(k.kit.audit.list().map((r) => r.action)).toContain('admin.recover');
  });

  it('is keyed: a value typed into the settings does not count', async () => {
    const k = makeAdminKit();
    writeSetting(k.kit.db, 'setup.done', 'f'.repeat(64));
    expect(await k.call('setup.status')).toMatchObject({ needed: true });
    await completeSetup(k);
    expect(readSetting(k.kit.db, 'setup.done')).toMatch(/^[0-9a-f]{64}$/);
    expect(readSetting(k.kit.db, 'setup.done')).not.toBe('f'.repeat(64));
  });
});

describe('an install from before the marker', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('is marked at open when it has a manager, so setup does not reopen later', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-marker-'));
    const path = join(dir, 'kiosk.db');
    const secret = Buffer.alloc(32, 9);
    const first = openCoreServices(path, { secret });
    expect(first.setupMarker.isDone()).toBe(false);
    first.registry.addUser({ employeeId: 'M1', displayName: 'Maria', role: 'manager' }, 'test');
    // As an old version would have it: no marker.
    first.db.prepare("DELETE FROM settings WHERE key = 'setup.done'").run();
    first.close();

    const again = openCoreServices(path, { secret });
    expect(again.setupMarker.isDone()).toBe(true);
    expect(again.audit.list().at(-1)).toMatchObject({ action: 'setup.marked', actor: 'system' });
    again.close();
  });
});

describe('the last-manager rule in the registry', () => {
  it('refuses to disable, demote or delete the last active manager', () => {
    const k = makeAdminKit();
    const { registry } = k.kit;
    const id = k.addPerson('M1', '040 111 1111', 'manager');
    for (const change of [
      () => registry.setStatus(id, 'disabled', 'test'),
      () => registry.updateUser(id, { role: 'worker' }, 'test'),
      () => registry.deleteUser(id, 'test'),
    ]) {
      let error: unknown;
      try {
        change();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RegistryError);
      expect(error).toMatchObject({
        code: 'last_manager',
        message: expect.stringMatching(/Person M1 \(M1\): the site would have no active manager/),
      });
    }
    expect(registry.findByEmployeeId('M1')).toMatchObject({ role: 'manager', status: 'active' });
    // With a second manager it is allowed; a bulk change is judged by its end result.
    const m2 = k.addPerson('M2', '040 222 2222', 'manager');
    registry.bulk('swap', () => {
      registry.updateUser(id, { role: 'worker' }, 'test');
      registry.updateUser(m2, { role: 'worker' }, 'test');
      registry.updateUser(id, { role: 'manager' }, 'test');
    });
    expect(() =>
      registry.bulk('demote both', () => {
        registry.updateUser(id, { role: 'worker' }, 'test');
      }),
    ).toThrow(/no active manager/);
    expect(registry.findByEmployeeId('M1')).toMatchObject({ role: 'manager' });
  });
});

describe('setup codes', () => {
  it('obey the country allow-list', async () => {
    const k = makeAdminKit();
    const swedish = { ...ANSWERS, manager: { ...ANSWERS.manager, phone: '+46 70 123 45 67' } };
    expect(await k.send('setup.start', swedish)).toMatchObject({
      ok: false,
      error: { code: 'country_not_allowed' },
    });
    expect(k.kit.outbound.messages).toHaveLength(0);
    k.kit.config.updatePolicy({ allowedCountries: ['FI', 'SE'] }, 'test');
    expect((await k.send('setup.start', swedish)).ok).toBe(true);
  });

  it('count toward the kiosk cap and the per-number cap like every other code', async () => {
    const k = makeAdminKit();
    k.kit.config.updatePolicy({ perKioskHourlyCap: 3 }, 'test');
    const started = await k.call<SetupChallengeView>('setup.start', ANSWERS);
    for (let i = 0; i < 2; i++) {
      k.kit.scheduler.advance(30_000);
      await k.call('setup.resend', { setupId: started.setupId });
    }
    k.kit.scheduler.advance(30_000);
    expect(await k.send('setup.resend', { setupId: started.setupId })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/this hour/) },
    });
    expect(k.kit.db.prepare('SELECT count(*) AS n FROM code_sends').get()).toEqual({ n: 3 });
  });
});
