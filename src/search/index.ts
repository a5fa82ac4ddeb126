/**
 * Search in two stages.
 *
 * 1. Retrieve: every paragraph is indexed by MiniSearch (its text, and its article's title as a
 *    second field), and the index frozen into typed arrays after the build (`postings.ts`). A
 *    question word scores once per passage, through its best-matching form (the word itself, or
 *    a WordNet expansion weighted below it), and passages matching more of the question's words
 *    are rewarded.
 * 2. Re-rank the best candidates on finer evidence: the best single sentence (BM25 over the
 *    sentence), question words found close together, and a sentence holding an entity of the kind
 *    the question asks for (a date for "when", a person for "who", a story word WordNet calls a
 *    kind of the type noun in "Which territory…") that the question does not already name, or for
 *    "What kind of X" the noun X with a modifier the question does not use.
 *
 * Across both: a title the story gives someone ("Jens Stoltenberg, NATO's secretary general")
 * matches the passages that use the name, weighted as telling as the name itself, and a
 * multi-word term ("secretary general") counts once when rewarding passages for matching many words.
 */
import type { Options } from 'minisearch';
import type { Article, Passage } from '../types.ts';
import { findProperWords, type EntityContext, type EntityKind } from './entities.ts';
import type { Lexicon } from './lexicon.ts';
import { findAliases, titleTerms, type Alias } from './aliases.ts';
import { ArticleScorer } from './articles.ts';
import { buildPostings, type PassageDocument } from './build-postings.ts';
import { CandidateTally, TermScorer, type CompactPostings, type PassageRange } from './postings.ts';
import { profilePassage, type PassageProfile } from './profile.ts';
import type { AnalysedQuestion, AnswerType, QueryWord } from './query.ts';
import type { FeatureContext } from './ranker/features.ts';
import { learnedOrder } from './ranker/weights.ts';
import { NearSpellings } from './spellings.ts';
import { regularise, stem, UNSTEMMED, wordTerms } from '../text/stem.ts';
import { isStopWord } from '../text/stop-words.ts';
import { splitWords, type Word } from '../text/words.ts';

/** Knobs of the ranking. The defaults are what measured best; see `src/eval.ts`. */
export interface SearchTunables {
  /** BM25+ parameters for MiniSearch (k: term saturation, b: length normalisation, d: floor). */
  bm25: { k: number; b: number; d: number };
  /** Weight of a match in the article title relative to one in the paragraph. */
  titleBoost: number;
  /**
   * Weight of the article's own match of the question (BM25 over the whole article, see
   * `src/search/articles.ts`), added to each of its passages when several articles are searched;
   * 0 switches it off.
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
  /** Weight of a near spelling ("Telnet" for "Telenet") of a question word the corpus does not use. */
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
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  titleBoost: 1,
  articleWeight: 1,
  coordination: 0.5,
  expand: true,
  expansionScale: 1,
  rerankDepth: 40,
  sentenceWeight: 0.5,
  sentenceB: 0.5,
  pairWeight: 0.3,
  pairWindow: 3,
  answerTypeWeight: 1,
  fuzzyWeight: 0.6,
  focusWeight: 0.5,
  broaderWeight: 0.5,
  instanceWeight: 0,
  instanceCredit: 1,
  aliasWeight: 0.8,
  describedCredit: 1,
  phrases: true,
  learned: false,
};

/** A type word with more instances than this in the corpus ("thing", "person") types nothing. */
const MAX_INSTANCES = 100;

/** How well an entity kind answers each answer type (1: exactly; less: perhaps). */
const ANSWER_TYPE_CREDIT: Record<AnswerType, Partial<Record<EntityKind, number>>> = {
  person: { person: 1, name: 0.6, organisation: 0.4 },
  place: { place: 1, name: 0.6 },
  organisation: { organisation: 1, name: 0.6, person: 0.2 },
  date: { date: 1 },
  number: { number: 1 },
};

/** Expansions at least this strong show that the corpus speaks of a question word (for abstaining). */
export const SAFE_EXPANSION = 0.5;

/** Weight of another inflection of a question word that the stemmer did not join to it. */
const INFLECTION_WEIGHT = 0.9;

/** Regular inflections of a word, and the word it may inflect: candidates for the same word. */
function inflectionVariants(lower: string): string[] {
  if (lower.length < 4 || !/^\p{L}+$/u.test(lower)) return [];
  const variants = new Set<string>();
  for (const ending of ['ing', 'ed', 'es', 's']) {
    if (lower.endsWith(ending) && lower.length > ending.length + 2) {
      const base = lower.slice(0, -ending.length);
      variants.add(base);
      variants.add(`${base}e`);
    }
  }
  for (const ending of ['ing', 'ed', 's']) variants.add(lower + ending);
  variants.delete(lower);
  return [...variants];
}

/** Cap on remembered near spellings. */
const NEAR_CACHE_SIZE = 10_000;

