/**
 * Attribution: finds who said what in an article.
 *
 * Two kinds of statement are found. Direct ones are words in quotation marks (curly, straight,
 * single or guillemets), attributed through the speech verb next to them ("…,” Putin said),
 * before them in the same sentence (Stoltenberg said the threat was “…”), later in the sentence,
 * or through another quotation of the same paragraph or the paragraph it continues. Reported
 * ones are sentences whose speech verb has content of its own outside quotation marks
 * (Stoltenberg said that …; …, NATO has said; According to the minister, …).
 *
 * A speech verb's subject is read and resolved by `subjects.ts`; the names it can resolve to are
 * gathered by `names.ts`.
 */
import type { Article, Passage, Sentence, Statement } from '../../types.ts';
import clauseWords from './clause-words.json' with { type: 'json' };
import {
  buildRegistry, canonicalName, DOCUMENT_NOUNS, gapBetween, isBlankGap, isPerson, PREPOSITIONS, viewParagraph,
  type Entity, type EntityRegistry, type ParagraphView, type Token,
} from './names.ts';
import { isSpeech, MASK, quotationBounds, type QuotationSpan } from './quotations.ts';
import speechVerbs from './speech-verbs.json' with { type: 'json' };
import { Discourse, DETERMINERS, resolveSubject, subjectEndingAt, subjectStartingAt, type Subject } from './subjects.ts';

/** A statement with its place in the paragraph: `passage.text.slice(start, end) === text`. */
export interface StatementSpan extends Statement {
  /** Offset of the first character in the paragraph text. */
  start: number;
  /** Offset just past the last character in the paragraph text. */
  end: number;
  /** Every form the article uses for the speaker ("Jens Stoltenberg", "President Putin"), for matching names. */
  names: readonly string[];
}

/**
 * A speech verb makes a reported statement only when the writer's own words around it carry at
 * least this many words: "Russia possesses “…,” Putin added" frames a quotation, it does not
 * report a second claim.
 */
export const MIN_REPORTED_WORDS = 3;
/** Longest apposition skipped between a subject and its verb ("Stoltenberg, speaking to …, said"). */
const MAX_APPOSITION_TOKENS = 14;

/** Speech verbs that report speech whatever follows them ("Putin announced he would …"). */
const STRONG_SPEECH_VERBS: ReadonlySet<string> = new Set(speechVerbs.strong);
/**
 * Verbs that report speech only when followed by "that", a colon or a quotation, or when they close
 * the sentence after a comma or a quotation ("…, Putin added."): "NATO added 300 troops", "declared
 * war" and "promised them land" are not statements. Forms that are also plural nouns ("claims",
 * "notes", "reports") are left out: "the French claims" would otherwise make the French speak.
 */
const WEAK_SPEECH_VERBS: ReadonlySet<string> = new Set(speechVerbs.weak);
/** Speech verbs whose first complement is the person spoken to ("told Reuters", "assured allies"). */
const ADDRESSEE_VERBS: ReadonlySet<string> = new Set(speechVerbs.addressee);
/** Participles that carry speech after a comma: "Emery retweeted the story, saying, “…”" is Emery's. */
const SPEECH_PARTICIPLES: ReadonlySet<string> = new Set(speechVerbs.participles);
/** Words that may stand between a subject and its speech verb ("NATO has also said"). */
const AUXILIARIES: ReadonlySet<string> = new Set(clauseWords.auxiliaries);
/** A speech verb after these is passive or negated ("was told", "did not say"): nobody is quoted. */
const BLOCKING_WORDS: ReadonlySet<string> = new Set(clauseWords.blocking);

/** A speech verb and whom it is resolved to. */
interface Attribution {
  speaker: Entity;
  /** Offsets of the attribution clause (subject, apposition and verb). */
  clauseStart: number;
  clauseEnd: number;
  /** Words of the writer's own carried by the statement, before and after the clause. */
  contentBefore: number;
  contentAfter: number;
}
/** Counts the writer's words in a range of the masked paragraph (quoted words are masked out). */
function wordsIn(view: ParagraphView, from: number, to: number): number {
  return view.tokens.filter((token) => token.start >= from && token.end <= to).length;
}

