/**
 * Members' phrasing of questions about the seed article (`dev-casual.json`): answerable questions
 * judged by the paragraph the first quotes cite, off-topic questions, and dialogues turn by turn.
 */
import type { Answer, ConversationTurn, Story } from '../../../src/story.ts';
import { startConversation } from '../../storybot.ts';
import { scoreSides, type EvalContext, type JudgedQuestion } from '../context.ts';
import { readDevCasual, type DialogueTurn } from '../data.ts';
import { listed, sideDetails, sideFigures, sideRows, type QualitySet, type SetReport } from '../report.ts';
import { sameSpeaker } from '../score.ts';
import { latencyOf, measureLatency } from './dev.ts';
import type { DevCasualFile } from '../data.ts';

/**
 * Follow-up latency: every dialogue replayed `rounds` times after a warm-up, timing each turn after
 * the first as it is asked with the turns before it. Beside a question's own latency it shows
 * what reading a follow-up in the light of the conversation costs.
 */
export function measureFollowUps(story: Story, dialogues: DevCasualFile['dialogues'], rounds = 10): { p50: number; p99: number; samples: number } {
  const times: number[] = [];
  for (let round = 0; round <= rounds; round += 1) {
    for (const dialogue of dialogues) {
      const turns: ConversationTurn[] = [];
      dialogue.turns.forEach((turn, index) => {
        const started = performance.now();
        const answer = story.ask(turn.q, { conversation: turns });
        // Round 0 warms up; the first turn of a dialogue is a plain question.
        if (round > 0 && index > 0) times.push(performance.now() - started);
        turns.push({ understood: answer.understood, answer });
      });
    }
  }
  return latencyOf(times);
}

/** Whether a dialogue turn's answer is right: its gold paragraph or speaker first, nothing repeated. */
export function turnRight(turn: DialogueTurn, answer: Answer, seedId: string, shown: ReadonlySet<string>): boolean {
  const first = answer.quotes[0];
  if (!answer.answered || !first) return false;
  if (turn.paragraphs && !(first.article === seedId && turn.paragraphs.includes(first.paragraph))) return false;
  if (turn.speaker && !sameSpeaker(first.speaker, turn.speaker)) return false;
  if (turn.not_repeating && shown.has(first.text)) return false;
  return true;
}

export const casualSet: QualitySet = {
  name: 'casual',
  about: 'members\' phrasing about the seed article, off-topic questions and dialogues (dev-casual.json)',
  async run(context: EvalContext): Promise<SetReport> {
    const casual = readDevCasual(context.paths.devCasual);
    const seed = context.seed();
    const seedId = context.seedArticle().id;
    const questions: JudgedQuestion[] = casual.answerable.map(({ q, paragraphs }) => ({
      q, isGold: (hit) => hit.article === seedId && paragraphs.includes(hit.paragraph),
    }));
    const sides = await scoreSides(seed, questions, casual.abstain.map(({ q }) => q), ['bare', 'fuzzy']);

    let turns = 0;
    let turnsRight = 0;
    let dialoguesRight = 0;
    const wrongTurns: string[] = [];
    for (const dialogue of casual.dialogues) {
      const conversation = startConversation(seed.story);
      const shown = new Set<string>();
      let allRight = true;
      for (const turn of dialogue.turns) {
        const answer = conversation.ask(turn.q);
        turns += 1;
        if (turnRight(turn, answer, seedId, shown)) turnsRight += 1;
        else {
          allRight = false;
          wrongTurns.push(`${turn.q} → ${answer.quotes[0] ? `¶${answer.quotes[0].paragraph}${answer.quotes[0].speaker ? ` (${answer.quotes[0].speaker})` : ''}` : 'refused'}`);
        }
        for (const quote of answer.quotes) shown.add(quote.text);
      }
      if (allRight) dialoguesRight += 1;
    }
    const questionTime = measureLatency(seed.story, casual.answerable.map(({ q }) => q));
    const followUpTime = measureFollowUps(seed.story, casual.dialogues);
    const ms = (value: number) => value.toFixed(2);
    return {
      name: 'casual',
      title: `dev casual: ${questions.length} questions in members' words, ${casual.abstain.length} off-topic, ${casual.dialogues.length} dialogues`,
      summary: [
        ...sideRows('casual', sides),
        { label: 'dialogue turns right', storybot: `${turnsRight}/${turns} (${dialoguesRight}/${casual.dialogues.length} dialogues)` },
      ],
      details: [
        `answer p50 ${ms(questionTime.p50)} ms, p99 ${ms(questionTime.p99)} ms (${questionTime.samples} answers); a follow-up with its conversation p50 ${ms(followUpTime.p50)} ms, p99 ${ms(followUpTime.p99)} ms (${followUpTime.samples})`,
        ...sideDetails(casual.answerable, sides.storybot),
        ...listed('dialogue turns wrong:', wrongTurns),
      ],
      figures: { ...sideFigures(sides), dialogues: { turns, turnsRight, dialogues: casual.dialogues.length, dialoguesRight } },
    };
  },
};
