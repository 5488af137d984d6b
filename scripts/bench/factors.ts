// factors.*: one PIN check at the production scrypt cost (N=2^15, r=8, p=1). The check runs
// synchronously inside the sign-in transaction, so this is also how long the main process is busy.
import { performance } from 'node:perf_hooks';
import { openCoreServices } from '../../src/main/services';
import { PinStore, PRODUCTION_PIN_COST } from '../../src/main/auth/pin';
import { cryptoRandom } from '../../src/main/auth/random';
import { deriveKey } from '../../src/main/secret';
import { systemScheduler } from '../../src/main/time';
import { percentile, seedUsers, tempDbPath } from './stats';

export function benchFactors(samples = 40) {
  const core = openCoreServices(tempDbPath());
  seedUsers(core.db, 1);
  const pins = new PinStore({
    db: core.db,
    config: core.config,
    users: core.registry.users,
    audit: core.audit,
    clock: systemScheduler,
    random: cryptoRandom,
    key: deriveKey(core.secret, 'pin'),
    cost: PRODUCTION_PIN_COST,
  });
  pins.set(1, '2580', 'bench');
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const result = pins.check(1, '2580', Date.now());
    ms.push(performance.now() - t0);
    if (!result.ok) throw new Error('the PIN check failed');
  }
  core.db.close();
  return { 'factors.pinCheckP50': percentile(ms, 50), 'factors.pinCheckP99': percentile(ms, 99) };
}
