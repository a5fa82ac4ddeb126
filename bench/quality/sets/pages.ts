/**
 * The ten news pages' clean paragraphs beside the seed (`bench/pages/questions.json`): members'
 * questions judged by the words of the first quotes, off-topic questions, and speaker checks.
 */
import { missesAt1, scoreOffTopic, scoreQuestions, storybot, type EvalContext, type JudgedQuestion } from '../context.ts';
import { readPagesQuestions } from '../data.ts';
import { hits, listed, share, type QualitySet, type SetReport } from '../report.ts';
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
    const scored = await scoreQuestions(storybot(corpus), questions);
    const offTopic = await scoreOffTopic(storybot(corpus), offTopicQuestions);
    const speakers = speakersRight(corpus.story, speakerChecks);
    const baselines = { bare: await corpus.baseline('bare'), fuzzy: await corpus.baseline('fuzzy') };
    const bare = await scoreQuestions(baselines.bare, questions);
    const fuzzy = await scoreQuestions(baselines.fuzzy, questions);
    const bareOffTopic = await scoreOffTopic(baselines.bare, offTopicQuestions);
    const fuzzyOffTopic = await scoreOffTopic(baselines.fuzzy, offTopicQuestions);
    const perPage = entries.map(([page]) => {
      const ranks = questions.flatMap((question, index) => (question.page === page ? [scored.ranks[index] ?? 0] : []));
      return `${page}: hit@1 ${ranks.filter((rank) => rank === 1).length}/${ranks.length}`;
    });
    return {
      name: 'pages',
      title: `news pages + seed: ${questions.length} questions about ${entries.length} pages, ${offTopicQuestions.length} off-topic, ${speakerChecks.length} speaker checks`,
      summary: [
        { label: 'pages hit@1 / hit@3', storybot: hits(scored.figures), baselines: { bare: hits(bare.figures), fuzzy: hits(fuzzy.figures) } },
        {
          label: 'pages off-topic refused',
          storybot: `${offTopic.refused}/${offTopic.total} (${scored.figures.refused} answerable refused)`,
          baselines: { bare: `${bareOffTopic.refused}/${bareOffTopic.total}`, fuzzy: `${fuzzyOffTopic.refused}/${fuzzyOffTopic.total}` },
        },
        { label: 'pages speakers', storybot: `${speakers.right}/${speakerChecks.length}` },
      ],
      details: [
        `per page: ${perPage.join(', ')}`,
        `MRR ${share(scored.figures.mrr)}; the baselines show whole paragraphs, storybot its quotes`,
        ...listed('misses at 1:', missesAt1(questions, scored.ranks)),
        ...listed('answerable but refused:', scored.refused),
        ...listed('off-topic but answered:', offTopic.answered),
        ...listed('speakers wrong:', speakers.wrong),
      ],
      figures: {
        ...scored.figures, offTopic, speakers,
        baselines: { bare: { ...bare.figures, offTopic: bareOffTopic.refused }, fuzzy: { ...fuzzy.figures, offTopic: fuzzyOffTopic.refused } },
      },
    };
  },
};