/** Cap on remembered statistics of single articles searched alone. */
const RANGE_CACHE_SIZE = 1_000;

/** Cap on remembered types' instances. */
const KINDS_CACHE_SIZE = 1_000;

/** Cap on passage profiles kept in memory (a large corpus profiles only what questions touch). */
const PROFILE_CACHE_SIZE = 20_000;

/** One way to match a question word: an index term and how much a match through it counts. */
export interface WordForm {
  term: string;
  weight: number;
}

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

/** A title the question uses, as one article gives it to someone it names. */
export interface TitledName {
  /** The article's place in the corpus (the order the index was built in). */
  article: number;
  /** The question words that make up the title. */
  words: number[];
  /** Index terms of the name that the corpus uses: what the title's words match in that article. */
  name: string[];
  /** The name and the title's possessor ("NATO" in "NATO's secretary general"): named, in that article, by the question. */
  named: string[];
}

/** What a question's wording adds to its words' own forms (see `PassageIndex.readQuestion`). */
export interface QuestionReading {
  /** Per question word: further index terms it matches and their weights (instances of the type asked for). */
  extra: Map<string, number>[];
  /** Per question word: the first word of the multi-word term it belongs to (itself when none). */
  unit: number[];
  /** Index terms the question names itself: none of them is its answer. */
  named: Set<string>;
  /** Stems of story words of the type the question asks for ("ukrain" for "Which territory…"). */
  instances: Set<string>;
  /**
   * The titles the question uses, once per article that gives one of them to someone. A title
   * stands for its name only in that article: another story's "secretary general" is someone else.
   */
  titled: TitledName[];
}

/** The articles that give a title to someone, under the title's content stems. */
interface TitleGiven {
  /** The title's content stems (`titleTerms`), in order: what a question must use. */
  stems: string[];
  /** Each article (its place in the corpus) giving the title, and to whom. */
  given: { article: number; alias: Alias }[];
}

/** Per-question lookups for re-ranking (see `PassageIndex.#termLookups`). */
interface TermLookups {
  formsByTerm: Map<string, TermForm[]>;
  ownByTerm: Map<string, number[]>;
  /** Per article that gives a title the question uses: the name's terms as forms of the title's words. */
  titledForms: Map<number, Map<string, TermForm[]>>;
  /** Per such article: the terms the question names there (its own, the name and the possessor). */
  titledNamed: Map<number, Set<string>>;
  /** The statistics re-ranking weighs by: the corpus's, or the searched article's. */
  statistics: Statistics;
}

/** What re-ranking weighs by, over the whole corpus or over the one article searched. */
interface Statistics {
  passages: number;
  /** Mean content words per sentence, which sentence scores normalise by. */
  averageSentenceLength: number;
  /** Passages holding a word with this broader term (hypernym or definition word), per stem. */
  broaderFrequency: ReadonlyMap<string, number>;
}

/** A name term as a match for a title word, in the article that gives the title. */
interface TitledForm {
  article: number;
  term: string;
  weight: number;
}

/** A question word matched through an index term: the form's weight, and weight × idf. */
interface TermForm {
  q: number;
  weight: number;
  strength: number;
}

/**
 * A built index as a later start takes it up: the frozen postings, and what the index derives
 * from the corpus. `src/cache/passage-index.ts` writes it to disk and reads it back.
 */
export interface IndexSnapshot {
  /** Passages indexed (a check that the snapshot fits the corpus). */
  passages: number;
  /** The inverted index; its term list is the vocabulary. */
  postings: CompactPostings;
  words: readonly string[];
  averageSentenceLength: number;
  properWords: readonly string[];
  hypernyms: readonly string[];
  broaderFrequency: readonly (readonly [string, number])[];
  /** Titles given to named people, each with the article (its place in the corpus) that gives it. */
  aliases: readonly (readonly [number, Alias])[];
  phrases: readonly string[];
}

/**
 * MiniSearch's options for building the passage index: terms come from `tokenize` ready-made.
 * It only builds: searches score from the frozen postings (`TermScorer`), with the BM25+
 * parameters and field boosts of the tunables.
 */
function miniSearchOptions(tokenize: (text: string, field?: string) => string[]): Options<PassageDocument> {
  return { fields: ['text', 'title'], tokenize, processTerm: (term) => term };
}

/** Options for one search. */
export interface SearchOptions {
  /** Only passages of this article. */
  article?: string;
}

