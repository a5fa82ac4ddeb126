/**
 * Scores the answering engine: on the dev questions of the seed article (hit@1, hit@3, MRR,
 * abstentions, speaker attribution) and on the SQuAD bench (all its articles in one index: is
 * the top quote from the gold paragraph?), with latency and build times, and the two lexical
 * baselines the issue names for comparison. `runEval` returns the figures; `formatEval` prints them.
 *
 *   npx tsx src/eval.ts [DEV_FILE] [--squad DIR] [--corpus DIR] [--json] [--ablate]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import MiniSearch from 'minisearch';
import { createAnswerer, type Answerer, type AnswererOptions, type SpeakerAt } from './answer/answer.ts';
import { findStatements, rankSpeakers, speakerAt as statementSpeakerAt } from './answer/speakers.ts';
import { loadCorpus } from './corpus/load.ts';
import { DEFAULT_CORPUS_DIR, REPO_ROOT } from './paths.ts';
import { stem } from './text/stem.ts';
import { STOP_WORDS } from './text/stop-words.ts';
import type { Article } from './types.ts';

/** The shared folder beside the repository. */
const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
/** Dev questions of the seed article. */
export const DEFAULT_DEV_FILE = resolve(SHARED_DIR, 'dev-eval.json');
/** SQuAD 2.0 bench: `corpus/` and `questions.jsonl`. */
export const DEFAULT_SQUAD_DIR = resolve(SHARED_DIR, 'bench', 'squad2-dev');

/** Options for `runEval`; every path has a default. */
export interface EvalOptions {
  /** Corpus the dev questions are about (default `corpus/`). */
  corpusDir?: string;
  /** Dev questions (default `../shared/dev-eval.json`). */
  devFile?: string;
  /** SQuAD bench folder (default `../shared/bench/squad2-dev`); null skips the bench. */
  squadDir?: string | null;
  /**
   * Speaker attribution to score and to put on quotes, built per corpus (default: the statements
   * `src/answer/speakers.ts` finds; pass `() => () => null` for none).
   */
  speakerAt?: (articles: readonly Article[]) => SpeakerAt;
  /** Passed to `createAnswerer` (tunables, abstaining...). */
  answerer?: Omit<AnswererOptions, 'speakerAt'>;
  /** Also score the two baselines on the bench (default true). */
  baselines?: boolean;
}

/** Figures on the dev questions. */
export interface DevReport {
  answerable: number;
  /** Share whose first quote's paragraph holds a gold phrase. */
  hit1: number;
  hit3: number;
  /** Mean reciprocal rank over the (up to five) quotes. */
  mrr: number;
  /** Share whose first quote's own text (not just its paragraph) holds a gold phrase. */
  quoteHit1: number;
  /** Answerable questions wrongly refused. */
  refused: string[];
  /** Off-topic questions correctly refused, of `abstainTotal`. */
  abstained: number;
  abstainTotal: number;
  /** Off-topic questions wrongly answered. */
  wronglyAnswered: string[];
  /** Speaker phrases attributed to the right speaker, of `speakerTotal`. */
  speakersRight: number;
  speakerTotal: number;
  /** Questions whose first quote missed, with the rank of the first hit (-1: none in the quotes). */
  misses: { question: string; rank: number }[];
  /** Milliseconds to build the answerer for this corpus. */
  buildMs: number;
  /** In-process answer latency over the dev questions, milliseconds. */
  latency: { p50: number; p99: number; mean: number; samples: number };
}

/** Figures on the SQuAD bench. */
export interface SquadReport {
  articles: number;
  passages: number;
  questions: number;
  hit1: number;
  hit3: number;
  /** Answerable questions the engine refused (abstaining wrongly). */
  refused: number;
  buildMs: number;
  /** Baselines on the same index and questions: bare MiniSearch, and with stemming and stop words. */
  baselines?: { bare: number; stemStop: number };
}

