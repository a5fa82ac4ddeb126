/**
 * Question shapes that one search cannot answer as typed:
 * - several questions in one ("Who is threatening nukes and what did NATO say back?"): each part
 *   is answered on its own, with its own quote, and a part that leans on the one before ("Who is
 *   Stoltenberg and what did he say?", "Who discovered neon, and when?") is read in its light;
 * - "how did X react (to Y)?": a question for X's words, as "what did X say?" is.
 */
import type { Answer, Quote } from '../types.ts';
import type { ConversationTurn } from './conversation.ts';

/** What opens a question: a question word or an auxiliary that starts a yes/no question. */
const OPENER = /^(?:who|whom|whose|what|what's|when|where|why|how|which|did|does|do|is|are|was|were|will|would|can|could|has|have|had|should)\b/i;
/**
 * After a bare comma, only these open a second question: "who", "which", "where" and "when"
 * there start a relative clause ("Who released the exploit, which crashes servers?").
 */
const COMMA_OPENER = /^(?:what|what's|how|why|did|does|do|is|are|was|were|will|would|can|could|has|have|had|should)\b/i;
/** Where one question may end and another begin: a question mark, a semicolon, a comma, "and". */
const JOINS = /\?+\s+(?:(?:and|also|then|but)\s+)?|\s*;\s*(?:(?:and|also|then|but)\s+)?|,\s*(?:(?:and|also|then|but)\s+)?|\s+(?:and|but)\s+(?:also\s+|then\s+)?/gi;
/** A part that is only a question word ("and when?"): it asks the part before about another thing. */
const ELLIPTICAL = /^(?:when|where|why|how|who|how many|how much|how long)$/i;
/** Fewest words a part needs to stand as a question of its own (an elliptical one aside). */
const MIN_PART_WORDS = 2;
/** Most parts one question is split into. */
export const MAX_PARTS = 3;

/** The question without the punctuation that closes it, spaces folded. */
function bare(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/[?!.\s]+$/, '');
}

const wordCount = (text: string) => text.split(' ').filter((word) => word !== '').length;

/** "Who discovered neon" + "when" → "When (discovered neon)?": the part before, asked with another question word. */
function fillEllipsis(before: string, wh: string): string {
  const rest = before.replace(OPENER, '').replace(/^\s*(?:many|much|long)\b/i, '').trim();
  const word = wh.charAt(0).toUpperCase() + wh.slice(1).toLowerCase();
  return rest === '' ? `${word}?` : `${word} (${rest})?`;
}

/**
 * The questions a member's question holds, in order: itself alone when it is one question.
 * A part starts where a question mark, semicolon, comma or "and" is followed by a word that
 * opens a question, and each part has at least two words (a lone "and when?" borrows the rest of
 * the part before). "What did Stoltenberg and Putin say?" is one question: "Putin" opens none.
 */
export function splitQuestion(question: string): string[] {
  const text = bare(question);
  const cuts: { start: number; end: number }[] = [];
  for (const join of text.matchAll(JOINS)) {
    const end = (join.index ?? 0) + join[0].length;
    const after = text.slice(end);
    const opens = join[0].trim().startsWith(',') && !/\b(?:and|also|then|but)\b/i.test(join[0]) ? COMMA_OPENER : OPENER;
    if (opens.test(after)) cuts.push({ start: join.index ?? 0, end });
  }
  if (cuts.length === 0) return [question.trim()];
  const parts: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(text.slice(from, cut.start));
    from = cut.end;
  }
  parts.push(text.slice(from));
  const questions: string[] = [];
  for (const part of parts.map((p) => bare(p))) {
    const before = questions.at(-1);
    if (before !== undefined && ELLIPTICAL.test(part)) questions.push(fillEllipsis(bare(before), part));
    else if (before !== undefined && wordCount(part) < MIN_PART_WORDS) return [question.trim()];
    else questions.push(`${part.charAt(0).toUpperCase()}${part.slice(1)}?`);
  }
  if (questions.length < 2 || questions.length > MAX_PARTS || wordCount(bare(questions[0] ?? '')) < MIN_PART_WORDS) return [question.trim()];
  return questions;
}

/** What answering a multi-part question needs of the story: a question asked after the parts before it. */
export type AskPart = (part: string, before: readonly ConversationTurn[]) => Answer;

/**
 * Answers each part of a question in order, each read in the light of the parts before it (a
 * "he" in the second is the person of the first), and puts the answers together: the parts as
 * answered, and as `quotes` each part's best quote first, then each part's second, and so on.
 */
export function answerInParts(question: string, parts: readonly string[], askPart: AskPart, limit: number): Answer {
  const turns: ConversationTurn[] = [];
  const answers: Answer[] = [];
  for (const part of parts) {
    const answer = askPart(part, turns);
    answers.push(answer);
    turns.push({ understood: answer.understood, answer });
  }
  const quotes: Quote[] = [];
  const seen = new Set<string>();
  const deepest = Math.max(...answers.map((answer) => answer.quotes.length));
  for (let rank = 0; rank < deepest; rank += 1) {
    for (const answer of answers) {
      const quote = answer.quotes[rank];
      const key = quote && `${quote.article}#${quote.paragraph}:${quote.text}`;
      if (!quote || !key || seen.has(key)) continue;
      seen.add(key);
      quotes.push(quote);
    }
  }
  const answered = answers.some((answer) => answer.answered);
  return {
    question,
    understood: answers.map((answer) => answer.understood).join(' '),
    answered,
    quotes: quotes.slice(0, Math.max(limit, answers.length)),
    suggestions: answered ? [] : (answers[0]?.suggestions ?? []),
    parts: answers,
  };
}

/** "What did X say back (to Y)?", "What was X's reaction (to Y)?", "How did X hit back (at Y)?": X's reply. */
const REACTION_SHAPES: readonly RegExp[] = [
  /^(?:so\s+)?what (?:did|does|has|have|do) (.+?) (?:say|said|tell|told|write|wrote)(?: \w+)? (?:back|in response|in reply)(?: (?:to|about|at|over) (.+))?$/i,
  /^(?:so\s+)?what (?:was|is|were|are) (.+?)(?:'s|’s|s'|s’) (?:reaction|response|reply|answer)(?: (?:to|about|at|over) (.+))?$/i,
  /^(?:so\s+)?how (?:did|does|has|have|do|will|would) (.+?) (?:hit back|push back|fire back|react|reply|respond|answer)(?: (?:to|about|at|over) (.+))?$/i,
];

/**
 * A question for someone's reaction, put as the story puts a reply ("What did NATO say back?" →
 * "How did NATO respond?"): what is searched and what the member reads as understood. Null for
 * any other question.
 */
export function reactionQuestion(question: string): string | null {
  const text = bare(question);
  for (const shape of REACTION_SHAPES) {
    const match = shape.exec(text);
    const who = match?.[1]?.trim();
    if (!match || !who || who.split(' ').length > 5) continue;
    const to = match[2]?.trim();
    return `How did ${who} respond${to ? ` to ${to}` : ''}?`;
  }
  return null;
}
