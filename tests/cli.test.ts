import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR, REPO_ROOT } from '../src/paths.ts';
import { MAX_QUESTION_LENGTH, Story } from '../src/story.ts';
import { replyToLine } from '../src/terminal/chat.ts';
import type { Answer } from '../src/types.ts';
import { viewToText } from '../src/terminal/render.ts';
import { unescapeMarkdown } from '../src/views.ts';
import { createHarness, embedOf, slash } from './discord/harness.ts';

const SEED_TEXT = loadCorpus(DEFAULT_CORPUS_DIR)[0]?.text ?? '';
const SEED_TITLE = 'Russia-Ukraine war: Putin won’t win in Ukraine – NATO';
/** The same story the CLI loads, in this process: what its --json must print, value for value. */
const story = Story.load(DEFAULT_CORPUS_DIR);

/** What `npm run chat` prints for one line (the shared view as terminal text). */
function chatReply(line: string): string {
  const view = replyToLine(story, line, {});
  if (!view) throw new Error(`no chat reply to "${line}"`);
  return `${viewToText(view)}\n`;
}

/** The embed a member sees for a slash command, through real discord.js objects. */
async function discordEmbed(command: string) {
  const h = createHarness();
  await h.interact(slash(command));
  const edit = h.rest.find('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/).at(-1);
  return embedOf(edit?.body as Record<string, unknown>);
}

/**
 * A test that starts the terminal front door waits for a whole process (tsx, then the story from
 * its snapshots): a second when the machine is quiet, many when it is busy.
 */
const PROCESS_MS = 60_000;

/** Runs the terminal front door as `npm run <command>` would, in a clean environment. */
function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), ...args], {
    cwd: REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(result: ReturnType<typeof run>, message: RegExp) {
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('npm run ask', { timeout: PROCESS_MS }, () => {
  it('GIVEN a question and --json THEN prints one Answer whose quotes are exact words of the article', () => {
    const result = run(['ask', 'What did Putin tell the West?', '--json']);
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout) as Answer;
    expect(Object.keys(answer).sort()).toEqual(['answered', 'question', 'quotes', 'suggestions', 'understood']);
    expect(answer.question).toBe('What did Putin tell the West?');
    expect(answer.answered).toBe(true);
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes.length).toBeLessThanOrEqual(5);
    for (const quote of answer.quotes) {
      expect(Object.keys(quote).sort()).toEqual(['article', 'paragraph', 'score', 'speaker', 'text', 'title']);
      expect(SEED_TEXT).toContain(quote.text);
      expect(quote.article).toBe('putin-wont-win-in-ukraine-nato');
    }
  });

  it('GIVEN --limit 1 THEN prints at most one quote', () => {
    const answer = JSON.parse(run(['ask', 'nuclear', '--json', '--limit', '1']).stdout) as Answer;
    expect(answer.quotes).toHaveLength(1);
  });

  it('GIVEN a question for a person THEN prints the quote, its place and the title', () => {
    const result = run(['ask', 'Who is the editor in chief of Reuters?']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/paragraph \d+ · Russia-Ukraine war: Putin won’t win in Ukraine – NATO/);
    expect(result.stdout).toContain('Alessandra Galloni');
  });

  it('GIVEN questions on standard input THEN answers each, one JSON object per line, in order', () => {
    const questions = ['When did the invasion start?', '', 'reservists', 'Recommend a good pizza recipe'];
    const result = run(['ask', '--json'], { input: questions.join('\n') });
    expect(result.status).toBe(0);
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers.map((a) => a.question)).toEqual(['When did the invasion start?', 'reservists', 'Recommend a good pizza recipe']);
  });

  it.each([
    ['an empty question', ['ask', '   '], /^storybot: Ask a question about the story/],
    ['a question over the limit', ['ask', 'why '.repeat(MAX_QUESTION_LENGTH)], new RegExp(`keep it under ${MAX_QUESTION_LENGTH}`)],
    ['an unknown article', ['ask', 'nuclear', '--article', 'no-such-article'], /No article "no-such-article"\. Known articles: putin-wont-win-in-ukraine-nato\./],
    ['an unreadable corpus', ['ask', 'nuclear', '--corpus', '/nonexistent/corpus'], /\/nonexistent\/corpus: cannot read the corpus folder/],
    ['a bad --limit', ['ask', 'nuclear', '--limit', 'lots'], /--limit must be a whole number/],
    ['an unknown flag', ['ask', 'nuclear', '--colour'], /Unknown option '--colour'/],
  ])('GIVEN %s THEN one clear line on stderr and exit 1', (_name, args, message) => {
    expectOneLineError(run(args), message);
  });

  it('GIVEN CORPUS_DIR THEN the same code answers from that folder', () => {
    const dir = tempDir('other');
    writeFileSync(join(dir, 'bees.md'), '---\ntitle: Bees in the city\n---\n\nUrban beekeepers counted 40 hives on rooftops this spring.\n\nThe mayor said honey sales doubled.\n');
    const answer = JSON.parse(run(['ask', 'How many hives are on rooftops?', '--json'], { env: { CORPUS_DIR: dir } }).stdout) as Answer;
    expect(answer.quotes[0]).toMatchObject({ article: 'bees', title: 'Bees in the city', paragraph: 1 });
  });
});

