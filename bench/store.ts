/**
 * The feedback store under load: records per second written while the bot answers (and the
 * answers' latency with and without the store writing beside them), then /gaps over 100,000
 * records. SQLite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL names a
 * server (`bash .ci/postgres.sh start DIR` starts a throwaway one), in a database made for the
 * run and dropped after it.
 *
 * Answers arrive open-loop (one every ANSWER_INTERVAL_MS, whether or not the last one is done),
 * on the same event loop as the store's writer, as in the bot: a write that blocks the loop
 * shows up as answer latency. `npm run bench:store` runs this alone; `npm run bench` includes it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import type { DatabaseTarget } from '../src/store/database.ts';
import { FeedbackStore } from '../src/store/feedback-store.ts';
import { Story } from '../src/story.ts';
import { formatNumber, formatTable, progress, quantile, type Cell } from './measure.ts';

/** How long each answering phase runs. */
const PHASE_MS = 6_000;
/** One question every this many ms (open loop). */
const ANSWER_INTERVAL_MS = 5;
/** Records offered per second while answering: twice the 5,000/s target. */
const OFFERED_PER_SECOND = 10_000;
/** Records /gaps is timed over. */
const GAPS_RECORDS = 100_000;
/** Distinct questions among them (each asked in several wordings). */
const GAPS_DISTINCT = 2_000;
const GAPS_RUNS = 5;

/** Figures for one database. */
export interface StoreBenchFigures {
  database: 'sqlite' | 'postgres';
  /** Records committed per second while answering. */
  recordsPerSecond: number;
  /** Records offered per second (the answering loop on a busy machine may offer fewer than asked). */
  offeredPerSecond: number;
  /** Records still queued at the end of the phase (0 means it kept up). */
  backlog: number;
  /** Answer latency (arrival to answer), ms, without the store and with it. */
  answerP50: { without: number; with: number };
  answerP99: { without: number; with: number };
  /** Records per second when loading the 100,000 (bulk, nothing else running). */
  bulkPerSecond: number;
  /** Median /gaps time over 100,000 records, 30 days, ms. */
  gapsMs: number;
  /** Groups /gaps found. */
  gapsGroups: number;
}

/** The whole section. */
export interface StoreBenchReport {
  figures: StoreBenchFigures[];
  /** Why PostgreSQL was left out, when it was. */
  postgresSkipped?: string;
}

interface Phase {
  latencies: number[];
  written: number;
  offered: number;
  backlog: number;
  elapsedMs: number;
}

const sleepTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Answers open-loop for PHASE_MS, offering records to `store` when given. */
async function answeringPhase(story: Story, questions: readonly string[], store?: FeedbackStore): Promise<Phase> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + PHASE_MS;
  const writtenBefore = store?.stats.written ?? 0;
  let arrivals = 0;
  let offered = 0;
  for (let now = start; now < end; now = performance.now()) {
    const due = Math.floor((now - start) / ANSWER_INTERVAL_MS);
    for (; arrivals <= due; arrivals++) {
      const arrivedAt = start + arrivals * ANSWER_INTERVAL_MS;
      story.ask(questions[arrivals % questions.length] ?? 'What did they say?', { limit: 10 });
      latencies.push(performance.now() - arrivedAt);
    }
    if (store) {
      const owed = Math.floor(((now - start) / 1_000) * OFFERED_PER_SECOND);
      for (; offered < owed; offered++) offer(store, offered);
    }
    await sleepTick();
  }
  // Counted at the end of the phase, before the final flush: what the writer kept up with.
  const elapsedMs = performance.now() - start;
  const written = (store?.stats.written ?? 0) - writtenBefore;
  const backlog = store?.stats.queued ?? 0;
  if (store) await store.flush();
  return { latencies, written, offered, backlog, elapsedMs };
}

/** Seven refusals for three votes, as a server's traffic might be. */
function offer(store: FeedbackStore, n: number): void {
  const place = { guildId: `10000000000000${(n % 7).toString().padStart(4, '0')}`, channelId: '200000000000000002' };
  const question = `What did speaker ${n % GAPS_DISTINCT} say about topic ${(n * 7) % 97}?`;
  if (n % 10 < 7) store.recordRefusal({ ...place, question });
  else void store.recordVote({ ...place, memberId: String(3e17 + n), answer: { messageId: String(4e17 + (n % 5_000)), article: 'seed', paragraph: n % 40 }, question, verdict: n % 2 === 0 ? 'down' : 'up' });
}

/** Loads GAPS_RECORDS records over 30 days through the writer; returns records per second. */
async function loadGapsRecords(store: FeedbackStore, now: { value: number }): Promise<number> {
  const started = performance.now();
  const wordings = ['What did {s} say about {t}?', 'what has {s} said on {t}', '{t}: what did {s} say', 'Did {s} talk about {t}?'];
  for (let n = 0; n < GAPS_RECORDS; n++) {
    // Spread over 30 days: the clock the store reads moves back for each record.
    now.value = Date.now() - (n % 30) * 86_400_000 - (n % 1_000);
    const id = n % GAPS_DISTINCT;
    const question = (wordings[n % wordings.length] ?? '').replace('{s}', `Speaker${id}`).replace('{t}', `subject${(id * 13) % 211}`);
    const place = { guildId: '100000000000000001', channelId: '200000000000000002' };
    if (n % 4 !== 0) store.recordRefusal({ ...place, question });
    else void store.recordVote({ ...place, memberId: String(n), answer: { messageId: '4', article: 'seed', paragraph: id % 30 }, question, verdict: 'down' });
    if (n % 10_000 === 9_999) await store.flush();
  }
  await store.flush();
  now.value = Date.now();
  return GAPS_RECORDS / ((performance.now() - started) / 1_000);
}

