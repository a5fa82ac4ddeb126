/**
 * What the sets of one evaluation run share: the stories and the baselines over each corpus,
 * each built once however many sets use it, and the way every set asks an engine.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { Story, type LoadOptions } from '../../src/story.ts';
import type { Article } from '../../src/types.ts';
import { bareMiniSearch, fuzzyMiniSearch, stemmedMiniSearch, type Engine, type Peer } from '../peers.ts';
import { storybotEngine } from '../storybot.ts';
import { readExpectedPages, type DataPaths } from './data.ts';
import { goldRank, retrieval, type Hit, type Retrieval } from './score.ts';

/** The baselines every set prints beside storybot. */
export type BaselineName = 'bare' | 'fuzzy' | 'stemmed';

/** Short names of the baselines, for the tables and the note under them. */
export const BASELINE_LABELS: Record<BaselineName, string> = {
  bare: 'bare MiniSearch',
  fuzzy: 'MiniSearch fuzzy',
  stemmed: 'MiniSearch +stem+stop',
};

/** A corpus opened once: the story, how long it took, and baselines built on first use. */
export interface Corpus {
  dir: string;
  story: Story;
  articles: readonly Article[];
  /** Milliseconds `Story.load` took (snapshots read, or built and saved). */
  openMs: number;
  /** Whether the index came from a snapshot. */
  fromSnapshot: boolean;
  /** A baseline over the same paragraphs, built once. */
  baseline(name: BaselineName): Promise<Engine>;
}

/** Options of a run that reach the stories. */
export interface ContextOptions {
  /** The seed corpus (default `corpus/`). */
  corpusDir: string;
  paths: DataPaths;
  /** Passed to `Story.load` (cache folder, ranking knobs for ablations). */
  load?: LoadOptions;
}

const PEERS: Record<BaselineName, () => Peer> = { bare: bareMiniSearch, fuzzy: fuzzyMiniSearch, stemmed: stemmedMiniSearch };

function openCorpus(dir: string, load: LoadOptions): Corpus {
  const started = performance.now();
  const story = Story.load(dir, load);
  const openMs = performance.now() - started;
  const built = new Map<BaselineName, Promise<Engine>>();
  return {
    dir, story, openMs, articles: story.articles, fromSnapshot: story.fromSnapshot,
    baseline(name) {
      let engine = built.get(name);
      if (!engine) {
        const peer = PEERS[name]();
        engine = Promise.resolve(peer.build(story.articles)).then(() => peer);
        built.set(name, engine);
      }
      return engine;
    },
  };
}

/** The corpora of one run, each opened on first use. */
export class EvalContext {
  readonly paths: DataPaths;
  readonly #options: ContextOptions;
  readonly #corpora = new Map<string, Corpus>();

  constructor(options: ContextOptions) {
    this.paths = options.paths;
    this.#options = options;
  }

  #open(key: string, dir: () => string): Corpus {
    let corpus = this.#corpora.get(key);
    if (!corpus) {
      corpus = openCorpus(dir(), this.#options.load ?? {});
      this.#corpora.set(key, corpus);
    }
    return corpus;
  }

  /** The seed corpus (`corpus/`). */
  seed(): Corpus {
    return this.#open('seed', () => this.#options.corpusDir);
  }

  /** The seed's first article: the one the seed's question sets are about. */
  seedArticle(): Article {
    const article = this.seed().articles[0];
    if (!article) throw new Error(`eval: ${this.#options.corpusDir} holds no article`);
    return article;
  }

  /** The seed corpus with the ten news pages' clean paragraphs beside it. */
  seedAndPages(): Corpus {
    return this.#open('pages', () => writePagesCorpus(this.#options.corpusDir, this.paths.pagesDir));
  }

  /** SQuAD's articles in one index. */
  squad(): Corpus {
    return this.#open('squad', () => resolve(this.paths.squadDir, 'corpus'));
  }
}

