/**
 * storybot's terminal front door: `ask`, `quotes`, `summary`, `sources`, `chat`, `check-corpus`,
 * `add`, `build`, `gaps` and `deploy` (`npm run eval` is the quality harness in `bench/`). It only parses
 * arguments and renders what the core returns: `--json` prints the core's data as it is (scripts
 * rely on its shape); otherwise every command prints a View (src/replies.ts, src/views.ts)
 * through the terminal's one renderer, worded as in chat and Discord.
 */
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import dotenv from 'dotenv';
import { resolveCorpusDir } from './paths.ts';
import { CorpusError, QuestionError, Story, UnknownArticleError } from './story.ts';
import type { Answer } from './types.ts';
import { quotesReply, quotesRequest, sourcesReply, summaryReply } from './replies.ts';
import { askInConversation, ConversationMemory } from './conversation-memory.ts';
import { runChat } from './terminal/chat.ts';
import { viewToText } from './terminal/render.ts';
import { answerListView } from './views.ts';

/** An error whose message is for the person at the terminal: printed as one line, exit 1. */
class UsageError extends Error {
  override name = 'UsageError';
}

const COMMON_OPTIONS = {
  corpus: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

const USAGE = `Usage: npm run <command> -- [options]
  ask "QUESTION"      answer a question with quotes (no question: one per line from stdin)
                      --limit N (quotes, default 5)  --article ID  --json
  quotes              every attributed statement   --speaker NAME  --topic WORDS  --article ID  --json
  summary             the article's summary        --article ID  --json
  sources             the articles in the corpus   --json
  chat                talk to the bot as a Discord member would; follow-ups read in the light of the conversation
                      --json: conversations from stdin, one question a line, a blank line between
                      conversations; one Answer (with "understood") a line
                      --record: refusals and /up /down votes go to the feedback store
  add SOURCE          add an article from a URL, an .html, .txt or .md file, or - (stdin)
                      --id ID  --title T  --publisher P  --published YYYY-MM-DD  --dry-run  --json
  check-corpus        validate corpus/ metadata
  build               build the index snapshots in .cache/ (start-up does it when they are missing)
  gaps                questions not covered and answers marked wrong, most asked first
                      --days N (default 7)  --guild ID  --json
  deploy              register the slash commands  --guild ID  --dry-run
Every command takes --corpus DIR (or CORPUS_DIR); the default is corpus/.`;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError(`--limit must be a whole number from 1 to 50, not "${text}"`);
  return limit;
}

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Loads the story; each corpus file skipped is one line on stderr, and the rest answer. */
function loadStory(corpus: string | undefined): Story {
  const story = Story.load(resolveCorpusDir(corpus));
  for (const { file, problem } of story.skipped) console.error(`storybot: skipped ${file}: ${problem}`);
  return story;
}

async function* linesOf(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const reader = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of reader) yield line;
}

async function ask(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { limit: { type: 'string' }, article: { type: 'string' } });
  if (values.help) return print(USAGE);
  const story = loadStory(values.corpus);
  const options = { limit: parseLimit(values.limit), article: values.article };
  const show = (answer: Answer) => print(values.json ? JSON.stringify(answer) : viewToText(answerListView(answer, { sources: story.sources() })));
  if (positionals.length > 0) return show(story.ask(positionals.join(' '), options));
  // Questions from standard input, one per line, answered in order; a bad line does not stop the rest.
  let failed = false;
  for await (const line of linesOf(process.stdin)) {
    if (line.trim() === '') continue;
    try {
      show(story.ask(line, options));
    } catch (error) {
      if (!(error instanceof QuestionError)) throw error;
      failed = true;
      print(values.json ? JSON.stringify({ question: line.trim().slice(0, 200), error: error.message }) : `error: ${error.message}`);
    }
  }
  if (failed) process.exitCode = 1;
}

async function quotes(argv: string[]): Promise<void> {
  const { values } = parse(argv, { speaker: { type: 'string' }, topic: { type: 'string' }, article: { type: 'string' } });
  if (values.help) return print(USAGE);
  const story = loadStory(values.corpus);
  // The wording of /quote; every statement, since a terminal has no embed to fill.
  const { statements, view } = quotesReply({ story, sources: story.sources() }, quotesRequest(values), { maxShown: Infinity });
  print(values.json ? JSON.stringify(statements, null, 2) : viewToText(view));
}

async function summary(argv: string[]): Promise<void> {
  const { values } = parse(argv, { article: { type: 'string' } });
  if (values.help) return print(USAGE);
  const story = loadStory(values.corpus);
  // A terminal has no embed to fill: the summary may take the room it needs.
  const { summary: result, view } = summaryReply({ story, sources: story.sources() }, { article: values.article, budget: Infinity });
  print(values.json ? JSON.stringify(result, null, 2) : viewToText(view));
}

async function sources(argv: string[]): Promise<void> {
  const { values } = parse(argv, {});
  if (values.help) return print(USAGE);
  const list = loadStory(values.corpus).sources();
  print(values.json ? JSON.stringify(list, null, 2) : viewToText(sourcesReply({ sources: list })));
}

