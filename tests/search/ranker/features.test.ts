import { beforeAll, describe, expect, it } from 'vitest';
import { corpusWords } from '../../../src/answer/answer.ts';
import { parseArticle } from '../../../src/corpus/load.ts';
import { PassageIndex } from '../../../src/search/passage-index.ts';
import type { RankedPassage } from '../../../src/search/rerank.ts';
import { loadLexicon } from '../../../src/search/lexicon/lexicon.ts';
import { analyseQuestion } from '../../../src/search/query.ts';
import { FEATURES, rankFeatures, type FeatureName } from '../../../src/search/ranker/features.ts';

const PARAGRAPHS = [
  'Maria Lopez, Acme’s chief negotiator, arrived in Geneva on Monday, March 3, to open the talks.',
  'Lopez said the talks in Geneva would be long and hard.',
  'The delegates from Acme met the mayor of the city.',
  'Weather in the city was cold all week.',
  'The talks were moved to Geneva because the hotels in Paris were full.',
];
const ARTICLE = parseArticle('talks.md', `---\nid: talks\ntitle: "Talks open"\n---\n\n${PARAGRAPHS.join('\n\n')}\n`);

let index: PassageIndex;
beforeAll(() => {
  index = new PassageIndex([ARTICLE], loadLexicon(corpusWords([ARTICLE]), null), { learned: false });
}, 60_000);

/** Each candidate's paragraph with its features by name. */
function featuresFor(question: string): { paragraph: number; features: Record<FeatureName, number> }[] {
  const analysed = analyseQuestion(question);
  const ranked: RankedPassage[] = index.search(analysed);
  return rankFeatures(analysed, ranked, index.featureContext).map((row, i) => ({
    paragraph: ranked[i]?.passage.paragraph ?? 0,
    features: Object.fromEntries(FEATURES.map((name, j) => [name, row[j] ?? 0])) as Record<FeatureName, number>,
  }));
}

const of = (rows: ReturnType<typeof featuresFor>, paragraph: number) => rows.find((row) => row.paragraph === paragraph)?.features;

describe('ranking features: what the learned ranker sees of a candidate', () => {
  it('GIVEN any question THEN the best candidate has engine 1, and rank falls as 1/(1 + place)', () => {
    const rows = featuresFor('What did Lopez say about the talks in Geneva?');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]?.features.engine).toBe(1);
    rows.forEach((row, i) => expect(row.features.rank).toBeCloseTo(1 / (1 + i), 12));
  });

  it.each([
    // question, paragraph, feature, value
    ['What did Lopez say about the talks in Geneva?', 2, 'exact', 1],
    ['What did Lopez say about the talks in Geneva?', 2, 'names', 1],
    ['Did the mayor meet Lopez?', 3, 'names', 0],
    ['Did the mayor meet Lopez?', 3, 'articleNames', 1],
    ['What did Lopez say about the talks in Geneva?', 1, 'lead', 1],
    ['What did Lopez say about the talks in Geneva?', 2, 'lead', 0],
    ['What did Lopez say about the talks in Geneva?', 2, 'position', 1 / 4],
    ['When did Lopez arrive in Geneva?', 1, 'typeDate', 1],
    ['When did Lopez arrive in Geneva?', 2, 'typeDate', 0],
    ['When did Lopez arrive in Geneva?', 1, 'typePerson', 0],
    ['What did Lopez say about the talks in Geneva?', 1, 'typeDate', 0],
    // Cue words (cues.json): a why-question and a connective of cause, a say-question and a reporting verb.
    ['Why were the talks moved to Geneva?', 5, 'cueReason', 1],
    ['Why were the talks moved to Geneva?', 2, 'cueReason', 0],
    ['Where were the talks moved?', 5, 'cueReason', 0],
    ['What did Lopez say about the talks in Geneva?', 2, 'cueWords', 1],
    ['What did Lopez say about the talks in Geneva?', 5, 'cueWords', 0],
    ['When did Lopez arrive in Geneva?', 2, 'cueWords', 0],
  ] as const)('GIVEN "%s" THEN paragraph %d has %s = %f', (question, paragraph, feature, value) => {
    expect(of(featuresFor(question), paragraph)?.[feature]).toBeCloseTo(value, 6);
  });

  it('GIVEN a question THEN every feature is a finite number', () => {
    for (const question of ['When did Lopez arrive in Geneva?', 'weather', 'Who met the mayor?']) {
      for (const row of featuresFor(question)) for (const name of FEATURES) expect(Number.isFinite(row.features[name])).toBe(true);
    }
  });
});
