import { describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';

const story = Story.load(DEFAULT_CORPUS_DIR);
const text = story.articles.map((article) => `${article.title}\n${article.text}`).join('\n').toLowerCase();

describe('suggestions (autocomplete and "it does cover")', () => {
  it('GIVEN nothing typed THEN asks about the people the story quotes, most quoted first', () => {
    const questions = story.suggest('').filter((s) => s.startsWith('What did '));
    expect(questions).toEqual(story.speakers().map((speaker) => `What did ${speaker} say?`));
  });

  it('GIVEN "What did" THEN only people the story actually quotes', () => {
    const named = story.suggest('What did').map((s) => /^What did (.+) say\?$/.exec(s)?.[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(story.speakers()).toContain(name);
  });

  it.each([['nuclear w'], ['mobil'], ['stolt'], ['Put']])('GIVEN "%s" THEN subjects of the story that start with it, as written there', (typed) => {
    const suggestions = story.suggest(typed);
    expect(suggestions.length).toBeGreaterThan(0);
    for (const suggestion of suggestions) expect(suggestion.toLowerCase()).toMatch(new RegExp(`(^|\\W)${typed.toLowerCase()}`));
    // Phrases and names come from the article's own words.
    for (const suggestion of suggestions.filter((s) => !s.startsWith('What did'))) expect(text).toContain(suggestion.toLowerCase());
  });

  it('GIVEN a word the story never uses THEN no suggestion', () => {
    expect(story.suggest('pizza')).toEqual([]);
  });

  it('GIVEN any prefix THEN at most 25 choices of at most 100 characters (Discord’s limits)', () => {
    for (const typed of ['', 'a', 'the', 'w', 'What', 'x'.repeat(200)]) {
      const suggestions = story.suggest(typed);
      expect(suggestions.length).toBeLessThanOrEqual(25);
      for (const suggestion of suggestions) expect(suggestion.length).toBeLessThanOrEqual(100);
    }
  });

  it('GIVEN a question the story does not cover THEN the answer suggests asking about who it quotes', () => {
    const answer = story.ask('Recommend a good pizza recipe');
    expect(answer.answered).toBe(false);
    expect(answer.suggestions).toContain(`What did ${story.speakers()[0]} say?`);
  });
});
