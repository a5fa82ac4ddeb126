import { describe, expect, it } from 'vitest';
import { FUNCTION_WORDS, isStopWord, QUESTION_WORDS, STOP_WORDS } from '../../src/text/stop-words.ts';

describe('stop lists', () => {
  it.each([
    // [word, stop word in search?, why]
    ['the', true, 'a determiner carries no content'],
    ["don't", true, 'contractions are function words too'],
    ['take', false, '"take territory" is to annex it: a verb with content'],
    ['nuclear', false, 'a content word'],
  ])('GIVEN %j THEN isStopWord is %s (%s)', (word, expected) => {
    expect(isStopWord(word)).toBe(expected);
  });

  it('GIVEN the data files THEN every entry is one lower-case word', () => {
    for (const list of [STOP_WORDS, QUESTION_WORDS, FUNCTION_WORDS]) {
      for (const word of list) expect(word).toMatch(/^[a-z']+$/);
    }
  });

  it('GIVEN words a question asks with THEN they are question words, not stop words ("say" is content in a story)', () => {
    expect(QUESTION_WORDS.has('say')).toBe(true);
    expect(STOP_WORDS.has('say')).toBe(false);
  });
});
