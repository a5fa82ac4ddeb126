import { describe, expect, it } from 'vitest';
import { stripChatMarkup } from '../../src/text/chat-markup.ts';
import { analyseQuestion } from '../../src/search/query.ts';

describe('stripChatMarkup', () => {
  it.each([
    ['<@123456789> what did putin say', 'what did putin say', 'a mention of the bot is no word of the question'],
    ['<@!123> what did <@&456> say', 'what did say', 'nickname and role mentions too'],
    ['what about <#789>?', 'what about ?', 'a channel mention'],
    ['is this true <:thinking:112233> https://example.com/story?id=3', 'is this true', 'custom emoji and links'],
    ['see www.example.com for nato', 'see for nato', 'a link without a scheme'],
    ['what did putin say', 'what did putin say', 'plain text is left alone'],
  ])('GIVEN %j THEN it becomes %j (%s)', (text, expected) => {
    expect(stripChatMarkup(text)).toBe(expected);
  });

  it('GIVEN a mention and a link in a question THEN neither counts as a word (a mention id is no number)', () => {
    const question = analyseQuestion('<@123456789> how many reservists https://t.co/abc');
    expect(question.words.map((word) => word.lower)).toEqual(['reservists']);
    expect(question.understood).toBe('how many reservists');
  });
});
