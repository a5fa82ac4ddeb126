import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answer.ts';
import { parseArticle } from '../../src/corpus/load.ts';
import { KEY_RARITY, rarity } from '../../src/search/key-word.ts';
import type { Article } from '../../src/types.ts';

function article(id: string, ...paragraphs: string[]): Article {
  return parseArticle(`${id}.md`, `---\nid: ${id}\ntitle: The ${id} story\n---\n\n${paragraphs.join('\n\n')}\n`);
}

const DEAL = article(
  'deal',
  'Verizon agreed on Monday to buy the core business of Yahoo for $4.8 billion, ending the independence of one of the first internet giants.',
  'Marissa Mayer, Yahoo\'s chief executive, told employees she planned to stay with the company through the sale. "I love Yahoo," Mayer said.',
  'Shareholders must still vote on the deal, which is expected to close early next year.',
  'Mayer made a big bet on mobile apps once she took over in 2012, and wore a blue dress to her first meeting with staff.',
);
/** A story elsewhere that speaks of what the off-topic questions ask about, and of none of their people. */
const ELSEWHERE = article(
  'elsewhere',
  'Severance packages for bank chiefs grew last year, a study of forty lenders found, and a fashion designer was fined for a late filing.',
  'Regulators said the packages should be disclosed to shareholders before any vote.',
);

let alone: Answerer;
let beside: Answerer;
beforeAll(() => {
  alone = createAnswerer([DEAL], { cacheDir: null });
  beside = createAnswerer([DEAL, ELSEWHERE], { cacheDir: null });
}, 120_000);

describe('the key word must be met in the story that answers', () => {
  it.each([
    // The story names Mayer, Verizon and Yahoo, and never speaks of a severance package.
    ['How big a severance package will Marissa Mayer get once Verizon takes over Yahoo?', 'severance'],
    // The thing asked about is no part of this story.
    ["Which designer made Marissa Mayer's dress?", 'designer'],
  ])('GIVEN %j about the story\'s people THEN it is refused, its key word %j missing', (question, key) => {
    const answer = alone.ask(question);
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    expect(alone.coverage(question)).toMatchObject({ covered: false, missingKey: key });
  });

  it.each([
    // Every word met.
    ['How much is Verizon paying for Yahoo?', /\$4\.8 billion/],
    // A verb put another way ("purchase" for "buy") is no missing key: only nouns are.
    ["Who will purchase Yahoo's core business?", /Verizon/],
    // Frame words ("big", "get") are common: the question's point is met.
    ['Will Mayer get to stay at Yahoo?', /stay/],
    // A word too rare for everyday English to judge (slang, a typo) is no evidence either way.
    ['lol when will the yahoo deal close', /close early next year/],
  ])('GIVEN the answerable %j THEN it is answered', (question, quote) => {
    const answer = alone.ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.text).toMatch(quote);
  });

  it('GIVEN the key words the rule weighs THEN their rarity puts the point of a question above the threshold and frame words below', () => {
    for (const word of ['severance', 'designer', 'website']) expect(rarity(word)).toBeGreaterThanOrEqual(KEY_RARITY);
    for (const word of ['big', 'get', 'war', 'package']) expect(rarity(word)).toBeLessThan(KEY_RARITY);
    // Unknown to everyday English: no evidence.
    expect(rarity('eli5')).toBeNull();
  });
});

describe('adding articles never makes an off-topic question answerable', () => {
  it.each([
    'How big a severance package will Marissa Mayer get once Verizon takes over Yahoo?',
    "Which designer made Marissa Mayer's dress?",
  ])('GIVEN %j refused by the story alone THEN it stays refused beside a story that holds its key word', (question) => {
    expect(alone.ask(question).answered).toBe(false);
    const answer = beside.ask(question);
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
  });

  it('GIVEN the other story THEN its own question is answered from it', () => {
    expect(beside.ask('How much did severance packages for bank chiefs grow?').quotes[0]?.article).toBe('elsewhere');
  });
});
