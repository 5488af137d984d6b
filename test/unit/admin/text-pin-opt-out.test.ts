// Deleting a group drops it from the text-to-sign-in PIN opt-out, so a new group that gets the
// same id later does not sign in by text without a PIN.
import { describe, expect, it } from 'vitest';
import type { GroupView } from '../../../src/shared/admin';
import { makeAdminKit } from './admin-kit';

describe('the PIN opt-out after a text', () => {
  it('forgets a deleted group', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '050 111 1111', 'manager');
    await k.signInAdmin('050 111 1111');
    const drivers = await k.call<GroupView>('admin.groupAdd', { name: 'Drivers' });
    k.kit.config.updatePolicy({ textPinOptOutGroupIds: [drivers.id] }, 'test');
    await k.call('admin.groupDelete', { id: drivers.id });
    expect(k.kit.config.policy().textPinOptOutGroupIds).toEqual([]);
  });
});
