/**
 * Fake Discord for end-to-end tests of storybot (server, payload builders, records). See README.md.
 *
 * The vitest helpers live in `./harness.ts` (imported separately because they import vitest); this
 * module has no test-runner dependency and can be used from scripts and benchmarks run with tsx.
 */
export { startFakeDiscord, isEphemeral } from './server.ts';
export type { FakeDiscord, FakeDiscordEnv, FakeDiscordOptions, SentMessage } from './server.ts';
export {
  ALL_PERMISSIONS,
  autocompleteInteraction,
  buildGuild,
  buildMember,
  buildMessage,
  buildUser,
  buttonInteraction,
  chatInputInteraction,
  computePermissions,
  dmMessage,
  guildMessage,
  memberRoles,
  messageContextMenuInteraction,
  option,
} from './payloads.ts';
export type {
  AnyInteraction,
  BuildMessageOptions,
  ButtonInteractionOptions,
  ChatInputInteractionOptions,
  CommandOptionInput,
  CommandOptionValue,
  FakeChannelOptions,
  FakeGuild,
  FakeGuildOptions,
  FakeTextChannel,
  GuildMessageOptions,
  IncomingMessageOptions,
  InteractionBaseOptions,
  InteractionWhere,
  MessageContextMenuInteractionOptions,
  PayloadContext,
} from './payloads.ts';
export type { InteractionHandle } from './interactions.ts';
export { FakeGateway, PRIVILEGED_INTENTS } from './gateway.ts';
export { ApiError } from './store.ts';
export { createSnowflakeGenerator, snowflakeTimestamp } from './snowflake.ts';
export type { SnowflakeGenerator } from './snowflake.ts';
export * from './constants.ts';
export type * from './types.ts';
export { ChangeSignal, DEFAULT_WAIT_TIMEOUT_MS, sleep, waitUntil, WaitTimeoutError } from './wait.ts';
