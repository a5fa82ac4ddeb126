import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. Many
    // files spend their time waiting on child processes and sockets (the CLI, the bot against the
    // fake Discord), so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
