/**
 * The compact snapshots of statements and of the lexicon: what comes back from disk is what
 * was built, and a snapshot that does not fit is rebuilt, never served.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { corpusWords } from '../../src/answer/answer.ts';
import { findStatements } from '../../src/answer/speakers/attribution.ts';
import { isStatementTable, packStatements, unpackStatements, type StatementTable } from '../../src/cache/statements.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { openCorpus } from '../../src/cache/corpus.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { loadLexicon } from '../../src/search/lexicon/lexicon.ts';
import { readSnapshot, writeSnapshot } from '../../src/cache/snapshot.ts';
import { Story } from '../../src/story.ts';

const temp = (prefix: string) => tempDir(prefix.replace(/^storybot-|-$/g, ''));

/** Building a story or a lexicon without snapshots reads WordNet: seconds on a busy machine. */
const BUILD_MS = 60_000;

const articles = loadCorpus(DEFAULT_CORPUS_DIR);
const statements = articles.map(findStatements);
/** The table as it comes back from a JSON file. */
const table = (): StatementTable => JSON.parse(JSON.stringify(packStatements(articles, statements))) as StatementTable;

describe('the statements snapshot', () => {
  /** The seed story built without snapshots: what a story opened from them must match. */
  let fresh: Story;
  /** A cache folder holding every snapshot of the seed corpus, saved by one load for the file. */
  let warm: string;
  beforeAll(() => {
    fresh = Story.load(DEFAULT_CORPUS_DIR, { cacheDir: null });
    warm = temp('storybot-cache-');
    Story.load(DEFAULT_CORPUS_DIR, { cacheDir: warm });
  }, 2 * BUILD_MS);
  /** A copy of `warm` for one test to read or damage. */
  const warmCopy = () => {
    const cacheDir = temp('storybot-cache-');
    cpSync(warm, cacheDir, { recursive: true });
    return cacheDir;
  };

  it('GIVEN the shipped corpus THEN every article gets back exactly the statements attribution found', () => {
    const saved = table();
    expect(isStatementTable(saved)).toBe(true);
    expect(unpackStatements(articles, saved)).toStrictEqual(statements);
  });

  it('GIVEN the shipped corpus THEN the table holds no statement text, only offsets', () => {
    // Every statement's words are a slice of its paragraph: copying them made the snapshot ten times bigger.
    expect(JSON.stringify(table())).not.toContain(statements[0]?.[0]?.text);
  });

  it.each([
    ['a span past the end of its paragraph', (saved: StatementTable) => (saved.spans[2] = 100_000)],
    ['a paragraph the article does not have', (saved: StatementTable) => (saved.spans[0] = 99)],
    ['a speaker the table does not have', (saved: StatementTable) => (saved.spans[3] = saved.speakers.length)],
    ['another number of articles', (saved: StatementTable) => saved.counts.push(0)],
    ['a statement missing', (saved: StatementTable) => saved.spans.splice(0, 5)],
  ])('GIVEN a table with %s THEN it is not used', (_, damage) => {
    const saved = table();
    damage(saved);
    expect(unpackStatements(articles, saved)).toBeUndefined();
  });

  it.each([
    ['the old layout (statements copied per article id)', { [articles[0]?.id ?? '']: statements[0] }],
    ['text where numbers belong', { ...table(), spans: ['1'] }],
  ])('GIVEN a snapshot in %s THEN it is not a table', (_, data) => {
    expect(isStatementTable(data)).toBe(false);
  });

  it('GIVEN a statements snapshot that does not fit the corpus THEN the story finds the statements again', { timeout: BUILD_MS }, () => {
    const cacheDir = warmCopy();
    const { key = '' } = openCorpus(DEFAULT_CORPUS_DIR, cacheDir);
    const saved = table();
    saved.spans[2] = 100_000;
    writeSnapshot(cacheDir, 'statements', key, saved);
    const story = Story.load(DEFAULT_CORPUS_DIR, { cacheDir });
    expect(story.quotes()).toEqual(fresh.quotes());
    expect(story.speakers()).toEqual(fresh.speakers());
    // And the snapshot was replaced by one that fits.
    const [file = ''] = readdirSync(cacheDir).filter((name) => name.startsWith('statements-'));
    expect(file).not.toBe('');
    const rewritten = readSnapshot(cacheDir, 'statements', key, isStatementTable);
    expect(rewritten && unpackStatements(articles, rewritten)).toBeDefined();
  });

  it('GIVEN a story opened from snapshots THEN its quotes, speakers and attributed answers are those of a fresh load', { timeout: BUILD_MS }, () => {
    const reopened = Story.load(DEFAULT_CORPUS_DIR, { cacheDir: warmCopy() });
    expect(reopened.fromSnapshot).toBe(true);
    // Attribution in answers reads statement offsets (speakerAt), so answers test start and end too.
    expect(reopened.ask('What did Stoltenberg say about the nuclear threats?')).toEqual(fresh.ask('What did Stoltenberg say about the nuclear threats?'));
    expect(reopened.quotes({ speaker: 'Jens Stoltenberg' })).toEqual(fresh.quotes({ speaker: 'Jens Stoltenberg' }));
    expect(reopened.speakers()).toEqual(fresh.speakers());
    expect(reopened.summary()).toEqual(fresh.summary());
  });
});

