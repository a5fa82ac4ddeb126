/**
 * Subjects: who stands before (or after) a speech verb, and whom that is. A subject is a name, a
 * pronoun (resolved to the person most recently named as speaker or subject, gender choosing
 * between the people of one sentence) or a description ("the minister", "the NATO chief", "the
 * alliance") resolved through the titles and appositions the article gave its people and
 * organisations. A subject that resolves to nobody gives no speaker: a wrong speaker is worse
 * than none.
 */
import { foldQuotes } from '../../text/fold.ts';
import { FUNCTION_WORDS } from '../../text/stop-words.ts';
import clauseWords from './clause-words.json' with { type: 'json' };
import nameWords from './name-words.json' with { type: 'json' };
import {
  gapBetween, isBlankGap, isPerson, PREPOSITIONS, ROLE_HEADS, TITLE_WORDS,
  type Entity, type EntityRegistry, type Gender, type NameRun, type ParagraphView,
} from './names.ts';
import { isCommonNoun } from './lexicon.ts';

/** Most lowercase title words read before a name ("said chief inspector Jennifer Mattinson"). */
const MAX_LOWERCASE_TITLES = 3;
/** How many sentences back a pronoun looks for the person it stands for. */
const MAX_PRONOUN_LOOKBACK = 4;
/** Pronouns that can be the subject of a speech verb, with the gender they require. */
export const SUBJECT_PRONOUNS: ReadonlyMap<string, Gender | 'organisation'> = new Map([
  ['he', 'male'], ['she', 'female'], ['it', 'organisation'],
]);
/** Words that open a described subject ("the minister", "a spokesperson"). */
export const DETERMINERS: ReadonlySet<string> = new Set(clauseWords.determiners);
/** Words that can open a clause whose subject follows ("…, while Stoltenberg said …"), unlike "by" or "from". */
const CLAUSE_OPENERS: ReadonlySet<string> = new Set(clauseWords.clauseOpeners);
/** Heads too generic to name anyone alone: "the Russian leader" needs "Russian" to match too. */
const GENERIC_HEADS: ReadonlySet<string> = new Set(nameWords.genericHeads);
/** What stands in subject position of a speech verb, before it is resolved to an entity. */
export type Subject =
  | { type: 'name'; run: NameRun; start: number; end: number; initial: boolean }
  | { type: 'pronoun'; word: string; start: number; end: number }
  | { type: 'description'; words: string[]; start: number; end: number };

/**
 * Who the reader has in mind at a point of the article, for "he", "she" and "it": sentence by
 * sentence backwards, the speakers and subjects of a sentence before its other names, the first
 * named before the later ones (a light form of Hobbs's algorithm).
 */
export class Discourse {
  readonly #sentences: { subjects: Entity[]; mentions: Entity[]; objects: Entity[] }[] = [];

  /** Starts the next sentence; names noted from now on belong to it. */
  nextSentence(): void {
    this.#sentences.push({ subjects: [], mentions: [], objects: [] });
  }

  noteSubject(entity: Entity): void {
    const current = this.#sentences.at(-1);
    if (current && !current.subjects.includes(entity)) current.subjects.push(entity);
  }

  /** Notes a name; `governed` when it is the object of a preposition ("by Smedley Butler"), which ranks it lower. */
  noteMention(entity: Entity, governed = false): void {
    const current = this.#sentences.at(-1);
    const list = governed ? current?.objects : current?.mentions;
    if (list && !list.includes(entity)) list.push(entity);
  }

  /**
   * The entity a pronoun in the current sentence refers to: in the nearest earlier sentence that
   * names someone of the right kind, its most salient name. Gender, guessed from first names,
   * only chooses between the people of that one sentence ("Ana Ruiz met John Park. He said …"):
   * the lexicon misreads names from other languages too often to skip a sentence on it.
   */
  resolvePronoun(word: string): Entity | null {
    const wanted = SUBJECT_PRONOUNS.get(word);
    if (!wanted) return null;
    const fits = (entity: Entity): boolean => (wanted === 'organisation' ? entity.kind === 'organisation' : isPerson(entity));
    const previous = this.#sentences.slice(0, -1).slice(-MAX_PRONOUN_LOOKBACK).reverse();
    for (const { subjects, mentions, objects } of previous) {
      const candidates = [...new Set([...[...subjects].reverse(), ...mentions, ...objects])].filter(fits);
      const first = candidates[0];
      if (!first) continue;
      if (wanted === 'organisation' || first.gender === null || first.gender === wanted) return first;
      // Names after a preposition ("the after Stalin period") are too far from subject position to win on gender.
      return candidates.find((entity) => entity.gender === wanted && !objects.includes(entity)) ?? first;
    }
    return null;
  }

