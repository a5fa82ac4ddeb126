/**
 * Extraction quality on real news pages (../shared/bench/pages): for each page, the page through
 * Readability and the browser-style paste through the boilerplate classifier, beside two
 * baselines for the paste (keep every block; keep blocks of 12 words or more).
 *
 * Recovered: share of the article's paragraphs whose text (case, spacing, curly quotes folded)
 * appears in what was kept. Clean: share of the kept words, in blocks of 4 words or more, that are
 * in blocks found in the article's text. Overall: recovered over all paragraphs pooled, clean as
 * the mean of the pages.
 *
 *   npx tsx bench/extraction.ts [--pages DIR] [--json] [--cross-validate]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { extractFromHtml } from '../src/corpus/html.ts';
import { DEFAULT_PASTE_TUNABLES, extractFromPaste, type PasteTunables } from '../src/corpus/paste.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { formatTable, type Cell } from './measure.ts';

/** The ten pages beside the repository. */
export const DEFAULT_PAGES_DIR = resolve(REPO_ROOT, '..', 'shared', 'bench', 'pages');

/** A page of the set: its name, the page, the paste and what the article holds. */
export interface BenchPage {
  name: string;
  html: string;
  paste: string;
  expected: { title: string; paragraphs: string[]; text: string };
}

/** What a method kept of one page. */
export interface ExtractionScore {
  paragraphs: number;
  recovered: number;
  keptWords: number;
  cleanWords: number;
}

/** Methods scored, in the order printed. */
export const METHODS = ['page', 'paste', 'paste, no blank lines', 'keep every block', 'keep 12+ words'] as const;
export type Method = (typeof METHODS)[number];

/** The figures of one run. */
export interface ExtractionReport {
  pages: { name: string; scores: Record<Method, ExtractionScore> }[];
  overall: Record<Method, { recovered: number; clean: number }>;
}

const fold = (text: string): string =>
  text.normalize('NFKC').replace(/[‘’‛′]/g, "'").replace(/[“”„″]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Reads every page folder (one holding source.html, paste.txt and expected.json); none when the folder is missing. */
export function readPages(dir: string = DEFAULT_PAGES_DIR): BenchPage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'expected.json')) && statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({
      name,
      html: readFileSync(join(dir, name, 'source.html'), 'utf8'),
      paste: readFileSync(join(dir, name, 'paste.txt'), 'utf8'),
      expected: JSON.parse(readFileSync(join(dir, name, 'expected.json'), 'utf8')) as BenchPage['expected'],
    }));
}

/** Scores the blocks a method kept against the article. */
export function scoreBlocks(kept: readonly string[], expected: BenchPage['expected']): ExtractionScore {
  const joined = fold(kept.join('\n'));
  const article = fold(expected.text);
  let keptWords = 0;
  let cleanWords = 0;
  for (const block of kept) {
    const words = wordCount(block);
    if (words < 4) continue;
    keptWords += words;
    if (article.includes(fold(block))) cleanWords += words;
  }
  return { paragraphs: expected.paragraphs.length, recovered: expected.paragraphs.filter((p) => joined.includes(fold(p))).length, keptWords, cleanWords };
}

const pasteLines = (paste: string): string[] => paste.split('\n').map((line) => line.trim()).filter(Boolean);

/** What each method keeps of a page. */
export function keptBy(method: Method, page: BenchPage): string[] {
  switch (method) {
    case 'page': return extractFromHtml(page.html).paragraphs;
    case 'paste': return extractFromPaste(page.paste).paragraphs;
    case 'paste, no blank lines': return extractFromPaste(pasteLines(page.paste).join('\n')).paragraphs;
    case 'keep every block': return pasteLines(page.paste);
    case 'keep 12+ words': return pasteLines(page.paste).filter((line) => wordCount(line) >= 12);
  }
}

/** Scores every method on every page. */
export function runExtraction(pages: readonly BenchPage[] = readPages()): ExtractionReport {
  const scored = pages.map((page) => ({
    name: page.name,
    scores: Object.fromEntries(METHODS.map((method) => [method, scoreBlocks(keptBy(method, page), page.expected)])) as Record<Method, ExtractionScore>,
  }));
  const overall = Object.fromEntries(
    METHODS.map((method) => {
      const scores = scored.map((page) => page.scores[method]);
      const recovered = scores.reduce((n, s) => n + s.recovered, 0) / Math.max(1, scores.reduce((n, s) => n + s.paragraphs, 0));
      const clean = scores.reduce((n, s) => n + (s.keptWords === 0 ? 0 : s.cleanWords / s.keptWords), 0) / Math.max(1, scores.length);
      return [method, { recovered, clean }];
    }),
  ) as ExtractionReport['overall'];
  return { pages: scored, overall };
}

const figure = (value: number): string => value.toFixed(2);

