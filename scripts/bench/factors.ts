// factors.*: PIN checks at the production scrypt cost (N=2^15, r=8, p=1).
// - pinCheckP50/P99: one whole check (scrypt on libuv's pool, then the quick synchronous count).
// - pinMainStallMs (issue 11.10): the main thread's longest stall during a PIN check done the way
//   the kiosk does it (PinStore.prepare on the pool, then check with its answer): the largest gap
//   between ticks of a 1 ms timer beyond the 1 ms itself; the median over 20 checks.
//   pinMainStall8Ms: the same with 8 checks at once (median of 5 rounds).
import { performance } from 'node:perf_hooks';
import { openCoreServices, pinStoreOf } from '../../src/main/services';
import { PinStore, PRODUCTION_PIN_COST } from '../../src/main/auth/pin';
import { percentile, round, seedUsers, tempDbPath } from './stats';

async function checkPin(pins: PinStore, pin: string) {
  const prepared = await pins.prepare(1, pin);
  return pins.check(1, pin, Date.now(), prepared);
}

/** The longest the event loop was held during `work`, in ms. */
export async function mainStallMs(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  await work();
  clearInterval(timer);
  worst = Math.max(worst, performance.now() - last - 1);
  return Math.max(0, worst);
}

export async function benchFactors(samples = 40) {
  const core = openCoreServices(tempDbPath());
  seedUsers(core.db, 1);
  const pins = pinStoreOf(core, { cost: PRODUCTION_PIN_COST });
  pins.set(1, '2580', 'bench');
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const result = await checkPin(pins, '2580');
    ms.push(performance.now() - t0);
    if (!result.ok) throw new Error('the PIN check failed');
  }
  const stalls: number[] = [];
  for (let i = 0; i < 20; i++) stalls.push(await mainStallMs(() => checkPin(pins, '2580')));
  const concurrent: number[] = [];
  for (let i = 0; i < 5; i++) {
    concurrent.push(
      await mainStallMs(() => Promise.all(Array.from({ length: 8 }, () => checkPin(pins, '2580')))),
    );
  }
  core.db.close();
  return {
    'factors.pinCheckP50': percentile(ms, 50),
    'factors.pinCheckP99': percentile(ms, 99),
    'factors.pinMainStallMs': round(percentile(stalls, 50), 2),
    'factors.pinMainStall8Ms': round(percentile(concurrent, 50), 2),
  };
}
