// The driver against the simulator through a real pseudo-terminal made by socat: the same path
// bytes take to a USB modem. Waits are on events, each bounded by a timeout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import { createModemCommands } from '../../../src/main/cli/modem-commands';
import { ModemDevice } from '../../../src/main/modem/device';
import { ModemError } from '../../../src/main/modem/errors';
import { ModemSimulator } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';
import { ManualScheduler } from '../../support/manual-scheduler';

const binding = SerialPort.binding as unknown as BindingInterface;

function waitFor<T>(
  emitter: { once(event: string, listener: (value: T) => void): unknown },
  event: string,
  ms = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const TO = '+447700900123';

describe('modem send over a socat pty to the simulator', () => {
  let dir: string;
  let simulator: ModemSimulator;
  let server: PtyServer;
  const commands = createModemCommands({ binding: async () => binding });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-pty-'));
    // Echo on and `\r\r\n` line ends: the quirks a real modem shows at power-on.
    simulator = new ModemSimulator({ echo: true, lineEnding: '\r\r\n', latencyMs: 2 });
    server = await servePty(simulator, { link: join(dir, 'modem') });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: Array<[string, string, number]> = [
    ['GSM-7', 'Your sign-in code is 482913. It expires in 5 minutes.', 1],
    ['extension characters', 'Code 123456 costs €0 [ok] {yes} ~ \\ ^ |', 1],
    ['UCS-2 with an emoji', 'Kirjautumiskoodi 482913 — код 😀 代码', 1],
    ['three parts', 'Three part message. '.repeat(20).trim(), 3],
  ];

  for (const [name, text, parts] of cases) {
    it(`delivers ${name} exactly`, async () => {
      simulator.clearInbox();
      const { io, out, err } = capture();
      const code = await commands.send({
        argv: ['--port', server.link, '--to', TO, '--text', text, '--json'],
        io,
        dbPath: ':memory:',
      });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      const result = JSON.parse(out[0]!) as { references: number[] };
      expect(result.references).toHaveLength(parts);
      const inbox = simulator.inbox(TO);
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.text).toBe(text);
      expect(inbox[0]!.parts).toBe(parts);
      expect(inbox[0]!.references).toEqual(result.references);
    });
  }

  it('sends in text mode when asked', async () => {
    simulator.clearInbox();
    const { io, out } = capture();
    const code = await commands.send({
      argv: ['--port', server.link, '--to', TO, '--text', 'Plain code 777111', '--mode', 'text'],
      io,
      dbPath: ':memory:',
    });
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Sent to \+447700900123 in 1 part\(s\); message references: \d+$/);
    expect(simulator.inbox(TO).map((m) => [m.mode, m.text])).toEqual([
      ['text', 'Plain code 777111'],
    ]);
  });

  it('reports modem info as JSON', async () => {
    const { io, out } = capture();
    const code = await commands.info({
      argv: ['--port', server.link, '--json'],
      io,
      dbPath: ':memory:',
    });
    expect(code).toBe(0);
    const { info, health } = JSON.parse(out[0]!);
    expect(info).toMatchObject({ manufacturer: 'SIMULATED', pduMode: true, statusReports: 'cds' });
    expect(health).toMatchObject({ sim: 'ready', registration: 'home', signalDbm: -73 });
  });

  it('fails with exit 1 and the human message on a permanent error', async () => {
    simulator.failNextSends([{ cms: 1 }]);
    const { io, err } = capture();
    const code = await commands.send({
      argv: ['--port', server.link, '--to', TO, '--text', 'x'],
      io,
      dbPath: ':memory:',
    });
    expect(code).toBe(1);
    expect(err).toEqual(['The operator rejected the number (unassigned number)']);
  });
});

