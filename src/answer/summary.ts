/**
 * Extractive summaries: a handful of the article's own sentences that a moderator could pin,
 * in article order, each traceable to its paragraph and speaker.
 *
 * Each sentence is scored by lead position (news and encyclopaedia articles both put the key
 * facts first) and centrality (TextRank over TF-IDF sentence similarity: the sentences most like
 * the rest of the article). Sentences are then picked greedily by maximal marginal relevance:
 * score, plus a bonus for naming a main entity the summary lacks, for carrying a claim of a main
 * speaker not yet heard, and for the first date; minus similarity to what is already picked. The
 * opening sentence always comes first, and the whole fits the length budget the caller passes
 * (a Discord embed's description, say): the core knows no front door's limits.
 */
import type { Article, Passage, Quote, Summary } from '../types.ts';
import type { StatementSpan } from './speakers/attribution.ts';
import { contentTerms, speakerAt } from './speakers/lookup.ts';
import { findNamedEntities, type EntityMention } from './speakers/names.ts';
import { findQuotations } from './speakers/quotations.ts';

/** Options for `summarise`. */
export interface SummaryOptions {
  /** Most characters in the summary's text (default: no limit but the number of sentences). */
  maxLength?: number;
}
/** Fewest sentences in a summary (unless the article has fewer). */
export const MIN_SUMMARY_SENTENCES = 3;
/** Most sentences in a summary, however long the article: a pinned summary is read at a glance. */
export const MAX_SUMMARY_SENTENCES = 12;
/** Summary sentences per square root of article sentences: 6 of 15, 12 of 64 and more. */
const SENTENCES_PER_ROOT = 1.5;
/** Between two sentences of the same paragraph, and between paragraphs. */
const SENTENCE_JOINER = ' ';
const PARAGRAPH_JOINER = '\n\n';
/** Most words in a sentence of interest; longer ones are read less and cost more room. */
const LONG_SENTENCE_WORDS = 60;
/** Fewer words than this make a fragment ("He has made a big miscalculation.") that reads poorly alone. */
const SHORT_SENTENCE_WORDS = 8;

/** How much each signal weighs in choosing the next sentence. */
const WEIGHTS = {
  /** Similarity to the rest of the article (TextRank). */
  centrality: 0.5,
  /** Closeness to the top of the article. */
  lead: 0.5,
  /** Naming main entities the summary does not name yet. */
  entities: 0.3,
  /** Carrying the first statement of a main speaker. */
  speaker: 0.6,
  /** Giving the first date or time ("when"). */
  date: 0.15,
  /** Representing sentences the summary does not represent yet (facility-location coverage). */
  coverage: 0.5,
  /** Penalty for repeating a sentence already picked (cosine similarity). */
  redundancy: 0.5,
} as const;
/** Cosine similarity from which two sentences say the same thing and only one may be picked. */
const NEAR_DUPLICATE = 0.9;
/** Named entities counted as main: the most frequent ones, named in at least two sentences. */
const MAIN_ENTITIES = 8;
/** Speakers counted as main: the most quoted ones with at least two statements. */
const MAIN_SPEAKERS = 4;

/** One candidate sentence: a sentence of the paragraph, or several when a quotation spans them. */
interface Candidate {
  passage: Passage;
  start: number;
  end: number;
  text: string;
  /** Position in the article, from 0. */
  index: number;
  /** Position within its paragraph, from 0. */
  position: number;
  vector: SparseVector;
  entities: Set<string>;
  speakers: Set<string>;
  hasDate: boolean;
  words: number;
  score: number;
}

const DATE = /\b(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|(?:1[5-9]|20)\d\d)\b/;

/**
 * The sentences of each paragraph as units a summary can quote: a quotation that runs over
 * several sentences ("“… plans. He has made a big miscalculation,” Stoltenberg said.") stays whole.
 */
export function summaryUnits(passage: Passage): { start: number; end: number }[] {
  const quotations = findQuotations(passage.text);
  const sentences = passage.sentences.length > 0 ? passage.sentences : [{ text: passage.text, start: 0, end: passage.text.length }];
  const units: { start: number; end: number }[] = [];
  for (const sentence of sentences) {
    const previous = units.at(-1);
    const insideQuotation = previous !== undefined && quotations.some((q) => q.open < previous.end && q.close >= previous.end);
    if (previous && insideQuotation) previous.end = sentence.end;
    else units.push({ start: sentence.start, end: sentence.end });
  }
  return units;
}

/** A TF-IDF vector as parallel arrays sorted by term id, scaled to unit length. */
interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

