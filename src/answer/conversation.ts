/**
 * Conversations' resolution: a follow-up read in the light of what came before. A pure function
 * of the turns so far and the new question; the memory of turns lives at the edge (the terminal's
 * chat, Discord's members and places), never here.
 *
 * - "more", "go on": the last question again, for the passages not shown yet;
 * - "what else did he say?": the last speaker's next statements, not repeating what was shown;
 * - "and Putin?", "what about Putin?": the last question about another person;
 * - "when did he announce it?": "he" and "it" resolved to the last answer's people and things.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import type { Answer } from '../types.ts';
import { escapeRegExp } from '../text/regexp.ts';

/** One exchange of a conversation, as the resolver needs it. */
export interface ConversationTurn {
  /** The question as it was understood (pronouns resolved). */
  understood: string;
  /** What was answered: the quotes shown, with their speakers and places. */
  answer: Pick<Answer, 'quotes'>;
}

/** A passage already shown in the conversation. */
export interface ShownPassage {
  article: string;
  paragraph: number;
}

/** What to do with a question once it is read in the light of the conversation. */
export type FollowUpIntent =
  /** Answer `understood` as a question. */
  | { kind: 'question' }
  /** `speaker`'s statements the conversation has not shown, in article order after the last one shown. */
  | { kind: 'statements'; speaker: string };

/** A question as understood, with what the answer must leave out. */
export interface ResolvedQuestion {
  /** The question as understood, for the member to read ("what else did Stoltenberg say?"). */
  understood: string;
  /** What is searched: `understood`, plus the last question's words when a "that" stays unresolved. */
  query: string;
  intent: FollowUpIntent;
  /** Passages the answer must not show again. */
  exclude: ShownPassage[];
}

const MORE = /^(?:more|more please|go on|continue|next|keep going|tell me more|show me more|anything else|and)$/i;
const WHAT_ELSE = /^what else (?:did|does|has|had|would) (.+?) (?:say|said|tell|told|add|added|claim|claimed|mention|mentioned)(?: .*)?$/i;
const AND_ABOUT = /^(?:and|what about|how about|and what about|same for|same question for) (.+)$/i;
const PERSON_PRONOUNS = /\b(?:he|she|him|her|his|hers|they|them|their)\b/i;
const THING_PRONOUNS = /\b(?:it|that|this)\b(?!\s+(?:is|was|the|a|an)\b)/i;
const POSSESSIVE_PRONOUNS = /\b(?:his|her|their)\b/gi;
const SUBJECT_PRONOUNS = /\b(?:he|she|him|they|them)\b/gi;

/** The question without the punctuation that closes it, spaces folded. */
function bare(question: string): string {
  return question.trim().replace(/\s+/g, ' ').replace(/[?!.\s]+$/, '');
}

/** Everything the conversation has shown, oldest first. */
function shownIn(turns: readonly ConversationTurn[]): ShownPassage[] {
  return turns.flatMap((turn) => turn.answer.quotes.map(({ article, paragraph }) => ({ article, paragraph })));
}

/** Whether a name looks like a body's rather than a person's (an acronym: "NATO", "UN"). */
const isBodyName = (name: string): boolean => /^\p{Lu}{2,}$/u.test(name.replace(/[^\p{L}]/gu, ''));

/** The known speaker a question names, longest name first ("Jens Stoltenberg" before "Jens"). */
function speakerNamed(text: string, speakers: readonly string[]): string | undefined {
  const lower = ` ${text.toLowerCase()} `;
  return [...speakers]
    .sort((a, b) => b.length - a.length)
    .find((speaker) => {
      const surname = speaker.toLowerCase().split(' ').at(-1) ?? '';
      return lower.includes(` ${speaker.toLowerCase()} `) || new RegExp(`[^\\p{L}]${escapeRegExp(surname)}(?:'s|’s)?[^\\p{L}]`, 'u').test(lower);
    });
}


/**
 * The person "he" or "she" stands for: the first speaker the last answer quotes who is not a
 * body, else the person its question named.
 */
function lastPerson(turns: readonly ConversationTurn[], speakers: readonly string[]): string | undefined {
  const last = turns.at(-1);
  if (!last) return undefined;
  const quoted = last.answer.quotes.map((quote) => quote.speaker).find((name): name is string => Boolean(name) && !isBodyName(name ?? ''));
  const named = speakerNamed(last.understood, speakers.filter((name) => !isBodyName(name)));
  return named ?? quoted;
}

let compromise: typeof nlpType | undefined;
/** compromise, loaded on the first follow-up that needs a noun (most never do). */
function nlp(text: string): ReturnType<typeof nlpType> {
  compromise ??= createRequire(import.meta.url)('compromise') as typeof nlpType;
  return compromise(text);
}

