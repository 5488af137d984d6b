// Every error a screen words carries its code, the field it is about and the parameters to
// word it with (IpcError.field / params), so no screen has to read main's English message.
import { describe, expect, it } from 'vitest';
import type { GroupView } from '../../../src/shared/admin';
import { makeAdminKit } from './admin-kit';

async function signedIn() {
  const k = makeAdminKit();
  k.addPerson('M1', '050 111 1111', 'manager');
  await k.signInAdmin('050 111 1111');
  return k;
}

describe('error fields and params', () => {
  it('names the field and the bound of a staff field', async () => {
    const k = await signedIn();
    expect(
      await k.send('admin.staffAdd', { employeeId: 'E1', displayName: 'x'.repeat(150) }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        field: 'displayName',
        params: { problem: 'too_big', max: 100 },
      },
    });
    expect(
      await k.send('admin.staffAdd', { employeeId: 'E1', displayName: 'Anna\u202E' }),
    ).toMatchObject({
      error: { field: 'displayName', params: { problem: 'invisible_characters' } },
    });
    expect(
      await k.send('admin.staffAdd', { employeeId: 'E 1', displayName: 'Anna' }),
    ).toMatchObject({ error: { field: 'employeeId', params: { problem: 'format' } } });
    expect(
      await k.send('admin.staffAdd', {
        employeeId: 'E2',
        displayName: 'Anna',
        phone: '09 123 456',
      }),
    ).toMatchObject({
      error: {
        code: 'invalid_phone',
        field: 'phone',
        params: { problem: expect.stringMatching(/^phone_/) },
      },
    });
    await k.call('admin.staffAdd', {
      employeeId: 'E3',
      displayName: 'Aino',
      phone: '040 100 0003',
    });
    expect(
      await k.send('admin.staffAdd', {
        employeeId: 'E3',
        displayName: 'Other',
        phone: '040 100 0004',
      }),
    ).toMatchObject({
      error: { code: 'duplicate_employee_id', field: 'employeeId', params: { employeeId: 'E3' } },
    });
    expect(
      await k.send('admin.staffAdd', {
        employeeId: 'E4',
        displayName: 'Other',
        phone: '040 100 0003',
      }),
    ).toMatchObject({
      error: {
        code: 'duplicate_phone',
        field: 'phone',
        params: { name: 'Aino', employeeId: 'E3' },
      },
    });
  });

  it('names the policy setting and its bounds, also for rules across two settings', async () => {
    const k = await signedIn();
    expect(await k.send('admin.policyUpdate', { patch: { codeLength: 12 } })).toMatchObject({
      error: {
        code: 'invalid_settings',
        field: 'codeLength',
        params: { problem: 'out_of_bounds', min: 6, max: 8 },
      },
    });
    expect(
      await k.send('admin.policyUpdate', {
        patch: { idleSignOutSeconds: 60, idleWarningSeconds: 60 },
      }),
    ).toMatchObject({ error: { code: 'invalid_settings', field: 'idleWarningSeconds' } });
  });

  it('tells a bad link from a bad name when adding a resource', async () => {
    const k = await signedIn();
    const group = await k.call<GroupView>('admin.groupAdd', { name: 'Dock' });
    expect(
      await k.send('admin.resourceAdd', { groupId: group.id, name: 'Rota', url: 'ftp://x' }),
    ).toMatchObject({ error: { field: 'url', params: { problem: 'url_scheme' } } });
    expect(
      await k.send('admin.resourceAdd', { groupId: group.id, name: '', url: 'https://x.example' }),
    ).toMatchObject({ error: { field: 'name', params: { problem: 'empty' } } });
  });

  it('names the setup field that is wrong', async () => {
    const k = makeAdminKit();
    const answers = {
      siteName: 'North Pier',
      kioskName: 'Gate 2',
      defaultCountry: 'XX',
      manager: { displayName: 'Maija', employeeId: 'M100', phone: '040 555 0100' },
    };
    expect(await k.send('setup.start', answers)).toMatchObject({
      error: { field: 'defaultCountry', params: { problem: 'country_code' } },
    });
    expect(
      await k.send('setup.start', { ...answers, defaultCountry: 'FI', siteName: '' }),
    ).toMatchObject({ error: { field: 'siteName', params: { problem: 'empty' } } });
  });

  it('names the field of a request the contract refuses', async () => {
    const k = await signedIn();
    expect(await k.send('admin.staffList', { limit: 5000 })).toMatchObject({
      error: { code: 'invalid_request', field: 'limit', params: { problem: 'too_big', max: 500 } },
    });
  });

  it("gives the reason a PIN is refused as params, in no one's words", async () => {
    const k = await signedIn();
    // Set up through the worker kiosk channels: a manager sets a PIN at sign-in.
    const mismatch = await k.send('signin.setPin', {
      pendingId: 'a'.repeat(32),
      pin: '1357',
      confirm: '1358',
    });
    expect(mismatch).toMatchObject({
      error: { code: 'pin_invalid', field: 'confirm', params: { problem: 'mismatch' } },
    });
  });
});
