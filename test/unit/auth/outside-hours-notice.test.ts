// Private mode: a worker outside their hours sees the same screen as for any number, and their
// registered phone is told why no code came (in their language, with the next opening).
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, settle, type TestKit } from '../../support/harness';
import { renderOutsideHoursMessage } from '../../../src/main/sms/templates';
import { isGsm7 } from '../../../src/main/sms/gsm7';
import { LANGUAGES } from '../../../src/shared/domain';

const KIOSK = 'kiosk-1';
let kit: TestKit;

beforeEach(() => {
  kit = makeKit();
  // Friday 27 Nov 2026 10:00 UTC = 12:00 in Helsinki.
  kit.scheduler.advance(Date.parse('2026-11-27T10:00:00Z') - kit.scheduler.now());
  kit.config.updateSite({ timeZone: 'Europe/Helsinki' }, 'test');
  kit.registry.addUser(
    {
      employeeId: 'E1',
      displayName: 'Aino',
      phone: '040 123 8291',
      groups: ['Dock'],
      language: 'fi',
    },
    'test',
  );
  const dock = kit.registry.groups.byName('Dock')!.id;
  // Mondays 06:00-14:00 only.
  kit.config.updatePolicy(
    { shiftWindows: [{ groupId: dock, days: [1], from: '06:00', to: '14:00' }] },
    'test',
  );
});

describe('outside hours in private mode', () => {
  it('answers like any number and texts the registered phone why', async () => {
    const start = (phone: string) => settle(kit, kit.engine.start({ phone, kioskId: KIOSK }));
    const aino = await start('040 123 8291');
    const stranger = await start('040 765 4302');
    expect(aino.ok && stranger.ok).toBe(true);
    expect(Object.keys(aino.ok ? aino.value : {})).toEqual(
      Object.keys(stranger.ok ? stranger.value : {}),
    );
    expect(kit.outbound.messages).toHaveLength(1);
    const notice = kit.outbound.messages[0]!;
    expect(notice.to).toBe('+358401238291');
    // In Finnish, with the next opening in Helsinki time: Monday 30 Nov 06:00.
    expect(notice.body).toMatch(/^Harbour Depot: kirjautumiskoodia ei lähetetty/);
    expect(notice.body).toMatch(/ma 30\.11\.? klo 06\.00|ma 30\.11\. 06[.:]00/);
    expect(notice.body).not.toMatch(/\d{6}/);
  });

  it('sends no notice in helpful mode (the screen says it there)', async () => {
    kit.config.updatePolicy({ enumerationMode: 'helpful' }, 'test');
    const r = await settle(kit, kit.engine.start({ phone: '040 123 8291', kioskId: KIOSK }));
    expect(r.ok || r.error.code).toBe('outside_hours');
    expect(kit.outbound.messages).toHaveLength(0);
  });

  it('has the notice in four languages, GSM-7 only', () => {
    const at = Date.parse('2026-11-30T04:00:00Z');
    for (const language of LANGUAGES) {
      for (const retryAt of [at, undefined]) {
        const text = renderOutsideHoursMessage(language, {
          site: 'Harbour Depot',
          retryAt,
          timeZone: 'Europe/Helsinki',
        });
        expect(text, language).toContain('Harbour Depot');
        expect(isGsm7(text), `${language}: ${text}`).toBe(true);
      }
    }
  });
});
