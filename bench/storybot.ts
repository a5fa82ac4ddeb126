/**
 * storybot as the benchmarks see it: only through the `Story` facade, so the harness keeps
 * working while the engine behind it changes.
 */
import { QuestionError, Story, type Answer, type ConversationTurn } from '../src/story.ts';
import type { Engine, Hit } from './peers.ts';

/**
 * How a Story was opened, as the tables label it: `load` builds into an empty cache folder (a
 * cold start), `snapshot` opens the snapshots an earlier run saved. Both are `Story.load`; the
 * cache folder the caller passes makes the difference.
 */
export type OpenMode = 'load' | 'snapshot';

/**
 * A Story over `corpusDir`, with its snapshots in `cacheDir` (default: the repository's
 * `.cache/`): a fresh folder makes a cold build, however often the benchmark ran before.
 */
export function openStory(corpusDir: string, cacheDir?: string): Story {
  return Story.load(corpusDir, cacheDir === undefined ? {} : { cacheDir });
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
 * A conversation with the story: each turn is asked with the turns before it, as the bot's
 * memory of a member's conversation would hold them.
 */
export function startConversation(story: Story): Conversation {
  const turns: ConversationTurn[] = [];
  return {
    ask(question) {
      const answer = story.ask(question, { conversation: turns });
      turns.push({ understood: answer.understood, answer });
      return answer;
    },
  };
}
