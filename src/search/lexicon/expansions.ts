/**
 * Vocabulary mismatch: a question may use another word than the story for the same thing ("army"
 * for "troops", "mobilisation" for "mobilization", "realise" for "realizes"). This module works
 * out, for the story's own words, which other words a reader may use for them: WordNet synonyms
 * in their common senses, derivationally related forms, and British/American spelling variants.
 *
 * The table is built once per corpus vocabulary from the corpus side, so every expansion is a
 * word the corpus uses (`lexicon.ts` caches it): answering a question never reads WordNet.
 */
import { stem } from '../../text/stem.ts';
import { isStopWord } from '../../text/stop-words.ts';
import { WORDNET_POS, WordNet, type Synset, type WordNetPos } from './wordnet.ts';

/** How a question word relates to the story word it stands for. */
export type Relation = 'spelling' | 'derived' | 'synonym' | 'similar' | 'specific';

/**
 * Question word (lower case, as typed: every regular inflection of a related lemma is a key) →
 * story terms (stemmed, as indexed) it may stand for, each with a weight in (0, 1) that says how
 * safely it does (1 would be the word itself). Keys are words, not stems, because stems merge
 * words of different meaning ("principality" and "principal" both stem to "princip").
 */
export type ExpansionTable = Record<string, Record<string, number>>;

/** Tunables of the expansion table. */
export interface ExpansionOptions {
  /** How many of the story word's senses (most frequent first) to take synonyms from. */
  storySenses: number;
  /** How many of the question word's senses the shared meaning must be among. */
  questionSenses: number;
  /** Weight of each relation before sense-rank decay. */
  relationWeights: Record<Relation, number>;
  /** Factor applied per sense rank beyond the first, on either side. */
  rankDecay: number;
  /**
   * How many levels below a story word's sense a question word may sit and still stand for it
   * ("interviewed" is a kind of "converse", a kind of "speak"), per part of speech.
   */
  specificLevels: Partial<Record<WordNetPos, number>>;
}

/** Defaults: common senses only, synonyms well below the user's own words. */
export const DEFAULT_EXPANSION_OPTIONS: ExpansionOptions = {
  storySenses: 3,
  questionSenses: 3,
  relationWeights: { spelling: 0.95, derived: 0.7, synonym: 0.6, similar: 0.4, specific: 0.4 },
  rankDecay: 0.75,
  specificLevels: { noun: 1, verb: 2 },
};

/** British ↔ American spelling rules: each maps an ending to its other spelling. */
const SPELLING_VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/isation(s?)$/, 'ization$1'], [/ization(s?)$/, 'isation$1'],
  [/is(e|es|ed|ing|er|ers)$/, 'iz$1'], [/iz(e|es|ed|ing|er|ers)$/, 'is$1'],
  [/ys(e|es|ed|ing)$/, 'yz$1'], [/yz(e|es|ed|ing)$/, 'ys$1'],
  [/our(s|ed|ing|ite|ites|able)?$/, 'or$1'], [/([^o])or(s|ed|ing|ite|ites|able)?$/, '$1our$2'],
  [/([^aeiou])re(s?)$/, '$1er$2'], [/([^aeiou])er(s?)$/, '$1re$2'],
  [/ence$/, 'ense'], [/ense$/, 'ence'],
  [/ogue(s?)$/, 'og$1'], [/og(s?)$/, 'ogue$1'],
  [/([aeiou])ll(ed|ing|er|ers)$/, '$1l$2'], [/([aeiou])l(ed|ing|er|ers)$/, '$1ll$2'],
];

/** The other spellings of a word that British/American rules give (not checked against a lexicon). */
export function spellingVariants(word: string): string[] {
  const variants = new Set<string>();
  for (const [pattern, replacement] of SPELLING_VARIANTS) {
    if (pattern.test(word)) variants.add(word.replace(pattern, replacement));
  }
  variants.delete(word);
  return [...variants];
}

/**
 * A lemma and the regular inflections a question may use ("troop" → "troops"; "realize" →
 * "realizes", "realized", "realizing"). Over-generating is harmless: nobody types the non-words.
 */
export function inflections(lemma: string, pos: WordNetPos | null): string[] {
  const forms = [lemma];
  const consonantY = /[^aeiou]y$/.test(lemma);
  const sibilant = /(?:s|x|z|ch|sh)$/.test(lemma);
  const plural = consonantY ? `${lemma.slice(0, -1)}ies` : sibilant ? `${lemma}es` : `${lemma}s`;
  if (pos === null || pos === 'noun' || pos === 'verb') forms.push(plural);
  if (pos === null || pos === 'verb') {
    const stemPart = lemma.endsWith('e') ? lemma.slice(0, -1) : consonantY ? `${lemma.slice(0, -1)}i` : lemma;
    forms.push(`${stemPart}ed`, `${lemma.endsWith('e') ? lemma.slice(0, -1) : lemma}ing`);
    // Doubled final consonant: "plan" → "planned", "planning".
    if (/[^aeiou][aeiou][bdgklmnprt]$/.test(lemma)) forms.push(`${lemma}${lemma.at(-1)}ed`, `${lemma}${lemma.at(-1)}ing`);
  }
  if (pos === 'adj') {
    const base = lemma.endsWith('e') ? lemma.slice(0, -1) : consonantY ? `${lemma.slice(0, -1)}i` : lemma;
    forms.push(`${base}er`, `${base}est`);
  }
  return forms;
}

