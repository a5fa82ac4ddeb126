/**
 * The wording of every reply. Answers are built by hand where the wording is under test (the
 * engine's internals are changing), and taken from the real seed article where only structure,
 * attribution and "exact words of the article" are asserted.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Story, type Answer, type Quote, type Source, type Statement, type Summary } from '../src/story.ts';
import { viewToText } from '../src/terminal/render.ts';
import {
  answerFooter,
  answerPageCount,
  answerView,
  attribution,
  checkView,
  cooldownMessage,
  errorView,
  escapeMarkdown,
  helpView,
  isPinnedSummaryFooter,
  MAX_CLAIM_ECHO,
  MAX_STATEMENTS_SHOWN,
  MESSAGES,
  parseAnswerFooter,
  PINNED_SUMMARY_MARKER,
  quotesView,
  sourcesView,
  summaryView,
  unescapeMarkdown,
} from '../src/views.ts';

const story = Story.load('corpus');
const article = story.articles[0];
if (!article) throw new Error('the seed corpus has no article');

const SOURCES: Source[] = [
  { id: 'nato', title: 'Putin won’t win – NATO', publisher: 'Daily Post', published: '2022-09-22', url: 'https://example.com/nato', passages: 15 },
  { id: 'bare', title: 'Bare article', passages: 3 },
];

function quote(fields: Partial<Quote> = {}): Quote {
  return { text: 'Putin will not win.', speaker: 'Stoltenberg', article: 'nato', title: 'Putin won’t win – NATO', paragraph: 9, score: 3, ...fields };
}

function answer(fields: Partial<Answer> = {}): Answer {
  const question = fields.question ?? 'What did NATO say?';
  // A question on its own is understood as asked.
  return { question, understood: question, answered: true, quotes: [quote(), quote({ text: 'More troops will escalate.', paragraph: 10 })], suggestions: [], ...fields };
}

/** Every line of a view that is a block quote, with the "> " and the escapes removed. */
function quotedLines(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) => unescapeMarkdown(line.slice(2)));
}

