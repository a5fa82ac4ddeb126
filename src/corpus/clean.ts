/**
 * Turns a scraped article body into the story's paragraphs: page furniture out, lines that the
 * scrape wrapped inside a paragraph joined, the article's own words and punctuation kept exactly.
 */

/**
 * Blocks that are page furniture rather than story, matched against a whole block (a run of
 * lines between blank lines). Kept deliberately narrow: a real paragraph never matches.
 */
const FURNITURE: readonly RegExp[] = [
  /^connect with us$/i,
  /^(news|latest news|breaking news|politics|world|world news|europe|business|opinion|sports?|home|menu|search|trending)$/i,
  /^published(?:\s+(?:on|at)?\s*[\w ,:./-]{0,40})?$/i,
  /^(updated|last updated)(?:\s+(?:on|at)?\s*[\w ,:./-]{0,40})?$/i,
  /^(share|share this|share this article|share on \w+|tweet|email|print|copy link)$/i,
  /^(advertisement|sponsored|ad|click to share.*|read more.*|related( articles| stories)?|see also|follow us.*|subscribe.*|sign up.*)$/i,
  /^(by|written by|reporter|editor)\s*:?\s*$/i,
  /^\d+\s+(minutes?|hours?|days?|weeks?|months?|years?)\s+ago$/i,
];

/**
 * Furniture is a label, never a paragraph: a block longer than this is story, whatever it starts
 * with ("Read more troops were sent…" must not be dropped by the "read more" label).
 */
const MAX_FURNITURE_LENGTH = 60;

/**
 * White space that folding changes: a run of two or more characters, or one that is not a plain
 * space. Every block of every article is folded, so leaving the single spaces between words
 * alone (the same result as replacing every run) halves the time loading spends folding.
 */
const UNFOLDED_SPACE = / \s+|[^\S ]\s*/g;

/** Folds quotes, dashes and spacing so that a repeated headline is recognised as the title. */
function foldForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐-―−]/g, '-')
    .replace(UNFOLDED_SPACE, ' ')
    .trim()
    .toLowerCase();
}

/** True when a block is page furniture: a known label, or the headline repeated in the body. */
export function isFurniture(block: string, title: string): boolean {
  return isFurnitureBeside(block, foldForComparison(title));
}

/** `isFurniture` with the title folded once for all of an article's blocks. */
function isFurnitureBeside(block: string, foldedTitle: string): boolean {
  const text = block.trim();
  if (text === '') return true;
  if (foldForComparison(text) === foldedTitle) return true;
  return text.length <= MAX_FURNITURE_LENGTH && FURNITURE.some((pattern) => pattern.test(text));
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
  const foldedTitle = foldForComparison(title);
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(joinWrappedLines)
    .filter((block) => !isFurnitureBeside(block, foldedTitle));
}