/** The thing the last question was about ("how many reservists" → "the reservists"), if it names one. */
function lastThing(turns: readonly ConversationTurn[]): string | undefined {
  const last = turns.at(-1);
  if (!last) return undefined;
  const nouns = nlp(bare(last.understood)).match('#Noun+').not('(#Person|#ProperNoun|#Acronym|#Pronoun|#Organization)').out('array') as string[];
  const noun = nouns.map((phrase) => phrase.replace(/[?!.,]+$/, '').trim()).find((phrase) => phrase !== '');
  return noun ? `the ${noun.replace(/^the /i, '')}` : undefined;
}

/** A person's name as the story writes it, when the member typed it in another case ("putin" → "Putin"). */
function asWritten(name: string, speakers: readonly string[]): string {
  const trimmed = bare(name).replace(/^the /i, '');
  const known = speakers.find((speaker) => speaker.toLowerCase() === trimmed.toLowerCase()) ??
    speakers.find((speaker) => speaker.toLowerCase().split(' ').at(-1) === trimmed.toLowerCase());
  return known ?? trimmed.replace(/\b\p{Ll}/gu, (letter) => letter.toUpperCase());
}

/** "and Putin?": the last question asked about `person` instead of whoever it named. */
function aboutAnother(previous: string, person: string, speakers: readonly string[]): string {
  const text = bare(previous).replace(/\belse\s+/i, '');
  const named = speakerNamed(text, speakers);
  if (named) {
    const surname = named.split(' ').at(-1) ?? named;
    const pattern = new RegExp(`\\b(?:${escapeRegExp(named)}|${escapeRegExp(surname)})\\b`, 'i');
    return `${text.replace(pattern, person)}?`;
  }
  if (PERSON_PRONOUNS.test(text)) return `${text.replace(SUBJECT_PRONOUNS, person).replace(POSSESSIVE_PRONOUNS, `${person}'s`)}?`;
  return `what about ${person}?`;
}

/**
 * Reads `question` in the light of `turns` (oldest first). With no turns, or a question that
 * stands on its own, the question is understood as asked. `speakers` are the people the story
 * quotes, most quoted first, to find and spell names.
 */
export function resolveFollowUp(turns: readonly ConversationTurn[], question: string, speakers: readonly string[] = []): ResolvedQuestion {
  const asked = question.trim();
  const plain: ResolvedQuestion = { understood: asked, query: asked, intent: { kind: 'question' }, exclude: [] };
  const last = turns.at(-1);
  if (!last) return plain;
  const text = bare(asked);

  if (MORE.test(text)) {
    return { understood: last.understood, query: last.understood, intent: { kind: 'question' }, exclude: shownIn(turns) };
  }
  const whatElse = WHAT_ELSE.exec(text);
  if (whatElse) {
    const who = whatElse[1] ?? '';
    const speaker = PERSON_PRONOUNS.test(who) && who.split(' ').length === 1 ? lastPerson(turns, speakers) : asWritten(who, speakers);
    if (speaker) {
      const understood = `what else did ${speaker} say?`;
      return { understood, query: understood, intent: { kind: 'statements', speaker }, exclude: shownIn(turns) };
    }
  }
  const another = AND_ABOUT.exec(text);
  if (another && !PERSON_PRONOUNS.test(another[1] ?? '') && !THING_PRONOUNS.test(another[1] ?? '')) {
    const understood = aboutAnother(last.understood, asWritten(another[1] ?? '', speakers), speakers);
    return { understood, query: understood, intent: { kind: 'question' }, exclude: [] };
  }
  return resolvePronouns(asked, turns, speakers) ?? plain;
}

/** "when did he announce it?" → "when did Putin announce the reservists?"; null when no pronoun needs resolving. */
function resolvePronouns(asked: string, turns: readonly ConversationTurn[], speakers: readonly string[]): ResolvedQuestion | null {
  const last = turns.at(-1);
  if (!last) return null;
  let understood = asked;
  let changed = false;
  if (PERSON_PRONOUNS.test(understood)) {
    const person = lastPerson(turns, speakers);
    if (person) {
      understood = understood.replace(POSSESSIVE_PRONOUNS, `${person}'s`).replace(SUBJECT_PRONOUNS, person);
      changed = true;
    }
  }
  let query = understood;
  if (THING_PRONOUNS.test(understood)) {
    const thing = lastThing(turns);
    if (thing) understood = understood.replace(THING_PRONOUNS, thing);
    // An unresolved "that" still means what was last asked: search with its words too.
    query = thing ? understood : `${understood} ${bare(last.understood)}`;
    changed = true;
  }
  if (!changed) return null;
  if (query === understood) query = understood;
  return { understood, query, intent: { kind: 'question' }, exclude: [] };
}
