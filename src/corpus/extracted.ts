/** What extraction makes of a page or a paste: the article's paragraphs, metadata, and what was left out. */

/** A block left out of the article, with the reason in a few words (shown to whoever adds it). */
export interface DroppedBlock {
  /** The block's text. */
  text: string;
  /** Why it is not article text, e.g. "navigation", "caption", "repeats the headline". */
  reason: string;
}

/** An article as extracted from a page or a paste. Metadata the source does not state is absent. */
export interface ExtractedArticle {
  /** The headline. */
  title?: string;
  /** The publication. */
  publisher?: string;
  /** The author(s). */
  byline?: string;
  /** The day of publication, YYYY-MM-DD. */
  published?: string;
  /** Where the article lives. */
  url?: string;
  /** The article's paragraphs, in order, each one line of text. */
  paragraphs: string[];
  /** The blocks left out, in order. */
  dropped: DroppedBlock[];
}
