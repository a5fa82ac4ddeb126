import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp.ts';
import { foldForGold, formatEval, runEval } from '../src/eval.ts';

function devFile(content: object): string {
  const file = join(tempDir('eval'), 'dev.json');
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

describe('runEval', () => {
  it('GIVEN dev questions THEN counts hits by the quoted paragraph, misses, abstentions and speakers', () => {
    // A stand-in attribution: paragraph 3 is Putin's, the rest Jens Stoltenberg's ("Stoltenberg" is in it).
    const putinOrStoltenberg = () => (passage: { paragraph: number }) => (passage.paragraph === 3 ? 'Putin' : 'Jens Stoltenberg');
    const report = runEval({ devFile: devFile(DEV), squadDir: null, speakerAt: putinOrStoltenberg });
    expect(report.squad).toBeNull();
    expect(report.dev.answerable).toBe(3);
    expect(report.dev.hit1).toBeCloseTo(2 / 3);
    expect(report.dev.misses).toEqual([{ question: 'What did Putin tell the West?', rank: -1 }]);
    // The keyword "nuclear" is covered by the story: answering it is counted as a wrong answer.
    expect(report.dev).toMatchObject({ abstained: 1, abstainTotal: 2, wronglyAnswered: ['nuclear'] });
    expect(report.dev).toMatchObject({ speakersRight: 2, speakerTotal: 2 });
    expect(report.dev.latency.samples).toBeGreaterThan(0);
  });

  it('GIVEN no speaker attribution THEN no speaker counts as right', () => {
    expect(runEval({ devFile: devFile(DEV), squadDir: null, speakerAt: () => () => null }).dev.speakersRight).toBe(0);
  });

  it('GIVEN the default attribution THEN scores the statements speakers.ts finds', () => {
    expect(runEval({ devFile: devFile(DEV), squadDir: null }).dev.speakerTotal).toBe(2);
  });

  it('GIVEN a SQuAD-style bench THEN scores the top passage against the gold paragraph, answerable questions only', () => {
    const report = runEval({ devFile: devFile(DEV), squadDir: squadDir() });
    expect(report.squad).toMatchObject({ articles: 2, passages: 4, questions: 4, hit1: 0.75 });
    expect(report.squad?.baselines?.bare).toBeGreaterThan(0);
    const text = formatEval(report);
    expect(text).toMatch(/^dev hit@1 +0\.667/m);
    expect(text).toMatch(/^squad hit@1 +0\.750/m);
    expect(text).toContain('What did Putin tell the West? (not quoted)');
  });
});

describe('foldForGold', () => {
  it('GIVEN curly quotes and capitals THEN compares as the dev file says', () => {
    expect(foldForGold('Putin’s “Plans”')).toBe('putin\'s "plans"');
  });
});
