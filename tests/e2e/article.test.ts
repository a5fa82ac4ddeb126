/**
 * Moderators adding and removing articles in Discord, through the real bot process and the fake
 * Discord over loopback: a page served on 127.0.0.1 added by its address and by an attached file
 * (the fake serves the attachment's bytes), then asked about and quoted once hot reload has made
 * it live, listed by /source, and gone again after Undo or /article remove. The bot runs with its
 * own corpus folder and the loopback setting tests need (article-refusals.test.ts runs without it).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { UNDO_LABEL } from '../../commands/article.ts';
import { buttonInteraction, chatInputInteraction, option } from '../../testing/fake-discord/index.ts';
import { startPageServer, type PageServer } from '../corpus/page-server.ts';
import {
  ARTICLE_ANSWER_TIMEOUT_MS,
  articleAnswer,
  BRIDGE_ID,
  BRIDGE_PAGE,
  BRIDGE_TITLE,
  LIBRARY_ID,
  LIBRARY_PAGE,
  LIBRARY_TITLE,
  MODERATOR_PERMISSIONS,
  RELOAD_TIMEOUT_MS,
  reloaded,
  SEED_ID,
  seedCorpus,
} from './article-helpers.ts';
import { buttonsOf, E2E_HOOK_TIMEOUT_MS, embedOf, embedText, ephemeral, expectCleanShutdown, shownQuotes, useBotProcess } from './helpers.ts';

const corpusDir = seedCorpus('e2e-article');
vi.setConfig({ testTimeout: ARTICLE_ANSWER_TIMEOUT_MS * 2 + RELOAD_TIMEOUT_MS * 2, hookTimeout: E2E_HOOK_TIMEOUT_MS });
const ctx = useBotProcess({ extraEnv: { CORPUS_DIR: corpusDir, FETCH_ALLOW_LOOPBACK: 'true' } });

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer({ '/news/bridge': { body: BRIDGE_PAGE } });
});
afterAll(() => server.close());

function moderator(subcommand: string, options: ReturnType<typeof option.string>[]) {
  return ctx.fake.sendInteraction(
    chatInputInteraction(ctx.fake, { name: 'article', memberPermissions: MODERATOR_PERMISSIONS, options: [option.subcommand(subcommand, options)] }),
  );
}

/** How many articles the corpus folder holds now (what hot reload will make live). */
function articleFiles(): number {
  return readdirSync(corpusDir).filter((name) => name.endsWith('.md')).length;
}

/** Asks /ask and returns the quotes shown (text and article title). */
async function ask(question: string): Promise<{ text: string; title: string }[]> {
  const { message } = await articleAnswer(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', question)] })));
  return shownQuotes(embedOf(message).description ?? '');
}

/** The titles /source lists. */
async function sourceTitles(): Promise<string> {
  const { message } = await articleAnswer(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'source', memberPermissions: MODERATOR_PERMISSIONS })));
  return embedText(embedOf(message));
}

/** Presses the Undo button under an /article reply. */
async function pressUndo(message: Parameters<typeof buttonsOf>[0]) {
  const [undo] = buttonsOf(message);
  expect(undo?.label).toBe(UNDO_LABEL);
  return articleAnswer(ctx, ctx.fake.sendInteraction(buttonInteraction(ctx.fake, { customId: undo?.customId ?? '', message, memberPermissions: MODERATOR_PERMISSIONS })));
}

describe('/article add by address', () => {
  test('GIVEN a moderator adding a page served on 127.0.0.1 THEN a private report with an Undo; once reloaded members get quotes from it and /source lists it; Undo takes it out again', async () => {
    const before = ctx.bot.logs.length;
    const adding = moderator('add', [option.string('url', `${server.url}/news/bridge`)]);
    const added = await articleAnswer(ctx, adding);
    expect(ephemeral(added.message)).toBe(true);
    const report = embedOf(added.message);
    expect(report.title).toBe(`Added “${BRIDGE_TITLE}”`);
    expect(report.fields?.[0]).toMatchObject({ name: 'Kept 3 paragraphs' });
    expect(report.fields?.[0]?.value).toContain('1. The harbour bridge reopened to traffic on Friday morning');
    expect(added.log).toMatchObject({ command: 'article', outcome: 'ok' });
    expect(existsSync(join(corpusDir, `${BRIDGE_ID}.md`))).toBe(true);

    await reloaded(ctx, 2, before);
    // The report then says it is live, its Undo still there.
    const live = await adding.waitForOriginal((message) => (embedOf(message).description ?? '').includes('It is live: members can ask about it now.'), RELOAD_TIMEOUT_MS);
    expect(buttonsOf(live).map((button) => button.label)).toEqual([UNDO_LABEL]);
    const quotes = await ask('What was the final cost of the bridge?');
    expect(quotes[0]?.title).toBe(BRIDGE_TITLE);
    expect(quotes[0]?.text).toContain('84 million euros');
    expect(await sourceTitles()).toContain(BRIDGE_TITLE);

    const beforeUndo = ctx.bot.logs.length;
    const undone = await pressUndo(added.message);
    expect(embedOf(undone.message).title).toBe('Undone');
    expect(buttonsOf(undone.message)).toEqual([]);
    expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
    await reloaded(ctx, 1, beforeUndo);
    expect(await sourceTitles()).not.toContain(BRIDGE_TITLE);
    expect((await ask('What was the final cost of the bridge?')).map((quote) => quote.title)).not.toContain(BRIDGE_TITLE);
  });
});

describe('/article add by attachment, then /article remove', () => {
  test('GIVEN a moderator attaching a page (its bytes served by the fake) THEN it is added and quoted; removing it takes it out of the answers', async () => {
    const file = ctx.fake.uploadAttachment({ filename: 'library.html', data: LIBRARY_PAGE });
    const before = ctx.bot.logs.length;
    const added = await articleAnswer(
      ctx,
      ctx.fake.sendInteraction(
        chatInputInteraction(ctx.fake, { name: 'article', memberPermissions: MODERATOR_PERMISSIONS, options: [option.subcommand('add', [option.attachment('file', file), option.string('published', '2024-05-06')])] }),
      ),
    );
    expect(embedOf(added.message).title).toBe(`Added “${LIBRARY_TITLE}”`);
    expect(embedOf(added.message).description).toContain('City News · 2024-05-06');
    await reloaded(ctx, articleFiles(), before);
    const quotes = await ask('What did the librarian say about students?');
    expect(quotes[0]?.title).toBe(LIBRARY_TITLE);
    expect(quotes[0]?.text).toContain('nowhere quiet to work');

    const beforeRemove = ctx.bot.logs.length;
    const removed = await articleAnswer(ctx, moderator('remove', [option.string('id', LIBRARY_ID)]));
    expect(ephemeral(removed.message)).toBe(true);
    expect(embedOf(removed.message).title).toBe(`Removed “${LIBRARY_TITLE}”`);
    expect(existsSync(join(corpusDir, `${LIBRARY_ID}.md`))).toBe(false);
    await reloaded(ctx, articleFiles(), beforeRemove);
    expect(await sourceTitles()).not.toContain(LIBRARY_TITLE);
  });
});

describe('shutting down', () => {
  test('GIVEN SIGTERM THEN the bot exits cleanly, every interaction logged once', async () => {
    await expectCleanShutdown(ctx);
  });
});
