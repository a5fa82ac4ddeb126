import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answer.ts';
import { parseArticle } from '../../src/corpus/load.ts';
import type { Article } from '../../src/types.ts';

function article(id: string, ...paragraphs: string[]): Article {
  return parseArticle(`${id}.md`, `---\nid: ${id}\ntitle: The ${id} story\n---\n\n${paragraphs.join('\n\n')}\n`);
}

const FOOTBALL = [
  'Erling Haaland scored twice for Manchester City on Saturday. The striker said the team played with great spirit.',
  'Haaland has now scored thirty goals this season, the club said after the match.',
];
const BAKERY = [
  'The bakery on Mill Street sells sourdough loaves every morning. Its owner, Maria Lopez, bakes two hundred loaves before dawn.',
  'Lopez said the sourdough starter is forty years old and came from her grandmother.',
];
/** A name from the first story, the subject from the second. */
const SPLIT = 'How many sourdough loaves does Haaland bake?';

let twoStories: Answerer;
let oneStory: Answerer;
beforeAll(() => {
  twoStories = createAnswerer([article('football', ...FOOTBALL), article('bakery', ...BAKERY)], { cacheDir: null });
  oneStory = createAnswerer([article('both', ...FOOTBALL, ...BAKERY)], { cacheDir: null });
}, 120_000);

describe('abstaining judges the article that would answer, not the corpus as a whole', () => {
  it('GIVEN a name only in one story and the subject only in another THEN the question is refused', () => {
    const answer = twoStories.ask(SPLIT);
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    expect(twoStories.coverage(SPLIT).covered).toBe(false);
  });

  it('GIVEN one story that holds both the name and the subject THEN the same question is answered', () => {
    const answer = oneStory.ask(SPLIT);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.text).toMatch(/loaves/);
  });

  it('GIVEN a question each story covers on its own THEN both are answered beside the other story', () => {
    expect(twoStories.ask('How many loaves does Lopez bake?').quotes[0]?.article).toBe('bakery');
    expect(twoStories.ask('How many goals has Haaland scored this season?').quotes[0]?.article).toBe('football');
  });
});
