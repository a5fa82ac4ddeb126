/**
 * `npm run ask` as plain text: every quote of the answer at once, numbered (chat and Discord page
 * through them one at a time). The other terminal commands print the shared views (src/views.ts).
 */
import type { Answer } from '../types.ts';
import { MESSAGES } from '../views.ts';

const WIDTH = 88;

/** Wraps text to the terminal width with a prefix on every line. */
export function wrap(text: string, prefix = '', width = WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(prefix + line);
  return lines.join('\n');
}

/** Quotation marks around a quote, unless its own marks already open it. */
function quoted(text: string): string {
  return /^[“"‘']/.test(text) ? text : `“${text}”`;
}

/** An answer: each quote word for word, its speaker, and "paragraph N of <title>". */
export function renderAnswer(answer: Answer): string {
  if (!answer.answered) {
    const lines = [`${MESSAGES.notCovered} You asked: “${answer.question}”`];
    if (answer.suggestions.length > 0) lines.push('It does cover:', ...answer.suggestions.map((s) => `  • ${s}`));
    return lines.join('\n');
  }
  return answer.quotes
    .map((quote, index) => {
      const who = quote.speaker ? `${quote.speaker}, ` : '';
      return `${index + 1}. ${wrap(quoted(quote.text), '   ').trimStart()}\n   — ${who}paragraph ${quote.paragraph} of “${quote.title}”`;
    })
    .join('\n\n');
}
