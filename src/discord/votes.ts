/**
 * 👍 and 👎 under every answer, and the reason a 👎 may add. Not a command of its own: the ids
 * start with `ask:` so the router hands presses to /ask's module, which passes them here, and
 * any answer (/ask, its pages, DMs, "Check against the story") can carry them.
 *
 * Stateless like paging: a vote button's custom id carries the quote shown (paragraph and
 * article); the question is read back from the answer itself; the answer is the message. A 👎's
 * private reply carries the answer message's id in its menu's custom id. Nothing names the member
 * in the store: one vote per member and answer comes from a keyed hash (src/store/vote-key.ts).
 */
import { type ButtonInteraction, type Message, MessageFlags, type StringSelectMenuInteraction } from 'discord.js';
import type { CommandContext, CommandOutcome } from './command.ts';
import { UserFacingError } from './errors.ts';
import { MAX_CUSTOM_ID } from './limits.ts';
import { respond, type ReplyButton, type ReplySelect } from './respond.ts';
import { type Verdict, VOTE_REASONS, type VoteReason } from '../store/feedback-store.ts';
import { type Shown, shownQuote } from '../store/records.ts';
import type { AnswerRef } from '../store/vote-key.ts';
import { noticeView, parseAnswerFooter, unescapeMarkdown } from '../views.ts';

/** How long a vote's private reply waits for the vote to be written before it answers anyway. */
export const VOTE_WRITE_WAIT_MS = 2_000;

/** What a member reads for each reason, in menu order. */
export const REASON_LABELS: Readonly<Record<VoteReason, string>> = {
  'wrong-passage': 'Wrong passage',
  'not-what-i-asked': 'Not what I asked',
  'story-covers-it': 'The story does cover it',
  other: 'Other',
};

/** The private replies to votes. */
export const VOTE_MESSAGES = {
  up: 'Thanks! Glad that helped.',
  down: 'Thanks for telling me. What was wrong? (optional)',
  reason: (label: string) => `Thanks: noted as “${label}”. Moderators see this in /gaps.`,
  later: 'Thanks! Your vote is noted and will be saved shortly.',
  downLater: 'Thanks! Your vote is noted and will be saved shortly. What was wrong? (optional)',
  lost: 'Sorry, I could not save your vote just now. Please try again in a while.',
  off: 'Votes are not being recorded on this bot.',
  unreadable: 'I can no longer read that answer, so I cannot record a vote on it. Ask again for a fresh answer.',
} as const;

const VOTE_ID = /^ask:vote:(up|down):(\d{1,5})?:([a-z0-9-]*)$/;
const REASON_ID = /^ask:why:(\d{1,20}):(\d{1,5})?:([a-z0-9-]*)$/;

export { shownQuote };

/** `ask:vote:<up|down>:<paragraph>:<article>`; an article id too long to fit is left out. */
export function voteId(verdict: Verdict, shown: Shown): string {
  const id = `ask:vote:${verdict}:${shown.paragraph ?? ''}:${shown.article ?? ''}`;
  return id.length <= MAX_CUSTOM_ID ? id : `ask:vote:${verdict}:${shown.paragraph ?? ''}:`;
}

/** The 👍 and 👎 buttons for an answer showing `shown`. */
export function voteButtons(shown: Shown): ReplyButton[] {
  return [
    { customId: voteId('up', shown), label: '👍' },
    { customId: voteId('down', shown), label: '👎' },
  ];
}

/** True for a custom id this module handles. */
export function isVoteId(customId: string): boolean {
  return customId.startsWith('ask:vote:') || customId.startsWith('ask:why:');
}

function parseShown(paragraph: string | undefined, article: string | undefined): Shown {
  return { paragraph: paragraph ? Number(paragraph) : null, article: article ? article : null };
}

/** The question an answer message was for: its footer, else what its description echoes. */
export function questionOnAnswer(message: Pick<Message, 'embeds'>): string | undefined {
  const embed = message.embeds[0];
  const fromFooter = parseAnswerFooter(embed?.footer?.text)?.question;
  if (fromFooter) return fromFooter;
  const description = embed?.description ?? '';
  const echoed = /“([^\n]*)”\s*$/.exec(description)?.[1] ?? /^>?\s*(.+)$/m.exec(description)?.[1];
  return echoed ? unescapeMarkdown(echoed).trim() || undefined : undefined;
}

/** Where a vote was cast, as the store keeps it (no channel outside servers). */
function placeOf(interaction: ButtonInteraction | StringSelectMenuInteraction) {
  return { guildId: interaction.guildId ?? null, channelId: interaction.guildId ? interaction.channelId : null };
}

/** True once written; false if dropped; 'later' if the database did not answer in time. */
async function within(written: Promise<boolean>): Promise<boolean | 'later'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'later'>((resolve) => (timer = setTimeout(() => resolve('later'), VOTE_WRITE_WAIT_MS)));
  try {
    return await Promise.race([written, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reason menu a 👎's private reply carries. */
function reasonMenu(messageId: string, shown: Shown): ReplySelect {
  const base = `ask:why:${messageId}:${shown.paragraph ?? ''}:`;
  const customId = `${base}${shown.article ?? ''}`.length <= MAX_CUSTOM_ID ? `${base}${shown.article ?? ''}` : base;
  return { customId, placeholder: 'Why? (optional)', options: VOTE_REASONS.map((reason) => ({ label: REASON_LABELS[reason], value: reason })) };
}

/** A press of 👍 or 👎: acknowledged privately once the vote is kept. */
export async function handleVote(interaction: ButtonInteraction, context: CommandContext): Promise<CommandOutcome> {
  const match = VOTE_ID.exec(interaction.customId);
  if (!match) throw new UserFacingError(VOTE_MESSAGES.unreadable);
  const verdict = match[1] as Verdict;
  const shown = parseShown(match[2], match[3]);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!context.feedback.enabled) {
    await respond(interaction, noticeView(VOTE_MESSAGES.off));
    return 'voted';
  }
  const question = questionOnAnswer(interaction.message);
  if (!question) throw new UserFacingError(VOTE_MESSAGES.unreadable);
  const answer: AnswerRef = { messageId: interaction.message.id, ...shown };
  const kept = await within(context.feedback.recordVote({ ...placeOf(interaction), memberId: interaction.user.id, answer, question, verdict }));
  if (kept === false) await respond(interaction, noticeView(VOTE_MESSAGES.lost));
  else if (verdict === 'up') await respond(interaction, noticeView(kept === 'later' ? VOTE_MESSAGES.later : VOTE_MESSAGES.up));
  else await respond(interaction, noticeView(kept === 'later' ? VOTE_MESSAGES.downLater : VOTE_MESSAGES.down), { select: reasonMenu(interaction.message.id, shown) });
  return 'voted';
}

/** A reason picked under a 👎's private reply: the reply turns into a thank-you. */
export async function handleReason(interaction: StringSelectMenuInteraction, context: CommandContext): Promise<CommandOutcome> {
  const match = REASON_ID.exec(interaction.customId);
  const reason = interaction.values[0] as VoteReason | undefined;
  if (!match?.[1] || !reason || !VOTE_REASONS.includes(reason)) throw new UserFacingError(VOTE_MESSAGES.unreadable);
  await interaction.deferUpdate();
  const answer: AnswerRef = { messageId: match[1], ...parseShown(match[2], match[3]) };
  const kept = await within(context.feedback.recordReason({ memberId: interaction.user.id, answer, reason }));
  await respond(interaction, noticeView(kept === false ? VOTE_MESSAGES.lost : VOTE_MESSAGES.reason(REASON_LABELS[reason])), { update: true });
  return 'voted';
}