function cosine(a: SparseVector, b: SparseVector): number {
  let dot = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const left = a.ids[i] ?? 0;
    const right = b.ids[j] ?? 0;
    if (left === right) dot += (a.weights[i++] ?? 0) * (b.weights[j++] ?? 0);
    else if (left < right) i++;
    else j++;
  }
  return dot;
}

/** TextRank: PageRank over the similarity graph, scaled so the most central sentence scores 1. */
function centrality(similarity: readonly Float64Array[]): number[] {
  const n = similarity.length;
  const damping = 0.85;
  // transition[i * n + j]: the share of j's weight that flows to i.
  const transition = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const row = similarity[j] ?? new Float64Array(n);
    const out = row.reduce((sum, value) => sum + value, 0);
    if (out > 0) for (let i = 0; i < n; i++) transition[i * n + j] = (row[i] ?? 0) / out;
  }
  let rank = new Float64Array(n).fill(1 / Math.max(1, n));
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let incoming = 0;
      for (let j = 0; j < n; j++) incoming += (transition[i * n + j] ?? 0) * (rank[j] ?? 0);
      next[i] = (1 - damping) / n + damping * incoming;
    }
    rank = next;
  }
  const max = Math.max(...rank, Number.MIN_VALUE);
  return Array.from(rank, (value) => value / max);
}

function byParagraph<T extends { paragraph: number }>(items: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) groups.set(item.paragraph, [...(groups.get(item.paragraph) ?? []), item]);
  return groups;
}