/** The index over a corpus's passages. Build once; search many times. */
export class PassageIndex {
  /** Every index term of the corpus (stems): the postings' term list. */
  readonly vocabulary: Pick<ReadonlySet<string>, 'has'>;
  /** Every word of the corpus, lower case, as written. */
  readonly words: ReadonlySet<string>;
  /** Words the corpus writes with a capital inside sentences: its proper names. */
  readonly properWords: ReadonlySet<string>;
  readonly passages: readonly Passage[];
  readonly tunables: SearchTunables;
  /** The inverted index, frozen from MiniSearch's after the build (or read from a snapshot). */
  readonly #postings: CompactPostings;
  /** Stage 1's term scores, read from `#postings`. */
  readonly #scorer: TermScorer;
  /** Finds near spellings among the terms of the searched fields. */
  readonly #spellings: NearSpellings;
  /** Stage 1's per-passage sums, reused by every search. */
  readonly #tally: CandidateTally;
  /** Stage 1's per-article scores; undefined for a corpus of one article, or when switched off. */
  readonly #articles: ArticleScorer | undefined;
  /** Each article's passages: consecutive ids, first and one past the last. */
  readonly #articleRanges = new Map<string, PassageRange>();
  /** The same ranges by the article's place in the corpus, and each article id's place. */
  readonly #ranges: PassageRange[] = [];
  readonly #articleIndex = new Map<string, number>();
  readonly #lexicon: Lexicon;
  readonly #entityContext: EntityContext & Pick<Lexicon, 'broader' | 'definitions'>;
  /** Stems of every broader word (hypernym) of a corpus word: what a question may call the story's things. */
  readonly #hypernyms: ReadonlySet<string>;
  readonly #profiles = new Map<number, PassageProfile>();
  /** Near spellings found for words the corpus does not use (a fuzzy search is the slowest step). */
  readonly #nearCache = new Map<string, string[]>();
  /** Re-ranking's statistics over the corpus. */
  readonly #statistics: Statistics;
  /** The same over the articles searched alone, by their passage range. */
  readonly #rangeStatisticsCache = new Map<string, Statistics>();
  /** Titles the stories give named people ("secretary general" → Stoltenberg), by their content stems joined with spaces. */
  readonly #titles = new Map<string, TitleGiven>();
  /** Multi-word terms a question may use as one (WordNet compounds and the story's titles), by content stems joined with spaces. */
  readonly #phrases: ReadonlySet<string>;
  /** Type lemma ("news agency", "country") → stems of corpus words of that kind, for the types questions asked. */
  readonly #kinds = new Map<string, Set<string>>();

  /**
   * Indexes the articles' passages, or, given `saved` (from `snapshot()` of an index over the
   * same articles, lexicon and tunables), takes the index and what is derived from it from there.
   */
  constructor(articles: readonly Article[], lexicon: Lexicon, tunables: Partial<SearchTunables> = {}, saved?: IndexSnapshot) {
    this.tunables = { ...DEFAULT_TUNABLES, ...tunables };
    this.#lexicon = lexicon;
    this.passages = articles.flatMap((article) => article.passages);
    const { bm25, titleBoost } = this.tunables;
    let first = 0;
    articles.forEach((article, a) => {
      const range: PassageRange = [first, first + article.passages.length];
      this.#articleRanges.set(article.id, range);
      this.#ranges.push(range);
      this.#articleIndex.set(article.id, a);
      first += article.passages.length;
    });
    if (saved && (saved.passages !== this.passages.length || saved.postings.passages !== this.passages.length)) {
      throw new Error(`PassageIndex: snapshot of ${saved.passages} passages (postings for ${saved.postings.passages}) for a corpus of ${this.passages.length}`);
    }
    const built = saved ? undefined : this.#build(articles);
    this.#postings = built ? built.postings : (saved as IndexSnapshot).postings;
    // A title boost of 0 leaves the title unsearched, as when MiniSearch searched (it reads a boost of 0 as 1).
    const fields = titleBoost > 0 ? [{ name: 'text', boost: 1 }, { name: 'title', boost: titleBoost }] : [{ name: 'text', boost: 1 }];
    this.#scorer = new TermScorer(this.#postings, fields, 'text', bm25);
    this.#spellings = new NearSpellings(this.#postings, fields.map((field) => field.name));
    this.#tally = new CandidateTally(this.passages.length);
    this.#articles = articles.length > 1 && this.tunables.articleWeight > 0 ? this.#articleScorer(articles) : undefined;
    this.vocabulary = this.#postings;
    this.words = saved ? new Set(saved.words) : (built?.words ?? new Set());
    const averageSentenceLength = saved ? saved.averageSentenceLength : (built?.averageSentenceLength ?? 1);
    this.properWords = saved ? new Set(saved.properWords) : findProperWords(this.passages.map((passage) => passage.text));
    this.#entityContext = { names: lexicon.names, properWords: this.properWords, broader: lexicon.broader, definitions: lexicon.definitions };
    if (saved) {
      this.#hypernyms = new Set(saved.hypernyms);
      this.#statistics = { passages: this.passages.length, averageSentenceLength, broaderFrequency: new Map(saved.broaderFrequency) };
      this.#indexTitles(saved.aliases);
      this.#phrases = new Set(saved.phrases);
      return;
    }
    const hypernyms = new Set<string>();
    for (const word of this.words) for (const broader of lexicon.broader[word] ?? []) hypernyms.add(stem(broader));
    this.#hypernyms = hypernyms;
    const broaderFrequency = broaderFrequencies(built?.wordFrequency ?? [], lexicon, this.passages.length);
    this.#statistics = { passages: this.passages.length, averageSentenceLength, broaderFrequency };
    const isPersonNoun = (lower: string) => (lexicon.ancestors[lower] ?? []).includes('person');
    const isProperName = (word: Word) => word.acronym || (/^\p{Lu}/u.test(word.surface) && this.properWords.has(word.lower));
    // Article by article: a title names one person within a story, and different people across stories.
    this.#indexTitles(
      articles.flatMap((article, a) =>
        [...findAliases(article.passages.map((passage) => passage.text), isPersonNoun, isProperName).values()].map((alias) => [a, alias] as const),
      ),
    );
    const phrases = new Set<string>();
    for (const compound of lexicon.compounds) {
      const stems = compound.split(' ').filter((part) => !isStopWord(part)).map(stem);
      if (stems.length > 1) phrases.add(stems.join(' '));
    }
    for (const key of this.#titles.keys()) if (key.includes(' ')) phrases.add(key);
    this.#phrases = phrases;
  }

