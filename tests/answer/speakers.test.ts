/**
 * Speaker attribution. Small made-up articles of many shapes, each expectation with the reason
 * it holds; then the seed article, whose dev-eval phrases must all be attributed right; then
 * properties every statement of any article must keep.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findStatements, type StatementSpan } from '../../src/answer/speakers/attribution.ts';
import { matchesSpeaker, rankSpeakers, speakerAt, speakerLookup, statementsAbout } from '../../src/answer/speakers/lookup.ts';
import { findQuotations } from '../../src/answer/speakers/quotations.ts';
import { foldQuotes } from '../../src/text/fold.ts';
import { loadCorpus, parseArticle } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';
import type { Article } from '../../src/types.ts';

/** An article from paragraphs, through the real loader (so sentences and offsets are real). */
function article(...paragraphs: string[]): Article {
  return parseArticle('made-up.md', `---\nid: made-up\ntitle: A made-up story\n---\n\n${paragraphs.join('\n\n')}\n`);
}

/** The statements as `speaker|kind|text` lines: easy to read in a failing diff. */
function summary(statements: readonly StatementSpan[]): string[] {
  return statements.map((s) => `${s.speaker}|${s.kind}|${s.text}`);
}

function seedArticle(): Article {
  const found = loadCorpus('corpus').find((a) => a.id === 'putin-wont-win-in-ukraine-nato');
  if (!found) throw new Error('the seed article is missing from corpus/');
  return found;
}
const seed = seedArticle();
const seedStatements = findStatements(seed);

