/**
 * Names: the people, organisations and places an article names. A paragraph's words become
 * tokens, runs of capitalised words become names (titles such as "President" set apart as
 * roles), compromise's lexicon says what kind of thing each name is, and every mention of one
 * person or body is gathered under one entity, with the titles and descriptions the article
 * gives it ("Jens Stoltenberg, NATO’s secretary general,").
 */
import { foldQuotes } from '../../text/fold.ts';
import { FUNCTION_WORDS } from '../../text/stop-words.ts';
import { splitWords } from '../../text/words.ts';
import type { Article, Passage, Sentence } from '../../types.ts';
import clauseWords from './clause-words.json' with { type: 'json' };
import nameWords from './name-words.json' with { type: 'json' };
import speechVerbs from './speech-verbs.json' with { type: 'json' };
import { isDemonym, lexiconTags, model } from './lexicon.ts';
import { findQuotations, maskQuotations, type QuotationSpan } from './quotations.ts';

/** Longest phrase taken as a title or description of a name ("Jens Stoltenberg, NATO’s secretary general,"). */
const MAX_ROLE_TOKENS = 6;
/** Lowercase words that join the parts of one name ("Bank of England", "Ursula von der Leyen"). */
export const NAME_CONNECTORS: ReadonlySet<string> = new Set(nameWords.connectors);
/**
 * Words that give a person's title or office. In a capitalised run they are stripped from the
 * name ("President Putin" is Putin) and kept as the role used to resolve "the president said".
 */
export const TITLE_WORDS: ReadonlySet<string> = new Set(nameWords.titles);
/** Head nouns that say what kind of body or office a description names ("the alliance", "the ministry"). */
export const ROLE_HEADS: ReadonlySet<string> = new Set(nameWords.roleHeads);
/** Things that speak for whoever made them: "the tweet from Vulture reads", "a report by the Center". */
export const DOCUMENT_NOUNS: ReadonlySet<string> = new Set(speechVerbs.documents);
/** Lowercase particles that open a surname ("de Miranda", "van Gogh"): part of the name, even alone. */
const SURNAME_PARTICLES: ReadonlySet<string> = new Set(nameWords.surnameParticles);
/** Last words that make a capitalised run the name of a body, never a title plus a name. */
const ORGANISATION_HEADS: ReadonlySet<string> = new Set(nameWords.organisationHeads);
/** Prepositions: a name after one is an object, not a subject; a clause starting with one is an adjunct. */
export const PREPOSITIONS: ReadonlySet<string> = new Set(clauseWords.prepositions);

export type Gender = 'male' | 'female';
export type EntityKind = 'person' | 'organisation' | 'place' | 'date' | 'other';

/** Someone or something the article names, with every form it is named by. */
export interface Entity {
  /** Lowercased surname for people, whole name for organisations and places. */
  key: string;
  kind: EntityKind;
  /** Name forms without titles ("Jens Stoltenberg", "Stoltenberg") and how often each is used. */
  forms: Map<string, number>;
  /** Mentions as written, titles included ("President Putin"), for matching a user's query. */
  aliases: Set<string>;
  gender: Gender | null;
  /** Lowercased title and description words ("president", "secretary", "nato"). */
  roles: Set<string>;
}

/** A word of a paragraph with its offsets. */
export interface Token {
  text: string;
  /** Lowercased, curly apostrophe folded, possessive stripped. */
  lower: string;
  /** The word without a possessive ending ("Putin" for "Putin’s"). */
  base: string;
  start: number;
  end: number;
  capital: boolean;
  possessive: boolean;
  /** First word of its sentence (quotation marks aside). */
  initial: boolean;
}

/** A run of capitalised words: one name, possibly with titles ("Russian President Vladimir Putin"). */
export interface NameRun {
  /** Index of the first and one past the last token. */
  from: number;
  to: number;
  /** The name proper ("Vladimir Putin"), empty for a bare title ("Secretary General"). */
  name: string;
  /** Title words before the name, lowercased. */
  titles: string[];
  /** The run as written, possessive stripped. */
  written: string;
  possessive: boolean;
}

