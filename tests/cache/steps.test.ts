/**
 * Loading in steps: a story opened in slices (`Story.open`, what hot reload uses) is the story
 * `Story.load` gives, and the event loop runs between the slices, so the old story keeps
 * answering while the new one opens.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { writeSyntheticCorpus } from '../../bench/synthetic.ts';
import { finish, finishInSlices, type Steps } from '../../src/cache/steps.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';

/** Building a story without snapshots reads WordNet: seconds on a busy machine. */
const BUILD_MS = 120_000;
const QUESTIONS = [
  'What did Stoltenberg say about Putin?',
  'How many reservists did Putin call up?',
  'What did Putin say about nuclear weapons?',
  'Qwzxv plorbizzle frumious snarkwidget?',
];

function* counting(to: number, log: string[]): Steps<number> {
  for (let step = 1; step <= to; step += 1) {
    log.push(`step ${step}`);
    yield;
  }
  return to;
}

describe('steps', () => {
  it('GIVEN steps run at once THEN they all run and their result comes back', () => {
    const log: string[] = [];
    expect(finish(counting(3, log))).toBe(3);
    expect(log).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it('GIVEN steps run in slices THEN other work runs between them, and the result is the same', async () => {
    const log: string[] = [];
    const slices: number[] = [];
    const running = finishInSlices(counting(3, log), { sliceMs: 0, onSlice: (ms) => slices.push(ms) });
    // Queued before the first pause: it runs between the steps, not after all of them.
    void nextTurn().then(() => log.push('other work'));
    expect(await running).toBe(3);
    expect(log.indexOf('other work')).toBeGreaterThan(0);
    expect(log.indexOf('other work')).toBeLessThan(log.length - 1);
    expect(slices.length).toBeGreaterThan(1);
  });

  it('GIVEN a step that throws THEN the slices stop and the error reaches the caller', async () => {
    function* failing(): Steps<number> {
      yield;
      throw new Error('broken snapshot');
    }
    await expect(finishInSlices(failing(), { sliceMs: 0 })).rejects.toThrow('broken snapshot');
  });
});

describe('a story opened in slices', () => {
  let corpus: string;
  let cacheDir: string;
  /** Loaded at once, building and saving every snapshot. */
  let loaded: Story;
  beforeAll(() => {
    corpus = join(tempDir('steps'), 'corpus');
    mkdirSync(corpus);
    copyFileSync(join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md'), join(corpus, 'seed.md'));
    writeSyntheticCorpus({ articles: 12, out: corpus });
    cacheDir = tempDir('steps-cache');
    loaded = Story.load(corpus, { cacheDir });
  }, BUILD_MS);

  /** What a member can see of a story: answers, quotes, speakers, suggestions, sources. */
  const seen = (story: Story) => ({
    answers: QUESTIONS.map((question) => story.ask(question)),
    quotes: story.quotes(),
    speakers: story.speakers(),
    suggestions: story.suggest('Put'),
    sources: story.sources(),
    fromSnapshot: story.fromSnapshot,
  });

  it('GIVEN the snapshots saved THEN the story opened in slices answers exactly as the one loaded at once', async () => {
    const opened = await Story.open(corpus, { cacheDir, sliceMs: 0 });
    const again = Story.load(corpus, { cacheDir });
    expect(opened.fromSnapshot).toBe(true);
    expect(seen(opened)).toEqual(seen(again));
    // And as the story that built the snapshots (answers only: that one says it built its index).
    expect(seen(opened).answers).toEqual(seen(loaded).answers);
  }, BUILD_MS);

  it('GIVEN the old story asked while the new one opens THEN it keeps answering between the slices', async () => {
    let answered = 0;
    let opening = true;
    const ask = async () => {
      while (opening) {
        if (loaded.ask(QUESTIONS[0] ?? '').quotes.length > 0) answered += 1;
        await nextTurn();
      }
    };
    const asking = ask();
    const opened = await Story.open(corpus, { cacheDir, sliceMs: 0 });
    opening = false;
    await asking;
    expect(answered).toBeGreaterThan(1);
    expect(opened.articles).toHaveLength(13);
  }, BUILD_MS);

  it('GIVEN a corpus folder with no article THEN opening fails as loading does', async () => {
    const empty = tempDir('steps-empty');
    expect(() => Story.load(empty, { cacheDir })).toThrow(/no articles/);
    await expect(Story.open(empty, { cacheDir })).rejects.toThrow(/no articles/);
  });
});
