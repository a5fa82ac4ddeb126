/**
 * The parsed corpus as a snapshot, so that a start on an unchanged corpus reads one file instead
 * of parsing every article (front matter, furniture, sentence breaks: seconds at 10,000 articles).
 *
 * The key is a content hash of the article files' names and bytes, taken before anything is
 * parsed: an edited, renamed, added or removed file gives another key, and the snapshot is
 * rebuilt, never served. The same key names every snapshot derived from the corpus, so that no
 * start has to hash the parsed articles again.
 *
 * The body is compact: the articles' metadata as one small JSON segment, every article's text as
 * one UTF-8 segment, and typed arrays of offsets (in UTF-16 code units, as JavaScript slices
 * strings) for articles, paragraphs and sentences. Reading it decodes the texts once, as one
 * string, and makes every article, paragraph and sentence text a slice of it.
 */
import { constants } from 'node:buffer';
import { basename } from 'node:path';
import { aligned, FilesKey, readSnapshotBytes, SnapshotReader, writeSnapshotBytes } from './snapshot.ts';
import { finish, type Steps } from './steps.ts';
import type { Article, ArticleMeta, Passage, Sentence } from '../types.ts';
import { type CorpusError, loadCorpusReport, parseArticleFilesSteps, readArticleFilesSteps, type ReadOptions } from '../corpus/load.ts';

/** The snapshot kind (file name prefix) of a parsed corpus. */
const KIND = 'corpus';
/** Counts in the header, one 32-bit number each: metadata bytes, text bytes, text length, articles, passages, sentences. */
const HEADER_LENGTH = 6;

/** A corpus as loaded, with the key its snapshots are saved under. */
export interface OpenedCorpus {
  /** The articles, exactly as `loadCorpus` gives them. */
  articles: Article[];
  /** The content hash of the corpus files and the engine; undefined when snapshots are off. */
  key: string | undefined;
  /** Whether the articles came from a snapshot (true) or were parsed by this load (false). */
  fromSnapshot: boolean;
  /** Files skipped as unusable, each naming its problem. */
  skipped: CorpusError[];
}

/**
 * Loads a corpus folder as `loadCorpus` does, through a snapshot in `cacheDir` when one holds
 * exactly these files, else parsing them and saving one. Throws the CorpusError `loadCorpus`
 * would throw. `cacheDir: null` never touches the disk and gives no key.
 */
export function openCorpus(dir: string, cacheDir: string | null, options: ReadOptions = {}): OpenedCorpus {
  return finish(openCorpusSteps(dir, cacheDir, options));
}

/** `openCorpus` in steps (src/cache/steps.ts): it may pause after each file and each article. */
export function* openCorpusSteps(dir: string, cacheDir: string | null, options: ReadOptions = {}): Steps<OpenedCorpus> {
  if (cacheDir === null) return { ...loadCorpusReport(dir, options), key: undefined, fromSnapshot: false };
  const files = yield* readArticleFilesSteps(dir, options);
  const filesKey = new FilesKey();
  for (const source of files) {
    // A file that cannot be read is keyed by its name and problem: the other snapshots (index,
    // statements) still serve this corpus, and reading it later changes the key.
    if ('error' in source) filesKey.addUnreadable(basename(source.file), source.error.problem);
    else filesKey.add(basename(source.file), source.bytes);
    yield;
  }
  const key = filesKey.digest();
  const saved = files.every((source) => 'bytes' in source) ? yield* readCorpusSnapshotSteps(cacheDir, key, files.map((source) => source.file)) : undefined;
  if (saved) return { articles: saved, key, fromSnapshot: true, skipped: [] };
  const { articles, skipped } = yield* parseArticleFilesSteps(files);
  // A snapshot maps its articles to the files one to one: a corpus with a skipped file is parsed each time.
  if (skipped.length === 0) writeCorpusSnapshot(cacheDir, key, articles);
  return { articles, key, fromSnapshot: false, skipped };
}

/**
 * Saves the parsed articles under `key`. Returns false when nothing was written (the folder
 * cannot be written, or the corpus is too big to read back as one string).
 */
export function writeCorpusSnapshot(cacheDir: string, key: string, articles: readonly Article[]): boolean {
  const meta = Buffer.from(JSON.stringify(articles.map(({ id, title, publisher, published, url }): ArticleMeta => ({ id, title, publisher, published, url }))));
  const passageCount = articles.reduce((sum, article) => sum + article.passages.length, 0);
  const sentenceCount = articles.reduce((sum, article) => article.passages.reduce((inner, passage) => inner + passage.sentences.length, sum), 0);
  // All the texts are read back as one string: a corpus longer than a string can be is parsed on every start.
  const textLength = articles.reduce((sum, article) => sum + article.text.length, 0);
  if (textLength > constants.MAX_STRING_LENGTH) return false;
  // Texts decoded from UTF-8 files are well formed (no lone surrogate), so they come back from UTF-8
  // unchanged. Written one by one: joining them first would hold a second copy of the corpus.
  const texts = Buffer.allocUnsafe(articles.reduce((sum, article) => sum + Buffer.byteLength(article.text), 0));
  articles.reduce((at, article) => at + texts.write(article.text, at), 0);
  const articleTextEnds = new Uint32Array(articles.length);
  const articlePassageEnds = new Uint32Array(articles.length);
  const passageBounds = new Uint32Array(passageCount * 2);
  const passageSentenceEnds = new Uint32Array(passageCount);
  const sentenceBounds = new Uint32Array(sentenceCount * 2);
  let textEnd = 0;
  let passageIndex = 0;
  let sentenceIndex = 0;
  for (const [articleIndex, article] of articles.entries()) {
    textEnd += article.text.length;
    articleTextEnds[articleIndex] = textEnd;
    // A paragraph's place in the article text, found as the article text was made: joined by blank lines.
    let at = 0;
    for (const passage of article.passages) {
      passageBounds[passageIndex * 2] = at;
      passageBounds[passageIndex * 2 + 1] = at + passage.text.length;
      at += passage.text.length + 2;
      for (const sentence of passage.sentences) {
        sentenceBounds[sentenceIndex * 2] = sentence.start;
        sentenceBounds[sentenceIndex * 2 + 1] = sentence.end;
        sentenceIndex += 1;
      }
      passageSentenceEnds[passageIndex] = sentenceIndex;
      passageIndex += 1;
    }
    if (at - 2 !== article.text.length) return false;
    articlePassageEnds[articleIndex] = passageIndex;
  }
  const header = new Uint32Array([meta.length, texts.length, textLength, articles.length, passageCount, sentenceCount]);
  return writeSnapshotBytes(
    cacheDir,
    KIND,
    key,
    [header, meta, texts, articleTextEnds, articlePassageEnds, passageBounds, passageSentenceEnds, sentenceBounds].flatMap(aligned),
  );
}

