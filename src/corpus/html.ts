/**
 * A web page to an article: Mozilla's Readability (Firefox's reader view) finds the article in a
 * DOM that linkedom parses, the paragraphs are the DOM's own blocks, and the metadata is what the
 * page states (JSON-LD, OpenGraph, meta tags).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { domBlocks, type DomBlock, type DomNode } from './dom-blocks.ts';
import type { DroppedBlock, ExtractedArticle } from './extracted.ts';
import { furnitureReason } from './furniture.ts';
import { readPageMeta } from './page-meta.ts';

/** Why a block of a kind other than a paragraph is left out. */
const DROPPED_KINDS: Partial<Record<DomBlock['kind'], string>> = { heading: 'heading', caption: 'caption' };

/** Words from which a heading ending like a sentence is kept as a paragraph. */
const MIN_SENTENCE_HEADING_WORDS = 15;

/** Whether a string looks like an HTML document rather than text (for a paste of markup). */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text) || /<(?:p|div|article)[\s>][\s\S]*<\/(?:p|div|article)>/i.test(text.slice(0, 200_000));
}

/** Options for `extractFromHtml`. */
export interface HtmlOptions {
  /** The address the page came from: relative links resolve against it, and it is the url when the page names none. */
  url?: string;
}

/**
 * The article of an HTML page: its paragraphs in order, what was dropped and why, and the
 * metadata the page states. A page Readability finds no article in gives no paragraphs.
 */
export function extractFromHtml(html: string, options: HtmlOptions = {}): ExtractedArticle {
  const { document } = parseHTML(html);
  // Readability rewrites the document it reads: the metadata is read first.
  const meta = readPageMeta(document as unknown as Parameters<typeof readPageMeta>[0]);
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  const title = meta.title ?? textOrUndefined(parsed?.title);
  const publisher = meta.publisher ?? textOrUndefined(parsed?.siteName);
  const article: ExtractedArticle = { paragraphs: [], dropped: [] };
  if (title !== undefined) article.title = title;
  if (publisher !== undefined && !/^https?:\/\//i.test(publisher)) article.publisher = publisher;
  if (meta.byline !== undefined) article.byline = meta.byline;
  if (meta.published !== undefined) article.published = meta.published;
  const url = meta.url ?? options.url;
  if (url !== undefined) article.url = url;
  if (!parsed?.content) return article;
  const { document: content } = parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`);
  const blocks = domBlocks(content.body as unknown as DomNode);
  for (const block of blocks) {
    // A long heading that reads as a sentence is a lead paragraph a page set in a heading element.
    const sentence = block.kind === 'heading' && /[.!?]["'”’)]*$/.test(block.text) && block.text.split(/\s+/).length >= MIN_SENTENCE_HEADING_WORDS;
    const reason = (sentence ? undefined : DROPPED_KINDS[block.kind]) ?? furnitureReason(block.text, title);
    if (reason === undefined) article.paragraphs.push(block.text);
    else article.dropped.push({ text: block.text, reason } satisfies DroppedBlock);
  }
  return article;
}

function textOrUndefined(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}
