import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { CorpusError, loadCorpus, loadCorpusReport, parseArticle } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';

const SEED_FILE = join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md');
const SEED_SOURCE = readFileSync(SEED_FILE, 'utf8');
const FURNITURE = new Set(['Connect with us', 'News', 'Published']);

/** Words of a text with their punctuation, so "loses no words" also means no punctuation lost. */
const wordsOf = (text: string) => text.split(/\s+/).filter((word) => word !== '');

function corpusOf(files: Record<string, string>): string {
  const dir = tempDir('corpus');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loading the seed article', () => {
  const [article] = loadCorpus(DEFAULT_CORPUS_DIR);

  it('GIVEN the scraped page THEN keeps the 15 story paragraphs and drops page furniture', () => {
    expect(article?.passages).toHaveLength(15);
    for (const passage of article?.passages ?? []) {
      expect(FURNITURE.has(passage.text)).toBe(false);
      expect(passage.text).not.toBe(article?.title);
    }
  });

  it('GIVEN the headline repeated in the body THEN it is the title, not paragraph 1', () => {
    expect(article?.title).toBe('Russia-Ukraine war: Putin won’t win in Ukraine – NATO');
    expect(article?.passages[0]?.text).toMatch(/^Russian President, Vladimir Putin will not win/);
  });

  it('GIVEN a line the scrape wrapped inside a paragraph THEN joins it with one space', () => {
    // "NATO’s secretary general,\nsaid the Russian leader’s threat" is one paragraph in the story.
    expect(article?.passages[4]?.text).toContain('NATO’s secretary general, said the Russian leader’s threat');
  });

  it('GIVEN curly quotes and dashes THEN keeps them exactly', () => {
    expect(article?.passages[2]?.text).toBe(
      '“If the territorial integrity of our country is threatened, we will use all available means to protect our people – this is not a bluff,” Putin said.',
    );
  });

  it('GIVEN the whole body THEN loses no word of the story', () => {
    const body = SEED_SOURCE.split(/^---$/m)[2] ?? '';
    const storyWords = body
      .split(/\n\s*\n/)
      .map((block) => block.trim().replace(/\s+/g, ' '))
      .filter((block) => block !== '' && !FURNITURE.has(block) && block !== article?.title)
      .flatMap(wordsOf);
    expect(wordsOf(article?.text ?? '')).toEqual(storyWords);
  });

  it('GIVEN each paragraph THEN its sentences are exact slices with offsets, covering the paragraph', () => {
    for (const passage of article?.passages ?? []) {
      for (const sentence of passage.sentences) expect(passage.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
      expect(passage.sentences.map((s) => s.text).join(' ')).toBe(passage.text);
    }
  });

  it('GIVEN "Feb. 24 invasion" THEN does not split the sentence at the abbreviation', () => {
    expect(article?.passages[6]?.sentences).toHaveLength(1);
  });

  it('GIVEN a two-sentence quotation THEN numbers its sentences separately', () => {
    expect(article?.passages[8]?.sentences.map((s) => s.text)).toEqual([
      '“The speech of President Putin demonstrates that the war is not going according to President Putin’s plans.',
      'He has made a big miscalculation,” Stoltenberg said.',
    ]);
  });
});

describe('bad corpus files', () => {
  const body = '\n\nA paragraph of the story.\n\nAnother paragraph.\n';
  it.each([
    ['no front matter', 'Just text.\n', /no front matter/],
    ['no title', '---\nid: a\n---' + body, /no title/],
    ['malformed front matter', '---\ntitle: [unclosed\n---' + body, /malformed front matter/],
    ['front matter that is a list', '---\n- a\n- b\n---' + body, /malformed front matter/],
    ['empty text', '---\ntitle: T\n---\n\n   \n', /empty text/],
    ['only furniture', '---\ntitle: T\n---\n\nConnect with us\n\nNews\n\nPublished\n', /empty text/],
    ['a bad id', '---\nid: Not An Id!\ntitle: T\n---' + body, /bad id/],
    ['a publisher that is a list', '---\ntitle: T\npublisher: [a, b]\n---' + body, /"publisher" must be text/],
  ])('GIVEN %s THEN fails naming the file and the problem', (_name, source, problem) => {
    expect(() => parseArticle('corpus/bad.md', source)).toThrow(CorpusError);
    expect(() => parseArticle('corpus/bad.md', source)).toThrow(problem);
    expect(() => parseArticle('corpus/bad.md', source)).toThrow(/^corpus\/bad\.md: /);
  });

  it('GIVEN a real paragraph that starts like a furniture label THEN it is kept', () => {
    const story = 'Read more than 300 pages of testimony, the committee said, before it voted on the report.';
    const article = parseArticle('corpus/x.md', `---\ntitle: T\n---\n\nRead more\n\n${story}\n\nSubscribe\n`);
    expect(article.passages.map((p) => p.text)).toEqual([story]);
  });

  it('GIVEN two files with one id THEN the first loads and the second is skipped, naming both', () => {
    const dir = corpusOf({ 'a.md': '---\nid: same\ntitle: A\n---' + body, 'b.md': '---\nid: same\ntitle: B\n---' + body });
    const { articles, skipped } = loadCorpusReport(dir);
    expect(articles.map((article) => article.title)).toEqual(['A']);
    expect(skipped.map((error) => error.message)).toEqual([expect.stringMatching(/b\.md: duplicate id "same" \(also in a\.md\)$/)]);
  });

  it('GIVEN only bad files THEN loading fails, naming the first', () => {
    expect(() => loadCorpus(corpusOf({ 'a.md': 'no front matter', 'b.md': 'none either' }))).toThrow(/a\.md: no front matter/);
  });

  it('GIVEN a missing folder THEN fails with a message naming it', () => {
    expect(() => loadCorpus('/nonexistent/storybot')).toThrow(/\/nonexistent\/storybot: cannot read the corpus folder/);
  });

  it('GIVEN a new article dropped in the folder THEN it is loaded with no code change, id from the file name', () => {
    const dir = corpusOf({ 'new-story.md': '---\ntitle: New story\npublished: 2024-01-02\n---' + body });
    const [article] = loadCorpus(dir);
    expect(article).toMatchObject({ id: 'new-story', title: 'New story', published: '2024-01-02' });
    expect(article?.passages.map((p) => p.text)).toEqual(['A paragraph of the story.', 'Another paragraph.']);
  });
});

describe('properties', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9’“”,.;:!?()'"–-]{1,12}$/);
  const line = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));
  const paragraph = fc.array(line, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n'));

  it('GIVEN any article body THEN loading loses no word and sentences are exact slices', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 8 }), (paragraphs) => {
        const source = `---\ntitle: "A generated story"\n---\n\n${paragraphs.join('\n\n')}\n`;
        let article;
        try {
          article = parseArticle('gen.md', source);
        } catch (error) {
          // Only a body made of nothing but furniture may fail, and then as "empty text".
          expect(String(error)).toMatch(/empty text/);
          return;
        }
        const kept = paragraphs.map((p) => p.split('\n').map((l) => l.trim()).join(' ')).filter((p) => article.passages.some((x) => x.text === p));
        expect(article.passages.map((p) => p.text)).toEqual(kept);
        for (const passage of article.passages) {
          expect(article.text).toContain(passage.text);
          for (const sentence of passage.sentences) expect(passage.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
          expect(wordsOf(passage.sentences.map((s) => s.text).join(' '))).toEqual(wordsOf(passage.text));
        }
      }),
      { numRuns: 300 },
    );
  });
});