/** Whether offsets never go backwards and the last is `total`: the shape of every offset table here. */
function isRunningTotal(ends: Uint32Array, total: number): boolean {
  let previous = 0;
  for (const end of ends) {
    if (end < previous) return false;
    previous = end;
  }
  return previous === total;
}

/**
 * The articles saved under `key`, with `files` (the paths the corpus has now, one per article)
 * as their files; undefined when there is no such snapshot or it does not hold together.
 */
export function readCorpusSnapshot(cacheDir: string, key: string, files: readonly string[]): Article[] | undefined {
  return finish(readCorpusSnapshotSteps(cacheDir, key, files));
}

/** `readCorpusSnapshot` in steps (src/cache/steps.ts): it may pause after each article. */
export function* readCorpusSnapshotSteps(cacheDir: string, key: string, files: readonly string[]): Steps<Article[] | undefined> {
  const body = readSnapshotBytes(cacheDir, KIND, key);
  if (!body) return undefined;
  const reader = new SnapshotReader(body);
  const [metaBytes = 0, textBytes = 0, textLength = 0, articleCount = 0, passageCount = 0, sentenceCount = 0] = reader.uint32(HEADER_LENGTH) ?? [];
  const metaSegment = reader.bytes(metaBytes);
  const texts = reader.bytes(textBytes);
  const articleTextEnds = reader.uint32(articleCount);
  const articlePassageEnds = reader.uint32(articleCount);
  const passageBounds = reader.uint32(passageCount * 2);
  const passageSentenceEnds = reader.uint32(passageCount);
  const sentenceBounds = reader.uint32(sentenceCount * 2);
  if (!metaSegment || !texts || !articleTextEnds || !articlePassageEnds || !passageBounds || !passageSentenceEnds || !sentenceBounds || !reader.done) return undefined;
  if (articleCount !== files.length || !isRunningTotal(articleTextEnds, textLength) || !isRunningTotal(articlePassageEnds, passageCount) || !isRunningTotal(passageSentenceEnds, sentenceCount)) {
    return undefined;
  }
  yield;
  let meta: unknown;
  try {
    meta = JSON.parse(metaSegment.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(meta) || meta.length !== articleCount) return undefined;
  yield;
  // One string for the whole corpus, and every text a slice of it: V8 then copies no text while it
  // collects young objects (a string per article made that 1.6 times slower at 10,000 articles).
  const allTexts = texts.toString('utf8');
  if (allTexts.length !== textLength) return undefined;
  const articles: Article[] = [];
  let textStart = 0;
  let passageIndex = 0;
  let sentenceIndex = 0;
  for (let articleIndex = 0; articleIndex < articleCount; articleIndex += 1) {
    const { id, title, publisher, published, url } = meta[articleIndex] as Partial<ArticleMeta>;
    if (typeof id !== 'string' || typeof title !== 'string') return undefined;
    const textEnd = articleTextEnds[articleIndex] ?? 0;
    const text = allTexts.slice(textStart, textEnd);
    textStart = textEnd;
    const passages: Passage[] = [];
    for (const lastPassage = articlePassageEnds[articleIndex] ?? 0; passageIndex < lastPassage; passageIndex += 1) {
      const paragraph = passages.length + 1;
      const passageStart = passageBounds[passageIndex * 2] ?? 0;
      const passageEnd = passageBounds[passageIndex * 2 + 1] ?? 0;
      if (passageStart > passageEnd || passageEnd > text.length) return undefined;
      const passageText = text.slice(passageStart, passageEnd);
      const sentences: Sentence[] = [];
      for (const sentenceEnd = passageSentenceEnds[passageIndex] ?? 0; sentenceIndex < sentenceEnd; sentenceIndex += 1) {
        const start = sentenceBounds[sentenceIndex * 2] ?? 0;
        const end = sentenceBounds[sentenceIndex * 2 + 1] ?? 0;
        if (start > end || end > passageText.length) return undefined;
        sentences.push({ text: passageText.slice(start, end), start, end });
      }
      passages.push({ id: `${id}#${paragraph}`, article: id, paragraph, text: passageText, sentences });
    }
    // The same keys in the same order as a parsed article, optional ones only when present.
    const article: ArticleMeta = { id, title };
    if (publisher !== undefined) article.publisher = publisher;
    if (published !== undefined) article.published = published;
    if (url !== undefined) article.url = url;
    articles.push({ ...article, file: files[articleIndex] ?? '', passages, text });
    yield;
  }
  return articles;
}
