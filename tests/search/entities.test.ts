import { describe, expect, it } from 'vitest';
import { tagEntities, findProperWords, type EntityContext } from '../../src/search/entities.ts';

const context: EntityContext = {
  names: { ukraine: 'place', putin: 'person', 'new york': 'place', nato: 'organisation', wednesday: 'date' },
  properWords: new Set(['stoltenberg', 'reuters', 'putin', 'ukraine']),
};

const kinds = (text: string) => tagEntities(text, context).map((entity) => `${entity.kind}:${text.slice(entity.start, entity.end)}`);

describe('tagEntities', () => {
  it.each([
    ['Putin announced he would call up 300,000 reservists.', ['person:Putin', 'number:300,000']],
    ['On Wednesday, September 21, Putin spoke.', ['date:Wednesday', 'date:September 21', 'person:Putin']],
    ['It began in 911 as a fiefdom.', ['date:911']],
    ['Stoltenberg said it in New York.', ['person:Stoltenberg', 'place:New York']],
    ['He said President Putin will not win in Ukraine.', ['person:President Putin', 'place:Ukraine']],
    ['The Bank of England raised rates.', ['organisation:Bank of England']],
    // A capital that only opens the sentence names nothing.
    ['Responding to the threats, NATO said no.', ['organisation:NATO']],
    // Money: a currency sign before the number, or a currency after it.
    ['The game costs a flat fee of $9.99.', ['money:9.99']],
    ['Yahoo sold it for $4.8 billion.', ['money:4.8 billion']],
    ['Tickets cost 300 euros.', ['money:300']],
    // Vague times answer "when" less well than a year or a day.
    ['In the following decades, neon glowed.', ['period:decades']],
    ['The first sign was switched on in 1912.', ['date:1912']],
  ])('GIVEN %j THEN tags %j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it('GIVEN a comma between two names THEN they stay two entities', () => {
    expect(kinds('Russian President, Vladimir Putin spoke.')).toHaveLength(2);
  });
});

describe('findProperWords', () => {
  it('GIVEN words capitalised inside sentences more often than not THEN they are proper words', () => {
    const proper = findProperWords(['He met Stoltenberg today.', 'The Crown spoke. A crown fell. Another crown.']);
    expect(proper.has('stoltenberg')).toBe(true);
    expect(proper.has('crown')).toBe(false);
  });
});
