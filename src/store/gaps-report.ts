/**
 * `npm run gaps`: the /gaps report in a terminal (and the store `npm run chat -- --record` writes to), from the database the bot writes to
 * (DATABASE_URL, else the SQLite file in data/). JSON prints the groups as they are.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_RETENTION_DAYS, loadConfig } from '../config.ts';
import { loadCorpus } from '../corpus/load.ts';
import { defaultDatabaseFile, resolveCorpusDir } from '../paths.ts';
import { viewToText } from '../terminal/render.ts';
import { databaseTarget } from './database.ts';
import { FeedbackStore } from './feedback-store.ts';
import { gapsView } from './gaps-view.ts';

/** What `npm run gaps` was asked for. */
export interface GapsReportOptions {
  days: number;
  guildId?: string;
  json: boolean;
  /** Corpus folder for article titles (optional: ids are shown without it). */
  corpusDir?: string;
}

/** The store the configuration names (DATABASE_URL, else data/), for terminal commands. */
export function openConfiguredStore(): FeedbackStore {
  const config = loadConfig({ requireToken: false, purpose: 'deploy' });
  const store = config.store ?? { sqliteFile: defaultDatabaseFile(), retentionDays: DEFAULT_RETENTION_DAYS };
  return FeedbackStore.open({ target: databaseTarget(store), retentionDays: store.retentionDays, voteHashSecret: store.voteHashSecret });
}

/** The report as text or JSON. Throws StoreUnavailableError when the database cannot be reached. */
export async function printGaps(options: GapsReportOptions): Promise<string> {
  const store = openConfiguredStore();
  try {
    const gaps = await store.gaps({ days: options.days, ...(options.guildId ? { guildId: options.guildId } : {}) });
    if (options.json) return JSON.stringify(gaps, null, 2);
    return viewToText(gapsView(gaps, { days: options.days, perPage: Math.max(gaps.length, 1), titles: articleTitles(options.corpusDir) }));
  } finally {
    await store.close();
  }
}

/** Titles by article id, when the corpus is there to read. */
function articleTitles(corpusDir: string | undefined): Map<string, string> {
  const dir = resolveCorpusDir(corpusDir);
  if (!existsSync(dir)) return new Map();
  try {
    return new Map(loadCorpus(dir).map((article) => [article.id, article.title]));
  } catch {
    return new Map();
  }
}
