/**
 * One entry for every kind of source: a page (HTML), a paste (text) or a Markdown file becomes an
 * ExtractedArticle. Text that is in fact HTML (a saved page with a .txt name) is read as a page.
 */
import type { ExtractedArticle } from './extracted.ts';
import { extractFromHtml, looksLikeHtml } from './html.ts';
import { extractParagraphs } from './clean.ts';
import { extractFromPaste } from './paste.ts';
import { FRONT_MATTER, parseArticle } from './load.ts';

/** What a source is: a page, a paste, or Markdown (with or without front matter). */
export type SourceKind = 'html' | 'text' | 'markdown';

/** Options for `extractArticle`. */
export interface ExtractOptions {
  /** The title when known from elsewhere: the source's repeat of it is dropped. */
  title?: string;
  /** The address the source came from. */
  url?: string;
}

/** A Markdown article: its front matter when it has one, else a `# heading` as the title and its blocks as paragraphs. */
function extractFromMarkdown(text: string, options: ExtractOptions): ExtractedArticle {
  if (FRONT_MATTER.test(text.replace(/^\uFEFF/, ''))) {
    const article = parseArticle('article.md', text);
    const meta: ExtractedArticle = { title: article.title, paragraphs: article.passages.map((passage) => passage.text), dropped: [] };
    for (const key of ['publisher', 'published', 'url'] as const) if (article[key] !== undefined) meta[key] = article[key];
    return meta;
  }
  const heading = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(text);
  const title = options.title ?? heading?.[1];
  const body = heading ? text.replace(heading[0], '') : text;
  const paragraphs = extractParagraphs(body, title ?? '').filter((block) => !/^#{1,6}\s/.test(block));
  return { ...(title !== undefined ? { title } : {}), ...(options.url !== undefined ? { url: options.url } : {}), paragraphs, dropped: [] };
}

/** The article in a source of the given kind. */
export function extractArticle(text: string, kind: SourceKind, options: ExtractOptions = {}): ExtractedArticle {
  if (kind === 'html' || looksLikeHtml(text)) return extractFromHtml(text, { url: options.url });
  if (kind === 'markdown') return extractFromMarkdown(text, options);
  const article = extractFromPaste(text, options.title);
  return options.url !== undefined ? { ...article, url: options.url } : article;
}
