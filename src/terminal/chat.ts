/**
 * `npm run chat`: the bot in a terminal, for anyone without a Discord app. Each line is a
 * question or one of the slash commands; the reply is the same view a Discord member sees.
 */
import type { FeedbackPort } from '../store/feedback-port.ts';
import { shownQuote, type Verdict, VOTE_REASONS } from '../store/records.ts';
import { createInterface } from 'node:readline';
import { ConversationMemory } from '../conversation-memory.ts';
import { askPage, quotesReply, quotesRequestFromText, sourcesReply, summaryReply, type ReplyContext } from '../replies.ts';
import { QuestionError, UnknownArticleError, type Story } from '../story.ts';
import { errorView, helpView, noticeView, type View } from '../views.ts';
import { viewToText } from './render.ts';

/** What a chat remembers between lines: the conversation, and the last answered question for `/more`. */
export interface ChatState {
  /** The last answered question (as understood) and the page shown, for `/more` (which asks it again, as Discord's button does). */
  last?: { question: string; page: number };
  /** The conversation so far, so a follow-up ("what else did he say?") is read in its light. */
  conversation?: ConversationMemory;
  /** Where refusals and `/up` `/down` votes go (`--record`); nothing is recorded without it. */
  feedback?: FeedbackPort;
  /** The answer on screen, for `/up` and `/down`: its question and the quote shown. */
  shown?: { id: string; question: string; article: string | null; paragraph: number | null };
}

/** The one conversation of a terminal chat. */
const CHAT_KEY = 'terminal';

/** Who votes in a terminal: one person; the store keeps only a keyed hash of it with the answer. */
const TERMINAL_MEMBER = 'terminal';

/** Said by `/more` when there is no further quote. */
export const NO_MORE_MESSAGE = 'No more quotes. Ask another question.';

/** Lines that end the chat. */
const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);

const CHAT_HELP: View = {
  ...helpView(),
  fields: [
    // Discord-only commands are left out; in a terminal an article is added with npm run add.
    ...helpView().fields.filter((field) => !field.name.startsWith('/pin-summary') && !field.name.startsWith('/article') && !field.name.startsWith('Check against')),
    { name: 'In this terminal', value: 'Type a question, or /ask, /quote, /summary, /source, /help as in Discord. /more shows the next quote; /up or /down [reason] votes on it (recorded with --record); /quit leaves.' },
  ],
};

/** Answers one chat line with the view a Discord member would see, or undefined for a blank line. */
export function replyToLine(story: Story, line: string, state: ChatState): View | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  const [head = '', ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  const context: ReplyContext = { story, sources: story.sources() };
  try {
    switch (head.startsWith('/') ? head.toLowerCase() : '') {
      case '':
        return ask(context, text, state);
      case '/ask':
        return ask(context, argument, state);
      case '/more': {
        const last = state.last;
        const next = last ? askPage(context, { question: last.question, page: last.page + 1 }) : undefined;
        if (!last || !next) return noticeView(NO_MORE_MESSAGE);
        last.page = next.page;
        state.shown = { id: `${state.shown?.id ?? 'chat'}+`, question: last.question, ...shownQuote(next.answer, next.page) };
        return next.view;
      }
      case '/up':
      case '/down':
        return vote(head.toLowerCase() === '/up' ? 'up' : 'down', argument, state);
      case '/quote':
        return quotesReply(context, quotesRequestFromText(argument, story.speakers())).view;
      case '/summary':
        // A terminal has no embed to fill: the summary may take the room it needs.
        return summaryReply(context, { article: argument === '' ? undefined : argument, budget: Infinity }).view;
      case '/source':
      case '/sources':
        return sourcesReply(context);
      case '/help':
        return CHAT_HELP;
      case '/pin-summary':
        return noticeView('Pinning is for moderators in a Discord server. Here, /summary shows the summary.');
      default:
        return errorView(`There is no ${head} command. Type /help to see what I can do.`);
    }
  } catch (error) {
    if (error instanceof QuestionError || error instanceof UnknownArticleError) return errorView(error.message);
    throw error;
  }
}

function ask(context: ReplyContext, question: string, state: ChatState): View {
  const memory = (state.conversation ??= new ConversationMemory());
  const reply = askPage(context, { question, conversation: memory.turns(CHAT_KEY) });
  if (reply) memory.remember(CHAT_KEY, { understood: reply.answer.understood, answer: { quotes: reply.answer.quotes } });
  state.last = reply?.hasNext ? { question: reply.answer.understood, page: 0 } : undefined;
  if (reply) {
    state.shown = { id: `chat-${Date.now()}`, question, ...shownQuote(reply.answer, reply.page) };
    if (!reply.answer.answered) state.feedback?.recordRefusal({ guildId: null, channelId: null, question, understood: reply.answer.understood });
  }
  return reply?.view ?? noticeView(NO_MORE_MESSAGE);
}

/** `/up` or `/down [reason]` on the answer on screen; recorded only with `--record`. */
function vote(verdict: Verdict, reasonText: string, state: ChatState): View {
  const shown = state.shown;
  if (!shown) return noticeView('Ask a question first, then /up or /down to say whether the answer helped.');
  if (!state.feedback?.enabled) return noticeView('Votes are not recorded in this chat (start it with --record to record them).');
  const answer = { messageId: shown.id, article: shown.article, paragraph: shown.paragraph };
  void state.feedback.recordVote({ guildId: null, channelId: null, memberId: TERMINAL_MEMBER, answer, question: shown.question, verdict });
  const reason = VOTE_REASONS.find((candidate) => candidate === reasonText.trim().toLowerCase());
  if (verdict === 'down' && reason) void state.feedback.recordReason({ memberId: TERMINAL_MEMBER, answer, reason });
  return noticeView(verdict === 'up' ? 'Thanks! Recorded 👍.' : `Thanks! Recorded 👎${reason ? ` (${reason})` : ''}. Reasons: ${VOTE_REASONS.join(', ')}.`);
}

/** Runs the chat until the input ends or the person types /quit. */
export async function runChat(story: Story, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, feedback?: FeedbackPort): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const reader = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const state: ChatState = feedback ? { feedback } : {};
  const write = (text: string) => output.write(`${text}\n`);
  if (interactive) {
    const titles = story.sources().map((source) => `“${source.title}”`).join(', ');
    write(`storybot: ask me about ${titles}. Type /help for commands, /quit to leave.\n`);
    reader.setPrompt('you> ');
    reader.prompt();
  }
  for await (const line of reader) {
    if (QUIT.has(line.trim().toLowerCase())) break;
    const view = replyToLine(story, line, state);
    if (view) write(`${viewToText(view)}\n`);
    if (interactive) reader.prompt();
  }
  reader.close();
}