describe('findStatements on made-up articles', () => {
  test.each([
    {
      why: 'GIVEN a quotation closed by "X said" THEN X said the quoted words, and the words outside are only framing',
      paragraphs: ['“We will rebuild the bridge,” Okafor said.'],
      expected: ['Okafor|direct|We will rebuild the bridge'],
    },
    {
      why: 'GIVEN "said X" after the quotation (inverted) THEN X, named as the article names them',
      paragraphs: ['“It is over,” said Maria Chen, the company’s chief executive.'],
      expected: ['Maria Chen|direct|It is over'],
    },
    {
      why: 'GIVEN straight quotes and a title before the name THEN the title is not part of the speaker',
      paragraphs: ['"We will rebuild," Mayor Tom Okafor said.'],
      expected: ['Tom Okafor|direct|We will rebuild'],
    },
    {
      why: 'GIVEN British single quotes THEN they are quotations like double ones',
      paragraphs: ['‘We will not yield,’ Finance Minister Ana Ruiz said.'],
      expected: ['Ana Ruiz|direct|We will not yield'],
    },
    {
      why: 'GIVEN "she said" THEN she is the person the previous sentence is about',
      paragraphs: ['Finance Minister Ana Ruiz presented the budget on Monday.', '“It is a fair budget,” she said.'],
      expected: ['Ana Ruiz|direct|It is a fair budget'],
    },
    {
      why: 'GIVEN "According to the minister" THEN the minister is the person the article titled so',
      paragraphs: ['Finance Minister Ana Ruiz presented the budget on Monday.', 'According to the minister, the deficit will halve by 2026.'],
      expected: ['Ana Ruiz|reported|According to the minister, the deficit will halve by 2026.'],
    },
    {
      why: 'GIVEN an organisation as subject ("NATO has said") THEN the organisation is the speaker',
      paragraphs: ['NATO has said it will not send troops.', 'The Kremlin said on Tuesday that the talks had failed.'],
      expected: ['NATO|reported|NATO has said it will not send troops.', 'Kremlin|reported|The Kremlin said on Tuesday that the talks had failed.'],
    },
    {
      why: 'GIVEN a second quotation with no clause of its own, right after the first THEN the same speaker goes on',
      paragraphs: ['“We are ready,” Chen said. “The plan is done.”'],
      expected: ['Chen|direct|We are ready', 'Chen|direct|The plan is done.'],
    },
    {
      why: 'GIVEN a quotation interrupted by its attribution THEN both halves are the speaker’s',
      paragraphs: ['“The first part,” Chen said, “and the second part.”'],
      expected: ['Chen|direct|The first part', 'Chen|direct|and the second part.'],
    },
    {
      why: 'GIVEN a quotation left open at the end of a paragraph THEN it continues in the next, whose speaker it shares',
      paragraphs: ['Maria Chen spoke to staff.', '“This is the first part of a long statement that runs on.', '“And this is the end of it,” Chen said.'],
      expected: ['Chen|direct|This is the first part of a long statement that runs on.', 'Chen|direct|And this is the end of it'],
    },
    {
      why: 'GIVEN "X said:" before the quotation THEN X said it, and the colon clause reports nothing more',
      paragraphs: ['Chen said: “We will win the contract.”'],
      expected: ['Chen|direct|We will win the contract.'],
    },
    {
      why: 'GIVEN "X told Reuters" THEN X is the speaker, not Reuters',
      paragraphs: ['“We are prepared,” Chen told Reuters.'],
      expected: ['Chen|direct|We are prepared'],
    },
    {
      why: 'GIVEN a subject separated from its verb by an apposition THEN the subject before the apposition speaks',
      paragraphs: ['Dr. Priya Natarajan, who leads the study at the Oslo institute, said the results were surprising.'],
      expected: ['Priya Natarajan|reported|Dr. Priya Natarajan, who leads the study at the Oslo institute, said the results were surprising.'],
    },
    {
      why: 'GIVEN "..., the mayor said." closing an unquoted sentence THEN it is reported, by the person titled mayor',
      paragraphs: ['"We will rebuild," Mayor Tom Okafor said.', 'The bridge will reopen in May, the mayor said.'],
      expected: ['Tom Okafor|direct|We will rebuild', 'Tom Okafor|reported|The bridge will reopen in May, the mayor said.'],
    },
    {
      why: 'GIVEN a description naming an office from an apposition ("the NATO chief") THEN the person with that office',
      paragraphs: ['Jens Stoltenberg, NATO’s secretary general, spoke in Brussels.', 'The NATO chief said the alliance would stay calm.'],
      expected: ['Jens Stoltenberg|reported|The NATO chief said the alliance would stay calm.'],
    },
    {
      why: 'GIVEN two people speaking in one sentence THEN each gets their own part',
      paragraphs: ['Putin said the war was going to plan, while Stoltenberg said it was not.'],
      expected: ['Putin|reported|Putin said the war was going to plan', 'Stoltenberg|reported|Stoltenberg said it was not.'],
    },
    {
      why: 'GIVEN "he" after a sentence naming a woman and a man THEN he is the man',
      paragraphs: ['Ana Ruiz met John Park on Monday.', 'He said the talks went well.'],
      expected: ['John Park|reported|He said the talks went well.'],
    },
    {
      why: 'GIVEN "X added that" THEN a reported statement by X',
      paragraphs: ['Stoltenberg added that the allies need to replenish their stocks.'],
      expected: ['Stoltenberg|reported|Stoltenberg added that the allies need to replenish their stocks.'],
    },
    {
      why: 'GIVEN a quotation followed by "adding that …" THEN the quotation and the reported addition',
      paragraphs: ['“Markets will calm down,” Okonkwo said, adding that rates would stay low.'],
      expected: [
        'Okonkwo|reported|“Markets will calm down,” Okonkwo said, adding that rates would stay low.',
        'Okonkwo|direct|Markets will calm down',
      ],
    },
  ])('$why', ({ paragraphs, expected }) => {
    expect(summary(findStatements(article(...paragraphs)))).toEqual(expected);
  });

  test.each([
    { why: 'a quotation nobody is said to have said (a sign) is not attributed', text: 'Protesters carried signs reading “No more war for us” outside the building.' },
    { why: 'a paragraph that is only a quotation, with no speaker anywhere, is not attributed', text: '“We will not back down.”' },
    { why: '"added" with an object is not speech', text: 'NATO added 300 troops to its eastern flank.' },
    { why: '"declared war" is not a statement', text: 'The country declared war on its neighbour in 1914.' },
    { why: 'a passive "was told" names the listener, not a speaker', text: 'Putin was told that the plan had failed.' },
    { why: 'a negated verb reports nothing said', text: 'Stoltenberg did not say when talks would start.' },
    { why: 'a possessive is not a subject ("Putin’s claims")', text: 'Putin’s claims were dismissed by everyone.' },
    { why: 'scare quotes are not speech', text: 'The so-called “peace plan” was rejected.' },
    { why: 'a plural common noun opening a sentence names nobody', text: 'Officials said the bridge would reopen.' },
    { why: '"he" with no one named before it is left unattributed', text: 'He said the plan would work.' },
    { why: 'a name after a preposition is not the subject ("from Lenin stresses")', text: 'This idea from Lenin stresses how much the order has changed.' },
    { why: 'a quoted name is not speech', text: 'Céloron threatened "Old Briton" with severe consequences.' },
  ])('GIVEN $text THEN nothing is attributed, because $why', ({ text }) => {
    expect(summary(findStatements(article(text)))).toEqual([]);
  });

  test('GIVEN a name used once in full and nine times by surname THEN the speaker is the surname, and the full name still matches', () => {
    // The form an article uses most is its name for the person (news style: full name once).
    const statements = findStatements(
      article(
        'Jens Stoltenberg spoke in Brussels on Monday.',
        ...Array.from({ length: 3 }, (_, i) => `Stoltenberg said that the ${i + 1}th point mattered.`),
      ),
    );
    expect(new Set(statements.map((s) => s.speaker))).toEqual(new Set(['Stoltenberg']));
    expect(statements.every((s) => matchesSpeaker(s, 'Jens Stoltenberg'))).toBe(true);
  });
});

