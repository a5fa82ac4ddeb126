/**
 * Feedback end to end: the bot as `npm start` runs it, against the fake Discord, with its SQLite
 * feedback store in a temporary folder. Votes and a reason; /gaps listing a refused question and
 * a 👎; then a burst of votes cut by kill -9, and every vote the bot acknowledged still there.
 */
import { join } from 'node:path';
import { type APIMessage, ComponentType, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { SECRET_META_KEY, voterKey } from '../../src/store/vote-key.ts';
import { VOTE_MESSAGES } from '../../src/discord/votes.ts';
import { startBotProcess, TEST_BOT_ENV, type BotProcess } from '../../testing/bot-process.ts';
import { buildUser, buttonInteraction, chatInputInteraction, option, startFakeDiscord, waitUntil, type FakeDiscord } from '../../testing/fake-discord/index.ts';
import { tempDir } from '../temp.ts';
import { buttonIds, embedOf, visibleReply } from './helpers.ts';

const COVERED = 'What did Stoltenberg say about Putin and nuclear weapons?';
const NOT_COVERED = 'Qwzxv plorbizzle frumious snarkwidget?';
/** Members pressing 👍 at once before the kill. */
const VOTERS = 40;

let fake: FakeDiscord;
let databaseFile: string;
const bots: BotProcess[] = [];

// Each test its own fake Discord and database: the kill test must not inherit another's state.
beforeEach(async () => {
  fake = await startFakeDiscord();
  databaseFile = join(tempDir('e2e-feedback'), 'feedback.sqlite');
}, 30_000);
afterEach(async () => {
  for (const bot of bots.splice(0)) bot.kill();
  await fake?.close();
}, 30_000);

async function startBot(): Promise<BotProcess> {
  const bot = await startBotProcess({ env: fake.env(), extraEnv: { ...TEST_BOT_ENV, DATABASE_URL: `sqlite:${databaseFile}` } });
  bots.push(bot);
  return bot;
}

async function askInChannel(question: string): Promise<APIMessage> {
  return visibleReply(fake, fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', question)] })));
}

function press(customId: string, message: APIMessage, user = buildUser(fake.nextId(), 'voter')) {
  return fake.sendInteraction(buttonInteraction(fake, { customId, message, user }));
}

describe('feedback through the fake Discord', { timeout: 150_000 }, () => {
  test('GIVEN a refused question, a 👎 and its reason THEN /gaps shows both to a moderator', async () => {
    const bot = await startBot();
    const refused = await askInChannel(NOT_COVERED);
    expect(buttonIds(refused)).toEqual(['ask:vote:up::', 'ask:vote:down::']);
    const answer = await askInChannel(COVERED);
    const down = buttonIds(answer).find((id) => id.startsWith('ask:vote:down:')) ?? '';
    const voter = buildUser(fake.nextId(), 'critic');
    const reply = await visibleReply(fake, press(down, answer, voter));
    // On a busy machine the write may take longer than the reply waits: then it says so.
    expect([VOTE_MESSAGES.down, VOTE_MESSAGES.downLater]).toContain(embedOf(reply).description);
    const menuId = buttonIds(reply)[0] ?? '';
    expect(menuId).toMatch(/^ask:why:\d+:\d+:/);
    // A choice in the reason menu (the fake has no builder for it: a button payload, reshaped).
    const base = buttonInteraction(fake, { customId: menuId, message: reply, user: voter });
    const choice = fake.sendInteraction({ ...base, data: { custom_id: menuId, component_type: ComponentType.StringSelect, values: ['story-covers-it'] } } as never);
    // The private reply is edited in place once the reason is kept.
    const thanked = await waitUntil(() => {
      const message = choice.original;
      return message && embedOf(message).description?.includes('The story does cover it') ? message : undefined;
    }, { timeoutMs: 10_000, description: 'the reason acknowledged' });
    expect(buttonIds(thanked)).toEqual([]);

    // Records are written within a second (a busy machine: a few); a moderator asking again sees them.
    let fields: { name: string; value: string }[] = [];
    for (let attempt = 0; attempt < 10 && fields.length < 2; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      const gaps = await visibleReply(
        fake,
        fake.sendInteraction(chatInputInteraction(fake, { name: 'gaps', memberPermissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.UseApplicationCommands })),
      );
      fields = embedOf(gaps).fields ?? [];
    }
    expect(fields.map((field) => field.name).sort()).toEqual(['1. 1× answer marked wrong', '2. 1× not covered'].sort());
    expect(fields.map((field) => field.value).join('\n')).toContain(NOT_COVERED);
    await bot.stop();
  });

  test('GIVEN kill -9 during a burst of votes THEN after a restart every acknowledged vote is there', async () => {
    const bot = await startBot();
    const answer = await askInChannel(COVERED);
    const up = buttonIds(answer).find((id) => id.startsWith('ask:vote:up:')) ?? '';
    const voters = Array.from({ length: VOTERS }, (_, n) => buildUser(fake.nextId(), `voter${n}`));
    const acknowledged: string[] = [];
    const descriptions: string[] = [];
    const presses = voters.map((voter) =>
      visibleReply(fake, press(up, answer, voter), 30_000).then((reply) => {
        const description = embedOf(reply).description ?? '';
        descriptions.push(description);
        if (description === VOTE_MESSAGES.up) acknowledged.push(voter.id);
      }, () => undefined),
    );
    // Kill once some are acknowledged and others are still in flight.
    await waitUntil(() => acknowledged.length >= VOTERS / 4, { timeoutMs: 60_000, description: `${VOTERS / 4} votes acknowledged`, diagnostics: () => descriptions.join(' | ') });
    bot.kill();
    await Promise.all(presses);
    const counted = [...acknowledged];
    expect(counted.length).toBeGreaterThanOrEqual(VOTERS / 4);

    // The restart opens the same file: WAL recovery, then the votes are read back.
    await (await startBot()).stop();
    const database = await openDatabase({ sqliteFile: databaseFile });
    const secret = (await database.db.selectFrom('store_meta').select('value').where('key', '=', SECRET_META_KEY).executeTakeFirstOrThrow()).value;
    const keys = new Set((await database.db.selectFrom('votes').select('voter_key').execute()).map((row) => row.voter_key));
    await database.close();
    const [, , , paragraph, article] = up.split(':');
    const shown = { messageId: answer.id, article: article || null, paragraph: paragraph ? Number(paragraph) : null };
    expect(counted.filter((id) => !keys.has(voterKey(secret, id, shown)))).toEqual([]);
  });
});
