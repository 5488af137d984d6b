// A cap hit by the sign-in engine reaches the managers: an audit entry, listed on the admin
// screen's modem panel for a day.
import { describe, expect, it } from 'vitest';
import type { ModemPanelView } from '../../../src/shared/admin';
import { makeAdminKit } from './admin-kit';

describe('cap alerts on the admin screen', () => {
  it('lists the caps hit in the last 24 hours on the modem panel', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '050 111 1111', 'manager');
    await k.signInAdmin('050 111 1111');
    expect((await k.call<ModemPanelView>('admin.modemPanel', {})).alerts).toEqual([]);
    k.kit.config.updatePolicy({ perKioskHourlyCap: 1 }, 'test');
    await k.send('signin.start', { phone: '040 765 4302' });
    const refused = await k.send('signin.start', { phone: '040 765 4303' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'kiosk_cap_reached' } });
    const panel = await k.call<ModemPanelView>('admin.modemPanel', {});
    expect(panel.alerts).toEqual([{ at: k.kit.scheduler.now(), cap: 'kiosk_cap_reached' }]);
    k.kit.scheduler.advance(24 * 3_600_000);
    k.kit.config.updatePolicy({ perKioskHourlyCap: 60 }, 'test');
    await k.signInAdmin('050 111 1111');
    expect((await k.call<ModemPanelView>('admin.modemPanel', {})).alerts).toEqual([]);
  });
});
