/**
 * Stage 2 of search: the best candidates re-ranked on finer evidence, as pure functions of the
 * question's forms and a passage's profile. The evidence is kept apart as signals (the stage-1
 * score, the best single sentence, question words close together, a sentence holding the kind of
 * thing asked for) and summed with the tunables' weights; the learned ranker
 * (`src/search/ranker/`) weighs the same signals afresh.
 */
import type { Passage } from '../types.ts';
import type { WordForm } from './lexicon/word-forms.ts';
import type { PassageProfile } from './profile.ts';
import type { AnalysedQuestion } from './query.ts';
import type { QuestionReading } from './question-reading.ts';
import { broaderIdf, type Statistics } from './statistics.ts';
import { ANSWER_TYPE_CREDIT, type SearchTunables } from './tunables.ts';
import { stem } from '../text/stem.ts';

/** A sentence's score within a ranked passage. */
export interface ScoredSentence {
  /** Index into `passage.sentences`. */
  index: number;
  score: number;
  /** How many question words it matches. */
  matched: number;
  /** How well it holds an entity of the expected answer type that the question does not name (0 to 1). */
  answerType: number;
}

/**
 * The evidence behind a passage's score, unweighted: the score is their sum under the tunables'
 * weights. The learned ranker (`src/search/ranker/`) weighs them afresh.
 */
export interface RankSignals {
  /** Stage 1: the passage's BM25 over the question's words, with the reward for matching many. */
  retrieval: number;
  /** Stage 1: its article's match of the question (0 within one article). */
  article: number;
  /** The best single sentence's score. */
  sentence: number;
  /** Question words standing close together. */
  proximity: number;
  /** The best sentence's score × how well it holds an entity of the type asked for. */
  typed: number;
  /** "What kind of X": the noun X with a modifier the question does not use. */
  described: number;
}

/** A passage as ranked for a question. */
export interface RankedPassage {
  passage: Passage;
  score: number;
  /** Question words matched anywhere in the paragraph or title. */
  matched: number;
  /** Every sentence of the passage, in order, scored. */
  sentences: ScoredSentence[];
  /** What the score is made of. */
  signals: RankSignals;
}

/** A question word matched through an index term: the form's weight, and weight × idf. */
export interface TermForm {
  q: number;
  weight: number;
  strength: number;
}

/** A name term as a match for a title word, in the article that gives the title. */
export interface TitledForm {
  article: number;
  term: string;
  weight: number;
}

/** Per-question lookups for re-ranking (see `termLookups`). */
export interface TermLookups {
  formsByTerm: Map<string, TermForm[]>;
  ownByTerm: Map<string, number[]>;
  /** Per article that gives a title the question uses: the name's terms as forms of the title's words. */
  titledForms: Map<number, Map<string, TermForm[]>>;
  /** Per such article: the terms the question names there (its own, the name and the possessor). */
  titledNamed: Map<number, Set<string>>;
  /** The statistics re-ranking weighs by: the corpus's, or the searched article's. */
  statistics: Statistics;
}

/** Everything re-ranking reads about the question, worked out once for all candidates. */
export interface RerankQuestion {
  question: AnalysedQuestion;
  wordForms: readonly WordForm[][];
  reading: QuestionReading;
  lookups: TermLookups;
}

/** A candidate from stage 1, with what re-ranking reads about its passage. */
export interface RerankCandidate {
  passage: Passage;
  profile: PassageProfile;
  /** The passage's article's place in the corpus. */
  article: number;
  /** Stage 1's score, its article's share included. */
  retrievalScore: number;
  /** The article's share of it. */
  articleScore: number;
  matched: number;
}

/** Where a question word matches in a passage. */
interface Match {
  /** Content-word position in the passage. */
  position: number;
  sentence: number;
  /** Weight of the form that matched (1 for the word itself). */
  weight: number;
  /** Weight × idf of the term that matched. */
  strength: number;
}

/** The tunables re-ranking reads. */
type RerankTunables = Pick<
  SearchTunables,
  'sentenceWeight' | 'sentenceB' | 'pairWeight' | 'pairWindow' | 'answerTypeWeight' | 'bm25' | 'broaderWeight' | 'coordination' | 'describedCredit' | 'instanceCredit'
>;

/**
 * For re-ranking: each index term → the question words it matches through a form (with the
 * form's weight and weight × idf), and each own term → the question words it belongs to.
 */
