import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import {
  articleSeed, generateArticle, MAX_PARAGRAPHS, MIN_PARAGRAPHS, mulberry32, renderArticle, writeSyntheticCorpus,
} from '../../bench/synthetic.ts';
import { loadCorpus } from '../../src/corpus/load.ts';

const freshDir = () => tempDir('synthetic');

/** Every file of a folder with its text, by name. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe('mulberry32', () => {
  it('GIVEN the same seed THEN gives the same numbers, all in [0, 1)', () => {
    const [a, b] = [mulberry32(42), mulberry32(42)];
    const numbers = Array.from({ length: 1_000 }, () => a());
    expect(Array.from({ length: 1_000 }, () => b())).toEqual(numbers);
    for (const number of numbers) expect(number >= 0 && number < 1).toBe(true);
  });

  it('GIVEN different seeds THEN gives different numbers', () => {
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});

describe('writeSyntheticCorpus', () => {
  it('GIVEN the same seed twice THEN writes byte-identical files and the same questions', () => {
    const [first, second] = [freshDir(), freshDir()];
    const a = writeSyntheticCorpus({ articles: 20, seed: 7, out: first });
    const b = writeSyntheticCorpus({ articles: 20, seed: 7, out: second });
    expect(filesOf(second)).toEqual(filesOf(first));
    expect(b.questions).toEqual(a.questions);
  });

  it('GIVEN another seed THEN writes other articles', () => {
    expect(renderArticle(generateArticle(8, 0))).not.toBe(renderArticle(generateArticle(7, 0)));
  });

  it('GIVEN a larger N THEN its first articles are the smaller corpus (so questions stay comparable across N)', () => {
    const [small, large] = [freshDir(), freshDir()];
    writeSyntheticCorpus({ articles: 5, seed: 3, out: small });
    writeSyntheticCorpus({ articles: 12, seed: 3, out: large });
    const smallFiles = filesOf(small);
    const largeFiles = filesOf(large);
    for (const [name, text] of Object.entries(smallFiles)) expect(largeFiles[name]).toBe(text);
  });

  it('GIVEN the written corpus THEN loadCorpus reads every paragraph, numbered as generated', () => {
    // The gold of a generated question is a paragraph number: it is only right if the loader
    // keeps every generated paragraph (none taken for page furniture) in order.
    const dir = freshDir();
    const corpus = writeSyntheticCorpus({ articles: 30, seed: 1, out: dir });
    const articles = loadCorpus(dir);
    expect(articles).toHaveLength(30);
    articles.forEach((article, index) => {
      const generated = generateArticle(1, index);
      expect(article.id).toBe(generated.id);
      expect(article.title).toBe(generated.title);
      expect(article.published).toBe(generated.published);
      expect(article.passages.map((passage) => passage.text)).toEqual(generated.paragraphs);
      expect(article.passages.length).toBeGreaterThanOrEqual(MIN_PARAGRAPHS);
      expect(article.passages.length).toBeLessThanOrEqual(MAX_PARAGRAPHS);
    });
    expect(corpus.passages).toBe(articles.reduce((total, article) => total + article.passages.length, 0));
    for (const question of corpus.questions) {
      const article = articles.find((candidate) => candidate.id === question.article);
      expect(article?.passages[question.paragraph - 1]).toBeDefined();
    }
  });
});

describe('generateArticle', () => {
  it('GIVEN many articles THEN paragraph counts span 10 to 40 and average about 20', () => {
    const counts = Array.from({ length: 400 }, (_, index) => generateArticle(1, index).paragraphs.length);
    expect(Math.min(...counts)).toBe(MIN_PARAGRAPHS);
    expect(Math.max(...counts)).toBeGreaterThan(35);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(17);
    expect(mean).toBeLessThan(24);
  });

  it('GIVEN an article THEN it reads like news: attributed quotes, numbers and a dateline', () => {
    const text = Array.from({ length: 10 }, (_, index) => generateArticle(1, index).paragraphs.join('\n')).join('\n');
    expect(text).toMatch(/“[^”]+,” (?:said )?[A-Z][\w'-]+/);
    expect(text).toMatch(/\d{1,3}(?:,\d{3})+ /);
    expect(text).toMatch(/^[A-Z .'-]+ — The /m);
  });

  it('GIVEN a corpus seed THEN each article seed depends on the corpus seed and the article number', () => {
    expect(articleSeed(1, 0)).not.toBe(articleSeed(1, 1));
    expect(articleSeed(1, 0)).not.toBe(articleSeed(2, 0));
    expect(articleSeed(1, 12)).toBe(articleSeed(1, 12));
  });
});
