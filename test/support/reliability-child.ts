// The kiosk as a separate process for the crash test (test/integration/reliability/crash.test.ts):
// the real engine and outbox on a database file, sending through a real ModemDevice to the
// simulator over MockBinding, with a small network delay so that sends are in flight. It reports
// what happens as one JSON object per line on stdout (pipes are synchronous on Linux, so a line
// written is a line the parent gets, however abruptly this process dies).
//
//   node --import tsx test/support/reliability-child.ts '{"mode":"burst","dbPath":...}'
//
// burst:  sign-ins for `count` registered workers, paced so sends fall behind; never exits by
//         itself before they are all sent (the parent kills it).
// resume: the clock stands still at `clockAt`; opens the same database (the outbox recovers what
//         was in flight), checks its integrity, and sends until nothing is queued or sending.
import { MockBinding } from '@serialport/binding-mock';
import { openCoreServices, withEngine } from '../../src/main/services';
import { integrityProblems } from '../../src/main/db/connection';
import { ModemDevice } from '../../src/main/modem/device';
import { ModemSimulator, SimulatorBinding } from '../../src/main/modem/simulator';
import { createModemOutbox } from '../../src/main/outbox/modem-wiring';
import { systemScheduler, type Scheduler } from '../../src/main/time';

export interface ChildConfig {
  mode: 'burst' | 'resume';
  dbPath: string;
  kioskId: string;
  /** burst: the numbers to sign in with, in order. */
  phones?: string[];
  /** resume: the epoch ms the clock stands at. */
  clockAt?: number;
  networkDelayMs: number;
  /** resume: give up after this much real time. */
  deadlineMs?: number;
}

export type ChildReport =
  | { type: 'ready'; now: number }
  | { type: 'started'; i: number; challengeId: string; phone: string; expiresAt: number }
  | { type: 'refused'; i: number; code: string }
  | { type: 'sms'; to: string; text: string }
  | { type: 'integrity'; problems: string[] }
  | { type: 'log'; line: string }
  | { type: 'done'; now: number; statuses: Record<string, number> }
  | { type: 'error'; message: string };

function report(r: ChildReport): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

async function main(config: ChildConfig): Promise<void> {
  const scheduler: Scheduler =
    config.mode === 'resume' && config.clockAt !== undefined
      ? { ...systemScheduler, now: () => config.clockAt! }
      : systemScheduler;
  const core = openCoreServices(config.dbPath, { scheduler });
  if (config.mode === 'resume') report({ type: 'integrity', problems: integrityProblems(core.db) });

  const simulator = new ModemSimulator(
    { latencyMs: 0, networkDelayMs: config.networkDelayMs },
    { scheduler },
  );
  simulator.on('message', (m) => report({ type: 'sms', to: m.to, text: m.text }));
  const binding = new SimulatorBinding();
  const path = 'SIMCRASH';
  binding.plug(path, simulator);
  const device = new ModemDevice({ binding, path, scheduler, healthIntervalMs: 0 });
  await device.open();
  const wired = createModemOutbox({
    db: core.db,
    secret: core.secret,
    device,
    scheduler,
    log: (line) => report({ type: 'log', line }),
  });
  const services = withEngine(core, { outbound: wired.outbox, scheduler, minResponseMs: 0 });
  report({ type: 'ready', now: scheduler.now() });

  if (config.mode === 'burst') {
    for (const [i, phone] of (config.phones ?? []).entries()) {
      const result = await services.engine.start({ phone, kioskId: config.kioskId });
      if (result.ok) {
        report({
          type: 'started',
          i,
          challengeId: result.value.challengeId,
          phone,
          expiresAt: result.value.expiresAt,
        });
      } else report({ type: 'refused', i, code: result.error.code });
      // Workers arrive faster than the modem sends, but not all in the same instant.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  const unsettled = core.db.prepare(
    "SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')",
  );
  const deadline = Date.now() + (config.deadlineMs ?? 40_000);
  while ((unsettled.get() as { n: number }).n > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not settle before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const statuses = Object.fromEntries(
    (
      core.db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as Array<{
        status: string;
        n: number;
      }>
    ).map((r) => [r.status, r.n]),
  );
  await wired.close();
  await device.close();
  services.close();
  MockBinding.reset();
  report({ type: 'done', now: scheduler.now(), statuses });
}

main(JSON.parse(process.argv[2] ?? '{}') as ChildConfig).then(
  () => process.exit(0),
  (error: unknown) => {
    report({ type: 'error', message: (error as Error)?.stack ?? String(error) });
    process.exit(1);
  },
);
