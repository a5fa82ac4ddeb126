/**
 * Extractive summaries: what a moderator would pin. The seed article's summary must open with the
 * lede, hear both main speakers and stay compact; every summary of every article must be exact
 * sentences of the article, in order, within one Discord embed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { findStatements } from '../../src/answer/speakers/attribution.ts';
import { speakerAt } from '../../src/answer/speakers/lookup.ts';
import { MAX_SUMMARY_SENTENCES, summarise, summaryLength, summaryUnits } from '../../src/answer/summary.ts';
import { loadCorpus, parseArticle } from '../../src/corpus/load.ts';
import { Story } from '../../src/story.ts';
import type { Article, Summary } from '../../src/types.ts';

function article(...paragraphs: string[]): Article {
  return parseArticle('made-up.md', `---\nid: made-up\ntitle: A made-up story\n---\n\n${paragraphs.join('\n\n')}\n`);
}

/** The budget a caller passes: Discord's embed description, as the bot passes it. */
const BUDGET = 4_096;
let loaded: Story | undefined;
/** One story over the seed corpus for the tests that go through `Story` (loading is the slow part). */
const seedStory = (): Story => (loaded ??= Story.load('corpus'));
beforeAll(() => void seedStory(), 120_000);
const summaryOf = (a: Article): Summary => summarise(a, findStatements(a), { maxLength: BUDGET });

/**
 * What every summary of every article must satisfy: one embed; quotes in article order, each the
 * exact words of the paragraph it names; the text made of those quotes and nothing else; the
 * speaker the one attribution gives those words.
 */
function expectWellFormed(a: Article, summary: Summary): void {
  const statements = findStatements(a);
  expect(summary.article).toBe(a.id);
  expect(summary.title).toBe(a.title);
  expect(summary.text.length).toBeLessThanOrEqual(BUDGET);
  expect(summary.quotes.length).toBeGreaterThan(0);
  let at = 0;
  let previous = { paragraph: 0, start: -1 };
  for (const quote of summary.quotes) {
    const passage = a.passages[quote.paragraph - 1];
    if (!passage) throw new Error(`${a.id}: no paragraph ${quote.paragraph}`);
    // The same words may stand twice in a paragraph: take the first after the previous quote.
    const start = passage.text.indexOf(quote.text, quote.paragraph === previous.paragraph ? previous.start + 1 : 0);
    expect(start, `"${quote.text.slice(0, 40)}…" is in paragraph ${quote.paragraph}`).toBeGreaterThanOrEqual(0);
    expect(quote.paragraph > previous.paragraph || (quote.paragraph === previous.paragraph && start > previous.start)).toBe(true);
    previous = { paragraph: quote.paragraph, start };
    expect(quote.article).toBe(a.id);
    // A sentence written twice in one paragraph may be either occurrence (a Quote has no offset):
    // its speaker is the one of some occurrence.
    const speakers = new Set<string | null>();
    for (let at = start; at >= 0; at = passage.text.indexOf(quote.text, at + 1)) speakers.add(speakerAt(statements, passage, at, at + quote.text.length));
    expect(speakers).toContain(quote.speaker);
    const found = summary.text.indexOf(quote.text, at);
    expect(found).toBeGreaterThanOrEqual(at);
    expect(summary.text.slice(at, found)).toMatch(/^\s*$/);
    at = found + quote.text.length;
  }
  expect(at).toBe(summary.text.length);
}

describe('the seed article', () => {
  const seed = loadCorpus('corpus').find((a) => a.id === 'putin-wont-win-in-ukraine-nato');
  if (!seed) throw new Error('the seed article is missing from corpus/');
  const summary = summaryOf(seed);

  test('GIVEN the seed article THEN its summary is well formed', () => {
    expectWellFormed(seed, summary);
  });

  test('GIVEN the seed article THEN the summary opens with the lede (who, what: NATO says Putin will not win)', () => {
    expect(summary.quotes[0]?.paragraph).toBe(1);
    expect(summary.text.startsWith(seed.passages[0]?.sentences[0]?.text ?? '∅')).toBe(true);
  });

  test('GIVEN the seed article THEN both main speakers are heard (Putin’s threat, Stoltenberg’s answer)', () => {
    const speakers = new Set(summary.quotes.map((quote) => quote.speaker));
    expect(speakers).toContain('Putin');
    expect(speakers).toContain('Stoltenberg');
  });

  test('GIVEN the seed article THEN the summary says when (Wednesday, September 21) and what Putin announced', () => {
    // Paragraph 2 is the news: the mobilisation, the date and the nuclear threat.
    expect(summary.text).toContain('300,000 reservists');
    expect(summary.text).toContain('September 21');
  });

  test('GIVEN a 15-paragraph article THEN the summary is compact: 4 to 7 sentences', () => {
    expect(summary.quotes.length).toBeGreaterThanOrEqual(4);
    expect(summary.quotes.length).toBeLessThanOrEqual(7);
  });

  test('GIVEN Story.summary THEN it is the same summary, and editing it does not change the next one', () => {
    const story = seedStory();
    const first = story.summary(seed.id, { maxLength: BUDGET });
    expect(first).toEqual(summary);
    first.quotes.pop();
    expect(story.summary(seed.id, { maxLength: BUDGET })).toEqual(summary);
    expect(story.summary()).toEqual(story.summary(story.articles[0]?.id));
  });

  test('GIVEN a budget shorter than the summary THEN the summary fits it, and a larger one is not cut by it', () => {
    const story = seedStory();
    const whole = story.summary(seed.id);
    const short = story.summary(seed.id, { maxLength: 600 });
    expect(short.text.length).toBeLessThanOrEqual(600);
    expect(short.quotes.length).toBeLessThan(whole.quotes.length);
    expect(story.summary(seed.id, { maxLength: 100_000 })).toEqual(whole);
  });
});

