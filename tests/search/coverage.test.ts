import { describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answer.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';

const answerer = createAnswerer(loadCorpus(DEFAULT_CORPUS_DIR));

describe('assessCoverage on the seed article', () => {
  it.each([
    // A name the story never mentions: it cannot be about them.
    ['How many goals did Messi score last season?', /unknown name/],
    ['What is the population of Kazakhstan?', /unknown name/],
    ['What did Zelensky say about the war?', /unknown name/],
    // A capitalised first word the story does not know is a name too.
    ['Messi scored how many goals?', /unknown name/],
    // Names WordNet knows, however they are typed.
    ['who is the president of the united states', /unknown name/],
    ['what is the weather in moscow today', /unknown name/],
    // Nearly none of the words occur (and the opening word, unknown to the story, reads as a name).
    ['Recommend a good pizza recipe', /unknown name|too few/],
    ['How do I bake sourdough bread?', /too few/],
    ['What is quantum computing?', /too few/],
    ['?!', /no content words/],
  ])('GIVEN the off-topic %j THEN it is not covered (%s)', (question, reason) => {
    const coverage = answerer.coverage(question);
    expect(coverage.covered).toBe(false);
    expect(coverage.reason).toMatch(reason);
  });

  it.each([
    'reservists',
    'nuclear',
    'Stoltenberg New York',
    // A misspelled name is a near spelling of one the story uses.
    'What did Stoltenbreg say?',
    // The British spelling of a word the story spells the American way.
    'What will the mobilisation cost?',
    // "Feb." in the story is February.
    'What happened on February 24?',
    // "army" is not in the story, but "troops" is, and an army is made of troops.
    "What was wrong with the Russian army's leadership?",
    // The type phrase "news agency" names the answer (Reuters), not what the story must say.
    'Which news agency interviewed the secretary general?',
  ])('GIVEN the on-topic %j THEN it is covered', (question) => {
    expect(answerer.coverage(question)).toMatchObject({ covered: true, reason: null });
  });

  it('GIVEN a synonym only of a rare sense THEN it does not let an off-topic word in', () => {
    // "goal" shares a rare sense with "end" (in the story): not enough to cover "goals".
    expect(answerer.coverage('goals').covered).toBe(false);
  });
});
