/**
 * Stage 1's per-passage sums in typed arrays, and the best few passages chosen without sorting
 * every passage that matched.
 */

/** A passage chosen for re-ranking. */
export interface Candidate {
  id: number;
  score: number;
  /** Question words (multi-word terms once) it matches. */
  matched: number;
}

/**
 * Sums question words' best scores per passage, counting each word (or multi-word term) once, and
 * keeps the best passages: `offer` the scores of one word's forms, `endWord`, and after the last
 * word `best`. Reused across questions: `start` clears the previous one.
 */
export class CandidateTally {
  readonly #total: Float64Array;
  readonly #matched: Int32Array;
  readonly #lastUnit: Int32Array;
  readonly #wordBest: Float64Array;
  readonly #inTally: number[] = [];
  readonly #inWord: number[] = [];

  constructor(passages: number) {
    this.#total = new Float64Array(passages);
    this.#matched = new Int32Array(passages);
    this.#lastUnit = new Int32Array(passages);
    this.#wordBest = new Float64Array(passages);
  }

  /** Clears the previous question's tally. */
  start(): this {
    for (const id of this.#inTally) {
      this.#total[id] = 0;
      this.#matched[id] = 0;
    }
    for (const id of this.#inWord) this.#wordBest[id] = 0;
    this.#inTally.length = 0;
    this.#inWord.length = 0;
    return this;
  }

  /** A score of the current word for a passage (through one form): the best form counts. */
  offer(id: number, score: number): void {
    const best = this.#wordBest[id] ?? 0;
    if (!(score > best)) return;
    if (best === 0) this.#inWord.push(id);
    this.#wordBest[id] = score;
  }

  /**
   * Adds the current word's best scores to the passages' totals. `unit` is the first word of the
   * multi-word term it belongs to: the words of one term are consecutive, so a passage has
   * counted the term already exactly when the last unit it counted is this one.
   */
  endWord(unit: number): void {
    for (const id of this.#inWord) {
      const score = this.#wordBest[id] ?? 0;
      this.#wordBest[id] = 0;
      if (this.#matched[id] === 0) {
        this.#inTally.push(id);
        this.#total[id] = score;
        this.#matched[id] = 1;
        this.#lastUnit[id] = unit;
      } else {
        this.#total[id] = (this.#total[id] ?? 0) + score;
        if (this.#lastUnit[id] !== unit) {
          this.#lastUnit[id] = unit;
          this.#matched[id] = (this.#matched[id] ?? 0) + 1;
        }
      }
    }
    this.#inWord.length = 0;
  }

  /** Calls `visit` for every id scored so far with its total × matched^coordination. */
  each(coordination: number, visit: (id: number, score: number) => void): void {
    for (const id of this.#inTally) {
      const matched = this.#matched[id] ?? 0;
      visit(id, (this.#total[id] ?? 0) * matched ** coordination);
    }
  }

  /**
   * The `depth` best passages by total × matched^coordination, plus `bonus(id)` when given (the
   * passage's article score), best first (ties: lower id first).
   */
  best(depth: number, coordination: number, bonus?: (id: number) => number): Candidate[] {
    const kept: Candidate[] = [];
    if (depth <= 0) return kept;
    // matched ** coordination for each count, worked out once (the same doubles as computed inline).
    const rewards: number[] = [];
    const before = (score: number, id: number, other: Candidate) => score > other.score || (score === other.score && id < other.id);
    for (const id of this.#inTally) {
      const matched = this.#matched[id] ?? 0;
      const score = (this.#total[id] ?? 0) * (rewards[matched] ??= matched ** coordination) + (bonus ? bonus(id) : 0);
      const last = kept[kept.length - 1];
      if (last && kept.length >= depth && !before(score, id, last)) continue;
      let at = kept.length;
      while (at > 0 && before(score, id, kept[at - 1] as Candidate)) at -= 1;
      kept.splice(at, 0, { id, score, matched });
      if (kept.length > depth) kept.pop();
    }
    return kept;
  }
}
