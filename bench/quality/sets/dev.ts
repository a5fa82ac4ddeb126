/**
 * The seed article's dev questions (`dev-eval.json`): hit@1, hit@3 and MRR by the paragraph each
 * quote cites, off-topic questions refused, speakers attributed, and answer latency.
 */
import type { Story } from '../../../src/story.ts';
import { RESULT_LIMIT, scoreSides, type EvalContext } from '../context.ts';
import { readDevEval, type SpeakerCheck } from '../data.ts';
import { listed, ms, share, sideDetails, sideFigures, sideRows, type QualitySet, type SetReport } from '../report.ts';
import { foldForGold, goldPassages, sameSpeaker } from '../score.ts';

/** The speaker checks the story gets right: the phrase lies in a statement of the expected speaker. */
export function speakersRight(story: Story, checks: readonly SpeakerCheck[]): { right: number; wrong: string[] } {
  const statements = story.quotes().map((statement) => ({ text: foldForGold(statement.text), speaker: statement.speaker }));
  const wrong: string[] = [];
  for (const { phrase, speaker } of checks) {
    const folded = foldForGold(phrase);
    const said = statements.find((statement) => statement.text.includes(folded))?.speaker;
    if (!sameSpeaker(said, speaker)) wrong.push(`"${phrase}": ${speaker} expected, ${said ?? 'no statement'} found`);
  }
  return { right: checks.length - wrong.length, wrong };
}

/** Answer latency in process: a warm-up round, then every question `rounds` times. */
export function measureLatency(story: Story, questions: readonly string[], rounds = 10): { p50: number; p99: number; samples: number } {
  for (const question of questions) story.ask(question);
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const question of questions) {
      const started = performance.now();
      story.ask(question);
      times.push(performance.now() - started);
    }
  }
  return latencyOf(times);
}

/** p50 and p99 of answer times in milliseconds, and how many there were. */
export function latencyOf(times: number[]): { p50: number; p99: number; samples: number } {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), samples: times.length };
}

export const devSet: QualitySet = {
  name: 'dev',
  about: 'the seed article\'s dev questions (dev-eval.json)',
  async run(context: EvalContext): Promise<SetReport> {
    const dev = readDevEval(context.paths.devEval);
    const seed = context.seed();
    const questions = dev.answerable.map(({ q, gold }) => ({ q, isGold: goldPassages(seed.articles, gold) }));
    const sides = await scoreSides(seed, questions, dev.abstain.map(({ q }) => q), ['bare']);
    const { figures } = sides.storybot.scored;
    // Whether the first quote's own words (not only its paragraph) hold the gold phrase.
    let quoteHit1 = 0;
    for (const { q, gold } of dev.answerable) {
      const first = seed.story.ask(q, { limit: RESULT_LIMIT }).quotes[0];
      if (first && gold.some((phrase) => foldForGold(first.text).includes(foldForGold(phrase)))) quoteHit1 += 1;
    }
    const speakers = speakersRight(seed.story, dev.speakers);
    const latency = measureLatency(seed.story, [...dev.answerable, ...dev.abstain].map(({ q }) => q));
    const [hitRow, offTopicRow] = sideRows('dev', sides);
    return {
      name: 'dev',
      title: `dev eval: ${dev.answerable.length} questions about the seed article, ${dev.abstain.length} off-topic`,
      summary: [
        ...(hitRow ? [hitRow] : []),
        { label: 'dev MRR', storybot: share(figures.mrr), baselines: { bare: share(sides.baselines.bare?.scored.figures.mrr ?? Number.NaN) } },
        ...(offTopicRow ? [offTopicRow] : []),
        { label: 'dev speakers', storybot: `${speakers.right}/${dev.speakers.length}` },
      ],
      details: [
        `first quote's own text holds the gold: ${share(quoteHit1 / Math.max(1, dev.answerable.length))}`,
        `opened in ${ms(seed.openMs)} ms (${seed.fromSnapshot ? 'from snapshots' : 'built'}); answer p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms (${latency.samples} answers)`,
        ...sideDetails(dev.answerable, sides.storybot),
        ...listed('speakers wrong:', speakers.wrong),
      ],
      figures: { ...sideFigures(sides), quoteHit1: quoteHit1 / Math.max(1, dev.answerable.length), speakers, latency, openMs: seed.openMs },
    };
  },
};
