import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The crash and pty tests spawn processes; two workers match the build machines' two cores.
    maxWorkers: 2,
  },
});
