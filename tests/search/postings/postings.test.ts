import MiniSearch, { type Options } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildPostings, type PassageDocument } from '../../../src/search/postings/build.ts';
import { CandidateTally } from '../../../src/search/postings/candidate-tally.ts';
import { CompactPostings, type FieldPostings } from '../../../src/search/postings/compact-postings.ts';
import { TermScorer } from '../../../src/search/postings/term-scorer.ts';

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** The ranking set: text and title fields as PassageIndex has them, passage numbers as ids. */
const DOCUMENTS = [
  { id: 0, text: 'nato warned russia about nuclear threats', title: 'nato summit' },
  { id: 1, text: 'russia russia russia said the army was weak', title: 'nato summit' },
  { id: 2, text: 'the army retreated from the city', title: 'war report' },
  { id: 3, text: 'nothing here', title: 'war report' },
];

/** A small MiniSearch index shaped like PassageIndex's, its documents added in the order given. */
function buildIndex(documents: readonly (typeof DOCUMENTS)[number][] = DOCUMENTS): MiniSearch {
  const index = new MiniSearch({ fields: ['text', 'title'], searchOptions: { bm25: BM25, fields: ['text', 'title'], boost: { text: 1, title: 2 } } });
  index.addAll(documents);
  return index;
}

/** Passage → score for a term, as the scorer reports them. */
const scoresOf = (scorer: TermScorer, term: string, range?: readonly [number, number]) => {
  const found = new Map<number, number>();
  scorer.score(term, range, (id, score) => found.set(id, score));
  return found;
};

/** MiniSearch's own passage → score for a term: what stage 1 must reproduce exactly. */
const searchScores = (index: MiniSearch, term: string) => new Map(index.search(term).map((result) => [result.id as number, result.score]));