describe('unplug and reconnect over a pty', () => {
  // The driver's timers run on a manual clock: no timeout can fire because the machine is slow.
  // Time moves only where a test says so: to the next presence check of the port node, and to
  // each reconnect attempt the device is waiting for.
  const PRESENCE_MS = 1_000;
  const RECONNECT_MS = 50;
  let dir: string;
  let simulator: ModemSimulator;
  let server: PtyServer;
  let scheduler: ManualScheduler;
  let device: ModemDevice;
  const trace: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-pty-'));
    simulator = new ModemSimulator({ echo: false });
    server = await servePty(simulator, { link: join(dir, 'modem') });
    scheduler = new ManualScheduler();
    device = new ModemDevice({
      binding,
      path: server.link,
      scheduler,
      healthIntervalMs: 0,
      presenceIntervalMs: PRESENCE_MS,
      reconnect: { initialDelayMs: RECONNECT_MS, maxDelayMs: RECONNECT_MS },
      trace: (direction, text) => trace.push(`${Date.now() % 100000} ${direction} ${text}`),
    });
    device.on('state', (s) => trace.push(`${Date.now() % 100000} state ${s}`));
    device.on('problem', (e) =>
      trace.push(`${Date.now() % 100000} problem ${e.code} ${e.message}`),
    );
    await device.open();
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(trace.join('\n'));
    trace.length = 0;
  });

  afterAll(async () => {
    await device?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Unplugs the pty (socat gone, link removed), then lets the device's presence check run. The
   * read side may report the hang-up first; either way the device ends up disconnected.
   */
  async function unplugAndNotice(): Promise<void> {
    await server.unplug();
    scheduler.advance(PRESENCE_MS);
  }

  /** Replugs and moves the clock to each reconnect attempt the device waits for, until it is connected. */
  async function replugAndReconnect(): Promise<void> {
    const connected = waitFor(device, 'connected', 15_000);
    await server.replug();
    // Advance only while a reconnect timer is pending, never during an attempt: the attempt's
    // command timeouts must not run out because the clock was moved.
    const onState = (state: string) => {
      if (state === 'reconnecting') setImmediate(() => scheduler.advance(RECONNECT_MS));
    };
    device.on('state', onState);
    if (device.state === 'reconnecting') scheduler.advance(RECONNECT_MS);
    try {
      await connected;
    } finally {
      device.off('state', onState);
    }
  }

  it('notices the unplug, reconnects after the replug, and sends again', async () => {
    const disconnected = waitFor<ModemError>(device, 'disconnected', 15_000);
    await unplugAndNotice();
    expect((await disconnected).code).toBe('DISCONNECTED');
    await expect(device.sendSms(TO, 'while unplugged')).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
      temporary: true,
    });
    await replugAndReconnect();
    const result = await device.sendSms(TO, 'after replug');
    expect(result.references).toHaveLength(1);
    expect(simulator.inbox(TO).map((m) => m.text)).toContain('after replug');
  });

  it('loses nothing when the modem vanishes after taking the message', async () => {
    simulator.clearInbox();
    simulator.unplugDuringNextSend('after-payload');
    // The simulator pulls its plug once it has the message; the send's answer never comes.
    const taken = waitFor<void>(simulator, 'unplug', 15_000);
    const sending = device.sendSms(TO, 'code 555000').catch((e: unknown) => e);
    await taken;
    await unplugAndNotice();
    const error = await sending;
    expect(error).toBeInstanceOf(ModemError);
    expect(error).toMatchObject({ code: 'DISCONNECTED', temporary: true });
    // The network got it; the driver could not know, so a retry sends it again (at least once).
    expect(simulator.inbox(TO).map((m) => m.text)).toEqual(['code 555000']);
    await replugAndReconnect();
    await device.sendSms(TO, 'code 555000');
    expect(simulator.inbox(TO).map((m) => m.text)).toEqual(['code 555000', 'code 555000']);
  });
});

describe('modem simulate', () => {
  it('serves a simulator on a pty until stopped and prints what it receives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modem-sim-'));
    const link = join(dir, 'modem');
    const stop = new AbortController();
    const simIo = capture();
    let simulated: Promise<number> | undefined;
    let simulator: ModemSimulator | undefined;
    const ready = new Promise<void>((resolve) => {
      const commands = createModemCommands({
        binding: async () => binding,
        stopSignal: stop.signal,
        onSimulatorReady: (s) => {
          simulator = s;
          resolve();
        },
      });
      simulated = commands.simulate({
        argv: ['--link', link, '--double-cr', '--prompt', 'gt', '--report-delay', '0'],
        io: simIo.io,
        dbPath: '',
      });
    });
    try {
      await ready;
      const { io, out } = capture();
      const send = createModemCommands({ binding: async () => binding }).send;
      expect(
        await send({ argv: ['--port', link, '--to', TO, '--text', 'Code 246810'], io, dbPath: '' }),
      ).toBe(0);
      expect(out[0]).toMatch(/^Sent to/);
      expect(simulator!.inbox(TO).map((m) => m.text)).toEqual(['Code 246810']);
      expect(
        simIo.out.some((l) => l.endsWith(`to ${TO} (1 part(s), gsm7, refs 0): Code 246810`)),
      ).toBe(true);
    } finally {
      stop.abort();
      expect(await simulated).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(simIo.out.at(-1)).toBe('Stopped. 1 message(s) received.');
  });

  it('puts texts on the SIM and answers USSD as told; modem read and modem ussd show them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modem-sim-'));
    const link = join(dir, 'modem');
    const stop = new AbortController();
    const simIo = capture();
    let simulated: Promise<number> | undefined;
    const ready = new Promise<void>((resolve) => {
      const commands = createModemCommands({
        binding: async () => binding,
        stopSignal: stop.signal,
        onSimulatorReady: () => resolve(),
      });
      simulated = commands.simulate({
        argv: [
          '--link',
          link,
          '--sms-on-sim',
          '+358401234567=Tervetuloa, saldo 10 EUR',
          '--ussd',
          '*100#=ucs2-hex:Saldo: 9,95 €',
        ],
        io: simIo.io,
        dbPath: '',
      });
    });
    try {
      await ready;
      const client = createModemCommands({ binding: async () => binding });
      const read = capture();
      expect(await client.read({ argv: ['--port', link], io: read.io, dbPath: '' })).toBe(0);
      expect(read.out[0]).toMatch(/^\[1\] from \+358401234567 at \d{4}-\d\d-\d\dT[\d:]+\+00:00:$/);
      expect(read.out[1]).toBe('    Tervetuloa, saldo 10 EUR');
      const ussd = capture();
      expect(
        await client.ussd({ argv: ['--port', link, '--code', '*100#'], io: ussd.io, dbPath: '' }),
      ).toBe(0);
      expect(ussd.out).toEqual(['Saldo: 9,95 €']);
    } finally {
      stop.abort();
      expect(await simulated).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
