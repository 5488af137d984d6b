// The device against the simulator over serialport's MockBinding, on a ManualScheduler: every
// fault knob of the simulator and the documented outcome, with no real waiting.
import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from '@serialport/binding-mock';
import {
  ModemDevice,
  discoverModems,
  type DeliveryReport,
  type ModemDeviceOptions,
  type ModemHealth,
} from '../../../src/main/modem/device';
import { ModemError } from '../../../src/main/modem/errors';
import {
  ModemSimulator,
  SimulatorBinding,
  type SimulatorProfile,
} from '../../../src/main/modem/simulator';
import { ManualScheduler } from '../../support/manual-scheduler';
import { drive, settle } from './helpers';
import { encodeDeliverPdu } from '../../../src/main/sms/pdu';
import { referencePath } from '../../support/reference';
import { readFileSync } from 'node:fs';

interface CorpusReport {
  id: string;
  pdu: string;
  lenient?: boolean;
  smscIncluded: boolean;
  expect: { messageReference: number; status: number; outcome: string };
}

/** The status reports of the shared corpus that carry the SMSC field, as a +CDS PDU does. */
function corpusStatusReports(): CorpusReport[] {
  const corpus = JSON.parse(readFileSync(referencePath('sms-corpus', 'pdus.json'), 'utf8')) as {
    cases: Array<CorpusReport & { kind: string }>;
  };
  return corpus.cases.filter((c) => c.kind === 'status-report' && c.smscIncluded && !c.lenient);
}

const PATH = '/dev/ttyUSB2';
const TO = '+447700900123';

function setup(profile: Partial<SimulatorProfile> = {}, options: Partial<ModemDeviceOptions> = {}) {
  const scheduler = new ManualScheduler();
  const simulator = new ModemSimulator(profile, { scheduler });
  const binding = new SimulatorBinding();
  binding.plug(PATH, simulator);
  const device = new ModemDevice({
    binding,
    path: PATH,
    scheduler,
    healthIntervalMs: 0,
    ...options,
  });
  const health: ModemHealth[] = [];
  const reports: DeliveryReport[] = [];
  device.on('health', (h) => health.push(h));
  device.on('delivery-report', (r) => reports.push(r));
  const open = () => drive(scheduler, device.open());
  const send = (text: string, opts?: Parameters<ModemDevice['sendSms']>[2], to = TO) =>
    drive(scheduler, device.sendSms(to, text, opts));
  return { scheduler, simulator, binding, device, health, reports, open, send };
}

async function rejection(promise: Promise<unknown>): Promise<ModemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModemError);
  return error as ModemError;
}

afterEach(() => MockBinding.reset());

