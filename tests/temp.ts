/**
 * Temporary folders for tests, removed when the test file's tests are done, so a run leaves
 * nothing behind in the system's temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered once per test file: vitest evaluates this module afresh for each file.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the system's temp folder, named `storybot-<purpose>-…`. */
export function tempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `storybot-${purpose}-`));
  made.push(dir);
  return dir;
}
