// Groups and resources, policy, the modem panel and the logs, through the admin channels.
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  AuditLogPage,
  CsvExport,
  GroupView,
  ModemPanelView,
  PolicyView,
  ResourceView,
  SignInLogPage,
} from '../../../src/shared/admin';
import { DEFAULT_POLICY } from '../../../src/shared/policy';
import { makeAdminKit, type AdminKit } from './admin-kit';

let k: AdminKit;
beforeEach(async () => {
  k = makeAdminKit();
  k.addPerson('M1', '050 111 1111', 'manager');
  await k.signInAdmin('050 111 1111');
});

describe('groups and resources', () => {
  it('adds, renames, fills, lists and deletes a group, audited', async () => {
    const w1 = k.addPerson('W1', '040 100 0001');
    const w2 = k.addPerson('W2', '040 100 0002');
    const group = await k.call<GroupView>('admin.groupAdd', { name: 'Dock' });
    expect(await k.send('admin.groupAdd', { name: 'dock' })).toMatchObject({
      ok: false,
      error: { code: 'duplicate_group' },
    });
    expect(await k.call('admin.groupRename', { id: group.id, name: 'Dock A' })).toMatchObject({
      name: 'Dock A',
    });
    expect(await k.call('admin.groupMembers', { groupId: group.id, add: [w1, w2] })).toMatchObject({
      memberCount: 2,
    });
    expect(await k.call('admin.groupMembers', { groupId: group.id, remove: [w2] })).toMatchObject({
      memberCount: 1,
    });
    expect(await k.send('admin.groupMembers', { groupId: group.id, add: [999_999] })).toMatchObject(
      { ok: false, error: { code: 'user_not_found' } },
    );

    const rota = await k.call<ResourceView>('admin.resourceAdd', {
      groupId: group.id,
      name: 'Rota',
      url: 'https://rota.example/week',
    });
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://u:p@x.example/',
      'rota',
    ]) {
      expect(
        await k.send('admin.resourceAdd', { groupId: group.id, name: 'Bad', url }),
        url,
      ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await k.call('admin.resourcesList', { groupId: group.id })).toEqual([rota]);
    expect(await k.call('admin.groupsList')).toEqual([
      { id: group.id, name: 'Dock A', memberCount: 1, resourceCount: 1 },
    ]);
    // The worker sees the link after sign-in.
    expect(k.kit.registry.groups.resourcesFor(w1).map((r) => r.url)).toEqual([
      'https://rota.example/week',
    ]);
    expect(await k.call('admin.resourceDelete', { id: rota.id })).toEqual({ deleted: true });

    await k.call('admin.policyUpdate', { patch: { scope: 'groups', scopeGroupIds: [group.id] } });
    expect(await k.call('admin.groupDelete', { id: group.id })).toEqual({ deleted: true });
    expect(k.kit.config.policy().scopeGroupIds).toEqual([]);
    expect(
      k.kit.audit
        .list()
        .filter((r) => r.actor === 'manager:M1')
        .map((r) => r.action),
    ).toEqual([
      'admin.signIn',
      'group.add',
      'group.rename',
      'group.members',
      'group.members',
      'resource.add',
      'resource.delete',
      'policy.update',
      'policy.update',
      'group.delete',
    ]);
  });
});

describe('policy', () => {
  it('shows every setting with its bounds and default from the shared schema', async () => {
    const view = await k.call<PolicyView>('admin.policyGet');
    expect(view.policy).toEqual(DEFAULT_POLICY);
    expect(view.fields.map((f) => f.key).sort()).toEqual(Object.keys(DEFAULT_POLICY).sort());
    expect(view.fields.find((f) => f.key === 'codeLength')).toMatchObject({
      kind: 'integer',
      min: 6,
      max: 8,
      default: 6,
      help: expect.stringMatching(/digits/),
    });
    expect(view.fields.find((f) => f.key === 'enumerationMode')).toMatchObject({
      kind: 'choice',
      choices: ['private', 'helpful'],
    });
    expect(view.fields.find((f) => f.key === 'allowedCountries')).toMatchObject({
      kind: 'list',
      maxItems: 250,
    });
  });

  it('refuses values out of bounds with a clear message and changes nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ codeLength: 9 }, /codeLength must be between 6 and 8; 9 is out of bounds/],
      [{ codeLifetimeMinutes: 0 }, /between 1 and 10/],
      [{ codeLength: 6.5 }, /whole number/],
      [{ codeLength: '7' }, /whole number/],
      [{ enumerationMode: 'chatty' }, /enumerationMode/],
      [{ allowedCountries: ['fin'] }, /two-letter country code/],
      [{ scopeGroupIds: [42] }, /group 42 does not exist/],
      [{ idleWarningSeconds: 120, idleSignOutSeconds: 60 }, /shorter than idleSignOutSeconds/],
      [{ noSuchThing: 1 }, /no setting called "noSuchThing"/],
      [{}, /No setting was changed/],
    ];
    for (const [patch, message] of cases) {
      expect(await k.send('admin.policyUpdate', { patch }), JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: { code: 'invalid_settings', message: expect.stringMatching(message) },
      });
    }
    expect(k.kit.config.policy()).toEqual(DEFAULT_POLICY);
  });

  it('applies a valid change at once and audits it with the manager as actor', async () => {
    const view = await k.call<PolicyView>('admin.policyUpdate', {
      patch: { codeLength: 8, enumerationMode: 'helpful' },
    });
    expect(view.policy).toMatchObject({ codeLength: 8, enumerationMode: 'helpful' });
    expect(k.kit.config.policy().codeLength).toBe(8);
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      actor: 'manager:M1',
      action: 'policy.update',
    });
  });
});