  /**
   * Builds the MiniSearch index a part at a time and freezes it into compact postings (each
   * part's MiniSearch instance is garbage once frozen), collecting the corpus's words and their
   * passage counts on the way.
   */
  #build(articles: readonly Article[]) {
    const titles = new Map(articles.map((article) => [article.id, article.title]));
    const words = new Set<string>();
    let contentWords = 0;
    // Passages per corpus word, to estimate how many passages each broader term reaches.
    const wordFrequency = new Map<string, number>();
    // Every passage carries its article's title: analyse each title once.
    const titleTermLists = new Map<string, string[]>();
    const tokenize = (text: string, field?: string): string[] => {
      const cached = field === 'title' ? titleTermLists.get(text) : undefined;
      if (cached) return cached;
      const terms: string[] = [];
      const seen = field === 'text' ? new Set<string>() : undefined;
      for (const word of splitWords(text)) {
        words.add(word.lower);
        const wordTermList = wordTerms(word);
        if (wordTermList.length === 0) continue;
        for (const term of wordTermList) terms.push(term);
        if (!seen) continue;
        contentWords += 1;
        seen.add(word.lower);
      }
      for (const word of seen ?? []) wordFrequency.set(word, (wordFrequency.get(word) ?? 0) + 1);
      if (field === 'title') titleTermLists.set(text, terms);
      return terms;
    };
    const documents = this.passages.map((passage) => ({ text: passage.text, title: titles.get(passage.article) ?? '' }));
    const postings = buildPostings(documents, miniSearchOptions(tokenize));
    const sentenceCount = this.passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
    const averageSentenceLength = Math.max(1, contentWords / Math.max(1, sentenceCount));
    return { postings, words, wordFrequency, averageSentenceLength };
  }

  /** What a later start needs to take this index up without building it (see the constructor). */
  snapshot(): IndexSnapshot {
    return {
      passages: this.passages.length,
      postings: this.#postings,
      words: [...this.words],
      averageSentenceLength: this.#statistics.averageSentenceLength,
      properWords: [...this.properWords],
      hypernyms: [...this.#hypernyms],
      broaderFrequency: [...this.#statistics.broaderFrequency],
      aliases: [...this.#titles.values()].flatMap(({ given }) => given.map(({ article, alias }) => [article, alias] as const)),
      phrases: [...this.#phrases],
    };
  }

  /** Groups titles (each with its article's place in the corpus) by title, for matching a question's words against each title once. */
  #indexTitles(aliases: readonly (readonly [number, Alias])[]): void {
    for (const [article, alias] of aliases) {
      const stems = titleTerms(alias);
      if (stems.length === 0) continue;
      const key = stems.join(' ');
      const entry = this.#titles.get(key) ?? { stems, given: [] };
      entry.given.push({ article, alias });
      this.#titles.set(key, entry);
    }
  }

  /** Stems of corpus words that are a kind or instance of a type lemma (lower case, spaces between words). */
  instancesOf(type: string): ReadonlySet<string> {
    let found = this.#kinds.get(type);
    if (!found) {
      // One type at a time: a scan of the corpus's words for this type is a few milliseconds at
      // 10,000 articles, where a table of every type of every word took half a second.
      found = new Set<string>();
      for (const word of this.words) if ((this.#lexicon.ancestors[word] ?? []).includes(type)) found.add(stem(word));
      if (this.#kinds.size >= KINDS_CACHE_SIZE) this.#kinds.clear();
      this.#kinds.set(type, found);
    }
    return found;
  }

  /**
   * What the question's own wording adds to the plain word forms: story words of the type it asks
   * for (as forms of its type word), the titles it uses and whom each article gives them to,
   * which words form one multi-word term, and the terms it names.
   */
  #readQuestion(question: AnalysedQuestion): QuestionReading {
    const { instanceWeight, instanceCredit, aliasWeight, phrases } = this.tunables;
    const extra: Map<string, number>[] = question.words.map(() => new Map());
    const unit = question.words.map((_, q) => q);
    const named = new Set(question.words.flatMap((word) => word.terms));
    const instances = new Set<string>();
    const titled: TitledName[] = [];
    const stems = question.words.map((word) => word.terms[0] ?? '');
    // The type asked for: "news agency", else its head noun "agency".
    if ((instanceWeight > 0 || instanceCredit > 0) && question.focus.length > 0) {
      const head = question.focus.at(-1) ?? '';
      const q = question.words.findIndex((word) => word.lower === head);
      for (const type of [question.focus.join(' '), head]) {
        const found = this.instancesOf(type);
        if (found.size === 0) continue;
        if (found.size <= MAX_INSTANCES && q >= 0) {
          for (const term of found) {
            if (named.has(term)) continue;
            instances.add(term);
            if (instanceWeight > 0) extra[q]?.set(term, instanceWeight);
          }
        }
        break;
      }
    }
    // A title a story gives someone: in that story, its words match the name, which counts as named.
    for (const { stems: title, given } of aliasWeight > 0 ? this.#titles.values() : []) {
      const at = findRun(stems, title);
      if (at < 0) continue;
      const words = title.map((_, k) => at + k);
      for (const { article, alias } of given) {
        titled.push({ article, words, name: alias.name.filter((term) => this.vocabulary.has(term)), named: [...alias.name, ...alias.possessor] });
      }
    }
    if (phrases) {
      // Longest first: consecutive question words that the lexicon knows as one term.
      for (let q = 0; q < stems.length; q += 1) {
        for (let length = Math.min(3, stems.length - q); length > 1; length -= 1) {
          if (!this.#phrases.has(stems.slice(q, q + length).join(' '))) continue;
          for (let k = q + 1; k < q + length; k += 1) unit[k] = unit[q] ?? q;
          q += length - 1;
          break;
        }
      }
    }
    return { extra, unit, named, instances, titled };
  }

  /** The ways a question word can match: its own terms at full weight, then its expansions. */
  formsOf(word: QueryWord): WordForm[] {
    const forms = new Map<string, number>();
    for (const term of word.terms) forms.set(term, 1);
    if (this.tunables.expand) {
      for (const [related, weight] of this.#expansionsOf(word)) {
        if ((forms.get(related) ?? 0) < weight) forms.set(related, weight);
      }
    }
    // A word the corpus never uses may be misspelled: try the corpus's near spellings.
    const { fuzzyWeight } = this.tunables;
    if (fuzzyWeight > 0) {
      for (const near of this.#nearSpellings(word)) if ((forms.get(near) ?? 0) < fuzzyWeight) forms.set(near, fuzzyWeight);
    }
    return [...forms].map(([term, weight]) => ({ term, weight }));
  }

  /**
   * How the corpus uses a question word: `exact` (the word or an inflection), `related` (a
   * spelling variant, derived form or common synonym: an expansion weighted at least
   * `SAFE_EXPANSION`), `near` (a near spelling of a word it never uses), `broader` (a more
   * general word for one of its words: "army" for "troops"), or null.
   */
  presence(word: QueryWord): 'exact' | 'related' | 'near' | 'broader' | null {
    if (word.terms.some((term) => this.vocabulary.has(term))) return 'exact';
    for (const [, weight] of this.#expansionsOf(word)) if (weight >= SAFE_EXPANSION) return 'related';
    if (this.#nearSpellings(word).length > 0) return 'near';
    return word.terms.some((term) => this.#hypernyms.has(term)) ? 'broader' : null;
  }

  /** Expansions of a question word that the corpus uses, with their weights. */
  #expansionsOf(word: QueryWord): [string, number][] {
    const found: [string, number][] = [];
    // Porter stems some inflections apart from their word ("bluffing" → "bluf", "bluff" → "bluff").
    for (const variant of UNSTEMMED.has(word.lower) ? [] : inflectionVariants(word.lower)) {
      const term = stem(variant);
      if (this.vocabulary.has(term) && !word.terms.includes(term)) found.push([term, INFLECTION_WEIGHT]);
    }
    const keys = new Set([word.lower, regularise(word.lower), word.lower.replace(/-/g, '')]);
    for (const key of keys) {
      for (const [related, weight] of Object.entries(this.#lexicon.expansions[key] ?? {})) {
        if (this.vocabulary.has(related)) found.push([related, weight * this.tunables.expansionScale]);
      }
    }
    return found;
  }

  /** Corpus terms one or two edits away from a question word the corpus never uses ("Telnet" → "telenet"). */
  #nearSpellings(word: QueryWord): string[] {
    if (word.terms.some((term) => this.vocabulary.has(term))) return [];
    const key = word.terms.join(' ');
    const cached = this.#nearCache.get(key);
    if (cached) return cached;
    if (this.#nearCache.size >= NEAR_CACHE_SIZE) this.#nearCache.clear();
    const near = new Set<string>();
    for (const term of word.terms) {
      if (term.length < 5 || !/^\p{L}+$/u.test(term)) continue;
      const distance = term.length >= 8 ? 2 : 1;
      for (const matched of this.#spellings.find(term, distance)) near.add(matched);
    }
    const found = [...near];
    this.#nearCache.set(key, found);
    return found;
  }

  /**
   * For re-ranking: each index term → the question words it matches through a form (with the
   * form's weight and weight × idf), and each own term → the question words it belongs to.
   */
  #termLookups(
    question: AnalysedQuestion,
    wordForms: readonly WordForm[][],
    idf: ReadonlyMap<string, number>,
    reading: QuestionReading,
    titledByWord: readonly TitledForm[][],
    range: PassageRange | undefined,
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
    const statistics = range ? this.#rangeStatistics(range) : this.#statistics;
    return { formsByTerm, ownByTerm, titledForms, titledNamed, statistics };
  }

  /** Re-ranking's statistics over a range of passages (an article), counted as the build counts the corpus's. */
  #rangeStatistics([first, end]: PassageRange): Statistics {
    const key = `${first}:${end}`;
    let statistics = this.#rangeStatisticsCache.get(key);
    if (!statistics) {
      let contentWords = 0;
      let sentences = 0;
      const wordFrequency = new Map<string, number>();
      for (let id = first; id < end; id += 1) {
        const passage = this.passages[id] as Passage;
        sentences += passage.sentences.length;
        const seen = new Set<string>();
        for (const word of splitWords(passage.text)) {
          if (wordTerms(word).length === 0) continue;
          contentWords += 1;
          seen.add(word.lower);
        }
        for (const word of seen) wordFrequency.set(word, (wordFrequency.get(word) ?? 0) + 1);
      }
      statistics = {
        passages: end - first,
        averageSentenceLength: Math.max(1, contentWords / Math.max(1, sentences)),
        broaderFrequency: broaderFrequencies(wordFrequency, this.#lexicon, end - first),
      };
      if (this.#rangeStatisticsCache.size >= RANGE_CACHE_SIZE) this.#rangeStatisticsCache.clear();
      this.#rangeStatisticsCache.set(key, statistics);
    }
    return statistics;
  }

  /** The passages of an article (none for an id the corpus lacks), or undefined for all. */
  #articleRange(article: string | undefined): PassageRange | undefined {
    if (article === undefined) return undefined;
    return this.#articleRanges.get(article) ?? [0, 0];
  }


  /** Per-article scoring over this corpus: each passage's article, and each article's text length. */
  #articleScorer(articles: readonly Article[]): ArticleScorer {
    const articleOf = new Int32Array(this.passages.length);
    const lengths = new Float64Array(articles.length);
    let id = 0;
    articles.forEach((article, a) => {
      for (let p = 0; p < article.passages.length; p += 1, id += 1) {
        articleOf[id] = a;
        lengths[a] = (lengths[a] ?? 0) + this.#postings.fieldLength('text', id);
      }
    });
    return new ArticleScorer(articleOf, lengths, this.tunables.bm25);
  }

  /** The passage's profile, worked out on first use. */
  profile(id: number): PassageProfile | undefined {
    const cached = this.#profiles.get(id);
    if (cached) return cached;
    const passage = this.passages[id];
    if (!passage) return undefined;
    if (this.#profiles.size >= PROFILE_CACHE_SIZE) this.#profiles.clear();
    const profile = profilePassage(passage, this.#entityContext);
    this.#profiles.set(id, profile);
    return profile;
  }

  /** What the learned ranker's features read beyond the candidates: profiles, article sizes. */
  readonly featureContext: FeatureContext = {
    profile: (passage) => {
      const range = this.#articleRanges.get(passage.article);
      const id = range ? range[0] + passage.paragraph - 1 : -1;
      return this.passages[id] === passage ? this.profile(id) : undefined;
    },
    articleSize: (article) => {
      const range = this.#articleRanges.get(article);
      return range ? range[1] - range[0] : 0;
    },
  };

  /** What `search` reads from a question beyond its words (titles, multi-word terms, the type asked for). */
  readQuestion(question: AnalysedQuestion): QuestionReading {
    return this.#readQuestion(question);
  }

  /** Ranks the passages for an analysed question, best first: the re-ranked candidates only. */
  search(question: AnalysedQuestion, options: SearchOptions = {}): RankedPassage[] {
    const { coordination, rerankDepth } = this.tunables;
    // Within one story, words are weighed by how they tell its paragraphs apart, as if it were
    // alone: its answers do not change when other stories join the corpus.
    const range = this.#articleRange(options.article);
    const idf = new Map<string, number>();
    const focus = new Set(question.focus);
    const reading = this.#readQuestion(question);
    const wordForms = question.words.map((word, q) => {
      const forms = this.formsOf(word);
      const factor = focus.has(word.lower) ? this.tunables.focusWeight : 1;
      const weighted = factor === 1 ? forms : forms.map((form) => ({ term: form.term, weight: form.weight * factor }));
      // An instance of the type asked for is the answer: it is not discounted like the type word.
      for (const [term, weight] of reading.extra[q] ?? []) {
        const own = weighted.find((form) => form.term === term);
        if (!own) weighted.push({ term, weight });
        else if (own.weight < weight) own.weight = weight;
      }
      return weighted;
    });
    const idfOf = (term: string): number => {
      let value = idf.get(term);
      if (value === undefined) {
        value = this.#scorer.idf(term, range);
        idf.set(term, value);
      }
      return value;
    };
    // A title's words match the name in the article that gives it. And a title is as telling as
    // the name it stands for: "secretary general" is rare in a story that calls him "Stoltenberg"
    // everywhere else, but it speaks of the same much-mentioned person.
    const titledByWord: TitledForm[][] = question.words.map(() => []);
    const nameIdfByWord = new Map<number, number>();
    for (const { article, words, name } of reading.titled) {
      const nameIdf = Math.min(...name.map(idfOf));
      if (!Number.isFinite(nameIdf)) continue;
      for (const q of words) {
        nameIdfByWord.set(q, Math.min(nameIdfByWord.get(q) ?? Infinity, nameIdf));
        for (const term of name) titledByWord[q]?.push({ article, term, weight: this.tunables.aliasWeight * Math.min(1, nameIdf / idfOf(term)) });
      }
    }
    for (const [q, nameIdf] of nameIdfByWord) {
      for (const form of wordForms[q] ?? []) {
        const own = idfOf(form.term);
        if (own > nameIdf) form.weight *= nameIdf / own;
      }
    }

    // Stage 1: each question word scores once per passage, through its best form; a multi-word
    // term counts once towards the number of words matched.
    // Across articles, each passage also gets its article's score for the question.
    const tally = this.#tally.start();
    const articles = range === undefined ? this.#articles?.start() : undefined;
    question.words.forEach((_, q) => {
      const unit = reading.unit[q] ?? q;
      for (const { term, weight } of wordForms[q] ?? []) {
        idfOf(term);
        this.#scorer.score(term, range, (id, score) => tally.offer(id, weight * score), range);
        const postings = articles && this.#postings.postings(term, 'text');
        if (postings) articles?.offer(postings, weight);
      }
      for (const { article, term, weight } of titledByWord[q] ?? []) {
        const span = overlap(this.#ranges[article], range);
        if (span) this.#scorer.score(term, span, (id, score) => tally.offer(id, weight * score), range);
      }
      tally.endWord(unit);
      articles?.endWord(unit);
    });
    let bonus: ((id: number) => number) | undefined;
    if (articles) {
      const scores = articles.finish(coordination);
      const { articleWeight } = this.tunables;
      bonus = (id) => articleWeight * (scores[articles.articleOf(id)] ?? 0);
    }
    const candidates = tally.best(rerankDepth, coordination, bonus);

    // Stage 2: sentences, proximity and answer type, for the candidates only.
    const lookups = this.#termLookups(question, wordForms, idf, reading, titledByWord, range);
    const ranked = candidates.map(({ id, score, matched }) => this.#rerank(id, score, bonus ? bonus(id) : 0, matched, question, wordForms, reading, lookups));
    ranked.sort((a, b) => b.score - a.score || a.passage.paragraph - b.passage.paragraph);
    return this.tunables.learned ? learnedOrder(question, ranked, this.featureContext) : ranked;
  }

  #rerank(
    id: number,
    /** Stage 1's score, its article's share included. */
    retrievalScore: number,
    articleScore: number,
    matched: number,
    question: AnalysedQuestion,
    wordForms: readonly WordForm[][],
    reading: QuestionReading,
    { formsByTerm, ownByTerm, titledForms, titledNamed, statistics }: TermLookups,
  ): RankedPassage {
    const passage = this.passages[id] as Passage;
    const article = this.#articleIndex.get(passage.article) ?? -1;
    // The names a title the question uses stands for in this passage's article, if it gives one.
    const titledByTerm = titledForms.get(article);
    const profile = this.profile(id) as PassageProfile;
    const { sentenceWeight, sentenceB, pairWeight, pairWindow, answerTypeWeight, bm25, broaderWeight } = this.tunables;
    const sentenceCount = passage.sentences.length;
    // Where each question word matches: position, sentence, weight of the form, weight × idf.
    const matches: Match[][] = wordForms.map(() => []);
    const strengths = new Float64Array(wordForms.length);
    const weights = new Float64Array(wordForms.length);
    const words = profile.words;
    // Each question word's strongest form at the current position.
    const keepStrongest = (forms: readonly TermForm[] | undefined) => {
      for (const form of forms ?? []) {
        if (form.strength > (strengths[form.q] ?? 0)) {
          strengths[form.q] = form.strength;
          weights[form.q] = form.weight;
        }
      }
    };
    for (let position = 0; position < words.length; position += 1) {
      const word = words[position] as PassageProfile['words'][number];
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
      for (let q = 0; q < strengths.length; q += 1) {
        const strength = strengths[q] ?? 0;
        if (strength > 0) matches[q]?.push({ position, sentence: word.sentence, strength, weight: weights[q] ?? 0 });
      }
    }

    // Terms the question names, directly or through a title this article gives: no answer to it.
    const questionTerms = titledNamed.get(article) ?? reading.named;
    const credits = question.answerType ? ANSWER_TYPE_CREDIT[question.answerType] : undefined;
    // Sentences holding a story word of the type asked for, or the described noun with a modifier.
    const typedSentences = new Float64Array(sentenceCount);
    const described = question.described === null ? null : stem(question.described);
    const { describedCredit, instanceCredit } = this.tunables;
    const describedQ = described === null ? -1 : question.words.findIndex((word) => word.terms.includes(described));
    // "What kind of alliance…": the strongest match of the noun where the story qualifies it with
    // a word the question does not use. Counted as evidence of its own, whatever else the sentence says.
    let describedBonus = 0;
    words.forEach((word, position) => {
      if (instanceCredit > 0 && reading.instances.size > 0 && word.terms.some((term) => reading.instances.has(term))) typedSentences[word.sentence] = instanceCredit;
      if (describedQ >= 0 && describedCredit > 0 && word.modifier.length > 0 && !word.modifier.every((term) => questionTerms.has(term))) {
        const match = matches[describedQ]?.find((item) => item.position === position);
        if (match) describedBonus = Math.max(describedBonus, describedCredit * match.strength);
      }
    });
    const sentences: ScoredSentence[] = [];
    let bestSentence = 0;
    let bestTyped = 0;
    for (let s = 0; s < sentenceCount; s += 1) {
      const lengthNorm = 1 - sentenceB + sentenceB * ((profile.sentenceLengths[s] ?? 0) / statistics.averageSentenceLength);
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
      const score = total * (sentenceMatched > 0 ? sentenceMatched ** this.tunables.coordination : 0);
      let answerType = typedSentences[s] ?? 0;
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

    // Question words standing close together in the passage: adjacent ones count fully, and the
    // reward fades with each word between them.
    let proximity = 0;
    if (pairWeight > 0) {
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
          proximity += best;
        }
      }
    }
    const score = retrievalScore + sentenceWeight * bestSentence + pairWeight * proximity + answerTypeWeight * (bestTyped + describedBonus);
    const signals = { retrieval: retrievalScore - articleScore, article: articleScore, sentence: bestSentence, proximity, typed: bestTyped, described: describedBonus };
    return { passage, score, matched, sentences, signals };
  }
}

/** Inverse passage frequency of a broader term. */
function broaderIdf(term: string, { passages, broaderFrequency }: Statistics): number {
  const frequency = broaderFrequency.get(term) ?? 0;
  return Math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5));
}

/**
 * How many passages each broader term (hypernym or definition word) reaches, from how many
 * passages use each word. A broader term reaches the passages of every word it is broader than
 * (an estimate: a passage with two such words counts twice, which only lowers a rare term's idf a little).
 */
function broaderFrequencies(wordFrequency: Iterable<readonly [string, number]>, lexicon: Pick<Lexicon, 'broader' | 'definitions'>, passages: number): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const [word, frequency] of wordFrequency) {
    const related = new Set([...(lexicon.broader[word] ?? []), ...(lexicon.definitions[word] ?? [])].map(stem));
    for (const term of related) frequencies.set(term, Math.min(passages, (frequencies.get(term) ?? 0) + frequency));
  }
  return frequencies;
}

/** The passages two ranges share (all of `range` when `within` is undefined), or undefined when none. */
function overlap(range: PassageRange | undefined, within: PassageRange | undefined): PassageRange | undefined {
  if (!range) return undefined;
  const first = Math.max(range[0], within?.[0] ?? 0);
  const end = Math.min(range[1], within?.[1] ?? Infinity);
  return first < end ? [first, end] : undefined;
}

/** Where a run of stems stands in a list of stems, or -1. */
function findRun(stems: readonly string[], run: readonly string[]): number {
  if (run.length === 0) return -1;
  for (let i = 0; i + run.length <= stems.length; i += 1) if (run.every((item, k) => stems[i + k] === item)) return i;
  return -1;
}
