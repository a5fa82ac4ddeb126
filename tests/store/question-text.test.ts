/** What is kept of a member's words, and the key that groups one question asked several ways. */
import { describe, expect, test } from 'vitest';
import { cleanQuestion, LINK_PLACEHOLDER, MAX_RECORDED_QUESTION, questionKey } from '../../src/store/question-text.ts';

describe('cleanQuestion', () => {
  test.each([
    ['a member mention', '<@123456789012345678> who won?', 'who won?'],
    ['a nickname mention and a role', '<@!123456789012345678> and <@&987654321098765432> who won?', 'and who won?'],
    ['a channel mention', 'what about <#123456789012345678>?', 'what about ?'],
    ['@everyone', '@everyone what did NATO say?', 'what did NATO say?'],
    ['a custom emoji keeps its name', 'why <:sad:123456789012345678>', 'why sad'],
    ['bold, italics, strike-through, spoiler, code', '**What** _did_ ~~the~~ ||NATO|| `say`?', 'What did the NATO say?'],
    ['a block quote and a heading', '> # what did NATO say', 'what did NATO say'],
    ['a masked link keeps its text', 'is [this report](https://example.com/a?b=c) true?', 'is this report true?'],
    ['a bare link', 'what about https://example.com/secret-token?x=1 here', `what about ${LINK_PLACEHOLDER} here`],
    ['a timestamp', 'what happened on <t:1700000000:F>?', 'what happened on ?'],
    ['zero-width characters and new lines', 'who\u200B won\nthe vote?', 'who won the vote?'],
  ])('GIVEN %s THEN only the words are kept', (_, text, expected) => {
    expect(cleanQuestion(text)).toBe(expected);
  });

  test('GIVEN a question longer than the limit THEN it is cut to the limit, ending with an ellipsis', () => {
    const clean = cleanQuestion('why '.repeat(600));
    expect(clean).toHaveLength(MAX_RECORDED_QUESTION);
    expect(clean.endsWith('…')).toBe(true);
  });
});

describe('questionKey', () => {
  test.each([
    // Question words, stop words, order, case and inflection do not matter.
    ['What did NATO say about Putin?', 'Putin and NATO?'],
    ['What has Putin said about NATO', 'what did nato say about putin'],
    ['How many soldiers were killed?', 'soldiers killed how many'],
    ['Who negotiated the treaties?', 'who negotiates the treaty'],
    // Members' words count as the story's words, through the engine's own table.
    ['how many nukes does russia have', 'How many nuclear weapons does Russia have?'],
    ['how many ppl is putin calling up', 'How many people is Putin calling up?'],
    ['300k reservists?', 'Why 300,000 reservists'],
  ])('GIVEN "%s" and "%s" THEN both have one key', (a, b) => {
    expect(questionKey(a)).toBe(questionKey(b));
  });

  test.each([
    ['What did NATO say about Putin?', 'What did NATO say about Biden?'],
    ['Who won the election?', 'Who lost the election?'],
  ])('GIVEN "%s" and "%s" THEN the keys differ (different content words)', (a, b) => {
    expect(questionKey(a)).not.toBe(questionKey(b));
  });

  test('GIVEN a question of question words only THEN it keys on its own words', () => {
    expect(questionKey('What is it?')).toBe('what is it?');
  });
});