async function chat(argv: string[]): Promise<void> {
  const { values } = parse(argv, { limit: { type: 'string' }, record: { type: 'boolean', default: false } });
  if (values.help) return print(USAGE);
  const story = loadStory(values.corpus);
  if (!values.json) {
    // Refusals and votes go to the feedback store only when asked: a terminal is often a test.
    const { openConfiguredStore } = await import('./store/gaps-report.ts');
    const feedback = values.record ? openConfiguredStore() : undefined;
    try {
      return await runChat(story, process.stdin, process.stdout, feedback);
    } finally {
      await feedback?.close();
    }
  }
  // Conversations from standard input: one question a line, a blank line starts a new conversation.
  const memory = new ConversationMemory();
  let conversation = 0;
  let failed = false;
  for await (const line of linesOf(process.stdin)) {
    if (line.trim() === '') {
      memory.forget(String(conversation));
      conversation += 1;
      continue;
    }
    try {
      print(JSON.stringify(askInConversation(story, memory, String(conversation), line, { limit: parseLimit(values.limit) })));
    } catch (error) {
      if (!(error instanceof QuestionError)) throw error;
      failed = true;
      print(JSON.stringify({ question: line.trim().slice(0, 200), error: error.message }));
    }
  }
  if (failed) process.exitCode = 1;
}

async function checkCorpus(argv: string[]): Promise<void> {
  const { values } = parse(argv, {});
  if (values.help) return print(USAGE);
  const { checkCorpusFiles, formatFileChecks } = await import('./story.ts');
  const { loadCorpusSettings } = await import('./config.ts');
  const checks = checkCorpusFiles(resolveCorpusDir(values.corpus), { maxFileBytes: loadCorpusSettings().maxFileBytes });
  const lines = formatFileChecks(checks);
  const good = checks.filter((check) => check.problems.length === 0 && check.summary !== undefined).length;
  for (const line of lines) (line.startsWith('ok') ? print : (text: string) => console.error(text))(line);
  if (checks.some((check) => check.problems.length > 0)) {
    console.error(`corpus has problems: ${checks.length - good} of ${checks.length} file(s) skipped or to fix; the others load`);
    process.exitCode = 1;
    return;
  }
  print(`corpus ok: ${good} article(s), ${lines.length} file(s) checked`);
}

async function build(argv: string[]): Promise<void> {
  const { values } = parse(argv, {});
  if (values.help) return print(USAGE);
  const started = performance.now();
  const story = loadStory(values.corpus);
  // The topics behind autocomplete and suggestions are a snapshot too, made on first use.
  story.suggest('', 1);
  const passages = story.articles.reduce((n, article) => n + article.passages.length, 0);
  print(`built: ${story.articles.length} article(s), ${passages} passages, ${story.quotes().length} statements in ${Math.round(performance.now() - started)} ms; snapshots in .cache/`);
}

async function gaps(argv: string[]): Promise<void> {
  const { values } = parse(argv, { days: { type: 'string' }, guild: { type: 'string' } });
  if (values.help) return print(USAGE);
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3_650) throw new UsageError(`--days must be a whole number from 1 to 3650, not "${values.days}"`);
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) throw new UsageError(`--guild must be a server id (17 to 20 digits), not "${values.guild}"`);
  const { printGaps } = await import('./store/gaps-report.ts');
  print(await printGaps({ days, guildId: values.guild, json: values.json, corpusDir: values.corpus }));
}

async function add(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    id: { type: 'string' }, title: { type: 'string' }, publisher: { type: 'string' }, published: { type: 'string' },
    url: { type: 'string' }, 'dry-run': { type: 'boolean', default: false },
  });
  if (values.help) return print(USAGE);
  if (positionals.length !== 1) throw new UsageError('add takes one SOURCE: a URL, an .html, .txt or .md file, or - for standard input');
  const { AddError, FetchError, formatAddReport, prepareArticle, readSource, writeArticle } = await import('./story.ts');
  const { ConfigError, loadCorpusSettings } = await import('./config.ts');
  try {
    const settings = loadCorpusSettings();
    const source = await readSource(positionals[0] ?? '', { allowLoopback: settings.allowLoopbackFetch, maxBytes: settings.maxFileBytes });
    const article = prepareArticle(source, { id: values.id, title: values.title, publisher: values.publisher, published: values.published, url: values.url });
    const written = values['dry-run'] ? undefined : writeArticle(resolveCorpusDir(values.corpus), article);
    print(values.json ? JSON.stringify(written === undefined ? article : { ...article, file: written }, null, 2) : formatAddReport(article, written));
  } catch (error) {
    if (error instanceof AddError || error instanceof FetchError || error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

async function deploy(argv: string[]): Promise<void> {
  const { runDeploy } = await import('./discord/deploy.ts');
  await runDeploy(argv);
}

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  ask, quotes, summary, sources, chat, 'check-corpus': checkCorpus, build, gaps, deploy, add,
};

/** Configuration and database errors whose message is already one line for a person. */
function isOneLineError(error: unknown): error is Error {
  return error instanceof Error && ['ConfigError', 'StoreUnavailableError', 'MigrationError'].includes(error.name);
}

/** Runs one terminal command; every failure a person can fix is one line on stderr and exit 1. */
export async function main(argv: string[]): Promise<void> {
  // quiet: dotenv otherwise prints a banner to stdout, which would corrupt --json output.
  dotenv.config({ quiet: true });
  const [name = '', ...rest] = argv;
  const command = COMMANDS[name];
  if (!command) {
    print(USAGE);
    if (name !== '' && name !== 'help' && name !== '--help') process.exitCode = 1;
    return;
  }
  try {
    await command(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof QuestionError || error instanceof UnknownArticleError || error instanceof CorpusError || isOneLineError(error)) {
      console.error(`storybot: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}


/** True when node was started with this file (src/cli.ts through tsx, or dist/src/cli.js), not when it is imported. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url || entry.endsWith('/src/cli.ts');
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`storybot: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
