import { defineConfig } from 'vitest/config';

// unit tests need no services; integration and e2e tests share one migrated template database
// made once by the global setup, and each file clones its own copy; the heavy project (reliability
// and the benchmarks' smoke run) runs alone, after them, from `npm run test:heavy`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // property tests that write and read workbooks take seconds on a loaded 2-core machine
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Kills workers, restarts PostgreSQL and flushes its own Redis database, and runs every
        // benchmark small: it runs alone, never beside other test files (scripts/test-heavy.sh).
        test: {
          name: 'heavy',
          include: ['test/reliability/**/*.test.ts', 'test/bench/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
