/**
 * The ten news pages' clean paragraphs beside the seed (`bench/pages/questions.json`): members'
 * questions judged by the words of the first quotes, off-topic questions, and speaker checks.
 */
import { scoreSides, type EvalContext, type JudgedQuestion } from '../context.ts';
import { readPagesQuestions } from '../data.ts';
import { listed, share, sideDetails, sideFigures, sideRows, type QualitySet, type SetReport } from '../report.ts';
import { showsGold } from '../score.ts';
import { speakersRight } from './dev.ts';

export const pagesSet: QualitySet = {
  name: 'pages',
  about: 'questions about ten real news pages, their clean paragraphs beside the seed (bench/pages)',
  async run(context: EvalContext): Promise<SetReport> {
    const { pages } = readPagesQuestions(context.paths.pagesDir);
    const corpus = context.seedAndPages();
    const entries = Object.entries(pages);
    // Right when the quote shown holds a gold phrase, or shares a run of six words with one.
    const questions: (JudgedQuestion & { page: string })[] = entries.flatMap(([page, { questions: asked }]) =>
      asked.map(({ q, gold }) => ({ q, page, isGold: (hit) => showsGold(hit.text, gold) })));
    const offTopicQuestions = entries.flatMap(([, page]) => page.off_topic);
    const speakerChecks = entries.flatMap(([, page]) => page.speakers);
    const sides = await scoreSides(corpus, questions, offTopicQuestions, ['bare', 'fuzzy']);
    const { scored } = sides.storybot;
    const speakers = speakersRight(corpus.story, speakerChecks);
    const perPage = entries.map(([page]) => {
      const ranks = questions.flatMap((question, index) => (question.page === page ? [scored.ranks[index] ?? 0] : []));
      return `${page}: hit@1 ${ranks.filter((rank) => rank === 1).length}/${ranks.length}`;
    });
    return {
      name: 'pages',
      title: `news pages + seed: ${questions.length} questions about ${entries.length} pages, ${offTopicQuestions.length} off-topic, ${speakerChecks.length} speaker checks`,
      summary: [...sideRows('pages', sides), { label: 'pages speakers', storybot: `${speakers.right}/${speakerChecks.length}` }],
      details: [
        `per page: ${perPage.join(', ')}`,
        `MRR ${share(scored.figures.mrr)}; the baselines show whole paragraphs, storybot its quotes`,
        ...sideDetails(questions, sides.storybot),
        ...listed('speakers wrong:', speakers.wrong),
      ],
      figures: { ...sideFigures(sides), speakers },
    };
  },
};
