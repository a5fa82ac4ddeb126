/**
 * A pasted page to an article: a boilerplate classifier in the manner of jusText (Pomikálek,
 * 2011). Each line of the paste is a block, first judged on its own (length, share of stop words,
 * sentence punctuation, link-like wording, furniture phrases, repeats) as good, near-good, short
 * or bad, then short and near-good blocks take the side of their neighbours: a list item inside
 * the story stays, a lone sentence inside a menu goes. Finally the story is taken as one stretch
 * of the page (the densest run of good text, as boilerpipe's largest block), so a teaser far below
 * the article does not join it.
 *
 * Tunables are in paste-classifier.json: the length and stop-word bounds are jusText's published
 * defaults (with our stop list they fall near the 2nd percentile of prose paragraphs, as jusText's
 * do); the others were chosen on the ten dev pages, and `bench/extraction.ts --cross-validate`
 * reports them leave-one-page-out.
 */
import type { DroppedBlock, ExtractedArticle } from './extracted.ts';
import { foldBlock, furnitureReason, isSectionEnd } from './furniture.ts';
import defaultTunables from './paste-classifier.json' with { type: 'json' };
import { PROSE_FUNCTION_WORDS } from '../text/stop-words.ts';

/** jusText's classes: good is story, bad is boilerplate, the others are decided by context. */
export type BlockClass = 'good' | 'near-good' | 'short' | 'bad';

/** One line of a paste, with what the classifier measures of it. */
export interface PasteBlock {
  /** The line's text, trimmed. */
  text: string;
  /** Index of the line among the paste's non-blank lines. */
  index: number;
  /** Words in the block. */
  words: number;
  /** Share of the words that are stop words. */
  stopDensity: number;
  /** Whether a blank line stands before and after it (browsers set paragraphs off so; menus not). */
  isolated: boolean;
  /** Class before context. */
  initial: BlockClass;
  /** Why it is boilerplate when it is known from the block alone. */
  reason?: string;
  /** Class after context. */
  final: BlockClass;
}

/** The classifier's tunables (paste-classifier.json holds the defaults). */
export type PasteTunables = Omit<typeof defaultTunables, 'comment'>;
/** The tunables the classifier runs with unless given others (the benchmark's cross-validation does). */
export const DEFAULT_PASTE_TUNABLES: PasteTunables = defaultTunables;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Ends as a sentence does (full stop, question, exclamation, a closing quote or bracket after one). */
const SENTENCE_END = /[.!?]["'”’)\]]*$|[:;]$/;
/** A numbered or bulleted list item. */
const LIST_ITEM = /^(?:\d{1,3}[.)]|[-•*–])\s+\S/u;
/** A cut-off teaser ("…There Are Many Sides to This…") or a link-like line (a URL, "»", "View all"). */
const LINKISH = /(?:…|\.\.\.)$|https?:\/\/|www\.|\b[\w-]+\.(?:com|org|net|co\.uk)\b|[»›]|\s\|\s/i;

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Share of the longer words that start with a capital: headlines of links are in title case. */
function titleCaseShare(words: readonly string[]): number {
  const long = words.filter((word) => word.length > 3);
  if (long.length === 0) return 0;
  return long.filter((word) => /^\p{Lu}/u.test(word)).length / long.length;
}

/** The class of a block on its own, and the reason when it is plainly boilerplate. */
function classifyAlone(text: string, words: readonly string[], stopDensity: number, title: string | undefined, copy: 'repeated' | 'quoted' | undefined, settings: PasteTunables): { initial: BlockClass; reason?: string } {
  const furniture = furnitureReason(text, title);
  if (furniture) return { initial: 'bad', reason: furniture };
  if (copy === 'repeated') return { initial: 'bad', reason: 'repeated on the page' };
  if (copy === 'quoted') return { initial: 'bad', reason: 'repeats a paragraph' };
  if (LINKISH.test(text) && text.length < settings.lengthHigh) return { initial: 'bad', reason: 'link' };
  const sentence = SENTENCE_END.test(text);
  if (!sentence && words.filter((word) => word.length > 3).length >= 3 && titleCaseShare(words) >= settings.maxTitleCaseShare) {
    return { initial: 'bad', reason: 'headline of a link' };
  }
  if (text.length < settings.lengthLow) return { initial: 'short' };
  if (stopDensity >= settings.stopHigh && (text.length > settings.lengthHigh || sentence)) return { initial: 'good' };
  if (stopDensity >= settings.stopLow) return { initial: 'near-good' };
  // A whole sentence dense with names and figures ("poverty levels, income and wealth inequality…") reads as prose: its neighbours decide.
  if (sentence && stopDensity >= settings.stopLow * settings.sentenceStopShare) return { initial: 'near-good' };
  return { initial: 'bad', reason: 'few common words' };
}