describe('the seed article', () => {
  /** The phrase's span in the paragraph that holds it, apostrophes folded as dev-eval says. */
  function locate(phrase: string): { paragraph: number; start: number; end: number } {
    const wanted = foldQuotes(phrase).toLowerCase();
    for (const passage of seed.passages) {
      const start = foldQuotes(passage.text).toLowerCase().indexOf(wanted);
      if (start >= 0) return { paragraph: passage.paragraph, start, end: start + phrase.length };
    }
    throw new Error(`"${phrase}" is not in the seed article`);
  }

  const devEval = JSON.parse(readFileSync('../shared/dev-eval.json', 'utf8')) as { speakers: { phrase: string; speaker: string }[] };

  test.each(devEval.speakers)('GIVEN the dev-eval phrase "$phrase" THEN $speaker said it', ({ phrase, speaker }) => {
    const { paragraph, start, end } = locate(phrase);
    const passage = seed.passages[paragraph - 1];
    if (!passage) throw new Error(`no paragraph ${paragraph}`);
    expect(speakerAt(seedStatements, passage, start, end)).toBe(speaker);
    // And a statement carrying those words exists, so `/quote` lists them under that speaker.
    expect(seedStatements.some((s) => s.paragraph === paragraph && s.start <= start && s.end >= end && s.speaker === speaker)).toBe(true);
  });

  test('GIVEN the seed article THEN every paragraph holds the statement it should, with its speaker and kind', () => {
    const byParagraph = seedStatements.map((s) => `${s.paragraph} ${s.kind} ${s.speaker}: ${s.text.split(' ').slice(0, 4).join(' ')}`);
    expect(byParagraph).toEqual([
      // The lead: the story's claim, attributed at the end of an unquoted sentence.
      '1 reported NATO: Russian President, Vladimir Putin',
      '2 reported Putin: In an address to',
      '3 direct Putin: If the territorial integrity',
      // A quotation embedded mid-sentence, attributed after it.
      '4 direct Putin: lots of weapons to',
      // The subject before an apposition; the possessive "Putin’s threats" is not a subject.
      '5 reported Stoltenberg: Responding to Putin’s threats,',
      '5 direct Stoltenberg: dangerous and reckless rhetoric.',
      // "speaking to Reuters Editor in Chief Alessandra Galloni" names her, but he speaks.
      '6 reported Stoltenberg: Stoltenberg, speaking to Reuters',
      // "He said" twice: Stoltenberg was the last speaker, Galloni is only spoken to.
      '7 reported Stoltenberg: He said the move',
      '8 reported Stoltenberg: He said NATO, the',
      '8 direct Stoltenberg: not engage in that',
      // Quotations over two sentences stay one statement.
      '9 direct Stoltenberg: The speech of President',
      '10 direct Stoltenberg: More troops will escalate',
      '11 reported Stoltenberg: Stoltenberg said that although',
      '12 reported Stoltenberg: He said as long',
      '13 direct Stoltenberg: The only way to',
      '14 reported Stoltenberg: Stoltenberg added that members',
      // A scare-quoted phrase in a sentence closed by "Stoltenberg said" is his too.
      '15 reported Stoltenberg: As NATO was prepared',
    ]);
  });

  test('GIVEN a span outside any statement THEN speakerAt says nobody', () => {
    const passage = article('The weather was mild. “We won,” Chen said.').passages[0];
    if (!passage) throw new Error('no passage');
    const statements = findStatements(article('The weather was mild. “We won,” Chen said.'));
    expect(speakerAt(statements, passage, 0, 'The weather was mild.'.length)).toBeNull();
    expect(speakerAt(statements, passage, passage.text.indexOf('We won'), passage.text.length)).toBe('Chen');
  });
});

