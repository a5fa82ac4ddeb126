import { describe, expect, it } from 'vitest';
import { buildAncestors, buildCompounds } from '../../../src/search/lexicon/lexicon.ts';
import { WordNet } from '../../../src/search/lexicon/wordnet.ts';

const wordnet = new WordNet();

describe('buildAncestors', () => {
  it('GIVEN story words THEN each knows what it is a kind or an instance of', () => {
    const ancestors = buildAncestors(['nato', 'president', 'troops', 'the'], wordnet);
    // An instance hypernym (`@i`): NATO is an alliance, and so an organisation.
    expect(ancestors['nato']).toEqual(expect.arrayContaining(['alliance', 'organization']));
    // A plural takes its base form's chain; the chain goes all the way up to "person".
    expect(ancestors['president']).toContain('person');
    expect(ancestors['troops']).toBeDefined();
    // Stop words and the uninformative top of the hierarchy are left out.
    expect(ancestors['the']).toBeUndefined();
    expect(ancestors['president']).not.toContain('entity');
  });
});

describe('buildCompounds', () => {
  it('GIVEN story words THEN keeps the multi-word nouns made only of them', () => {
    const compounds = buildCompounds(new Set(['secretary', 'general', 'news', 'agency']), wordnet);
    expect(compounds).toEqual(expect.arrayContaining(['secretary general', 'news agency']));
    expect(compounds).not.toContain('editor in chief');
  });
});