/**
 * The words of a paragraph as attribution reads them, split by the one tokeniser (`splitWords`):
 * each keeps its exact place in the text, its case, and whether it is a possessive ("Putin’s",
 * "allies’"; the apostrophe of a plural possessive belongs to its word).
 */
export function tokenise(text: string, sentences: readonly Sentence[]): Token[] {
  const tokens: Token[] = [];
  let sentenceIndex = 0;
  for (const word of splitWords(text)) {
    const { start } = word;
    const pluralPossessive = /s$/.test(text.slice(start, word.end)) && /^[’'](?![\p{L}])/u.test(text.slice(word.end, word.end + 2));
    const end = pluralPossessive ? word.end + 1 : word.end;
    const raw = text.slice(start, end);
    const possessive = /[’']s$/.test(raw) || pluralPossessive;
    const base = /[’']s$/.test(raw) ? raw.slice(0, -2) : pluralPossessive ? raw.slice(0, -1) : raw;
    while (sentenceIndex < sentences.length - 1 && (sentences[sentenceIndex]?.end ?? 0) <= start) sentenceIndex++;
    const sentence = sentences[sentenceIndex];
    const sentenceStart = sentence && sentence.start <= start ? sentence.start : 0;
    const lead = text.slice(sentenceStart, start);
    tokens.push({
      text: raw,
      lower: foldQuotes(base).toLowerCase(),
      base,
      start,
      end,
      capital: /^\p{Lu}/u.test(raw),
      possessive,
      initial: !/[\p{L}\p{N}]/u.test(lead),
    });
  }
  return tokens;
}

/** The characters between two tokens (or between a token and a limit). */
export function gapBetween(text: string, left: Token | undefined, right: Token | undefined, from = 0, to = text.length): string {
  return text.slice(left ? left.end : from, right ? right.start : to);
}

export const isBlankGap = (gap: string): boolean => /^[ \t\n]+$/.test(gap);
/** A word that can be part of a name: capitalised and not a function word ("The", "More"), or an acronym ("US"). */
const isNameWord = (token: Token): boolean =>
  token.capital && (!FUNCTION_WORDS.has(token.lower) || /^\p{Lu}{2,}$/u.test(token.text));

/** Finds the runs of capitalised words in a token list (masked quotation words are absent). */
export function nameRuns(text: string, tokens: readonly Token[]): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    if (!first || (!isNameWord(first) && !opensSurname(text, tokens, i))) {
      i++;
      continue;
    }
    let to = i + 1;
    // Within the name of a body, "on", "for" and then "and" join words too ("Center on Poverty and Inequality").
    let bodyConnector = false;
    while (to < tokens.length && (!tokens[to - 1]?.possessive || ownsBody(tokens[to - 1], tokens[to]))) {
      const next = tokens[to];
      if (!next || !isBlankGap(gapBetween(text, tokens[to - 1], next))) break;
      if (isNameWord(next)) {
        to++;
        continue;
      }
      const after = tokens[to + 1];
      if (!after || !isNameWord(after) || !isBlankGap(gapBetween(text, next, after))) break;
      const inBody = tokens.slice(i, to).some((token) => ORGANISATION_HEADS.has(token.lower));
      if (inBody && (BODY_CONNECTORS.has(next.text) || (bodyConnector && next.text === 'and'))) bodyConnector = true;
      else if (!NAME_CONNECTORS.has(next.text)) break;
      to += 2;
    }
    runs.push(describeRun(tokens, i, to));
    i = to;
  }
  return runs;
}

/** Words that join the parts of a body's name after its head word ("Center on Poverty", "Institute for Fiscal Studies"). */
const BODY_CONNECTORS: ReadonlySet<string> = new Set(['on', 'for', 'of']);

/** "Stanford University’s Center": a body's possessive naming a part of it is one name. */
function ownsBody(owner: Token | undefined, next: Token | undefined): boolean {
  return owner !== undefined && next !== undefined && ORGANISATION_HEADS.has(owner.lower) && isNameWord(next) && ORGANISATION_HEADS.has(next.lower);
}

/** A lowercase surname particle right before a capitalised word: "de Miranda writes". */
function opensSurname(text: string, tokens: readonly Token[], index: number): boolean {
  const particle = tokens[index];
  const next = tokens[index + 1];
  return particle !== undefined && next !== undefined && !particle.capital && SURNAME_PARTICLES.has(particle.lower) &&
    isNameWord(next) && isBlankGap(gapBetween(text, particle, next));
}

function describeRun(tokens: readonly Token[], from: number, to: number): NameRun {
  const words = tokens.slice(from, to);
  const isTitle = (token: Token): boolean => TITLE_WORDS.has(token.lower.replace(/\.$/, ''));
  // The name is what follows the last title word: "Russian President Vladimir Putin", "Mohawk
  // Chief Hendrick", "U.S. Secretary of State Antony Blinken". A run ending in a body's head word
  // ("Foreign Office", "General Assembly") is one name, and so is a run with no title ("American
  // Automobile Association").
  let titleLength = 0;
  const last = words.at(-1);
  if (last && !ROLE_HEADS.has(last.lower) && !ORGANISATION_HEADS.has(last.lower)) {
    for (let k = words.length - 2; k >= 0; k--) {
      const word = words[k];
      if (word && isTitle(word)) {
        titleLength = k + 1;
        break;
      }
    }
  }
  if (last && isTitle(last) && words.every((w) => isTitle(w) || NAME_CONNECTORS.has(w.text) || (w !== last && isDemonym(w.base)))) {
    titleLength = words.length; // "Secretary General", "Russian President": a bare title.
  }
  const nameWords = words.slice(titleLength);
  return {
    from,
    to,
    name: nameWords.map((w, index) => (index === nameWords.length - 1 ? w.base : w.text)).join(' '),
    titles: words.slice(0, titleLength).map((w) => w.lower),
    written: words.map((w, index) => (index === words.length - 1 ? w.base : w.text)).join(' '),
    possessive: last?.possessive ?? false,
  };
}

/** What a name is, by compromise's lexicon, a title in front of it, or its shape. */
function classifyName(run: NameRun): { kind: EntityKind; gender: Gender | null } {
  const lower = foldQuotes(run.name).toLowerCase();
  const words = lower.split(' ');
  const whole = lexiconTags(lower);
  const first = words.length > 1 ? lexiconTags(words[0] ?? '') : new Set<string>();
  const lastWord = words.at(-1) ?? '';
  const last = lexiconTags(lastWord);
  const honorific = run.titles.find((title) => /^(mr|mrs|ms|miss|sir|dame|lord|lady|king|queen|prince|princess)\.?$/.test(title));
  const gender: Gender | null =
    honorific ? (/^(mrs|ms|miss|dame|lady|queen|princess)/.test(honorific) ? 'female' : 'male')
    : first.has('FemaleName') ? 'female'
    : first.has('MaleName') ? 'male'
    : null;
  const has = (tag: string): boolean => whole.has(tag) || (words.length === 1 && last.has(tag));
  if (has('Date') || has('Month') || has('WeekDay') || has('Holiday')) return { kind: 'date', gender };
  const headsBody = words.slice(0, -1).some((word, index) => ORGANISATION_HEADS.has(word) && BODY_CONNECTORS.has(words[index + 1] ?? ''));
  if (has('Organization') || model().two.orgWords[lastWord] || ORGANISATION_HEADS.has(lastWord) || headsBody || /^\p{Lu}{2,}$/u.test(run.name)) {
    return { kind: 'organisation', gender };
  }
  if (has('Place')) return { kind: 'place', gender };
  // A first name outranks a place word: "John Park" is a person, "Central Park" a place.
  if (has('Person') || first.has('FirstName') || (words.length > 1 && last.has('LastName')) || run.titles.some((t) => TITLE_WORDS.has(t))) {
    return { kind: 'person', gender };
  }
  if (words.length > 1 && model().two.placeWords[lastWord]) return { kind: 'place', gender };
  return { kind: 'other', gender };
}

/** The key under which the mentions of one person or body are gathered. */
function entityKey(name: string, kind: EntityKind): string {
  const lower = foldQuotes(name).toLowerCase();
  const words = lower.split(' ');
  // People are gathered by surname ("Jens Stoltenberg", "Stoltenberg"); so are unknown names shaped
  // like a person's (two or three plain words), but not "Shah of Iran" or "World War Two".
  // A surname may open with a particle ("Luis de Miranda", "de Miranda"): the particle is part of it.
  const particle = words.length > 1 && SURNAME_PARTICLES.has(words.at(-2) ?? '');
  const personShaped = words.length <= 3 &&
    words.every((word, index) => /^[\p{L}’'-]+$/u.test(word) && (!NAME_CONNECTORS.has(word) || (particle && index === words.length - 2))) &&
    !lexiconTags(words.at(-1) ?? '').has('Value');
  if (kind === 'person' || (kind === 'other' && personShaped)) return particle ? words.slice(-2).join(' ') : (words.at(-1) ?? lower);
  return lower.replace(/^the /, '');
}

/** The people and bodies an article names, gathered by key. */
export class EntityRegistry {
  readonly #entities = new Map<string, Entity>();
  /** People named in full, by first name ("lupita" → Lupita Nyong’o); null when two people share it. */
  readonly #byFirstName = new Map<string, Entity | null>();

  /** Records one mention of a name run, merging it with earlier mentions of the same entity. */
  add(run: NameRun): Entity | null {
    if (run.name === '') return null;
    const { kind, gender } = classifyName(run);
    if (kind === 'date') return null;
    const key = entityKey(run.name, kind);
    let entity = this.#entities.get(key) ?? this.#byFirstNameOf(run);
    if (!entity) {
      entity = { key, kind, forms: new Map(), aliases: new Set(), gender, roles: new Set() };
      this.#entities.set(key, entity);
    }
    // A person named in full once ("Jens Stoltenberg") makes every bare "Stoltenberg" a person.
    if (entity.kind === 'other' && kind !== 'other') entity.kind = kind;
    entity.gender ??= gender;
    entity.forms.set(run.name, (entity.forms.get(run.name) ?? 0) + 1);
    entity.aliases.add(run.written);
    entity.aliases.add(run.name);
    for (const title of run.titles) entity.roles.add(title);
    this.#noteFirstName(run, entity);
    return entity;
  }

  /** Remembers the first name of a person named in full, so that the first name alone ("Lupita said") names them. */
  #noteFirstName(run: NameRun, entity: Entity): void {
    const words = foldQuotes(run.name).toLowerCase().split(' ');
    const first = words[0];
    if (words.length < 2 || !first || entity.kind !== 'person' || entity.key === first) return;
    const known = this.#byFirstName.get(first);
    this.#byFirstName.set(first, known === undefined || known === entity ? entity : null);
  }

  /** The person a lone first name stands for, when the article named exactly one person so in full. */
  #byFirstNameOf(run: NameRun): Entity | undefined {
    const word = foldQuotes(run.name).toLowerCase();
    return word.includes(' ') ? undefined : (this.#byFirstName.get(word) ?? undefined);
  }

  /** The entity a name refers to, if the article named it. */
  find(run: NameRun): Entity | undefined {
    if (run.name === '') return undefined;
    return this.#entities.get(entityKey(run.name, classifyName(run).kind)) ?? this.#entities.get(entityKey(run.name, 'other')) ??
      this.#byFirstNameOf(run);
  }

  get entities(): Entity[] {
    return [...this.#entities.values()];
  }
}

/**
 * The name an entity goes by: the form the article uses most; the shorter (the surname) on a tie.
 * Only forms that hold the surname count while there are some: "Lupita" said it, but she is
 * Lupita Nyong’o to a reader.
 */
export function canonicalName(entity: Entity): string {
  let best = '';
  let bestCount = -1;
  const withKey = [...entity.forms].filter(([form]) => foldQuotes(form).toLowerCase().endsWith(entity.key));
  for (const [form, count] of withKey.length > 0 ? withKey : entity.forms) {
    if (count > bestCount || (count === bestCount && form.length < best.length)) {
      best = form;
      bestCount = count;
    }
  }
  return best;
}

/** One paragraph prepared for reading: quotations, masked text, tokens and name runs. */
export interface ParagraphView {
  passage: Passage;
  quotations: QuotationSpan[];
  masked: string;
  tokens: Token[];
  runs: NameRun[];
}

export function viewParagraph(passage: Passage): ParagraphView {
  const quotations = findQuotations(passage.text);
  const masked = maskQuotations(passage.text, quotations);
  const tokens = tokenise(masked, passage.sentences);
  return { passage, quotations, masked, tokens, runs: nameRuns(masked, tokens) };
}

/**
 * Builds the registry from every name in the article (quoted words included: "President Putin"
 * inside a quotation still says what Putin is called). A lone capitalised word opening a sentence
 * counts only when the lexicon or another mention says it is a name ("Responding to …" is not).
 */
export function buildRegistry(article: Article): EntityRegistry {
  const registry = new EntityRegistry();
  const deferred: { run: NameRun; tokens: Token[] }[] = [];
  const views = article.passages.map((passage) => {
    const tokens = tokenise(passage.text, passage.sentences);
    return { passage, tokens, runs: nameRuns(passage.text, tokens) };
  });
  for (const { runs, tokens } of views) {
    for (const run of runs) {
      const first = tokens[run.from];
      if (first?.initial && run.to - run.from === 1) deferred.push({ run, tokens });
      else registry.add(run);
    }
  }
  for (const { run } of deferred) {
    const tags = lexiconTags(foldQuotes(run.name).toLowerCase());
    if (registry.find(run) || tags.has('Person') || tags.has('Place') || tags.has('Organization')) registry.add(run);
  }
  for (const view of views) collectRoles(view.passage.text, view.tokens, view.runs, registry);
  return registry;
}

/** A name in an article, resolved to the entity it names. */
export interface EntityMention {
  /** 1-based paragraph number. */
  paragraph: number;
  /** Offsets of the name in the paragraph text. */
  start: number;
  end: number;
  /** The entity's name as the article uses it most ("Stoltenberg" for "Jens Stoltenberg"). */
  name: string;
  kind: 'person' | 'organisation' | 'place';
}

/**
 * The people, organisations and places an article names, mention by mention, in article order:
 * "President Putin", "Vladimir Putin" and "Putin’s" are all mentions of "Putin". Dates, titles
 * and capitalised words that name nothing the lexicon or the article knows are left out.
 */
export function findNamedEntities(article: Article): EntityMention[] {
  const registry = buildRegistry(article);
  return article.passages.flatMap((passage) => {
    const tokens = tokenise(passage.text, passage.sentences);
    return nameRuns(passage.text, tokens).flatMap((run): EntityMention[] => {
      const entity = registry.find(run);
      const first = tokens[run.from];
      const last = tokens[run.to - 1];
      if (!entity || !first || !last) return [];
      const kind = isPerson(entity) ? 'person' : entity.kind;
      if (kind !== 'person' && kind !== 'organisation' && kind !== 'place') return [];
      return [{ paragraph: passage.paragraph, start: first.start, end: last.end, name: canonicalName(entity), kind }];
    });
  });
}

/**
 * Gives names the descriptions the article sets beside them in commas: "Jens Stoltenberg, NATO’s
 * secretary general," and "transatlantic military alliance, NATO" make "the NATO chief" and "the
 * alliance" resolvable.
 */
function collectRoles(text: string, tokens: readonly Token[], runs: readonly NameRun[], registry: EntityRegistry): void {
  runs.forEach((run, index) => {
    const entity = registry.find(run);
    if (!entity) {
      // A bare title run ("Russian President") describes the name that follows it after a comma.
      const next = runs[index + 1];
      const target = next && registry.find(next);
      const between = gapBetween(text, tokens[run.to - 1], tokens[next?.from ?? -1]);
      if (target && run.name === '' && /^,\s+$/.test(between)) {
        for (const title of run.titles) target.roles.add(title);
      }
      return;
    }
    const made = documentMadeBy(text, tokens, run.from);
    if (made) entity.roles.add(made);
    // "the historian Fred Anderson", "the new political leader Nikita Khrushchev".
    const before = tokens[run.from - 1];
    if (before && !before.capital && isBlankGap(gapBetween(text, before, tokens[run.from])) &&
      (TITLE_WORDS.has(before.lower) || ROLE_HEADS.has(before.lower) || isPersonRole(before.lower)) && !PREPOSITIONS.has(before.lower)) {
      entity.roles.add(before.lower);
    }
    for (const phrase of [phraseAfter(text, tokens, run.to), phraseBefore(text, tokens, run.from)]) {
      if (!phrase) continue;
      const words = phrase.map((token) => token.lower);
      if (!words.some((word) => TITLE_WORDS.has(word) || ROLE_HEADS.has(word))) continue;
      for (const word of words) if (!FUNCTION_WORDS.has(word)) entity.roles.add(word);
    }
  });
}

/** Most words between a document and the "by" naming its maker ("a new report released on Monday by"). */
const MAX_DOCUMENT_DISTANCE = 6;

/**
 * The document a name made, when "by" sets the name after it in one clause ("a new report released
 * on Monday by the Center"): "the report" then stands for its maker.
 */
function documentMadeBy(text: string, tokens: readonly Token[], from: number): string | null {
  if (tokens[from - 1]?.lower !== 'by') return null;
  for (let k = from - 2; k >= 0 && k >= from - 2 - MAX_DOCUMENT_DISTANCE; k--) {
    const token = tokens[k];
    if (!token || /[.;:!?"“”]/.test(gapBetween(text, token, tokens[k + 1]))) return null;
    if (DOCUMENT_NOUNS.has(token.lower)) return token.lower;
  }
  return null;
}

/** The comma-enclosed phrase right after a name ("…, NATO’s secretary general,"), if short. */
function phraseAfter(text: string, tokens: readonly Token[], index: number): Token[] | null {
  if (!/^,\s+$/.test(gapBetween(text, tokens[index - 1], tokens[index]))) return null;
  const phrase: Token[] = [];
  for (let i = index; i < tokens.length && phrase.length <= MAX_ROLE_TOKENS; i++) {
    const token = tokens[i];
    if (!token) break;
    phrase.push(token);
    const gap = gapBetween(text, token, tokens[i + 1]);
    if (/[,.;:()]/.test(gap) || i === tokens.length - 1) return phrase.length <= MAX_ROLE_TOKENS && /^[,.]/.test(gap.trim() || '.') ? phrase : null;
    if (!isBlankGap(gap)) return null;
  }
  return null;
}

/** The comma-enclosed phrase right before a name ("transatlantic military alliance, NATO"), if short. */
function phraseBefore(text: string, tokens: readonly Token[], index: number): Token[] | null {
  if (!/^,\s+$/.test(gapBetween(text, tokens[index - 1], tokens[index]))) return null;
  const phrase: Token[] = [];
  for (let i = index - 1; i >= 0 && phrase.length <= MAX_ROLE_TOKENS; i--) {
    const token = tokens[i];
    if (!token) break;
    phrase.unshift(token);
    const gap = gapBetween(text, tokens[i - 1], token);
    if (i === 0 || /[,.;:()]/.test(gap)) return phrase.length <= MAX_ROLE_TOKENS ? phrase : null;
    if (!isBlankGap(gap)) return null;
  }
  return null;
}
/** A person as the reader knows them: named in full with a first name, or given a title ("an American general"). */
export function isPerson(entity: Entity): boolean {
  return entity.kind === 'person' || (entity.kind === 'other' && [...entity.roles].some(isPersonRole));
}

/** A role only a person has: a title, or an agent noun ("historian", "geographer", "leader"). */
export function isPersonRole(role: string): boolean {
  return TITLE_WORDS.has(role) || (/(?:ist|ian|er|or)$/.test(role) && !ROLE_HEADS.has(role) && !FUNCTION_WORDS.has(role));
}
