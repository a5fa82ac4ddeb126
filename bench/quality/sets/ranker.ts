/**
 * The learned ranker, cross-validated by article: every set's questions with gold passages, each
 * article's questions ordered by a model trained on the other articles' questions only, beside the
 * engine's own order of the same candidates. Retrieval figures (the order of the passages, before
 * abstaining and before quoting), so they can differ a little from the sets' answer figures.
 */
import { readFileSync } from 'node:fs';
import { WEIGHTS_FILE } from '../../../src/search/ranker/weights.ts';
import { crossValidate } from '../../ranker-cv.ts';
import { gatherAll, TRAINING } from '../../train.ts';
import type { EvalContext } from '../context.ts';
import { hits, share, type QualitySet, type SetReport } from '../report.ts';

export const rankerSet: QualitySet = {
  name: 'ranker',
  about: 'the learned ranker (npm run train), cross-validated by article, beside the engine\'s order',
  async run(context: EvalContext): Promise<SetReport> {
    const started = performance.now();
    const queries = gatherAll(context, () => {});
    const validated = crossValidate(queries, TRAINING);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return {
      name: 'ranker',
      title: `learned ranker: ${queries.length} questions, ${validated.folds} folds (each article's questions scored by a model trained on the others'), ${seconds} s`,
      summary: validated.sets.map(({ set, engine, ranker }) => ({
        label: `ranker (cross-validated) ${set} hit@1 / hit@3`,
        storybot: `${hits(ranker)} (engine's order ${hits(engine)})`,
      })),
      details: validated.sets.map(({ set, engine, ranker }) => `${set}: ${engine.questions} questions; MRR ${share(ranker.mrr)} (engine's order ${share(engine.mrr)})`),
      figures: { folds: validated.folds, sets: validated.sets },
    };
  },
  // Gathering every set's candidates takes over a minute; `npm run train` records the same
  // cross-validation beside the weights, which every run can print.
  recorded(): SetReport {
    const file = JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')) as { crossValidated?: Record<string, { questions: number; engineHit1: number; rankerHit1: number }> };
    const sets = Object.entries(file.crossValidated ?? {});
    return {
      name: 'ranker',
      title: 'learned ranker: cross-validated figures recorded by npm run train (npm run eval -- --only ranker recomputes them)',
      summary: sets.map(([set, figures]) => ({
        label: `ranker (cross-validated, recorded) ${set} hit@1`,
        storybot: `${share(figures.rankerHit1)} (engine's order ${share(figures.engineHit1)})`,
      })),
      details: sets.map(([set, figures]) => `${set}: ${figures.questions} questions`),
      figures: { recorded: true, sets: file.crossValidated ?? {} },
    };
  },
};