describe('ModemDevice initialisation and health', () => {
  it('opens, reads identity, and publishes health', async () => {
    const t = setup();
    const info = await t.open();
    expect(info).toMatchObject({
      path: PATH,
      manufacturer: 'SIMULATED',
      model: 'SIM800-SIM',
      imei: '490154203237518',
      pduMode: true,
      cnmi: 'AT+CNMI=2,1,0,1,0',
      statusReports: 'cds',
    });
    expect(t.device.state).toBe('ready');
    expect(t.health.at(-1)).toMatchObject({
      connected: true,
      sim: 'ready',
      registration: 'home',
      operator: 'Simulated Network',
      signalDbm: -73,
      smsc: '+15550000000',
      canSend: true,
    });
  });

  it('falls back through CNMI variants to stored reports (+CDSI)', async () => {
    const t = setup({ cnmi: 'cdsi' });
    expect(await t.open()).toMatchObject({ cnmi: 'AT+CNMI=2,1,0,2,0', statusReports: 'cdsi' });
  });

  it('works without CMEE, CEREG and CGREG support', async () => {
    const t = setup({ unsupported: ['+CMEE', '+CEREG', '+CGREG'] });
    await t.open();
    expect(t.health.at(-1)).toMatchObject({ registration: 'home', canSend: true });
  });

  it('falls back to text mode when the modem refuses PDU mode', async () => {
    const t = setup({ pduMode: false });
    expect((await t.open()).pduMode).toBe(false);
    const result = await t.send('Code 123456');
    expect(result.mode).toBe('text');
    expect(t.simulator.inbox(TO).map((m) => [m.mode, m.text])).toEqual([['text', 'Code 123456']]);
  });

  it('tolerates a modem that sends no OK after +CPIN', async () => {
    const t = setup({ missingOkAfterCpin: true });
    await t.open();
    expect(t.health.at(-1)).toMatchObject({ sim: 'ready', canSend: true });
    await t.send('after missing OK');
    expect(t.simulator.inbox(TO)).toHaveLength(1);
  });

  it('enters the SIM PIN when it has one', async () => {
    const t = setup({ pin: '1234' }, { pin: '1234' });
    await t.open();
    expect(t.health.at(-1)).toMatchObject({ sim: 'ready', canSend: true });
  });

  it('without the PIN: health says so and sending fails permanently', async () => {
    const t = setup({ pin: '1234' });
    await t.open();
    expect(t.health.at(-1)).toMatchObject({
      sim: 'pin-required',
      canSend: false,
      problem: { code: 'SIM_LOCKED', message: 'The SIM card needs its PIN' },
    });
    const error = await rejection(t.send('x'));
    expect(error).toMatchObject({ code: 'SIM_LOCKED', temporary: false });
    expect(error.message).toBe('The SIM card needs its PIN');
  });

  it('no SIM: health says so', async () => {
    const t = setup({ simInserted: false });
    await t.open();
    expect(t.health.at(-1)).toMatchObject({
      sim: 'not-inserted',
      problem: { message: 'There is no SIM card in the modem' },
    });
  });

  it('no network: health says so and sending fails temporarily (+CMS 331)', async () => {
    const t = setup({ network: 'none' });
    await t.open();
    expect(t.health.at(-1)).toMatchObject({
      registration: 'not-registered',
      canSend: false,
      problem: { code: 'NO_NETWORK', message: 'No mobile network' },
    });
    const error = await rejection(t.send('x'));
    expect(error).toMatchObject({ code: 'NO_NETWORK', temporary: true, cms: 331 });
    expect(t.simulator.inbox()).toEqual([]);
  });

  it('polls health on its interval and publishes changes', async () => {
    const t = setup({}, { healthIntervalMs: 30_000 });
    await t.open();
    const before = t.health.length;
    t.simulator.setNetwork('denied');
    t.scheduler.advance(30_000);
    await drive(t.scheduler, new Promise((r) => t.device.once('health', r)), { stepMs: 1 });
    expect(t.health.length).toBe(before + 1);
    expect(t.health.at(-1)).toMatchObject({
      registration: 'denied',
      problem: { message: 'The mobile network refused this SIM' },
    });
    await t.device.close();
    expect(t.scheduler.pendingTimers()).toBe(0);
  });
});