/** The report as a table: a row per page, recovered / clean for each method, the overall row last. */
export function formatExtraction(report: ExtractionReport): string {
  if (report.pages.length === 0) return `Extraction: no pages in ${DEFAULT_PAGES_DIR}\n`;
  const header = ['page', ...METHODS.map((method) => `${method} rec/clean`)];
  const rows: Cell[][] = report.pages.map((page) => [
    page.name,
    ...METHODS.map((method) => {
      const s = page.scores[method];
      return `${figure(s.recovered / Math.max(1, s.paragraphs))} / ${figure(s.keptWords === 0 ? 0 : s.cleanWords / s.keptWords)}`;
    }),
  ]);
  rows.push(['overall', ...METHODS.map((method) => `${figure(report.overall[method].recovered)} / ${figure(report.overall[method].clean)}`)]);
  return formatTable(`Extraction on ${report.pages.length} real pages: recovered / clean (targets: recovered ≥ 0.95; clean ≥ 0.95 page, ≥ 0.90 paste)`, header, rows);
}

/** The tunables chosen on the dev pages, and the values tried for each in cross-validation. */
export const CROSS_VALIDATION_GRID: Partial<Record<keyof PasteTunables, readonly number[]>> = {
  badBlockCost: [1, 3, 10],
  sentenceStopShare: [0.5, 0.75, 1],
  maxTitleCaseShare: [0.6, 0.7, 0.8, 1.01],
  repeatedMaxWords: [10, 20, 40],
};

/** Every combination of the grid's values over the defaults. */
function gridSettings(): PasteTunables[] {
  let settings: PasteTunables[] = [{ ...DEFAULT_PASTE_TUNABLES }];
  for (const [key, values] of Object.entries(CROSS_VALIDATION_GRID)) {
    settings = settings.flatMap((base) => (values ?? []).map((value) => ({ ...base, [key]: value })));
  }
  return settings;
}

/** Leave-one-page-out figures for the paste: the grid's best settings on nine pages, scored on the tenth. */
export interface CrossValidation {
  pages: { name: string; recovered: number; clean: number; chosen: Partial<PasteTunables> }[];
  overall: { recovered: number; clean: number };
}

/** Pools a set of page scores as the report's overall row does. */
function pooled(scores: readonly ExtractionScore[]): { recovered: number; clean: number } {
  return {
    recovered: scores.reduce((n, s) => n + s.recovered, 0) / Math.max(1, scores.reduce((n, s) => n + s.paragraphs, 0)),
    clean: scores.reduce((n, s) => n + (s.keptWords === 0 ? 0 : s.cleanWords / s.keptWords), 0) / Math.max(1, scores.length),
  };
}

/** For each page, picks the settings best on the other pages (mean of recovered and clean) and scores them on it. */
export function crossValidate(pages: readonly BenchPage[]): CrossValidation {
  const grid = gridSettings();
  const table = grid.map((settings) => pages.map((page) => scoreBlocks(extractFromPaste(page.paste, undefined, settings).paragraphs, page.expected)));
  const held = pages.map((page, heldOut) => {
    let best = 0;
    let bestValue = -1;
    for (const [index, scores] of table.entries()) {
      const { recovered, clean } = pooled(scores.filter((_, at) => at !== heldOut));
      if (recovered + clean > bestValue) {
        bestValue = recovered + clean;
        best = index;
      }
    }
    const score = table[best]?.[heldOut] ?? scoreBlocks([], page.expected);
    const chosen = Object.fromEntries(Object.keys(CROSS_VALIDATION_GRID).map((key) => [key, grid[best]?.[key as keyof PasteTunables]]));
    return { name: page.name, score, chosen };
  });
  return {
    pages: held.map(({ name, score, chosen }) => ({ name, ...pooled([score]), chosen })),
    overall: pooled(held.map(({ score }) => score)),
  };
}

/** The cross-validation as a table. */
export function formatCrossValidation(cv: CrossValidation): string {
  const keys = Object.keys(CROSS_VALIDATION_GRID) as (keyof PasteTunables)[];
  const rows: Cell[][] = cv.pages.map((page) => [page.name, `${figure(page.recovered)} / ${figure(page.clean)}`, keys.map((key) => page.chosen[key]).join(', ')]);
  rows.push(['overall', `${figure(cv.overall.recovered)} / ${figure(cv.overall.clean)}`, '']);
  return formatTable('Paste, leave one page out (settings chosen on the other nine)', ['held-out page', 'rec/clean', keys.join(', ')], rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { pages: { type: 'string' }, json: { type: 'boolean', default: false }, 'cross-validate': { type: 'boolean', default: false } } });
  const pages = readPages(values.pages ?? DEFAULT_PAGES_DIR);
  const report = runExtraction(pages);
  const cv = values['cross-validate'] ? crossValidate(pages) : undefined;
  if (values.json) process.stdout.write(`${JSON.stringify({ ...report, crossValidation: cv }, null, 2)}\n`);
  else process.stdout.write(`${formatExtraction(report)}\n${cv ? `${formatCrossValidation(cv)}\n` : ''}`);
}
