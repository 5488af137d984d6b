// Soak: `tsx scripts/soak.ts --signins 10000 [--seed 1] [--fault-rate 0.03] [--workers 300]`.
// Runs that many sign-ins with seeded random modem faults through the real engine, outbox,
// ModemDevice and simulator (simulated time), checks every sign-in, and samples memory and
// handles. Exits 1 if a sign-in broke the invariant, memory or handles grew beyond the bounds
// after warm-up, or a promise rejection went unhandled. The last line is a JSON summary.
import { parseArgs } from 'node:util';
import { runSoak } from '../test/support/reliability-soak';

const { values } = parseArgs({
  options: {
    signins: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'fault-rate': { type: 'string', default: '0.03' },
    workers: { type: 'string', default: '300' },
    quiet: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const summary = await runSoak({
    signins: Number(values.signins),
    seed: Number(values.seed),
    faultRate: Number(values['fault-rate']),
    workers: Number(values.workers),
    progress: values.quiet ? undefined : (line) => console.error(line),
  });
  const { samples, firstViolations, ...brief } = summary;
  if (!values.quiet) {
    for (const v of firstViolations) console.error(`violation: ${v}`);
    for (const f of summary.failures) console.error(`FAIL: ${f}`);
    console.error(`samples: ${JSON.stringify(samples)}`);
  }
  console.log(JSON.stringify({ ...brief, node: process.version, date: new Date().toISOString() }));
  process.exitCode = summary.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
