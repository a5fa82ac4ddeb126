/**
 * Adding an article: a page, a paste, a Markdown file or an address becomes `ID.md` in the corpus
 * folder (front matter, then the clean paragraphs), written atomically so that a reader never sees
 * half a file. The terminal (`npm run add`) and moderators in Discord (`/article add`) both come
 * through here.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { extractArticle, type SourceKind } from './extract.ts';
import type { DroppedBlock, ExtractedArticle } from './extracted.ts';
import { DEFAULT_FETCH_MAX_BYTES, fetchPage, type FetchOptions } from './fetch.ts';
import { ARTICLE_ID, CorpusError, parseArticle } from './load.ts';
import { readFileSafely, UnsafeFileError } from './safe-read.ts';

/** An article ready to be written, as `--dry-run --json` prints it. Metadata nobody stated is absent. */
export interface PreparedArticle {
  /** The id, which is also the file name (`ID.md`). */
  id: string;
  title: string;
  publisher?: string;
  published?: string;
  url?: string;
  /** The author(s), when the page names them. */
  byline?: string;
  /** The paragraphs kept, in order. */
  paragraphs: string[];
  /** The blocks left out, with the reason. */
  dropped: DroppedBlock[];
}

/** Metadata given by whoever adds the article; it wins over what the source states. */
export interface GivenMeta {
  id?: string;
  title?: string;
  publisher?: string;
  published?: string;
  url?: string;
}