describe('ModemDevice sending', () => {
  it.each<[string, Partial<SimulatorProfile>]>([
    ['echo on, > prompt', { echo: true, prompt: '>' }],
    ['echo off, "> " prompt', { echo: false, prompt: '> ' }],
    [
      'echo on, >\\r\\n prompt, \\r\\r\\n endings',
      { echo: true, prompt: '>\r\n', lineEnding: '\r\r\n' },
    ],
    ['slow modem', { latencyMs: 700, networkDelayMs: 4_000 }],
  ])('delivers exactly with %s', async (_name, profile) => {
    const t = setup(profile);
    await t.open();
    const texts = [
      'Code 482913',
      'Ext € [ ] { } ~',
      'Код 😀 代码',
      'Long text. '.repeat(40).trim(),
    ];
    for (const text of texts) await t.send(text);
    expect(t.simulator.inbox(TO).map((m) => m.text)).toEqual(texts);
    expect(t.simulator.inbox(TO).map((m) => m.parts)).toEqual([1, 1, 1, 3]);
  });

  it('returns one reference per part, in order, and reports each part', async () => {
    const t = setup({ firstReference: 254 });
    await t.open();
    const parts: number[] = [];
    const result = await t.send('x'.repeat(400), { onPartSent: (p) => parts.push(p.reference) });
    expect(result.references).toEqual([254, 255, 0]);
    expect(parts).toEqual([254, 255, 0]);
    expect(result.concatReference).toBeGreaterThan(0);
  });

  it('rejects a bad number without talking to the modem', async () => {
    const t = setup();
    await t.open();
    await expect(t.device.sendSms('call me', 'x')).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      temporary: false,
    });
  });

  it('refuses to send before open', async () => {
    const t = setup();
    await expect(t.device.sendSms(TO, 'x')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('classifies send errors: temporary, permanent, and partly sent', async () => {
    const t = setup();
    await t.open();
    t.simulator.failNextSends([{ cms: 500 }, { cms: 21 }]);
    expect(await rejection(t.send('a'))).toMatchObject({ temporary: true, cms: 500 });
    expect(await rejection(t.send('b'))).toMatchObject({ temporary: false, cms: 21 });
    // Second part fails: the first part's reference is reported as sent.
    const ok = await t.send('warm-up');
    t.simulator.failNextSends([]);
    const simulator = t.simulator;
    let n = 0;
    simulator.on('part', () => {
      if (++n === 1) simulator.failNextSends([{ cms: 42 }]);
    });
    const error = await rejection(t.send('y'.repeat(300)));
    expect(error).toMatchObject({ temporary: true, cms: 42 });
    expect(error.referencesSent).toEqual([ok.references[0]! + 1]);
  });

  it('URCs after the prompt and before the result do not disturb the send', async () => {
    const t = setup({ echo: true });
    await t.open();
    const urcs: string[] = [];
    t.device.on('urc', (u) => urcs.push(u.name));
    t.simulator.injectUrc('+CMTI: "SM",1', 'after-prompt');
    t.simulator.injectUrc('^RSSI: 12', 'before-result');
    t.simulator.injectUrc('RING', 'before-result');
    const result = await t.send('code 1');
    expect(result.references).toHaveLength(1);
    expect(urcs).toEqual(['+CMTI', '^RSSI', 'RING']);
  });

  it('times out when the network takes longer than the result timeout', async () => {
    const t = setup({ networkDelayMs: 90_000 }, { timeouts: { resultMs: 60_000 } });
    await t.open();
    const error = await rejection(t.send('slow'));
    expect(error).toMatchObject({ code: 'TIMEOUT', temporary: true });
  });

  it('concurrent text-mode and PDU-mode sends do not mix their settings', async () => {
    const t = setup();
    await t.open();
    const sends = Promise.all([
      t.device.sendSms(TO, 'text one', { mode: 'text' }),
      t.device.sendSms(TO, 'pdu two'),
      t.device.sendSms(TO, 'Код three', { mode: 'text' }),
      t.device.sendSms(TO, 'pdu four € '.repeat(20)),
    ]);
    await drive(t.scheduler, sends);
    expect(t.simulator.inbox(TO).map((m) => [m.mode, m.text])).toEqual([
      ['text', 'text one'],
      ['pdu', 'pdu two'],
      ['text', 'Код three'],
      ['pdu', 'pdu four € '.repeat(20)],
    ]);
  });

  it('sends UCS-2 in text mode through the UCS2 character set', async () => {
    const t = setup();
    await t.open();
    const result = await t.send('Код 482913', { mode: 'text' });
    expect(result.mode).toBe('text');
    expect(t.simulator.inbox(TO).map((m) => [m.mode, m.encoding, m.text])).toEqual([
      ['text', 'ucs2', 'Код 482913'],
    ]);
    // And back to PDU mode for the next one.
    await t.send('pdu again');
    expect(t.simulator.inbox(TO).at(-1)).toMatchObject({ mode: 'pdu', text: 'pdu again' });
  });
});

describe('ModemDevice delivery reports', () => {
  it('matches +CDS reports by message reference', async () => {
    const t = setup({ autoStatusReportMs: 5_000 });
    await t.open();
    const result = await t.send('x'.repeat(200));
    await drive(t.scheduler, Promise.resolve(), { stepMs: 1 });
    t.scheduler.advance(5_000);
    await settle();
    expect(t.reports.map((r) => [r.reference, r.outcome, r.sentTo])).toEqual(
      result.references.map((ref) => [ref, 'delivered', TO]),
    );
  });

  it('reads stored reports announced with +CDSI and deletes them', async () => {
    const t = setup({ cnmi: 'cdsi' });
    await t.open();
    const result = await t.send('hello');
    const commands: string[] = [];
    t.simulator.on('command', (c) => commands.push(c));
    t.simulator.sendStatusReport(result.references[0]!, TO, 0x41);
    await drive(t.scheduler, new Promise((r) => t.device.once('delivery-report', r)));
    await settle();
    expect(t.reports).toEqual([
      expect.objectContaining({ reference: result.references[0], outcome: 'failed', sentTo: TO }),
    ]);
    expect(commands).toEqual(['AT+CMGR=1', 'AT+CMGD=1']);
  });

  it('Quectel "SR" memory: reads the report there and leaves the text at the same index', async () => {
    const t = setup({ cnmi: 'cdsi', reportMemory: 'SR' });
    await t.open();
    // Part 1 of 2 of a text waits at SM index 1 for its sibling (parts stay on the SIM).
    const [firstPart] = encodeDeliverPdu({
      from: '+358401234567',
      text: 'y'.repeat(200),
      timestamp: new Date(t.scheduler.now()),
      concatReference: 9,
    });
    t.simulator.storeRawPdu(firstPart!.hex);
    await settle();
    const problems: string[] = [];
    t.device.on('problem', (e) => problems.push(e.message));
    const result = await t.send('hello');
    const commands: string[] = [];
    t.simulator.on('command', (c) => commands.push(c));
    t.simulator.sendStatusReport(result.references[0]!, TO, 0);
    await drive(t.scheduler, new Promise((r) => t.device.once('delivery-report', r)));
    await settle();
    expect(t.reports).toEqual([
      expect.objectContaining({
        reference: result.references[0],
        outcome: 'delivered',
        sentTo: TO,
      }),
    ]);
    expect(commands).toEqual([
      'AT+CMGR=1',
      'AT+CPMS?',
      'AT+CPMS="SR"',
      'AT+CMGR=1',
      'AT+CMGD=1',
      'AT+CPMS="SM"',
    ]);
    expect(t.simulator.storedIndexes('SM')).toEqual([1]);
    expect(t.simulator.storedIndexes('SR')).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an announced report that is nowhere is reported as a problem, nothing deleted', async () => {
    const t = setup({ cnmi: 'cdsi' });
    await t.open();
    const problems: string[] = [];
    t.device.on('problem', (e) => problems.push(e.message));
    t.simulator.injectUrc('+CDSI: "SR",7');
    await drive(t.scheduler, new Promise((r) => t.device.once('problem', r)));
    expect(problems).toEqual([
      'The modem announced a delivery report (SR 7) but it could not be found',
    ]);
    expect(t.reports).toEqual([]);
  });

  it('falls back between +CDS and +CDSI: reads reports whichever way the modem routes them', async () => {
    for (const [cnmi, reportRouting] of [
      ['cds', 'stored'],
      ['cdsi', 'direct'],
    ] as const) {
      const t = setup({ cnmi, reportRouting });
      await t.open();
      const result = await t.send('hello');
      t.simulator.sendStatusReport(result.references[0]!, TO, 0);
      await drive(t.scheduler, new Promise((r) => t.device.once('delivery-report', r)));
      expect(t.reports.map((r) => [r.outcome, r.sentTo])).toEqual([['delivered', TO]]);
      expect(t.simulator.storedIndexes('SM')).toEqual([]);
      MockBinding.reset();
    }
  });

  it('TP-Status 0x60-0x7F (the centre gave up) is a final failure in PDU and text mode', async () => {
    for (const pduMode of [true, false]) {
      for (const status of [0x60, 0x65, 0x7f]) {
        const t = setup({ pduMode });
        await t.open();
        const result = await t.send('hello');
        t.simulator.sendStatusReport(result.references[0]!, TO, status);
        await settle();
        expect(t.reports.map((r) => [r.status, r.outcome])).toEqual([[status, 'failed']]);
        MockBinding.reset();
      }
    }
  });

  it('+CDS reports from the shared corpus decode to their expected outcome', async () => {
    const t = setup();
    await t.open();
    const cases = corpusStatusReports();
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) {
      const length = c.pdu.length / 2 - 1 - Number.parseInt(c.pdu.slice(0, 2), 16);
      t.simulator.injectUrc(`+CDS: ${length}\r\n${c.pdu}`);
      await settle();
      expect([c.id, t.reports.at(-1)?.reference, t.reports.at(-1)?.status]).toEqual([
        c.id,
        c.expect.messageReference,
        c.expect.status,
      ]);
      expect([c.id, t.reports.at(-1)?.outcome]).toEqual([c.id, c.expect.outcome]);
    }
  });

  it('a report that overtakes +CMGS still matches', async () => {
    const t = setup({ autoStatusReportMs: 0 });
    await t.open();
    await t.send('fast network');
    await settle();
    expect(t.reports).toHaveLength(1);
    expect(t.reports[0]!.sentTo).toBe(TO);
  });

  it('reports incoming messages', async () => {
    const t = setup();
    await t.open();
    const incoming: unknown[] = [];
    t.device.on('incoming', (i) => incoming.push(i));
    t.simulator.receiveSms('+358401234567', 'STOP');
    await settle();
    expect(incoming).toEqual([{ kind: 'stored', memory: 'SM', index: 1 }]);
  });
});

