/**
 * storybot as the benchmarks see it: only through the `Story` facade, so the harness keeps
 * working while the engine behind it changes.
 */
import { Story } from '../src/story.ts';
import type { Engine, Hit } from './peers.ts';

/** Static methods that open a Story from a saved snapshot, in the order they are looked for. */
const SNAPSHOT_METHODS = ['open', 'loadSnapshot'] as const;

/** The name of the snapshot-loading static method of `Story`, when the facade has one. */
export function snapshotMethod(): (typeof SNAPSHOT_METHODS)[number] | undefined {
  const statics = Story as unknown as Record<string, unknown>;
  return SNAPSHOT_METHODS.find((name) => typeof statics[name] === 'function');
}

/** How a Story is made: indexed from the corpus, or opened from a snapshot. */
export type OpenMode = 'load' | 'snapshot';

/**
 * A Story over `corpusDir`. `load` indexes the corpus (`Story.load`); `snapshot` calls the
 * snapshot method (`Story.open(corpusDir)` or `Story.loadSnapshot(corpusDir)`), which is
 * expected to build and save the snapshot when it is missing or stale. Either may be async.
 * `cacheDir` is where snapshots go (default: the repository's `.cache/`): a fresh folder makes
 * `load` a cold build, however often the benchmark ran before.
 */
export async function openStory(corpusDir: string, mode: OpenMode = 'load', cacheDir?: string): Promise<Story> {
  const options = cacheDir === undefined ? {} : { cacheDir };
  if (mode === 'load') return await Story.load(corpusDir, options);
  const method = snapshotMethod();
  if (!method) throw new Error('Story has no snapshot method (Story.open or Story.loadSnapshot)');
  const open = (Story as unknown as Record<string, (dir: string, options: { cacheDir?: string }) => Story | Promise<Story>>)[method];
  if (!open) throw new Error(`Story.${method} disappeared`);
  return await open.call(Story, corpusDir, options);
}

/**
 * A Story as an engine of the side-by-side tables: the quotes' passages, in answer order.
 * With `article`, every question is asked within that article (`/ask article:`).
 */
export function storybotEngine(story: Story, article?: string): Engine {
  return {
    name: 'storybot',
    abstains: true,
    search(question, limit) {
      let answer;
      try {
        answer = story.ask(question, { limit, article });
      } catch (error) {
        // A question the facade refuses as it is (empty, too long) counts as not answered.
        if (error instanceof Error && error.name === 'QuestionError') return { answered: false, hits: [] };
        throw error;
      }
      const toOutcome = (settled: Awaited<typeof answer>) => ({
        answered: settled.answered,
        hits: settled.quotes.map((quote): Hit => ({ article: quote.article, paragraph: quote.paragraph })),
      });
      return answer instanceof Promise ? answer.then(toOutcome) : toOutcome(answer);
    },
  };
}
