// `npm run bench`: every benchmark of issue 7, a line of figures each as it finishes, and one
// JSON object with all fields as the last line. Not part of the test suite; never fails on speed.
import { cpus } from 'node:os';
import { benchSignIn } from './signin';
import { benchImport, benchRegistry } from './registry';
import { benchModem } from './modem';
import { benchPeer } from './peer';
import { benchUi } from './ui';
import { benchMemory } from './memory';
import { benchFactors } from './factors';
import { round } from './stats';

const GOALS: Record<string, string> = {
  'signin.startP99': '<= 2 ms',
  'signin.verifyP99': '<= 2 ms',
  'modem.efficiency': '>= 0.97',
  'registry.lookupP99': '<= 0.1 ms',
  'registry.searchP99': '<= 20 ms',
  'registry.import10kMs': '<= 1000',
  'registry.import100kMs': '<= 10000',
  // The floor beside them: the same rows by one prepared INSERT in one transaction.
  'registry.import10kFloorMs': 'floor',
  'registry.import100kFloorMs': 'floor',
  'ui.bundleGzipKB': '<= 250',
  'ui.firstScreenMs': '<= 500',
  'memory.mainRssMB': '<= 150',
  // A quarter of a second still feels instant at a kiosk; the scrypt runs on libuv's pool, so
  // the main thread (IPC, timers, the modem) stalls for no more than pinMainStallMs meanwhile.
  'factors.pinCheckP99': '<= 250 ms',
  'factors.pinMainStallMs': '<= 5 ms',
};

async function main() {
  const only = process.argv.slice(2);
  const steps: Array<[string, () => Promise<Record<string, number>> | Record<string, number>]> = [
    ['signin', () => benchSignIn()],
    ['registry', () => benchRegistry()],
    ['import', () => benchImport()],
    ['modem', () => benchModem()],
    ['peer', () => benchPeer()],
    ['ui', () => benchUi()],
    ['memory', () => benchMemory()],
    ['factors', () => benchFactors()],
  ];
  const result: Record<string, number | string> = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores, Node ${process.versions.node}`,
  };
  for (const [name, run] of steps) {
    if (only.length && !only.includes(name)) continue;
    const t0 = Date.now();
    const figures = await run();
    for (const [key, value] of Object.entries(figures)) {
      result[key] = value;
      console.log(
        `${key.padEnd(24)} ${String(value).padStart(10)}  ${GOALS[key] ? `goal ${GOALS[key]}` : ''}`,
      );
    }
    console.log(`  (${name}: ${round((Date.now() - t0) / 1000, 1)} s)`);
  }
  if (
    typeof result['modem.efficiency'] === 'number' &&
    typeof result['peer.efficiency'] === 'number'
  ) {
    result['peer.ratio'] = round(result['modem.efficiency'] / result['peer.efficiency'], 3);
    console.log(`${'peer.ratio'.padEnd(24)} ${String(result['peer.ratio']).padStart(10)}`);
  }
  // The table for docs/BENCHMARKS.md, then the JSON line (always last).
  console.log('\n| figure | value | goal |\n|---|---|---|');
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'number') console.log(`| \`${key}\` | ${value} | ${GOALS[key] ?? ''} |`);
  }
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
