/**
 * Training data for the learned ranker: every question of the shared sets with gold passages,
 * asked of the engine's hand-weighted ranking, each re-ranked candidate turned into a feature row
 * and labelled by whether it answers. Questions are grouped by the article that answers them, so
 * cross-validation can hold whole articles out.
 *
 * Corpora, as the evaluation searches them:
 * - the seed article alone: `dev-eval.json` (gold phrases) and `dev-casual.json` (gold paragraphs);
 * - the eight SQuAD articles in one index: their answerable questions (gold paragraph);
 * - the ten news pages' clean paragraphs beside the seed: `pages/questions.json` (gold phrases,
 *   or a run of six words shared with one), and the seed's dev questions again among them.
 */
import { corpusWords } from '../src/answer/answer.ts';
import { PassageIndex } from '../src/search/passage-index.ts';
import type { RankedPassage } from '../src/search/rerank.ts';
import type { SearchTunables } from '../src/search/tunables.ts';
import { loadLexicon } from '../src/search/lexicon/lexicon.ts';
import { analyseQuestion } from '../src/search/query.ts';
import { rankFeatures } from '../src/search/ranker/features.ts';
import { DEFAULT_CACHE_DIR, snapshotKey } from '../src/cache/snapshot.ts';
import type { Article, Passage } from '../src/types.ts';
import type { EvalContext } from './quality/context.ts';
import { readDevCasual, readDevEval, readPagesQuestions, readSquadQuestions } from './quality/data.ts';
import { goldPassages, passageKey, showsGold } from './quality/score.ts';

/** A question with a test for the passages that answer it, and the article it is about. */
export interface LabelledQuestion {
  q: string;
  /** The article that answers it: questions about one article share a cross-validation fold. */
  group: string;
  answers(passage: Passage): boolean;
}

/** A corpus and the question sets asked of it. */
export interface BenchCorpus {
  name: string;
  articles: Article[];
  sets: { name: string; questions: LabelledQuestion[] }[];
}

/** One question as the ranker trains on it. */
export interface RankerQuery {
  set: string;
  group: string;
  q: string;
  /** The engine's candidates, in its order: passage ids. */
  candidates: string[];
  rows: Float64Array[];
  relevant: boolean[];
}

const byKeys = (keys: ReadonlySet<string>) => (passage: Passage) => keys.has(passagKeyOf(passage));
const passagKeyOf = (passage: Passage) => passageKey(passage.article, passage.paragraph);

/** The seed article's dev questions (gold phrases). */
export function devEvalQuestions(seed: readonly Article[], file: string): LabelledQuestion[] {
  const group = seed[0]?.id ?? 'seed';
  // As the dev set judges them: a question whose gold no passage holds is a miss, not an error.
  return readDevEval(file).answerable.map(({ q, gold }) => ({ q, group, answers: goldPassages(seed, gold) }));
}

/** Members' casual questions about the seed article (gold paragraph numbers). */
export function casualQuestions(seed: readonly Article[], file: string): LabelledQuestion[] {
  const id = seed[0]?.id ?? 'seed';
  const casual = readDevCasual(file);
  return casual.answerable.map(({ q, paragraphs }) => ({ q, group: id, answers: byKeys(new Set(paragraphs.map((paragraph) => passageKey(id, paragraph)))) }));
}

/** Members' questions about the pages (gold phrases). */
export function pageQuestions(dir: string): LabelledQuestion[] {
  const file = readPagesQuestions(dir);
  return Object.entries(file.pages).flatMap(([page, { questions }]) =>
    questions.map(({ q, gold }) => ({ q, group: page, answers: (passage: Passage) => passage.article === page && showsGold(passage.text, gold) })),
  );
}

/** SQuAD's answerable questions (gold paragraph), grouped by article. */
export function squadLabelled(dir: string): LabelledQuestion[] {
  return readSquadQuestions(dir).map(({ q, article, paragraph }) => ({ q, group: article, answers: (passage: Passage) => passage.article === article && passage.paragraph === paragraph }));
}

/**
 * Every corpus and question set the ranker learns from: the corpora as the evaluation opens them
 * (`context`), the questions from its data paths.
 */
export function benchCorpora(context: EvalContext): BenchCorpus[] {
  const { paths } = context;
  const seed = [...context.seed().articles];
  const seedSets = [
    { name: 'dev eval', questions: devEvalQuestions(seed, paths.devEval) },
    { name: 'dev casual', questions: casualQuestions(seed, paths.devCasual) },
  ];
  return [
    { name: 'seed', articles: seed, sets: seedSets },
    { name: 'squad', articles: [...context.squad().articles], sets: [{ name: 'squad', questions: squadLabelled(paths.squadDir) }] },
    {
      name: 'pages + seed',
      articles: [...context.seedAndPages().articles],
      sets: [
        { name: 'pages', questions: pageQuestions(paths.pagesDir) },
        { name: 'seed among pages', questions: seedSets.flatMap((set) => set.questions) },
      ],
    },
  ];
}

/** An index over a corpus with the hand-weighted ranking (the lexicon from the usual cache). */
export function handIndex(articles: readonly Article[], tunables: Partial<SearchTunables> = {}): PassageIndex {
  const lexicon = loadLexicon(() => corpusWords(articles), DEFAULT_CACHE_DIR, snapshotKey(articles));
  return new PassageIndex(articles, lexicon, { ...tunables, learned: false });
}

/** Asks every question of a corpus and returns its candidates as feature rows with labels. */
export function gatherQueries(corpus: BenchCorpus, onProgress?: (done: number, total: number) => void): RankerQuery[] {
  const index = handIndex(corpus.articles);
  const total = corpus.sets.reduce((sum, set) => sum + set.questions.length, 0);
  const queries: RankerQuery[] = [];
  for (const set of corpus.sets) {
    for (const { q, group, answers } of set.questions) {
      const question = analyseQuestion(q);
      const ranked: RankedPassage[] = index.search(question);
      queries.push({
        set: set.name,
        group,
        q,
        candidates: ranked.map(({ passage }) => passage.id),
        rows: rankFeatures(question, ranked, index.featureContext),
        relevant: ranked.map(({ passage }) => answers(passage)),
      });
      onProgress?.(queries.length, total);
    }
  }
  return queries;
}
