/**
 * `/article`'s wording: the replies to an addition, a removal and their Undo, and every refusal,
 * each saying what to do next. Text from a page or a file is escaped and its links defused, so an
 * article can neither format, ping nor put a link in the bot's mouth.
 */
import { basename } from 'node:path';
import { redactUrlCredentials } from '../../src/discord/logger.ts';
import type { CorpusFileError, FetchError, PreparedArticle } from '../../src/story.ts';
import { firstLine } from '../../src/story.ts';
import { defuseLinks, echo, escapeMarkdown, type View } from '../../src/views.ts';
import type { ArticleFile, LiveState, RemovedFile } from './actions.ts';

/** Paragraphs shown (their first line) in the reply to an addition. */
export const KEPT_SHOWN = 3;
/** Dropped blocks shown as examples. */
export const DROPPED_SHOWN = 5;

/** What a moderator is told when a fetch fails, by the kind of failure. */
const FETCH_HINTS: Record<FetchError['failure'], string> = {
  address: 'Give the article\'s full web address, starting with https://.',
  refused: 'I only fetch from public web addresses, never from local or private networks.',
  timeout: 'Try again later, or save the page and attach it as a file.',
  'too-big': 'Save the article\'s text in a .txt file and attach that.',
  type: 'Link the article\'s own page, or attach it as an .html, .txt or .md file.',
  status: 'Check the address, or save the page and attach it as a file.',
  redirects: 'Link the article\'s own page.',
  network: 'Check the address, or save the page and attach it as a file.',
};

/** What the folder could not do, in words, for a system error code. */
function folderProblem(code: string): string {
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'it does not exist';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'I am not allowed to write there';
  return `the system said ${code}`;
}

/** Plain words for a message that may hold an address someone typed. */
function plain(text: string): string {
  return defuseLinks(redactUrlCredentials(text));
}

