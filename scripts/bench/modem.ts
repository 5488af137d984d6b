// modem.efficiency: 100 messages through our driver to the simulator over a real pty (socat),
// with a fixed 250 ms network delay per message. The simulator cannot go faster than one
// message per 250 ms, so efficiency = achieved throughput / (1 / 250 ms).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ModemSimulator } from '../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../src/main/modem/pty';
import { ModemDevice } from '../../src/main/modem/device';
import { round } from './stats';

export const NETWORK_DELAY_MS = 250;
export const MESSAGES = 100;

/** A fresh simulator on a pty with the benchmark's network delay. */
export async function benchModemOnPty(): Promise<{ simulator: ModemSimulator; server: PtyServer }> {
  const simulator = new ModemSimulator({ networkDelayMs: NETWORK_DELAY_MS, latencyMs: 0 });
  const link = join(mkdtempSync(join(tmpdir(), 'kiosk-bench-pty-')), 'modem');
  const server = await servePty(simulator, { link });
  return { simulator, server };
}

export function efficiency(elapsedMs: number): number {
  const achieved = MESSAGES / (elapsedMs / 1000);
  return round(achieved / (1000 / NETWORK_DELAY_MS), 4);
}

export function benchText(i: number): string {
  return `Bench message ${i}: 123456 is your sign-in code. It expires in 5 min.`;
}

export async function benchModem() {
  const { SerialPort } = await import('serialport');
  const { simulator, server } = await benchModemOnPty();
  const device = new ModemDevice({
    binding: SerialPort.binding,
    path: server.link,
    healthIntervalMs: 0,
    statusReports: false,
  });
  await device.open();
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++)
    await device.sendSms(`+35840${String(i).padStart(7, '0')}`, benchText(i));
  const elapsed = performance.now() - t0;
  await device.close();
  await server.stop();
  if (simulator.inbox().length !== MESSAGES) throw new Error('the simulator lost messages');
  return { 'modem.efficiency': efficiency(elapsed), 'modem.elapsedMs': round(elapsed, 0) };
}
