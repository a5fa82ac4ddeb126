import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { loadCorpus, loadCorpusReport, parseArticle } from '../../src/corpus/load.ts';
import { openCorpus, readCorpusSnapshot, writeCorpusSnapshot } from '../../src/cache/corpus.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { aligned, writeSnapshotBytes } from '../../src/cache/snapshot.ts';
import { Story } from '../../src/story.ts';

const temp = (prefix: string) => tempDir(prefix.replace(/^storybot-|-$/g, ''));

function corpusOf(files: Record<string, string | Buffer>): string {
  const dir = temp('storybot-corpus-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const corpusFiles = (cacheDir: string) => readdirSync(cacheDir).filter((name) => name.startsWith('corpus-'));

/**
 * Articles that exercise what the snapshot must carry exactly: characters beyond the Basic
 * Multilingual Plane (offsets are in UTF-16 units, bytes are UTF-8), combining marks, right-to-left
 * text, Windows line endings and a byte order mark, wrapped lines, and sentences that the
 * abbreviation rule joins or that end without a full stop.
 */
const AWKWARD_FILES: Record<string, string | Buffer> = {
  'a-unicode.md': [
    '---',
    'title: "Emoji 🎉 and e\u0301 accents – “curly”"',
    'publisher: Le Monde',
    'published: 2024-02-29',
    'url: https://example.com/a',
    '---',
    '',
    'Emoji 🎉 and e\u0301 accents – “curly”',
    '',
    'The 🇺🇦 flag flew over Kyiv. Gen. Milley met the U.S. delegation… then left?! “Yes,” he said.',
    '',
    'Arabic: مرحبا بالعالم. Hebrew: שלום עולם. CJK: 北京欢迎你。Next sentence here.',
    '',
    'No full stop at the end',
    '',
  ].join('\n'),
  'b-crlf.md': Buffer.from(
    `\uFEFF---\r\ntitle: Windows file\r\n---\r\n\r\nA line the scrape\r\nwrapped  with   spaces.\r\n\r\nNews\r\n\r\n  Indented text, Feb. 24 invasion. Mr. Smith said so.  \r\n\r\n\r\n\r\nLast paragraph\u00A0with a non-breaking space.\r\n`,
  ),
  'c-one-line.md': '---\nid: custom-id\ntitle: Short\n---\nSingle paragraph straight after the front matter...',
};

describe('the corpus snapshot', () => {
  it('GIVEN the shipped corpus THEN the articles read back are exactly the parsed ones', () => {
    const cacheDir = temp('storybot-cache-');
    const first = openCorpus(DEFAULT_CORPUS_DIR, cacheDir);
    const second = openCorpus(DEFAULT_CORPUS_DIR, cacheDir);
    expect([first.fromSnapshot, second.fromSnapshot]).toEqual([false, true]);
    expect(second.key).toBe(first.key);
    expect(second.articles).toStrictEqual(loadCorpus(DEFAULT_CORPUS_DIR));
  });

  it('GIVEN unicode, CRLF, a byte order mark and odd sentences THEN the articles read back are exactly the parsed ones', () => {
    const corpus = corpusOf(AWKWARD_FILES);
    const cacheDir = temp('storybot-cache-');
    openCorpus(corpus, cacheDir);
    const reopened = openCorpus(corpus, cacheDir);
    expect(reopened.fromSnapshot).toBe(true);
    const parsed = loadCorpus(corpus);
    expect(reopened.articles).toStrictEqual(parsed);
    // The awkward cases are really there, so the equality above tests them.
    expect(parsed.map((article) => article.passages.length)).toEqual([3, 3, 1]);
    expect(parsed[0]?.passages[0]?.sentences.map((s) => s.text)).toContain('Gen. Milley met the U.S. delegation… then left?!');
  });

  it('GIVEN snapshots off THEN nothing is written and there is no key', () => {
    const opened = openCorpus(DEFAULT_CORPUS_DIR, null);
    expect(opened).toMatchObject({ key: undefined, fromSnapshot: false });
    expect(opened.articles).toStrictEqual(loadCorpus(DEFAULT_CORPUS_DIR));
  });

  it('GIVEN the corpus folder moved THEN the snapshot is still served, with the files where they are now', () => {
    const corpus = corpusOf(AWKWARD_FILES);
    const cacheDir = temp('storybot-cache-');
    openCorpus(corpus, cacheDir);
    const moved = join(temp('storybot-moved-'), 'corpus');
    renameSync(corpus, moved);
    const reopened = openCorpus(moved, cacheDir);
    expect(reopened.fromSnapshot).toBe(true);
    expect(reopened.articles).toStrictEqual(loadCorpus(moved));
  });

  describe('a stale snapshot is rebuilt, never served', () => {
    const BODY = '\n\nA paragraph of the story.\n\nAnother paragraph.\n';
    it.each([
      ['an article edited by one byte', (dir: string) => writeFileSync(join(dir, 'a.md'), `---\ntitle: A\n---${BODY.replace('story', 'Story')}`)],
      ['an article renamed', (dir: string) => renameSync(join(dir, 'b.md'), join(dir, 'c.md'))],
      ['an article added', (dir: string) => writeFileSync(join(dir, 'c.md'), `---\ntitle: C\n---${BODY}`)],
      ['an article removed', (dir: string) => rmSync(join(dir, 'b.md'))],
    ])('GIVEN %s THEN the corpus is parsed again', (_, change) => {
      const corpus = corpusOf({ 'a.md': `---\ntitle: A\n---${BODY}`, 'b.md': `---\ntitle: B\n---${BODY}` });
      const cacheDir = temp('storybot-cache-');
      const before = openCorpus(corpus, cacheDir);
      change(corpus);
      const after = openCorpus(corpus, cacheDir);
      expect(after.fromSnapshot).toBe(false);
      expect(after.key).not.toBe(before.key);
      expect(after.articles).toStrictEqual(loadCorpus(corpus));
      // The rebuilt snapshot sits beside the old one and serves the next start.
      expect(corpusFiles(cacheDir)).toHaveLength(2);
      expect(openCorpus(corpus, cacheDir).fromSnapshot).toBe(true);
    });
  });

  describe('a damaged snapshot is rebuilt, never served', () => {
    it.each([
      ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length - 9)],
      ['with one byte of text flipped', (bytes: Buffer) => Buffer.from(bytes.map((byte, at) => (at === bytes.indexOf('paragraph') ? byte ^ 1 : byte)))],
      ['empty', () => Buffer.alloc(0)],
    ])('GIVEN a snapshot %s THEN the corpus is parsed again and the snapshot replaced', (_, damage) => {
      const corpus = corpusOf(AWKWARD_FILES);
      const cacheDir = temp('storybot-cache-');
      openCorpus(corpus, cacheDir);
      const [file = ''] = corpusFiles(cacheDir);
      writeFileSync(join(cacheDir, file), damage(readFileSync(join(cacheDir, file))));
      const reopened = openCorpus(corpus, cacheDir);
      expect(reopened.fromSnapshot).toBe(false);
      expect(reopened.articles).toStrictEqual(loadCorpus(corpus));
      expect(openCorpus(corpus, cacheDir).fromSnapshot).toBe(true);
    });

    /** The parts of a snapshot of one article "a" with two empty paragraphs and one empty sentence. */
    const handMade = (passageSentenceEnds: number[], sentenceBounds = [0, 0]) => {
      const meta = Buffer.from('[{"id":"a","title":"T"}]');
      return [new Uint32Array([meta.length, 0, 0, 1, 2, 1]), meta, new Uint32Array([0]), new Uint32Array([2]), new Uint32Array(4), new Uint32Array(passageSentenceEnds), new Uint32Array(sentenceBounds)].flatMap(aligned);
    };

    it('GIVEN a well-formed snapshot file whose offsets run backwards THEN it is not served', () => {
      const cacheDir = temp('storybot-cache-');
      writeSnapshotBytes(cacheDir, 'corpus', 'key', handMade([0, 1]));
      // The same parts with offsets in order are read, so only the order makes the difference.
      expect(readCorpusSnapshot(cacheDir, 'key', ['/a.md'])?.[0]?.passages.map((p) => p.sentences.length)).toEqual([0, 1]);
      writeSnapshotBytes(cacheDir, 'corpus', 'key', handMade([1, 0]));
      expect(readCorpusSnapshot(cacheDir, 'key', ['/a.md'])).toBeUndefined();
    });

    it('GIVEN a well-formed snapshot file with a sentence past the end of its paragraph THEN it is not served', () => {
      const cacheDir = temp('storybot-cache-');
      writeSnapshotBytes(cacheDir, 'corpus', 'key', handMade([0, 1], [0, 5]));
      expect(readCorpusSnapshot(cacheDir, 'key', ['/a.md'])).toBeUndefined();
    });

    it('GIVEN a well-formed snapshot file of the wrong length THEN it is not served', () => {
      const corpus = corpusOf({ 'a.md': AWKWARD_FILES['c-one-line.md'] ?? '' });
      const cacheDir = temp('storybot-cache-');
      const { key = '' } = openCorpus(corpus, cacheDir);
      expect(writeSnapshotBytes(cacheDir, 'corpus', key, [...handMade([0, 1]), new Uint32Array(2)])).toBe(true);
      expect(readCorpusSnapshot(cacheDir, key, [join(corpus, 'a.md')])).toBeUndefined();
      expect(openCorpus(corpus, cacheDir)).toMatchObject({ fromSnapshot: false, articles: loadCorpus(corpus) });
    });

    it('GIVEN a snapshot for another number of files THEN it is not served', () => {
      const cacheDir = temp('storybot-cache-');
      const { key = '' } = openCorpus(DEFAULT_CORPUS_DIR, cacheDir);
      expect(readCorpusSnapshot(cacheDir, key, ['a.md', 'b.md'])).toBeUndefined();
    });
  });

  describe('errors and skipped files are those of loadCorpus', () => {
    const GOOD = '---\ntitle: Good\n---\n\nA paragraph.\n';
    it.each([
      ['an empty folder', {}],
      ['only a file without front matter', { 'a.md': 'Just text.\n' }],
    ])('GIVEN %s THEN the same CorpusError, with or without snapshots', (_, files) => {
      const corpus = corpusOf(files);
      const cacheDir = temp('storybot-cache-');
      expect(() => loadCorpus(corpus)).toThrow();
      expect(() => openCorpus(corpus, cacheDir)).toThrow(captureError(() => loadCorpus(corpus)));
      expect(readdirSync(cacheDir)).toEqual([]);
    });

    it('GIVEN a duplicate id THEN the same article loads and the same file is skipped, with or without snapshots, and no corpus snapshot is saved', () => {
      const corpus = corpusOf({ 'a.md': '---\nid: same\ntitle: A\n---\n\nText.\n', 'b.md': '---\nid: same\ntitle: B\n---\n\nText.\n' });
      const cacheDir = temp('storybot-cache-');
      const opened = openCorpus(corpus, cacheDir);
      const loaded = loadCorpusReport(corpus);
      expect(opened.articles).toEqual(loaded.articles);
      expect(opened.skipped.map((error) => error.message)).toEqual(loaded.skipped.map((error) => error.message));
      expect(readdirSync(cacheDir).filter((name) => name.startsWith('corpus'))).toEqual([]);
    });

    it('GIVEN a bad file and a file that cannot be read THEN both are skipped, each named, and the good one loads', () => {
      const corpus = corpusOf({ 'a.md': 'No front matter.\n', 'c.md': GOOD });
      mkdirSync(join(corpus, 'b.md'));
      const cacheDir = temp('storybot-cache-');
      const { articles, skipped } = openCorpus(corpus, cacheDir);
      expect(articles.map((article) => article.title)).toEqual(['Good']);
      expect(skipped.map((error) => error.message)).toEqual([expect.stringMatching(/a\.md: no front matter/), expect.stringMatching(/b\.md: a folder, not a file$/)]);
    });

    it('GIVEN a file that cannot be read THEN the corpus still has a key, so its index is built once and then opened from its snapshot', () => {
      const corpus = corpusOf({ 'c.md': GOOD });
      mkdirSync(join(corpus, 'b.md'));
      const cacheDir = temp('storybot-cache-');
      const first = openCorpus(corpus, cacheDir);
      expect(first.key).toBeDefined();
      expect(openCorpus(corpus, cacheDir).key).toBe(first.key);
      expect(Story.load(corpus, { cacheDir }).fromSnapshot).toBe(false);
      expect(Story.load(corpus, { cacheDir }).fromSnapshot).toBe(true);
      // The file readable at last is another corpus: another key.
      rmSync(join(corpus, 'b.md'), { recursive: true });
      writeFileSync(join(corpus, 'b.md'), GOOD.replace('Good', 'Better'));
      expect(openCorpus(corpus, cacheDir).key).not.toBe(first.key);
    }, 60_000);
  });

  it('GIVEN any generated articles THEN the snapshot gives back exactly the parsed ones', () => {
    const cacheDir = temp('storybot-cache-');
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });
    const sentenceEnd = fc.constantFrom('.', '!', '?', '…', '.”', '', ' Mr.', ' U.S.');
    const sentence = fc.tuple(text, sentenceEnd).map(([words, end]) => `${words}${end}`);
    const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((sentences) => sentences.join(' '));
    const article = fc.record({ paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 5 }), crlf: fc.boolean() });
    let run = 0;
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 3 }), (generated) => {
        const articles = generated.flatMap(({ paragraphs, crlf }, index) => {
          const source = `---\ntitle: Story ${index}\n---\n\n${paragraphs.join('\n\n')}\n`;
          try {
            return [parseArticle(`/corpus/s${index}.md`, crlf ? source.replace(/\n/g, '\r\n') : source)];
          } catch {
            return []; // Only furniture or white space: no article, nothing to snapshot.
          }
        });
        const key = `generated-${(run += 1)}`;
        expect(writeCorpusSnapshot(cacheDir, key, articles)).toBe(true);
        expect(readCorpusSnapshot(cacheDir, key, articles.map((a) => a.file))).toStrictEqual(articles);
      }),
      { numRuns: 150 },
    );
  });
});

/** The error a function throws, for asserting that another throws the very same one. */
function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

// A copy of the shipped corpus keeps its snapshot when nothing in it changes.
it('GIVEN a copy of the shipped corpus THEN it shares the snapshot of the original', () => {
  const cacheDir = temp('storybot-cache-');
  const copy = temp('storybot-corpus-');
  cpSync(DEFAULT_CORPUS_DIR, copy, { recursive: true });
  openCorpus(DEFAULT_CORPUS_DIR, cacheDir);
  expect(openCorpus(copy, cacheDir).fromSnapshot).toBe(true);
});
