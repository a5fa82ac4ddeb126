/**
 * What the /article end-to-end files share: a corpus folder of their own (a copy of the seed, so
 * the repository's corpus/ is never written), the pages a moderator adds, and waiting for the
 * bot's answer with a budget that allows for fetching on a busy machine.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { expect } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import type { InteractionHandle } from '../../testing/fake-discord/index.ts';
import { expectAnsweredOnce } from '../../testing/fake-discord/harness.ts';
import type { LogLine } from '../../testing/bot-process.ts';
import { tempDir } from '../temp.ts';

export { BRIDGE_ID, BRIDGE_PAGE } from '../pages.ts';
import { type BotContext, visibleReply } from './helpers.ts';

/** The seed article every corpus folder starts with. */
export const SEED_ID = 'putin-wont-win-in-ukraine-nato';
/** Time for an /article interaction to be answered: a fetch, extraction and a write on a loaded 2-core box. */
export const ARTICLE_ANSWER_TIMEOUT_MS = 30_000;
/** Time for hot reload to build and swap in a changed corpus on that box. */
export const RELOAD_TIMEOUT_MS = 60_000;
/** A member who may manage the server (and so use /article). */
export const MODERATOR_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands | PermissionFlagsBits.ManageGuild;
/** A member who may not. */
export const MEMBER_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands;

/** A new corpus folder holding the seed article only. */
export function seedCorpus(purpose: string): string {
  const dir = join(tempDir(purpose), 'corpus');
  mkdirSync(dir);
  copyFileSync(join(DEFAULT_CORPUS_DIR, `${SEED_ID}.md`), join(dir, `${SEED_ID}.md`));
  return dir;
}

export const BRIDGE_TITLE = 'Harbour bridge reopens after repairs';

/** Another page, attached as a file. */
export const LIBRARY_PAGE = `<!doctype html><html><head><title>Library opens its new reading room | City News</title>
<meta property="og:title" content="Library opens its new reading room"><meta property="og:site_name" content="City News"></head>
<body><header><a href="/">City News</a></header><article><h1>Library opens its new reading room</h1>
<p>The city library opened its new reading room on Monday after eighteen months of building work paid for by local donors.</p>
<p>“Students told us they had nowhere quiet to work in the evenings,” said the librarian, Tomas Berg, who said the room would stay open until ten at night.</p>
</article><aside>Related: Council approves new bus lanes</aside></body></html>`;
export const LIBRARY_ID = 'library-opens-its-new-reading-room';
export const LIBRARY_TITLE = 'Library opens its new reading room';

/** What the member saw for one /article interaction, and its one log line. */
export interface ArticleAnswer {
  message: APIMessage;
  log: LogLine;
}

/** Waits for an interaction's one acknowledgement, the visible reply and the one log line, with /article's budget. */
export async function articleAnswer(context: BotContext, interaction: InteractionHandle): Promise<ArticleAnswer> {
  await expectAnsweredOnce(interaction, { timeoutMs: ARTICLE_ANSWER_TIMEOUT_MS });
  const message = await visibleReply(context.fake, interaction, ARTICLE_ANSWER_TIMEOUT_MS);
  const log = await context.bot.interactionLog(interaction.id, ARTICLE_ANSWER_TIMEOUT_MS);
  expect(context.bot.logs.filter((line) => line.msg === 'interaction' && line['interaction'] === interaction.id)).toHaveLength(1);
  return { message, log };
}

/** Resolves once hot reload has swapped in a corpus of `articles` articles, after the log's first `after` lines. */
export function reloaded(context: BotContext, articles: number, after: number): Promise<LogLine> {
  return context.bot.waitForLog(
    (line) => typeof line.msg === 'string' && line.msg.startsWith('corpus reloaded') && line['articles'] === articles && context.bot.logs.indexOf(line) >= after,
    RELOAD_TIMEOUT_MS,
    `hot reload to a corpus of ${articles} article(s)`,
  );
}
