import { describe, expect, it } from 'vitest';
import { buildDictionaryWords, dictionaryOf } from '../../../src/search/lexicon/dictionary.ts';
import { isSwap, sameLemma, slipDistance, SpellingCorrector } from '../../../src/search/lexicon/spelling.ts';

/** WordNet's one-word lemmas, read once for the file (a fraction of a second). */
const dictionary = dictionaryOf(buildDictionaryWords());

/** A story's words, as written: a few names it capitalises, and its own typo "wat" (for "war"). */
const STORY = new Map<string, number>([
  ['stoltenberg', 9], ['putin', 12], ['miscalculation', 1], ['first', 3], ['actually', 1], ['neon', 5],
  ['wat', 1], ['trial', 2], ['frenchmen', 1], ['bassett', 2], ['bismarck', 3], ['parry', 4], ['prey', 1],
  ['dress', 1], ['doses', 2], ['birth', 1], ['signs', 4],
]);
const NAMES = new Set(['stoltenberg', 'putin', 'bassett', 'bismarck', 'parry']);
/** Words the story does not use but whose expansions reach it (WordNet relates them to its words); "basset" and "frenchman" too, below. */
const RELATED = new Set(['territory']);

const corrector = new SpellingCorrector({
  uses: (lower) => STORY.has(lower),
  relates: (lower) => RELATED.has(lower) || lower === 'basset' || lower === 'frenchman',
  targets: () => [...RELATED, ...[...STORY.keys()].filter((word) => NAMES.has(word) || dictionary.has(word))],
  isName: (lower) => NAMES.has(lower),
  frequency: (lower) => STORY.get(lower) ?? 0,
  dictionary,
});

describe('SpellingCorrector: a question word the story does not use, as the word meant', () => {
  it.each([
    // [typed, capitalised in the question, corrected to, why]
    ['stoltenbreg', false, 'stoltenberg', 'two letters swapped: one slip (Damerau), though two edits for Levenshtein'],
    ['stoltenburg', false, 'stoltenberg', 'one letter for another'],
    ['miscalulation', false, 'miscalculation', 'a letter left out'],
    ['frist', false, 'first', 'two letters swapped, in a short word'],
    ['sings', false, 'signs', 'a dictionary word, but two letters swapped: a slip'],
    ['actualy', false, 'actually', 'a doubled letter typed once'],
    ['neonn', false, 'neon', 'a letter doubled'],
    ['terrotory', false, 'territory', 'a word WordNet relates to the story\'s words is a target too'],
    ['drses', false, 'dress', 'a swap is likelier than a key far from the right one ("doses")'],
    ['Prry', true, 'parry', 'a capitalised word goes to the name ("Parry"), not the common word ("prey")'],
    ['bismark', true, 'bismarck', 'a dictionary spelling, capitalised: a name the story spells otherwise'],
    ['Basset', true, 'bassett', 'a dictionary word ("basset" hound), capitalised: taken for the story\'s name'],
    ['frenchman', false, 'frenchmen', 'a dictionary word: only another inflection of it is meant'],
    ['trail', false, 'trial', 'a dictionary word, but two letters swapped: a slip'],
  ] as [string, boolean, string, string][])('GIVEN %j (name: %s) THEN %j (%s)', (typed, isName, expected) => {
    expect(corrector.correct(typed.toLowerCase(), isName)[0]).toBe(expected);
  });

  it.each([
    ['war', 'a short word: too many words are one edit from it, and "wat" is the story\'s own typo'],
    ['what', 'one edit from the story\'s typo "wat", which is no dictionary word: never a target'],
    ['pray', 'a dictionary word one letter from "prey": members mean what they wrote'],
    ['basset', 'the dictionary word in lower case is the dog, not the story\'s Bassett'],
    ['putin', 'the story uses it: nothing to correct'],
    ['zzzzzzzz', 'nothing near'],
  ])('GIVEN %j THEN no correction (%s)', (typed) => {
    expect(corrector.correct(typed)).toEqual([]);
  });
});

describe('the edit distance of slips', () => {
  it.each([
    ['stoltenbreg', 'stoltenberg', 1, 0, 'a swap is one edit'],
    ['miscalulation', 'miscalculation', 1, 0, 'a deletion'],
    ['stoltenburg', 'stoltenberg', 1, 0, 'one substitution'],
    ['drses', 'doses', 1, 1, 'r for o: keys far apart'],
    ['genersl', 'general', 1, 0, 's beside a: a neighbouring key'],
  ])('%j → %j: %i edits', (a, b, edits) => {
    expect(slipDistance(a, b).edits).toBe(edits);
  });

  it('GIVEN a key far from the right one THEN it is counted, a neighbouring key is not', () => {
    expect(slipDistance('drses', 'doses').farKeys).toBe(1);
    expect(slipDistance('genersl', 'general').farKeys).toBe(0);
  });

  it('GIVEN two words THEN a swap is two neighbouring letters exchanged, and nothing else', () => {
    expect(isSwap('frist', 'first')).toBe(true);
    expect(isSwap('trail', 'trial')).toBe(true);
    expect(isSwap('first', 'first')).toBe(false);
    expect(isSwap('fisrt', 'frist')).toBe(false);
  });

  it('GIVEN inflections of one word THEN they share a dictionary form', () => {
    expect(sameLemma('frenchman', 'frenchmen')).toBe(true);
    expect(sameLemma('trial', 'trials')).toBe(true);
    expect(sameLemma('trail', 'trial')).toBe(false);
    expect(sameLemma('discovered', 'discoverer')).toBe(false);
  });
});

describe('the dictionary', () => {
  it.each([
    ['swiped', true, 'an inflection of "swipe"'],
    ['cops', true, 'a plural'],
    ['given', true, 'an irregular inflection'],
    ['frist', false, 'a typo'],
    ['wat', false, 'the seed story\'s typo for "war" is no English word'],
    ['stoltenberg', false, 'a name WordNet does not know'],
  ])('GIVEN %j THEN %s (%s)', (word, expected) => {
    expect(dictionary.has(word)).toBe(expected);
  });
});
