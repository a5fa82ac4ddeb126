/**
 * Builds the passage index a part at a time. One MiniSearch over the 199,000 passages of a
 * 10,000-article corpus holds its whole Map-of-Maps inverted index (about 355 MB of heap) until
 * `CompactPostings.fromMiniSearch` freezes it. Here MiniSearch indexes `chunkSize` passages at a
 * time; each part is frozen and its MiniSearch dropped before the next, and
 * `CompactPostings.merge` joins the parts into exactly the store one MiniSearch over every passage
 * gives. The cold build then fits a smaller heap: it ran with `--max-old-space-size=800`, where
 * one MiniSearch ran out of memory. (Without a heap limit V8 collects the dropped parts late, and
 * the peak RSS hardly changes.)
 */
import MiniSearch, { type Options } from 'minisearch';
import { CompactPostings } from './compact-postings.ts';

/**
 * Passages per part. At 10,000 articles a part of 10,000 holds about 27 MB of heap while it is
 * built; smaller parts lowered neither the peak nor the time measurably, and larger ones built
 * more slowly (20,000: some 8% slower; one MiniSearch over everything: some 15%).
 */
export const DEFAULT_CHUNK_SIZE = 10_000;

/** A passage's fields as the index reads them. */
export interface PassageDocument {
  /** The paragraph. */
  text: string;
  /** Its article's title. */
  title: string;
}

/**
 * Indexes `documents` (a document's passage number is its place in the list) with MiniSearch
 * `options`, `chunkSize` passages at a time, and returns their frozen postings. The options'
 * `tokenize` sees every field of every document once, in passage order, as one MiniSearch's
 * `addAll` would call it, so a tokenizer collecting words on the way still sees them all.
 */
export function buildPostings(documents: readonly PassageDocument[], options: Options<PassageDocument>, chunkSize = DEFAULT_CHUNK_SIZE): CompactPostings {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`buildPostings: chunk size ${chunkSize} is not a positive whole number`);
  const parts: CompactPostings[] = [];
  // No documents still make one (empty) part: the merge takes the field names from its parts.
  for (let first = 0; first < documents.length || parts.length === 0; first += chunkSize) {
    const index = new MiniSearch<PassageDocument>(options);
    // Each part numbers its passages from 0; the merge moves them to their place.
    index.addAll(documents.slice(first, first + chunkSize).map((document, id) => ({ ...document, id })));
    parts.push(CompactPostings.fromMiniSearch(index));
  }
  return CompactPostings.merge(parts);
}
