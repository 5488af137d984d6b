// Runs the known-bug reproductions (known-bugs.repro.ts), which the main suite leaves out.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/integration/reliability/*.repro.ts'],
    testTimeout: 20_000,
  },
});
