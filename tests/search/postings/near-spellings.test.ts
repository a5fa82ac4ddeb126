import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CompactPostings } from '../../../src/search/postings/compact-postings.ts';
import { NearSpellings } from '../../../src/search/postings/near-spellings.ts';

/** Words with neighbours one and two edits away, some only in titles. */
const DOCUMENTS = [
  { id: 0, text: 'telenet and telnet outages hit the network', title: 'network outage' },
  { id: 1, text: 'the networks reported netwerk errors to the nation', title: 'national news' },
  { id: 2, text: 'russia and prussia, russian troops, the russians', title: 'history' },
  { id: 3, text: 'stoltenberg spoke; stoltenburg was misspelled', title: 'nato statement' },
  { id: 4, text: 'nothing near here', title: 'telenets netwrok' },
];

/** Every string one edit from a word: what a question may misspell it as. */
function oneEditFrom(word: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i <= word.length; i += 1) {
    found.add(word.slice(0, i) + 'x' + word.slice(i));
    if (i < word.length) {
      found.add(word.slice(0, i) + word.slice(i + 1));
      found.add(word.slice(0, i) + 'e' + word.slice(i + 1));
    }
  }
  found.delete(word);
  return [...found];
}

/**
 * What `PassageIndex` used to ask MiniSearch for: the index terms a fuzzy search for the word
 * matched (`result.terms`), less the word itself.
 */
function miniSearchNear(index: MiniSearch, term: string, distance: number): string[] {
  const near = new Set<string>();
  for (const result of index.search(term, { fuzzy: distance })) for (const matched of result.terms) near.add(matched);
  near.delete(term);
  return [...near].sort();
}

describe.each([
  ['text and title', ['text', 'title']],
  ['text only', ['text']],
])('NearSpellings over the %s fields', (_, fields) => {
  const index = new MiniSearch({ fields: ['text', 'title'], searchOptions: { fields } });
  index.addAll(DOCUMENTS);
  const spellings = new NearSpellings(CompactPostings.fromMiniSearch(index), fields);
  const queries = [...new Set(DOCUMENTS.flatMap((document) => `${document.text} ${document.title}`.split(/\W+/)).filter((word) => word.length >= 4))];

  it.each([1, 2])('GIVEN misspellings of every word, at distance %i THEN finds exactly the terms a MiniSearch fuzzy search matched', (distance) => {
    let compared = 0;
    for (const query of [...queries, ...queries.flatMap(oneEditFrom)]) {
      const expected = miniSearchNear(index, query, distance);
      expect([query, spellings.find(query, distance).sort()]).toEqual([query, expected]);
      compared += expected.length;
    }
    // The comparison is not vacuous: many queries have near spellings.
    expect(compared).toBeGreaterThan(100);
  });

  it('GIVEN a word of the corpus THEN it is not its own near spelling', () => {
    expect(spellings.find('telnet', 1)).toEqual(['telenet']);
  });
});

describe('NearSpellings and the searched fields', () => {
  it('GIVEN a term only titles use THEN it is near only when titles are searched', () => {
    const index = new MiniSearch({ fields: ['text', 'title'] });
    index.addAll(DOCUMENTS);
    const postings = CompactPostings.fromMiniSearch(index);
    // "telenets" is only in a title; "telenet" is in a text.
    expect(new NearSpellings(postings, ['text', 'title']).find('telenetx', 1).sort()).toEqual(['telenet', 'telenets']);
    expect(new NearSpellings(postings, ['text']).find('telenetx', 1)).toEqual(['telenet']);
  });
});
