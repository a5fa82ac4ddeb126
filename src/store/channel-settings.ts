/**
 * Channel defaults set by moderators (/settings): the article a channel's questions are asked
 * within, and whether its answers are private. Read on every question, so they are answered from
 * memory: loaded when the database opens, written through on change, and refreshed now and then
 * so a change made on another shard or machine arrives here too.
 */
import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.ts';

/** How often settings changed by other processes are read in. */
export const SETTINGS_REFRESH_MS = 15_000;

/** One channel's defaults. */
export interface ChannelSettings {
  /** Article questions are asked within unless a member names another; undefined for none. */
  article?: string;
  /** Answers are private unless a member asks otherwise. */
  privateAnswers: boolean;
}

/** A change to a channel's defaults: only the fields given change. `article: null` clears it. */
export interface ChannelSettingsChange {
  article?: string | null;
  privateAnswers?: boolean;
}

/** What a channel has when nobody set anything. */
export const NO_SETTINGS: Readonly<ChannelSettings> = Object.freeze({ privateAnswers: false });

/** The settings of every channel that has any, mirrored in memory. */
export class ChannelSettingsCache {
  readonly #byChannel = new Map<string, ChannelSettings>();
  /** Newest `updated_at` read so far: a refresh reads only what changed since. */
  #seenUntil = -1;

  /** The channel's defaults (from memory; never waits). */
  get(channelId: string | null | undefined): Readonly<ChannelSettings> {
    return (channelId ? this.#byChannel.get(channelId) : undefined) ?? NO_SETTINGS;
  }

  /** Reads rows changed since the last read (all of them the first time). */
  async refresh(db: Kysely<StoreSchema>): Promise<void> {
    const rows = await db
      .selectFrom('channel_settings')
      .select(['channel_id', 'article', 'private_answers', 'updated_at'])
      .where('updated_at', '>=', this.#seenUntil)
      .execute();
    for (const row of rows) {
      this.#remember(row.channel_id, { article: row.article ?? undefined, privateAnswers: Number(row.private_answers) === 1 });
      this.#seenUntil = Math.max(this.#seenUntil, Number(row.updated_at));
    }
  }

  /** Writes a change through to the database, then to memory; returns the channel's new defaults. */
  async set(db: Kysely<StoreSchema>, where: { guildId: string; channelId: string }, change: ChannelSettingsChange, now = Date.now()): Promise<ChannelSettings> {
    const current = this.get(where.channelId);
    const next: ChannelSettings = {
      article: change.article === undefined ? current.article : (change.article ?? undefined),
      privateAnswers: change.privateAnswers ?? current.privateAnswers,
    };
    const row = { article: next.article ?? null, private_answers: next.privateAnswers ? 1 : 0, updated_at: now };
    await db
      .insertInto('channel_settings')
      .values({ channel_id: where.channelId, guild_id: where.guildId, ...row })
      .onConflict((conflict) => conflict.column('channel_id').doUpdateSet(row))
      .execute();
    this.#remember(where.channelId, next);
    return next;
  }

  #remember(channelId: string, settings: ChannelSettings): void {
    if (settings.article === undefined && !settings.privateAnswers) this.#byChannel.delete(channelId);
    else this.#byChannel.set(channelId, settings);
  }
}
