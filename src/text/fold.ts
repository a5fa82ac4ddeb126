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