  /**
   * The entity a description names: "the minister", "the NATO chief", "the alliance". The head
   * noun must be a title or office the article gave someone (or name a body, "the ministry" for the
   * Defence Ministry); a generic head ("leader") needs a matching modifier ("the Russian leader").
   */
  resolveDescription(words: readonly string[], registry: EntityRegistry): Entity | null {
    const head = words.at(-1);
    if (!head) return null;
    const modifiers = words.slice(0, -1).filter((word) => !FUNCTION_WORDS.has(word) && !DETERMINERS.has(word));
    const matches = (entity: Entity): boolean => {
      if (entity.kind === 'date' || entity.kind === 'place') return false;
      const nameWords = new Set([...entity.forms.keys()].flatMap((form) => foldQuotes(form).toLowerCase().split(' ')));
      const described = (word: string): boolean => entity.roles.has(word) || (ROLE_HEADS.has(head) && nameWords.has(word));
      if (GENERIC_HEADS.has(head)) return isPerson(entity) && modifiers.some(described);
      return described(head) && modifiers.every(described);
    };
    const recent = this.#sentences.flatMap(({ subjects, mentions, objects }) => [...objects, ...mentions, ...subjects]);
    return recent.findLast(matches) ?? registry.entities.find(matches) ?? null;
  }
}

/** Reads the subject that ends at token `index` (a name, a pronoun or a described noun phrase). */
export function subjectEndingAt(view: ParagraphView, index: number, sentenceStart: number): Subject | null {
  const token = view.tokens[index];
  if (!token || token.possessive || token.start < sentenceStart) return null;
  const pronoun = token.lower;
  if (SUBJECT_PRONOUNS.has(pronoun)) return { type: 'pronoun', word: pronoun, start: token.start, end: token.end };
  const run = view.runs.find((candidate) => candidate.to - 1 === index);
  if (run) {
    const first = view.tokens[run.from];
    if (!first || first.start < sentenceStart) return null;
    // "This idea from Lenin stresses", "Britain and Spain said": not one speaker's own clause.
    const before = view.tokens[run.from - 1];
    if (before && before.start >= sentenceStart && isBlankGap(gapBetween(view.masked, before, first)) &&
      ((PREPOSITIONS.has(before.lower) && !CLAUSE_OPENERS.has(before.lower)) || before.lower === 'and' || before.lower === 'or')) return null;
    if (insidePrepositionalPhrase(view, run.from, sentenceStart)) return null;
    if (run.name === '') return { type: 'description', words: run.titles, start: first.start, end: token.end };
    return { type: 'name', run, start: first.start, end: token.end, initial: first.initial };
  }
  if (token.capital || FUNCTION_WORDS.has(token.lower) || PREPOSITIONS.has(token.lower)) return null;
  // A described subject: up to four lowercase words (or a possessive name) after a determiner.
  const words = [token.lower];
  let from = index;
  for (let i = index - 1; i >= 0 && words.length < 5; i--) {
    const previous = view.tokens[i];
    if (!previous || previous.start < sentenceStart || !isBlankGap(gapBetween(view.masked, previous, view.tokens[i + 1]))) break;
    if (DETERMINERS.has(previous.lower)) {
      from = i;
      break;
    }
    if (previous.possessive && previous.capital) {
      words.unshift(previous.lower);
      from = i;
      break;
    }
    if (FUNCTION_WORDS.has(previous.lower) || PREPOSITIONS.has(previous.lower)) return null;
    words.unshift(previous.lower);
    from = i;
  }
  const opener = view.tokens[from];
  const before = view.tokens[from - 1];
  const openedProperly =
    opener !== undefined &&
    (DETERMINERS.has(opener.lower) || opener.possessive || !before || before.start < sentenceStart ||
      !isBlankGap(gapBetween(view.masked, before, opener)));
  if (!openedProperly || !opener) return null;
  return { type: 'description', words: words.filter((word) => !DETERMINERS.has(word)), start: opener.start, end: token.end };
}

/** Most modifiers read back from a name to the preposition governing it ("in eastern and southern Ukraine"). */
const MAX_MODIFIERS = 4;

