import { describe, expect, it } from 'vitest';
import { extractFromHtml, looksLikeHtml } from '../../src/corpus/html.ts';
import { dayOf, readPageMeta } from '../../src/corpus/page-meta.ts';
import { parseHTML } from 'linkedom';

/** A small news page as served: navigation, share buttons, a figure, related links, a footer. */
const PAGE = `<!doctype html>
<html><head>
<title>Harbour bridge reopens after repairs | The Example Gazette</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="The Example Gazette">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Gazette"},
 {"@type":"NewsArticle","headline":"Harbour bridge reopens after two years of repairs","datePublished":"2024-03-01T23:30:00-05:00",
  "author":[{"@type":"Person","name":"Ana Pérez"},{"@type":"Person","name":"Tom Lee"}],"publisher":{"@type":"Organization","name":"The Example Gazette"},
  "url":"https://gazette.example.com/bridge"}]}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after two years of repairs</h1>
<div class="share"><button>Share</button><a href="#">Tweet</a></div>
<p>The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in two of its main supports.</p>
<figure><img src="bridge.jpg"><figcaption>The bridge at dawn on Friday. Photo: Gazette staff</figcaption></figure>
<p>“We are proud of the crews who worked through two winters to get this done,” said the mayor, Lena Ortiz, who was the first to drive across.<br><br>Commuters who had spent an extra forty minutes a day on the ring road said they were relieved to have their old route back.</p>
<h2>What changed</h2>
<p>The repairs replaced both supports and the whole road deck, and added a cycle lane on the north side of the bridge for the first time.</p>
<p>Advertisement</p>
<p>The city council said the final cost was 84 million euros, about 12 million more than the budget set when the work began in 2022.</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Tunnel plan shelved</a></li><li><a href="/b">Ferry fares rise</a></li></ul></aside>
<footer><p>© 2024 The Example Gazette. All rights reserved.</p></footer>
</body></html>`;

describe('extracting an article from a page', () => {
  const article = extractFromHtml(PAGE);

  it('GIVEN a news page THEN its paragraphs come out in order, split where the DOM splits them', () => {
    expect(article.paragraphs).toEqual([
      'The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in two of its main supports.',
      '“We are proud of the crews who worked through two winters to get this done,” said the mayor, Lena Ortiz, who was the first to drive across.',
      'Commuters who had spent an extra forty minutes a day on the ring road said they were relieved to have their old route back.',
      'The repairs replaced both supports and the whole road deck, and added a cycle lane on the north side of the bridge for the first time.',
      'The city council said the final cost was 84 million euros, about 12 million more than the budget set when the work began in 2022.',
    ]);
  });

  it('GIVEN navigation, a caption, a subheading and an advertisement label THEN none is a paragraph, and each dropped block says why', () => {
    const all = article.paragraphs.join('\n');
    for (const furniture of ['Home', 'Tunnel plan shelved', 'All rights reserved', 'Share']) expect(all).not.toContain(furniture);
    expect(article.dropped).toContainEqual({ text: 'The bridge at dawn on Friday. Photo: Gazette staff', reason: 'caption' });
    expect(article.dropped).toContainEqual({ text: 'What changed', reason: 'heading' });
    expect(article.dropped).toContainEqual({ text: 'Advertisement', reason: 'page furniture' });
  });

  it('GIVEN JSON-LD and OpenGraph THEN the metadata is the JSON-LD article’s, the day as the page wrote it', () => {
    expect(article).toMatchObject({
      title: 'Harbour bridge reopens after two years of repairs',
      publisher: 'The Example Gazette',
      byline: 'Ana Pérez, Tom Lee',
      published: '2024-03-01',
      url: 'https://gazette.example.com/bridge',
    });
  });

  it('GIVEN a page that states no metadata THEN nothing is invented: missing fields are absent', () => {
    const bare = extractFromHtml(`<html><body><article>${'<p>A paragraph long enough to be read as the story of this small page, with words in it.</p>'.repeat(4)}</article></body></html>`);
    expect(bare.paragraphs).toHaveLength(4);
    for (const key of ['publisher', 'byline', 'published', 'url']) expect(bare).not.toHaveProperty(key);
  });

  it('GIVEN the address the page came from and no canonical link THEN that address is its url', () => {
    expect(extractFromHtml('<html><body><p>Short.</p></body></html>', { url: 'https://news.example.org/x' }).url).toBe('https://news.example.org/x');
  });
});

describe('reading page metadata', () => {
  const meta = (head: string) => readPageMeta(parseHTML(`<html><head>${head}</head><body></body></html>`).document as never);

  it.each([
    ['OpenGraph only', '<meta property="og:title" content="A headline"><meta property="og:site_name" content="Site"><meta property="article:published_time" content="2016-12-22T10:43:37-08:00">', { title: 'A headline', publisher: 'Site', published: '2016-12-22' }],
    ['a meta author and a canonical link', '<meta name="author" content="By Jo Smith"><link rel="canonical" href="https://example.com/a">', { byline: 'Jo Smith', url: 'https://example.com/a' }],
    ['malformed JSON-LD and a profile link as author', '<script type="application/ld+json">{oops</script><meta name="author" content="https://facebook.com/someone">', {}],
    ['a date that is not one', '<meta property="article:published_time" content="sometime soon">', {}],
  ])('GIVEN %s THEN the stated fields, and only those', (_, head, expected) => {
    expect(meta(head)).toEqual(expected);
  });

  it.each([
    ['2024-03-01T23:30:00-05:00', '2024-03-01'],
    ['2024-02-30', undefined],
    ['not a date', undefined],
  ])('GIVEN the date %s THEN the day is %s', (value, day) => {
    expect(dayOf(value)).toBe(day);
  });
});

describe('telling a page from a paste', () => {
  it.each([
    ['<!DOCTYPE html><html><body></body></html>', true],
    ['<div class="x"><p>Text</p></div>', true],
    ['Plain text with a < sign and a > sign.', false],
  ])('GIVEN %j THEN html is %s', (text, html) => {
    expect(looksLikeHtml(text)).toBe(html);
  });
});
