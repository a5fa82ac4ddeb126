/**
 * A seeded, reproducible generator of news-like articles in storybot's corpus format, for
 * measuring how the engine scales with the corpus.
 *
 * Each article is generated from its own seed (the corpus seed and the article's number), so
 * the first 1,000 articles of a 10,000-article corpus are the 1,000-article corpus: questions
 * drawn from them are the same at every size, and only the distractors grow.
 *
 *   npx tsx bench/synthetic.ts --articles 1000 --out DIR --seed 1
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CITIES, DOMAINS, FIRST_NAMES, MODALS, MONTH_ABBREVIATIONS, MONTHS, ORGANISATION_KINDS, PUBLISHERS, ROLES,
  SURNAMES, VERBS, WEEKDAYS, pluralise, rankedWords,
} from './vocabulary.ts';

/** Bump when the output for a seed changes, so cached corpora and recorded figures are not mixed. */
export const GENERATOR_VERSION = 1;
/** Fewest and most paragraphs in an article. */
export const MIN_PARAGRAPHS = 10;
export const MAX_PARAGRAPHS = 40;
/** Zipf exponent of the long-tail vocabulary: about what English text shows. */
const ZIPF_EXPONENT = 1.05;
/** Zipf–Mandelbrot offset: flattens the head so the commonest tail word is not in every passage. */
const ZIPF_OFFSET = 2.7;

/** A question about a generated article, answered by one paragraph of it. */
export interface SyntheticQuestion {
  /** The question as a user would type it. */
  q: string;
  /** Id of the article it was generated from. */
  article: string;
  /** 1-based paragraph that answers it (as `loadCorpus` numbers them). */
  paragraph: number;
}