async function benchOne(database: StoreBenchFigures['database'], target: DatabaseTarget, story: Story, questions: readonly string[], onProgress: (m: string) => void): Promise<StoreBenchFigures> {
  onProgress(`store ${database}: answering alone for ${PHASE_MS / 1_000} s`);
  const alone = await answeringPhase(story, questions);
  const clock = { value: Date.now() };
  const store = FeedbackStore.open({ target, retentionDays: 90, now: () => clock.value });
  if (!(await store.ready())) throw new Error(`the ${database} database could not be opened`);
  try {
    onProgress(`store ${database}: answering while ${OFFERED_PER_SECOND}/s records are offered`);
    const together = await answeringPhase(story, questions, store);
    onProgress(`store ${database}: loading ${GAPS_RECORDS} records for /gaps`);
    // A fresh table for /gaps: the answering phase's records are of another shape.
    await store.database.db.deleteFrom('refusals').execute();
    await store.database.db.deleteFrom('votes').execute();
    const bulkPerSecond = await loadGapsRecords(store, clock);
    const times: number[] = [];
    let groups = 0;
    for (let run = 0; run < GAPS_RUNS; run++) {
      const started = performance.now();
      groups = (await store.gaps({ days: 30 })).length;
      times.push(performance.now() - started);
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    return {
      database,
      recordsPerSecond: together.written / (together.elapsedMs / 1_000),
      offeredPerSecond: together.offered / (together.elapsedMs / 1_000),
      backlog: together.backlog,
      answerP50: { without: quantile(sorted(alone.latencies), 0.5), with: quantile(sorted(together.latencies), 0.5) },
      answerP99: { without: quantile(sorted(alone.latencies), 0.99), with: quantile(sorted(together.latencies), 0.99) },
      bulkPerSecond,
      gapsMs: quantile(sorted(times), 0.5),
      gapsGroups: groups,
    };
  } finally {
    await store.close();
  }
}

/** A database of its own on the PostgreSQL server, and how to drop it. */
async function postgresDatabase(serverUrl: string): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const name = `storybot_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { target: { postgresUrl: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs the section: SQLite, then PostgreSQL when a server is named. */
export async function runStoreBench(options: { postgresUrl?: string; onProgress?: (message: string) => void } = {}): Promise<StoreBenchReport> {
  const onProgress = options.onProgress ?? progress;
  const story = Story.load(DEFAULT_CORPUS_DIR);
  const questions = story.suggest('', 50);
  const report: StoreBenchReport = { figures: [] };
  const dir = mkdtempSync(join(tmpdir(), 'storybot-bench-store-'));
  try {
    report.figures.push(await benchOne('sqlite', { sqliteFile: join(dir, 'bench.sqlite') }, story, questions, onProgress));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!options.postgresUrl) {
    report.postgresSkipped = 'no PostgreSQL server (set BENCH_DATABASE_URL or TEST_DATABASE_URL)';
    return report;
  }
  let database: Awaited<ReturnType<typeof postgresDatabase>> | undefined;
  try {
    database = await postgresDatabase(options.postgresUrl);
    report.figures.push(await benchOne('postgres', database.target, story, questions, onProgress));
  } catch (error) {
    report.postgresSkipped = `PostgreSQL unreachable: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await database?.drop().catch(() => undefined);
  }
  return report;
}

/** The section as a table. */
export function formatStoreBench(report: StoreBenchReport): string {
  const ms = (value: number) => formatNumber(value, 2);
  const rows: Cell[][] = report.figures.map((figure) => [
    figure.database,
    `${formatNumber(figure.recordsPerSecond, 0)} of ${formatNumber(figure.offeredPerSecond, 0)}`,
    figure.backlog,
    `${ms(figure.answerP50.without)} → ${ms(figure.answerP50.with)}`,
    `${ms(figure.answerP99.without)} → ${ms(figure.answerP99.with)}`,
    formatNumber(figure.bulkPerSecond, 0),
    `${formatNumber(figure.gapsMs, 1)} (${figure.gapsGroups} groups)`,
  ]);
  return formatTable(
    `Feedback store (records written while answering one question per ${ANSWER_INTERVAL_MS} ms; /gaps over ${formatNumber(GAPS_RECORDS)} records)`,
    ['database', 'records/s written of offered', 'backlog', 'answer p50 ms alone → with', 'answer p99 ms alone → with', 'bulk records/s', '/gaps 30 days ms'],
    rows,
    [
      `${formatNumber(OFFERED_PER_SECOND)} records/s asked for (7 refusals : 3 votes) for ${PHASE_MS / 1_000} s; backlog = still queued when the phase ended. Targets: ≥ 5,000 records/s, /gaps < 200 ms.`,
      'Writes run in a worker thread; answer latency is arrival to answer on the main thread, alone and with the store writing.',
      ...(report.postgresSkipped ? [`PostgreSQL left out: ${report.postgresSkipped}.`] : []),
    ],
  );
}

if (process.argv[1]?.endsWith('bench/store.ts')) {
  const report = await runStoreBench({ postgresUrl: process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL });
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatStoreBench(report));
}
