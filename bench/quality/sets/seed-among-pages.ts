/**
 * The seed's dev questions asked with the ten news pages beside it: more articles must neither
 * pull answers away from the seed nor make an off-topic question answerable.
 */
import { scoreOffTopic, scoreQuestions, storybot, type EvalContext } from '../context.ts';
import { readDevEval } from '../data.ts';
import { listed, share, type QualitySet, type SetReport } from '../report.ts';
import { goldPassages } from '../score.ts';

export const seedAmongPagesSet: QualitySet = {
  name: 'seed-among-pages',
  about: 'the seed\'s dev questions with the news pages beside it',
  async run(context: EvalContext): Promise<SetReport> {
    const dev = readDevEval(context.paths.devEval);
    // Only the seed's paragraphs are gold: a page that happens to share a phrase is still a miss.
    const questions = dev.answerable.map(({ q, gold }) => ({ q, isGold: goldPassages([context.seedArticle()], gold) }));
    const offTopicQuestions = dev.abstain.map(({ q }) => q);
    const among = await scoreQuestions(storybot(context.seedAndPages()), questions);
    const alone = await scoreQuestions(storybot(context.seed()), questions);
    const offTopic = await scoreOffTopic(storybot(context.seedAndPages()), offTopicQuestions);
    const aloneOffTopic = await scoreOffTopic(storybot(context.seed()), offTopicQuestions);
    const bare = await scoreQuestions(await context.seedAndPages().baseline('bare'), questions);
    const lost = questions.filter((_, index) => alone.ranks[index] === 1 && among.ranks[index] !== 1).map(({ q }) => q);
    return {
      name: 'seed-among-pages',
      title: 'the seed\'s dev questions among the news pages',
      summary: [
        { label: 'seed among pages hit@1', storybot: `${share(among.figures.hit1)} (alone ${share(alone.figures.hit1)})`, baselines: { bare: share(bare.figures.hit1) } },
        { label: 'seed among pages off-topic', storybot: `${offTopic.refused}/${offTopic.total} (alone ${aloneOffTopic.refused}/${aloneOffTopic.total})` },
      ],
      details: [...listed('right alone, missed among the pages:', lost), ...listed('off-topic but answered among the pages:', offTopic.answered)],
      figures: { among: among.figures, alone: alone.figures, offTopic, aloneOffTopic, baselines: { bare: bare.figures } },
    };
  },
};
