import { describe, expect, it } from 'vitest';
import { FUNCTION_WORDS, isStopWord, QUESTION_WORDS, STOP_WORDS } from '../../src/text/stop-words.ts';

describe('stop lists', () => {
  it.each([
    // [word, stop word in search?, why]
    ['the', true, 'a determiner carries no content'],
    ["don't", true, 'contractions are function words too'],
    ['take', false, '"take territory" is to annex it: a verb with content'],
    ['nuclear', false, 'a content word'],
    // Function words that carry what a member asks about: each kept as a search word.
    ['more', false, '"what will more troops mean": a comparison is the subject'],
    ['most', false, '"which country has the most debt": a superlative is the subject'],
    ['only', false, '"the only way to end the war": a restriction is the subject'],
    ['same', false, '"the same kind of rhetoric": a comparison is the subject'],
    ['out', false, '"go out of style" is "phased out": a particle that makes the verb'],
    ['up', false, '"call up reservists", "end up last": a particle that makes the verb'],
    ['over', false, '"took over", "over 300,000": a particle or an amount'],
    ['under', false, '"under pressure", "under 18": a condition or an amount'],
    ['never', false, '"never accept": a negation is the answer to a yes/no question'],
    ['will', false, '"will NATO respond", "more troops will escalate": the future a question asks about'],
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
