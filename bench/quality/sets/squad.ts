/**
 * SQuAD 2.0 dev, its articles in one index: retrieval judged by the gold paragraph whether or not
 * the engine abstains (refusals are counted apart), beside the MiniSearch baselines.
 */
import { storybotEngine } from '../../storybot.ts';
import { scoreOffTopic, scoreQuestions, type EvalContext } from '../context.ts';
import { readSquadQuestions } from '../data.ts';
import { hits, ms, share, type QualitySet, type SetReport } from '../report.ts';

/** Passages looked at per question: hit@3 is the deepest figure. */
const SQUAD_LIMIT = 3;

export const squadSet: QualitySet = {
  name: 'squad',
  about: 'SQuAD 2.0 dev, answerable questions, every article in one index (bench/squad2-dev)',
  async run(context: EvalContext): Promise<SetReport> {
    const corpus = context.squad();
    const questions = readSquadQuestions(context.paths.squadDir).map(({ q, article, paragraph }) => ({
      q, isGold: (hit: { article: string; paragraph: number }) => hit.article === article && hit.paragraph === paragraph,
    }));
    const scored = await scoreQuestions(storybotEngine(corpus.story, { retrieval: true }), questions, SQUAD_LIMIT);
    const bare = await scoreQuestions(await corpus.baseline('bare'), questions, SQUAD_LIMIT);
    const stemmed = await scoreQuestions(await corpus.baseline('stemmed'), questions, SQUAD_LIMIT);
    // SQuAD 2.0's unanswerable questions name the article's things and ask what it never says:
    // abstaining is judged on them beside the answerable questions it refuses.
    const unanswerable = await scoreOffTopic(storybotEngine(corpus.story), readSquadQuestions(context.paths.squadDir, true).map(({ q }) => q));
    const passages = corpus.articles.reduce((sum, article) => sum + article.passages.length, 0);
    return {
      name: 'squad',
      title: `SQuAD 2.0 dev: ${questions.length} answerable questions, ${corpus.articles.length} articles (${passages} passages) in one index`,
      summary: [
        { label: 'squad hit@1 / hit@3', storybot: hits(scored.figures), baselines: { bare: hits(bare.figures), stemmed: hits(stemmed.figures) } },
        { label: 'squad refused', storybot: `${scored.figures.refused}/${questions.length} answerable` },
        { label: 'squad unanswerable refused', storybot: `${unanswerable.refused}/${unanswerable.total}` },
      ],
      details: [`MRR@3 ${share(scored.figures.mrr)}; opened in ${ms(corpus.openMs)} ms (${corpus.fromSnapshot ? 'from snapshots' : 'built'})`],
      figures: { ...scored.figures, unanswerable: { refused: unanswerable.refused, total: unanswerable.total }, articles: corpus.articles.length, passages, openMs: corpus.openMs, baselines: { bare: bare.figures, stemmed: stemmed.figures } },
    };
  },
};
