import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractParagraphs, isFurniture, joinWrappedLines } from '../../src/corpus/clean.ts';

/** The fold as first written: every run of white space replaced. Loading must decide exactly as it did. */
const foldAsBefore = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐-―−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** `joinWrappedLines` as first written, for one line as for many. */
const joinAsBefore = (block: string) =>
  block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');

/** Text rich in what folding touches: every kind of white space, curly quotes, dashes, compatibility forms. */
const foldable = fc
  .array(fc.constantFrom('a', 'B', 'war', ' ', '  ', '\t', '\n', '\r', '\u00A0', '\u2003', '\u3000', '\u200B', '’', '“', '”', '–', '—', 'ﬁ', 'Ａ', 'e\u0301', 'İ', 'Σ', '.'), { maxLength: 24 })
  .map((parts) => parts.join(''));

describe('folding a block to compare it with the title', () => {
  it('GIVEN any block and a title that folds alike or nearly THEN furniture is decided as before', () => {
    fc.assert(
      fc.property(foldable, foldable, fc.boolean(), (block, noise, sameTitle) => {
        // Half the titles are the block with other spacing, so that "the headline repeated" is often true.
        const title = sameTitle ? block.replace(/\s+/g, noise.includes(' ') ? '  ' : ' ') : noise;
        // The alphabet spells no furniture label ("News", "Share"…): only the title can make a block furniture.
        const text = block.trim();
        expect(isFurniture(block, title)).toBe(text === '' || foldAsBefore(text) === foldAsBefore(title));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    ['the headline with curly quotes and a dash', 'Putin won’t win in Ukraine – NATO', "Putin won't win in Ukraine - NATO", true],
    ['the headline with other spacing', 'Putin  won’t\u00A0win', 'putin won’t win', true],
    ['a paragraph that starts like the headline', 'Putin won’t win, NATO said on Tuesday.', 'Putin won’t win', false],
  ])('GIVEN %s THEN isFurniture is %s', (_, block, title, expected) => {
    expect(isFurniture(block, title)).toBe(expected);
  });
});

describe('furniture in a corpus file', () => {
  it('GIVEN an .md body with the labels a page or a paste drops THEN they are dropped here too, and the story kept', () => {
    // One list of furniture (furniture.json) serves .md files, pages and pastes alike.
    const body = ['Sponsored content', 'Putin ordered the call-up on Wednesday.', 'Share on WhatsApp', 'Sign up for our newsletter', 'NATO said it would not be drawn in.'].join('\n\n');
    expect(extractParagraphs(body, 'Putin orders call-up')).toEqual(['Putin ordered the call-up on Wednesday.', 'NATO said it would not be drawn in.']);
  });
});

describe('joining wrapped lines', () => {
  it('GIVEN any block, of one line or many THEN the lines are joined as before', () => {
    fc.assert(
      fc.property(foldable, (block) => {
        expect(joinWrappedLines(block)).toBe(joinAsBefore(block));
      }),
      { numRuns: 2_000 },
    );
  });
});
