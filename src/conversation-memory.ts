/**
 * The memory of conversations, at the edge: the last turns of each conversation (a member in a
 * place: a DM, a channel, a thread; or one terminal), so a follow-up is read in their light. In
 * process and bounded: the least recently used conversations go first, and a conversation left
 * for a few minutes is forgotten. Never written to disk. The clock is injected for tests.
 */
import type { AskOptions, Answer, ConversationTurn, Story } from './story.ts';

/** Conversations kept at once; the least recently used is forgotten first. */
export const MAX_CONVERSATIONS = 10_000;
/** A conversation idle this long is forgotten: a later question starts afresh. */
export const CONVERSATION_TTL_MS = 5 * 60_000;
/** Turns kept per conversation: follow-ups look back a few turns, never far. */
export const MAX_TURNS = 8;

/** Options for `ConversationMemory`. */
export interface ConversationMemoryOptions {
  /** Most conversations kept (default `MAX_CONVERSATIONS`). */
  capacity?: number;
  /** Idle time after which a conversation is forgotten, in ms (default `CONVERSATION_TTL_MS`). */
  ttlMs?: number;
  /** Most turns kept per conversation (default `MAX_TURNS`). */
  maxTurns?: number;
  /** The time now in ms (default `Date.now`). */
  now?: () => number;
}

interface Entry {
  turns: ConversationTurn[];
  lastUsed: number;
}

/** The conversations of one process, by key (see `conversationKey`). */
export class ConversationMemory {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;
  readonly #ttlMs: number;
  readonly #maxTurns: number;
  readonly #now: () => number;

  constructor(options: ConversationMemoryOptions = {}) {
    this.#capacity = Math.max(1, options.capacity ?? MAX_CONVERSATIONS);
    this.#ttlMs = options.ttlMs ?? CONVERSATION_TTL_MS;
    this.#maxTurns = Math.max(1, options.maxTurns ?? MAX_TURNS);
    this.#now = options.now ?? Date.now;
  }

  /** The turns of a conversation, oldest first; none when it is unknown or was left too long. */
  turns(key: string): ConversationTurn[] {
    const entry = this.#entries.get(key);
    if (!entry) return [];
    if (this.#now() - entry.lastUsed > this.#ttlMs) {
      this.#entries.delete(key);
      return [];
    }
    return [...entry.turns];
  }

  /** Adds a turn to a conversation, making it the most recently used. */
  remember(key: string, turn: ConversationTurn): void {
    const turns = [...this.turns(key), turn].slice(-this.#maxTurns);
    this.#entries.delete(key);
    this.#entries.set(key, { turns, lastUsed: this.#now() });
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets a conversation (a blank line in `chat --json`). */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Conversations held (expired ones included until touched). */
  get size(): number {
    return this.#entries.size;
  }
}

/** The key of a member's conversation in a place (a DM, channel or thread). */
export function conversationKey(member: string, place: string): string {
  return `${member}@${place}`;
}

/** Asks `question` in the light of the conversation under `key`, and remembers the turn. */
export function askInConversation(story: Pick<Story, 'ask'>, memory: ConversationMemory, key: string, question: string, options: Omit<AskOptions, 'conversation'> = {}): Answer {
  const answer = story.ask(question, { ...options, conversation: memory.turns(key) });
  memory.remember(key, { understood: answer.understood, answer: { quotes: answer.quotes } });
  return answer;
}
