import type { Sentence } from '../types.ts';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Abbreviations after which a full stop does not end a sentence even when a capital follows
 * ("Gen. Milley", "U.S. President"). Unicode's sentence rules already keep "Feb. 24 invasion".
 */
const ABBREVIATION = /(?:^|[\s(“"‘'])(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Maj|Capt|Sgt|Adm|Cmdr|Sen|Rep|Gov|Pres|Rev|Hon|Mt|Ft|No|Vol|vs|etc|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z](?:\.[A-Z])*)\.$/;

/**
 * Splits a paragraph into sentences with their offsets, so that an answer can quote the one
 * sentence that answers. Each sentence's text is exactly `paragraph.slice(start, end)`.
 */
export function splitSentences(paragraph: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(paragraph)) {
    const trimmed = segment.trimEnd();
    const lead = trimmed.length - trimmed.trimStart().length;
    const text = trimmed.slice(lead);
    if (text === '') continue;
    const start = index + lead;
    const previous = sentences.at(-1);
    // A break needs white space before it ("U.S.A" is one word) and no abbreviation ("Gen. Milley").
    if (previous && (previous.end === start || ABBREVIATION.test(previous.text))) {
      previous.end = start + text.length;
      previous.text = paragraph.slice(previous.start, previous.end);
    } else {
      sentences.push({ text, start, end: start + text.length });
    }
  }
  return sentences;
}