/** An article that cannot be added as it is; the message says what to do. */
export class AddError extends Error {
  override name = 'AddError';
  constructor(
    message: string,
    /** The system's error code when the corpus folder could not be written (EACCES, EROFS, ENOENT, ...). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A source read into memory: its text, what kind it is, and the address it came from. */
export interface SourceText {
  text: string;
  kind: SourceKind;
  url?: string;
  /** The source's name (file name or address), for messages. */
  name: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The kind of a source from its file name: `.html`/`.htm`, `.md`/`.markdown`, otherwise text. */
export function kindOfName(name: string): SourceKind {
  if (/\.x?html?$/i.test(name)) return 'html';
  if (/\.(?:md|markdown)$/i.test(name)) return 'markdown';
  return 'text';
}

/** Fetches an address into a SourceText. Throws FetchError for a refused or failed fetch. */
export async function fetchSource(address: string, options: FetchOptions = {}): Promise<SourceText> {
  const page = await fetchPage(address, options);
  const url = new URL(page.url);
  const kind = page.kind === 'html' ? 'html' : kindOfName(url.pathname);
  // A user and password in the address are a secret: never kept as the article's url.
  url.username = '';
  url.password = '';
  return { text: page.body, kind, url: url.href, name: address };
}

/** The file names an attached file may have: a page, a paste or a Markdown article. */
export const ATTACHABLE_FILE = /\.(?:html?|txt|md|markdown)$/i;

/** A file attached in a chat (Discord): its name, size and the address its bytes are served at. */
export interface AttachedFile {
  name: string;
  /** Size in bytes as the chat states it (checked again while downloading). */
  size: number;
  url: string;
}

/**
 * Downloads an attached file through the same checks as a page (public address unless loopback
 * is allowed for tests, time limit, size cap, HTML or text content type); its kind comes from its
 * name. The address is the chat's signed, expiring link, so it is not kept as the article's url.
 * Throws AddError for a file of another kind or over the cap, FetchError for a failed download.
 */
export async function fetchAttachedFile(file: AttachedFile, options: FetchOptions = {}): Promise<SourceText> {
  if (!ATTACHABLE_FILE.test(file.name)) throw new AddError(`${file.name} is not a page or a text: attach an .html, .txt or .md file`);
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  if (file.size > maxBytes) throw new AddError(`${file.name} is ${file.size} bytes, over the limit of ${maxBytes} bytes`);
  // The name says it is a page or a text; a file host may still serve it untyped.
  const page = await fetchPage(file.url, { ...options, maxBytes, acceptUntyped: true });
  return { text: page.body, kind: kindOfName(file.name), name: file.name };
}

/** How `readSource` reads: the fetch's settings and the largest file or input accepted. */
export interface ReadSourceOptions extends FetchOptions {
  /** Standard input, for the source `-`. */
  stdin?: NodeJS.ReadableStream;
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > maxBytes) throw new AddError(`standard input is over the limit of ${maxBytes} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a source named on the command line: an http(s) address (fetched), `-` (standard input,
 * a paste unless it is HTML), or a file (its kind from its name; read only if it is a regular file
 * under the size limit). Throws AddError, FetchError or UnsafeFileError with a one-line message.
 */
export async function readSource(source: string, options: ReadSourceOptions = {}): Promise<SourceText> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return fetchSource(source, options);
  if (source === '-') return { text: await readStream(options.stdin ?? process.stdin, options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES), kind: 'text', name: 'standard input' };
  let bytes: Buffer;
  try {
    bytes = readFileSafely(source, { maxBytes: options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES });
  } catch (error) {
    if (error instanceof UnsafeFileError) throw new AddError(`cannot add ${error.file}: ${error.reason}`);
    throw error;
  }
  return { text: bytes.toString('utf8'), kind: kindOfName(source), name: source };
}

/** Shortens a block to one line of at most `length` characters for a report. */
export function firstLine(text: string, length = 100): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= length ? line : `${line.slice(0, length - 1).trimEnd()}…`;
}

/** What `npm run add` prints: where it went, what was kept (each paragraph's start) and what was dropped and why. */
export function formatAddReport(article: PreparedArticle, written: string | undefined): string {
  const meta = [article.publisher, article.published].filter(Boolean).join(', ');
  const head = written === undefined
    ? `Would add “${article.title}”${meta ? ` (${meta})` : ''} as ${article.id}.md (dry run: nothing written)`
    : `Added “${article.title}”${meta ? ` (${meta})` : ''} as ${written}`;
  const kept = article.paragraphs.map((paragraph, index) => `  ${index + 1}. ${firstLine(paragraph)}`);
  const dropped = article.dropped.map((block) => `  - ${firstLine(block.text, 80)} (${block.reason})`);
  return [
    head,
    `Kept ${article.paragraphs.length} paragraph${article.paragraphs.length === 1 ? '' : 's'}:`,
    ...kept,
    `Dropped ${article.dropped.length} block${article.dropped.length === 1 ? '' : 's'}${article.dropped.length > 0 ? ':' : '.'}`,
    ...dropped,
  ].join('\n');
}

/** An id from a title: lower case ASCII words joined by hyphens, at most 60 characters, cut at a word. */
export function idFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 60) return slug || 'article';
  const cut = slug.slice(0, 61);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : 60).replace(/-+$/, '');
}

/** Checks metadata given by whoever adds the article (id, date, url); throws AddError saying what is wrong. */
export function checkGiven(given: GivenMeta): void {
  if (given.id !== undefined && !ARTICLE_ID.test(given.id)) throw new AddError(`bad id "${given.id}": use lowercase letters, digits and hyphens`);
  if (given.published !== undefined) {
    const day = new Date(`${given.published}T00:00:00Z`);
    if (!ISO_DAY.test(given.published) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== given.published) {
      throw new AddError(`the date must be YYYY-MM-DD, not "${given.published}"`);
    }
  }
  if (given.url !== undefined && (!URL.canParse(given.url) || !/^https?:$/.test(new URL(given.url).protocol))) {
    throw new AddError(`the url must be an http(s) address, not "${given.url}"`);
  }
}

/**
 * The article a source holds, with the given metadata over the source's own. Throws AddError when
 * there is no title (none stated, none given) or no paragraph.
 */
export function prepareArticle(source: SourceText, given: GivenMeta = {}): PreparedArticle {
  checkGiven(given);
  const extracted: ExtractedArticle = extractArticle(source.text, source.kind, { title: given.title?.trim() || undefined, url: source.url });
  const title = given.title?.trim() || extracted.title;
  if (title === undefined || title === '') throw new AddError(`no title found in ${source.name}: give one (--title, or the title option)`);
  if (extracted.paragraphs.length === 0) throw new AddError(`no article text found in ${source.name}`);
  const prepared: PreparedArticle = { id: given.id ?? idFromTitle(title), title, paragraphs: extracted.paragraphs, dropped: extracted.dropped };
  const publisher = given.publisher?.trim() || extracted.publisher;
  const published = given.published ?? extracted.published;
  const url = given.url ?? extracted.url;
  if (publisher) prepared.publisher = publisher;
  if (published) prepared.published = published;
  if (url) prepared.url = url;
  if (extracted.byline) prepared.byline = extracted.byline;
  return { id: prepared.id, title: prepared.title, ...pick(prepared), paragraphs: prepared.paragraphs, dropped: prepared.dropped };
}

/** The optional fields in a fixed order, so that JSON output reads the same every time. */
function pick(article: PreparedArticle): Partial<PreparedArticle> {
  const fields: Partial<PreparedArticle> = {};
  for (const key of ['publisher', 'published', 'url', 'byline'] as const) if (article[key] !== undefined) fields[key] = article[key];
  return fields;
}

/** The Markdown file for an article: YAML front matter, then one paragraph per block. */
export function renderArticleFile(article: PreparedArticle): string {
  const meta: Record<string, string> = { id: article.id, title: article.title, ...(pick(article) as Record<string, string>) };
  return `---\n${stringify(meta, { lineWidth: 0 }).trimEnd()}\n---\n\n${article.paragraphs.join('\n\n')}\n`;
}

/** The file an article is written to. */
export function articlePath(corpusDir: string, id: string): string {
  return join(resolve(corpusDir), `${id}.md`);
}

/**
 * Writes the article into the corpus folder as `ID.md`: to a temporary file first, then moved
 * into place, so the loader and the watcher see the whole file or none. Refuses an id already
 * taken unless `replace`, even one taken a moment before by another writer. Returns the path
 * written. The file is read back as the loader will read it first, so a file that would not load
 * is never written.
 */
export function writeArticle(corpusDir: string, article: PreparedArticle, options: { replace?: boolean } = {}): string {
  const path = articlePath(corpusDir, article.id);
  const text = renderArticleFile(article);
  try {
    parseArticle(path, text);
  } catch (error) {
    throw new AddError(error instanceof CorpusError ? `the article would not load: ${error.problem}` : String(error));
  }
  // A dot name without .md: the loader and the watcher never take the temporary file for an article.
  const temporary = join(resolve(corpusDir), `.${article.id}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    // link, unlike rename, fails when the name is taken: two people adding the same id at the same
    // moment (a moderator in Discord, someone at the terminal) never overwrite each other.
    if (options.replace) renameSync(temporary, path);
    else linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AddError(`an article with the id "${article.id}" is already in the corpus (${article.id}.md): choose another id`);
    throw new AddError(`cannot write ${path}: ${code ?? String(error)}`, code ?? 'EIO');
  } finally {
    rmSync(temporary, { force: true });
  }
  return path;
}

/** Removes an article's file; false when there was none. Only `ID.md` files of valid ids are touched. */
export function removeArticle(corpusDir: string, id: string): boolean {
  if (!ARTICLE_ID.test(id)) return false;
  const path = articlePath(corpusDir, id);
  if (!existsSync(path)) return false;
  rmSync(path);
  return true;
}
