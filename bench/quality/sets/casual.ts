/**
 * Members' phrasing of questions about the seed article (`dev-casual.json`): answerable questions
 * judged by the paragraph the first quotes cite, off-topic questions, and dialogues turn by turn.
 */
import type { Answer } from '../../../src/story.ts';
import { startConversation } from '../../storybot.ts';
import { scoreSides, type EvalContext, type JudgedQuestion } from '../context.ts';
import { readDevCasual, type DialogueTurn } from '../data.ts';
import { listed, sideDetails, sideFigures, sideRows, type QualitySet, type SetReport } from '../report.ts';
import { sameSpeaker } from '../score.ts';

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
    return {
      name: 'casual',
      title: `dev casual: ${questions.length} questions in members' words, ${casual.abstain.length} off-topic, ${casual.dialogues.length} dialogues`,
      summary: [
        ...sideRows('casual', sides),
        { label: 'dialogue turns right', storybot: `${turnsRight}/${turns} (${dialoguesRight}/${casual.dialogues.length} dialogues)` },
      ],
      details: [
        ...sideDetails(casual.answerable, sides.storybot),
        ...listed('dialogue turns wrong:', wrongTurns),
      ],
      figures: { ...sideFigures(sides), dialogues: { turns, turnsRight, dialogues: casual.dialogues.length, dialoguesRight } },
    };
  },
};