describe('npm run quotes, summary, sources', { timeout: PROCESS_MS }, () => {
  it('GIVEN quotes --json THEN prints an array of attributed statements, each exact words of the article', () => {
    const result = run(['quotes', '--json']);
    expect(result.status).toBe(0);
    const statements = JSON.parse(result.stdout) as { text: string; speaker: string; kind: string; article: string; paragraph: number }[];
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(Object.keys(statement).sort()).toEqual(['article', 'kind', 'paragraph', 'speaker', 'text']);
      expect(['direct', 'reported']).toContain(statement.kind);
      expect(SEED_TEXT).toContain(statement.text);
    }
  });

  it('GIVEN quotes --speaker THEN prints only that speaker\'s statements', () => {
    const statements = JSON.parse(run(['quotes', '--speaker', 'putin', '--json']).stdout) as { speaker: string }[];
    expect(statements.length).toBeGreaterThan(0);
    expect(new Set(statements.map((s) => s.speaker))).toEqual(new Set(['Putin']));
  });

  it('GIVEN summary --json THEN prints the summary of the article within one embed', () => {
    const summary = JSON.parse(run(['summary', '--json']).stdout) as { article: string; title: string; text: string; quotes: unknown[] };
    expect(summary.article).toBe('putin-wont-win-in-ukraine-nato');
    expect(summary.text.length).toBeGreaterThan(0);
    expect(summary.text.length).toBeLessThanOrEqual(4_096);
  });

  it('GIVEN summary of an unknown article THEN one clear line and exit 1', () => {
    expectOneLineError(run(['summary', '--article', 'nope']), /No article "nope"/);
  });

  it('GIVEN sources --json THEN lists the article with its passage count', () => {
    expect(JSON.parse(run(['sources', '--json']).stdout)).toEqual([
      expect.objectContaining({ id: 'putin-wont-win-in-ukraine-nato', passages: 15 }),
    ]);
  });
});

