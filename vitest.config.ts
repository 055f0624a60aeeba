import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // browser journeys poll the page; a loaded CI machine needs more than the 1 s default
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'api', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      // one browser journey at a time: Chromium and a server per file are heavy on two cores
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