describe('speaker names', () => {
  const stoltenberg = seedStatements.find((s) => s.speaker === 'Stoltenberg');
  const putin = seedStatements.find((s) => s.speaker === 'Putin');

  test.each([
    ['Stoltenberg', true],
    ['stoltenberg', true],
    ['Jens Stoltenberg', true],
    ['JENS STOLTENBERG', true],
    ['Putin', false],
    ['', false],
  ])('GIVEN the query %j THEN it matches Stoltenberg: %s', (query, expected) => {
    if (!stoltenberg) throw new Error('no Stoltenberg statement');
    expect(matchesSpeaker(stoltenberg, query)).toBe(expected);
  });

  test.each(['Putin', 'Vladimir Putin', 'President Putin', 'president putin'])('GIVEN %j THEN it matches Putin', (query) => {
    if (!putin) throw new Error('no Putin statement');
    expect(matchesSpeaker(putin, query)).toBe(true);
  });

  test('GIVEN the seed statements THEN speakers rank by number of statements', () => {
    expect(rankSpeakers(seedStatements)).toEqual(['Stoltenberg', 'Putin', 'NATO']);
  });

  test('GIVEN one person called by full name in one article and surname in another THEN they are counted once', () => {
    const ranked = rankSpeakers([{ speaker: 'Putin' }, { speaker: 'Putin' }, { speaker: 'Vladimir Putin' }, { speaker: 'NATO' }]);
    expect(ranked).toEqual(['Putin', 'NATO']);
  });
});

describe('statementsAbout', () => {
  test('GIVEN a topic THEN only statements sharing its words, best match first', () => {
    // Paragraph 8's quotation holds both words and little else: it wins over the longer
    // sentences of paragraphs 5 and 8 that hold both too. Statements with one of the two words
    // ("dangerous and reckless rhetoric.", Putin's "nuclear weapons") come after all of those.
    const found = statementsAbout(seedStatements, 'nuclear rhetoric');
    const hasBoth = (text: string): boolean => /nuclear/.test(text) && /rhetoric/.test(text);
    expect(found[0]?.text).toMatch(/^not engage in that same kind of reckless and dangerous nuclear rhetoric/);
    const both = found.filter((s) => hasBoth(s.text));
    expect(both).toHaveLength(3);
    expect(found.slice(0, 3)).toEqual(both);
    expect(found.map((s) => s.text)).toContain('dangerous and reckless rhetoric.');
    expect(found.every((s) => /nuclear|rhetoric/i.test(s.text))).toBe(true);
  });

  test('GIVEN a word form the statements use another form of ("mobilisation") THEN stemming still finds them', () => {
    expect(statementsAbout(seedStatements, 'escalating').some((s) => s.text.includes('escalate'))).toBe(true);
  });

  test('GIVEN a topic the statements never touch THEN none', () => {
    expect(statementsAbout(seedStatements, 'football')).toEqual([]);
  });
});

describe('Story.quotes and Story.speakers', () => {
  const story = Story.load('corpus');

  test('GIVEN no filter THEN every statement once, as plain JSON-ready statements in article order', () => {
    const all = story.quotes();
    // A quotation inside a sentence of the same speaker reporting it is listed as that sentence only.
    const fragments = seedStatements.filter((s) => seedStatements.some((o) => o !== s && o.speaker === s.speaker &&
      o.paragraph === s.paragraph && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start));
    expect(fragments.length).toBeGreaterThan(0);
    expect(all).toHaveLength(seedStatements.length - fragments.length);
    expect(new Set(all.map((s) => s.text)).size).toBe(all.length);
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['article', 'kind', 'paragraph', 'speaker', 'text']);
    expect(all.map((s) => s.paragraph)).toEqual([...all.map((s) => s.paragraph)].sort((a, b) => a - b));
  });

  test.each([
    ['Stoltenberg', 'Stoltenberg'],
    ['jens stoltenberg', 'Stoltenberg'],
    ['President Putin', 'Putin'],
    ['vladimir putin', 'Putin'],
    ['nato', 'NATO'],
  ])('GIVEN speaker %j THEN only %s’s statements', (query, speaker) => {
    const found = story.quotes({ speaker: query });
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((s) => s.speaker))).toEqual(new Set([speaker]));
  });

  test('GIVEN a speaker the story never quotes THEN nothing', () => {
    expect(story.quotes({ speaker: 'Zelensky' })).toEqual([]);
  });

  test('GIVEN a topic THEN only matching statements, best first; with a speaker, both filters apply', () => {
    const found = story.quotes({ topic: 'nuclear weapons' });
    expect(found[0]?.text).toMatch(/nuclear weapons/);
    expect(found.every((s) => /nuclear|weapon/i.test(s.text))).toBe(true);
    // Putin's announcement names nuclear weapons; his "lots of weapons to reply" only weapons.
    const putins = story.quotes({ topic: 'nuclear weapons', speaker: 'Putin' });
    expect(putins.map((s) => [s.speaker, s.paragraph])).toEqual([['Putin', 2], ['Putin', 4]]);
  });

  test('GIVEN an unknown article THEN the error names it', () => {
    expect(() => story.quotes({ article: 'nope' })).toThrow(/No article "nope"/);
  });

  test('GIVEN the seed corpus THEN the speakers, most quoted first', () => {
    expect(story.speakers()).toEqual(['Stoltenberg', 'Putin', 'NATO']);
  });
});

