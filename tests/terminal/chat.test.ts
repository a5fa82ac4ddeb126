import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';
import { replyToLine, runChat, type ChatState } from '../../src/terminal/chat.ts';
import { viewToText } from '../../src/terminal/render.ts';
import { MESSAGES } from '../../src/views.ts';

const story = Story.load(DEFAULT_CORPUS_DIR);

async function chat(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const done = runChat(story, input, output);
  input.end(lines.join('\n'));
  await done;
  return printed;
}

describe('npm run chat', () => {
  it('GIVEN a piped question THEN prints the same answer view a member sees, quote and attribution', async () => {
    const printed = await chat(['What did Putin tell the West?']);
    const expected = viewToText((replyToLine(story, 'What did Putin tell the West?', {}) ?? { description: '', fields: [], tone: 'error' }));
    expect(printed.trim()).toBe(expected.trim());
    expect(printed).toMatch(/paragraph \d+ · Russia-Ukraine war: Putin won’t win in Ukraine – NATO/);
  });

  it('GIVEN /quit THEN stops reading, and answers nothing after it', async () => {
    const printed = await chat(['/quit', 'What did Putin tell the West?']);
    expect(printed).toBe('');
  });

  it('GIVEN a question and then /more THEN shows the next quote of the same answer', () => {
    const state: ChatState = {};
    const first = viewToText(replyToLine(story, 'nuclear', state) ?? { description: '', fields: [], tone: 'error' });
    const second = viewToText(replyToLine(story, '/more', state) ?? { description: '', fields: [], tone: 'error' });
    expect(first).toMatch(/Quote 1 of \d+/);
    expect(second).toMatch(/Quote 2 of \d+/);
    expect(second).not.toBe(first);
  });

  it('GIVEN /more with nothing asked THEN says there is nothing more', () => {
    expect(replyToLine(story, '/more', {})?.description).toBe('No more quotes. Ask another question.');
  });

  it('GIVEN a question the story does not cover THEN says so and suggests what it does cover', () => {
    const view = replyToLine(story, 'Recommend a good pizza recipe', {});
    expect(view?.tone).toBe('abstain');
    expect(view?.description).toContain(MESSAGES.notCovered);
    expect(view?.fields[0]?.value).toMatch(/^• /);
  });

  it.each([
    ['/ask', /^Ask a question about the story/],
    ['/summary no-such-article', /^No article "no-such-article"/],
    ['/frobnicate', /^There is no /],
  ])('GIVEN %s THEN a clear error, not a crash', (line, message) => {
    const view = replyToLine(story, line, {});
    expect(view?.tone).toBe('error');
    expect(view?.description).toMatch(message);
  });

  it('GIVEN /source and /help THEN lists the article and the commands', () => {
    expect(viewToText(replyToLine(story, '/source', {}) ?? { description: '', fields: [], tone: 'error' })).toContain('15 passages');
    expect(viewToText(replyToLine(story, '/help', {}) ?? { description: '', fields: [], tone: 'error' })).toContain('/more');
  });

  it('GIVEN a blank line THEN no reply', () => {
    expect(replyToLine(story, '   ', {})).toBeUndefined();
  });
});

describe('terminal rendering', () => {
  it('GIVEN the help view THEN the bot’s own Markdown marks are not shown as asterisks or backticks', () => {
    const text = viewToText(replyToLine(story, '/help', {}) ?? { description: '', fields: [], tone: 'error' });
    expect(text).toContain('More quotes shows the next passage');
    // Discord's moderator commands are not offered where they cannot be used.
    expect(text).not.toContain('/article');
    expect(text).not.toMatch(/\*\*|`/);
  });

  it('GIVEN a question with Markdown THEN it is echoed exactly as typed', () => {
    const text = viewToText(replyToLine(story, 'Is the pizza **really** `hot`?', {}) ?? { description: '', fields: [], tone: 'error' });
    expect(text).toContain('“Is the pizza **really** `hot`?”');
  });
});
