/**
 * The edge's memory of conversations: bounded in number and in time, with the clock injected so
 * the minutes pass in the test, not on the machine.
 */
import { describe, expect, test } from 'vitest';
import { askInConversation, ConversationMemory, conversationKey } from '../src/conversation-memory.ts';
import type { AskOptions, Answer, ConversationTurn } from '../src/story.ts';

const turn = (understood: string): ConversationTurn => ({ understood, answer: { quotes: [] } });

describe('ConversationMemory', () => {
  test('GIVEN turns remembered THEN they come back oldest first, the oldest dropped past the limit', () => {
    const memory = new ConversationMemory({ maxTurns: 2 });
    for (const question of ['one', 'two', 'three']) memory.remember('a', turn(question));
    expect(memory.turns('a').map((t) => t.understood)).toEqual(['two', 'three']);
  });

  test('GIVEN a conversation left longer than the time limit THEN it is forgotten; used within it, it is kept', () => {
    let now = 0;
    const memory = new ConversationMemory({ ttlMs: 1_000, now: () => now });
    memory.remember('a', turn('one'));
    now = 900;
    expect(memory.turns('a')).toHaveLength(1);
    memory.remember('a', turn('two'));
    now = 1_800;
    expect(memory.turns('a')).toHaveLength(2);
    now = 3_000;
    expect(memory.turns('a')).toEqual([]);
  });

  test('GIVEN more conversations than the capacity THEN the least recently used is forgotten', () => {
    const memory = new ConversationMemory({ capacity: 2 });
    memory.remember('a', turn('a1'));
    memory.remember('b', turn('b1'));
    memory.remember('a', turn('a2'));
    memory.remember('c', turn('c1'));
    expect(memory.size).toBe(2);
    expect(memory.turns('b')).toEqual([]);
    expect(memory.turns('a')).toHaveLength(2);
  });

  test('GIVEN one member in two places, or two members in one THEN four separate conversations', () => {
    const keys = [conversationKey('m1', 'dm'), conversationKey('m1', 'c1'), conversationKey('m2', 'dm'), conversationKey('m2', 'c1')];
    expect(new Set(keys).size).toBe(4);
  });

  test('GIVEN askInConversation THEN the story is asked with the turns so far, and the turn is remembered', () => {
    const memory = new ConversationMemory();
    const seen: number[] = [];
    const story = {
      ask(question: string, options: AskOptions = {}): Answer {
        seen.push(options.conversation?.length ?? 0);
        return { question, understood: `${question}!`, answered: false, quotes: [], suggestions: [] };
      },
    };
    askInConversation(story, memory, 'k', 'first');
    askInConversation(story, memory, 'k', 'second');
    expect(seen).toEqual([0, 1]);
    expect(memory.turns('k').map((t) => t.understood)).toEqual(['first!', 'second!']);
  });
});
