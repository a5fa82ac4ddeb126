/**
 * `npx tsx bench/abstain-cv.ts`: the key-word threshold of abstaining (`KEY_RARITY` in
 * src/search/key-word.ts), cross-validated by article. Every labelled question of the sets that
 * `npm run eval` prints (dev, casual, the news pages beside the seed, SQuAD 2.0's answerable and
 * unanswerable questions) is asked once; each article's questions are then judged by the
 * threshold that the other articles' questions chose (most right refusals less wrong ones, the
 * higher threshold on a tie). Prints, per set, the held-out refusals and the thresholds chosen.
 *
 * A question counts as refused at threshold T when the story refuses it for another reason, or
 * when its answering article misses a key noun at least T rare (the article that answers at the
 * threshold in force: a question whose best article changes with T is judged as it stands).
 */
import { resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answer.ts';
import { resolveCorpusDir } from '../src/paths.ts';
import { KEY_RARITY } from '../src/search/key-word.ts';
import type { Article } from '../src/types.ts';
import { EvalContext } from './quality/context.ts';
import { defaultPaths, readData, readDevCasual, readDevEval, readPagesQuestions } from './quality/data.ts';

/** Thresholds tried. */
const GRID = [9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14, Infinity];

interface Judged {
  set: string;
  /** The fold: the article the question is about. */
  fold: string;
  offTopic: boolean;
  /** Refused whatever the threshold. */
  refusedAnyway: boolean;
  /** Rarity of the key noun its answering article misses, or null. */
  keyRarity: number | null;
}

function judge(set: string, articles: readonly Article[], questions: readonly { q: string; fold: string; offTopic: boolean }[]): Judged[] {
  const answerer = createAnswerer(articles);
  return questions.map(({ q, fold, offTopic }) => {
    const answered = answerer.ask(q).answered;
    const coverage = answerer.coverage(q, GRID[0]);
    return { set, fold, offTopic, refusedAnyway: !answered && coverage.missingKey === null, keyRarity: coverage.keyRarity };
  });
}

const refusedAt = (question: Judged, threshold: number) => question.refusedAnyway || (question.keyRarity !== null && question.keyRarity >= threshold);

/** Right refusals less wrong ones. */
const gain = (questions: readonly Judged[], threshold: number) =>
  questions.reduce((sum, question) => sum + (refusedAt(question, threshold) ? (question.offTopic ? 1 : -1) : 0), 0);

function main(): void {
  const paths = defaultPaths();
  const context = new EvalContext({ corpusDir: resolveCorpusDir(undefined), paths });
  const seed = context.seed().articles;
  const dev = readDevEval(paths.devEval);
  const casual = readDevCasual(paths.devCasual);
  const { pages } = readPagesQuestions(paths.pagesDir);
  const squad = readData(resolve(paths.squadDir, 'questions.jsonl')).split('\n').filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { q: string; article: string; impossible: boolean });
  const judged = [
    ...judge('dev', seed, [...dev.answerable.map(({ q }) => ({ q, fold: 'seed', offTopic: false })), ...dev.abstain.map(({ q }) => ({ q, fold: 'seed', offTopic: true }))]),
    ...judge('casual', seed, [...casual.answerable.map(({ q }) => ({ q, fold: 'seed', offTopic: false })), ...casual.abstain.map(({ q }) => ({ q, fold: 'seed', offTopic: true }))]),
    ...judge('pages', context.seedAndPages().articles, Object.entries(pages).flatMap(([page, { questions, off_topic }]) => [
      ...questions.map(({ q }) => ({ q, fold: page, offTopic: false })), ...off_topic.map((q) => ({ q, fold: page, offTopic: true }))])),
    ...judge('squad', context.squad().articles, squad.map(({ q, article, impossible }) => ({ q, fold: article, offTopic: impossible }))),
  ];
  const folds = [...new Set(judged.map((question) => question.fold))];
  const chosen = new Map<string, number>();
  for (const fold of folds) {
    const training = judged.filter((question) => question.fold !== fold);
    let best = Infinity;
    for (const threshold of GRID) if (gain(training, threshold) > gain(training, best) || (gain(training, threshold) === gain(training, best) && threshold > best)) best = threshold;
    chosen.set(fold, best);
  }
  const line = (label: string, refusedOf: (question: Judged) => boolean) => {
    for (const set of ['dev', 'casual', 'pages', 'squad']) {
      const questions = judged.filter((question) => question.set === set);
      const off = questions.filter((question) => question.offTopic);
      const on = questions.filter((question) => !question.offTopic);
      const count = (list: Judged[]) => list.filter(refusedOf).length;
      process.stdout.write(`${label.padEnd(28)} ${set.padEnd(7)} off-topic refused ${count(off)}/${off.length}, answerable refused ${count(on)}/${on.length}\n`);
    }
  };
  line('without the key-word rule', (question) => refusedAt(question, Infinity));
  line(`all data, threshold ${KEY_RARITY}`, (question) => refusedAt(question, KEY_RARITY));
  line('held out (cross-validated)', (question) => refusedAt(question, chosen.get(question.fold) ?? Infinity));
  const tally = new Map<number, number>();
  for (const threshold of chosen.values()) tally.set(threshold, (tally.get(threshold) ?? 0) + 1);
  process.stdout.write(`thresholds chosen by the ${folds.length} folds: ${[...tally].sort((a, b) => a[0] - b[0]).map(([threshold, count]) => `${threshold} ×${count}`).join(', ')}\n`);
}

main();
