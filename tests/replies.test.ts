/**
 * src/replies.ts: the one request → View path both front doors use. The Discord commands and the
 * terminal are tested through their own doors; here, what they share: paging, /quote's request,
 * the summary's budget and the check's claim.
 */
import { describe, expect, test } from 'vitest';
import { ASK_QUOTE_LIMIT, askPage, checkReply, fitClaim, quotesReply, quotesRequest, quotesRequestFromText, splitSpeakerAndTopic, summaryReply } from '../src/replies.ts';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import { MAX_QUESTION_LENGTH, Story } from '../src/story.ts';
import { MESSAGES, parseAnswerFooter } from '../src/views.ts';

const story = Story.load(DEFAULT_CORPUS_DIR);
const context = { story, sources: story.sources() };
/** Answered with many passages in the seed article (NATO, Putin and nuclear threats run through it). */
const COVERED = 'What did Stoltenberg say about nuclear weapons?';

describe('askPage', () => {
  test('GIVEN a fresh question THEN page 0 of up to ASK_QUOTE_LIMIT quotes, with a next page when there is one', () => {
    const first = askPage(context, { question: COVERED });
    expect(first?.page).toBe(0);
    expect(first?.answer.quotes.length).toBeLessThanOrEqual(ASK_QUOTE_LIMIT);
    expect(first?.hasNext).toBe((first?.answer.quotes.length ?? 0) > 1);
    expect(parseAnswerFooter(first?.view.footer)).toMatchObject({ page: 0, question: COVERED });
  });

  test('GIVEN every page in turn THEN each shows another quote and the last offers no next page', () => {
    const first = askPage(context, { question: COVERED });
    const total = first?.answer.quotes.length ?? 0;
    const descriptions = new Set<string>();
    for (let page = 0; page < total; page++) {
      const reply = askPage(context, { question: COVERED, page });
      expect(reply?.hasNext).toBe(page + 1 < total);
      descriptions.add(reply?.view.description ?? '');
    }
    expect(descriptions.size).toBe(total);
  });

  test('GIVEN a page past the last THEN none (the door says there are no more quotes)', () => {
    expect(askPage(context, { question: COVERED, page: ASK_QUOTE_LIMIT })).toBeUndefined();
  });

  test('GIVEN a question the story does not cover THEN page 0 says so, and no page can be turned to', () => {
    const question = 'Recommend a good pizza recipe';
    const reply = askPage(context, { question });
    expect(reply?.view.tone).toBe('abstain');
    expect(reply?.view.description).toContain(MESSAGES.notCovered);
    expect(reply?.hasNext).toBe(false);
    // Asked as a page (a crafted button): nothing to show rather than the abstention again.
    expect(askPage(context, { question, page: 0 })).toBeUndefined();
  });
});

describe('the /quote request', () => {
  test.each([
    [{ speaker: '  Stoltenberg ', topic: '' }, { speaker: 'Stoltenberg' }],
    [{ speaker: 'Stoltenberg', topic: ' nuclear\u200b weapons ' }, { speaker: 'Stoltenberg', topic: 'nuclear weapons' }],
    [{ speaker: '\u200b', topic: null }, {}],
  ])('GIVEN options %j THEN %j', (raw, expected) => {
    expect(quotesRequest(raw)).toEqual(expected);
  });

  const speakers = ['Stoltenberg', 'Putin'];
  test.each([
    ['Stoltenberg', { speaker: 'Stoltenberg', topic: undefined }],
    ['stoltenberg nuclear weapons', { speaker: 'stoltenberg', topic: 'nuclear weapons' }],
    ['Jens Stoltenberg nuclear', { speaker: 'Jens Stoltenberg', topic: 'nuclear' }],
    ['The Pope', { speaker: 'The Pope' }],
    ['', {}],
  ])('GIVEN the typed line "%s" THEN %j', (text, expected) => {
    expect(splitSpeakerAndTopic(text, speakers)).toEqual(expected);
  });

  test('GIVEN the same speaker and topic typed in the terminal or picked in Discord THEN the same reply', () => {
    const typed = quotesReply(context, quotesRequestFromText('Stoltenberg nuclear', story.speakers()));
    const picked = quotesReply(context, quotesRequest({ speaker: 'Stoltenberg', topic: 'nuclear' }));
    expect(typed.view).toEqual(picked.view);
    expect(typed.statements.length).toBeGreaterThan(0);
  });
});

describe('summaryReply', () => {
  test('GIVEN a budget THEN the summary fits it, marks dropped before sentences; with no budget, the marks', () => {
    const tight = summaryReply(context, { budget: 300 });
    const roomy = summaryReply(context, { budget: Infinity });
    expect(tight.view.description.length).toBeLessThanOrEqual(300);
    expect(tight.summary.text.length).toBeGreaterThan(0);
    expect(roomy.view.description).toMatch(/\(¶\d+\)/);
    expect(roomy.summary.text.length).toBeGreaterThan(tight.summary.text.length);
  });
});

describe('checkReply', () => {
  test('GIVEN a claim longer than a question may be THEN it is cut at a word, not refused', () => {
    const long = `${COVERED} ${'and more words '.repeat(200)}`;
    expect(fitClaim(long).length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
    expect(fitClaim(long).endsWith(' ')).toBe(false);
    expect(checkReply(context, long).view.description).toMatch(/^(Checked: |The story does not say)/);
  });
});

describe('questions the engine cannot read', () => {
  test.each([
    ['¿Qué dijo la OTAN sobre Putin?', 'I can only answer questions in English.'],
    ['Что сказал Столтенберг о Путине?', 'I can only answer questions in English.'],
    ['🤔🤔🔥', 'Ask me a question in words, for example "What did Stoltenberg say about the mobilization?"'],
  ])('GIVEN %j THEN the reply says why, instead of "the story does not cover that" and English suggestions', (question, message) => {
    const reply = askPage(context, { question });
    expect(reply?.answer.answered).toBe(false);
    expect(reply?.answer.refusal).toBe(message);
    expect(reply?.answer.suggestions).toEqual([]);
    expect(reply?.view.description).toContain(message);
    expect(reply?.view.description).not.toContain(MESSAGES.notCovered);
    expect(reply?.view.fields).toEqual([]);
    const checked = checkReply(context, question).view;
    expect(checked.description).toContain(message);
    expect(checked.description).not.toContain(MESSAGES.claimNotCovered);
  });
});
