/**
 * What a set reports and how the run prints it: each set's details, then one summary table with
 * every set's figures beside the baselines' (the last lines, so a tail of the output reads them).
 */
import { missesAt1, BASELINE_LABELS, type BaselineName, type EvalContext, type Side, type Sides } from './context.ts';

/** One line of the summary table: storybot's figure and the baselines' on the same questions. */
export interface SummaryRow {
  label: string;
  storybot: string;
  baselines?: Partial<Record<BaselineName, string>>;
}

/** What one set measured. */
export interface SetReport {
  /** Short name (`--only`, JSON key). */
  name: string;
  /** Heading of its details. */
  title: string;
  summary: SummaryRow[];
  /** Lines under the heading: misses, per-page figures, what was refused. */
  details: string[];
  /** Every figure, for `--json`. */
  figures: Record<string, unknown>;
}

/** A question set: scored against the corpora of the run's context. */
export interface QualitySet {
  name: string;
  /** One line on what it holds, for `--help`. */
  about: string;
  run(context: EvalContext): Promise<SetReport>;
  /**
   * For a set too slow for every run: what it reports when not named in `--only`, read from
   * figures recorded earlier (and saying so), so `npm run eval` stays quick enough to run often.
   */
  recorded?(): SetReport;
}

/** A share with three decimals ('–' for none). */
export const share = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(3));
/** Milliseconds, with two decimals below 10. */
export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
/** `hit@1 / hit@3` of retrieval figures. */
export const hits = (figures: { hit1: number; hit3: number }) => `${share(figures.hit1)} / ${share(figures.hit3)}`;

/** A figure of each baseline side, for a summary row. */
function perBaseline(sides: Sides, figure: (side: Side) => string): Partial<Record<BaselineName, string>> {
  return Object.fromEntries(Object.entries(sides.baselines).map(([name, side]) => [name, figure(side)]));
}

/** The summary rows every set with off-topic questions has: hit@1 / hit@3, and off-topic refused. */
export function sideRows(prefix: string, sides: Sides): SummaryRow[] {
  const { scored, offTopic } = sides.storybot;
  return [
    { label: `${prefix} hit@1 / hit@3`, storybot: hits(scored.figures), baselines: perBaseline(sides, (side) => hits(side.scored.figures)) },
    {
      label: `${prefix} off-topic refused`,
      storybot: `${offTopic.refused}/${offTopic.total} (${scored.figures.refused} answerable refused)`,
      baselines: perBaseline(sides, (side) => `${side.offTopic.refused}/${side.offTopic.total}`),
    },
  ];
}

/** The detail lines every such set has: misses at 1, answerable questions refused, off-topic ones answered. */
export function sideDetails(questions: readonly { q: string }[], side: Side): string[] {
  return [
    ...listed('misses at 1:', missesAt1(questions, side.scored.ranks)),
    ...listed('answerable but refused:', side.scored.refused),
    ...listed('off-topic but answered:', side.offTopic.answered),
  ];
}

/** The figures of storybot and the baselines, for `--json`. */
export function sideFigures(sides: Sides): Record<string, unknown> {
  const { scored, offTopic } = sides.storybot;
  const baselines = Object.fromEntries(Object.entries(sides.baselines).map(([name, side]) => [name, { ...side.scored.figures, offTopic: side.offTopic.refused }]));
  return { ...scored.figures, offTopic, baselines };
}

/** Questions listed under a heading, when there are any. */
export function listed(heading: string, questions: readonly string[]): string[] {
  return questions.length === 0 ? [] : [heading, ...questions.map((question) => `  ${question}`)];
}

/** The baselines a run's summary has columns for, in column order. */
const COLUMNS: BaselineName[] = ['bare', 'fuzzy', 'stemmed'];

/** The whole run as text: every set's details, then the summary table and the baselines' note. */
export function formatReports(reports: readonly SetReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.details.length === 0) continue;
    lines.push(`${report.title}`, ...report.details.map((line) => `  ${line}`), '');
  }
  const used = COLUMNS.filter((name) => reports.some((report) => report.summary.some((row) => row.baselines?.[name] !== undefined)));
  const header = ['', 'storybot', ...used.map((name) => BASELINE_LABELS[name])];
  const rows = reports.flatMap((report) => report.summary.map((row) => [row.label, row.storybot, ...used.map((name) => row.baselines?.[name] ?? '')]));
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  lines.push(line(header), ...rows.map(line));
  lines.push(`baselines: MiniSearch 7 over the same paragraphs, default options; fuzzy 0.2; +stem+stop: Porter stemming and English stop words. They never abstain: off-topic counts what found no term.`);
  return lines.join('\n');
}