describe('escapeMarkdown', () => {
  test.each([
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['__underline__ ~~strike~~ ||spoiler||', '\\_\\_underline\\_\\_ \\~\\~strike\\~\\~ \\|\\|spoiler\\|\\|'],
    ['[link](https://evil.example)', '\\[link\\](https://evil.example)'],
    ['<@123> <@&456> <#789>', '\\<@123\\> \\<@&456\\> \\<#789\\>'],
    ['# heading', '\\# heading'],
    ['> quote', '\\> quote'],
    ['- list', '\\- list'],
    ['1. numbered', '1\\. numbered'],
    ['`code`', '\\`code\\`'],
    ['back\\slash', 'back\\\\slash'],
  ])('GIVEN %j THEN it is shown as typed: %j', (input, escaped) => {
    expect(escapeMarkdown(input)).toBe(escaped);
    expect(unescapeMarkdown(escaped)).toBe(input);
  });

  test('GIVEN any text THEN unescape(escape(text)) is the text (round trip)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (input) => unescapeMarkdown(escapeMarkdown(input)) === input));
  });

  test('GIVEN any text THEN the escaped form has no unescaped formatting character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => {
        const escaped = escapeMarkdown(input);
        // Remove escaped pairs; what is left must not contain a formatting character.
        return !/[*_~`|[\]<>]/.test(escaped.replace(/\\./g, ''));
      }),
    );
  });
});

describe('answerView', () => {
  test('GIVEN an answer THEN the best quote is shown word for word in a block quote, with speaker and attribution', () => {
    const view = answerView(answer(), { sources: SOURCES });
    expect(view.tone).toBe('answer');
    expect(view.description.split('\n')).toEqual(['> Putin will not win.', '— Stoltenberg', 'paragraph 9 · Putin won’t win – NATO · Daily Post']);
    expect(view.url).toBe('https://example.com/nato');
    expect(view.footer).toBe('Quote 1 of 2 · you asked “What did NATO say?”');
  });

  test('GIVEN page 1 THEN the second quote is shown and the footer counts it', () => {
    const view = answerView(answer(), { page: 1, sources: SOURCES });
    expect(quotedLines(view.description)).toEqual(['More troops will escalate.']);
    expect(parseAnswerFooter(view.footer)).toEqual({ page: 1, total: 2, question: 'What did NATO say?' });
  });

  test.each([-1, 1.5, Number.NaN])('GIVEN a nonsense page %s THEN the first quote is shown', (page) => {
    expect(quotedLines(answerView(answer(), { page }).description)).toEqual(['Putin will not win.']);
  });

  test('GIVEN a page past the end THEN the last quote is shown', () => {
    expect(quotedLines(answerView(answer(), { page: 99 }).description)).toEqual(['More troops will escalate.']);
  });

  test('GIVEN a quote with no speaker THEN there is no speaker line, and no publisher when none is known', () => {
    const view = answerView(answer({ quotes: [quote({ speaker: null, article: 'bare', title: 'Bare article', paragraph: 2 })] }), { sources: SOURCES });
    expect(view.description.split('\n')).toEqual(['> Putin will not win.', 'paragraph 2 · Bare article']);
    expect(view.url).toBeUndefined();
  });

  test('GIVEN the story does not cover the question THEN it says so plainly and lists the suggestions', () => {
    const view = answerView(answer({ answered: false, quotes: [], suggestions: ['NATO and nuclear threats', 'Russian mobilisation'] }));
    expect(view.tone).toBe('abstain');
    expect(view.description).toBe(`${MESSAGES.notCovered} You asked: “What did NATO say?”`);
    expect(view.fields).toEqual([{ name: 'It does cover', value: '• NATO and nuclear threats\n• Russian mobilisation' }]);
    expect(view.footer).toBeUndefined();
  });

  test('GIVEN no suggestions THEN the article titles are offered instead, or /source when there are none', () => {
    const none = answer({ answered: false, quotes: [] });
    expect(answerView(none, { sources: SOURCES }).fields).toEqual([{ name: 'Ask about', value: '• Putin won’t win – NATO\n• Bare article' }]);
    expect(answerView(none).fields).toEqual([{ name: 'Ask about', value: MESSAGES.noSuggestions }]);
  });

  test('GIVEN markdown and mentions in the question THEN they are escaped where Markdown is rendered', () => {
    const view = answerView(answer({ answered: false, quotes: [], question: '**bold** @everyone <@&123>' }));
    expect(view.description).toContain('\\*\\*bold\\*\\* @everyone \\<@&123\\>');
  });

  test('GIVEN a question THEN the footer carries it exactly (plain text) and reads back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1_000 }).map((text) => text.replace(/\n/g, ' ')), fc.nat(20), fc.nat(20), (question, page, extra) => {
        const total = page + extra + 1;
        return JSON.stringify(parseAnswerFooter(answerFooter(page, total, question))) === JSON.stringify({ page, total, question });
      }),
    );
    expect(parseAnswerFooter('storybot summary')).toBeUndefined();
    expect(parseAnswerFooter(undefined)).toBeUndefined();
  });

  test('GIVEN real answers from the seed article THEN every quoted line is exact words of the article', () => {
    for (const question of ['What did Stoltenberg say about nuclear weapons?', 'How many reservists?', 'Will Putin win?']) {
      const real = story.ask(question, { limit: 5 });
      for (let page = 0; page < answerPageCount(real); page++) {
        const view = answerView(real, { page, sources: story.sources() });
        for (const line of quotedLines(view.description)) expect(article.text).toContain(line);
        // The attribution is the line after the quote (and speaker line, if any).
        expect(view.description).toMatch(/\nparagraph \d+ · .+$/);
      }
    }
  });
});

describe('checkView', () => {
  test('GIVEN passages THEN each is a field with the quote and its attribution, and the claim is echoed escaped', () => {
    const view = checkView(answer({ question: 'NATO said *nothing*' }), { sources: SOURCES });
    expect(view.description).toBe('Checked: “NATO said \\*nothing\\*”\nThese passages bear on it; read them and judge for yourself.');
    expect(view.fields.map((field) => field.name)).toEqual(['Passage 1', 'Passage 2']);
    expect(view.fields[0]?.value).toBe('> Putin will not win.\n— Stoltenberg\nparagraph 9 · Putin won’t win – NATO · Daily Post');
  });

  test('GIVEN nothing bears on the claim THEN it says the story does not say anything about it', () => {
    const view = checkView(answer({ answered: false, quotes: [] }));
    expect(view.description.split('\n')[0]).toBe(MESSAGES.claimNotCovered);
  });

  test('GIVEN a long claim THEN only its start is echoed', () => {
    const view = checkView(answer({ question: 'word '.repeat(400).trim() }));
    expect(view.description.length).toBeLessThan(MAX_CLAIM_ECHO + 200);
    expect(view.description).toContain('…”');
  });
});

describe('quotesView', () => {
  const statements: Statement[] = [
    { text: 'dangerous and reckless rhetoric', speaker: 'Stoltenberg', kind: 'direct', article: 'nato', paragraph: 5 },
    { text: 'Russia’s first mobilization since World War Two would escalate the conflict', speaker: 'Stoltenberg', kind: 'reported', article: 'nato', paragraph: 6 },
  ];

  test('GIVEN statements THEN each is quoted with its speaker and attribution', () => {
    const view = quotesView(statements, { speaker: 'Stoltenberg', topic: 'nuclear', sources: SOURCES });
    expect(view.title).toBe('What Stoltenberg said about “nuclear”');
    expect(view.fields).toEqual([
      { name: '— Stoltenberg', value: '> dangerous and reckless rhetoric\nparagraph 5 · Putin won’t win – NATO · Daily Post' },
      { name: '— Stoltenberg (reported)', value: '> Russia’s first mobilization since World War Two would escalate the conflict\nparagraph 6 · Putin won’t win – NATO · Daily Post' },
    ]);
  });

  test(`GIVEN more than ${MAX_STATEMENTS_SHOWN} statements THEN the rest are counted in the footer`, () => {
    const many = Array.from({ length: MAX_STATEMENTS_SHOWN + 3 }, (_, index) => ({ ...statements[0], paragraph: index + 1 }) as Statement);
    const view = quotesView(many, { speaker: 'Stoltenberg' });
    expect(view.fields).toHaveLength(MAX_STATEMENTS_SHOWN);
    expect(view.footer).toBe('and 3 more; add a topic to narrow them down');
  });

  test('GIVEN maxShown covering every statement (the terminal) THEN all are listed, each worded as on Discord, and no "more" footer', () => {
    const many = Array.from({ length: MAX_STATEMENTS_SHOWN + 3 }, (_, index) => ({ ...statements[0], paragraph: index + 1 }) as Statement);
    const all = quotesView(many, { speaker: 'Stoltenberg', maxShown: many.length });
    expect(all.fields).toHaveLength(many.length);
    expect(all.footer).toBeUndefined();
    // The first ten are exactly what the embed shows.
    expect(all.fields.slice(0, MAX_STATEMENTS_SHOWN)).toEqual(quotesView(many, { speaker: 'Stoltenberg' }).fields);
  });

  test.each([
    [{ speaker: 'Nobody' }, 'The story quotes no one called “Nobody”.'],
    [{ speaker: 'Putin', topic: 'cats' }, 'The story quotes nothing from Putin about “cats”.'],
    [{ speaker: '**x**' }, 'The story quotes no one called “\\*\\*x\\*\\*”.'],
  ])('GIVEN no statements for %j THEN it says %j', (options, message) => {
    const view = quotesView([], { ...options, speakers: ['Stoltenberg', 'Putin'] });
    expect(view.description).toBe(message);
    expect(view.fields).toEqual([{ name: 'People the story quotes', value: '• Stoltenberg\n• Putin' }]);
  });
});

describe('summaryView', () => {
  const summary: Summary = { article: 'nato', title: 'Putin won’t win – NATO', text: 'NATO said Putin will not win.', quotes: [quote()] };

  test('GIVEN a summary THEN title, text, publisher, date and link are shown', () => {
    const view = summaryView(summary, { sources: SOURCES });
    expect(view).toMatchObject({ title: 'Putin won’t win – NATO', url: 'https://example.com/nato', footer: 'Daily Post · 2022-09-22 · storybot summary' });
    expect(view.description).toBe(`${escapeMarkdown(quote().text)} (¶${quote().paragraph})`);
    expect(view.fields).toEqual([{ name: 'Quoted in this summary', value: 'Stoltenberg' }]);
    expect(isPinnedSummaryFooter(view.footer)).toBe(false);
  });

  test('GIVEN the pinned copy THEN its footer carries the marker that pinning looks for', () => {
    const view = summaryView(summary, { sources: SOURCES, pinned: true });
    expect(view.footer?.endsWith(PINNED_SUMMARY_MARKER)).toBe(true);
    expect(isPinnedSummaryFooter(view.footer)).toBe(true);
  });

  test('GIVEN an empty summary THEN it says there is none yet', () => {
    expect(summaryView({ ...summary, text: '  ' }).description).toBe(MESSAGES.emptySummary);
  });

  test('GIVEN the real summary THEN it is escaped article text, each paragraph of it followed by its number', () => {
    const real = story.summary();
    const view = summaryView(real, { sources: story.sources() });
    expect(view.title).toBe(escapeMarkdown(article.title));
    const blocks = view.description.split('\n\n');
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) {
      const [, words = '', paragraph = ''] = /^([\s\S]+) \(¶(\d+)\)$/.exec(block) ?? [];
      const passage = article.passages[Number(paragraph) - 1];
      // Each block is the article's own words, from the paragraph it names.
      for (const sentence of real.quotes.filter((quote) => quote.paragraph === Number(paragraph))) expect(passage?.text).toContain(sentence.text);
      expect(real.text).toContain(unescapeMarkdown(words));
    }
  });

  test('GIVEN a summary whose marks would overflow the budget THEN the plain text is shown; without a budget, the marks', () => {
    const sentence = 'A'.repeat(90);
    const quotes = Array.from({ length: 42 }, (_, i) => quote({ text: sentence, paragraph: i + 1 }));
    const text = quotes.map((q) => q.text).join('\n\n');
    // 42 × (90 + " (¶NN)" + a blank line) is about 4,200 characters: over a 4,096 budget, not over none.
    expect(summaryView({ ...summary, text, quotes }, { budget: 4_096 }).description).toBe(text);
    expect(summaryView({ ...summary, text, quotes }).description).toContain('(¶42)');
  });
});

describe('sourcesView, helpView, errorView', () => {
  test('GIVEN sources THEN each shows publisher, date, passages and link where known', () => {
    const view = sourcesView(SOURCES);
    expect(view.fields).toEqual([
      { name: 'Putin won’t win – NATO', value: 'Daily Post · 2022-09-22\n15 passages · id `nato`\n<https://example.com/nato>' },
      { name: 'Bare article', value: 'publisher and date not given\n3 passages · id `bare`' },
    ]);
    expect(sourcesView([]).description).toBe(MESSAGES.noSources);
  });

  test('GIVEN the real corpus THEN /source lists its article with its passage count', () => {
    const view = sourcesView(story.sources());
    expect(view.fields[0]?.name).toBe(escapeMarkdown(article.title));
    expect(view.fields[0]?.value).toContain(`${article.passages.length} passages`);
  });

  test('helpView names every command', () => {
    const names = helpView().fields.map((field) => field.name);
    for (const command of ['/ask', '/quote', '/summary', '/pin-summary', '/source', '/article', 'Check against the story', 'Direct messages']) {
      expect(names.some((name) => name.startsWith(command))).toBe(true);
    }
  });

  test('errorView escapes the message (it may echo what the member typed)', () => {
    expect(errorView('No article "**x**".')).toEqual({ description: 'No article "\\*\\*x\\*\\*".', fields: [], tone: 'error' });
  });

  test.each([
    [0.2, 'You are asking quickly. Try again in 1 s.'],
    [12.1, 'You are asking quickly. Try again in 13 s.'],
    [30, 'You are asking quickly. Try again in 30 s.'],
  ])('cooldownMessage(%s) is %j', (seconds, message) => {
    expect(cooldownMessage(seconds)).toBe(message);
  });

  test('attribution leaves out what is unknown', () => {
    expect(attribution({ article: 'unknown-id', paragraph: 4 })).toBe('paragraph 4 · unknown-id');
  });

  test('viewToText shows a view without Markdown escapes', () => {
    const textView = viewToText(answerView(answer({ question: 'a*b' , quotes: [quote({ text: 'x_y' })] }), { sources: SOURCES }));
    expect(textView).toContain('> x_y');
    expect(textView).toContain('you asked “a*b”');
  });
});
