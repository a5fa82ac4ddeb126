/**
 * The terminal's one renderer: a View as plain text. Every terminal reply (`npm run chat`, `ask`,
 * `quotes`, `summary`, `sources`) is a View from src/replies.ts or src/views.ts printed here, so
 * the terminal shows what a Discord member reads, without the embed chrome.
 */
import { unescapeMarkdown, type View } from '../views.ts';

/** Markdown as a terminal shows it: the views' own bold and code marks dropped, escapes undone. */
function markdownToPlain(text: string): string {
  return unescapeMarkdown(text.replace(/(?<!\\)(\*\*|`)/g, ''));
}

/** A view as plain text: Markdown escapes removed, fields as indented blocks, link and footer last. */
export function viewToText(view: View): string {
  const lines: string[] = [];
  if (view.title) lines.push(markdownToPlain(view.title), '');
  lines.push(markdownToPlain(view.description));
  for (const field of view.fields) {
    lines.push('', markdownToPlain(field.name), ...markdownToPlain(field.value).split('\n').map((line) => `  ${line}`));
  }
  if (view.url) lines.push('', view.url);
  if (view.footer) lines.push('', view.footer);
  return lines.join('\n');
}