describe('the lexicon snapshot', () => {
  const words = corpusWords(articles);
  let built: ReturnType<typeof loadLexicon>;
  /** A cache folder holding the lexicon snapshot under 'probe-key', saved once for these tests. */
  let saved: string;
  beforeAll(() => {
    // Built from WordNet (the folder is empty) and saved in the same call.
    saved = temp('storybot-cache-');
    built = loadLexicon(words, saved, 'probe-key');
  }, BUILD_MS);
  /** A copy of `saved` for one test to read or damage. */
  const savedCopy = () => {
    const cacheDir = temp('storybot-cache-');
    cpSync(saved, cacheDir, { recursive: true });
    return cacheDir;
  };

  it('GIVEN a lexicon saved and read back THEN it equals the one built, key order included', () => {
    const cacheDir = savedCopy();
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('lexicon-'))).toEqual([expect.stringMatching(/\.bin$/)]);
    const read = loadLexicon(() => {
      throw new Error('a lexicon read from its snapshot never lists the corpus words');
    }, cacheDir, 'probe-key');
    expect(read).toStrictEqual(built);
    expect(JSON.stringify(read)).toBe(JSON.stringify(built));
    for (const table of ['expansions', 'broader', 'definitions', 'ancestors'] as const) expect(Object.keys(read[table])).toEqual(Object.keys(built[table]));
  });

  it('GIVEN a lexicon read back THEN a word it lacks reads as on the built one', () => {
    const cacheDir = savedCopy();
    const read = loadLexicon(words, cacheDir, 'probe-key');
    for (const word of ['zeppelin', 'constructor', 'toString', '']) {
      expect(read.broader[word]).toBe(built.broader[word]);
      expect(word in read.expansions).toBe(word in built.expansions);
    }
    const [word = ''] = Object.keys(built.ancestors);
    expect(read.ancestors[word]).toEqual(built.ancestors[word]);
    expect(Object.hasOwn(read.ancestors, word)).toBe(true);
    // Shared data: a write fails loudly instead of changing what every answer reads.
    expect(() => {
      read.ancestors[word] = [];
    }).toThrow(TypeError);
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length - 8)],
    ['with one byte flipped', (bytes: Buffer) => Buffer.from(bytes.map((byte, at) => (at === bytes.length - 100 ? byte ^ 4 : byte)))],
  ])('GIVEN a lexicon snapshot %s THEN it is rebuilt, never served', { timeout: BUILD_MS }, (_, damage) => {
    const cacheDir = savedCopy();
    const [file = ''] = readdirSync(cacheDir).filter((name) => name.startsWith('lexicon-'));
    writeFileSync(join(cacheDir, file), damage(readFileSync(join(cacheDir, file))));
    let listed = false;
    const rebuilt = loadLexicon(() => ((listed = true), words), cacheDir, 'probe-key');
    expect(listed).toBe(true);
    expect(rebuilt).toStrictEqual(built);
  });
});
