/**
 * The feedback store, the same suite on SQLite and on a real PostgreSQL server: what is recorded
 * (and what never is), grouping for /gaps, votes one per member and answer, reasons, settings,
 * retention, and migrations.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { FeedbackStore, type FeedbackStoreOptions } from '../../src/store/feedback-store.ts';
import { MIGRATION_NAMES } from '../../src/store/migrations.ts';
import { storeBackends } from './backends.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000002';
const MEMBER = '300000000000000003';
const OTHER_MEMBER = '300000000000000004';
const here = { guildId: GUILD, channelId: CHANNEL };
const answer = { messageId: '400000000000000005', article: 'nato-summit', paragraph: 4 };

for (const backend of storeBackends()) {
  describe.skipIf(!backend.available)(`feedback store on ${backend.name}`, { timeout: 30_000 }, () => {
    const opened: FeedbackStore[] = [];
    // Closing a dozen stores (each a writer thread) and dropping databases is slow on a busy machine.
    afterAll(async () => {
      for (const store of opened) await store.close();
      await backend.cleanup();
    }, 60_000);

    async function openStore(options: Partial<FeedbackStoreOptions> = {}, clock = { now: NOW }) {
      const store = FeedbackStore.open({ target: options.target ?? (await backend.fresh()), retentionDays: 90, now: () => clock.now, ...options });
      opened.push(store);
      expect(await store.ready()).toBe(true);
      return store;
    }

    test('GIVEN a new database THEN every migration runs once, and opening it again runs none', async () => {
      const target = await backend.fresh();
      const first = await openDatabase(target);
      const ran = await first.db.selectFrom('store_migrations' as never).select('name' as never).execute();
      expect(ran.map((row) => (row as { name: string }).name)).toEqual(MIGRATION_NAMES);
      await first.close();
      const again = await openDatabase(target);
      expect(await again.db.selectFrom('refusals').selectAll().execute()).toEqual([]);
      await again.close();
    });

    test('GIVEN a refused question with mentions and markup THEN it is kept without them, with its server and channel', async () => {
      const store = await openStore();
      store.recordRefusal({ ...here, question: '<@123456789012345678> **What** did `NATO` say about <#222222222222222222> the [budget](https://example.com/x)?' });
      await store.flush();
      const [gap] = await store.gaps();
      expect(gap).toEqual({
        question: 'What did NATO say about the budget?',
        count: 1,
        lastSeen: new Date(NOW).toISOString(),
        kind: 'unanswered',
        article: null,
        paragraph: null,
      });
      expect(await store.gaps({ guildId: GUILD })).toHaveLength(1);
      expect(await store.gaps({ guildId: '999999999999999999' })).toEqual([]);
    });

    test('GIVEN the same question in other words THEN /gaps counts them together, most asked first', async () => {
      const store = await openStore();
      // Same content words (nato, putin) in another order, tense and case: one group.
      store.recordRefusal({ ...here, question: 'What did NATO say about Putin?' });
      store.recordRefusal({ ...here, question: 'what has putin said about nato' });
      store.recordRefusal({ ...here, question: 'Putin and NATO?' });
      store.recordRefusal({ ...here, question: 'Who won the election?' });
      await store.flush();
      const gaps = await store.gaps();
      expect(gaps.map((gap) => [gap.count, gap.kind])).toEqual([[3, 'unanswered'], [1, 'unanswered']]);
      expect(gaps[1]?.question).toBe('Who won the election?');
    });

    test('GIVEN a DM THEN neither the channel nor any member id is stored', async () => {
      const store = await openStore();
      store.recordRefusal({ guildId: null, channelId: '555555555555555555', question: 'When is the summit?' });
      expect(await store.recordVote({ guildId: null, channelId: '555555555555555555', memberId: MEMBER, answer, question: 'Who is the chief?', verdict: 'down' })).toBe(true);
      const rows = [...(await rawRows(store, 'refusals')), ...(await rawRows(store, 'votes'))];
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.channel_id).toBeNull();
        expect(JSON.stringify(row)).not.toContain(MEMBER);
      }
    });

    test('GIVEN a member voting twice on one answer THEN one vote is kept, the last; another member adds one', async () => {
      const store = await openStore();
      const vote = { ...here, answer, question: 'What did Stoltenberg say?' };
      expect(await store.recordVote({ ...vote, memberId: MEMBER, verdict: 'down' })).toBe(true);
      expect(await store.recordVote({ ...vote, memberId: MEMBER, verdict: 'up' })).toBe(true);
      expect(await store.gaps()).toEqual([]);
      expect(await store.recordVote({ ...vote, memberId: MEMBER, verdict: 'down' })).toBe(true);
      expect(await store.recordVote({ ...vote, memberId: OTHER_MEMBER, verdict: 'down' })).toBe(true);
      const gaps = await store.gaps();
      expect(gaps).toEqual([{ question: 'What did Stoltenberg say?', count: 2, lastSeen: new Date(NOW).toISOString(), kind: 'wrong', article: 'nato-summit', paragraph: 4 }]);
      expect(await rawRows(store, 'votes')).toHaveLength(2);
    });

    test('GIVEN votes changed within one batch THEN the last one wins and a reason rides on it', async () => {
      const store = await openStore({ flushIntervalMs: 60_000 });
      const vote = { ...here, answer, question: 'What did Stoltenberg say?', memberId: MEMBER };
      const written = Promise.all([
        store.recordVote({ ...vote, verdict: 'up' }),
        store.recordVote({ ...vote, verdict: 'down' }),
        store.recordReason({ memberId: MEMBER, answer, reason: 'wrong-passage' }),
      ]);
      expect(await written).toEqual([true, true, true]);
      const [row] = await rawRows(store, 'votes');
      expect([row?.verdict, row?.reason]).toEqual(['down', 'wrong-passage']);
    });

    test('GIVEN a reason after the vote was written THEN it is added; a reason for a 👍 is ignored', async () => {
      const store = await openStore();
      const down = { ...here, answer, question: 'Q one?', memberId: MEMBER, verdict: 'down' as const };
      const upAnswer = { ...answer, paragraph: 5 };
      await store.recordVote(down);
      await store.recordVote({ ...down, answer: upAnswer, verdict: 'up' });
      await store.recordReason({ memberId: MEMBER, answer, reason: 'story-covers-it' });
      await store.recordReason({ memberId: MEMBER, answer: upAnswer, reason: 'other' });
      const rows = await rawRows(store, 'votes');
      expect(rows.map((row) => [row.paragraph, row.verdict, row.reason]).sort()).toEqual([[4, 'down', 'story-covers-it'], [5, 'up', null]]);
    });

    test('GIVEN records 3, 10 and 40 days old THEN /gaps for 7 and 30 days sees the right ones, and retention deletes past 30', async () => {
      const clock = { now: NOW };
      const store = await openStore({ retentionDays: 30 }, clock);
      for (const [age, question] of [[3, 'Who signed the treaty?'], [10, 'When does the summit open?'], [40, 'What is the budget?']] as const) {
        clock.now = NOW - age * DAY;
        store.recordRefusal({ ...here, question });
        await store.flush();
      }
      clock.now = NOW;
      expect((await store.gaps({ days: 7 })).map((gap) => gap.question)).toEqual(['Who signed the treaty?']);
      expect((await store.gaps({ days: 30 })).map((gap) => gap.question).sort()).toEqual(['When does the summit open?', 'Who signed the treaty?']);
      expect(await store.purgeExpired()).toBe(1);
      expect(await rawRows(store, 'refusals')).toHaveLength(2);
    });

    test('GIVEN channel settings THEN they are read from memory, and another process opening the database sees them', async () => {
      const target = await backend.fresh();
      const store = await openStore({ target });
      expect(store.channelSettings(CHANNEL)).toEqual({ privateAnswers: false });
      expect(await store.setChannelSettings(here, { article: 'nato-summit' })).toEqual({ article: 'nato-summit', privateAnswers: false });
      expect(await store.setChannelSettings(here, { privateAnswers: true })).toEqual({ article: 'nato-summit', privateAnswers: true });
      expect(store.channelSettings(CHANNEL)).toEqual({ article: 'nato-summit', privateAnswers: true });
      const other = await openStore({ target });
      expect(other.channelSettings(CHANNEL)).toEqual({ article: 'nato-summit', privateAnswers: true });
      await other.setChannelSettings(here, { article: null });
      expect(other.channelSettings(CHANNEL)).toEqual({ article: undefined, privateAnswers: true });
    });

    test('GIVEN no VOTE_HASH_SECRET THEN one is generated once and shared, so a vote through another process changes the same row', async () => {
      const target = await backend.fresh();
      const first = await openStore({ target });
      const second = await openStore({ target });
      const vote = { ...here, answer, question: 'Who?', memberId: MEMBER };
      await first.recordVote({ ...vote, verdict: 'down' });
      await second.recordVote({ ...vote, verdict: 'up' });
      const rows = await rawRows(first, 'votes');
      expect(rows.map((row) => row.verdict)).toEqual(['up']);
    });

    test('GIVEN a secret from the environment THEN vote keys depend on it', async () => {
      const a = await openStore({ voteHashSecret: 'first-secret-0123456789' });
      const b = await openStore({ voteHashSecret: 'other-secret-0123456789' });
      const vote = { ...here, answer, question: 'Who?', memberId: MEMBER, verdict: 'up' as const };
      await a.recordVote(vote);
      await b.recordVote(vote);
      const [rowA] = await rawRows(a, 'votes');
      const [rowB] = await rawRows(b, 'votes');
      expect(rowA?.voter_key).toMatch(/^[0-9a-f]{64}$/);
      expect(rowA?.voter_key).not.toBe(rowB?.voter_key);
    });
  });
}

/** Every row of a table, through the store's own connection. */
async function rawRows(store: FeedbackStore, table: 'refusals' | 'votes'): Promise<Record<string, unknown>[]> {
  return (await store.database.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
}
