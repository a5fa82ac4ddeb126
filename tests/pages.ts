/**
 * A news page as a site would serve it (navigation, the article, a footer), for the tests that
 * add an article from a page: `npm run add`, /article and hot reload read the same bytes.
 */

/** The article's paragraphs, in order. */
export const BRIDGE_PARAGRAPHS: readonly string[] = [
  'The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in two of its main supports.',
  '“We are proud of the crews who worked through two winters,” said the mayor, Lena Ortiz, who was the first to drive across the bridge on Friday.',
  'The city council said the final cost was 84 million euros, about 12 million more than the budget set when the work began in 2022.',
];

/** The id `npm run add` gives the page: its title, as a file name. */
export const BRIDGE_ID = 'harbour-bridge-reopens-after-repairs';

/** The page around `paragraphs` (the bridge story's own by default). */
export function bridgePage(paragraphs: readonly string[] = BRIDGE_PARAGRAPHS): string {
  return `<!doctype html><html><head>
<meta property="og:title" content="Harbour bridge reopens after repairs"><meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2024-03-01T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour bridge reopens after repairs</h1>
${paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n')}
</article><footer>© 2024 The Example Gazette</footer></body></html>`;
}

/** The bridge page as served. */
export const BRIDGE_PAGE = bridgePage();