/**
 * Writes the seed's files and one article per news page (its title and clean paragraphs, as a
 * moderator's clean copy would give them) to a folder of the system's temporary directory, named
 * for the two sources: the snapshots of one run serve the next, and runs on other data keep apart.
 */
export function writePagesCorpus(seedDir: string, pagesDir: string): string {
  const name = createHash('sha256').update(`${resolve(seedDir)}\n${resolve(pagesDir)}`).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'storybot-eval', `seed-and-pages-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(seedDir)) if (name.endsWith('.md')) writeFileSync(join(dir, name), readFileSync(join(seedDir, name)));
  for (const [name, page] of readExpectedPages(pagesDir)) {
    const front = toYaml({ id: name, title: page.title, ...(page.siteName ? { publisher: page.siteName } : {}) });
    writeFileSync(join(dir, `${name}.md`), `---\n${front}---\n\n${page.paragraphs.join('\n\n')}\n`);
  }
  return dir;
}

/** A question with the test its hits are judged by. */
export interface JudgedQuestion {
  q: string;
  isGold: (hit: Hit) => boolean;
}

/** Quotes (or passages) asked for per question: hit@3 and MRR are read from the first five. */
export const RESULT_LIMIT = 5;

/** Asks every question; a refused question counts as a miss and as refused. */
export async function scoreQuestions(engine: Engine, questions: readonly JudgedQuestion[], limit = RESULT_LIMIT): Promise<Scored> {
  const ranks: number[] = [];
  const refused: string[] = [];
  for (const { q, isGold } of questions) {
    const outcome = await engine.search(q, limit);
    if (!outcome.answered) refused.push(q);
    ranks.push(goldRank(outcome.hits, isGold));
  }
  return { figures: retrieval(ranks, refused.length), ranks, refused };
}

/** An engine's figures on a set, each question's gold rank (0: none) and the questions it refused. */
export interface Scored {
  figures: Retrieval;
  ranks: number[];
  refused: string[];
}

/** The questions whose first hit was not gold, with the rank of the first gold one. */
export function missesAt1(questions: readonly { q: string }[], ranks: readonly number[]): string[] {
  return questions.flatMap(({ q }, index) => (ranks[index] === 1 ? [] : [`${q} (${ranks[index] ? `rank ${ranks[index]}` : 'not quoted'})`]));
}

/** Off-topic questions refused, of `total`, and the ones answered. */
export interface OffTopic {
  refused: number;
  total: number;
  answered: string[];
}

/** How many of the off-topic questions the engine refused, and the ones it answered. */
export async function scoreOffTopic(engine: Engine, questions: readonly string[]): Promise<OffTopic> {
  const answered: string[] = [];
  for (const q of questions) if ((await engine.search(q, RESULT_LIMIT)).answered) answered.push(q);
  return { refused: questions.length - answered.length, total: questions.length, answered };
}

/** One engine on a set: its answers to the answerable questions and to the off-topic ones. */
export interface Side {
  scored: Scored;
  offTopic: OffTopic;
}

/** storybot and each named baseline, over one corpus, on the same questions. */
export interface Sides {
  storybot: Side;
  baselines: Partial<Record<BaselineName, Side>>;
}

/** Scores storybot and the baselines over `corpus` on the answerable and off-topic questions. */
export async function scoreSides(corpus: Corpus, questions: readonly JudgedQuestion[], offTopic: readonly string[], baselines: readonly BaselineName[]): Promise<Sides> {
  const side = async (engine: Engine): Promise<Side> => ({ scored: await scoreQuestions(engine, questions), offTopic: await scoreOffTopic(engine, offTopic) });
  const sides: Sides = { storybot: await side(storybot(corpus)), baselines: {} };
  for (const name of baselines) sides.baselines[name] = await side(await corpus.baseline(name));
  return sides;
}

/** storybot over a corpus, as the sets ask it. */
export const storybot = (corpus: Corpus) => storybotEngine(corpus.story);
