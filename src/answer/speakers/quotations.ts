/**
 * Quotation spans: where a paragraph's quotation marks open and close, the paragraph with the
 * quoted words masked (so attribution reads only the writer's own words), and whether quoted
 * words are someone's speech or a name, a title or a term.
 */
import { FUNCTION_WORDS } from '../../text/stop-words.ts';

/** A pair of quotation marks in a paragraph, or an opening one the paragraph never closes. */
export interface QuotationSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or the paragraph length when the quotation runs on. */
  close: number;
  /** False when the quotation runs past the end of the paragraph (news style for a quote that continues). */
  closed: boolean;
}

/**
 * Quoted words shorter than this are scare quotes or names of things ("so-called “peacekeepers”"),
 * not a person's statement.
 */
export const MIN_DIRECT_WORDS = 2;
/** Stands for each character inside a quotation once masked: no word character, no space. */
export const MASK = '\uE000';


/**
 * Finds the quotation marks of a paragraph: curly “…”, straight "…", guillemets «…» and single
 * ‘…’ (a ‘ opening a word and a ’ closing one; apostrophes inside words are left alone). An
 * opening mark with no closing one runs to the end of the paragraph, as news style does for a
 * quotation that continues in the next paragraph.
 */
export function findQuotations(text: string): QuotationSpan[] {
  const spans: QuotationSpan[] = [];
  let open = -1;
  let expected = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    const before = text[i - 1] ?? ' ';
    const after = text[i + 1] ?? ' ';
    if (open < 0) {
      if (char === '“' || char === '«' || char === '"') {
        open = i;
        expected = char === '“' ? '”' : char === '«' ? '»' : '"';
      } else if (char === '‘' && /[\s([{—–-]/.test(before) && /[\p{L}\p{N}]/u.test(after)) {
        open = i;
        expected = '’';
      }
    } else if (char === expected && (expected !== '’' || (!/[\p{L}\p{N}]/u.test(after) && !/\s/.test(before)))) {
      spans.push({ open, close: i, closed: true });
      open = -1;
    }
  }
  if (open >= 0) spans.push({ open, close: text.length, closed: false });
  return spans;
}

/** The paragraph text with every quotation's inner words masked, so that only the writer's own words are read. */
export function maskQuotations(text: string, quotations: readonly QuotationSpan[]): string {
  let masked = '';
  let at = 0;
  for (const { open, close } of quotations) {
    masked += text.slice(at, open + 1) + MASK.repeat(Math.max(0, close - open - 1));
    at = close;
  }
  return masked + text.slice(at);
}

/** Trims a quotation's inner words: surrounding spaces and the comma that hands over to "he said". */
export function quotationBounds(text: string, quotation: QuotationSpan): { start: number; end: number } {
  let start = quotation.open + 1;
  let end = quotation.close;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /[\s,]/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}
/** Most words of a phrase set in quotation marks within a running sentence (a scare quote, a term). */
const MAX_SCARE_QUOTE_WORDS = 3;

/** Words that introduce a term being named rather than words being quoted ("the term “social classes”"). */
const NAMING_WORDS = /\b(?:term|terms|word|words|phrase|expression|label|slogan|title|called|so-called|named|dubbed|nicknamed|known as|styled|as)\s*$/i;

/**
 * True when quoted words are someone's speech rather than a name, a title or a term: at least
 * MIN_DIRECT_WORDS words, not all capitalised ("Old Briton", "Decision Time"), and not a short
 * phrase introduced as a term ("the term “social classes”").
 */
export function isSpeech(text: string, quotation: QuotationSpan, start: number, end: number): boolean {
  const words = text.slice(start, end).match(/[\p{L}\p{N}]+(?:[’'][\p{L}]+)*/gu) ?? [];
  if (words.length < MIN_DIRECT_WORDS) return false;
  const contentWords = words.filter((word) => !FUNCTION_WORDS.has(word.toLowerCase()));
  const titleCase = contentWords.length > 0 && contentWords.every((word) => /^[\p{Lu}\p{N}]/u.test(word));
  if (titleCase && words.length <= 6 && !/[.!?,;:]/.test(text.slice(start, end))) return false;
  if (words.length <= 3 && NAMING_WORDS.test(text.slice(Math.max(0, quotation.open - 30), quotation.open))) return false;
  // "prepared for a “long haul” in dealing with": a few words set in a sentence that runs on
  // through them are the writer's phrase, not a statement of their own.
  const midSentence = /\p{L}\s*$/u.test(text.slice(0, quotation.open)) && /^\s+\p{Ll}/u.test(text.slice(quotation.close + 1));
  return !(words.length <= MAX_SCARE_QUOTE_WORDS && midSentence && !/[.!?]/.test(text.slice(start, end)));
}