describe('TermScorer', () => {
  // The scorer reads the frozen postings only: the MiniSearch instance is used just for the expectations.
  const index = buildIndex();
  const scorer = new TermScorer(CompactPostings.fromMiniSearch(index), [{ name: 'text', boost: 1 }, { name: 'title', boost: 2 }], 'text', BM25);
  const scores = (term: string, range?: readonly [number, number]) => scoresOf(scorer, term, range);

  it.each(['nato', 'russia', 'army', 'war', 'nothing'])('GIVEN the term "%s" THEN gives exactly MiniSearch#search scores', (term) => {
    // Exact equality: stage 1 must rank as MiniSearch did, ties included.
    expect(scores(term)).toEqual(searchScores(index, term));
  });

  it('GIVEN a range THEN scores only the passages within it', () => {
    expect([...scores('russia', [1, 3]).keys()]).toEqual([1]);
    // The range starts past the term's first passage: found by binary search, scored as without a range.
    expect(scores('army', [2, 4])).toEqual(new Map([[2, searchScores(index, 'army').get(2)]]));
    expect(scores('nato', [4, 4]).size).toBe(0);
  });

  it('GIVEN a range as the statistics THEN scores as an index of those passages alone does', () => {
    // Passages 2 and 3 ("war report") alone: "army" is in one of two texts, not one of four.
    const alone = buildIndex(DOCUMENTS.slice(2).map((document) => ({ ...document, id: document.id - 2 })));
    for (const term of ['army', 'war', 'nothing']) {
      const within = new Map<number, number>();
      scorer.score(term, [2, 4], (id, score) => within.set(id - 2, score), [2, 4]);
      const expected = searchScores(alone, term);
      expect([...within.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [id, score] of expected) expect(within.get(id)).toBeCloseTo(score, 12);
    }
    expect(scorer.idf('army', [2, 4])).toBeCloseTo(Math.log(1 + (2 - 1 + 0.5) / 1.5), 12);
  });

  it('GIVEN a term no passage uses THEN calls nothing', () => {
    expect(scores('zebra').size).toBe(0);
  });

  it('GIVEN a term THEN its idf counts passages using it in the text field only', () => {
    // "nato" is in two titles but one text.
    expect(scorer.idf('nato')).toBeCloseTo(Math.log(1 + (4 - 1 + 0.5) / 1.5), 12);
    expect(scorer.idf('zebra')).toBeCloseTo(Math.log(1 + 4.5 / 0.5), 12);
  });

  it('GIVEN passages added out of id order THEN the postings still ascend and the scores are still exact', () => {
    const shuffled = buildIndex([DOCUMENTS[2], DOCUMENTS[0], DOCUMENTS[3], DOCUMENTS[1]].filter((document) => document !== undefined));
    const postings = CompactPostings.fromMiniSearch(shuffled);
    expect([...(postings.postings('army', 'text')?.ids ?? [])]).toEqual([1, 2]);
    const reordered = new TermScorer(postings, [{ name: 'text', boost: 1 }, { name: 'title', boost: 2 }], 'text', BM25);
    for (const term of ['nato', 'russia', 'army', 'war']) expect(scoresOf(reordered, term)).toEqual(searchScores(shuffled, term));
  });

  it('GIVEN a term more than 65,535 times in a passage THEN its frequency is kept whole', () => {
    const index = buildIndex([...DOCUMENTS, { id: 4, text: 'drum '.repeat(70_000), title: 'noise' }]);
    const postings = CompactPostings.fromMiniSearch(index);
    expect(postings.field('text')?.tfs).toBeInstanceOf(Uint32Array);
    expect(postings.postings('drum', 'text')?.tfs[0]).toBe(70_000);
    const wide = new TermScorer(postings, [{ name: 'text', boost: 1 }, { name: 'title', boost: 2 }], 'text', BM25);
    expect(scoresOf(wide, 'drum')).toEqual(searchScores(index, 'drum'));
  });
});

describe('CompactPostings', () => {
  const postings = CompactPostings.fromMiniSearch(buildIndex());

  it('GIVEN a built index THEN holds its terms sorted, each with an id', () => {
    expect(postings.terms).toEqual([...postings.terms].sort());
    expect(postings.terms).toContain('russia');
    expect(postings.terms[postings.termId('russia') ?? -1]).toBe('russia');
    expect(postings.has('summit')).toBe(true); // a title word is an index term too
    expect(postings.has('zebra')).toBe(false);
    expect([postings.passages, postings.documentCount, postings.fieldNames]).toEqual([4, 4, ['text', 'title']]);
  });

  it('GIVEN a term and a field THEN reads its passages ascending with their frequencies, and the lengths BM25 uses', () => {
    expect(postings.postings('russia', 'text')).toEqual({ ids: new Int32Array([0, 1]), tfs: new Uint16Array([1, 3]) });
    expect(postings.postings('nato', 'title')).toEqual({ ids: new Int32Array([0, 1]), tfs: new Uint16Array([1, 1]) });
    // No passage's title says "russia"; no field is called "body".
    expect(postings.postings('russia', 'title')).toBeUndefined();
    expect(postings.postings('russia', 'body')).toBeUndefined();
    // MiniSearch counts a field's distinct terms: "russia russia russia said the army was weak" has 6.
    expect([0, 1, 2, 3].map((id) => postings.fieldLength('text', id))).toEqual([6, 6, 5, 2]);
    expect(postings.field('text')?.averageLength).toBe((6 + 6 + 5 + 2) / 4);
  });

  it.each<[string, (fields: Map<string, FieldPostings>) => string[]]>([
    ['terms out of order', () => ['b', 'a']],
    ['offsets that do not cover the ids', (fields) => (fields.set('text', { ...(fields.get('text') as FieldPostings), offsets: new Uint32Array([0, 1, 1]) }), ['a', 'b'])],
    ['a passage id past the lengths', (fields) => (fields.set('text', { ...(fields.get('text') as FieldPostings), ids: new Int32Array([0, 7]) }), ['a', 'b'])],
    ['passage ids out of order', (fields) => (fields.set('text', { ...(fields.get('text') as FieldPostings), offsets: new Uint32Array([0, 2, 2]), ids: new Int32Array([1, 0]) }), ['a', 'b'])],
  ])('GIVEN columns with %s THEN refuses them', (_, damage) => {
    // Two terms over two passages: "a" in passage 0, "b" in passage 1.
    const column = (): FieldPostings => ({ offsets: new Uint32Array([0, 1, 2]), ids: new Int32Array([0, 1]), tfs: new Uint16Array([1, 1]), lengths: new Uint32Array([1, 1]), averageLength: 1 });
    const fields = new Map([['text', column()]]);
    expect(() => new CompactPostings(['a', 'b'], fields, 2)).not.toThrow();
    const terms = damage(fields);
    expect(() => new CompactPostings(terms, fields, 2)).toThrow(/CompactPostings/);
  });
});

describe('CandidateTally', () => {
  it('GIVEN forms of one word THEN the best form counts, and a multi-word term counts once', () => {
    const tally = new CandidateTally(3).start();
    tally.offer(0, 1);
    tally.offer(0, 3); // a better form of word 0
    tally.offer(1, 2);
    tally.endWord(0);
    tally.offer(0, 1); // word 1 belongs to word 0's multi-word term
    tally.endWord(0);
    tally.offer(1, 1);
    tally.endWord(2);
    const best = tally.best(5, 1);
    // Passage 0: 3 + 1 over one unit; passage 1: 2 + 1 over two units, × 2.
    expect(best).toEqual([
      { id: 1, score: 6, matched: 2 },
      { id: 0, score: 4, matched: 1 },
    ]);
  });

  it('GIVEN more passages than the depth THEN keeps the best, lower id first on ties, and start clears', () => {
    const tally = new CandidateTally(4).start();
    for (const [id, score] of [[3, 1], [2, 5], [1, 1], [0, 1]] as const) tally.offer(id, score);
    tally.endWord(0);
    expect(tally.best(2, 0.5).map((candidate) => candidate.id)).toEqual([2, 0]);
    tally.start();
    tally.offer(3, 1);
    tally.endWord(0);
    expect(tally.best(2, 0.5)).toEqual([{ id: 3, score: 1, matched: 1 }]);
  });
});

/**
 * Twelve passages of three articles (passages 0–4, 5–7 and 8–11), so parts of 3 passages end
 * inside articles. "nato" is in every part of 3; "quorum" only in passages 6 and 7, one part;
 * text lengths vary so that the running mean of lengths is not the plain mean.
 */
const CORPUS = [
  'nato leaders met in vilnius',
  'the summit opened with a speech',
  'russia russia warned nato',
  'ukraine asked for membership',
  'a timeline was not agreed',
  'nato ministers needed a quorum',
  'without a quorum the vote failed',
  'the army moved east',
  'nato planes flew over the baltic',
  'drills drills drills',
  'nato said nothing more',
  'the end',
].map((text, id) => ({ id, text, title: id < 5 ? 'vilnius summit' : id < 8 ? 'quorum vote' : 'baltic drills' }));

/** What one MiniSearch over the whole corpus, frozen, gives: what every chunked build must equal. */
const singleBuild = (documents = CORPUS) => CompactPostings.fromMiniSearch(buildIndex(documents));

/** Builds in parts as PassageIndex would, from documents without ids (the place is the passage number). */
const chunkedBuild = (chunkSize: number, documents = CORPUS, options: Options<PassageDocument> = { fields: ['text', 'title'] }) =>
  buildPostings(documents.map(({ text, title }) => ({ text, title })), options, chunkSize);

/** Every column of every field, and the counts: toStrictEqual then compares array types and averages exactly too. */
const columnsOf = (postings: CompactPostings) => ({
  terms: postings.terms,
  passages: postings.passages,
  documentCount: postings.documentCount,
  fields: postings.fieldNames.map((name) => [name, postings.field(name)]),
});

describe('buildPostings', () => {
  it.each([
    ['parts of 1', 1],
    ['parts of 3 ending inside articles', 3],
    ['parts of 4, dividing the corpus exactly', 4],
    ['one part of exactly the corpus', 12],
    ['a part size larger than the corpus', 100],
  ])('GIVEN %s THEN the postings equal one MiniSearch\'s, array for array', (_, chunkSize) => {
    expect(columnsOf(chunkedBuild(chunkSize))).toStrictEqual(columnsOf(singleBuild()));
  });

  it('GIVEN parts of 3 THEN a term in every part and a term in one part have their passages ascending, numbered across parts', () => {
    const postings = chunkedBuild(3);
    expect([...(postings.postings('nato', 'text')?.ids ?? [])]).toEqual([0, 2, 5, 8, 10]);
    expect([...(postings.postings('quorum', 'text')?.ids ?? [])]).toEqual([5, 6]);
    // "drills" three times in passage 9's text: the frequency stays with its passage.
    expect(postings.postings('drills', 'text')).toEqual({ ids: new Int32Array([9]), tfs: new Uint16Array([3]) });
  });

  it('GIVEN parts of 3 THEN the average length is MiniSearch\'s running mean to the last bit, not the plain mean', () => {
    const text = chunkedBuild(3).field('text');
    const lengths = [...(text?.lengths ?? [])];
    // Scores depend on the exact double: the plain mean differs from it in the last bits for this corpus.
    expect(text?.averageLength).not.toBe(lengths.reduce((sum, length) => sum + length, 0) / lengths.length);
    expect(text?.averageLength).toBe(singleBuild().field('text')?.averageLength);
  });

  it('GIVEN parts of 3 THEN every term scores exactly as MiniSearch#search over the whole corpus', () => {
    const fields = [{ name: 'text', boost: 1 }, { name: 'title', boost: 2 }];
    const scorer = new TermScorer(chunkedBuild(3), fields, 'text', BM25);
    const index = buildIndex(CORPUS);
    for (const term of singleBuild().terms) expect(scoresOf(scorer, term)).toEqual(searchScores(index, term));
  });

  it('GIVEN parts of 3 THEN the tokenizer sees every field of every passage once, in passage order', () => {
    const seen: string[] = [];
    const tokenize = (text: string, field?: string) => (seen.push(`${field}:${text}`), MiniSearch.getDefault('tokenize')(text, field) as string[]);
    chunkedBuild(3, CORPUS, { fields: ['text', 'title'], tokenize });
    expect(seen).toEqual(CORPUS.flatMap(({ text, title }) => [`text:${text}`, `title:${title}`]));
  });

  it('GIVEN no passages THEN gives the empty store one MiniSearch over none gives', () => {
    expect(columnsOf(chunkedBuild(3, []))).toStrictEqual(columnsOf(singleBuild([])));
  });

  it.each([0, -3, 2.5, Number.NaN])('GIVEN a chunk size of %s THEN refuses it, naming it', (chunkSize) => {
    expect(() => chunkedBuild(chunkSize)).toThrow(`buildPostings: chunk size ${chunkSize} is not a positive whole number`);
  });
});

describe('CompactPostings.merge', () => {
  it('GIVEN no parts THEN refuses to merge', () => {
    expect(() => CompactPostings.merge([])).toThrow(/no parts/);
  });

  it('GIVEN a part whose passage numbers have a gap THEN refuses it', () => {
    // Passage 1 is missing: the part covers 3 passages with 2 documents, so the next part's numbers would not follow on.
    const gapped = CompactPostings.fromMiniSearch(buildIndex([CORPUS[0], CORPUS[2]].filter((document) => document !== undefined)));
    expect(() => CompactPostings.merge([singleBuild(), gapped])).toThrow('CompactPostings.merge: part 1 has 2 documents for 3 passages');
  });

  it('GIVEN a part with a passage lacking a field THEN refuses it, as the running mean cannot be redone', () => {
    // MiniSearch leaves a missing title out of the title's mean (2, not (2 + 0) / 2), which the lengths cannot tell.
    const index = new MiniSearch({ fields: ['text', 'title'] });
    index.addAll([{ id: 0, text: 'nato', title: 'vilnius summit' }, { id: 1, text: 'russia' }]);
    expect(() => CompactPostings.merge([CompactPostings.fromMiniSearch(index)])).toThrow(/average length of "title", 2, is not the running mean/);
  });
});
