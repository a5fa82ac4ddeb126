/**
 * The child process of the start-up benchmark: opens the corpus the way a bot would, answers one
 * question, prints one JSON line and exits. Run by `bench/startup.ts`, not by hand:
 *
 *   node --import tsx bench/startup-child.ts --engine storybot --corpus corpus --question "..."
 */
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { loadCorpus } from '../src/corpus/load.ts';
import type { OpenMode } from './storybot.ts';

/** What the child reports. */
export interface StartupReport {
  engine: string;
  mode: OpenMode;
  /** Milliseconds spent making the engine (loading the corpus and indexing, or the snapshot). */
  openMs: number;
  /** Milliseconds the first answer took. */
  firstAnswerMs: number;
  /** Milliseconds from the process's time origin (its start) to the answer. */
  sinceStartMs: number;
  /** Whether the one question was answered. */
  answered: boolean;
  /** The process's own peak RSS in kilobytes (`process.resourceUsage().maxRSS`). */
  maxRssKb: number;
}

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'storybot' },
    corpus: { type: 'string' },
    mode: { type: 'string', default: 'load' },
    question: { type: 'string', default: 'What did NATO say about Putin?' },
  },
});
const corpus = values.corpus ?? 'corpus';
const mode: OpenMode = values.mode === 'snapshot' ? 'snapshot' : 'load';

const opening = performance.now();
let ask: (question: string) => Promise<boolean>;
if (values.engine === 'minisearch') {
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: [] });
  index.addAll(loadCorpus(corpus).flatMap((article) => article.passages.map(({ id, text }) => ({ id, text }))));
  ask = async (question) => index.search(question).length > 0;
} else {
  // Imported here, not at the top: the bare MiniSearch child must not pay for storybot's modules.
  const { openStory } = await import('./storybot.ts');
  const story = openStory(corpus);
  // `await` keeps this working if `ask` becomes async.
  ask = async (question) => (await story.ask(question, { limit: 5 })).answered;
}
const opened = performance.now();
const answered = await ask(values.question);
const done = performance.now();
const report: StartupReport = {
  engine: values.engine,
  mode,
  openMs: opened - opening,
  firstAnswerMs: done - opened,
  sinceStartMs: done,
  answered,
  maxRssKb: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
