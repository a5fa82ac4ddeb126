/**
 * The data that flows through storybot's core. Everything here is plain data: the front doors
 * (terminal, JSON, Discord) only render it.
 */

/** What an article's front matter says about it. Only what the source says: nothing invented. */
export interface ArticleMeta {
  /** Stable id, unique in the corpus (for example `putin-wont-win-in-ukraine-nato`). */
  id: string;
  /** The headline. */
  title: string;
  /** Who published it, where known. */
  publisher?: string;
  /** Publication date as the source gives it (ISO `YYYY-MM-DD` where known). */
  published?: string;
  /** Where the article was published, where known. */
  url?: string;
}

/** One sentence of a passage, with its place in the passage text. */
export interface Sentence {
  /** The sentence exactly as written (a substring of the passage text). */
  text: string;
  /** Offset of the first character in the passage text. */
  start: number;
  /** Offset just past the last character in the passage text. */
  end: number;
}

/** A paragraph of an article: the unit that is indexed, ranked and cited. */
export interface Passage {
  /** `${article}#${paragraph}`: unique in the corpus. */
  id: string;
  /** Id of the article it belongs to. */
  article: string;
  /** 1-based paragraph number, counted as a reader counts them (page furniture excluded). */
  paragraph: number;
  /** The paragraph's text, exact words of the article (wrapped lines joined by one space). */
  text: string;
  /** The paragraph's sentences, in order. */
  sentences: Sentence[];
}

/** An article as loaded from `corpus/`. */
export interface Article extends ArticleMeta {
  /** The file it was read from (for error messages). */
  file: string;
  /** The story's paragraphs in order, page furniture removed. */
  passages: Passage[];
  /** The article text: the passages joined by blank lines. Every quote is a substring of it. */
  text: string;
}

/** Whether a statement is quoted word for word or reported in the writer's words. */
export type StatementKind = 'direct' | 'reported';

/** Something a person said, as the article reports it. */
export interface Statement {
  /** The words of the article that carry the statement (exact substring of the paragraph). */
  text: string;
  /** Who said it, by the name the article uses most (for example "Stoltenberg"). */
  speaker: string;
  /** `direct` for words in quotation marks, `reported` for "X said that ...". */
  kind: StatementKind;
  /** Article id. */
  article: string;
  /** 1-based paragraph number. */
  paragraph: number;
}

/** One quote in an answer: exact words of the article and where they stand. */
export interface Quote {
  /** Exact words of the article (a substring of its text). */
  text: string;
  /** Who said these words when they are a quotation or a reported statement; otherwise null. */
  speaker: string | null;
  /** Article id. */
  article: string;
  /** Article title. */
  title: string;
  /** 1-based paragraph number. */
  paragraph: number;
  /** Relevance score; higher is better. Comparable within one answer only. */
  score: number;
}

/** What storybot says to a question. */
export interface Answer {
  /** The question as asked (trimmed). */
  question: string;
  /**
   * The question as understood: the question itself, or a follow-up read in the light of the
   * conversation ("what else did he say?" → "what else did Stoltenberg say?").
   */
  understood: string;
  /** False when the story does not cover the question: then `quotes` is empty. */
  answered: boolean;
  /** Best first. */
  quotes: Quote[];
  /** Topics or questions the story does cover; filled when nothing matched. */
  suggestions: string[];
  /**
   * Why the question could not be read at all (another language, emoji only), as the member is
   * told it; absent otherwise. Shown instead of "the story does not cover that".
   */
  refusal?: string;
  /**
   * A question that held several ("Who is threatening nukes and what did NATO say back?"): each
   * part answered on its own, in order. `quotes` then takes each part's best quote first, then
   * each part's second, and so on. Absent for a question of one part.
   */
  parts?: Answer[];
}

/** An extractive summary of one article. */
export interface Summary {
  /** Article id. */
  article: string;
  /** Article title. */
  title: string;
  /** The summary sentences joined in article order; fits one Discord embed. */
  text: string;
  /** The summary sentences one by one, each with its paragraph and speaker. */
  quotes: Quote[];
}

/** What `/source` shows about an article. */
export interface Source extends ArticleMeta {
  /** Number of passages (paragraphs) indexed. */
  passages: number;
}
