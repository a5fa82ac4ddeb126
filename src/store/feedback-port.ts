/**
 * What the front doors may ask of the feedback store, and the store that records nothing (the
 * terminal without --record, tests that do not look at feedback). The Discord layer and the
 * terminal depend on this interface, never on the database.
 */
import type { ChannelSettings, ChannelSettingsChange } from './channel-settings.ts';
import { NO_SETTINGS } from './channel-settings.ts';
import type { Gap, GapQuery } from './gaps.ts';
import type { ReasonInput, RefusalInput, VoteInput } from './records.ts';

/** The feedback store as commands see it. */
export interface FeedbackPort {
  /** False when nothing is recorded (votes are then answered with a notice). */
  readonly enabled: boolean;
  /** Records a refused question; returns at once. */
  recordRefusal(input: RefusalInput): void;
  /** Records or changes a vote; resolves true once it is kept. */
  recordVote(input: VoteInput): Promise<boolean>;
  /** Adds a reason to a 👎; resolves true once it is kept. */
  recordReason(input: ReasonInput): Promise<boolean>;
  /** /gaps for a period; throws StoreUnavailableError when the database is down. */
  gaps(query?: GapQuery): Promise<Gap[]>;
  /** A channel's defaults, from memory. */
  channelSettings(channelId: string | null | undefined): Readonly<ChannelSettings>;
  /** Changes a channel's defaults; throws StoreUnavailableError when the database is down. */
  setChannelSettings(where: { guildId: string; channelId: string }, change: ChannelSettingsChange): Promise<ChannelSettings>;
}

/** Records nothing, has no settings, reports no gaps. */
export const NO_FEEDBACK: FeedbackPort = Object.freeze({
  enabled: false,
  recordRefusal: () => undefined,
  recordVote: async () => false,
  recordReason: async () => false,
  gaps: async () => [],
  channelSettings: () => NO_SETTINGS,
  setChannelSettings: async () => ({ ...NO_SETTINGS }),
});
