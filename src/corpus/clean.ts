/**
 * Turns a scraped article body into the story's paragraphs: page furniture out, lines that the
 * scrape wrapped inside a paragraph joined, the article's own words and punctuation kept exactly.
 */

import { foldBlock, isFurnitureLabel } from './furniture.ts';

/** True when a block is page furniture: a known label (furniture.json), or the headline repeated in the body. */
export function isFurniture(block: string, title: string): boolean {
  return isFurnitureBeside(block, foldBlock(title));
}

/** `isFurniture` with the title folded once for all of an article's blocks. */
function isFurnitureBeside(block: string, foldedTitle: string): boolean {
  const text = block.trim();
  if (text === '') return true;
  return foldBlock(text) === foldedTitle || isFurnitureLabel(text);
}

/** Joins the lines of one block with single spaces, keeping every character of the words. */
export function joinWrappedLines(block: string): string {
  // Most blocks are one line: the same result without an array of lines for each.
  if (!block.includes('\n')) return block.trim();
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** Splits an article body into its story paragraphs, in order. */
export function extractParagraphs(body: string, title: string): string[] {
  const foldedTitle = foldBlock(title);
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(joinWrappedLines)
    .filter((block) => !isFurnitureBeside(block, foldedTitle));
}
