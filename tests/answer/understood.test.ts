/**
 * The question as understood, which every reply shows ("You asked: …") and follow-ups read: a
 * misspelt name or word is shown as the word the search used, so a member sees what was answered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';

let story: Story;
beforeAll(() => {
  story = Story.load(DEFAULT_CORPUS_DIR);
}, 120_000);

describe('the question as understood', () => {
  it.each([
    ['a misspelt name', 'what did stoltenbreg say about putin', /\bStoltenberg\b/],
    ['a misspelt word', "what about putin's miscalulation", /\bmiscalculation\b/],
    ['two slips in one question', 'wat did stoltenburg say about putins miscalulation', /Stoltenberg.*miscalculation/],
  ])('GIVEN %s THEN it is shown as the word searched for', (_, question, shown) => {
    const answer = story.ask(question);
    expect(answer.understood).toMatch(shown);
    expect(answer.question).toBe(question);
  });

  it.each(['what else did he say?', 'whether nato will act anyway'])('GIVEN a function word WordNet does not list (%j) THEN it is no slip to correct', (question) => {
    expect(story.ask(question).understood).toBe(question);
  });

  it('GIVEN a question spelt right THEN it is shown as asked', () => {
    expect(story.ask('What did Stoltenberg say about Putin?').understood).toBe('What did Stoltenberg say about Putin?');
  });
});