describe('ModemDevice unplug, reconnect and discovery', () => {
  it('an unplug during a send fails it as temporary, then reconnects with backoff', async () => {
    const t = setup({}, { reconnect: { initialDelayMs: 1_000, maxDelayMs: 8_000 } });
    await t.open();
    const states: string[] = [];
    t.device.on('state', (s) => states.push(s));
    t.simulator.unplugDuringNextSend('after-prompt');
    const error = await rejection(t.send('lost?'));
    expect(error).toMatchObject({ code: 'DISCONNECTED', temporary: true });
    expect(t.simulator.inbox()).toEqual([]);
    expect(t.health.at(-1)).toMatchObject({ connected: false, canSend: false });

    // Still unplugged: attempts at +1 s, +2 s, +4 s fail.
    for (const delay of [1_000, 2_000, 4_000]) {
      t.scheduler.advance(delay);
      await settle();
    }
    expect(states.filter((s) => s === 'connecting')).toHaveLength(3);
    t.binding.replug(PATH);
    const connected = new Promise((r) => t.device.once('connected', r));
    t.scheduler.advance(8_000);
    await drive(t.scheduler, connected);
    expect(t.device.state).toBe('ready');
    await t.send('lost?');
    expect(t.simulator.inbox(TO).map((m) => m.text)).toEqual(['lost?']);
  });

  it('after-payload unplug: the message went out, the driver reports an unknown outcome', async () => {
    const t = setup({}, { reconnect: { enabled: false } });
    await t.open();
    t.simulator.unplugDuringNextSend('after-payload');
    const error = await rejection(t.send('code 42'));
    expect(error).toMatchObject({ code: 'DISCONNECTED', temporary: true });
    expect(t.simulator.inbox(TO).map((m) => m.text)).toEqual(['code 42']);
    expect(t.device.state).toBe('closed');
  });

  it('a port whose device node vanishes counts as unplugged, even mid-send', async () => {
    let present = true;
    const t = setup(
      { networkDelayMs: 30_000 },
      { reconnect: { enabled: false }, portPresent: async () => present },
    );
    await t.open();
    const send = t.device.sendSms(TO, 'x');
    await settle();
    present = false;
    const error = await rejection(drive(t.scheduler, send, { stepMs: 100 }));
    expect(error).toMatchObject({ code: 'DISCONNECTED' });
    expect(t.device.state).toBe('closed');
  });

  it('watches the port node from the moment it is ready, before the first health check ends', async () => {
    let present = true;
    // The first health check stalls on AT+CSQ, as it does when it waits behind a send.
    const t = setup(
      { latencyMs: (command) => (command === 'AT+CSQ' ? 20_000 : 0) },
      {
        reconnect: { enabled: false },
        timeouts: { commandMs: 30_000 },
        presenceIntervalMs: 1_000,
        portPresent: async () => present,
      },
    );
    const connected = new Promise((r) => t.device.once('connected', r));
    let disconnected = false;
    t.device.once('disconnected', () => (disconnected = true));
    t.device.start();
    await drive(t.scheduler, connected);
    present = false;
    for (let ms = 0; ms < 1_100 && !disconnected; ms += 100) {
      t.scheduler.advance(100);
      await settle();
    }
    expect(disconnected).toBe(true);
    expect(t.device.state).toBe('closed');
  });

  it('a modem that stops answering is reconnected after three silent timeouts', async () => {
    const t = setup({}, { reconnect: { initialDelayMs: 1_000 } });
    await t.open();
    const disconnected = new Promise((r) => t.device.once('disconnected', r));
    t.simulator.profile.latencyMs = 60_000;
    for (let i = 0; i < 3; i++) {
      await rejection(drive(t.scheduler, t.device.command('AT+CSQ', 1_000), { stepMs: 100 }));
    }
    await disconnected;
    expect(t.device.state).toBe('reconnecting');
    t.simulator.profile.latencyMs = 0;
    const connected = new Promise((r) => t.device.once('connected', r));
    await drive(t.scheduler, connected, { stepMs: 100 });
    expect(t.device.state).toBe('ready');
  });

  it('start() keeps trying until the modem appears', async () => {
    const t = setup({}, { reconnect: { initialDelayMs: 500 } });
    t.binding.unplug(PATH);
    t.device.start();
    await settle();
    expect(t.device.state).toBe('reconnecting');
    t.binding.replug(PATH);
    const connected = new Promise((r) => t.device.once('connected', r));
    await drive(t.scheduler, connected);
    expect(t.device.state).toBe('ready');
    await t.device.close();
    expect(t.device.state).toBe('closed');
  });

  it('discovers the modem among ports that do not answer', async () => {
    const scheduler = new ManualScheduler();
    const binding = new SimulatorBinding();
    binding.plugSilent('/dev/ttyUSB0');
    binding.plugSilent('/dev/ttyUSB1');
    binding.plug('/dev/ttyUSB2', new ModemSimulator({ model: 'EC25' }, { scheduler }));
    const found = await drive(
      scheduler,
      discoverModems({ binding, scheduler, probeTimeoutMs: 1_000, baudRates: [115200] }),
    );
    expect(found.map((f) => [f.path, f.model])).toEqual([['/dev/ttyUSB2', 'EC25']]);

    const device = new ModemDevice({ binding, scheduler, healthIntervalMs: 0 });
    const info = await drive(scheduler, device.open());
    expect(info.path).toBe('/dev/ttyUSB2');
    await device.close();
  });

  it('no modem anywhere: a clear error', async () => {
    const scheduler = new ManualScheduler();
    const binding = new SimulatorBinding();
    binding.plugSilent('/dev/ttyUSB0');
    const device = new ModemDevice({ binding, scheduler });
    const error = await rejection(drive(scheduler, device.open()));
    expect(error).toMatchObject({ code: 'NO_MODEM_FOUND', temporary: true });
  });
});
