/**
 * Does the story cover a question at all? Abstaining beats quoting something unrelated, and the
 * decision rests on evidence rather than on one score threshold:
 * - every proper name the question uses must occur in the corpus (allowing for a near spelling:
 *   "Stoltenbreg"), for the story cannot answer about "Messi" or "Kazakhstan" if it never names
 *   them; WordNet's list of names recognises "moscow" or "the united states" typed in lower case;
 * - at least half of the question's content words must occur in the corpus, directly or through a
 *   safe expansion (a spelling variant, a derived form, a synonym of a common sense): weak
 *   expansions ("goal" → "end") do not count, so an off-topic word cannot slip in through one;
 * - the question's key noun, its rarest noun in everyday English that is no name and no answer
 *   type ("severance" in "How big a severance package will Marissa Mayer get?"), must be met when
 *   it is rare enough to be the point of the question: a story that names the people asked about
 *   but never speaks of the thing asked does not answer it (`key-word.ts`).
 */
import type { Lexicon } from './lexicon/lexicon.ts';
import type { Presence } from './lexicon/word-forms.ts';
import type { AnalysedQuestion, QueryWord } from './query.ts';
import { isStopWord } from '../text/stop-words.ts';
import { KEY_RARITY, keyNoun } from './key-word.ts';

/** Share of content words that must occur in the corpus. */
export const MIN_CONTENT_SHARE = 0.5;
/** What a word that is part of a name counts for in that share. */
const NAME_WEIGHT = 0.5;
/** What a word known only as a broader term of a story word counts for. */
const BROADER_CREDIT = 0.5;

/** Where the evidence is looked for: the whole corpus (a `PassageIndex`) or one article (`PassageIndex#within`). */
export interface CoverageSource {
  /** How the corpus (or article) uses a question word. */
  presence(word: QueryWord): Presence;
  /** Whether it uses a word, lower case, as written. */
  words: Pick<ReadonlySet<string>, 'has'>;
}

/** The evidence on whether a corpus covers a question. */
export interface Coverage {
  /** False when the story does not cover the question. */
  covered: boolean;
  /** Why not, in a few words (for logs and the evaluation), or null. */
  reason: string | null;
  /** Names the question uses that the corpus never mentions. */
  unknownNames: string[];
  /** Content words found in the corpus (directly, through a safe expansion, or a near spelling). */
  knownWords: string[];
  /** Content words the corpus does not use. */
  unknownWords: string[];
  /** Weighted share of the content words that occur (names and broader matches count half; 0 when there are none). */
  share: number;
  /** The question's key noun when it is rare and the corpus (or article) never meets it, else null. */
  missingKey: string | null;
  /**
   * The rarity of the key noun the corpus does not meet, when at least the `probe` asked for
   * (for fitting the threshold; by default only when it makes the question uncovered), else null.
   */
  keyRarity: number | null;
}

/**
 * The question's proper names: runs of capitalised words, and words or word pairs that WordNet
 * knows as the name of a person, place or organisation, however they were typed.
 */
export function questionNames(question: AnalysedQuestion, names: Lexicon['names']): string[][] {
  const found = question.names.map((name) => [...name]);
  const inRun = new Set(found.flat());
  const lowers = question.words.map((word) => word.lower);
  for (let i = 0; i < lowers.length; i += 1) {
    const word = lowers[i] ?? '';
    const pair = `${word} ${lowers[i + 1] ?? ''}`;
    const pairKind = names[pair];
    if (pairKind && pairKind !== 'other' && pairKind !== 'date' && !inRun.has(word)) {
      found.push([word, lowers[i + 1] ?? '']);
      i += 1;
      continue;
    }
    const kind = names[word];
    if (kind && kind !== 'other' && kind !== 'date' && !inRun.has(word)) found.push([word]);
  }
  return found;
}

/**
 * Weighs the evidence that the corpus behind `index` covers `question`; given `index.within(id)`,
 * the evidence in that one article (the answering passage's), where it must all be met.
 */
export function assessCoverage(question: AnalysedQuestion, index: CoverageSource, names: Lexicon['names'], probe = KEY_RARITY): Coverage {
  const byLower = new Map(question.words.map((word) => [word.lower, word]));
  const unknownNames: string[] = [];
  for (const name of questionNames(question, names)) {
    // Months and weekdays are capitalised but name no subject ("What happened on February 24?").
    const parts = name.filter((part) => !isStopWord(part) && names[part] !== 'date');
    if (parts.length === 0) continue;
    const found = parts.filter((part) => {
      const word = byLower.get(part);
      const how = word ? index.presence(word) : index.words.has(part) ? 'exact' : null;
      // A name is matched by its own spelling (or a near one, or a derived form: "Russian" for
      // "Russia"), not through a broader term.
      return how === 'exact' || how === 'near' || how === 'related';
    }).length;
    if (found * 2 <= parts.length) unknownNames.push(name.join(' '));
  }
  // A capitalised first word the corpus does not know is most likely a name too ("Messi scored…",
  // "Stoltenberg New York" asked of another story); a common word there ("Recommend…") is
  // off-topic anyway.
  const opening = question.words[0];
  if (opening?.initial && !opening.capitalised && !unknownNames.includes(opening.lower) && index.presence(opening) === null) {
    unknownNames.push(opening.lower);
  }
  const knownWords: string[] = [];
  const unknownWords: string[] = [];
  const named = new Set(question.names.flat());
  const focus = new Set(question.focus);
  // Names show the topic is right, other words that the story speaks of the aspect asked about:
  // a name counts half. A word known only through a broader term ("army" for "troops") counts half.
  let known = 0;
  let total = 0;
  for (const word of question.words) {
    if (focus.has(word.lower)) continue;
    const weight = named.has(word.lower) ? NAME_WEIGHT : 1;
    const how = index.presence(word);
    total += weight;
    if (how === null) {
      unknownWords.push(word.lower);
      continue;
    }
    knownWords.push(word.lower);
    known += how === 'broader' ? weight * BROADER_CREDIT : weight;
  }
  const share = total === 0 ? 0 : known / total;
  let reason: string | null = null;
  let missingKey: string | null = null;
  let keyRarity: number | null = null;
  if (question.words.length === 0) reason = 'no content words';
  else if (unknownNames.length > 0) reason = `unknown name: ${unknownNames.join(', ')}`;
  else if (share < MIN_CONTENT_SHARE) reason = `too few of its words occur (${knownWords.length} of ${knownWords.length + unknownWords.length})`;
  else {
    const unknown = new Set(unknownWords);
    const nameWords = new Set([...named, ...questionNames(question, names).flat()]);
    const candidates = question.words.filter((word) => !nameWords.has(word.lower) && !focus.has(word.lower) && !word.capitalised);
    const key = keyNoun(question.understood, candidates, (word) => unknown.has(word.lower), Math.min(probe, KEY_RARITY));
    keyRarity = key?.rarity ?? null;
    if (key && key.rarity >= KEY_RARITY) {
      missingKey = key.word;
      reason = `its key word does not occur: ${missingKey}`;
    }
  }
  return { covered: reason === null, reason, unknownNames, knownWords, unknownWords, share, missingKey, keyRarity };
}
