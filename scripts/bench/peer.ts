// peer.efficiency: the same 100 messages, same simulator and pty, sent by the npm package
// serialport-gsm, which is installed for the benchmark only (into node_modules/.cache, never a
// dependency of the app).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchModemOnPty, benchText, efficiency, MESSAGES } from './modem';
import { round } from './stats';

const PEER = 'serialport-gsm@4.0.1';
const PEER_DIR = resolve(__dirname, '../../node_modules/.cache/bench-peer');

interface PeerModem {
  open(path: string, options: object): Promise<unknown>;
  initializeModem(): Promise<unknown>;
  setModemMode(
    callback: undefined,
    priority: boolean,
    timeout: number,
    mode: string,
  ): Promise<unknown>;
  sendSMS(number: string, text: string, alert: boolean): Promise<{ status: string }>;
  close(): Promise<unknown>;
}

function loadPeer(): { Modem(): PeerModem } {
  if (!existsSync(join(PEER_DIR, 'node_modules', 'serialport-gsm'))) {
    mkdirSync(PEER_DIR, { recursive: true });
    writeFileSync(join(PEER_DIR, 'package.json'), '{"name":"bench-peer","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', PEER], {
      cwd: PEER_DIR,
      stdio: 'ignore',
    });
  }
  return createRequire(join(PEER_DIR, 'package.json'))('serialport-gsm');
}

export async function benchPeer() {
  const gsm = loadPeer();
  const { simulator, server } = await benchModemOnPty();
  const modem = gsm.Modem();
  await modem.open(server.link, {
    baudRate: 115200,
    autoDeleteOnReceive: false,
    enableConcatenation: true,
  });
  await modem.initializeModem();
  await modem.setModemMode(undefined, false, 5000, 'PDU');
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const result = await modem.sendSMS(`+35840${String(i).padStart(7, '0')}`, benchText(i), false);
    if (result.status !== 'success')
      throw new Error(`serialport-gsm failed: ${JSON.stringify(result)}`);
  }
  const elapsed = performance.now() - t0;
  await modem.close().catch(() => undefined);
  await server.stop();
  const received = simulator.inbox().length;
  if (received !== MESSAGES) throw new Error(`serialport-gsm delivered ${received} of ${MESSAGES}`);
  return { 'peer.efficiency': efficiency(elapsed), 'peer.elapsedMs': round(elapsed, 0) };
}
