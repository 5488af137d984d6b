import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { nodeVersionProblem } from '../../../scripts/check-node.mjs';

describe('the Node 24 check at the start of npm test', () => {
  it('accepts any Node 24 release', () => {
    expect(nodeVersionProblem('v24.0.0', '/x/node')).toBeNull();
    expect(nodeVersionProblem('v24.22.3', '/x/node')).toBeNull();
  });

  it('refuses Node 20 and 22 with what to do, naming the Node it found', () => {
    for (const version of ['v20.20.2', 'v22.12.0', 'v25.1.0']) {
      const problem = nodeVersionProblem(version, '/usr/bin/node') as string;
      expect(problem).toContain(`Node ${version} at /usr/bin/node`);
      expect(problem).toContain('npm run setup');
    }
  });

  it('is what the tests themselves run on', () => {
    const run = spawnSync(process.execPath, ['scripts/check-node.mjs'], { encoding: 'utf8' });
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(run.status).toBe(0);
  });
});