export function termLookups(
  question: AnalysedQuestion,
  wordForms: readonly WordForm[][],
  idf: ReadonlyMap<string, number>,
  reading: QuestionReading,
  titledByWord: readonly TitledForm[][],
  statistics: Statistics,
): TermLookups {
  const formsByTerm = new Map<string, TermForm[]>();
  const ownByTerm = new Map<string, number[]>();
  const titledForms = new Map<number, Map<string, TermForm[]>>();
  const add = (byTerm: Map<string, TermForm[]>, term: string, q: number, weight: number) => {
    const list = byTerm.get(term) ?? [];
    list.push({ q, weight, strength: weight * (idf.get(term) ?? 0) });
    byTerm.set(term, list);
  };
  wordForms.forEach((forms, q) => {
    for (const form of forms) add(formsByTerm, form.term, q, form.weight);
    for (const term of question.words[q]?.terms ?? []) ownByTerm.set(term, [...(ownByTerm.get(term) ?? []), q]);
    for (const { article, term, weight } of titledByWord[q] ?? []) {
      const byTerm = titledForms.get(article) ?? new Map<string, TermForm[]>();
      add(byTerm, term, q, weight);
      titledForms.set(article, byTerm);
    }
  });
  const titledNamed = new Map<number, Set<string>>();
  for (const { article, named } of reading.titled) {
    const terms = titledNamed.get(article) ?? new Set(reading.named);
    for (const term of named) terms.add(term);
    titledNamed.set(article, terms);
  }
  return { formsByTerm, ownByTerm, titledForms, titledNamed, statistics };
}

/** Re-ranks one candidate: its sentences scored, its signals, and their sum under the tunables' weights. */
export function rerankPassage(candidate: RerankCandidate, asked: RerankQuestion, tunables: RerankTunables): RankedPassage {
  const { passage, profile, article } = candidate;
  const { question, reading, lookups } = asked;
  const matches = findMatches(profile, asked.wordForms.length, lookups, lookups.titledForms.get(article), tunables.broaderWeight);
  // Terms the question names, directly or through a title this article gives: no answer to it.
  const questionTerms = lookups.titledNamed.get(article) ?? reading.named;
  const { typed, describedBonus } = typeEvidence(profile, matches, question, reading, questionTerms, tunables);
  const { sentences, bestSentence, bestTyped } = scoreSentences(profile, matches, typed, asked, questionTerms, tunables);
  const proximityScore = tunables.pairWeight > 0 ? proximity(matches, tunables.pairWindow) : 0;
  const { sentenceWeight, pairWeight, answerTypeWeight } = tunables;
  const score = candidate.retrievalScore + sentenceWeight * bestSentence + pairWeight * proximityScore + answerTypeWeight * (bestTyped + describedBonus);
  const signals: RankSignals = {
    retrieval: candidate.retrievalScore - candidate.articleScore,
    article: candidate.articleScore,
    sentence: bestSentence,
    proximity: proximityScore,
    typed: bestTyped,
    described: describedBonus,
  };
  return { passage, score, matched: candidate.matched, sentences, signals };
}

/** Where each question word matches in the passage: position, sentence, weight of the form, weight × idf. */
function findMatches(
  profile: PassageProfile,
  wordCount: number,
  { formsByTerm, ownByTerm, statistics }: TermLookups,
  titledByTerm: Map<string, TermForm[]> | undefined,
  broaderWeight: number,
): Match[][] {
  const matches: Match[][] = Array.from({ length: wordCount }, () => []);
  const strengths = new Float64Array(wordCount);
  const weights = new Float64Array(wordCount);
  // Each question word's strongest form at the current position.
  const keepStrongest = (forms: readonly TermForm[] | undefined) => {
    for (const form of forms ?? []) {
      if (form.strength > (strengths[form.q] ?? 0)) {
        strengths[form.q] = form.strength;
        weights[form.q] = form.weight;
      }
    }
  };
  profile.words.forEach((word, position) => {
    strengths.fill(0);
    for (const term of word.terms) {
      keepStrongest(formsByTerm.get(term));
      if (titledByTerm) keepStrongest(titledByTerm.get(term));
    }
    if (broaderWeight > 0) {
      for (const term of word.broader) {
        const owners = ownByTerm.get(term);
        if (!owners) continue;
        const strength = broaderWeight * broaderIdf(term, statistics);
        for (const q of owners) {
          if (strength > (strengths[q] ?? 0)) {
            strengths[q] = strength;
            weights[q] = broaderWeight;
          }
        }
      }
    }
    for (let q = 0; q < wordCount; q += 1) {
      const strength = strengths[q] ?? 0;
      if (strength > 0) matches[q]?.push({ position, sentence: word.sentence, strength, weight: weights[q] ?? 0 });
    }
  });
  return matches;
}