/** The class of the nearest block before or after `index` that is not short (nor near-good when asked); bad past the ends. */
function neighbour(blocks: readonly PasteBlock[], index: number, step: 1 | -1, skipNearGood: boolean): BlockClass {
  for (let at = index + step; at >= 0 && at < blocks.length; at += step) {
    const kind = blocks[at]?.final;
    if (kind === 'short' || (skipNearGood && kind === 'near-good')) continue;
    if (kind !== undefined) return kind;
  }
  return 'bad';
}

/** jusText's context pass: short blocks, then near-good ones, take their neighbours' side. */
function reviseByContext(blocks: PasteBlock[]): void {
  const decided = new Map<number, BlockClass>();
  for (const [index, block] of blocks.entries()) {
    if (block.final !== 'short') continue;
    const before = neighbour(blocks, index, -1, true);
    const after = neighbour(blocks, index, 1, true);
    if (before === 'good' && after === 'good') decided.set(index, 'good');
    else if (before === 'bad' && after === 'bad') decided.set(index, 'bad');
    else if ((before === 'bad' && neighbour(blocks, index, -1, false) === 'near-good') || (after === 'bad' && neighbour(blocks, index, 1, false) === 'near-good')) {
      decided.set(index, 'good');
    } else decided.set(index, 'bad');
  }
  for (const [index, kind] of decided) {
    const block = blocks[index];
    if (!block) continue;
    block.final = kind;
    if (kind === 'bad') block.reason ??= 'short, among boilerplate';
  }
  for (const [index, block] of blocks.entries()) {
    if (block.final !== 'near-good') continue;
    const before = neighbour(blocks, index, -1, true);
    const after = neighbour(blocks, index, 1, true);
    block.final = before === 'bad' && after === 'bad' ? 'bad' : 'good';
    if (block.final === 'bad') block.reason ??= 'among boilerplate';
  }
}

/**
 * Keeps the good blocks of the one stretch of the page where good text is densest, as Finn,
 * Kushmerick and Smyth's Body Text Extraction does with words and tags: a good block counts its
 * words, a bad one counts against by its words (at least `badBlockCost`), and the best-scoring run
 * (Kadane) is the article. The heading of a comment section ends any run. Good blocks outside
 * it are teasers, comments and footers that merely read like prose.
 */
function keepDensestStretch(blocks: PasteBlock[], settings: PasteTunables): void {
  let best = { start: 0, end: -1, score: 0 };
  let start = 0;
  let score = 0;
  for (const [index, block] of blocks.entries()) {
    const value = block.final === 'good' ? block.words : isSectionEnd(block.text) ? -Infinity : -Math.max(settings.badBlockCost, block.words);
    if (score <= 0) {
      start = index;
      score = 0;
    }
    score += value;
    if (score > best.score) best = { start, end: index, score };
  }
  for (const [index, block] of blocks.entries()) {
    if (block.final === 'good' && (index < best.start || index > best.end)) {
      block.final = 'bad';
      block.reason ??= 'outside the article';
    }
  }
}

/** Every block of a paste, classified. */
export function classifyPaste(paste: string, title?: string, settings: PasteTunables = DEFAULT_PASTE_TUNABLES): PasteBlock[] {
  const lines = paste.replace(/\r\n?/g, '\n').split('\n');
  const counts = new Map<string, number>();
  for (const line of lines) {
    const folded = foldBlock(line);
    if (folded !== '') counts.set(folded, (counts.get(folded) ?? 0) + 1);
  }
  const longer = [...counts.keys()].filter((folded) => folded.length > settings.lengthLow);
  const blocks: PasteBlock[] = [];
  for (const [lineIndex, line] of lines.entries()) {
    const text = line.replace(/[\s\uFFFC]+/g, ' ').trim();
    if (text === '') continue;
    const words = wordsOf(text);
    const stopDensity = words.length === 0 ? 0 : words.filter((word) => PROSE_FUNCTION_WORDS.has(word.toLowerCase().replace(/’/g, "'"))).length / words.length;
    const isolated = (lines[lineIndex - 1] ?? '').trim() === '' && (lines[lineIndex + 1] ?? '').trim() === '';
    const folded = foldBlock(line);
    const repeated = (counts.get(folded) ?? 0) > 1 && words.length < settings.repeatedMaxWords;
    // A pull quote: a sentence the article gives again, at length, in one of its paragraphs.
    const quoted = !repeated && words.length >= 4 && longer.some((other) => other.length > folded.length && other.includes(folded));
    const { initial, reason } = classifyAlone(text, words, stopDensity, title, repeated ? 'repeated' : quoted ? 'quoted' : undefined, settings);
    blocks.push({ text, index: blocks.length, words: words.length, stopDensity, isolated, initial, final: initial, ...(reason ? { reason } : {}) });
  }
  reviseByContext(blocks);
  keepDensestStretch(blocks, settings);
  return blocks;
}