/** One generated article, before it is written as Markdown. */
export interface SyntheticArticle {
  /** Corpus id, also the file name without `.md`. */
  id: string;
  title: string;
  publisher: string;
  /** ISO date. */
  published: string;
  /** The story's paragraphs, in order. */
  paragraphs: string[];
  /** Questions that one paragraph of this article answers. */
  questions: SyntheticQuestion[];
}

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same numbers everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed for article `index` of the corpus with seed `seed` (FNV-1a of both). */
export function articleSeed(seed: number, index: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${index}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

/** Draws from a ranked list with Zipf–Mandelbrot weights (rank 1 commonest), by binary search. */
class ZipfList {
  readonly #words: readonly string[];
  readonly #cumulative: Float64Array;

  constructor(words: readonly string[]) {
    this.#words = words;
    this.#cumulative = new Float64Array(words.length);
    let total = 0;
    for (let rank = 0; rank < words.length; rank++) {
      total += 1 / (rank + 1 + ZIPF_OFFSET) ** ZIPF_EXPONENT;
      this.#cumulative[rank] = total;
    }
  }

  draw(random: () => number): string {
    const target = random() * (this.#cumulative[this.#cumulative.length - 1] ?? 0);
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return this.#words[low] ?? '';
  }
}

let tail: { nouns: ZipfList; adjectives: ZipfList } | undefined;
function longTail(): { nouns: ZipfList; adjectives: ZipfList } {
  if (!tail) {
    const words = rankedWords();
    tail = { nouns: new ZipfList(words.nouns), adjectives: new ZipfList(words.adjectives) };
  }
  return tail;
}

interface Person {
  first: string;
  last: string;
  role: string;
  organisation: string;
  /** Introduced in full already: later mentions use the surname. */
  introduced: boolean;
}

/** A noun phrase with the words a question can ask about. */
interface Phrase {
  text: string;
  noun: string;
  adjective?: string;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** Everything one article's sentences are made of, and the random source that picks among it. */
class ArticleWriter {
  readonly random: () => number;
  readonly domain;
  readonly people: Person[];
  readonly organisations: string[];
  readonly places: (readonly [string, string])[];
  readonly topics: string[];
  readonly topicAdjectives: string[];
  readonly publisher: string;
  readonly year: number;

  constructor(seed: number) {
    this.random = mulberry32(seed);
    this.domain = this.pick(DOMAINS);
    this.places = [this.pick(CITIES), this.pick(CITIES), this.pick(CITIES)];
    const [city, country] = this.places[0] ?? ['Lagos', 'Nigeria'];
    this.organisations = Array.from({ length: this.int(2, 4) }, () => this.organisationName(city, country));
    this.people = Array.from({ length: this.int(2, 6) }, () => ({
      first: this.pick(FIRST_NAMES),
      last: this.pick(SURNAMES),
      role: this.pick(ROLES),
      organisation: this.pick(this.organisations),
      introduced: false,
    }));
    const { nouns, adjectives } = longTail();
    this.topics = [this.pick(this.domain.nouns), this.pick(this.domain.nouns), ...Array.from({ length: 3 }, () => nouns.draw(this.random))];
    this.topicAdjectives = [adjectives.draw(this.random), adjectives.draw(this.random)];
    this.publisher = this.pick(PUBLISHERS);
    this.year = this.int(2015, 2024);
  }

  int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('synthetic: pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  organisationName(city: string, country: string): string {
    const kind = this.pick(ORGANISATION_KINDS);
    const place = this.chance(0.5) ? city : country.replace(/^the /, '');
    if (kind === 'University') return this.chance(0.5) ? `University of ${place}` : `${place} University`;
    return this.chance(0.3) ? `${place} ${kind}` : `${capitalise(kind.startsWith('Ministry') ? kind : `National ${kind}`)}`;
  }

  /** A content noun: often one the story keeps returning to, otherwise the long tail. */
  noun(): string {
    const draw = this.random();
    if (draw < 0.3) return this.pick(this.topics);
    if (draw < 0.45) return this.pick(this.domain.nouns);
    return longTail().nouns.draw(this.random);
  }

  adjective(): string {
    return this.chance(0.2) ? this.pick(this.topicAdjectives) : longTail().adjectives.draw(this.random);
  }

  number(): string {
    const draw = this.random();
    if (draw < 0.4) return String(this.int(2, 99));
    if (draw < 0.8) return this.int(100, 99_999).toLocaleString('en-US');
    return `${this.int(1, 9)}.${this.int(1, 9)} million`;
  }

  money(): string {
    return this.chance(0.5) ? `$${this.int(1, 99)}.${this.int(1, 9)} billion` : `${this.int(2, 900)} million euros`;
  }

  date(): string {
    return this.chance(0.5) ? `${this.pick(MONTH_ABBREVIATIONS)} ${this.int(1, 28)}` : `${this.pick(WEEKDAYS)}, ${this.pick(MONTHS)} ${this.int(1, 28)}`;
  }

  city(): string {
    return this.pick(this.places)[0];
  }

  country(): string {
    return this.pick(this.places)[1];
  }

  phrase(): Phrase {
    const noun = this.noun();
    const draw = this.random();
    if (draw < 0.35) {
      const adjective = this.adjective();
      return { text: `the ${adjective} ${noun}`, noun, adjective };
    }
    if (draw < 0.55) return { text: `the ${noun}`, noun };
    if (draw < 0.7) return { text: `${this.number()} ${pluralise(noun)}`, noun };
    if (draw < 0.85) {
      const adjective = this.adjective();
      return { text: `${article(adjective)} ${adjective} ${noun}`, noun, adjective };
    }
    return { text: `the ${this.pick(this.organisations)}’s ${noun}`, noun };
  }

  /** Names a person in full with their role the first time, by surname afterwards. */
  mention(person: Person): string {
    if (person.introduced) return person.last;
    person.introduced = true;
    return `${person.first} ${person.last}, ${person.role} of the ${person.organisation},`;
  }

  /** "we will not cut the budget in Lagos": something a person says. */
  clause(): { text: string; object: Phrase } {
    const subject = this.pick(['we', 'the government', `our ${this.noun()}`, `the ${this.noun()}`, `this ${this.noun()}`, `the ${this.pick(this.organisations)}`, 'nobody', 'they']);
    const verb = this.pick(VERBS);
    const object = this.phrase();
    const tail = this.pick([
      '', '', ` in ${this.city()}`, ` before ${this.pick(MONTHS)}`, ` without ${this.phrase().text}`,
      ` for ${this.number()} ${pluralise(this.noun())}`, ` unless ${this.phrase().text} ${this.pick(VERBS).third} ${this.phrase().text}`,
    ]);
    return { text: `${subject} ${this.pick(MODALS)} ${verb.base} ${object.text}${tail}`, object };
  }

  /** One paragraph (1 to 3 sentences) and, where it has one, a question it answers. */
  paragraph(number: number): { text: string; question?: string } {
    const sentences: string[] = [];
    let question: string | undefined;
    const count = number === 1 ? 2 : this.int(1, 3);
    for (let index = 0; index < count; index++) {
      const { text, question: asked } = number === 1 && index === 0 ? this.lede() : this.sentence();
      sentences.push(text);
      question ??= asked;
    }
    return { text: sentences.join(' '), question };
  }

  lede(): { text: string; question?: string } {
    const organisation = this.pick(this.organisations);
    const verb = this.pick(VERBS);
    const object = this.phrase();
    const text = `${this.city().toUpperCase()} — The ${organisation} on ${this.pick(WEEKDAYS)} ${verb.past} ${object.text}, in a move that ${this.pick(['critics', 'officials', 'analysts', 'residents'])} said ${this.pick(MODALS)} ${this.pick(VERBS).base} ${this.phrase().text}.`;
    return { text, question: `Why did the ${organisation} ${verb.base} ${object.adjective ? `the ${object.adjective} ${object.noun}` : `the ${object.noun}`}?` };
  }

  sentence(): { text: string; question?: string } {
    const draw = this.random();
    const person = this.pick(this.people);
    const about = (object: Phrase) => `What did ${person.last} say about the ${object.adjective ? `${object.adjective} ` : ''}${object.noun}?`;
    if (draw < 0.3) {
      const { text: said, object } = this.clause();
      const shape = this.int(0, 3);
      const name = this.mention(person);
      const quote = capitalise(said);
      if (shape === 0) return { text: `“${quote},” ${name.replace(/,$/, '')} said.`, question: about(object) };
      if (shape === 1) return { text: `“${quote},” said ${name.replace(/,$/, '')}.`, question: about(object) };
      if (shape === 2) return { text: `${name.replace(/,$/, '')} said: “${quote}.”`, question: about(object) };
      return { text: `“${quote}. ${capitalise(this.clause().text)},” ${name.replace(/,$/, '')} told ${this.publisher}.`, question: about(object) };
    }
    if (draw < 0.5) {
      const { text: said, object } = this.clause();
      const shape = this.int(0, 2);
      const name = this.mention(person);
      if (shape === 0) return { text: `${name} said ${said}.`, question: about(object) };
      if (shape === 1) return { text: `According to ${name.replace(/,$/, '')}, ${said}.`, question: about(object) };
      return { text: `${name} warned that ${said}.`, question: about(object) };
    }
    if (draw < 0.65) {
      const noun = this.noun();
      const verb = this.pick(VERBS);
      const city = this.city();
      if (this.chance(0.5)) {
        return {
          text: `The ${this.pick(this.organisations)} said ${this.number()} ${pluralise(noun)} had been ${verb.participle} in ${city} since ${this.date()}.`,
          question: `How many ${pluralise(noun)} were ${verb.participle} in ${city}?`,
        };
      }
      const country = this.country();
      const rose = this.chance(0.5);
      return {
        text: `${capitalise(country)}’s ${noun} ${rose ? 'rose' : 'fell'} ${this.int(1, 40)}.${this.int(0, 9)} percent to ${this.money()} in ${this.int(2010, this.year)}, figures from the ${this.pick(this.organisations)} showed.`,
        question: `How much did ${country.replace(/^the /, '')}’s ${noun} ${rose ? 'rise' : 'fall'}?`,
      };
    }
    if (draw < 0.82) {
      const organisation = this.pick(this.organisations);
      const verb = this.pick(VERBS);
      const object = this.phrase();
      if (this.chance(0.5)) {
        return {
          text: `On ${this.date()}, the ${organisation} ${verb.past} ${object.text} ${this.pick(['in', 'near', 'outside'])} ${this.city()}.`,
          question: `When did the ${organisation} ${verb.base} the ${object.noun}?`,
        };
      }
      return { text: `The ${this.noun()} comes ${this.int(2, 11)} weeks after the ${organisation} ${verb.past} ${object.text}.` };
    }
    const verb = this.pick(VERBS);
    if (this.chance(0.5)) {
      return { text: `${this.city()}, a city of ${this.int(20, 9_000).toLocaleString('en-US')},000 people, has ${verb.participle} ${this.number()} ${pluralise(this.noun())} since ${this.int(1990, this.year)}.` };
    }
    return { text: `More than ${this.number()} ${pluralise(this.noun())} were ${verb.participle} last year, up from ${this.number()} in ${this.int(2000, this.year)}, ${this.pick(['officials', 'the data', 'researchers', 'the report'])} ${this.pick(['said', 'showed', 'found'])}.` };
  }

  title(): string {
    const person = this.pick(this.people);
    const verb = this.pick(VERBS);
    const noun = this.noun();
    return this.pick([
      `${this.pick(this.organisations)} ${verb.third} ${this.adjective()} ${noun} plan`,
      `${person.last} warns of ${noun} as ${this.city()} ${pluralise(this.noun())} ${this.pick(['protest', 'wait', 'object', 'celebrate'])}`,
      `${capitalise(this.country())} to ${verb.base} ${noun} after ${this.adjective()} ${this.noun()}`,
      `${capitalise(this.adjective())} ${noun}: what the ${this.pick(this.organisations)} decision means for ${this.city()}`,
    ]);
  }
}

/** The id of article `index` (0-based) in a synthetic corpus. */
export function syntheticId(index: number): string {
  return `syn-${String(index + 1).padStart(6, '0')}`;
}

/** Generates article `index` (0-based) of the corpus with seed `seed`. */
export function generateArticle(seed: number, index: number): SyntheticArticle {
  const writer = new ArticleWriter(articleSeed(seed, index));
  const id = syntheticId(index);
  const title = writer.title();
  const start = Date.UTC(writer.year, 0, 1) + writer.int(0, 364) * 86_400_000;
  const published = new Date(start).toISOString().slice(0, 10);
  // Squared uniform: most articles are short, a few run long (mean about 20 paragraphs).
  const count = MIN_PARAGRAPHS + Math.floor(writer.random() ** 2 * (MAX_PARAGRAPHS - MIN_PARAGRAPHS + 1));
  const paragraphs: string[] = [];
  const questions: SyntheticQuestion[] = [];
  for (let number = 1; number <= count; number++) {
    const { text, question } = writer.paragraph(number);
    paragraphs.push(text);
    if (question) questions.push({ q: question, article: id, paragraph: number });
  }
  return { id, title, publisher: writer.publisher, published, paragraphs, questions };
}

/** The article as a corpus Markdown file: YAML front matter, then paragraphs between blank lines. */
export function renderArticle(article: SyntheticArticle): string {
  const front = [
    '---',
    `id: ${article.id}`,
    `title: ${JSON.stringify(article.title)}`,
    `publisher: ${JSON.stringify(article.publisher)}`,
    `published: ${article.published}`,
    '---',
  ];
  return `${front.join('\n')}\n\n${article.paragraphs.join('\n\n')}\n`;
}

/** What `writeSyntheticCorpus` wrote. */
export interface SyntheticCorpus {
  /** Folder written to. */
  dir: string;
  articles: number;
  passages: number;
  /** One question per article, in article order. */
  questions: SyntheticQuestion[];
}

/** Options for `writeSyntheticCorpus`. */
export interface SyntheticOptions {
  /** How many articles to write. */
  articles: number;
  /** Corpus seed (default 1). */
  seed?: number;
  /** Folder to write into (created if missing). */
  out: string;
  /** Told how many articles are written so far, every 100 and at the end (long runs show progress). */
  onProgress?: (written: number) => void;
}

/** Writes N generated articles as `syn-000001.md`, ... into a folder. */
export function writeSyntheticCorpus({ articles, seed = 1, out, onProgress }: SyntheticOptions): SyntheticCorpus {
  if (!Number.isInteger(articles) || articles < 0) throw new Error(`synthetic: bad article count ${articles}`);
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  let passages = 0;
  const questions: SyntheticQuestion[] = [];
  for (let index = 0; index < articles; index++) {
    const generated = generateArticle(seed, index);
    writeFileSync(join(dir, `${generated.id}.md`), renderArticle(generated));
    passages += generated.paragraphs.length;
    // The question is chosen from the article's own seed, so it too is the same at every N.
    const choice = generated.questions[articleSeed(seed, index) % Math.max(1, generated.questions.length)];
    if (choice) questions.push(choice);
    if ((index + 1) % 100 === 0 || index + 1 === articles) onProgress?.(index + 1);
  }
  return { dir, articles, passages, questions };
}

function main(): void {
  const { values } = parseArgs({
    options: { articles: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  if (!values.out) {
    console.error('Usage: npx tsx bench/synthetic.ts --articles 1000 --out DIR [--seed 1]');
    process.exit(2);
  }
  const started = performance.now();
  const corpus = writeSyntheticCorpus({ articles: Number(values.articles), seed: Number(values.seed), out: values.out });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(`Wrote ${corpus.articles} articles (${corpus.passages} paragraphs) to ${corpus.dir} in ${seconds} s.`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
