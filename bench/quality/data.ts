/**
 * The question sets of `../shared/` as typed data: where they live and how they are read. Every
 * file is read once per run; a missing one is named with the folder the harness looked in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { REPO_ROOT } from '../../src/paths.ts';

/**
 * The shared data folder: `SHARED_DIR` when set, else the first `shared/` beside the repository
 * or beside one of its parent folders (a git worktree sits a level or two below the main clone).
 */
export function findSharedDir(env: NodeJS.ProcessEnv = process.env, from = REPO_ROOT): string {
  const chosen = env.SHARED_DIR?.trim();
  if (chosen) return resolve(chosen);
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = resolve(dir, '..', 'shared');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return resolve(from, '..', 'shared');
  }
}

/** Where each set is read from. */
export interface DataPaths {
  /** Dev questions of the seed article: gold phrases, off-topic questions, speaker checks. */
  devEval: string;
  /** Members' phrasing of questions about the seed article, off-topic ones and dialogues. */
  devCasual: string;
  /** Ten real news pages (`NAME/expected.json`) and `questions.json` about them. */
  pagesDir: string;
  /** SQuAD 2.0 dev: `corpus/` and `questions.jsonl`. */
  squadDir: string;
}

/** The default paths, in the shared folder. */
export function defaultPaths(shared = findSharedDir()): DataPaths {
  return {
    devEval: resolve(shared, 'dev-eval.json'),
    devCasual: resolve(shared, 'dev-casual.json'),
    pagesDir: resolve(shared, 'bench', 'pages'),
    squadDir: resolve(shared, 'bench', 'squad2-dev'),
  };
}

/** Reads a data file, naming it when it is missing. */
export function readData(file: string): string {
  if (!existsSync(file)) throw new Error(`eval: ${file} not found (the harness reads ../shared/ beside the repository, or SHARED_DIR)`);
  return readFileSync(file, 'utf8');
}

/** A speaker check: `phrase` lies inside a statement the article attributes to `speaker`. */
export interface SpeakerCheck {
  phrase: string;
  speaker: string;
}

/** `dev-eval.json`. */
export interface DevEvalFile {
  answerable: { q: string; gold: string[] }[];
  abstain: { q: string }[];
  speakers: SpeakerCheck[];
}

/** One turn of a dialogue: gold paragraphs, or the speaker the answer should quote. */
export interface DialogueTurn {
  q: string;
  /** Acceptable paragraphs of the seed article (1-based, as passages are numbered). */
  paragraphs?: number[];
  /** The person the answer should quote. */
  speaker?: string;
  /** The answer must not repeat a quote shown earlier in the dialogue. */
  not_repeating?: boolean;
}

/** `dev-casual.json`. */
export interface DevCasualFile {
  answerable: { q: string; paragraphs: number[] }[];
  abstain: { q: string }[];
  dialogues: { turns: DialogueTurn[] }[];
}

/** `questions.json` of the news pages, per page name. */
export interface PagesQuestionsFile {
  pages: Record<string, { questions: { q: string; gold: string[] }[]; speakers: SpeakerCheck[]; off_topic: string[] }>;
}

/** A page's `expected.json`: the article as Readability's expected output has it. */
export interface ExpectedPage {
  title: string;
  byline?: string | null;
  siteName?: string | null;
  /** The article's paragraphs of 8 words or more. */
  paragraphs: string[];
  /** All the article's text, captions and headings included. */
  text: string;
}

/** A SQuAD question with its gold paragraph. */
export interface SquadQuestion {
  q: string;
  article: string;
  paragraph: number;
  impossible: boolean;
}

export const readDevEval = (file: string) => JSON.parse(readData(file)) as DevEvalFile;
export const readDevCasual = (file: string) => JSON.parse(readData(file)) as DevCasualFile;
export const readPagesQuestions = (pagesDir: string) => JSON.parse(readData(resolve(pagesDir, 'questions.json'))) as PagesQuestionsFile;

/** The pages that have an `expected.json`, by folder name, in name order. */
export function readExpectedPages(pagesDir: string): Map<string, ExpectedPage> {
  const pages = new Map<string, ExpectedPage>();
  for (const name of readdirSync(pagesDir).sort()) {
    const file = resolve(pagesDir, name, 'expected.json');
    if (existsSync(file)) pages.set(name, JSON.parse(readFileSync(file, 'utf8')) as ExpectedPage);
  }
  return pages;
}

/**
 * SQuAD's answerable questions (the impossible ones are left out: they have no gold paragraph),
 * or, given `impossible`, only the questions written to look answerable that the article does not answer.
 */
export function readSquadQuestions(squadDir: string, impossible = false): SquadQuestion[] {
  return readData(resolve(squadDir, 'questions.jsonl'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SquadQuestion)
    .filter((question) => question.impossible === impossible);
}