/** What `runEval` measured. */
export interface EvalReport {
  dev: DevReport;
  squad: SquadReport | null;
}

interface DevFile {
  answerable: { q: string; gold: string[] }[];
  abstain: { q: string }[];
  speakers: { phrase: string; speaker: string }[];
}

interface SquadQuestion {
  q: string;
  article: string;
  paragraph: number;
  impossible: boolean;
}

/** Folds case and curly quotes, as the dev file says gold phrases are compared. */
export function foldForGold(text: string): string {
  return text.toLowerCase().replace(/[‘’‛′]/g, "'").replace(/[“”„″]/g, '"');
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/** Scores the dev questions. */
export function evaluateDev(articles: readonly Article[], dev: DevFile, options: EvalOptions = {}): DevReport {
  const speakerAt = (options.speakerAt ?? statementSpeakers)(articles);
  const started = performance.now();
  // As the bot answers: with who said what, so "What did X say?" prefers X's own words.
  const speakers = rankSpeakers(articles.flatMap((article) => findStatements(article)));
  const answerer = createAnswerer(articles, { speakers: () => speakers, ...options.answerer, speakerAt });
  const buildMs = performance.now() - started;
  const passages = articles.flatMap((article) => article.passages);
  const passageText = new Map(passages.map((passage) => [`${passage.article}#${passage.paragraph}`, foldForGold(passage.text)]));
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let quoteHit1 = 0;
  const refused: string[] = [];
  const misses: { question: string; rank: number }[] = [];
  for (const { q, gold } of dev.answerable) {
    const answer = answerer.ask(q, { limit: 5 });
    if (!answer.answered) refused.push(q);
    const golds = gold.map(foldForGold);
    const rank = answer.quotes.findIndex((quote) => {
      const text = passageText.get(`${quote.article}#${quote.paragraph}`) ?? '';
      return golds.some((phrase) => text.includes(phrase));
    });
    if (rank === 0) hit1 += 1;
    else misses.push({ question: q, rank });
    if (rank >= 0 && rank < 3) hit3 += 1;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    const first = answer.quotes[0];
    if (first && golds.some((phrase) => foldForGold(first.text).includes(phrase))) quoteHit1 += 1;
  }
  const wronglyAnswered = dev.abstain.filter(({ q }) => answerer.ask(q).answered).map(({ q }) => q);
  let speakersRight = 0;
  for (const { phrase, speaker } of dev.speakers) {
    const folded = foldForGold(phrase);
    for (const passage of passages) {
      const at = foldForGold(passage.text).indexOf(folded);
      if (at === -1) continue;
      const said = speakerAt(passage, at, at + phrase.length);
      if (said !== null && foldForGold(said).includes(foldForGold(speaker))) speakersRight += 1;
      break;
    }
  }
  const latency = measureLatency(answerer, [...dev.answerable.map(({ q }) => q), ...dev.abstain.map(({ q }) => q)]);
  const n = Math.max(1, dev.answerable.length);
  return {
    answerable: dev.answerable.length,
    hit1: hit1 / n,
    hit3: hit3 / n,
    mrr: reciprocal / n,
    quoteHit1: quoteHit1 / n,
    refused,
    abstained: dev.abstain.length - wronglyAnswered.length,
    abstainTotal: dev.abstain.length,
    wronglyAnswered,
    speakersRight,
    speakerTotal: dev.speakers.length,
    misses,
    buildMs,
    latency,
  };
}

/** Speaker attribution from the statements `src/answer/speakers.ts` finds in the articles. */
export function statementSpeakers(articles: readonly Article[]): SpeakerAt {
  const statements = articles.flatMap((article) => findStatements(article));
  return (passage, start, end) => statementSpeakerAt(statements, passage, start, end);
}

/** Answer latency in process: a warm-up round, then every question ten times. */
export function measureLatency(answerer: Answerer, questions: readonly string[], rounds = 10): DevReport['latency'] {
  for (const question of questions) answerer.ask(question);
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const question of questions) {
      const started = performance.now();
      answerer.ask(question);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, time) => sum + time, 0) / Math.max(1, times.length);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), mean, samples: times.length };
}