describe('SQuAD articles (encyclopaedia pages, not news)', () => {
  const squad = loadCorpus('../shared/bench/squad2-dev/corpus');

  test.each(squad.map((a) => [a.id, a] as const))('GIVEN %s THEN its summary is well formed, opens with the lede and stays compact', (_, a) => {
    const summary = summaryOf(a);
    expectWellFormed(a, summary);
    expect(summary.quotes[0]?.paragraph).toBe(1);
    expect(summary.quotes.length).toBeLessThanOrEqual(MAX_SUMMARY_SENTENCES);
    // A long article is summarised by more than a handful of sentences, from beyond its intro.
    expect(summary.quotes.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...summary.quotes.map((q) => q.paragraph))).toBeGreaterThan(a.passages.length / 3);
  });
});

describe('edge cases', () => {
  test('GIVEN a one-sentence article THEN that sentence is the summary', () => {
    const a = article('NATO said on Monday that the summit would go ahead.');
    const summary = summaryOf(a);
    expect(summary.text).toBe('NATO said on Monday that the summit would go ahead.');
    expect(summary.quotes).toEqual([expect.objectContaining({ paragraph: 1, speaker: 'NATO' })]);
  });

  test('GIVEN an article of very long sentences THEN the summary still fits one embed', () => {
    // Forty paragraphs of ~900-character sentences: the sentence target alone would overflow.
    const long = (n: number): string => `Paragraph ${n} reports that ${Array.from({ length: 120 }, (_, i) => `fact${(n * 7 + i) % 97}`).join(' ')}.`;
    const a = article(...Array.from({ length: 40 }, (_, n) => long(n)));
    const summary = summaryOf(a);
    expectWellFormed(a, summary);
    expect(summary.text.length).toBeGreaterThan(BUDGET / 2);
  });

  test('GIVEN a first sentence longer than an embed THEN its opening, cut at a word, is the summary', () => {
    const a = article(`${Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ')}.`);
    const summary = summaryOf(a);
    expect(summary.text.length).toBeLessThanOrEqual(BUDGET);
    expect(a.text.startsWith(summary.text)).toBe(true);
    expect(summary.text).toMatch(/word\d+$/);
  });

  test('GIVEN a quotation over two sentences THEN the summary never cuts it in half', () => {
    const passage = article('“The plan failed. We start again,” Chen said. Then she left.').passages[0];
    if (!passage) throw new Error('no passage');
    // The sentence splitter cuts after "failed."; the unit keeps the quotation whole.
    expect(passage.sentences).toHaveLength(3);
    expect(summaryUnits(passage).map((u) => passage.text.slice(u.start, u.end))).toEqual([
      '“The plan failed. We start again,” Chen said.',
      'Then she left.',
    ]);
  });

  test.each([
    [1, 1],
    [5, 3],
    [15, 6],
    [40, 9],
    [64, 12],
    [500, MAX_SUMMARY_SENTENCES],
  ])('GIVEN %i sentences THEN aim for %i', (sentences, expected) => {
    expect(summaryLength(sentences)).toBe(expected);
  });
});

describe('properties', () => {
  const sentence = fc.constantFrom(
    'NATO said the alliance would stay calm.',
    '“We will not back down,” Putin said.',
    'The talks in Geneva ended on Tuesday without a deal.',
    'He said the plan was sound and would be funded.',
    'Prices rose by 4% in March, the central bank said.',
    'Protesters gathered outside the parliament.',
    '“It is a start. We will see,” Ruiz added.',
    'Finance Minister Ana Ruiz presented the budget.',
  );
  const paragraphs = fc.array(fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')), { minLength: 1, maxLength: 25 });

  test('GIVEN a sentence written twice in a paragraph THEN the summary still quotes it with its speaker', () => {
    // Found by the property below: the second "He said…" follows Putin's quotation.
    const said = 'He said the plan was sound and would be funded.';
    const a = article('NATO said the alliance would stay calm.', 'Protesters gathered outside the parliament.', `${said} “We will not back down,” Putin said. ${said}`);
    expectWellFormed(a, summaryOf(a));
  });

  test('GIVEN any article THEN its summary is well formed and opens with the first sentence', () => {
    fc.assert(
      fc.property(paragraphs, (texts) => {
        const a = article(...texts);
        const summary = summaryOf(a);
        expectWellFormed(a, summary);
        expect(summary.quotes[0]?.paragraph).toBe(1);
      }),
      { numRuns: 60 },
    );
  });
});
