import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotReload, type HotReload } from '../../src/corpus-watch/reload.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';
import { tempDir } from '../temp.ts';

const SEED = join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md');
const BRIDGE = `---\ntitle: Harbour bridge reopens\n---\n\nThe harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in its supports.\n\nThe city council said the final cost was 84 million euros, about 12 million more than the budget set in 2022.\n`;
const log = { info: () => undefined, warn: (..._: unknown[]) => undefined, error: () => undefined };

/** Waits until `check` holds, up to `ms`. */
async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('hot reload while questions are answered', () => {
  let corpus: string;
  let live: HotReload;
  const warnings: string[] = [];
  beforeAll(() => {
    corpus = join(tempDir('reload'), 'corpus');
    mkdirSync(corpus);
    copyFileSync(SEED, join(corpus, 'seed.md'));
    const cacheDir = tempDir('reload-cache');
    live = startHotReload(Story.load(corpus, { cacheDir }), { corpusDir: corpus, cacheDir, logger: { ...log, warn: (_: unknown, message?: unknown) => void warnings.push(String(message)) }, debounceMs: 100 });
  }, 60_000);
  afterAll(() => live.close());

  it('GIVEN an article added while members ask THEN the old story answers throughout and the new one is live after the rebuild', async () => {
    let answered = 0;
    let failed = 0;
    const asking = setInterval(() => {
      try {
        if (live.current.ask('What did Stoltenberg say about Putin?').quotes.length > 0) answered += 1;
      } catch {
        failed += 1;
      }
    }, 10);
    const before = answered;
    writeFileSync(join(corpus, 'bridge.md'), BRIDGE);
    await until(() => live.current.articles.length === 2, 30_000);
    clearInterval(asking);
    // Questions were answered while the worker built the new index: the event loop was free.
    expect(answered - before).toBeGreaterThan(3);
    expect(failed).toBe(0);
    expect(live.current.ask('How much did the bridge cost?').quotes[0]?.text).toContain('84 million euros');
  }, 60_000);

  it('GIVEN an article removed THEN it is no longer answered from', async () => {
    rmSync(join(corpus, 'bridge.md'));
    await until(() => live.current.articles.length === 1, 30_000);
    expect(live.current.articles.map((article) => article.id)).toEqual(['putin-wont-win-in-ukraine-nato']);
  }, 60_000);

  it('GIVEN a bad file added THEN it is skipped and named, and the rest is still answered', async () => {
    writeFileSync(join(corpus, 'broken.md'), 'no front matter here');
    const outcome = await live.reload();
    expect(outcome).toMatchObject({ swapped: true, articles: 1, skipped: 1 });
    expect(warnings.some((line) => line.includes('broken.md: no front matter'))).toBe(true);
  }, 60_000);

  it('GIVEN a change that leaves no article to load THEN the last good corpus keeps answering, and the log says why', async () => {
    const story = live.current;
    rmSync(join(corpus, 'seed.md'));
    const outcome = await live.reload();
    expect(outcome).toMatchObject({ swapped: false, reason: expect.stringContaining('broken.md: no front matter') });
    expect(live.current).toBe(story);
    expect(live.current.ask('What did Stoltenberg say about Putin?').quotes.length).toBeGreaterThan(0);
    expect(warnings.at(-1)).toContain('still answering from the last good corpus');
  }, 60_000);
});
