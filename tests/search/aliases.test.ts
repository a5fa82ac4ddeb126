import { describe, expect, it } from 'vitest';
import { findAliases } from '../../src/search/aliases.ts';
import type { Word } from '../../src/text/words.ts';

/** A stand-in for WordNet's "is a kind of person". */
const PEOPLE = new Set(['general', 'negotiator', 'editor', 'wife', 'son']);
const isPerson = (lower: string) => PEOPLE.has(lower);
const isProper = (word: Word) => word.acronym || /^\p{Lu}/u.test(word.surface);
const titles = (text: string) => [...findAliases([text], isPerson, isProper)].map(([title, alias]) => `${title} → ${alias.name.join(' ')} (${alias.possessor.join(' ')})`);

describe('findAliases', () => {
  it.each([
    // The apposition that introduces a person: name, possessor, title, closing comma.
    ['Jens Stoltenberg, NATO’s secretary general, said the threat was reckless.', ['secretary general → jen stoltenberg (nato)']],
    ['Maria Lopez, the chief negotiator.', ['chief negotiator → maria lopez ()']],
    ['Bohemond, Robert’s son, sailed east.', ['son → bohemond (robert)']],
    // A participle opens a clause, not a title.
    ['The Huguenots, including poet Agrippa, left.', []],
    // The title must end in a kind of person, and be closed by punctuation.
    ['NATO, the 30-nation Western defense alliance will stay calm.', []],
    ['Putin, the president of the country said nothing.', []],
  ])('GIVEN %j THEN finds %j', (text, expected) => {
    expect(titles(text)).toEqual(expected);
  });

  it('GIVEN one title for two people THEN drops it as ambiguous', () => {
    const aliases = findAliases(['Anna Berg, the editor, spoke.', 'Carl Holm, the editor, wrote.'], isPerson, isProper);
    expect(aliases.size).toBe(0);
  });
});
