/**
 * `npm run eval`: answer quality on every question set in one run, each beside the MiniSearch
 * baselines on the same paragraphs. The sets live in `bench/quality/sets/`; what they share (the
 * stories and baselines, built once per corpus) in `bench/quality/context.ts`.
 *
 *   npm run eval -- [DEV_FILE] [--json] [--only dev,squad] [--corpus DIR] [--squad DIR] [--ablate]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolveCorpusDir } from '../src/paths.ts';
import type { LoadOptions } from '../src/story.ts';
import { EvalContext } from './quality/context.ts';
import { defaultPaths, type DataPaths } from './quality/data.ts';
import { formatReports, share, type SetReport } from './quality/report.ts';
import { SETS } from './quality/sets/index.ts';

/** Options of one run; every path has a default in `../shared/`. */
export interface EvalOptions {
  /** The seed corpus (default `corpus/`, or CORPUS_DIR). */
  corpusDir?: string;
  /** Data files, each replacing its default. */
  paths?: Partial<DataPaths>;
  /** Only these sets, by name (default all). */
  only?: readonly string[];
  /** Passed to `Story.load`. */
  load?: LoadOptions;
}

/** Runs the sets and returns their reports, in order. */
export async function runEval(options: EvalOptions = {}): Promise<SetReport[]> {
  const unknown = (options.only ?? []).filter((name) => !SETS.some((set) => set.name === name));
  if (unknown.length > 0) throw new Error(`eval: no set ${unknown.join(', ')} (sets: ${SETS.map((set) => set.name).join(', ')})`);
  const context = new EvalContext({
    corpusDir: resolveCorpusDir(options.corpusDir),
    paths: { ...defaultPaths(), ...options.paths },
    load: options.load,
  });
  const reports: SetReport[] = [];
  for (const set of SETS) {
    const named = options.only?.includes(set.name) ?? false;
    if (options.only && !named) continue;
    reports.push(set.recorded && !named ? set.recorded() : await set.run(context));
  }
  return reports;
}

/** Each ranking method switched off in turn, to show what it contributes. */
export const ABLATIONS: Record<string, LoadOptions['tunables']> = {
  'all methods': {},
  'no WordNet expansions': { expand: false },
  'no broader terms (hypernyms, definitions)': { broaderWeight: 0 },
  'no fuzzy spelling': { fuzzyWeight: 0 },
  'no sentence scoring': { sentenceWeight: 0 },
  'no proximity': { pairWeight: 0 },
  'no answer type': { answerTypeWeight: 0 },
  'no coordination reward': { coordination: 0 },
  'no title field': { titleBoost: 0 },
  'no article score (stories searched passage by passage)': { articleWeight: 0 },
  'no type instances (WordNet hypernyms of story words)': { instanceCredit: 0 },
  'type instances also as matches of the type word': { instanceWeight: 0.5 },
  'no title aliases (appositions)': { aliasWeight: 0 },
  'no "what kind of" modifiers': { describedCredit: 0 },
  'no multi-word terms as one word': { phrases: false },
};

/** hit@1 of every set per ablation, as one table. */
export async function runAblations(options: EvalOptions = {}): Promise<{ table: string; reports: Record<string, SetReport[]> }> {
  const reports: Record<string, SetReport[]> = {};
  for (const [label, tunables] of Object.entries(ABLATIONS)) {
    reports[label] = await runEval({ ...options, load: { ...options.load, tunables } });
  }
  const names = (Object.values(reports)[0] ?? []).map((report) => report.name);
  const width = Math.max(...Object.keys(reports).map((label) => label.length));
  const lines = [`${'method'.padEnd(width)}  ${names.map((name) => `${name}@1`.padStart(8)).join(' ')}`];
  for (const [label, list] of Object.entries(reports)) {
    lines.push(`${label.padEnd(width)}  ${list.map((report) => share(hit1Of(report)).padStart(8)).join(' ')}`);
  }
  return { table: lines.join('\n'), reports };
}

/** A set's headline hit@1 (its own, or among the pages for the seed-among-pages set). */
function hit1Of(report: SetReport): number {
  const figures = report.figures as { hit1?: number; among?: { hit1: number } };
  return figures.hit1 ?? figures.among?.hit1 ?? Number.NaN;
}

/** The command line: prints the reports (or JSON) to stdout. */
export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: 'string' }, squad: { type: 'string' }, only: { type: 'string' },
      json: { type: 'boolean', default: false }, ablate: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`Usage: npm run eval -- [DEV_FILE] [--json] [--only SET,...] [--corpus DIR] [--squad DIR] [--ablate]\nSets:\n${SETS.map((set) => `  ${set.name.padEnd(18)} ${set.about}`).join('\n')}\n`);
    return;
  }
  const options: EvalOptions = {
    corpusDir: values.corpus,
    paths: { ...(positionals[0] ? { devEval: resolve(positionals[0]) } : {}), ...(values.squad ? { squadDir: resolve(values.squad) } : {}) },
    only: values.only?.split(',').map((name) => name.trim()).filter((name) => name !== ''),
  };
  if (values.ablate) {
    const { table, reports } = await runAblations(options);
    process.stdout.write(`${values.json ? JSON.stringify(reports, null, 2) : table}\n`);
    return;
  }
  const reports = await runEval(options);
  process.stdout.write(`${values.json ? JSON.stringify(Object.fromEntries(reports.map((report) => [report.name, report.figures])), null, 2) : formatReports(reports)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
