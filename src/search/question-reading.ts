/**
 * What a question's wording means in one corpus, beyond its words' own forms: story words of the
 * type it asks for ("Ukraine" for "Which territory…"), the titles it uses and whom each story
 * gives them to ("secretary general" → Stoltenberg), and which of its words make one multi-word
 * term ("secretary general" counts once).
 */
import type { Alias } from './aliases.ts';
import { titleTerms } from './aliases.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import type { AnalysedQuestion } from './query.ts';
import { MAX_INSTANCES, type SearchTunables } from './tunables.ts';
import { stem } from '../text/stem.ts';
import { isStopWord } from '../text/stop-words.ts';

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

/** What a question's wording adds to its words' own forms (see `QuestionReader.read`). */
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

/** Cap on remembered types' instances. */
const KINDS_CACHE_SIZE = 1_000;

/** Reads questions against one corpus's words, titles and multi-word terms. */
export class QuestionReader {
  readonly #words: ReadonlySet<string>;
  readonly #vocabulary: Pick<ReadonlySet<string>, 'has'>;
  readonly #lexicon: Pick<Lexicon, 'ancestors'>;
  readonly #tunables: Pick<SearchTunables, 'instanceWeight' | 'instanceCredit' | 'aliasWeight' | 'phrases'>;
  /** Titles the stories give named people ("secretary general" → Stoltenberg), by their content stems joined with spaces. */
  readonly #titles = new Map<string, TitleGiven>();
  /** Multi-word terms a question may use as one (WordNet compounds and the story's titles), by content stems joined with spaces. */
  readonly phrases: ReadonlySet<string>;
  /** Type lemma ("news agency", "country") → stems of corpus words of that kind, for the types questions asked. */
  readonly #kinds = new Map<string, Set<string>>();

  /**
   * Over a corpus's words (lower case) and index terms, with the titles its articles give
   * (each with the article's place in the corpus), and, from a snapshot, the phrases found before.
   */
  constructor(
    words: ReadonlySet<string>,
    vocabulary: Pick<ReadonlySet<string>, 'has'>,
    lexicon: Pick<Lexicon, 'ancestors' | 'compounds'>,
    tunables: Pick<SearchTunables, 'instanceWeight' | 'instanceCredit' | 'aliasWeight' | 'phrases'>,
    aliases: readonly (readonly [number, Alias])[],
    phrases?: readonly string[],
  ) {
    this.#words = words;
    this.#vocabulary = vocabulary;
    this.#lexicon = lexicon;
    this.#tunables = tunables;
    for (const [article, alias] of aliases) {
      const stems = titleTerms(alias);
      if (stems.length === 0) continue;
      const key = stems.join(' ');
      const entry = this.#titles.get(key) ?? { stems, given: [] };
      entry.given.push({ article, alias });
      this.#titles.set(key, entry);
    }
    this.phrases = phrases ? new Set(phrases) : this.#findPhrases(lexicon.compounds);
  }

  /** WordNet's compounds and the stories' multi-word titles, as content stems joined with spaces. */
  #findPhrases(compounds: Iterable<string>): Set<string> {
    const phrases = new Set<string>();
    for (const compound of compounds) {
      const stems = compound.split(' ').filter((part) => !isStopWord(part)).map(stem);
      if (stems.length > 1) phrases.add(stems.join(' '));
    }
    for (const key of this.#titles.keys()) if (key.includes(' ')) phrases.add(key);
    return phrases;
  }

  /** Every title given, each with the article (its place in the corpus) that gives it: for a snapshot. */
  aliases(): (readonly [number, Alias])[] {
    return [...this.#titles.values()].flatMap(({ given }) => given.map(({ article, alias }) => [article, alias] as const));
  }

  /** Stems of corpus words that are a kind or instance of a type lemma (lower case, spaces between words). */
  instancesOf(type: string): ReadonlySet<string> {
    let found = this.#kinds.get(type);
    if (!found) {
      // One type at a time: a scan of the corpus's words for this type is a few milliseconds at
      // 10,000 articles, where a table of every type of every word took half a second.
      found = new Set<string>();
      for (const word of this.#words) if ((this.#lexicon.ancestors[word] ?? []).includes(type)) found.add(stem(word));
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
  read(question: AnalysedQuestion): QuestionReading {
    const extra: Map<string, number>[] = question.words.map(() => new Map());
    const named = new Set(question.words.flatMap((word) => word.terms));
    const stems = question.words.map((word) => word.terms[0] ?? '');
    const instances = this.#instancesAsked(question, named, extra);
    const titled = this.#titlesUsed(stems);
    const unit = this.#tunables.phrases ? this.#units(stems) : question.words.map((_, q) => q);
    return { extra, unit, named, instances, titled };
  }

  /** Story words of the type asked for ("news agency", else its head noun "agency"), as forms of the type word. */
  #instancesAsked(question: AnalysedQuestion, named: ReadonlySet<string>, extra: Map<string, number>[]): Set<string> {
    const { instanceWeight, instanceCredit } = this.#tunables;
    const instances = new Set<string>();
    if ((instanceWeight <= 0 && instanceCredit <= 0) || question.focus.length === 0) return instances;
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
    return instances;
  }

  /** A title a story gives someone: in that story, its words match the name, which counts as named. */
  #titlesUsed(stems: readonly string[]): TitledName[] {
    const titled: TitledName[] = [];
    for (const { stems: title, given } of this.#tunables.aliasWeight > 0 ? this.#titles.values() : []) {
      const at = findRun(stems, title);
      if (at < 0) continue;
      const words = title.map((_, k) => at + k);
      for (const { article, alias } of given) {
        titled.push({ article, words, name: alias.name.filter((term) => this.#vocabulary.has(term)), named: [...alias.name, ...alias.possessor] });
      }
    }
    return titled;
  }

  /** Per question word, the first word of its multi-word term: longest first, consecutive words the lexicon knows as one. */
  #units(stems: readonly string[]): number[] {
    const unit = stems.map((_, q) => q);
    for (let q = 0; q < stems.length; q += 1) {
      for (let length = Math.min(3, stems.length - q); length > 1; length -= 1) {
        if (!this.phrases.has(stems.slice(q, q + length).join(' '))) continue;
        for (let k = q + 1; k < q + length; k += 1) unit[k] = unit[q] ?? q;
        q += length - 1;
        break;
      }
    }
    return unit;
  }
}

/** Where a run of stems stands in a list of stems, or -1. */
function findRun(stems: readonly string[], run: readonly string[]): number {
  if (run.length === 0) return -1;
  for (let i = 0; i + run.length <= stems.length; i += 1) if (run.every((item, k) => stems[i + k] === item)) return i;
  return -1;
}
