/**
 * Folding: the typographic variants a member may type differently from the article (curly
 * quotes, dashes, compatibility forms) made one.
 */

/** Folds the typographic variants a user may type differently from the article. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‛′`´]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑]/g, '-');
}

/**
 * Folds curly apostrophes and quotation marks to straight ones, keeping every offset (each
 * replacement is one character for one), for code that slices the original text.
 */
export function foldQuotes(text: string): string {
  return text.replace(/[‘’‛′]/g, "'").replace(/[“”„″«»]/g, '"');
}

/**
 * Zero-width and bidirectional control characters removed and white space folded to one line:
 * what a member typed, as every part of storybot reads and records it.
 */
export function normaliseLine(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
