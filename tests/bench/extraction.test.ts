import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPages, runExtraction, scoreBlocks } from '../../bench/extraction.ts';
import { tempDir } from '../temp.ts';

const P1 = 'The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it.';
const P2 = 'The city council said the final cost was 84 million euros, about 12 million more than planned.';
const EXPECTED = { title: 'Bridge reopens', paragraphs: [P1, P2], text: `Bridge reopens\n\n${P1}\n\n${P2}` };

describe('scoring extraction', () => {
  it.each([
    ['both paragraphs and nothing else', [P1, P2], { recovered: 2, keptWords: 32, cleanWords: 32 }],
    ['one paragraph and a menu line of four words', [P1, 'Home News Sport Weather'], { recovered: 1, keptWords: 19, cleanWords: 15 }],
    // Curly quotes and spacing are folded; blocks of fewer than four words are not counted.
    ['a paragraph split over two lines, and a three-word label', [P1.split(' ').slice(0, 7).join(' '), P1.split(' ').slice(7).join(' '), 'Share this article'], { recovered: 1, keptWords: 15, cleanWords: 15 }],
  ])('GIVEN %s THEN what is recovered and clean', (_, kept, expected) => {
    expect(scoreBlocks(kept, EXPECTED)).toMatchObject({ paragraphs: 2, ...expected });
  });

  it('GIVEN a page folder THEN the page, the paste and both baselines are scored, and a folder without pages gives none', () => {
    const dir = tempDir('pages');
    mkdirSync(join(dir, 'bridge'));
    writeFileSync(join(dir, 'bridge', 'source.html'), `<html><body><nav>Home</nav><article><h1>Bridge reopens</h1><p>${P1}</p><p>${P2}</p></article></body></html>`);
    writeFileSync(join(dir, 'bridge', 'paste.txt'), `Home\nNews\nSport Weather Travel Money\nBridge reopens\n\n${P1}\n\n${P2}\n\nPrivacy Policy Terms of Use\n`);
    writeFileSync(join(dir, 'bridge', 'expected.json'), JSON.stringify(EXPECTED));
    const report = runExtraction(readPages(dir));
    expect(report.overall.page).toEqual({ recovered: 1, clean: 1 });
    expect(report.overall.paste).toEqual({ recovered: 1, clean: 1 });
    expect(report.overall['keep every block'].recovered).toBe(1);
    expect(report.overall['keep every block'].clean).toBeLessThan(1);
    expect(readPages(join(dir, 'missing'))).toEqual([]);
  });
});
