import { describe, expect, it } from 'vitest';
import { classifyPaste, extractFromPaste, guessPasteTitle } from '../../src/corpus/paste.ts';

/**
 * A browser's select-all copy of a news page: menu items on their own lines with no blank line
 * between them, the headline, a byline and a date, the story's paragraphs set off by blank lines
 * (one of them a list), a related link and an advertisement inside the story, then teasers,
 * a comment section and a footer.
 */
const PASTE = `Home
News
World
Business
Sport
Sign in
Subscribe
Harbour bridge reopens after two years of repairs

By Ana Pérez
Published 1 March 2024

The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in two of its main supports.

“We are proud of the crews who worked through two winters to get this done,” said the mayor, Lena Ortiz, who was the first to drive across the bridge.

Related: Tunnel plan shelved as costs rise

Advertisement

The repairs cost more than planned. The council listed the main items as follows:
1. New supports
2. A new deck
3. A cycle lane

The city council said the final cost was 84 million euros, about 12 million more than the budget set when the work began in 2022.

Commuters who had spent an extra forty minutes a day on the ring road said they were relieved to have their old route back.

More From The Gazette
Ferry Fares To Rise Again In Spring…
Ten Things To Do In The Old Town This Weekend
Comments (12)
Anonymous
I think the council should have told us about the costs much earlier, as it is our money that they are spending on it.
reply
© 2024 The Example Gazette. All rights reserved.
Privacy Policy
Terms of Use`;

describe('cleaning a paste', () => {
  const article = extractFromPaste(PASTE);

  it('GIVEN a browser copy of a news page THEN the story’s paragraphs are kept, in order, the list inside it joined to its introduction', () => {
    expect(article.paragraphs).toEqual([
      'The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in two of its main supports.',
      '“We are proud of the crews who worked through two winters to get this done,” said the mayor, Lena Ortiz, who was the first to drive across the bridge.',
      // The list reads on from the line that introduces it, as one paragraph (as on the page).
      'The repairs cost more than planned. The council listed the main items as follows: 1. New supports 2. A new deck 3. A cycle lane',
      'The city council said the final cost was 84 million euros, about 12 million more than the budget set when the work began in 2022.',
      'Commuters who had spent an extra forty minutes a day on the ring road said they were relieved to have their old route back.',
    ]);
  });

  it('GIVEN the page’s headline above the story THEN it is the title, and not a paragraph', () => {
    expect(article.title).toBe('Harbour bridge reopens after two years of repairs');
  });

  it('GIVEN menus, a byline, a date, a related link, teasers, comments and a footer THEN each is dropped with a reason', () => {
    const reasons = new Map(article.dropped.map((block) => [block.text, block.reason]));
    expect(reasons.get('By Ana Pérez')).toBe('page furniture');
    expect(reasons.get('Published 1 March 2024')).toBe('page furniture');
    expect(reasons.get('Related: Tunnel plan shelved as costs rise')).toBe('page furniture');
    expect(reasons.get('Ten Things To Do In The Old Town This Weekend')).toBe('headline of a link');
    // The comment reads like prose; it is after the comments heading, so outside the article.
    expect(reasons.get('I think the council should have told us about the costs much earlier, as it is our money that they are spending on it.')).toBe('outside the article');
    expect(reasons.has('Privacy Policy')).toBe(true);
  });

  it('GIVEN the same paste without any blank line THEN the same paragraphs are kept', () => {
    const flat = PASTE.split('\n').filter((line) => line.trim() !== '').join('\n');
    expect(extractFromPaste(flat).paragraphs).toEqual(article.paragraphs);
  });

  it('GIVEN a title from elsewhere THEN the paste’s repeat of it is dropped as the headline', () => {
    const titled = extractFromPaste(PASTE, 'Harbour bridge reopens after two years of repairs');
    expect(titled.dropped).toContainEqual({ text: 'Harbour bridge reopens after two years of repairs', reason: 'repeats the headline' });
  });

  it('GIVEN a line of a paragraph broken mid-sentence THEN it is joined to the paragraph it continues', () => {
    const broken = extractFromPaste(`${'Menu\n'}The council met on Monday evening to discuss the plans for the new bridge, and the\nmayor said that she would support the proposal if the costs were kept under control this time.\n\nThe vote on the proposal is due next week, after a public consultation that runs until Friday.`);
    expect(broken.paragraphs[0]).toBe('The council met on Monday evening to discuss the plans for the new bridge, and the mayor said that she would support the proposal if the costs were kept under control this time.');
  });

  it.each([
    ['', []],
    ['Home\nNews\nSport', []],
    ['\uFFFC\n\n   \n', []],
  ])('GIVEN a paste with no story (%j) THEN no paragraph and no title', (paste, paragraphs) => {
    const result = extractFromPaste(paste);
    expect(result.paragraphs).toEqual(paragraphs);
    expect(result.title).toBeUndefined();
  });

  it('GIVEN a pull quote repeating a sentence of a paragraph THEN it is dropped as a repeat', () => {
    const blocks = classifyPaste(`${PASTE}\nthe final cost was 84 million euros`);
    expect(blocks.at(-1)?.reason).toBe('repeats a paragraph');
  });

  it('GIVEN no headline-like line before the story THEN no title is guessed', () => {
    expect(guessPasteTitle(classifyPaste('The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in its supports.'))).toBeUndefined();
  });
});