/** "Regions in eastern and southern Ukraine announced": the name is the object of "in", not the subject. */
function insidePrepositionalPhrase(view: ParagraphView, from: number, sentenceStart: number): boolean {
  for (let k = from - 1; k >= 0 && k >= from - 1 - MAX_MODIFIERS; k--) {
    const token = view.tokens[k];
    const next = view.tokens[k + 1];
    if (!token || token.start < sentenceStart || token.capital || !isBlankGap(gapBetween(view.masked, token, next))) return false;
    if (PREPOSITIONS.has(token.lower)) return !CLAUSE_OPENERS.has(token.lower);
    if (DETERMINERS.has(token.lower) || (FUNCTION_WORDS.has(token.lower) && token.lower !== 'and' && token.lower !== 'or')) return false;
  }
  return false;
}

/** Reads the subject that starts at token `index` ("said Stoltenberg", "said the minister", "she said" inverted). */
export function subjectStartingAt(view: ParagraphView, index: number, sentenceEnd: number): Subject | null {
  const token = view.tokens[index];
  if (!token || token.start >= sentenceEnd) return null;
  if (SUBJECT_PRONOUNS.has(token.lower) && token.lower !== 'it') return { type: 'pronoun', word: token.lower, start: token.start, end: token.end };
  const run = view.runs.find((candidate) => candidate.from === index);
  if (run && !run.possessive) {
    const last = view.tokens[run.to - 1];
    if (!last) return null;
    if (run.name === '') return { type: 'description', words: run.titles, start: token.start, end: last.end };
    return { type: 'name', run, start: token.start, end: last.end, initial: token.initial };
  }
  if (TITLE_WORDS.has(token.lower)) return titledNameAt(view, index, sentenceEnd);
  if (!DETERMINERS.has(token.lower)) return null;
  const words: string[] = [];
  let end = token.end;
  for (let i = index + 1; i < view.tokens.length && words.length < 4; i++) {
    const next = view.tokens[i];
    if (!next || next.start >= sentenceEnd || !isBlankGap(gapBetween(view.masked, view.tokens[i - 1], next))) break;
    if (FUNCTION_WORDS.has(next.lower) || PREPOSITIONS.has(next.lower)) break;
    // "the NATO chief" keeps its capitalised modifier; "the ideology Yuan" ends before the name.
    if (next.capital && words.length > 0 && !/^\p{Lu}/u.test(view.tokens[i - 1]?.text ?? '')) break;
    words.push(next.lower);
    end = next.end;
    if (next.possessive) break;
  }
  return words.length > 0 ? { type: 'description', words, start: token.start, end } : null;
}

/** Lowercase titles before a name ("said chief inspector Jennifer Mattinson"): the name is the subject. */
function titledNameAt(view: ParagraphView, index: number, sentenceEnd: number): Subject | null {
  const first = view.tokens[index];
  for (let i = index; i < index + MAX_LOWERCASE_TITLES && i < view.tokens.length; i++) {
    const token = view.tokens[i];
    if (!token || token.start >= sentenceEnd || !TITLE_WORDS.has(token.lower) || token.capital) return null;
    const next = view.tokens[i + 1];
    if (!next || !isBlankGap(gapBetween(view.masked, token, next))) return null;
    const run = view.runs.find((candidate) => candidate.from === i + 1);
    const last = run && view.tokens[run.to - 1];
    if (run && last && !run.possessive && run.name !== '' && first) return { type: 'name', run, start: first.start, end: last.end, initial: false };
  }
  return null;
}

export function resolveSubject(subject: Subject, registry: EntityRegistry, discourse: Discourse): Entity | null {
  switch (subject.type) {
    case 'pronoun':
      return discourse.resolvePronoun(subject.word);
    case 'description':
      return discourse.resolveDescription(subject.words, registry);
    case 'name': {
      const known = registry.find(subject.run);
      // A capitalised word opening the sentence may be a common noun ("Officials said"): then it is a description.
      if (!known && subject.initial && !subject.run.name.includes(' ') && isCommonNoun(subject.run.name)) {
        return discourse.resolveDescription([subject.run.name.toLowerCase()], registry);
      }
      const entity = known ?? registry.add(subject.run);
      if (!entity || entity.kind === 'date') return null;
      // An unknown capitalised word that speaks is a person ("Okonkwo said").
      if (entity.kind === 'other') entity.kind = 'person';
      return entity;
    }
  }
}
