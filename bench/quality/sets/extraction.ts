/**
 * Extraction of the ten real news pages (`bench/pages`): each page through Readability and its
 * browser-style paste through the boilerplate classifier, beside the two paste baselines (keep
 * every block; keep blocks of 12 words or more). The scoring is `bench/extraction.ts`'s, whose
 * `--cross-validate` prints the paste's leave-one-page-out figures.
 */
import { formatExtraction, readPages, runExtraction } from '../../extraction.ts';
import type { EvalContext } from '../context.ts';
import { share, type QualitySet, type SetReport } from '../report.ts';

export const extractionSet: QualitySet = {
  name: 'extraction',
  about: 'article text recovered from ten real pages and their pastes, beside keep-all and 12+ word baselines (bench/pages)',
  async run(context: EvalContext): Promise<SetReport> {
    const report = runExtraction(readPages(context.paths.pagesDir));
    const figure = (method: keyof typeof report.overall) => `${share(report.overall[method].recovered)} / ${share(report.overall[method].clean)}`;
    return {
      name: 'extraction',
      title: `extraction: ${report.pages.length} real pages, recovered / clean (targets: recovered ≥ 0.95; clean ≥ 0.95 page, ≥ 0.90 paste)`,
      summary: [
        { label: 'extraction page rec / clean', storybot: figure('page') },
        { label: 'extraction paste rec / clean', storybot: figure('paste') },
        { label: 'paste baseline: keep every block', storybot: figure('keep every block') },
        { label: 'paste baseline: keep 12+ words', storybot: figure('keep 12+ words') },
      ],
      details: formatExtraction(report).trimEnd().split('\n'),
      figures: report as unknown as Record<string, unknown>,
    };
  },
};
