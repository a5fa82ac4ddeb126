/**
 * Every weight of the ranking, named, in one place. The defaults are what measured best on the
 * dev questions and SQuAD (`npm run eval` prints both); each says why it has the value it has.
 */
import type { EntityKind } from './entities.ts';
import type { AnswerType } from './query.ts';

/** Knobs of the ranking (a learned ranker or an experiment overrides some of them). */
export interface SearchTunables {
  /** BM25+ parameters for MiniSearch (k: term saturation, b: length normalisation, d: floor). */
  bm25: { k: number; b: number; d: number };
  /** Weight of a match in the article title relative to one in the paragraph. */
  titleBoost: number;
  /**
   * Weight of the article's own match of the question (BM25 over the whole article, see
   * `postings/article-scorer.ts`), added to each of its passages when several articles are
   * searched; 0 switches it off.
   */
  articleWeight: number;
  /** Exponent on the number of question words a paragraph matches (1 is MiniSearch's own reward). */
  coordination: number;
  /** Use the expansion table (synonyms, derived forms, spellings). */
  expand: boolean;
  /** Factor on every expansion's weight (1 keeps the table's weights). */
  expansionScale: number;
  /** How many retrieved passages to re-rank. */
  rerankDepth: number;
  /** Weight of the best single sentence's score, added to the paragraph's. */
  sentenceWeight: number;
  /** BM25 length normalisation within a sentence. */
  sentenceB: number;
  /** Weight of two question words found close together (within `pairWindow` content words). */
  pairWeight: number;
  /** How many content words apart two question words may stand and still count as a pair. */
  pairWindow: number;
  /** Weight of the best sentence holding an entity of the expected answer type. */
  answerTypeWeight: number;
  /** Weight of a match through a broader term of a story word ("army" for "troops", "mistake" for "miscalculation"). */
  broaderWeight: number;
  /** Factor on the words that name the answer's type ("territory" in "Which territory…"): the answer passage names an instance instead. */
  focusWeight: number;
  /** Factor on a question word the corpus does not use, read as the word it misspells ("stoltenbreg" as "stoltenberg", `lexicon/spelling.ts`). */
  fuzzyWeight: number;
  /**
   * Weight of a story word that WordNet says is a kind or instance of the type the question asks
   * for ("France" for "Which country…"), as a match for the type word; 0 switches this off.
   */
  instanceWeight: number;
  /** Answer-type credit (0 to 1) of a sentence holding a story word of the type asked for; 0 switches this off. */
  instanceCredit: number;
  /** Weight of a name as a match for the title the story gives it ("Stoltenberg" for "secretary general"); 0 switches aliases off. */
  aliasWeight: number;
  /** Answer-type credit of a sentence where the noun of "What kind of X" has a modifier the question does not use. */
  describedCredit: number;
  /**
   * Count a multi-word term of the question ("secretary general", a WordNet compound or a title
   * the story gives someone) as one word when rewarding passages for matching many words.
   */
  phrases: boolean;
  /**
   * Order the re-ranked candidates by the learned ranker (`src/search/ranker/`, weights trained by
   * `npm run train`) instead of the weighted sum of their signals.
   */
  learned: boolean;
}

/** Defaults for `SearchTunables`. */
export const DEFAULT_TUNABLES: SearchTunables = {
  // Lucene's usual k; b below 0.75 because news paragraphs vary less in length than web pages.
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  // A title word is as telling as a paragraph word: the title is what members call the story.
  titleBoost: 1,
  // Across stories, the story that matches the question as a whole is the likelier home of the answer.
  articleWeight: 1,
  // A square root: matching more of the question counts, without drowning one rare exact word.
  coordination: 0.5,
  expand: true,
  expansionScale: 1,
  // Deep enough that the answer is nearly always among the candidates (hit@40 is 1 on every set).
  rerankDepth: 40,
  // The answer is a sentence: one sentence holding the question's words beats words spread out.
  sentenceWeight: 0.5,
  // Sentences vary less than paragraphs; a long sentence is penalised less.
  sentenceB: 0.5,
  // Words of the question side by side ("nuclear weapons") are a phrase, not a coincidence.
  pairWeight: 0.3,
  pairWindow: 3,
  // A sentence with a date for "when" answers it; one without does not, however many words it shares.
  answerTypeWeight: 1,
  // A correction is probably the word meant, but less surely than a word typed right. With one
  // slip put in each dev question (two random draws), 0.6, 0.8 and 1 came within a question or
  // two of each other on every set.
  fuzzyWeight: 0.8,
  // The type word ("territory") is seldom in the answer, which names the instance instead.
  focusWeight: 0.5,
  // "Troops" for "army" is the same thing, said more generally: half a match.
  broaderWeight: 0.5,
  // Instances as matches of the type word measured worse than as answer-type credit only.
  instanceWeight: 0,
  instanceCredit: 1,
  // A title stands for the name, slightly less surely (another person may hold a like title).
  aliasWeight: 0.8,
  describedCredit: 1,
  phrases: true,
  // The hand weights above until the learned ranker's cross-validated figures beat them.
  learned: false,
};

/** A type word with more instances than this in the corpus ("thing", "person") types nothing. */
export const MAX_INSTANCES = 100;

/** How well an entity kind answers each answer type (1: exactly; less: perhaps, a bare name may be either). */
export const ANSWER_TYPE_CREDIT: Record<AnswerType, Partial<Record<EntityKind, number>>> = {
  person: { person: 1, name: 0.6, organisation: 0.4 },
  place: { place: 1, name: 0.6 },
  organisation: { organisation: 1, name: 0.6, person: 0.2 },
  // A year or a day answers "when" better than "in the following decades".
  date: { date: 1, period: 0.5 },
  // An amount of money is a number too; a bare number for "how much does it cost" may be anything.
  number: { number: 1, money: 1 },
  money: { money: 1, number: 0.3 },
};

/** Expansions at least this strong show that the corpus speaks of a question word (for abstaining). */
export const SAFE_EXPANSION = 0.5;

/** Weight of another inflection of a question word that the stemmer did not join to it: nearly the word itself. */
export const INFLECTION_WEIGHT = 0.9;
