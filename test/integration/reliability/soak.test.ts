// The short soak: 500 sign-ins with seeded random faults through the whole send path (the long
// one is `tsx scripts/soak.ts --signins 10000`). Every code arrives and signs in or the worker is
// told; memory, handles and pending timers do not grow after warm-up; no unhandled rejection.
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../support/reliability-soak';

describe('soak', () => {
  it('500 sign-ins with random faults: invariant holds, nothing grows', async () => {
    const summary = await runSoak({
      signins: 500,
      seed: 7,
      faultRate: 0.05,
      samples: 10,
      // The test runner's own timers may come and go between samples.
      bounds: { handles: 1 },
    });
    const { samples: _samples, ...brief } = summary;
    expect(summary.firstViolations).toEqual([]);
    expect(summary.failures, JSON.stringify(brief)).toEqual([]);
    expect(summary.delivered + summary.told + summary.refused + summary.hidden).toBe(500);
    // The faults really happened; most workers still got their code.
    expect(Object.keys(summary.faults).length).toBeGreaterThanOrEqual(5);
    expect(summary.delivered).toBeGreaterThan(250);
    console.info(`soak: ${JSON.stringify(brief)}`);
  }, 60_000); // about 2 s on an idle two-core machine
});