/**
 * The words after a speech verb that carry what was said: past the person told ("told Reuters"),
 * a leading "that", and an adjunct ("in a statement on Monday") unless a "that" follows it.
 * `speech` is false when the verb is followed by neither "that", a colon nor a quotation, which a
 * weak verb needs unless it closes the sentence.
 */
function complementOf(view: ParagraphView, verbIndex: number, sentenceEnd: number): { words: number; speech: boolean; closes: boolean } {
  const verb = view.tokens[verbIndex];
  const at = (i: number): Token | undefined => {
    const token = view.tokens[i];
    return token && token.start < sentenceEnd ? token : undefined;
  };
  if (!verb) return { words: 0, speech: false, closes: true };
  let index = verbIndex + 1;
  const gapAfterVerb = gapBetween(view.masked, verb, at(index), 0, sentenceEnd);
  const quotationFollows = /^[\s,:]*["“«‘]/.test(gapAfterVerb) || gapAfterVerb.includes(MASK) || /:/.test(gapAfterVerb);
  if (ADDRESSEE_VERBS.has(verb.lower) && at(index) && isBlankGap(gapAfterVerb)) {
    if (DETERMINERS.has(at(index)?.lower ?? '')) index++;
    const run = view.runs.find((candidate) => candidate.from === index);
    index = run ? run.to : index + 1;
  }
  const first = at(index);
  const rest = view.tokens.filter((token, i) => i >= index && token.start < sentenceEnd);
  // "…,” Putin added on Wednesday.": nothing but a short adjunct after the verb.
  // "to" opens an infinitive ("continued to advance"), not an adjunct.
  const closes = !first || (first.lower !== 'to' && PREPOSITIONS.has(first.lower) && rest.length <= 5 && !rest.some((token) => token.lower === 'that'));
  if (!first) return { words: 0, speech: quotationFollows, closes };
  const gap = gapBetween(view.masked, view.tokens[index - 1], first);
  if (first.lower === 'that') return { words: wordsIn(view, first.end, sentenceEnd), speech: true, closes: false };
  const that = rest.find((token) => token.lower === 'that');
  if (PREPOSITIONS.has(first.lower) || /[,;]/.test(gap)) {
    if (that && PREPOSITIONS.has(first.lower)) return { words: wordsIn(view, that.end, sentenceEnd), speech: true, closes: false };
    // "…,” he said, adding that …": a participle clause after a comma carries content too.
    if (/,/.test(gap) && /ing$/.test(first.lower)) return { words: wordsIn(view, first.start, sentenceEnd), speech: true, closes: false };
    return { words: 0, speech: quotationFollows, closes };
  }
  return { words: wordsIn(view, first.start, sentenceEnd), speech: quotationFollows, closes };
}

/** The speaker of "according to X" at token `index` ("according to the ministry, …"), if X is someone. */
function accordingTo(view: ParagraphView, index: number, sentence: Sentence, registry: EntityRegistry, discourse: Discourse): Attribution | null {
  const verb = view.tokens[index];
  const subject = subjectStartingAt(view, index + 2, sentence.end);
  // "according to plan" names nobody; "according to Putin’s plans" is not a source.
  if (!verb || !subject || (subject.type === 'name' && subject.run.possessive)) return null;
  const speaker = resolveSubject(subject, registry, discourse);
  if (!speaker) return null;
  return {
    speaker,
    clauseStart: verb.start,
    clauseEnd: subject.end,
    contentBefore: wordsIn(view, sentence.start, verb.start),
    contentAfter: wordsIn(view, subject.end, sentence.end),
  };
}

/**
 * The subject of the speech verb at token `index`: before it, past auxiliaries and adverbs ("NATO
 * has also said") or an apposition in commas ("Stoltenberg, speaking to …, said"), or after it
 * when the clause is inverted ("…,” said Stoltenberg). Null for a passive or negated verb.
 */
function subjectOfVerb(view: ParagraphView, index: number, sentence: Sentence): { subject: Subject; inverted: boolean } | null {
  const { tokens, masked } = view;
  let j = index - 1;
  while (j >= 0) {
    const token = tokens[j];
    if (!token || token.start < sentence.start || !isBlankGap(gapBetween(masked, token, tokens[j + 1]))) break;
    if (BLOCKING_WORDS.has(token.lower)) return null;
    if (!AUXILIARIES.has(token.lower)) break;
    j--;
  }
  const inSentence = j >= 0 && (tokens[j]?.start ?? -1) >= sentence.start;
  const leftGap = gapBetween(masked, inSentence ? tokens[j] : undefined, tokens[j + 1], sentence.start);
  if (inSentence) {
    const subject = isBlankGap(leftGap) ? (subjectEndingAt(view, j, sentence.start) ?? documentSource(view, j, sentence.start))
      : /^,\s+$/.test(leftGap) ? subjectBeforeApposition(view, j, sentence.start)
      : null;
    if (subject) return { subject, inverted: false };
  }
  if (inSentence && !/[,”"»’:]/.test(leftGap) && !leftGap.includes(MASK)) return null;
  const subject = subjectStartingAt(view, index + 1, sentence.end);
  return subject ? { subject, inverted: true } : null;
}

/** Most words between a document noun and its verb ("The tweet from Vulture magazine reads"). */
const MAX_DOCUMENT_PHRASE = 5;

/** "The tweet from Vulture magazine reads": the maker of a document speaks through it. */
function documentSource(view: ParagraphView, last: number, sentenceStart: number): Subject | null {
  for (let k = last; k > last - MAX_DOCUMENT_PHRASE && k > 0; k--) {
    const preposition = view.tokens[k - 1];
    const noun = view.tokens[k - 2];
    if (!preposition || !noun || noun.start < sentenceStart || (preposition.lower !== 'from' && preposition.lower !== 'by')) continue;
    if (!DOCUMENT_NOUNS.has(noun.lower)) return null;
    const run = view.runs.find((candidate) => candidate.from === k);
    const end = run && view.tokens[run.to - 1];
    const first = view.tokens[k];
    return run && end && first && run.name !== '' ? { type: 'name', run, start: first.start, end: end.end, initial: false } : null;
  }
  return null;
}

/** "Stoltenberg, speaking to …, said": the subject before the comma that opens the apposition ending at token `last`. */
function subjectBeforeApposition(view: ParagraphView, last: number, sentenceStart: number): Subject | null {
  for (let m = last; m >= 0 && last - m < MAX_APPOSITION_TOKENS; m--) {
    const token = view.tokens[m];
    if (!token || token.start < sentenceStart) return null;
    const gap = gapBetween(view.masked, view.tokens[m - 1], token, sentenceStart);
    if (gap.includes(MASK) || /[.;:”"]/.test(gap)) return null;
    if (/,/.test(gap)) {
      const before = subjectEndingAt(view, m - 1, sentenceStart);
      // "her mother, Fiona, said": an apposition that is a name alone names the speaker better than a description.
      const run = view.runs.find((candidate) => candidate.from === m && candidate.to - 1 === last);
      const end = view.tokens[last];
      if (run && end && run.name !== '' && !run.possessive && (before === null || before.type === 'description')) {
        return { type: 'name', run, start: token.start, end: end.end, initial: false };
      }
      return before;
    }
  }
  return null;
}

/** The attribution made by the speech verb at token `index`, if it is one and its subject is someone. */
function speechVerbAttribution(view: ParagraphView, index: number, sentence: Sentence, registry: EntityRegistry, discourse: Discourse): Attribution | null {
  const verb = view.tokens[index];
  if (!verb) return null;
  const strong = STRONG_SPEECH_VERBS.has(verb.lower);
  if (verb.capital || (!strong && !WEAK_SPEECH_VERBS.has(verb.lower))) return null;
  const found = subjectOfVerb(view, index, sentence);
  if (!found) return null;
  const { subject, inverted } = found;
  const clauseStart = inverted ? verb.start : subject.start;
  const clauseEnd = inverted ? subject.end : verb.end;
  const complement = inverted ? { words: 0, speech: false, closes: true } : complementOf(view, index, sentence.end);
  if (!strong && !complement.speech) {
    // A weak verb with no "that" or quotation must close a sentence that says something first.
    const quoted = view.masked.slice(sentence.start, sentence.end).includes(MASK);
    const opensAfterComma = /[,”"»’]\s*$/.test(view.masked.slice(sentence.start, clauseStart)) || quoted;
    if (!complement.closes || !opensAfterComma) return null;
  }
  const speaker = resolveSubject(subject, registry, discourse);
  if (!speaker) return null;
  return { speaker, clauseStart, clauseEnd, contentBefore: wordsIn(view, sentence.start, clauseStart), contentAfter: complement.words };
}

/**
 * The subject of a sentence's main clause, before token `limit`: a name or pronoun that opens the
 * sentence, or the clause after an opening phrase and its comma, followed by a lowercase word (its
 * verb). "In the midst of the fear, Uber stepped in" has Uber; "In his speech on the UN
 * conference, he announced" has he, not the UN; "The tweet from Vulture" has none.
 */
function mainSubject(view: ParagraphView, sentence: Sentence, limit: number): Subject | null {
  for (let i = 0; i < limit; i++) {
    const token = view.tokens[i];
    if (!token || token.start < sentence.start) continue;
    const subject = subjectEndingAt(view, i, sentence.start);
    const next = view.tokens[i + 1];
    if (!subject || subject.type === 'description' || !next || next.capital) continue;
    if (!isBlankGap(gapBetween(view.masked, token, next))) continue;
    const lead = view.masked.slice(sentence.start, subject.start);
    const opensClause = /^[\s"“‘«(]*$/.test(lead) || /,\s*(?:(?:the|a|an)\s+)?$/i.test(lead);
    if (opensClause) return subject;
  }
  return null;
}

/** "…, saying, “…”": a speech participle after a comma speaks for the sentence's subject. */
function participleAttribution(view: ParagraphView, index: number, sentence: Sentence, registry: EntityRegistry, discourse: Discourse): Attribution | null {
  const verb = view.tokens[index];
  if (!verb || !SPEECH_PARTICIPLES.has(verb.lower) || !/,\s*$/.test(view.masked.slice(sentence.start, verb.start))) return null;
  const subject = mainSubject(view, sentence, index);
  const speaker = subject && resolveSubject(subject, registry, discourse);
  if (!speaker) return null;
  return { speaker, clauseStart: verb.start, clauseEnd: verb.end, contentBefore: 0, contentAfter: wordsIn(view, verb.end, sentence.end) };
}

/**
 * "De Miranda evokes the notion in his introduction: “…”": a quotation a colon introduces is the
 * words of the sentence's subject, whatever the verb. The clause reports nothing of its own.
 */
function colonAttribution(view: ParagraphView, sentence: Sentence, found: readonly Attribution[], registry: EntityRegistry, discourse: Discourse): Attribution | null {
  const text = view.masked.slice(sentence.start, sentence.end);
  const colon = text.search(/:\s*["“«‘]/);
  if (colon < 0) return null;
  const at = sentence.start + colon;
  if (found.some((a) => a.clauseEnd <= at)) return null;
  const limit = view.tokens.findIndex((token) => token.start > at);
  const subject = mainSubject(view, sentence, limit < 0 ? view.tokens.length : limit);
  const speaker = subject && resolveSubject(subject, registry, discourse);
  return speaker ? { speaker, clauseStart: subject.start, clauseEnd: at, contentBefore: 0, contentAfter: 0 } : null;
}

/** Finds the speech verbs of one sentence ("said", "according to", "saying") and resolves their subjects. */
function attributionsIn(view: ParagraphView, sentence: Sentence, registry: EntityRegistry, discourse: Discourse): Attribution[] {
  const found: Attribution[] = [];
  view.tokens.forEach((verb, index) => {
    if (verb.start < sentence.start || verb.end > sentence.end) return;
    const attribution = verb.lower === 'according' && view.tokens[index + 1]?.lower === 'to'
      ? accordingTo(view, index, sentence, registry, discourse)
      : (speechVerbAttribution(view, index, sentence, registry, discourse) ?? participleAttribution(view, index, sentence, registry, discourse));
    if (attribution) found.push(attribution);
  });
  const introduced = colonAttribution(view, sentence, found, registry, discourse);
  if (introduced) found.push(introduced);
  return found.sort((a, b) => a.clauseStart - b.clauseStart);
}

interface PendingQuotation {
  passage: Passage;
  quotation: QuotationSpan;
  start: number;
  end: number;
  speaker: Entity | null;
  /** Index of the paragraph in the article, for chaining quotations that run on. */
  paragraphIndex: number;
}

/** Picks a quotation's speaker from the attributions of the sentences it overlaps. */
function attributeQuotation(
  view: ParagraphView,
  quotation: QuotationSpan,
  attributions: readonly (Attribution & { sentence: Sentence })[],
): Entity | null {
  const around = attributions.filter(({ sentence }) => sentence.end > quotation.open && sentence.start <= quotation.close);
  // "…,” Putin said: the clause right after the closing mark.
  const adjacent = around.find(
    (a) => a.clauseStart > quotation.close && /^[\s,—–-]*$/.test(view.masked.slice(quotation.close + 1, a.clauseStart)),
  );
  if (adjacent) return adjacent.speaker;
  // Stoltenberg said the threat was “…”: the nearest clause before the opening mark.
  const before = around.filter((a) => a.clauseEnd <= quotation.open).at(-1);
  if (before) return before.speaker;
  // As NATO was prepared for a “long haul” …, Stoltenberg said: a clause later in the sentence.
  return around.find((a) => a.clauseStart > quotation.close)?.speaker ?? null;
}

function toStatement(article: Article, passage: Passage, start: number, end: number, speaker: Entity, kind: Statement['kind']): StatementSpan {
  return {
    text: passage.text.slice(start, end),
    speaker: canonicalName(speaker),
    kind,
    article: article.id,
    paragraph: passage.paragraph,
    start,
    end,
    names: [...new Set([canonicalName(speaker), ...speaker.aliases])],
  };
}

/**
 * Finds every statement of an article: quotations with their speakers (`direct`) and sentences
 * that report what someone said (`reported`), in article order. Quotations whose speaker the
 * article does not make clear are left out.
 */
export function findStatements(article: Article): StatementSpan[] {
  const registry = buildRegistry(article);
  const discourse = new Discourse();
  const quotations: PendingQuotation[] = [];
  const reported: StatementSpan[] = [];

  article.passages.forEach((passage, paragraphIndex) => {
    const view = viewParagraph(passage);
    const attributions: (Attribution & { sentence: Sentence })[] = [];
    for (const sentence of passage.sentences) {
      discourse.nextSentence();
      const found = attributionsIn(view, sentence, registry, discourse);
      attributions.push(...found.map((attribution) => ({ ...attribution, sentence })));
      reported.push(...reportedStatements(article, view, sentence, found));
      updateDiscourse(view, sentence, found, registry, discourse);
    }
    const pending = view.quotations.map((quotation): PendingQuotation => {
      const { start, end } = quotationBounds(passage.text, quotation);
      return { passage, quotation, start, end, speaker: attributeQuotation(view, quotation, attributions), paragraphIndex };
    });
    // “A,” she said. “B.”: a quotation with no clause of its own takes the speaker of the one
    // next to it, when nothing but that speaker's attribution stands between them.
    const writerWordsBetween = (from: number, to: number): number =>
      view.tokens.filter((token) => token.start > from && token.end < to &&
        !attributions.some((a) => token.start >= a.clauseStart && token.end <= a.clauseEnd)).length;
    // “A,” X wrote on Thursday, he said, after …. “B.”: when every attribution between them is the
    // first speaker's, the second quotation goes on in the same voice.
    const onlyAttributedTo = (speaker: Entity, from: number, to: number): boolean => {
      const between = attributions.filter((a) => a.clauseStart > from && a.clauseEnd < to);
      return between.length > 0 && between.every((a) => a.speaker === speaker);
    };
    pending.forEach((item, index) => {
      if (item.speaker) return;
      const previous = pending[index - 1];
      const next = pending[index + 1];
      if (previous?.speaker && (writerWordsBetween(previous.quotation.close, item.quotation.open) === 0 ||
        onlyAttributedTo(previous.speaker, previous.quotation.close, item.quotation.open))) item.speaker = previous.speaker;
      else if (next?.speaker && writerWordsBetween(item.quotation.close, next.quotation.open) === 0) item.speaker = next.speaker;
    });
    quotations.push(...pending);
  });
  chainRunOnQuotations(quotations);
  continueQuotedParagraphs(quotations);
  chainRunOnQuotations(quotations);

  const direct = quotations.flatMap(({ passage, start, end, speaker, quotation }) =>
    speaker && isSpeech(passage.text, quotation, start, end) ? [toStatement(article, passage, start, end, speaker, 'direct')] : [],
  );
  return [...direct, ...reported].sort((a, b) => a.paragraph - b.paragraph || a.start - b.start || b.end - a.end);
}

/**
 * A paragraph that opens with a quotation nobody is credited with, right after a paragraph whose
 * last quotation is someone's, goes on in that voice: news style sets a long quotation over
 * several paragraphs and names the speaker once.
 */
function continueQuotedParagraphs(quotations: PendingQuotation[]): void {
  quotations.forEach((item, index) => {
    const previous = quotations[index - 1];
    const opensParagraph = /^\s*$/.test(item.passage.text.slice(0, item.quotation.open));
    if (!item.speaker && opensParagraph && previous?.speaker && previous.paragraphIndex === item.paragraphIndex - 1) item.speaker = previous.speaker;
  });
}

/**
 * A quotation that runs past the end of its paragraph continues in the next paragraph's opening
 * quotation; the speaker named anywhere in that chain is the speaker of all of it.
 */
function chainRunOnQuotations(quotations: PendingQuotation[]): void {
  const chains: PendingQuotation[][] = [];
  let current: PendingQuotation[] = [];
  for (const item of quotations) {
    const previous = current.at(-1);
    const opensParagraph = /^\s*$/.test(item.passage.text.slice(0, item.quotation.open));
    if (previous && !previous.quotation.closed && item.paragraphIndex === previous.paragraphIndex + 1 && opensParagraph) {
      current.push(item);
    } else {
      if (current.length > 1) chains.push(current);
      current = [item];
    }
  }
  if (current.length > 1) chains.push(current);
  for (const chain of chains) {
    const speaker = chain.find((item) => item.speaker)?.speaker;
    if (speaker) for (const item of chain) item.speaker ??= speaker;
  }
}


/**
 * The reported statements of one sentence: the sentence (or, when two people speak in it, each
 * one's part) when its speech verb carries enough of the writer's own words.
 */
function reportedStatements(article: Article, view: ParagraphView, sentence: Sentence, found: readonly Attribution[]): StatementSpan[] {
  const carrying = found.filter((a) => Math.max(a.contentBefore, a.contentAfter) >= MIN_REPORTED_WORDS);
  if (carrying.length === 0) return [];
  const speakers = new Set(carrying.map((a) => a.speaker));
  if (speakers.size === 1) {
    const first = carrying[0];
    return first ? [toStatement(article, view.passage, sentence.start, sentence.end, first.speaker, 'reported')] : [];
  }
  // "Putin said X, while Stoltenberg said Y": cut before each later speaker's clause.
  const statements: StatementSpan[] = [];
  let start = sentence.start;
  carrying.forEach((attribution, index) => {
    const next = carrying[index + 1];
    let end = sentence.end;
    if (next && next.speaker !== attribution.speaker) {
      const cut = view.masked.slice(0, next.clauseStart).search(/[,;][^,;]*$/);
      if (cut > attribution.clauseEnd && cut > start) end = cut;
    }
    if (end < sentence.end || !next || next.speaker !== attribution.speaker) {
      const text = view.passage.text.slice(start, end);
      const trimmedEnd = start + text.replace(/[\s,;]+$/, '').length;
      statements.push(toStatement(article, view.passage, start, trimmedEnd, attribution.speaker, 'reported'));
      if (next) start = next.clauseStart;
    }
  });
  return statements;
}

/**
 * After a sentence, the reader has in mind its speakers, else its grammatical subject: the first
 * name that is neither the object of a preposition nor a possessive ("Responding to Putin’s
 * threats, Jens Stoltenberg …" has Stoltenberg as subject).
 */
function updateDiscourse(view: ParagraphView, sentence: Sentence, found: readonly Attribution[], registry: EntityRegistry, discourse: Discourse): void {
  const runs = view.runs.filter((run) => {
    const first = view.tokens[run.from];
    return first && first.start >= sentence.start && first.start < sentence.end;
  });
  let subject: Entity | null = null;
  for (const run of runs) {
    const entity = registry.find(run);
    if (!entity) continue;
    const previous = view.tokens[run.from - 1];
    const governed = previous !== undefined && previous.start >= sentence.start && PREPOSITIONS.has(previous.lower) &&
      isBlankGap(gapBetween(view.masked, previous, view.tokens[run.from]));
    discourse.noteMention(entity, governed || run.possessive);
    if (!subject && !run.possessive && !governed && (isPerson(entity) || entity.kind === 'organisation')) subject = entity;
  }
  if (subject) discourse.noteSubject(subject);
  for (const attribution of found) discourse.noteSubject(attribution.speaker);
}