function buildCandidates(article: Article, statements: readonly StatementSpan[], mentions: readonly EntityMention[]): Candidate[] {
  const raw = article.passages.flatMap((passage) =>
    summaryUnits(passage).map((unit, position) => ({ passage, position, ...unit, text: passage.text.slice(unit.start, unit.end) })),
  );
  const terms = raw.map((unit) => contentTerms(unit.text));
  const documentFrequency = new Map<string, number>();
  for (const list of terms) for (const term of new Set(list)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = raw.length;
  const mentionsByParagraph = byParagraph(mentions);
  const statementsByParagraph = byParagraph(statements);
  const termIds = new Map([...documentFrequency.keys()].map((term, id) => [term, id]));
  return raw.map((unit, index) => {
    const counts = new Map<string, number>();
    for (const term of terms[index] ?? []) counts.set(term, (counts.get(term) ?? 0) + 1);
    const entries = [...counts]
      .map(([term, count]) => [termIds.get(term) ?? 0, (1 + Math.log(count)) * Math.log((n + 1) / ((documentFrequency.get(term) ?? 0) + 0.5))] as const)
      .sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
    const vector: SparseVector = {
      ids: Int32Array.from(entries, ([id]) => id),
      weights: Float64Array.from(entries, ([, weight]) => weight / norm),
    };
    const speakers = new Set(
      (statementsByParagraph.get(unit.passage.paragraph) ?? [])
        .filter((s) => s.paragraph === unit.passage.paragraph && s.start < unit.end && s.end > unit.start)
        .map((s) => s.speaker),
    );
    return {
      ...unit,
      index,
      vector,
      entities: new Set(
        (mentionsByParagraph.get(unit.passage.paragraph) ?? []).filter((m) => m.start >= unit.start && m.end <= unit.end).map((m) => m.name),
      ),
      speakers,
      hasDate: DATE.test(unit.text),
      words: unit.text.split(/\s+/).length,
      score: 0,
    };
  });
}

/** The number of sentences to aim for: about 1.5 × √(sentences), within the set bounds. */
export function summaryLength(sentences: number): number {
  const target = Math.round(SENTENCES_PER_ROOT * Math.sqrt(sentences));
  return Math.min(sentences, Math.max(MIN_SUMMARY_SENTENCES, Math.min(MAX_SUMMARY_SENTENCES, target)));
}

function joinInOrder(chosen: readonly Candidate[]): string {
  const ordered = [...chosen].sort((a, b) => a.index - b.index);
  return ordered
    .map((candidate, i) => {
      const previous = ordered[i - 1];
      const joiner = !previous ? '' : previous.passage === candidate.passage ? SENTENCE_JOINER : PARAGRAPH_JOINER;
      return joiner + candidate.text;
    })
    .join('');
}

/** The main speakers of an article: the most quoted ones with at least two statements. */
function mainSpeakersOf(article: Article, statements: readonly StatementSpan[]): string[] {
  const counts = new Map<string, number>();
  for (const { speaker, article: id } of statements) if (id === article.id) counts.set(speaker, (counts.get(speaker) ?? 0) + 1);
  return [...counts].filter(([, count]) => count >= 2).sort((a, b) => b[1] - a[1]).slice(0, MAIN_SPEAKERS).map(([name]) => name);
}

/** The main entities of an article (the most frequent ones, named in two sentences or more) with their counts. */
function mainEntitiesOf(candidates: readonly Candidate[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const candidate of candidates) for (const entity of candidate.entities) counts.set(entity, (counts.get(entity) ?? 0) + 1);
  return new Map([...counts].filter(([, count]) => count >= 2).sort((a, b) => b[1] - a[1]).slice(0, MAIN_ENTITIES));
}

/** Each candidate's own worth, before what the summary already holds: centrality and lead, less for a fragment or a very long sentence. */
function scoreCandidates(candidates: readonly Candidate[], similarity: readonly Float64Array[], paragraphs: number): void {
  const central = centrality(similarity);
  const paragraphDecay = Math.max(1.5, paragraphs / 6);
  for (const candidate of candidates) {
    const lead = Math.exp(-(candidate.passage.paragraph - 1) / paragraphDecay) * (1 - 0.1 * Math.min(candidate.position, 5));
    const lengthFactor = candidate.words < SHORT_SENTENCE_WORDS ? 0.6 : candidate.words > LONG_SENTENCE_WORDS ? 0.8 : 1;
    candidate.score = (WEIGHTS.centrality * (central[candidate.index] ?? 0) + WEIGHTS.lead * lead) * lengthFactor;
  }
}

/**
 * The greedy choice of a summary's sentences by maximal marginal relevance: each pick the
 * candidate whose own score, plus what it adds (coverage of the article, main entities and
 * speakers not yet in, the first date), less its likeness to what is already picked, is highest.
 */
class SummaryPicker {
  readonly chosen: Candidate[] = [];
  /** How well the summary so far represents each sentence of the article: its best similarity to a pick. */
  readonly #represented: Float64Array;
  readonly #isChosen: Uint8Array;
  readonly #topEntityCount: number;

  constructor(
    readonly candidates: readonly Candidate[],
    readonly similarity: readonly Float64Array[],
    readonly mainEntities: ReadonlyMap<string, number>,
    readonly mainSpeakers: readonly string[],
    readonly maxLength: number,
  ) {
    this.#represented = new Float64Array(candidates.length);
    this.#isChosen = new Uint8Array(candidates.length);
    this.#topEntityCount = Math.max(1, ...mainEntities.values());
  }

  /** True when the summary with `extra` added still fits the budget. */
  fits(extra: Candidate): boolean {
    return joinInOrder([...this.chosen, extra]).length <= this.maxLength;
  }

  choose(candidate: Candidate): void {
    this.chosen.push(candidate);
    this.#isChosen[candidate.index] = 1;
    const row = this.similarity[candidate.index] ?? [];
    for (let other = 0; other < this.candidates.length; other++) this.#represented[other] = Math.max(this.#represented[other] ?? 0, row[other] ?? 0);
  }

  /** How much more of the article the summary would represent with this candidate in it. */
  #coverageGain(candidate: Candidate): number {
    // A sentence always represents itself; what counts is how much of the rest it stands for.
    const row = this.similarity[candidate.index] ?? [];
    let sum = 0;
    for (let other = 0; other < this.candidates.length; other++) {
      if (this.#isChosen[other] || other === candidate.index) continue;
      const gain = (row[other] ?? 0) - (this.#represented[other] ?? 0);
      if (gain > 0) sum += gain;
    }
    return sum;
  }

  /** Picks sentences until the summary has `target` of them or nothing more fits. */
  fill(target: number): void {
    while (this.chosen.length < target) {
      const next = this.#best();
      if (!next) break;
      this.choose(next);
    }
  }

  #best(): Candidate | null {
    const namedAlready = new Set(this.chosen.flatMap((c) => [...c.entities]));
    const heardAlready = new Set(this.chosen.flatMap((c) => [...c.speakers]));
    const dated = this.chosen.some((c) => c.hasDate);
    const gain = (candidate: Candidate, bestCoverage: number): number => {
      let entityGain = 0;
      for (const entity of candidate.entities) {
        if (!namedAlready.has(entity)) entityGain += (this.mainEntities.get(entity) ?? 0) / this.#topEntityCount;
      }
      const newSpeaker = this.mainSpeakers.some((speaker) => candidate.speakers.has(speaker) && !heardAlready.has(speaker));
      const row = this.similarity[candidate.index] ?? [];
      const redundancy = Math.max(0, ...this.chosen.map((c) => row[c.index] ?? 0));
      return candidate.score + WEIGHTS.coverage * (this.#coverageGain(candidate) / bestCoverage) +
        WEIGHTS.entities * Math.min(1, entityGain) + (newSpeaker ? WEIGHTS.speaker : 0) +
        (candidate.hasDate && !dated ? WEIGHTS.date : 0) - WEIGHTS.redundancy * redundancy;
    };
    // A sentence that repeats one already picked (same words, or nearly) adds nothing.
    const repeats = (candidate: Candidate): boolean =>
      this.chosen.some((c) => c.text === candidate.text || (this.similarity[candidate.index]?.[c.index] ?? 0) >= NEAR_DUPLICATE);
    const open = this.candidates.filter((candidate) => !this.#isChosen[candidate.index] && !repeats(candidate) && this.fits(candidate));
    const bestCoverage = Math.max(Number.MIN_VALUE, ...open.map((candidate) => this.#coverageGain(candidate)));
    let best: Candidate | null = null;
    let bestGain = -Infinity;
    for (const candidate of open) {
      const value = gain(candidate, bestCoverage);
      if (value > bestGain) {
        best = candidate;
        bestGain = value;
      }
    }
    return best;
  }

  /** Every main speaker is heard: their best sentence swapped in for the weakest pick if need be (never the lede). */
  hearMainSpeakers(lede: Candidate | undefined): void {
    const { chosen, mainSpeakers } = this;
    for (const speaker of mainSpeakers) {
      if (chosen.some((c) => c.speakers.has(speaker))) continue;
      const theirs = this.candidates.filter((c) => c.speakers.has(speaker)).sort((a, b) => b.score - a.score)[0];
      if (!theirs) continue;
      const replaceable = chosen
        .filter((c) => c !== lede && !mainSpeakers.some((s) => c.speakers.has(s) && chosen.filter((o) => o.speakers.has(s)).length === 1))
        .sort((a, b) => a.score - b.score)[0];
      if (replaceable) chosen.splice(chosen.indexOf(replaceable), 1);
      if (this.fits(theirs)) chosen.push(theirs);
      else if (replaceable) chosen.push(replaceable);
    }
  }
}

/** A summary sentence as a quote: its words, paragraph and (when the words are someone's) speaker. */
function toQuote(article: Article, statements: readonly StatementSpan[], candidate: Candidate, text = candidate.text): Quote {
  return {
    text,
    speaker: speakerAt(statements, candidate.passage, candidate.start, candidate.start + text.length),
    article: article.id,
    title: article.title,
    paragraph: candidate.passage.paragraph,
    score: Number(candidate.score.toFixed(4)),
  };
}

/**
 * An extractive summary of an article: its key sentences in article order, exact words of the
 * article, each quote carrying its paragraph and (when the words are someone's) speaker. The text
 * fits `options.maxLength`.
 */
export function summarise(article: Article, statements: readonly StatementSpan[], options: SummaryOptions = {}): Summary {
  const maxLength = options.maxLength ?? Infinity;
  const candidates = buildCandidates(article, statements, findNamedEntities(article));
  const similarity = candidates.map((a) => Float64Array.from(candidates, (b) => (a === b ? 0 : cosine(a.vector, b.vector))));
  scoreCandidates(candidates, similarity, article.passages.length);
  const picker = new SummaryPicker(candidates, similarity, mainEntitiesOf(candidates), mainSpeakersOf(article, statements), maxLength);
  const lede = candidates[0];
  if (lede && picker.fits(lede)) picker.choose(lede);
  picker.fill(summaryLength(candidates.length));
  picker.hearMainSpeakers(lede);

  if (picker.chosen.length === 0 && lede) return truncatedSummary(article, lede, statements, maxLength);
  const ordered = [...picker.chosen].sort((a, b) => a.index - b.index);
  return { article: article.id, title: article.title, text: joinInOrder(ordered), quotes: ordered.map((c) => toQuote(article, statements, c)) };
}

/** For an article whose first sentence alone overflows the budget: its longest opening that fits, cut at a word. */
function truncatedSummary(article: Article, lede: Candidate, statements: readonly StatementSpan[], maxLength: number): Summary {
  const room = lede.text.slice(0, maxLength);
  const cut = room.search(/\s+\S*$/);
  const text = (cut > 0 ? room.slice(0, cut) : room).trimEnd();
  return { article: article.id, title: article.title, text, quotes: [toQuote(article, statements, lede, text)] };
}