describe('findQuotations', () => {
  test.each([
    { text: 'He said “yes,” and left.', spans: [[8, 13]] },
    { text: 'He said "yes" and "no".', spans: [[8, 12], [18, 21]] },
    { text: 'Putin won’t win; the Russians’ plan failed.', spans: [] },
    { text: '“Open and never closed', spans: [[0, 22]] },
  ])('GIVEN $text THEN the quotation marks found are $spans', ({ text, spans }) => {
    expect(findQuotations(text).map((q) => [q.open, q.close])).toEqual(spans);
  });
});

describe('properties', () => {
  const sentence = fc.constantFrom(
    '“We will fight on,” Putin said.',
    'Stoltenberg said that the alliance would stay calm.',
    'He said the plan was sound.',
    'The weather was mild in Kyiv.',
    '"Enough," said Maria Chen.',
    'According to the minister, prices will fall.',
    'Finance Minister Ana Ruiz spoke on Monday.',
    '“It is a start. We will see,” she added.',
    'NATO has said it will not send troops.',
    'Officials said the bridge would reopen.',
    '‘Fine,’ Okafor said, “and more to come.',
  );
  const paragraphs = fc.array(fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' ')), { minLength: 1, maxLength: 6 });

  test('GIVEN any article THEN every statement is the exact text of its paragraph at its offsets', () => {
    fc.assert(
      fc.property(paragraphs, (texts) => {
        const made = article(...texts);
        for (const statement of findStatements(made)) {
          const passage = made.passages[statement.paragraph - 1];
          expect(passage?.text.slice(statement.start, statement.end)).toBe(statement.text);
          expect(statement.text.trim()).toBe(statement.text);
          expect(statement.text.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('GIVEN the SQuAD articles THEN every statement is exact text and speakerAt finds its speaker', () => {
    for (const squad of loadCorpus('../shared/bench/squad2-dev/corpus')) {
      const statements = findStatements(squad);
      for (const statement of statements) {
        const passage = squad.passages[statement.paragraph - 1];
        if (!passage) throw new Error(`${squad.id}: no paragraph ${statement.paragraph}`);
        expect(passage.text.slice(statement.start, statement.end)).toBe(statement.text);
        expect(speakerAt(statements, passage, statement.start, statement.end)).not.toBeNull();
      }
    }
  });
});

describe('speakerLookup', () => {
  const statements = loadCorpus(DEFAULT_CORPUS_DIR).flatMap((article) => findStatements(article));
  const lookup = speakerLookup(statements);
  const names = [...new Set(statements.flatMap((statement) => [statement.speaker, ...statement.names]))];

  test('GIVEN any name the story uses, its surname, a title before it or other casing THEN it finds exactly what matchesSpeaker finds, in order', () => {
    const queries = names.flatMap((name) => [name, name.toUpperCase(), name.split(' ').at(-1) ?? name, `President ${name}`, `${name}’s`]);
    for (const query of [...queries, 'Nobody Known', '', '   ', 'the']) {
      expect(lookup(query), query).toEqual(statements.filter((statement) => matchesSpeaker(statement, query)));
    }
  });

  test('GIVEN random text THEN it agrees with matchesSpeaker', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...names).map((name) => name.toLowerCase())), (query) => {
        expect(lookup(query)).toEqual(statements.filter((statement) => matchesSpeaker(statement, query)));
      }),
    );
  });
});
