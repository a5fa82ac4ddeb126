/**
 * `/article` refused, through the real bot process and the fake Discord: a bot run as in
 * production (no loopback setting) will not fetch a page on 127.0.0.1, by address or by a name
 * that resolves to it; a member without Manage Server and a DM get a private refusal. Nothing is
 * ever written to the bot's corpus folder (its own copy of the seed).
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ARTICLE_MESSAGES } from '../../commands/article/views.ts';
import { escapeMarkdown } from '../../src/views.ts';
import { chatInputInteraction, option } from '../../testing/fake-discord/index.ts';
import type { InteractionBaseOptions } from '../../testing/fake-discord/index.ts';
import { startPageServer, type PageServer } from '../corpus/page-server.ts';
import { ARTICLE_ANSWER_TIMEOUT_MS, articleAnswer, BRIDGE_PAGE, MEMBER_PERMISSIONS, MODERATOR_PERMISSIONS, SEED_ID, seedCorpus } from './article-helpers.ts';
import { E2E_HOOK_TIMEOUT_MS, embedOf, ephemeral, expectCleanShutdown, useBotProcess } from './helpers.ts';

const corpusDir = seedCorpus('e2e-article-refusals');
vi.setConfig({ testTimeout: ARTICLE_ANSWER_TIMEOUT_MS * 2, hookTimeout: E2E_HOOK_TIMEOUT_MS });
const ctx = useBotProcess({ extraEnv: { CORPUS_DIR: corpusDir } });

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer({ '/news/bridge': { body: BRIDGE_PAGE } });
});
afterAll(() => server.close());

async function addByUrl(url: string, place: InteractionBaseOptions) {
  return articleAnswer(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { ...place, name: 'article', options: [option.subcommand('add', [option.string('url', url)])] })));
}

describe('/article refused', () => {
  test('GIVEN no loopback setting THEN a page on 127.0.0.1 is refused, by its address and by a name resolving to it, and never requested', async () => {
    const { port, host } = new URL(server.url);
    const byAddress = await addByUrl(`${server.url}/news/bridge`, { memberPermissions: MODERATOR_PERMISSIONS });
    expect(ephemeral(byAddress.message)).toBe(true);
    expect(embedOf(byAddress.message).description).toContain(escapeMarkdown(`refused ${host}: 127.0.0.1 is not a public address`));
    expect(byAddress.log).toMatchObject({ command: 'article', outcome: 'user_error' });
    const byName = await addByUrl(`http://localhost:${port}/news/bridge`, { memberPermissions: MODERATOR_PERMISSIONS });
    expect(embedOf(byName.message).description).toContain('resolves to an address that is not public');
    expect(server.requested).toEqual([]);
    expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
  });

  test.each([
    ['a member without Manage Server', { memberPermissions: MEMBER_PERMISSIONS }, ARTICLE_MESSAGES.permission],
    ['a DM with the bot', { where: 'botDm' as const }, ARTICLE_MESSAGES.guildOnly],
  ])('GIVEN %s THEN a private refusal, and nothing fetched or written', async (_label, place, message) => {
    const { message: reply, log } = await addByUrl(`${server.url}/news/bridge`, place);
    expect(ephemeral(reply)).toBe(true);
    expect(embedOf(reply).description).toBe(escapeMarkdown(message));
    expect(log).toMatchObject({ outcome: 'user_error' });
    expect(server.requested).toEqual([]);
    expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
  });

  test('GIVEN SIGTERM THEN the bot exits cleanly, every interaction logged once', async () => {
    await expectCleanShutdown(ctx);
  });
});
