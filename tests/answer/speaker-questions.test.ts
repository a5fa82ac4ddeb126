import { describe, expect, it } from 'vitest';
import { preferSpeaker, speakerAskedAbout } from '../../src/answer/speaker-questions.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';
import type { Quote } from '../../src/types.ts';

const SPEAKERS = ['Stoltenberg', 'Putin', 'NATO'];

describe('speakerAskedAbout', () => {
  it.each([
    ['What did Putin say?', 'Putin'],
    ['what did putin say', 'Putin'],
    ['What did Stoltenberg say about Putin?', 'Stoltenberg'],
    ['What did Putin tell the West?', 'Putin'],
    ['What has NATO warned?', 'NATO'],
    ['What did Jens Stoltenberg tell Reuters?', 'Stoltenberg'],
    // Not asking for anyone's words: about them, or nobody the story quotes.
    ['Who is Putin?', undefined],
    ['Will Putin win the war?', undefined],
    // A date, not words.
    ['When did Putin announce the mobilisation?', undefined],
    ['What did the Pope say about peace?', undefined],
    // A name inside another word is not the name.
    ['What did Putinism say?', undefined],
  ])('GIVEN "%s" THEN %s', (question, speaker) => {
    expect(speakerAskedAbout(question, SPEAKERS)).toBe(speaker);
  });
});

describe('preferSpeaker', () => {
  const quote = (speaker: string | null, paragraph: number, score: number): Quote => ({ text: 't', speaker, article: 'a', title: 'T', paragraph, score });
  it('GIVEN near-tied quotes THEN that speaker first, each group in its ranked order', () => {
    const ranked = [quote('Stoltenberg', 1, 10), quote('Putin', 2, 9.5), quote(null, 3, 9), quote('Putin', 4, 8.6)];
    expect(preferSpeaker(ranked, 'Putin').map((q) => q.paragraph)).toEqual([2, 4, 1, 3]);
  });

  it('GIVEN the speaker’s words score far below the best THEN the best stays first', () => {
    // "What did X say about Y?" wants Y: X's words on something else do not jump the queue.
    const ranked = [quote('Stoltenberg', 1, 10), quote('Putin', 2, 5)];
    expect(preferSpeaker(ranked, 'Putin').map((q) => q.paragraph)).toEqual([1, 2]);
  });
});

describe('asking what someone said, on the seed article', () => {
  const story = Story.load(DEFAULT_CORPUS_DIR);

  it.each(['What did Putin say?', 'What did Stoltenberg say?', 'What did NATO say?'])(
    'GIVEN "%s" THEN the first quote is that speaker’s own words, not words about them',
    (question) => {
      // "Putin" is named in most paragraphs, mostly in Stoltenberg's words about him: without
      // attribution the best lexical match is ¶9, Stoltenberg on "President Putin's plans".
      const speaker = /What did (\w+) say/.exec(question)?.[1];
      const answer = story.ask(question);
      expect(answer.quotes[0]?.speaker).toBe(speaker);
      expect(story.quotes({ speaker }).some((statement) => answer.quotes[0]?.text.includes(statement.text) || statement.text.includes(answer.quotes[0]?.text ?? '\u0000'))).toBe(true);
    },
  );
});
