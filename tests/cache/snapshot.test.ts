import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { readSnapshot, readSnapshotBytes, snapshotKey, snapshotKeyOfFiles, writeSnapshot, writeSnapshotBytes } from '../../src/cache/snapshot.ts';
import { Story } from '../../src/story.ts';
import { loadCorpus } from '../../src/corpus/load.ts';

const temp = (prefix: string) => tempDir(prefix.replace(/^storybot-|-$/g, ''));
const statementFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('statements-'));
const indexFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('index-'));
/** Questions whose answers must not change when the index comes from a snapshot. */
const PROBES = ['What did Putin tell the West?', 'Which territory did Russia annex?', 'How will the alliance react to the nuclear threats?', 'What is the capital of Peru?'];
const isNumber = (data: unknown): data is number => typeof data === 'number';

/**
 * Building the seed story without snapshots (WordNet tables, attribution, the index) takes
 * seconds, and many more on a busy machine: the tests that do it say so.
 */
const BUILD_MS = 60_000;

/** The seed story built without snapshots: what every story opened from them must match. */
let fresh: Story;
/** A cache folder holding every snapshot of the seed corpus, built once for the whole file. */
let template: string;

beforeAll(() => {
  fresh = Story.load(DEFAULT_CORPUS_DIR, { cacheDir: null });
  template = temp('storybot-cache-');
  // The topics are saved on the first suggestion.
  Story.load(DEFAULT_CORPUS_DIR, { cacheDir: template }).suggest('', 1);
}, 2 * BUILD_MS);

/**
 * A cache folder of the test's own, holding the template's snapshots but those of `kinds`: a test
 * rebuilds only the snapshot it is about.
 */
function warmCache(...kinds: string[]): string {
  const cacheDir = temp('storybot-cache-');
  cpSync(template, cacheDir, { recursive: true });
  for (const name of readdirSync(cacheDir)) if (kinds.some((kind) => name.startsWith(`${kind}-`))) rmSync(join(cacheDir, name));
  return cacheDir;
}

