import { describe, expect, it } from 'vitest';
import { analyseQuestion } from '../../src/search/query.ts';

describe('analyseQuestion', () => {
  it.each([
    ['Who is the editor in chief of Reuters?', 'person'],
    ['When did the invasion start?', 'date'],
    ['In what year was the Duchy founded?', 'date'],
    ['How many reservists were called up?', 'number'],
    // "How much" with a word of buying or paying asks for money, else for an amount.
    ['How much did oil cost?', 'money'],
    ['How much is Verizon paying for Yahoo?', 'money'],
    ['how much was the uber fare', 'money'],
    ['What was the price of the ticket?', 'money'],
    ['How much rain fell?', 'number'],
    ['Where did Stoltenberg speak?', 'place'],
    ['Which country did Russia invade?', 'place'],
    ['Which news agency interviewed the secretary general?', 'organisation'],
    // "What kind of X" asks for a description, not for an X.
    ['What kind of alliance is NATO?', null],
    ['What did Putin tell the West?', null],
  ])('GIVEN %j THEN expects an answer of type %s', (question, type) => {
    expect(analyseQuestion(question).answerType).toBe(type);
  });

  it('GIVEN a type phrase THEN it is the focus, which the story need not use', () => {
    expect(analyseQuestion('Which news agency interviewed the secretary general?').focus).toEqual(['news', 'agency']);
  });

  it('GIVEN capitalised words inside the question THEN they are its names', () => {
    expect(analyseQuestion('What did Jens Stoltenberg say in New York?').names).toEqual([['jens', 'stoltenberg'], ['new', 'york']]);
  });

  it('GIVEN question words and repeated words THEN content words are distinct stems without them', () => {
    const words = analyseQuestion('What did Putin say about Putin’s threats?').words.map((word) => word.lower);
    expect(words).toEqual(['putin', 'threats']);
  });
});

describe('describedNoun', () => {
  it.each([
    ['What kind of alliance is NATO?', 'alliance'],
    ['Which sort of a deal did they sign?', 'deal'],
    ['What type of weapons does Russia possess?', 'weapons'],
    // No "kind of": nothing to describe.
    ['What did Putin tell the West?', null],
  ])('GIVEN %j THEN the noun to describe is %j', (question, noun) => {
    expect(analyseQuestion(question).described).toBe(noun);
  });
});

describe('the opening word, where a capital says nothing', () => {
  it.each([
    ['Messi scored twice?', 'messi', true, 'an unknown opening word may be a name: coverage looks for it'],
    ['Will Mayer stay at Yahoo?', 'will', false, 'a function word opening the question frames it: never a name'],
    ['More troops or fewer?', 'more', false, 'a function word, searched, but no name'],
  ])('GIVEN %j THEN %j opens it as a possible name: %s (%s)', (question, lower, initial) => {
    const word = analyseQuestion(question).words.find((entry) => entry.lower === lower);
    expect(word?.initial).toBe(initial);
  });
});
