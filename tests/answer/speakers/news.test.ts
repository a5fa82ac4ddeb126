/**
 * Speakers on news as it is written beyond the seed: bodies that speak only where the article has
 * them speak, quotations over several paragraphs, names with particles, titles in lowercase,
 * documents that speak for their makers. Made-up paragraphs in the shapes real pages use; each row
 * says why its speakers are right.
 */
import { describe, expect, test } from 'vitest';
import { findStatements, type StatementSpan } from '../../../src/answer/speakers/attribution.ts';
import { StatementStore } from '../../../src/answer/statements.ts';
import { parseArticle } from '../../../src/corpus/load.ts';
import type { Article } from '../../../src/types.ts';

function article(...paragraphs: string[]): Article {
  return parseArticle('made-up.md', `---\nid: made-up\ntitle: A made-up story\n---\n\n${paragraphs.join('\n\n')}\n`);
}

/** The statements as `speaker|kind|text` lines: easy to read in a failing diff. */
function lines(statements: readonly StatementSpan[]): string[] {
  return statements.map((s) => `${s.speaker}|${s.kind}|${s.text}`);
}

const CASES: { why: string; paragraphs: string[]; expected: string[] }[] = [
  {
    why: 'GIVEN a place inside a prepositional phrase before "announced" THEN the place does not speak: nothing is quoted',
    paragraphs: ['Regions in eastern and southern Ukraine announced so-called referendums on joining Russia.'],
    expected: [],
  },
  {
    why: 'GIVEN a body that is the subject of a speech verb THEN it speaks',
    paragraphs: ['The Defence Ministry released footage on Monday.', 'The ministry said the strike hit a depot.'],
    expected: ['Defence Ministry|reported|The ministry said the strike hit a depot.'],
  },
  {
    why: 'GIVEN a two-word scare quote inside a sentence THEN it is not a statement of its own; the sentence is',
    paragraphs: ['As the alliance prepared for a “long haul” in the region, it was now talking to arms makers, Stoltenberg said.'],
    expected: ['Stoltenberg|reported|As the alliance prepared for a “long haul” in the region, it was now talking to arms makers, Stoltenberg said.'],
  },
  {
    why: 'GIVEN a quotation opened in one paragraph and never closed, between two of one speaker THEN it keeps that speaker',
    paragraphs: [
      '“We were told it was safe,” her father, Tom Reed, said on Monday.',
      '“Nobody warned us about the side effects. We trusted them.',
      'He added: “We will not stop until the sellers are found.”',
    ],
    expected: [
      'Tom Reed|direct|We were told it was safe',
      'Tom Reed|direct|Nobody warned us about the side effects. We trusted them.',
      'Tom Reed|direct|We will not stop until the sellers are found.',
    ],
  },
  {
    why: 'GIVEN a quotation over three paragraphs, each opening a mark and the last closing it THEN one speaker for all',
    paragraphs: [
      'Mayor Ana Ruiz spoke after the vote.',
      '“The first part of what I have to say runs on.',
      '“The second part runs on as well.',
      '“And this is the end of it,” Ruiz said.',
    ],
    expected: [
      'Ruiz|direct|The first part of what I have to say runs on.',
      'Ruiz|direct|The second part runs on as well.',
      'Ruiz|direct|And this is the end of it',
    ],
  },
  {
    why: 'GIVEN "her mother, Fiona, said" THEN the name in the apposition speaks, the description names nobody',
    paragraphs: ['“It was a lethal dose,” her mother, Fiona, said in a statement.'],
    expected: ['Fiona|direct|It was a lethal dose'],
  },
  {
    why: 'GIVEN lowercase titles after an inverted "said" THEN the person they title speaks',
    paragraphs: ['“We are concerned over the sale of these pills,” said chief inspector Jane Moss from the county police.'],
    expected: ['Jane Moss|direct|We are concerned over the sale of these pills'],
  },
  {
    why: 'GIVEN a surname with a particle ("Luis de Miranda", "de Miranda writes") THEN one speaker, named with the particle',
    paragraphs: ['The philosopher Luis de Miranda has a book out on neon.', '“Light became a mood in the cities,” de Miranda writes.'],
    expected: ['de Miranda|direct|Light became a mood in the cities'],
  },
  {
    why: 'GIVEN a colon introducing a quotation THEN the subject of the sentence speaks, whatever its verb',
    paragraphs: [
      'In the midst of the storm, Acme stepped in and posted this notice: “All flights are cancelled until further notice.”',
    ],
    expected: ['Acme|direct|All flights are cancelled until further notice.'],
  },
  {
    why: 'GIVEN "…, saying, “…”" THEN the subject of the sentence says it',
    paragraphs: ['Emery retweeted the story, saying, “Are there any calm fans left?”'],
    expected: ['Emery|direct|Are there any calm fans left?'],
  },
  {
    why: 'GIVEN "The tweet from X reads" THEN X speaks through its tweet',
    paragraphs: ['The tweet from Vulture magazine reads, “The show was interrupted by an angry fan.”'],
    expected: [
      'Vulture|reported|The tweet from Vulture magazine reads, “The show was interrupted by an angry fan.”',
      'Vulture|direct|The show was interrupted by an angry fan.',
    ],
  },
  {
    why: 'GIVEN "the report states" after "a report released by X" THEN X speaks, by its whole name',
    paragraphs: [
      'A new report released on Monday by Stanford University’s Center on Poverty and Inequality questions that.',
      'As the report states: “The birth lottery matters more here than elsewhere.”',
    ],
    expected: ['Stanford University’s Center on Poverty and Inequality|direct|The birth lottery matters more here than elsewhere.'],
  },
  {
    why: 'GIVEN a second quotation after "X wrote …, he said, …" THEN it goes on in X’s voice: every attribution between is X’s',
    paragraphs: ['“I waited a long time,” developer Sam Okoro wrote on Thursday, two years, he said, after reporting it. “The company has failed to act.”'],
    expected: ['Sam Okoro|direct|I waited a long time', 'Sam Okoro|direct|The company has failed to act.'],
  },
  {
    why: 'GIVEN a first name alone after the full name THEN the person is named by the full name, not the first name',
    paragraphs: ['Lupita Nyong’o’s dress was stolen.', '“It was taken from my room,” Lupita said.'],
    expected: ['Lupita Nyong’o|direct|It was taken from my room'],
  },
];

describe('speakers on news pages', () => {
  test.each(CASES)('$why', ({ paragraphs, expected }) => {
    expect(lines(findStatements(article(...paragraphs)))).toEqual(expected);
  });
});

describe('listing statements', () => {
  test('GIVEN a sentence reporting a quotation of the same speaker THEN /quote lists the statement once, the sentence', () => {
    const a = article('Jens Stoltenberg, NATO’s secretary general, said the threat was “dangerous and reckless rhetoric.”');
    // Attribution finds both (answers quote the tighter one), but a listing shows each statement once.
    expect(findStatements(a)).toHaveLength(2);
    expect(new StatementStore([a]).select({ speaker: 'Stoltenberg' }).map((s) => s.text)).toEqual([
      'Jens Stoltenberg, NATO’s secretary general, said the threat was “dangerous and reckless rhetoric.”',
    ]);
  });
});
