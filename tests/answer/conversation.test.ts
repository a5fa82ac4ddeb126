/**
 * Conversations: a follow-up read in the light of what came before. The resolver is a pure
 * function (turns so far, question) → question as understood + what to leave out; then the seed
 * story answers whole dialogues through `Story.ask` with the conversation.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveFollowUp, type ConversationTurn } from '../../src/answer/conversation.ts';
import { Story } from '../../src/story.ts';
import type { Quote } from '../../src/types.ts';

const SPEAKERS = ['Stoltenberg', 'Putin', 'NATO'];

function quote(paragraph: number, speaker: string | null): Quote {
  return { text: `words of ¶${paragraph}`, speaker, article: 'seed', title: 'Seed', paragraph, score: 1 };
}
function turn(understood: string, ...quotes: Quote[]): ConversationTurn {
  return { understood, answer: { quotes } };
}

const STOLTENBERG_TURN = turn('What did Stoltenberg say about the mobilisation?', quote(6, 'Stoltenberg'), quote(10, 'Stoltenberg'));

describe('resolveFollowUp', () => {
  test.each([
    {
      why: 'GIVEN no conversation THEN the question is understood as asked',
      turns: [],
      question: 'what else did he say?',
      understood: 'what else did he say?',
      intent: { kind: 'question' },
      exclude: [],
    },
    {
      why: 'GIVEN "what else did he say?" THEN the last speaker’s other statements, leaving out what was shown',
      turns: [STOLTENBERG_TURN],
      question: 'what else did he say?',
      understood: 'what else did Stoltenberg say?',
      intent: { kind: 'statements', speaker: 'Stoltenberg' },
      exclude: [{ article: 'seed', paragraph: 6 }, { article: 'seed', paragraph: 10 }],
    },
    {
      why: 'GIVEN "and putin?" THEN the same question about Putin, spelt as the story spells him',
      turns: [STOLTENBERG_TURN],
      question: 'and putin?',
      understood: 'What did Putin say about the mobilisation?',
      intent: { kind: 'question' },
      exclude: [],
    },
    {
      why: 'GIVEN "and Putin?" after "what else did Stoltenberg say?" THEN what Putin said, not "else"',
      turns: [STOLTENBERG_TURN, turn('what else did Stoltenberg say?', quote(9, 'Stoltenberg'))],
      question: 'and Putin?',
      understood: 'what did Putin say?',
      intent: { kind: 'question' },
      exclude: [],
    },
    {
      why: 'GIVEN "when did he announce it?" THEN he is the person the last answer quotes, it the thing last asked about',
      turns: [turn('how many reservists', quote(2, 'Putin'))],
      question: 'when did he announce it?',
      understood: 'when did Putin announce the reservists?',
      intent: { kind: 'question' },
      exclude: [],
    },
    {
      why: 'GIVEN "he" after an answer first quoting a body THEN he is the first person quoted, not the body',
      turns: [turn("Who is NATO's secretary general?", quote(1, 'NATO'), quote(5, 'Stoltenberg'))],
      question: 'where was he speaking?',
      understood: 'where was Stoltenberg speaking?',
      intent: { kind: 'question' },
      exclude: [],
    },
    {
      why: 'GIVEN "more" THEN the last question again, for passages not shown yet',
      turns: [STOLTENBERG_TURN],
      question: 'more',
      understood: 'What did Stoltenberg say about the mobilisation?',
      intent: { kind: 'question' },
      exclude: [{ article: 'seed', paragraph: 6 }, { article: 'seed', paragraph: 10 }],
    },
    {
      why: 'GIVEN a question that stands on its own THEN it is understood as asked',
      turns: [STOLTENBERG_TURN],
      question: 'How many reservists will be called up?',
      understood: 'How many reservists will be called up?',
      intent: { kind: 'question' },
      exclude: [],
    },
  ])('$why', ({ turns, question, understood, intent, exclude }) => {
    const resolved = resolveFollowUp(turns, question, SPEAKERS);
    expect(resolved).toMatchObject({ understood, intent, exclude });
  });

  test('GIVEN "that" the last question names no thing for THEN the question keeps it, and the search carries the last question’s words', () => {
    const resolved = resolveFollowUp([turn('What did Putin threaten?', quote(3, 'Putin'))], 'did nato respond to that?', SPEAKERS);
    expect(resolved.understood).toBe('did nato respond to that?');
    expect(resolved.query).toContain('What did Putin threaten');
  });
});

describe('dialogues with the seed story', () => {
  let story: Story;
  beforeAll(() => {
    story = Story.load('corpus');
  }, 120_000);

  /** Asks each question with the turns before it, as the edge's memory would. */
  function converse(questions: string[]) {
    const turns: ConversationTurn[] = [];
    return questions.map((question) => {
      const answer = story.ask(question, { conversation: turns });
      turns.push({ understood: answer.understood, answer });
      return answer;
    });
  }

  test('GIVEN "what else did he say?" THEN Stoltenberg’s words not shown before, and "and putin?" then Putin’s', () => {
    const [first, second, third] = converse(['What did Stoltenberg say about the mobilisation?', 'what else did he say?', 'and putin?']);
    const shown = new Set(first?.quotes.map((q) => q.text));
    expect(second?.understood).toBe('what else did Stoltenberg say?');
    expect(second?.quotes[0]?.speaker).toBe('Stoltenberg');
    expect(second?.quotes.some((q) => shown.has(q.text))).toBe(false);
    expect(third?.quotes[0]?.speaker).toBe('Putin');
  });

  test('GIVEN "more" THEN the next passages, none shown before', () => {
    const [first, more] = converse(['What did NATO say about nuclear weapons?', 'more']);
    const shown = new Set(first?.quotes.map((q) => q.paragraph));
    expect(more?.answered).toBe(true);
    expect(more?.quotes.every((q) => !shown.has(q.paragraph))).toBe(true);
  });

  test('GIVEN a question on its own THEN understood is the question', () => {
    expect(story.ask('How many reservists?').understood).toBe('How many reservists?');
  });
});
