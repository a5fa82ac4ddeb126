/** Renders the core's data as plain text for a person at a terminal. */
import type { Answer, Source, Statement, Summary } from '../types.ts';
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

/** Attributed statements, one block each. */
export function renderStatements(statements: readonly Statement[], titles: { article(id: string): { title: string } }): string {
  if (statements.length === 0) return 'No attributed statements found.';
  return statements
    .map((s) => `${wrap(quoted(s.text), '  ').trimStart()}\n  — ${s.speaker} (${s.kind}), paragraph ${s.paragraph} of “${titles.article(s.article).title}”`)
    .join('\n\n');
}

/** A summary: the title, then its sentences with their paragraphs. */
export function renderSummary(summary: Summary): string {
  const lines = summary.quotes.length > 0
    ? summary.quotes.map((q) => `${wrap(q.text, '  ').trimStart()} (¶${q.paragraph})`)
    : [wrap(summary.text)];
  return [`Summary of “${summary.title}”`, '', ...lines].join('\n');
}

/** The articles with their metadata. */
export function renderSources(sources: readonly Source[]): string {
  return sources
    .map((s) => [`${s.title} [${s.id}]`, s.publisher, s.published, s.url, `${s.passages} passages`].filter(Boolean).join('\n  '))
    .join('\n\n');
}
