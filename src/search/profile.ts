/**
 * A passage taken apart for re-ranking: its content words with their index terms and sentence,
 * and the entities of each sentence. Worked out when a passage is first a candidate for some
 * question, then kept, so a large corpus does not pay for it at start-up.
 */
import type { Passage } from '../types.ts';
import { tagEntities, type Entity, type EntityContext } from './entities.ts';
import { stem, wordTerms } from '../text/stem.ts';
import { splitWords } from '../text/words.ts';

/** One content word of a passage. */
export interface ProfileWord {
  /** Its index terms (one, or several for a hyphenated word). */
  terms: string[];
  /** Index of its sentence in `passage.sentences`. */
  sentence: number;
  /** Stems of broader words for it (WordNet hypernyms: "troops" → "army", "force"...) and of its definition. */
  broader: string[];
  /**
   * Index terms of the content word written right before it in the same sentence ("military" for
   * "alliance" in "transatlantic military alliance"), else empty: what a "What kind of…" question asks for.
   */
  modifier: string[];
}

/** A passage's content words, sentence lengths and entities. */
export interface PassageProfile {
  /** Content words in order (stop words left out), so positions measure content distance. */
  words: ProfileWord[];
  /** Content words per sentence. */
  sentenceLengths: number[];
  /** Entities per sentence. */
  entities: Entity[][];
}

/** Takes a passage apart. */
export function profilePassage(
  passage: Passage,
  context: EntityContext & { broader: Readonly<Record<string, string[]>>; definitions: Readonly<Record<string, string[]>> },
): PassageProfile {
  const all = splitWords(passage.text);
  const sentences = passage.sentences;
  const sentenceOf = (offset: number): number => {
    // Sentences are few: a linear scan is as fast as anything.
    for (let i = sentences.length - 1; i >= 0; i -= 1) if (offset >= (sentences[i]?.start ?? 0)) return i;
    return 0;
  };
  const words: ProfileWord[] = [];
  const sentenceLengths = sentences.map(() => 0);
  let previous: { word: (typeof all)[number]; terms: string[]; sentence: number } | undefined;
  for (const word of all) {
    const terms = wordTerms(word);
    const sentence = sentenceOf(word.start);
    // Only spaces between: "defense alliance", not "NATO, the alliance" or "the alliance".
    const modifier = previous && previous.sentence === sentence && previous.terms.length > 0 && /^\s+$/.test(passage.text.slice(previous.word.end, word.start)) ? previous.terms : [];
    previous = { word, terms, sentence };
    if (terms.length === 0) continue;
    const broader = [...(context.broader[word.lower] ?? []), ...(context.definitions[word.lower] ?? [])].map(stem);
    words.push({ terms, sentence, broader, modifier });
    sentenceLengths[sentence] = (sentenceLengths[sentence] ?? 0) + 1;
  }
  const entities: Entity[][] = sentences.map(() => []);
  for (const entity of tagEntities(passage.text, context, all)) entities[sentenceOf(entity.start)]?.push(entity);
  return { words, sentenceLengths, entities };
}
