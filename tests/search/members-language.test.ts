/**
 * Members' words reaching the story's: each row is a question as a member types it, the
 * paragraph that answers it in a small story, and why the engine finds it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answer.ts';
import { parseArticle } from '../../src/corpus/load.ts';
import { corpusWords } from '../../src/answer/answer.ts';
import { loadLexicon } from '../../src/search/lexicon/lexicon.ts';
import { PassageIndex } from '../../src/search/passage-index.ts';
import { analyseQuestion } from '../../src/search/query.ts';
import { tempDir } from '../temp.ts';

const cacheDir = tempDir('members-language');
/** Building a small story reads WordNet for its words: a second or more on a busy machine. */
const STORY_MS = 30_000;

beforeAll(() => {
  loadLexicon(new Set(), cacheDir);
}, 2 * STORY_MS);

const story = (id: string, paragraphs: readonly string[]) =>
  parseArticle(`${id}.md`, `---\nid: ${id}\ntitle: "${id}"\n---\n\n${paragraphs.join('\n\n')}\n`);

/** The paragraph of the first quote for a question about one small story. */
const firstParagraph = (paragraphs: readonly string[], question: string) =>
  createAnswerer([story('story', paragraphs)], { cacheDir, abstain: false }).ask(question).quotes[0]?.paragraph;

const SIGNS = [
  'Neon signs lit the streets of Paris, and neon signs still glow above old cafes.',
  'The signs were phased out in the 1960s, when cheaper plastic lights came along.',
  'Designers said the look was bold.',
];
const TROOPS = [
  'The general said troops were tired, and troops were short of food and troops lacked boots.',
  'More troops will escalate the conflict, the minister said.',
  'The war began in February.',
];

describe('function words that carry what is asked', { timeout: STORY_MS }, () => {
  it.each([
    { question: 'why did the signs go out?', paragraphs: SIGNS, expected: 2, why: '"out" is the particle of "phased out": it tells the paragraph apart' },
    { question: 'what will more troops do?', paragraphs: TROOPS, expected: 2, why: '"more" and "will" are what is asked about, not "troops" alone' },
  ])('GIVEN $question THEN paragraph $expected answers ($why)', ({ question, paragraphs, expected }) => {
    expect(firstParagraph(paragraphs, question)).toBe(expected);
  });
});

// The story's own typo ("wat" for "war") beside the words a member misspells.
const TYPOS = [
  'Stoltenberg said it was hard to foresee the wat ending soon, and the wat was long.',
  '“He has made a big miscalculation,” Stoltenberg said of Putin.',
  'Putin spoke on Wednesday, the first time since February.',
];

describe('misspelt question words', { timeout: STORY_MS }, () => {
  it.each([
    { question: "wat did stoltenbreg say about putin's miscalulation", expected: 2, why: '"miscalulation" is "miscalculation"; "wat" is chat for what, never the story\'s typo' },
    { question: 'when did putin speak for the frist time', expected: 3, why: '"frist" is "first", two letters swapped' },
  ])('GIVEN $question THEN paragraph $expected answers ($why)', ({ question, expected }) => {
    expect(firstParagraph(TYPOS, question)).toBe(expected);
  });

  it.each([
    { typed: "wat did stoltenbreg say about putin's miscalulation", understood: "what did stoltenberg say about putin's miscalculation", why: 'the name and the word as the story spells them' },
    { typed: 'What did Stoltenbreg say?', understood: 'What did Stoltenberg say?', why: 'a capitalised name stays capitalised' },
    { typed: 'what did stoltenberg say about the war', understood: 'what did stoltenberg say about the war', why: '"war" is a word, not a slip for the story\'s "wat"' },
  ])('GIVEN $typed THEN it is read as $understood ($why)', ({ typed, understood }) => {
    const articles = [story('story', TYPOS)];
    const index = new PassageIndex(articles, loadLexicon(corpusWords(articles), cacheDir));
    const corrected = index.correct(analyseQuestion(typed));
    expect(corrected.understood).toBe(understood);
  });
});

const GAME = [
  'Super Mario Run is a Super Mario game in which Mario runs, and Super Mario Run has 24 levels.',
  'Players buy Super Mario Run once, for a flat fee of $9.99, when it launches.',
  'For decades Nintendo showed Mario.',
  'Nintendo first showed Mario to players in 1981.',
];

describe('the kind of answer asked for', { timeout: STORY_MS }, () => {
  it.each([
    { question: 'How much does Super Mario Run cost?', expected: 2, why: 'an amount of money ($9.99), not any number (24 levels)' },
    { question: 'When did Nintendo show Mario?', expected: 4, why: 'a year answers "when" better than "for decades"' },
  ])('GIVEN $question THEN paragraph $expected answers ($why)', ({ question, expected }) => {
    expect(firstParagraph(GAME, question)).toBe(expected);
  });
});
