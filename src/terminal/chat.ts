/**
 * `npm run chat`: the bot in a terminal, for anyone without a Discord app. Each line is a
 * question or one of the slash commands; the reply is the same view a Discord member sees.
 */
import { createInterface } from 'node:readline';
import { QuestionError, UnknownArticleError, type Story } from '../story.ts';
import type { Answer } from '../types.ts';
import { answerView, errorView, helpView, noticeView, quotesView, sourcesView, summaryView, viewToText, type View } from '../views.ts';

/** What a chat remembers between lines: the last answer, so `/more` can page through it. */
export interface ChatState {
  /** The last answered question and the quote shown, for `/more`. */
  last?: { answer: Answer; page: number };
}

/** Lines that end the chat. */
const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);

const CHAT_HELP: View = {
  ...helpView(),
  fields: [
    ...helpView().fields.filter((field) => !field.name.startsWith('/pin-summary') && !field.name.startsWith('Check against')),
    { name: 'In this terminal', value: 'Type a question, or /ask, /quote, /summary, /source, /help as in Discord. /more shows the next quote; /quit leaves.' },
  ],
};

/** Splits "/quote Jens Stoltenberg nuclear weapons" into the speaker the story knows and a topic. */
export function splitSpeakerAndTopic(text: string, speakers: readonly string[]): { speaker?: string; topic?: string } {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  const known = speakers.map((name) => name.toLowerCase());
  for (let take = words.length; take > 0; take--) {
    const candidate = words.slice(0, take).join(' ');
    const lower = candidate.toLowerCase();
    if (known.some((name) => name === lower || name.endsWith(` ${lower}`) || lower.endsWith(` ${name}`))) {
      const topic = words.slice(take).join(' ');
      return { speaker: candidate, topic: topic === '' ? undefined : topic };
    }
  }
  // Not a speaker the story quotes: ask for the whole text as a name, so the reply says so.
  return { speaker: text.trim() };
}

/** Answers one chat line with the view a Discord member would see, or undefined for a blank line. */
export function replyToLine(story: Story, line: string, state: ChatState): View | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  const [head = '', ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  const context = { sources: story.sources() };
  try {
    switch (head.startsWith('/') ? head.toLowerCase() : '') {
      case '':
        return ask(story, text, state);
      case '/ask':
        return ask(story, argument, state);
      case '/more': {
        const last = state.last;
        if (!last || last.page + 1 >= last.answer.quotes.length) return noticeView('No more quotes. Ask another question.');
        last.page += 1;
        return answerView(last.answer, { ...context, page: last.page });
      }
      case '/quote': {
        const { speaker, topic } = splitSpeakerAndTopic(argument, story.speakers());
        return quotesView(story.quotes({ speaker, topic }), { ...context, speaker, topic, speakers: story.speakers() });
      }
      case '/summary':
        return summaryView(story.summary(argument === '' ? undefined : argument), context);
      case '/source':
      case '/sources':
        return sourcesView(story.sources());
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

function ask(story: Story, question: string, state: ChatState): View {
  const answer = story.ask(question);
  state.last = answer.answered ? { answer, page: 0 } : undefined;
  return answerView(answer, { sources: story.sources() });
}

/** Runs the chat until the input ends or the person types /quit. */
export async function runChat(story: Story, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const reader = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const state: ChatState = {};
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