/** Whether a line reads as a headline: a few words, no sentence punctuation or credit, not furniture. */
export function isHeadlineLike(text: string): boolean {
  const words = wordsOf(text);
  return (
    words.length >= 4 && words.length <= 25 && !/[.,;:]$/.test(text) && !/\b(?:credit|photo|image|getty|posted|published)\b|\.(?:jpe?g|png|gif|webp)\b|^by\s/i.test(text) &&
    furnitureReason(text, undefined) === undefined && !LINKISH.test(text)
  );
}

const contentWords = (text: string): string[] => wordsOf(text.toLowerCase()).filter((word) => !PROSE_FUNCTION_WORDS.has(word) && word.length > 2);

/**
 * The headline of a paste: of the headline-like lines shortly before the article, the one whose
 * words the article uses most (a headline names what the story is about; a menu item or a teaser
 * does not), set off by blank lines as a page's headline is; undefined when none reads as one.
 */
export function guessPasteTitle(blocks: readonly PasteBlock[], settings: PasteTunables = DEFAULT_PASTE_TUNABLES): string | undefined {
  const first = blocks.findIndex((block) => block.final === 'good');
  if (first < 0) return undefined;
  const story = new Set(blocks.filter((block) => block.final === 'good').flatMap((block) => contentWords(block.text)));
  let best: { text: string; score: number } | undefined;
  for (let index = first - 1; index >= 0 && index >= first - settings.titleSearchLines; index -= 1) {
    const block = blocks[index];
    if (!block || !isHeadlineLike(block.text)) continue;
    const words = contentWords(block.text);
    const shared = words.length === 0 ? 0 : words.filter((word) => story.has(word)).length / words.length;
    const score = shared + (block.isolated ? settings.titleIsolatedBonus : 0);
    if (!best || score > best.score) best = { text: block.text, score };
  }
  return best !== undefined && best.score >= settings.titleMinScore ? best.text : undefined;
}

/**
 * The article in a paste: kept blocks as paragraphs (a line that stops mid-sentence joined with
 * the next kept line), the rest dropped with a reason. `title` (when known) is recognised where
 * the paste repeats it; otherwise the paste's own headline is guessed and given as the title.
 */
export function extractFromPaste(paste: string, title?: string, settings: PasteTunables = DEFAULT_PASTE_TUNABLES): ExtractedArticle {
  let blocks = classifyPaste(paste, title, settings);
  let headline = title;
  if (headline === undefined) {
    headline = guessPasteTitle(blocks, settings);
    if (headline !== undefined) blocks = classifyPaste(paste, headline, settings);
  }
  const paragraphs: string[] = [];
  const dropped: DroppedBlock[] = [];
  let previousKept = -2;
  let lastWasListItem = false;
  for (const block of blocks) {
    if (block.final !== 'good') {
      dropped.push({ text: block.text, reason: block.reason ?? 'boilerplate' });
      continue;
    }
    const last = paragraphs.at(-1);
    const listItem = LIST_ITEM.test(block.text);
    const adjacent = last !== undefined && previousKept === block.index - 1;
    // A paragraph a page broke over lines (a <br>, an inline link on its own line) reads on, and
    // so does a list after the line that introduces it ("…were as follows:" 1. … 2. …).
    const continues = adjacent && ((!SENTENCE_END.test(last) && /^\p{Ll}/u.test(block.text)) || (listItem && (last.endsWith(':') || lastWasListItem)));
    if (continues) paragraphs[paragraphs.length - 1] = `${last} ${block.text}`;
    else paragraphs.push(block.text);
    lastWasListItem = listItem;
    previousKept = block.index;
  }
  return { ...(headline !== undefined ? { title: headline } : {}), paragraphs, dropped };
}
