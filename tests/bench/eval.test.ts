import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { runEval } from '../../bench/eval.ts';
import { rankerSet } from '../../bench/quality/sets/ranker.ts';
import { WEIGHTS_FILE } from '../../src/search/ranker/weights.ts';
import { formatReports, type SetReport } from '../../bench/quality/report.ts';
import { foldForGold, goldRank, retrieval, sameSpeaker, sharesWordRun, showsGold } from '../../bench/quality/score.ts';

/** Building a story over a new corpus reads WordNet for its words: seconds on a busy machine. */
const BUILD_BUDGET_MS = 120_000;

function jsonFile(content: object, name = 'set.json'): string {
  const file = join(tempDir('eval'), name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const DEV = {
  answerable: [
    { q: 'How many reservists will Putin call up?', gold: ['300,000 reservists'] },
    { q: 'Who is the editor in chief of Reuters?', gold: ['Alessandra Galloni'] },
    // Gold that no paragraph holds: this one must count as a miss.
    { q: 'What did Putin tell the West?', gold: ['a phrase the story never uses'] },
  ],
  abstain: [{ q: 'Recommend a good pizza recipe' }, { q: 'nuclear' }],
  speakers: [
    { phrase: 'we will use all available means to protect our people', speaker: 'Putin' },
    { phrase: 'The only way to end this war', speaker: 'Stoltenberg' },
    // Putin said this: naming Stoltenberg must count as wrong.
    { phrase: 'lots of weapons to reply', speaker: 'Stoltenberg' },
  ],
};

const CASUAL = {
  answerable: [
    { q: 'How many reservists will Putin call up?', paragraphs: [2] },
    // Paragraph 99 does not exist: a miss.
    { q: 'What did Putin tell the West?', paragraphs: [99] },
  ],
  abstain: [{ q: 'Recommend a good pizza recipe' }],
  dialogues: [
    { turns: [
      { q: 'How many reservists will Putin call up?', paragraphs: [2] },
      // The same question again shows the same quote: wrong when the turn must not repeat.
      { q: 'How many reservists will Putin call up?', paragraphs: [2], not_repeating: true },
    ] },
  ],
};

function squadDir(): string {
  const dir = tempDir('eval');
  mkdirSync(join(dir, 'corpus'));
  writeFileSync(join(dir, 'corpus', 'bees.md'), '---\ntitle: Bees\n---\n\nBees make honey from nectar.\n\nThe queen bee lays the eggs of the hive.\n');
  writeFileSync(join(dir, 'corpus', 'rivers.md'), '---\ntitle: Rivers\n---\n\nThe Nile flows north into the Mediterranean.\n\nThe Amazon carries more water than any other river.\n');
  const questions = [
    { q: 'What do bees make from nectar?', article: 'bees', paragraph: 1, impossible: false },
    { q: 'Who lays the eggs in a hive?', article: 'bees', paragraph: 2, impossible: false },
    { q: 'Which river carries the most water?', article: 'rivers', paragraph: 2, impossible: false },
    // Deliberately wrong gold: the Nile is in paragraph 1.
    { q: 'Where does the Nile flow?', article: 'rivers', paragraph: 2, impossible: false },
    { q: 'How tall is the Nile?', article: 'rivers', paragraph: 1, impossible: true },
  ];
  writeFileSync(join(dir, 'questions.jsonl'), questions.map((question) => JSON.stringify(question)).join('\n'));
  return dir;
}

function pagesDir(): string {
  const dir = tempDir('eval');
  mkdirSync(join(dir, 'bees'));
  writeFileSync(join(dir, 'bees', 'expected.json'), JSON.stringify({
    title: 'Beekeepers count their hives',
    paragraphs: [
      'Beekeepers across the valley counted forty thousand hives this spring, the highest number on record.',
      '“The winter was mild and the colonies came through strong,” said Maria Lopez, who chairs the beekeepers’ association.',
    ],
    text: '',
  }));
  writeFileSync(join(dir, 'questions.json'), JSON.stringify({
    pages: {
      bees: {
        questions: [
          { q: 'How many hives did the beekeepers count?', gold: ['counted forty thousand hives this spring'] },
          { q: 'What colour are the bees?', gold: ['a phrase no page holds'] },
        ],
        speakers: [{ phrase: 'the colonies came through strong', speaker: 'Maria Lopez' }],
        off_topic: ['Recommend a good pizza recipe'],
      },
    },
  }));
  return dir;
}

const byName = (reports: SetReport[], name: string) => reports.find((report) => report.name === name)?.figures ?? {};

describe('runEval', () => {
  it('GIVEN dev questions THEN counts hits by the quoted paragraph, misses, off-topic answers and speakers', { timeout: BUILD_BUDGET_MS }, async () => {
    const reports = await runEval({ paths: { devEval: jsonFile(DEV) }, only: ['dev'] });
    expect(reports.map((report) => report.name)).toEqual(['dev']);
    const dev = byName(reports, 'dev');
    expect(dev).toMatchObject({ questions: 3, hit1: 2 / 3, refused: 0 });
    // The keyword "nuclear" is covered by the story: answering it is counted as a wrong answer.
    expect(dev.offTopic).toMatchObject({ refused: 1, total: 2, answered: ['nuclear'] });
    expect(dev.speakers).toMatchObject({ right: 2 });
    expect((dev.latency as { samples: number }).samples).toBeGreaterThan(0);
    const text = formatReports(reports);
    expect(text).toMatch(/^dev hit@1 \/ hit@3 +0\.667 \/ 0\.667 +\d\.\d{3} \/ /m);
    expect(text).toContain('What did Putin tell the West? (not quoted)');
  });

  it('GIVEN a SQuAD-style bench THEN scores the ranked passages against the gold paragraph, answerable questions only', { timeout: BUILD_BUDGET_MS }, async () => {
    const reports = await runEval({ paths: { squadDir: squadDir() }, only: ['squad'] });
    const squad = byName(reports, 'squad');
    expect(squad).toMatchObject({ articles: 2, passages: 4, questions: 4, hit1: 0.75 });
    expect((squad.baselines as { bare: { hit1: number } }).bare.hit1).toBeGreaterThan(0);
    expect(formatReports(reports)).toMatch(/^squad hit@1 \/ hit@3 +0\.750 \/ /m);
  });

  it('GIVEN casual questions and a dialogue THEN judges paragraphs, refusals and repeated quotes', { timeout: BUILD_BUDGET_MS }, async () => {
    const reports = await runEval({ paths: { devCasual: jsonFile(CASUAL) }, only: ['casual'] });
    const casual = byName(reports, 'casual');
    expect(casual).toMatchObject({ questions: 2, hit1: 0.5 });
    expect(casual.offTopic).toMatchObject({ refused: 1, total: 1 });
    expect(casual.dialogues).toEqual({ turns: 2, turnsRight: 1, dialogues: 1, dialoguesRight: 0 });
  });

  it('GIVEN news pages THEN asks their questions with the seed beside them, judged by the quote\'s words', { timeout: BUILD_BUDGET_MS }, async () => {
    const reports = await runEval({ paths: { pagesDir: pagesDir(), devEval: jsonFile(DEV) }, only: ['pages', 'seed-among-pages'] });
    const pages = byName(reports, 'pages');
    expect(pages).toMatchObject({ questions: 2, hit1: 0.5 });
    expect(pages.offTopic).toMatchObject({ refused: 1, total: 1 });
    expect(pages.speakers).toMatchObject({ right: 1 });
    const seed = byName(reports, 'seed-among-pages') as { among: { hit1: number }; alone: { hit1: number } };
    // One page about bees takes nothing from the seed's answers.
    expect(seed.among.hit1).toBeCloseTo(2 / 3);
    expect(seed.alone.hit1).toBeCloseTo(2 / 3);
  });

  it('GIVEN every set THEN the ranker set scores each with models trained on other articles only, beside the engine\'s order', { timeout: BUILD_BUDGET_MS }, async () => {
    const paths = { devEval: jsonFile(DEV), devCasual: jsonFile(CASUAL, 'casual.json'), squadDir: squadDir(), pagesDir: pagesDir() };
    const reports = await runEval({ paths, only: ['ranker'] });
    const ranker = byName(reports, 'ranker') as { folds: number; sets: { set: string; engine: { questions: number; hit1: number }; ranker: { hit1: number } }[] };
    expect(ranker.sets.map(({ set, engine }) => [set, engine.questions])).toEqual([['dev eval', 3], ['dev casual', 2], ['squad', 4], ['pages', 2], ['seed among pages', 5]]);
    // The engine's order here is the one the squad set scores.
    expect(ranker.sets.find(({ set }) => set === 'squad')?.engine.hit1).toBe(0.75);
    // Articles: the seed, "bees" (a SQuAD article and a page share the id, so one fold) and "rivers".
    expect(ranker.folds).toBe(3);
    expect(formatReports(reports)).toMatch(/^ranker \(cross-validated\) squad hit@1 \/ hit@3 +\d\.\d{3} \/ \d\.\d{3} \(engine's order 0\.750 \/ /m);
  });

  it('GIVEN a run that does not name the ranker set THEN it prints the cross-validation npm run train recorded, and says so', async () => {
    const recorded = JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')) as { crossValidated: Record<string, { rankerHit1: number }> };
    const report = rankerSet.recorded?.();
    expect(report?.title).toContain('recorded by npm run train');
    // One row per set the training scored, with the figure the file holds.
    expect(report?.summary.map((row) => row.label)).toEqual(Object.keys(recorded.crossValidated).map((set) => `ranker (cross-validated, recorded) ${set} hit@1`));
    const [first] = Object.values(recorded.crossValidated);
    expect(report?.summary[0]?.storybot).toMatch(new RegExp(`^${first?.rankerHit1.toFixed(3)} `));
  });

  it('GIVEN an unknown set THEN names the sets there are', async () => {
    await expect(runEval({ only: ['nope'] })).rejects.toThrow(/no set nope \(sets: dev, casual, pages, seed-among-pages, squad, ranker, extraction\)/);
  });
});

describe('the scorer', () => {
  it('GIVEN curly quotes and capitals THEN compares as the sets say', () => {
    expect(foldForGold('Putin’s “Plans”')).toBe('putin\'s "plans"');
  });

  it.each([
    ['a quote holding the phrase', 'He said: “Putin will not win the war.”', ['putin will not win'], true],
    ['six words in a row of a longer phrase', 'Putin will not win the war in Ukraine.', ['NATO said that Putin will not win the war, again'], true],
    ['five words in a row only', 'Putin will not win the peace', ['NATO said Putin will not win here'], false],
    ['other words', 'Bees make honey.', ['Putin will not win'], false],
  ])('GIVEN %s THEN showsGold is %s', (_, text, gold, expected) => {
    expect(showsGold(text, gold)).toBe(expected);
  });

  it('GIVEN six words shared THEN sharesWordRun, whatever the case and punctuation', () => {
    expect(sharesWordRun('The ONLY way to end this war!', 'the only way to end this')).toBe(true);
  });

  it.each([
    ['Vladimir Putin', 'Putin', true],
    ['Stoltenberg', 'Jens Stoltenberg', true],
    ['Lupita', "Nyong'o", false],
    [null, 'Putin', false],
  ])('GIVEN %s attributed and %s expected THEN sameSpeaker is %s', (attributed, expected, same) => {
    expect(sameSpeaker(attributed, expected)).toBe(same);
  });

  it('GIVEN two quotes of one paragraph THEN the paragraph counts once in the rank', () => {
    const hit = (paragraph: number) => ({ article: 'a', paragraph, text: '' });
    expect(goldRank([hit(1), hit(1), hit(2)], (h) => h.paragraph === 2)).toBe(2);
    expect(goldRank([hit(1)], () => false)).toBe(0);
  });

  it('GIVEN ranks THEN hit@1, hit@3 and MRR', () => {
    expect(retrieval([1, 3, 0, 4], 1)).toEqual({ questions: 4, hit1: 0.25, hit3: 0.5, mrr: (1 + 1 / 3 + 1 / 4) / 4, refused: 1 });
  });
});