/** Scores the SQuAD bench: all its articles in one index, answerable questions only. */
export function evaluateSquad(squadDir: string, options: EvalOptions = {}): SquadReport {
  const articles = loadCorpus(resolve(squadDir, 'corpus'));
  const questions = readFileSync(resolve(squadDir, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SquadQuestion)
    .filter((question) => !question.impossible);
  const started = performance.now();
  const answerer = createAnswerer(articles, { ...options.answerer, speakerAt: () => null });
  const buildMs = performance.now() - started;
  let hit1 = 0;
  let hit3 = 0;
  let refused = 0;
  for (const question of questions) {
    const answer = answerer.ask(question.q, { limit: 3 });
    if (!answer.answered) refused += 1;
    // Retrieval is scored whether or not the engine abstains, so the two figures stay apart.
    const top = answerer.rank(question.q).slice(0, 3);
    const at = top.findIndex((entry) => entry.passage.article === question.article && entry.passage.paragraph === question.paragraph);
    if (at === 0) hit1 += 1;
    if (at >= 0) hit3 += 1;
  }
  const n = Math.max(1, questions.length);
  const report: SquadReport = {
    articles: articles.length,
    passages: articles.reduce((sum, article) => sum + article.passages.length, 0),
    questions: questions.length,
    hit1: hit1 / n,
    hit3: hit3 / n,
    refused,
    buildMs,
  };
  if (options.baselines ?? true) report.baselines = { bare: baseline(articles, questions, false), stemStop: baseline(articles, questions, true) };
  return report;
}

/** Plain MiniSearch over the paragraphs, optionally with Porter stemming and stop words. */
function baseline(articles: readonly Article[], questions: readonly SquadQuestion[], stemStop: boolean): number {
  const processTerm = (term: string) => {
    const lower = term.toLowerCase();
    return STOP_WORDS.has(lower) ? null : stem(lower);
  };
  const index = new MiniSearch({ fields: ['text'], ...(stemStop ? { processTerm } : {}) });
  index.addAll(articles.flatMap((article) => article.passages));
  let hits = 0;
  for (const question of questions) if (index.search(question.q)[0]?.id === `${question.article}#${question.paragraph}`) hits += 1;
  return hits / Math.max(1, questions.length);
}

/** Runs the whole evaluation. Paths default to the repository's corpus and `../shared`. */
export function runEval(options: EvalOptions = {}): EvalReport {
  const articles = loadCorpus(options.corpusDir ?? DEFAULT_CORPUS_DIR);
  const dev = JSON.parse(readFileSync(options.devFile ?? DEFAULT_DEV_FILE, 'utf8')) as DevFile;
  const squadDir = options.squadDir === undefined ? DEFAULT_SQUAD_DIR : options.squadDir;
  return { dev: evaluateDev(articles, dev, options), squad: squadDir === null ? null : evaluateSquad(squadDir, options) };
}

const share = (value: number) => value.toFixed(3);
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));