describe('npm run quotes, summary, sources as text: the wording a member sees in chat and on Discord', { timeout: PROCESS_MS }, () => {
  it('GIVEN summary THEN prints what /summary shows in its Discord embed: title, the summary, who is quoted, the footer', async () => {
    const result = run(['summary']);
    expect(result.status).toBe(0);
    const embed = await discordEmbed('summary');
    const field = embed.fields?.[0];
    expect(embed.fields).toHaveLength(1);
    expect(result.stdout).toBe(
      [
        unescapeMarkdown(embed.title ?? ''),
        '',
        unescapeMarkdown(embed.description ?? ''),
        '',
        unescapeMarkdown(field?.name ?? ''),
        `  ${unescapeMarkdown(field?.value ?? '')}`,
        '',
        embed.footer?.text ?? '',
      ].join('\n') + '\n',
    );
    expect(result.stdout.startsWith(`${SEED_TITLE}\n`)).toBe(true);
    expect(result.stdout).toContain('Quoted in this summary\n  NATO, Putin, Stoltenberg');
  });

  it('GIVEN summary THEN prints the same as /summary in npm run chat', () => {
    expect(run(['summary']).stdout).toBe(chatReply('/summary'));
  });

  it('GIVEN quotes --speaker Putin THEN prints what /quote Putin shows in chat: each statement word for word, its speaker and its paragraph', () => {
    const result = run(['quotes', '--speaker', 'Putin']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(chatReply('/quote Putin'));
    const blocks = result.stdout.split('\n\n').slice(2);
    const statements = story.quotes({ speaker: 'Putin' });
    expect(blocks).toHaveLength(statements.length);
    for (const [index, statement] of statements.entries()) {
      // What a member reads: "— Putin" (marked when reported), "> the words", "paragraph N · title".
      expect(blocks[index]?.trimEnd()).toBe(
        [
          `— Putin${statement.kind === 'reported' ? ' (reported)' : ''}`,
          `  > ${statement.text}`,
          `  paragraph ${statement.paragraph} · ${SEED_TITLE}`,
        ].join('\n'),
      );
      expect(SEED_TEXT).toContain(statement.text);
    }
  });

  it('GIVEN quotes with no filter THEN every attributed statement is listed, none held back as on Discord', () => {
    const result = run(['quotes']);
    const all = story.quotes();
    expect(all.length).toBeGreaterThan(10);
    expect(result.stdout.startsWith(`Quotes\n\n${all.length} statements in the story.\n`)).toBe(true);
    expect(result.stdout.match(/^ {2}paragraph \d+ · /gm)).toHaveLength(all.length);
    expect(result.stdout).not.toMatch(/more; add a topic/);
  });

  it('GIVEN quotes for someone the story does not quote THEN says so and names who it does quote', () => {
    const result = run(['quotes', '--speaker', 'The Pope']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('The story quotes no one called “The Pope”.');
    expect(result.stdout).toContain('People the story quotes\n  • ');
  });

  it('GIVEN sources THEN prints what /source shows in chat: the title, publisher and date, the passage count and the id', () => {
    const result = run(['sources']);
    expect(result.stdout).toBe(chatReply('/source'));
    expect(result.stdout).toContain(`${SEED_TITLE}\n  publisher and date not given\n  15 passages · id putin-wont-win-in-ukraine-nato`);
  });
});

/**
 * Scripts outside the repo parse `ask`, `quotes` and `summary` (and `sources`) with --json: the
 * bytes must stay what they were. `ask` prints one object per line; the others pretty-print
 * with two spaces; every value is the core's, untouched by the text views.
 */
describe('--json output is pinned', { timeout: PROCESS_MS }, () => {
  const QUOTE_KEYS = ['article', 'paragraph', 'score', 'speaker', 'text', 'title'];

  it('GIVEN ask --json THEN exactly the core\'s Answer on one line', () => {
    const question = 'What did Putin tell the West?';
    const result = run(['ask', question, '--json']);
    expect(result.stdout).toBe(`${JSON.stringify(story.ask(question))}\n`);
    const answer = JSON.parse(result.stdout) as Answer;
    expect(Object.keys(answer)).toEqual(['question', 'understood', 'answered', 'quotes', 'suggestions']);
    for (const quote of answer.quotes) expect(Object.keys(quote).sort()).toEqual(QUOTE_KEYS);
  });

  it('GIVEN quotes --json THEN exactly the core\'s statements, pretty-printed', () => {
    const result = run(['quotes', '--json']);
    expect(result.stdout).toBe(`${JSON.stringify(story.quotes(), null, 2)}\n`);
    expect(result.stdout.startsWith('[\n  {\n    "text": ')).toBe(true);
  });

  it('GIVEN summary --json THEN exactly the core\'s Summary, pretty-printed, its quotes shaped like an answer\'s', () => {
    const result = run(['summary', '--json']);
    expect(result.stdout).toBe(`${JSON.stringify(story.summary(), null, 2)}\n`);
    const summary = JSON.parse(result.stdout) as { quotes: object[] };
    expect(Object.keys(summary)).toEqual(['article', 'title', 'text', 'quotes']);
    for (const quote of summary.quotes) expect(Object.keys(quote).sort()).toEqual(QUOTE_KEYS);
  });

  it('GIVEN sources --json THEN exactly the core\'s sources, pretty-printed', () => {
    const result = run(['sources', '--json']);
    expect(result.stdout).toBe(`${JSON.stringify(story.sources(), null, 2)}\n`);
    expect(Object.keys((JSON.parse(result.stdout) as object[])[0] ?? {})).toEqual(['id', 'title', 'passages']);
  });
});
