/**
 * The feedback store's tables as Kysely sees them. Times are milliseconds since the epoch
 * (INTEGER in SQLite, BIGINT in PostgreSQL, read back as numbers), so the same queries and the
 * same comparisons run on both. No table has a column for a member's id or name.
 */
/** What every record says of the question: when and where it was asked, and how it read. */
export interface QuestionRecord {
  /** When it was asked, or the vote last cast or changed (ms since the epoch). */
  at: number;
  /** Server id; null in DMs. */
  guild_id: string | null;
  /** Channel id; null in DMs (a DM channel would point at one member). */
  channel_id: string | null;
  /** The question as asked, mentions and markup removed. */
  question: string;
  /** The question as the engine understood it (content words, or a conversation's resolution). */
  understood: string;
  /** The grouping key: the question's content terms, sorted (see question-key.ts). */
  question_key: string;
  /** The article of the quote shown, or the one the question was asked within; null when neither. */
  article: string | null;
}

/** A question the bot did not answer ("the story does not say"). */
export type RefusalTable = QuestionRecord;

/** A 👍 or 👎 on one answer; one row per member and answer, changed in place. */
export interface VoteTable extends QuestionRecord {
  /** Keyed hash of (member, answer): unique per member and answer, yet names neither. */
  voter_key: string;
  /** Paragraph of the quote shown; null when the answer was "not covered". */
  paragraph: number | null;
  /** `up` or `down`. */
  verdict: string;
  /** Why a 👎: one of VOTE_REASONS, or null. */
  reason: string | null;
}

/** A channel's defaults, set by its moderators with /settings. */
export interface ChannelSettingsTable {
  channel_id: string;
  guild_id: string;
  /** Article the channel's questions are asked within unless a member names another. */
  article: string | null;
  /** 1 when answers in the channel are private unless a member asks otherwise. */
  private_answers: number;
  updated_at: number;
}

/** The latest wording of a question key, per server: the example /gaps shows for a group. */
export interface QuestionExampleTable {
  /** The server id, or '' outside servers (a primary key cannot be null). */
  guild_key: string;
  question_key: string;
  question: string;
  at: number;
}

/** Values the store keeps for itself (the generated vote-hash secret). */
export interface StoreMetaTable {
  key: string;
  value: string;
}

/** Every table of the store. */
export interface StoreSchema {
  refusals: RefusalTable;
  votes: VoteTable;
  channel_settings: ChannelSettingsTable;
  store_meta: StoreMetaTable;
  question_examples: QuestionExampleTable;
}
