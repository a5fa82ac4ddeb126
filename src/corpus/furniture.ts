/**
 * Page furniture by name: the labels and patterns of furniture.json (navigation, share buttons,
 * bylines, datelines, credits), and the headline repeated in the body. A block that matches is
 * never story; one that does not may still be furniture, which the paste classifier decides.
 */
import furniture from './furniture.json' with { type: 'json' };

/**
 * White space that folding changes: a run of two or more characters, or one that is not a plain
 * space. Every block of every article is folded when a corpus loads, so leaving the single spaces
 * between words alone (the same result as replacing every run) halves the time spent folding.
 */
const UNFOLDED_SPACE = / \s+|[^\S ]\s*/g;

/** Longest block a label or pattern may match: beyond it, a block is a paragraph whatever it starts with. */
export const MAX_FURNITURE_LENGTH: number = furniture.maxLength;

const LABELS: ReadonlySet<string> = new Set(furniture.labels.map((label) => foldBlock(label)));
const PATTERNS: readonly RegExp[] = furniture.patterns.map((source) => new RegExp(source, 'iu'));
const SECTION_ENDS: readonly RegExp[] = furniture.sectionEnds.map((source) => new RegExp(source, 'iu'));

/** Folds case, quotes, dashes and spacing, so that blocks compare as a reader would. */
export function foldBlock(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐-―−]/g, '-')
    .replace(UNFOLDED_SPACE, ' ')
    .trim()
    .toLowerCase();
}

/** Whether a block is a known furniture label or matches a furniture pattern. */
export function isFurnitureLabel(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length > MAX_FURNITURE_LENGTH) return false;
  const folded = foldBlock(trimmed).replace(/[\s:.!›»|-]+$/, '');
  return LABELS.has(folded) || PATTERNS.some((pattern) => pattern.test(trimmed));
}

/** Why a block is furniture ("repeats the headline", "page furniture"), or undefined when it is not known to be. */
export function furnitureReason(text: string, title: string | undefined): string | undefined {
  if (title !== undefined && foldBlock(text) === foldBlock(title)) return 'repeats the headline';
  return isFurnitureLabel(text) ? 'page furniture' : undefined;
}

/** Whether a block heads what follows an article (its comments), so that the article never runs across it. */
export function isSectionEnd(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length <= MAX_FURNITURE_LENGTH && SECTION_ENDS.some((pattern) => pattern.test(trimmed));
}