describe('snapshots of derived data', () => {
  it('GIVEN no snapshot THEN the first load saves one and the next load serves the same answers from it', { timeout: BUILD_MS }, () => {
    const cacheDir = warmCache('statements');
    const first = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
    expect(statementFiles(cacheDir)).toHaveLength(1);
    const second = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
    expect(second.quotes()).toEqual(first.quotes());
    expect(second.quotes()).toEqual(fresh.quotes());
    expect(second.ask('What did Putin tell the West?')).toEqual(first.ask('What did Putin tell the West?'));
  });

  it('GIVEN a corrupt snapshot THEN it is rebuilt, never served', { timeout: BUILD_MS }, () => {
    const cacheDir = warmCache();
    const [file = ''] = statementFiles(cacheDir);
    const text = readFileSync(join(cacheDir, file), 'utf8');
    writeFileSync(join(cacheDir, file), text.slice(0, text.length / 2)); // a crash mid-write, a full disk
    expect(Story.load(DEFAULT_CORPUS_DIR, { cacheDir }).quotes()).toEqual(fresh.quotes());
    // The rebuilt snapshot replaced the damaged one.
    expect(readFileSync(join(cacheDir, file), 'utf8')).toBe(text);
  });

  it('GIVEN a snapshot with one digit changed, still valid JSON of the right shape THEN it is rebuilt, never served', { timeout: BUILD_MS }, () => {
    const cacheDir = warmCache();
    const [file = ''] = statementFiles(cacheDir);
    const text = readFileSync(join(cacheDir, file), 'utf8');
    // The statements' offsets are numbers: a changed digit would quote other words of the paragraph.
    const changed = text.replace(/"spans":\[(\d)/, (_, digit: string) => `"spans":[${(Number(digit) + 1) % 10}`);
    expect(changed).not.toBe(text);
    writeFileSync(join(cacheDir, file), changed);
    expect(Story.load(DEFAULT_CORPUS_DIR, { cacheDir }).quotes()).toEqual(fresh.quotes());
  });

  it('GIVEN an article edited after the snapshot THEN the stale snapshot is not served', { timeout: BUILD_MS }, () => {
    // The copied corpus has the seed's files, so the template's snapshots are its own.
    const cacheDir = warmCache();
    const corpus = temp('storybot-corpus-');
    cpSync(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
    Story.load(corpus, { cacheDir });
    const [file = ''] = readdirSync(corpus);
    const edited = readFileSync(join(corpus, file), 'utf8').replace('“lots of weapons to reply,” Putin added.', '“lots of weapons to reply,” Medvedev added.');
    writeFileSync(join(corpus, file), edited);
    const speakers = Story.load(corpus, { cacheDir }).quotes({ speaker: 'Medvedev' });
    expect(speakers.map((s) => s.text)).toEqual(['lots of weapons to reply']);
    expect(statementFiles(cacheDir)).toHaveLength(2);
  });

  it('GIVEN the key of another corpus or format THEN nothing is read', () => {
    const cacheDir = temp('storybot-cache-');
    const key = snapshotKey(loadCorpus(DEFAULT_CORPUS_DIR));
    expect(writeSnapshot(cacheDir, 'probe', key, 42)).toBe(true);
    expect(readSnapshot(cacheDir, 'probe', key, isNumber)).toBe(42);
    expect(readSnapshot(cacheDir, 'probe', `${key.slice(0, 16)}0000`, isNumber)).toBeUndefined();
    expect(readSnapshot(cacheDir, 'probe', key, (data): data is number => isNumber(data) && data > 100)).toBeUndefined();
  });

  describe('binary snapshots', () => {
    const parts = () => [new Int32Array([7, -1, 2 ** 30]), new Uint8Array([1, 2, 3]), new Float64Array([Math.PI])];

    it('GIVEN typed arrays saved THEN the same bytes come back, aligned for typed arrays, for that key only', () => {
      const cacheDir = temp('storybot-cache-');
      expect(writeSnapshotBytes(cacheDir, 'probe', 'key-a', parts())).toBe(true);
      const body = readSnapshotBytes(cacheDir, 'probe', 'key-a');
      expect(body?.byteOffset ? body.byteOffset % 8 : 0).toBe(0);
      expect([...new Int32Array(body?.buffer ?? new ArrayBuffer(0), body?.byteOffset, 3)]).toEqual([7, -1, 2 ** 30]);
      expect(body?.subarray(12)).toEqual(Buffer.from([1, 2, 3, ...new Uint8Array(new Float64Array([Math.PI]).buffer)]));
      expect(readSnapshotBytes(cacheDir, 'probe', 'key-b')).toBeUndefined();
    });

    it.each([
      ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length - 5)],
      ['with one byte flipped', (bytes: Buffer) => Buffer.from(bytes.map((byte, at) => (at === bytes.length - 2 ? byte ^ 1 : byte)))],
      ['not a snapshot at all', () => Buffer.from('{"format":1}')],
    ])('GIVEN a binary snapshot %s THEN nothing is read', (_, damage) => {
      const cacheDir = temp('storybot-cache-');
      writeSnapshotBytes(cacheDir, 'probe', 'key-a', parts());
      const [file = ''] = readdirSync(cacheDir);
      writeFileSync(join(cacheDir, file), damage(readFileSync(join(cacheDir, file))));
      expect(readSnapshotBytes(cacheDir, 'probe', 'key-a')).toBeUndefined();
    });

    it('GIVEN files that differ in one byte or one name THEN their keys differ', () => {
      const bytes = Buffer.from('---\ntitle: A\n---\n\nText.\n');
      const key = snapshotKeyOfFiles([['a.md', bytes]]);
      expect(snapshotKeyOfFiles([['a.md', Buffer.from(bytes)]])).toBe(key);
      expect(snapshotKeyOfFiles([['b.md', bytes]])).not.toBe(key);
      expect(snapshotKeyOfFiles([['a.md', Buffer.from(bytes.toString().replace('Text', 'Test'))]])).not.toBe(key);
    });
  });

  it('GIVEN a folder that cannot be written THEN the story still loads and answers', { timeout: BUILD_MS }, () => {
    // A folder below a file can never be made, whoever runs the tests (root ignores modes).
    const file = join(temp('storybot-cache-'), 'a-file');
    writeFileSync(file, '');
    const cacheDir = join(file, 'cache');
    expect(writeSnapshot(cacheDir, 'probe', 'k', 1)).toBe(false);
    expect(Story.load(DEFAULT_CORPUS_DIR, { cacheDir }).ask('reservists').answered).toBe(true);
  });

  describe('the topics behind autocomplete', () => {
    const topicFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('topics-'));

    it('GIVEN a first suggestion THEN the topics are saved, and a new start suggests the same from them', { timeout: BUILD_MS }, () => {
      const cacheDir = warmCache('topics');
      const first = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
      expect(topicFiles(cacheDir)).toHaveLength(0);
      const suggested = ['', 'stol', 'nuc', 'what did'].map((typed) => first.suggest(typed, 10));
      expect(topicFiles(cacheDir)).toHaveLength(1);
      const second = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
      expect(['', 'stol', 'nuc', 'what did'].map((typed) => second.suggest(typed, 10))).toEqual(suggested);
      // Headlines come first, whatever the file's JSON did to their weight.
      expect(second.suggest('', 1)).toEqual([first.articles[0]?.title]);
    });

    it.each([
      ['truncated', (text: string) => text.slice(0, text.length / 2)],
      ['holding a topic of no known kind', (text: string) => text.replace('"kind":"title"', '"kind":"bogus"')],
    ])('GIVEN a topics snapshot %s THEN it is rebuilt, never served', { timeout: BUILD_MS }, (_, damage) => {
      const cacheDir = warmCache();
      const [file = ''] = topicFiles(cacheDir);
      const saved = readFileSync(join(cacheDir, file), 'utf8');
      writeFileSync(join(cacheDir, file), damage(saved));
      expect(Story.load(DEFAULT_CORPUS_DIR, { cacheDir }).suggest('', 25)).toEqual(fresh.suggest('', 25));
      expect(readFileSync(join(cacheDir, file), 'utf8')).toBe(saved);
    });
  });

  describe('the search index', () => {
    it('GIVEN no snapshot THEN the first open builds and saves the index and the next opens it, answering alike', { timeout: BUILD_MS }, () => {
      const cacheDir = warmCache('index');
      const first = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
      expect(first.fromSnapshot).toBe(false);
      expect(indexFiles(cacheDir)).toHaveLength(1);
      const second = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
      expect(second.fromSnapshot).toBe(true);
      for (const question of PROBES) expect(second.ask(question)).toEqual(first.ask(question));
      // Searching within an article uses the ranges the snapshot's index is read with.
      const [article] = second.sources();
      expect(second.ask('reservists', { article: article?.id })).toEqual(first.ask('reservists', { article: article?.id }));
    });

    /** Changes the snapshot's bytes as they are on disk: its checksum no longer matches. */
    const onDisk = (change: (bytes: Buffer) => Buffer) => (path: string) => writeFileSync(path, change(readFileSync(path)));
    /**
     * Changes the snapshot's body and writes it again under its key, with a checksum that matches:
     * what a bug, or another version of the code under the same key, would leave.
     */
    const resigned = (change: (body: Buffer) => Buffer) => (path: string) => {
      const key = /"key":"([0-9a-f]+)"/.exec(readFileSync(path, 'latin1'))?.[1] ?? '';
      const body = readSnapshotBytes(dirname(path), 'index', key);
      expect(body).toBeDefined();
      writeSnapshotBytes(dirname(path), 'index', key, [change(body ?? Buffer.alloc(0))]);
    };
    /** Replaces text in the body's JSON header with text padded to the same length, so no array moves. */
    const inHeader = (pattern: RegExp, replacement: string) => (body: Buffer) =>
      Buffer.from(body.toString('latin1').replace(pattern, (found) => replacement.padEnd(found.length)), 'latin1');

    it.each([
      ['truncated', onDisk((bytes) => bytes.subarray(0, bytes.length / 2))],
      ['with one byte of its postings flipped', onDisk((bytes) => Buffer.from(bytes.map((byte, at) => (at === bytes.length - 2 ? byte ^ 1 : byte))))],
      ['of another layout, checksum intact', resigned(inHeader(/"layout":"[^"]*"/, '"layout":"storybot-index/0"'))],
      ['for another number of passages, checksum intact', resigned(inHeader(/"passages":\d+/, '"passages":3'))],
      ['with its postings cut short, checksum intact', resigned((body) => body.subarray(0, body.length - 8))],
    ])('GIVEN an index snapshot %s THEN it is rebuilt, never served', { timeout: BUILD_MS }, (_, damage) => {
      const cacheDir = warmCache();
      const [file = ''] = indexFiles(cacheDir);
      expect(file).toMatch(/\.bin$/);
      damage(join(cacheDir, file));
      const reopened = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
      expect(reopened.fromSnapshot).toBe(false);
      for (const question of PROBES) expect(reopened.ask(question)).toEqual(fresh.ask(question));
      // The rebuilt snapshot replaced the damaged one.
      expect(indexFiles(cacheDir)).toEqual([file]);
      expect(Story.load(DEFAULT_CORPUS_DIR, { cacheDir }).fromSnapshot).toBe(true);
    });

    it('GIVEN an article edited after the snapshot THEN the stale index is not served', { timeout: BUILD_MS }, () => {
      const cacheDir = warmCache();
      const corpus = temp('storybot-corpus-');
      cpSync(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
      Story.load(corpus, { cacheDir });
      const [file = ''] = readdirSync(corpus);
      writeFileSync(join(corpus, file), `${readFileSync(join(corpus, file), 'utf8')}\n\nThe zeppelin landed in Vilnius.\n`);
      const edited = Story.load(corpus, { cacheDir });
      expect(edited.fromSnapshot).toBe(false);
      expect(edited.ask('Where did the zeppelin land?').quotes[0]?.text).toBe('The zeppelin landed in Vilnius.');
      expect(indexFiles(cacheDir)).toHaveLength(2);
    });
  });
});