/** The report as a compact table for a terminal. */
export function formatEval(report: EvalReport): string {
  const { dev, squad } = report;
  const rows: [string, string][] = [
    ['dev hit@1', `${share(dev.hit1)}  (target ≥ 0.90; first quote's own text: ${share(dev.quoteHit1)})`],
    ['dev hit@3', `${share(dev.hit3)}  (target 1.0)`],
    ['dev MRR', share(dev.mrr)],
    ['dev abstentions', `${dev.abstained}/${dev.abstainTotal} off-topic refused; ${dev.refused.length}/${dev.answerable} answerable refused`],
    ['dev speakers', `${dev.speakersRight}/${dev.speakerTotal}`],
    ['dev build / answer', `${ms(dev.buildMs)} ms build; answer p50 ${ms(dev.latency.p50)} ms, p99 ${ms(dev.latency.p99)} ms (${dev.latency.samples} answers)`],
  ];
  if (squad) {
    rows.push(
      ['squad hit@1', `${share(squad.hit1)}${squad.baselines ? `  (bare MiniSearch ${share(squad.baselines.bare)}, stemming + stop words ${share(squad.baselines.stemStop)})` : ''}`],
      ['squad hit@3', share(squad.hit3)],
      ['squad refused', `${squad.refused}/${squad.questions} answerable questions`],
      ['squad build', `${ms(squad.buildMs)} ms for ${squad.articles} articles, ${squad.passages} passages`],
    );
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  if (dev.misses.length > 0) lines.push('', 'dev misses at 1:', ...dev.misses.map(({ question, rank }) => `  ${question} (${rank === -1 ? 'not quoted' : `rank ${rank + 1}`})`));
  if (dev.refused.length > 0) lines.push('', 'answerable but refused:', ...dev.refused.map((question) => `  ${question}`));
  if (dev.wronglyAnswered.length > 0) lines.push('', 'off-topic but answered:', ...dev.wronglyAnswered.map((question) => `  ${question}`));
  return lines.join('\n');
}

/** Each method switched off in turn, to show what it contributes. */
export const ABLATIONS: Record<string, AnswererOptions['tunables']> = {
  'all methods': {},
  'no WordNet expansions': { expand: false },
  'no broader terms (hypernyms, definitions)': { broaderWeight: 0 },
  'no fuzzy spelling': { fuzzyWeight: 0 },
  'no sentence scoring': { sentenceWeight: 0 },
  'no proximity': { pairWeight: 0 },
  'no answer type': { answerTypeWeight: 0 },
  'no coordination reward': { coordination: 0 },
  'no title field': { titleBoost: 0 },
  'no article score (stories searched passage by passage)': { articleWeight: 0 },
  'no type instances (WordNet hypernyms of story words)': { instanceCredit: 0 },
  'type instances also as matches of the type word': { instanceWeight: 0.5 },
  'no title aliases (appositions)': { aliasWeight: 0 },
  'no "what kind of" modifiers': { describedCredit: 0 },
  'no multi-word terms as one word': { phrases: false },
};

/** Runs the evaluation once per ablation; returns label → report. */
export function runAblations(options: EvalOptions = {}): Record<string, EvalReport> {
  const reports: Record<string, EvalReport> = {};
  for (const [label, tunables] of Object.entries(ABLATIONS)) {
    reports[label] = runEval({ ...options, baselines: false, answerer: { ...options.answerer, tunables } });
  }
  return reports;
}

/** Ablation reports as one table. */
export function formatAblations(reports: Record<string, EvalReport>): string {
  const width = Math.max(...Object.keys(reports).map((label) => label.length));
  const header = `${'method'.padEnd(width)}  dev@1  dev@3  MRR    squad@1 squad@3`;
  const lines = Object.entries(reports).map(([label, { dev, squad }]) =>
    `${label.padEnd(width)}  ${share(dev.hit1)}  ${share(dev.hit3)}  ${share(dev.mrr)}  ${squad ? share(squad.hit1) : '  -  '}   ${squad ? share(squad.hit3) : '  -  '}`);
  return [header, ...lines].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { squad: { type: 'string' }, corpus: { type: 'string' }, json: { type: 'boolean' }, ablate: { type: 'boolean' } },
  });
  const options: EvalOptions = { corpusDir: values.corpus, devFile: positionals[0], squadDir: values.squad };
  if (values.ablate) {
    const reports = runAblations(options);
    console.log(values.json ? JSON.stringify(reports, null, 2) : formatAblations(reports));
  } else {
    const report = runEval(options);
    console.log(values.json ? JSON.stringify(report, null, 2) : formatEval(report));
  }
}
