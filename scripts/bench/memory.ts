// memory.mainRssMB: resident memory of the main-process services after loading 100,000 workers,
// measured in a child process so the benchmark's own memory does not count.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { openCoreServices } from '../../src/main/services';
import { round, seedUsers, tempDbPath } from './stats';

export function benchMemory(users = 100_000) {
  const dbPath = tempDbPath();
  const core = openCoreServices(dbPath);
  seedUsers(core.db, users);
  core.close();
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', resolve(__dirname, 'memory-child.ts'), dbPath],
    { encoding: 'utf8' },
  );
  const { rssMB } = JSON.parse(out.trim().split('\n').at(-1)!) as { rssMB: number };
  return { 'memory.mainRssMB': round(rssMB, 1) };
}