/** Exact sentences of /article, named so tests and the command agree on them. */
export const ARTICLE_MESSAGES = {
  guildOnly: '/article works in a server where I am installed: it changes the articles I answer from.',
  permission: 'Only members who can Manage Server can add or remove articles.',
  noCorpus: 'I have no corpus folder to write to here, so articles cannot be added from Discord. Whoever runs me can add them with `npm run add`.',
  bothSources: 'Give the article\'s web address (url) or attach it (file), not both.',
  noSource: 'Give the article\'s web address (url), or attach its page or text (file: .html, .txt or .md).',
  lastArticle: 'That is the only article I answer from, so I kept it. Add another article first, then remove this one.',
  notYours: 'Only the moderator who made this change can undo it.',
  staleButton: 'That button is not one of mine, or no longer works. Use /article again.',
  restoreGone: 'I no longer have that article to put back: Undo keeps it for 15 minutes, and not across a restart of the bot. Add it again with /article add.',
  fetchFailed: (error: FetchError): string => `I could not fetch that: ${plain(error.message)}. ${FETCH_HINTS[error.failure]} Nothing was added.`,
  addFailed: (problem: string): string => {
    const hint = /^no article text/.test(problem) ? ' If the page needs a login or scripts to show the article, copy its text into a .txt file and attach that.' : '';
    return `I could not add that article: ${plain(problem)}.${hint} Nothing was added.`;
  },
  unwritable: (code: string): string =>
    `I cannot write to my corpus folder (${folderProblem(code)}), so nothing was added. Ask whoever runs me to check the folder (CORPUS_DIR) exists and that I may write to it.`,
  duplicateId: (id: string, title: string | undefined, free: string): string =>
    `There is already an article with the id "${id}"${title ? ` (“${title}”)` : ''}, so nothing was added. Add it again with id: ${free}, or first remove the old one with /article remove.`,
  cannotRemove: (id: string, error: CorpusFileError): string => {
    if (error.failure === 'missing') return `"${id}" is no longer in the corpus folder: it was removed already.`;
    if (error.failure === 'unwritable') return `I cannot change my corpus folder (${folderProblem(error.code ?? '')}), so "${id}" stays. Ask whoever runs me to let me write to it.`;
    return `I did not remove "${id}": ${plain(error.message)}. Whoever runs me can remove it from the corpus folder by hand.`;
  },
  staleUndo: (id: string, error: CorpusFileError): string => {
    if (error.failure === 'missing') return `"${id}" is no longer in the corpus, so there is nothing to undo.`;
    if (error.failure === 'changed') return `${id}.md has changed since it was added, so I left it as it is. Use /article remove to remove it.`;
    return ARTICLE_MESSAGES.cannotRemove(id, error);
  },
  cannotRestore: (name: string, error: CorpusFileError): string => {
    if (error.failure === 'exists') return `A file named ${name} is in the corpus folder again, so I left it as it is.`;
    return `I could not put ${name} back (${folderProblem(error.code ?? '')}). Ask whoever runs me to let me write to the corpus folder.`;
  },
} as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The reply to an addition: title, where it was saved, the paragraphs kept (their first lines) and what was dropped. */
export function addedView(article: PreparedArticle, state?: LiveState): View {
  const meta = [article.publisher, article.published, article.byline ? `by ${article.byline}` : undefined].filter(Boolean).map((part) => echo(String(part))).join(' · ');
  const kept = article.paragraphs.slice(0, KEPT_SHOWN).map((paragraph, index) => `${index + 1}. ${echo(firstLine(paragraph, 200))}`);
  if (article.paragraphs.length > KEPT_SHOWN) kept.push(`…and ${article.paragraphs.length - KEPT_SHOWN} more.`);
  const dropped = article.dropped.slice(0, DROPPED_SHOWN).map((block) => `• ${echo(firstLine(block.text, 80))} (${escapeMarkdown(block.reason)})`);
  if (article.dropped.length > DROPPED_SHOWN) dropped.push(`…and ${article.dropped.length - DROPPED_SHOWN} more.`);
  return {
    title: `Added “${echo(article.title)}”`,
    ...(article.url ? { url: article.url } : {}),
    description: [
      meta,
      `Saved as \`${article.id}.md\`. ${liveSentence(state)} **Undo** takes it out again.`,
    ].filter(Boolean).join('\n'),
    fields: [
      { name: `Kept ${plural(article.paragraphs.length, 'paragraph')}`, value: kept.join('\n') },
      { name: `Dropped ${plural(article.dropped.length, 'block')}`, value: dropped.length > 0 ? dropped.join('\n') : 'Nothing: every block read as article text.' },
    ],
    tone: 'notice',
  };
}

/** Whether members can ask about an added article yet. */
function liveSentence(state: LiveState | undefined): string {
  if (state === undefined) return 'Members can ask about it within a few seconds, once I have reloaded the articles.';
  if ('live' in state) return 'It is live: members can ask about it now.';
  return `But I could not load it, so members cannot ask about it: ${echo(state.problem)}.`;
}

/** The reply to a removal. */
export function removedView(found: ArticleFile): View {
  return {
    title: `Removed “${echo(found.title)}”`,
    description: `Took \`${escapeMarkdown(basename(found.file))}\` out of the corpus folder. Members can no longer ask about it once I have reloaded the articles, in a few seconds. **Undo** puts it back.`,
    fields: [],
    tone: 'notice',
  };
}

/** The addition's message once its Undo removed the file again. */
export function undoneView(id: string): View {
  return {
    title: 'Undone',
    description: `\`${id}.md\` is out of the corpus folder again. Members can no longer ask about it once I have reloaded the articles, in a few seconds.`,
    fields: [],
    tone: 'notice',
  };
}

/** The removal's message once its Undo put the file back. */
export function restoredView(file: RemovedFile): View {
  return {
    title: `Put back “${echo(file.title)}”`,
    description: `\`${escapeMarkdown(basename(file.file))}\` is back in the corpus folder. Members can ask about it again within a few seconds.`,
    fields: [],
    tone: 'notice',
  };
}
