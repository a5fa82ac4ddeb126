import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/text/fold.ts';
import { stem, textTerms } from '../../src/text/stem.ts';
import { isStopWord } from '../../src/text/stop-words.ts';
import { splitWords } from '../../src/text/words.ts';

describe('splitWords', () => {
  it.each([
    // [text, expected lower-case words]
    ['Putin’s threats', ['putin', 'threats']],
    ["NATO's chief", ['nato', 'chief']],
    ['call up 300,000 reservists', ['call', 'up', '300000', 'reservists']],
    ['troops were ill-equipped', ['troops', 'were', 'ill-equipped']],
    ['Yesün Temür died', ['yesun', 'temur', 'died']],
    ['the Feb. 24 invasion', ['the', 'february', '24', 'invasion']],
    ['the U.S. said', ['the', 'us', 'said']],
    ['**nuclear** _weapons_', ['nuclear', 'weapons']],
    ['?!… —', []],
  ])('GIVEN %j THEN reads the words %j', (text, expected) => {
    expect(splitWords(text).map((word) => word.lower)).toEqual(expected);
  });

  it('GIVEN curly quotes THEN offsets still index the text as given', () => {
    const text = '“If the territorial integrity…” Putin’s words';
    for (const word of splitWords(text)) expect(foldText(text.slice(word.start, word.end))).toBe(foldText(word.surface));
  });

  it('GIVEN an acronym in mixed-case text THEN it is never a stop word, but shouting is no acronym', () => {
    expect(splitWords('the US said').map((word) => word.acronym)).toEqual([false, true, false]);
    expect(splitWords('WHAT DID THE US SAY').some((word) => word.acronym)).toBe(false);
  });
});

describe('textTerms', () => {
  it('GIVEN a hyphenated word THEN indexes it joined and split', () => {
    expect(textTerms('ill-equipped')).toEqual([stem('illequipped'), 'ill', stem('equipped')]);
  });

  it('GIVEN question words and stop words THEN they carry no terms', () => {
    expect(textTerms('what is the of and')).toEqual([]);
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('nuclear')).toBe(false);
  });

  it('GIVEN irregular and British forms THEN the stemmer joins the irregular ones to their base', () => {
    expect(stem('given')).toBe(stem('give'));
    expect(stem('lives')).toBe(stem('life'));
    expect(stem('news')).not.toBe(stem('new'));
  });
});
