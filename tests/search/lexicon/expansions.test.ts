import { describe, expect, it } from 'vitest';
import { buildExpansions, inflections, spellingVariants } from '../../../src/search/lexicon/expansions.ts';
import { stem } from '../../../src/text/stem.ts';
import { WordNet } from '../../../src/search/lexicon/wordnet.ts';

describe('spellingVariants', () => {
  it.each([
    ['mobilization', 'mobilisation'],
    ['realizes', 'realises'],
    ['defense', 'defence'],
    ['center', 'centre'],
    ['labour', 'labor'],
  ])('GIVEN %s THEN offers %s', (word, variant) => {
    expect(spellingVariants(word)).toContain(variant);
  });
});

describe('inflections', () => {
  it('GIVEN a verb lemma THEN covers its regular inflections', () => {
    expect(inflections('realize', 'verb')).toEqual(expect.arrayContaining(['realize', 'realizes', 'realized', 'realizing']));
    expect(inflections('ally', 'noun')).toContain('allies');
  });
});

describe('buildExpansions', () => {
  const wordnet = new WordNet();
  const table = buildExpansions(['mobilization', 'realizes', 'troops', 'miscalculated', 'invasion'], wordnet);

  it('GIVEN a British spelling in a question THEN it stands for the American one the story uses, nearly at full weight', () => {
    expect(table.mobilisation?.[stem('mobilization')]).toBeGreaterThanOrEqual(0.9);
    expect(table.realise?.[stem('realizes')]).toBeGreaterThanOrEqual(0.9);
  });

  it('GIVEN another member of a word family THEN it stands for the story word below full weight', () => {
    const weight = table.invade?.[stem('invasion')] ?? 0;
    expect(weight).toBeGreaterThan(0.3);
    expect(weight).toBeLessThan(1);
  });

  it('GIVEN a word the story never uses THEN no expansion leads to a word outside the vocabulary', () => {
    const targets = new Set(Object.values(table).flatMap((entry) => Object.keys(entry)));
    const vocabulary = new Set(['mobilization', 'realizes', 'troops', 'miscalculated', 'invasion'].map(stem));
    for (const target of targets) expect(vocabulary.has(target)).toBe(true);
  });
});
