/**
 * storybot as the benchmarks see it: only through the `Story` facade, so the harness keeps
 * working while the engine behind it changes.
 */
import { QuestionError, Story, type Answer } from '../src/story.ts';
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

/** Options for `storybotEngine`. */
export interface EngineOptions {
  /** Ask every question within this article (`/ask article:`). */
  article?: string;
  /**
   * Hits are the ranked passages whether or not the story answers (retrieval, scored apart from
   * abstaining, as SQuAD is), instead of the quotes a member would see.
   */
  retrieval?: boolean;
}

/** A Story as an engine of the harness: the quotes a member would see, in answer order. */
export function storybotEngine(story: Story, options: EngineOptions = {}): Engine {
  const { article, retrieval = false } = options;
  return {
    name: 'storybot',
    abstains: true,
    search(question, limit) {
      let answer: Answer;
      try {
        answer = story.ask(question, { limit, article });
      } catch (error) {
        // A question the facade refuses as it is (empty, too long) counts as not answered.
        if (error instanceof QuestionError) return { answered: false, hits: [] };
        throw error;
      }
      const hits: Hit[] = retrieval
        ? story.rank(question, { article }).slice(0, limit).map(({ passage }) => ({ article: passage.article, paragraph: passage.paragraph, text: passage.text }))
        : answer.quotes.map((quote) => ({ article: quote.article, paragraph: quote.paragraph, text: quote.text }));
      return { answered: answer.answered, hits };
    },
  };
}

/** A conversation as the harness holds one: each turn is asked in the light of the ones before. */
export interface Conversation {
  ask(question: string): Answer;
}

/**
 * A conversation with the story. Until `Story` holds conversations, each turn is asked on its
 * own: the dialogue figures then show what a stateless engine gets right.
 */
export function startConversation(story: Story): Conversation {
  return { ask: (question) => story.ask(question) };
}