/**
 * Sentences holding a story word of the type asked for (their answer-type credit), and for
 * "What kind of alliance…" the strongest match of the noun where the story qualifies it with a
 * word the question does not use: evidence of its own, whatever else the sentence says.
 */
function typeEvidence(
  profile: PassageProfile,
  matches: readonly Match[][],
  question: AnalysedQuestion,
  reading: QuestionReading,
  questionTerms: ReadonlySet<string>,
  { describedCredit, instanceCredit }: RerankTunables,
): { typed: Float64Array; describedBonus: number } {
  const typed = new Float64Array(profile.sentenceLengths.length);
  const described = question.described === null ? null : stem(question.described);
  const describedQ = described === null ? -1 : question.words.findIndex((word) => word.terms.includes(described));
  let describedBonus = 0;
  profile.words.forEach((word, position) => {
    if (instanceCredit > 0 && reading.instances.size > 0 && word.terms.some((term) => reading.instances.has(term))) typed[word.sentence] = instanceCredit;
    if (describedQ >= 0 && describedCredit > 0 && word.modifier.length > 0 && !word.modifier.every((term) => questionTerms.has(term))) {
      const match = matches[describedQ]?.find((item) => item.position === position);
      if (match) describedBonus = Math.max(describedBonus, describedCredit * match.strength);
    }
  });
  return { typed, describedBonus };
}

/** Every sentence scored (BM25 within the sentence × matched words^coordination) with its answer-type credit. */
function scoreSentences(
  profile: PassageProfile,
  matches: readonly Match[][],
  typed: Float64Array,
  { question, reading, lookups }: RerankQuestion,
  questionTerms: ReadonlySet<string>,
  { sentenceB, bm25, coordination }: RerankTunables,
): { sentences: ScoredSentence[]; bestSentence: number; bestTyped: number } {
  const credits = question.answerType ? ANSWER_TYPE_CREDIT[question.answerType] : undefined;
  const sentences: ScoredSentence[] = [];
  let bestSentence = 0;
  let bestTyped = 0;
  for (let s = 0; s < typed.length; s += 1) {
    const lengthNorm = 1 - sentenceB + sentenceB * ((profile.sentenceLengths[s] ?? 0) / lookups.statistics.averageSentenceLength);
    let total = 0;
    const unitsMatched = new Set<number>();
    matches.forEach((wordMatches, q) => {
      // A word counts once, through its best form: occurrences of one form add up, forms do not.
      const counts = new Map<number, number>();
      for (const match of wordMatches) if (match.sentence === s) counts.set(match.strength, (counts.get(match.strength) ?? 0) + 1);
      if (counts.size === 0) return;
      let best = 0;
      for (const [strength, tf] of counts) best = Math.max(best, strength * (bm25.d + ((bm25.k + 1) * tf) / (tf + bm25.k * lengthNorm)));
      unitsMatched.add(reading.unit[q] ?? q);
      total += best;
    });
    const sentenceMatched = unitsMatched.size;
    const score = total * (sentenceMatched > 0 ? sentenceMatched ** coordination : 0);
    let answerType = typed[s] ?? 0;
    if (credits) {
      for (const entity of profile.entities[s] ?? []) {
        const credit = credits[entity.kind] ?? 0;
        // An entity the question already names is not its answer.
        if (credit > answerType && !entity.terms.every((term) => questionTerms.has(term))) answerType = credit;
      }
    }
    sentences.push({ index: s, score, matched: sentenceMatched, answerType });
    bestSentence = Math.max(bestSentence, score);
    bestTyped = Math.max(bestTyped, score * answerType);
  }
  return { sentences, bestSentence, bestTyped };
}

/**
 * Question words standing close together in the passage: adjacent ones count fully, and the
 * reward fades with each word between them.
 */
function proximity(matches: readonly Match[][], pairWindow: number): number {
  let total = 0;
  for (let a = 0; a < matches.length; a += 1) {
    for (let b = a + 1; b < matches.length; b += 1) {
      let best = 0;
      for (const x of matches[a] ?? []) {
        for (const y of matches[b] ?? []) {
          const distance = Math.abs(x.position - y.position);
          if (distance === 0 || distance > pairWindow) continue;
          // As strong as the rarer word allows, discounted by how loosely each one matched.
          const pair = (Math.min(x.strength / x.weight, y.strength / y.weight) * x.weight * y.weight) / distance;
          best = Math.max(best, pair);
        }
      }
      total += best;
    }
  }
  return total;
}