describe('modem panel', () => {
  it('shows health, the outbox without bodies and today against the daily cap', async () => {
    k.modem.info = {
      path: '/dev/ttyUSB2',
      baudRate: 115200,
      manufacturer: 'Quectel',
      model: 'EC25',
      pduMode: true,
      statusReports: 'cds',
    };
    k.modem.health = {
      checkedAt: k.kit.scheduler.now(),
      connected: true,
      sim: 'ready',
      registration: 'home',
      operator: 'Elisa',
      signal: { rssi: 20, ber: 99, dbm: -73, bars: 4 },
      signalDbm: -73,
      smsc: '+358508771010',
      canSend: true,
    };
    const sent = await k.call<{ messageId: string; maskedTo: string }>('admin.modemTestSms', {
      phone: '040 765 4321',
    });
    expect(sent.maskedTo).toMatch(/21$/);
    const panel = await k.call<ModemPanelView>('admin.modemPanel', {});
    expect(panel).toMatchObject({
      state: 'ready',
      port: '/dev/ttyUSB2',
      model: 'Quectel EC25',
      health: {
        sim: 'ready',
        registration: 'home',
        operator: 'Elisa',
        signalDbm: -73,
        signalBars: 4,
        smsc: '+358508771010',
      },
      today: { messages: 0, cap: DEFAULT_POLICY.perSimDailyCap },
    });
    expect(panel.outbox).toHaveLength(1);
    expect(panel.outbox[0]).toMatchObject({ id: sent.messageId, status: 'queued', test: true });
    // No balance code set: no balance field. With one, the last check and its alarm.
    expect(panel.balance).toBeUndefined();
    const balance = { amount: 3.2, low: true, lowBelow: 5, checkedAt: 1, problem: null };
    k.modem.balance = () => balance;
    expect((await k.call<ModemPanelView>('admin.modemPanel', {})).balance).toEqual(balance);
    expect(JSON.stringify(panel)).not.toMatch(/Test message|\+358407654321/);
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      actor: 'manager:M1',
      action: 'modem.testSms',
    });
  });

  it('limits test messages, checks the number and the allowed countries', async () => {
    for (let i = 0; i < 3; i++) await k.call('admin.modemTestSms', { phone: '040 765 4321' });
    expect(await k.send('admin.modemTestSms', { phone: '040 765 4321' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAt: k.kit.scheduler.now() + 10 * 60_000 },
    });
    expect(await k.send('admin.modemTestSms', { phone: '+46 70 123 45 67' })).toMatchObject({
      ok: false,
      error: { code: 'country_not_allowed' },
    });
    expect(await k.send('admin.modemTestSms', { phone: '12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_phone' },
    });
  });
});

describe('logs', () => {
  it('filters the sign-in log, pages the audit log with its verification, exports both', async () => {
    const w1 = k.addPerson('W1', '040 100 0001');
    const started = await k.call<{ challengeId: string }>('signin.start', {
      phone: '040 100 0001',
    });
    k.kit.scheduler.advance(1000);
    await k.send('signin.verify', { challengeId: started.challengeId, code: '00000000' });
    k.kit.scheduler.advance(1000);
    await k.call('signin.verify', {
      challengeId: started.challengeId,
      code: k.kit.outbound.lastCodeTo('+358401000001'),
    });
    await k.call('admin.activity');

    const mine = await k.call<SignInLogPage>('admin.signInLog', { employeeId: 'W1' });
    expect(mine.total).toBe(3);
    expect(mine.rows.map((r) => r.result)).toEqual(['success', 'failure', 'code_sent']);
    expect(mine.rows[0]).toMatchObject({
      employeeId: 'W1',
      maskedPhone: expect.stringMatching(/01$/),
    });
    const successes = await k.call<SignInLogPage>('admin.signInLog', { result: 'success' });
    expect(successes.rows.map((r) => r.employeeId)).toEqual(['W1', 'M1']);
    const window = await k.call<SignInLogPage>('admin.signInLog', {
      from: k.kit.scheduler.now() - 1500,
      to: k.kit.scheduler.now() + 1,
      limit: 1,
      offset: 1,
    });
    expect(window).toMatchObject({ total: 2, rows: [{ result: 'failure' }] });
    expect(await k.send('admin.signInLog', { employeeId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'user_not_found' },
    });
    void w1;

    const audit = await k.call<AuditLogPage>('admin.auditLog', { limit: 2 });
    expect(audit.verification).toMatchObject({ ok: true });
    expect(audit.rows).toHaveLength(2);
    expect(audit.rows[0]!.seq).toBe(audit.total);

    const signins = await k.call<CsvExport>('admin.signInLogExport', { employeeId: 'W1' });
    expect(signins.rows).toBe(3);
    expect(signins.csv.split('\r\n')[0]).toBe('time,employee_id,name,number,kiosk,result,reason');
    const auditCsv = await k.call<CsvExport>('admin.auditLogExport');
    expect(auditCsv.csv).toContain('signinLog.export');
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      actor: 'manager:M1',
      action: 'auditLog.export',
    });
  });

  it('shows a broken chain in the verification', async () => {
    k.kit.db.exec('DROP TRIGGER audit_log_no_update');
    k.kit.db.exec("UPDATE audit_log SET actor = 'someone' WHERE seq = 2");
    const audit = await k.call<AuditLogPage>('admin.auditLog', {});
    expect(audit.verification).toMatchObject({ ok: false, seq: 2 });
  });
});