/** Words worth expanding: letters only, not stop words, not tiny. */
export function expandable(word: string): boolean {
  return word.length >= 3 && /^\p{L}+$/u.test(word) && !isStopWord(word);
}

/**
 * Builds the expansion table for a corpus vocabulary (lower-case words as they occur in the
 * story). Reads WordNet: slow (about half a second); `loadLexicon` caches it.
 */
export function buildExpansions(
  vocabulary: Iterable<string>,
  wordnet: WordNet = new WordNet(),
  options: ExpansionOptions = DEFAULT_EXPANSION_OPTIONS,
): ExpansionTable {
  const table: ExpansionTable = {};
  const add = (questionWord: string, pos: WordNetPos | null, storyTerm: string, weight: number) => {
    if (!expandable(questionWord) || stem(questionWord) === storyTerm) return;
    for (const form of inflections(questionWord, pos)) {
      const entry = (table[form] ??= {});
      if ((entry[storyTerm] ?? 0) < weight) entry[storyTerm] = Math.round(weight * 1000) / 1000;
    }
  };
  /** Rank of a synset among the question word's senses, or Infinity when it is not one of them. */
  const questionRank = (word: string, synset: Synset): number => {
    const senses = wordnet.senses(word).find((entry) => entry.pos === synset.pos);
    const rank = senses?.offsets.indexOf(synset.offset) ?? -1;
    return rank === -1 ? Infinity : rank;
  };
  const weigh = (relation: Relation, storyRank: number, askedRank: number) =>
    options.relationWeights[relation] * options.rankDecay ** (storyRank + askedRank);

  for (const word of new Set(vocabulary)) {
    if (!expandable(word)) continue;
    const storyTerm = stem(word);
    for (const variant of spellingVariants(word)) add(variant, null, storyTerm, options.relationWeights.spelling);
    for (const pos of WORDNET_POS) {
      for (const base of wordnet.baseForms(word, pos)) {
        // The dictionary form's other spelling, in all its inflections ("realizes" → "realise", "realised"...).
        for (const variant of spellingVariants(base)) add(variant, pos, storyTerm, options.relationWeights.spelling);
        const senses = wordnet.senses(base).find((entry) => entry.pos === pos)?.offsets ?? [];
        senses.slice(0, options.storySenses).forEach((offset, storyRank) => {
          const synset = wordnet.synset(pos, offset);
          const position = synset.words.indexOf(base) + 1;
          for (const synonym of synset.words) {
            if (synonym === base || synonym.includes('_')) continue;
            const askedRank = questionRank(synonym, synset);
            if (askedRank >= options.questionSenses) continue;
            // A spelling variant sits in the same synset: treat it as the same word.
            const relation: Relation = spellingVariants(synonym).includes(base) ? 'spelling' : 'synonym';
            add(synonym, pos, storyTerm, relation === 'spelling' ? options.relationWeights.spelling : weigh(relation, storyRank, askedRank));
          }
          // Question words for kinds of this sense, when that is their most frequent sense.
          let level = [synset];
          for (let depth = 1; depth <= (options.specificLevels[pos] ?? 0) && storyRank < 2; depth += 1) {
            level = level.flatMap((parent) =>
              parent.pointers.filter((pointer) => pointer.symbol === '~').map((pointer) => wordnet.synset(pointer.pos, pointer.offset)));
            if (level.length > 200) break;
            for (const hyponym of level) {
              for (const specific of hyponym.words) {
                if (specific.includes('_') || questionRank(specific, hyponym) !== 0) continue;
                add(specific, pos, storyTerm, weigh('specific', storyRank, depth - 1));
              }
            }
          }
          for (const pointer of synset.pointers) {
            const lexical = pointer.source === 0 || pointer.source === position;
            if (!lexical) continue;
            const relation: Relation | undefined = pointer.symbol === '+' ? 'derived' : pointer.symbol === '&' && pos === 'adj' ? 'similar' : undefined;
            if (!relation) continue;
            const target = wordnet.synset(pointer.pos, pointer.offset);
            const targets = pointer.target === 0 ? target.words : [target.words[pointer.target - 1] ?? ''];
            for (const related of targets) {
              if (related.includes('_')) continue;
              // A derived form is the same idea in another part of speech: its rank there matters less.
              const askedRank = Math.min(questionRank(related, target), relation === 'derived' ? 1 : Infinity);
              if (askedRank >= options.questionSenses) continue;
              add(related, target.pos, storyTerm, weigh(relation, storyRank, askedRank));
            }
          }
        });
      }
    }
  }
  return table;
}
