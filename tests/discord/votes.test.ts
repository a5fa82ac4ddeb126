/**
 * Votes, reasons, /gaps and /settings through the router and a real discord.js client, with a
 * real feedback store (SQLite in a temporary folder): what a member and a moderator see, and
 * what ends up recorded.
 */
import { join } from 'node:path';
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, describe, expect, test } from 'vitest';
import { REASON_LABELS, VOTE_MESSAGES } from '../../src/discord/votes.ts';
import { FeedbackStore } from '../../src/store/feedback-store.ts';
import { GAPS_PERMISSION_MESSAGE } from '../../commands/gaps.ts';
import { tempDir } from '../temp.ts';
import {
  buttonPress, callbacks, CHANNEL_ID, createHarness, embedOf, flag, GUILD_ID, type Harness, MEMBER_PERMISSIONS, OTHER_USER_ID, type RawOption, rawMessage, selectChoice, slash, story, text, USER_ID,
} from './harness.ts';

/** A subcommand and its options, as Discord sends them. */
function subcommand(name: string, options: RawOption[]): RawOption {
  return { name, type: ApplicationCommandOptionType.Subcommand, options } as unknown as RawOption;
}

const COVERED = 'What did Stoltenberg say about Putin?';
const NOT_COVERED = 'What is the recipe for sourdough bread?';
const MODERATOR = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ManageGuild;

const stores: FeedbackStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
}, 60_000);

async function setUp(): Promise<{ h: Harness; store: FeedbackStore }> {
  const store = FeedbackStore.open({ target: { sqliteFile: join(tempDir('votes'), 'feedback.sqlite') }, retentionDays: 90, flushIntervalMs: 20 });
  stores.push(store);
  await store.ready();
  return { h: createHarness({ feedback: store }), store };
}

/** What the member finally sees for the last interaction: the edit of its deferred reply. */
function lastEdit(h: Harness): Record<string, unknown> {
  const edits = h.rest.find('PATCH', /\/messages\/@original$/);
  return edits.at(-1)?.body as Record<string, unknown>;
}

function componentsOf(body: Record<string, unknown>): { custom_id: string; label?: string; options?: { label: string; value: string }[] }[] {
  return ((body.components ?? []) as { components: { custom_id: string }[] }[]).flatMap((row) => row.components);
}

/** Asks in the channel and returns the answer as Discord would store it. */
async function ask(h: Harness, question: string) {
  await h.interact(slash('ask', [text('question', question)]));
  const body = lastEdit(h);
  h.rest.requests.length = 0;
  return rawMessage({ embeds: body.embeds as unknown[], components: body.components as unknown[], guild_id: GUILD_ID });
}

describe('votes', { timeout: 30_000 }, () => {
  test('GIVEN an answer THEN it carries 👍 and 👎 on the quote shown; a 👍 is thanked privately and kept', async () => {
    const { h, store } = await setUp();
    const answer = await ask(h, COVERED);
    const buttons = componentsOf(answer as never);
    const first = story.ask(COVERED, { limit: 10 }).quotes[0];
    expect(buttons.filter((button) => button.label === '👍' || button.label === '👎').map((button) => button.custom_id)).toEqual([
      `ask:vote:up:${first?.paragraph}:${first?.article}`,
      `ask:vote:down:${first?.paragraph}:${first?.article}`,
    ]);
    await h.interact(buttonPress(`ask:vote:up:${first?.paragraph}:${first?.article}`, answer));
    expect(callbacks(h.rest)[0]).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(embedOf(lastEdit(h)).description).toBe(VOTE_MESSAGES.up);
    const [row] = await store.database.db.selectFrom('votes').selectAll().execute();
    expect(row).toMatchObject({ verdict: 'up', question: COVERED, article: first?.article, paragraph: first?.paragraph, guild_id: GUILD_ID, channel_id: CHANNEL_ID });
    expect(JSON.stringify(row)).not.toContain(USER_ID);
  });

  test('GIVEN a 👎 THEN the private reply offers the reasons; picking one keeps it, and /gaps lists it with a refused question', async () => {
    const { h } = await setUp();
    const refused = await ask(h, NOT_COVERED);
    expect(componentsOf(refused as never).map((button) => button.custom_id)).toEqual(['ask:vote:up::', 'ask:vote:down::']);
    const answer = await ask(h, COVERED);
    const down = componentsOf(answer as never).find((button) => button.label === '👎');
    await h.interact(buttonPress(down?.custom_id ?? '', answer, { user: OTHER_USER_ID }));
    const reply = lastEdit(h);
    const [menu] = componentsOf(reply);
    expect(menu?.options?.map((option) => option.label)).toEqual(Object.values(REASON_LABELS));
    h.rest.requests.length = 0;
    const ephemeralReply = rawMessage({ embeds: reply.embeds as unknown[], components: reply.components as unknown[], guild_id: GUILD_ID, flags: MessageFlags.Ephemeral });
    await h.interact(selectChoice(menu?.custom_id ?? '', ['wrong-passage'], ephemeralReply, { user: OTHER_USER_ID }));
    expect(callbacks(h.rest)[0]?.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    expect(embedOf(lastEdit(h)).description).toContain('Wrong passage');
    expect(componentsOf(lastEdit(h))).toEqual([]);

    h.rest.requests.length = 0;
    await h.interact(slash('gaps', [], { memberPermissions: MODERATOR }));
    const gaps = embedOf(lastEdit(h));
    // One each: the most recent first.
    expect(gaps.fields?.map((field) => field.name)).toEqual(['1. 1× answer marked wrong', '2. 1× not covered']);
    expect(gaps.fields?.[0]?.value).toContain(COVERED);
    expect(gaps.fields?.[1]?.value).toContain(NOT_COVERED);
  });

  test('GIVEN a member without Manage Messages THEN /gaps says who may use it', async () => {
    const { h } = await setUp();
    await h.interact(slash('gaps', []));
    const sent = callbacks(h.rest)[0];
    expect(sent?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedOf(sent?.data).description).toBe(GAPS_PERMISSION_MESSAGE);
  });
});

describe('/settings', { timeout: 30_000 }, () => {
  test('GIVEN a channel set to one article and private THEN /ask there answers privately from it, and /source says so', async () => {
    const { h, store } = await setUp();
    const first = story.ask(COVERED).quotes[0];
    const article = story.articles.find((candidate) => candidate.id === first?.article);
    await h.interact(slash('settings', [subcommand('article', [text('article', article?.id ?? '')])], { memberPermissions: MODERATOR }));
    expect(store.channelSettings(CHANNEL_ID).article).toBe(article?.id);
    await h.interact(slash('settings', [subcommand('private', [flag('enabled', true)])], { memberPermissions: MODERATOR }));
    expect(store.channelSettings(CHANNEL_ID).privateAnswers).toBe(true);
    h.rest.requests.length = 0;
    await h.interact(slash('ask', [text('question', COVERED)]));
    expect(callbacks(h.rest)[0]?.data?.flags).toBe(MessageFlags.Ephemeral);
    const quoted = embedOf(lastEdit(h)).description ?? '';
    // Only the channel's article is searched: the attribution names it.
    expect(quoted).toContain(article?.title.slice(0, 20));
    h.rest.requests.length = 0;
    await h.interact(slash('source', []));
    const fields = embedOf(callbacks(h.rest)[0]?.data).fields ?? [];
    expect(fields.at(-1)).toMatchObject({ name: 'This channel' });
    expect(fields.at(-1)?.value).toContain('private unless a member sets private: False');
  });
});
