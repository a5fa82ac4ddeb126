/**
 * An article's metadata as the page itself states it: JSON-LD first (what publishers write for
 * search engines), then OpenGraph, then plain meta tags. Nothing is guessed: a field the page does
 * not state is left out.
 */

/** The elements this module reads: what linkedom's and a browser's documents both give. */
export interface MetaElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

/** The part of a parsed document this module needs. */
export interface MetaDocument {
  querySelectorAll(selector: string): ArrayLike<MetaElement>;
}

/** Metadata a page states about its article. */
export interface PageMeta {
  /** The headline. */
  title?: string;
  /** The publication (site name). */
  publisher?: string;
  /** The author(s), as the page names them. */
  byline?: string;
  /** The day of publication, YYYY-MM-DD, as the page gives it (its own time zone). */
  published?: string;
  /** The canonical address of the article. */
  url?: string;
}

const ARTICLE_TYPES = /(?:^|\b)(?:\w*Article|BlogPosting|Report|WebPage|LiveBlogPosting)$/;

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const folded = value.replace(/\s+/g, ' ').trim();
  return folded === '' ? undefined : folded;
}

/** A name from a JSON-LD person or organisation, or a list of them. */
function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((name): name is string => name !== undefined);
    return names.length > 0 ? names.join(', ') : undefined;
  }
  if (value !== null && typeof value === 'object') return text((value as Record<string, unknown>).name);
  return undefined;
}

/** Every JSON-LD object of the page, `@graph` members included. */
function jsonLdObjects(document: MetaDocument): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    found.push(record);
    if (Array.isArray(record['@graph'])) record['@graph'].forEach(visit);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      // Some pages wrap the JSON in CDATA or HTML comments.
      visit(JSON.parse((script.textContent ?? '').replace(/^\s*(?:<!--|\/\/<!\[CDATA\[)|(?:-->|\/\/\]\]>)\s*$/g, '')));
    } catch {
      // A malformed block says nothing; the other sources may.
    }
  }
  return found;
}

function isArticleObject(record: Record<string, unknown>): boolean {
  const type = record['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((entry) => typeof entry === 'string' && ARTICLE_TYPES.test(entry));
}

/** The day of a date as the page wrote it: the YYYY-MM-DD it starts with, or a parsed date's day. */
export function dayOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) {
    const day = `${iso[1]}-${iso[2]}-${iso[3]}`;
    const parsed = new Date(`${day}T00:00:00Z`);
    // Date rolls 2024-02-30 over to March: a day that does not come back unchanged is not one.
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day ? day : undefined;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  return new Date(time - new Date(time).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

function metaContent(document: MetaDocument, selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    for (const element of Array.from(document.querySelectorAll(selector))) {
      const value = text(element.getAttribute('content') ?? element.getAttribute('href') ?? element.getAttribute('datetime') ?? undefined);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** What the JSON-LD article object states. */
function fromJsonLd(document: MetaDocument): PageMeta {
  const article = jsonLdObjects(document).find(isArticleObject);
  if (!article) return {};
  const url = text(article.url) ?? text((article.mainEntityOfPage as Record<string, unknown> | undefined)?.['@id']);
  return {
    title: text(article.headline) ?? text(article.name),
    publisher: nameOf(article.publisher),
    byline: nameOf(article.author),
    published: dayOf(text(article.datePublished) ?? text(article.dateCreated)),
    url,
  };
}

/** What OpenGraph and other meta tags state. */
function fromMetaTags(document: MetaDocument): PageMeta {
  return {
    title: metaContent(document, ['meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="title"]']),
    publisher: metaContent(document, ['meta[property="og:site_name"]', 'meta[name="application-name"]']),
    byline: metaContent(document, ['meta[name="author"]', 'meta[property="article:author"]', 'meta[name="byl"]', 'meta[name="parsely-author"]']),
    published: dayOf(
      metaContent(document, [
        'meta[property="article:published_time"]', 'meta[name="article:published_time"]', 'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]', 'meta[name="publish-date"]', 'meta[name="date"]', 'meta[name="DC.date.issued"]',
        'meta[name="dc.date"]', 'meta[name="parsely-pub-date"]', 'meta[name="sailthru.date"]', 'time[itemprop="datePublished"]',
      ]),
    ),
    url: metaContent(document, ['link[rel="canonical"]', 'meta[property="og:url"]']),
  };
}

/** A byline that names people, or undefined (a URL or a profile link is not a byline). */
function cleanByline(value: string | undefined): string | undefined {
  const byline = value?.replace(/^by\s+/i, '').trim();
  if (!byline || /^https?:\/\//i.test(byline) || byline.length > 120) return undefined;
  return byline;
}

/** A URL only when it is an absolute http(s) address. */
function cleanUrl(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
}

/** The metadata the page states, from its JSON-LD, OpenGraph and meta tags, in that order. */
export function readPageMeta(document: MetaDocument): PageMeta {
  const ld = fromJsonLd(document);
  const tags = fromMetaTags(document);
  const meta: PageMeta = {};
  const title = ld.title ?? tags.title;
  const publisher = ld.publisher ?? tags.publisher;
  const byline = cleanByline(ld.byline) ?? cleanByline(tags.byline);
  const published = ld.published ?? tags.published;
  const url = cleanUrl(ld.url) ?? cleanUrl(tags.url);
  if (title !== undefined) meta.title = title;
  if (publisher !== undefined && !/^https?:\/\//i.test(publisher)) meta.publisher = publisher;
  if (byline !== undefined) meta.byline = byline;
  if (published !== undefined) meta.published = published;
  if (url !== undefined) meta.url = url;
  return meta;
}
