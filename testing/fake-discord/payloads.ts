/**
 * Builders for Discord payloads in the documented shapes (typed with discord-api-types, which
 * discord.js re-exports), so discord.js never sees an object it would choke on.
 *
 * Interaction builders take a {@link PayloadContext} — normally the handle returned by
 * `startFakeDiscord()` — to fill in the application id, the default guild/channel/user and ids:
 *
 * ```ts
 * fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', 'Who?')] }));
 * ```
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  OverwriteType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIAttachment,
  APIApplicationCommandInteractionDataOption,
  APIAuthorizingIntegrationOwnersMap,
  APIChatInputApplicationCommandInteraction,
  APIEmbed,
  APIGuildMember,
  APIInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIMessageTopLevelComponent,
  APIOverwrite,
  APIPartialInteractionGuild,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  GuildMemberFlags,
  RoleFlags,
} from 'discord.js';
import {
  DEFAULT_ATTACHMENT_SIZE_LIMIT,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  DM_APP_PERMISSIONS,
} from './constants.ts';
import type { SnowflakeGenerator } from './snowflake.ts';
import { snowflakeTimestamp } from './snowflake.ts';

/** An empty role flag set (the enum has no zero member). */
const NO_ROLE_FLAGS = 0 as RoleFlags;
/** An empty member flag set. */
const NO_MEMBER_FLAGS = 0 as GuildMemberFlags;

/** Every permission bit Discord currently defines, OR-ed (what an owner or Administrator has). */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** A text channel of a fake guild. */
export interface FakeTextChannel {
  /** Channel id. */
  readonly id: string;
  /** Channel name (without `#`). */
  readonly name: string;
}

/** A guild the fake serves, with the ids tests usually need and the GUILD_CREATE payload. */
export interface FakeGuild {
  /** Guild id. */
  readonly id: string;
  /** Guild name. */
  readonly name: string;
  /** Id of the owner (a separate member, not the default test user). */
  readonly ownerId: string;
  /** Id of the @everyone role (equal to the guild id, as on Discord). */
  readonly everyoneRoleId: string;
  /** Id of the bot's managed role. */
  readonly botRoleId: string;
  /** Text channels, in position order. */
  readonly channels: readonly FakeTextChannel[];
  /** First text channel; interactions and messages default to it. */
  readonly defaultChannelId: string;
  /** The GUILD_CREATE `d` payload sent after READY. */
  readonly payload: GatewayGuildCreateDispatchData;
}

/** Options of one text channel in {@link FakeGuildOptions}. */
export interface FakeChannelOptions {
  /** Channel id (default: generated). */
  id?: string;
  /** Channel name (default `general`, `channel-2`, ...). */
  name?: string;
  /** Channel topic. */
  topic?: string;
  /** Permission overwrites (role or member), as Discord stores them. */
  permissionOverwrites?: APIOverwrite[];
}

/** Configuration of one guild of the fake. */
export interface FakeGuildOptions {
  /** Guild id (default: generated). */
  id?: string;
  /** Guild name (default `Fake Guild`). */
  name?: string;
  /** Text channels (default: one `#general`). */
  channels?: FakeChannelOptions[];
  /** Permissions of @everyone as a decimal bit string (default {@link DEFAULT_EVERYONE_PERMISSIONS}). */
  everyonePermissions?: string;
  /** Permissions of the bot's managed role (default {@link DEFAULT_BOT_PERMISSIONS}). */
  botPermissions?: string;
  /** Extra human members besides the default user and the owner. */
  members?: APIUser[];
  /** Preferred locale, sent as `guild_locale` (default `en-US`). */
  preferredLocale?: Locale;
}

/**
 * What the builders need from the fake: ids, the default guild and user, the DM channel registry
 * and registered commands. The handle returned by `startFakeDiscord()` implements it.
 */
export interface PayloadContext {
  /** Application (and bot user) id. */
  readonly applicationId: string;
  /** The bot user. */
  readonly botUser: APIUser;
  /** The human user interactions and messages come from by default (a member of every guild). */
  readonly defaultUser: APIUser;
  /** Configured guilds; the first is the default. */
  readonly guilds: readonly FakeGuild[];
  /** Snowflake generator. */
  readonly nextId: SnowflakeGenerator;
  /** The id of the DM channel between the bot and a user (created on first use). */
  dmChannelId(user: APIUser): string;
  /** Id of a registered command with that name and type (global, or of `guildId`), if any. */
  findCommandId(name: string, type: ApplicationCommandType, guildId?: string): string | undefined;
}

/** Creates a user object (not a bot) with the documented required fields. */
export function buildUser(id: string, username: string, extra: Partial<APIUser> = {}): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: username,
    avatar: null,
    bot: false,
    ...extra,
  };
}

/** The role object of a guild role. */
function buildRole(id: string, name: string, permissions: string, position: number, extra: Partial<APIRole> = {}): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: NO_ROLE_FLAGS,
    ...extra,
  };
}

/** A guild member object for `user` with `roles`. */
export function buildMember(user: APIUser, roles: string[], joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_MEMBER_FLAGS,
    pending: false,
    communication_disabled_until: null,
  };
}

/** A guild text channel object. */
function buildTextChannel(
  guildId: string,
  id: string,
  name: string,
  position: number,
  options: FakeChannelOptions,
): APITextChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    topic: options.topic ?? null,
    nsfw: false,
    parent_id: null,
    last_message_id: null,
    last_pin_timestamp: null,
    rate_limit_per_user: 0,
    permission_overwrites: options.permissionOverwrites ?? [],
  };
}

/**
 * Builds a guild as the gateway delivers it in GUILD_CREATE: @everyone and the bot's managed role,
 * the text channels, and the bot, the default user and the owner as members.
 * @param ctx ids and users (the guild's members include `ctx.botUser` and `ctx.defaultUser`).
 * @param options guild configuration.
 */
export function buildGuild(
  ctx: Pick<PayloadContext, 'botUser' | 'defaultUser' | 'nextId' | 'applicationId'>,
  options: FakeGuildOptions = {},
): FakeGuild {
  const id = options.id ?? ctx.nextId();
  const name = options.name ?? 'Fake Guild';
  const botRoleId = ctx.nextId();
  const owner = buildUser(ctx.nextId(), 'guild-owner');
  const joinedAt = new Date(snowflakeTimestamp(id)).toISOString();
  const roles: APIRole[] = [
    buildRole(id, '@everyone', options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, 0),
    buildRole(botRoleId, ctx.botUser.username, options.botPermissions ?? DEFAULT_BOT_PERMISSIONS, 1, {
      managed: true,
      tags: { bot_id: ctx.botUser.id },
    }),
  ];
  const channelOptions = options.channels ?? [{ name: 'general' }];
  if (channelOptions.length === 0) throw new Error('buildGuild: a fake guild needs at least one text channel');
  const channels = channelOptions.map((channel, index) =>
    buildTextChannel(id, channel.id ?? ctx.nextId(), channel.name ?? (index === 0 ? 'general' : `channel-${index + 1}`), index, channel),
  );
  const humans = [ctx.defaultUser, owner, ...(options.members ?? [])];
  const members = [buildMember(ctx.botUser, [botRoleId], joinedAt), ...humans.map((user) => buildMember(user, [], joinedAt))];
  const locale = options.preferredLocale ?? Locale.EnglishUS;
  const payload: GatewayGuildCreateDispatchData = {
    id,
    name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    features: [],
    owner_id: owner.id,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles,
    emojis: [],
    stickers: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
  return {
    id,
    name,
    ownerId: owner.id,
    everyoneRoleId: id,
    botRoleId,
    channels: channels.map((channel) => ({ id: channel.id, name: channel.name ?? '' })),
    defaultChannelId: channels[0]?.id ?? '',
    payload,
  };
}

/** Applies overwrites of one kind in Discord's order: all denies, then all allows. */
function applyOverwrites(permissions: bigint, overwrites: readonly APIOverwrite[]): bigint {
  let deny = 0n;
  let allow = 0n;
  for (const overwrite of overwrites) {
    deny |= BigInt(overwrite.deny);
    allow |= BigInt(overwrite.allow);
  }
  return (permissions & ~deny) | allow;
}

/**
 * Computes a member's permissions in a guild (and, with `channelId`, in a channel) with Discord's
 * documented algorithm: owner and Administrator get everything; otherwise @everyone | roles, then
 * the channel's @everyone, role and member overwrites.
 * @returns the permission bit set.
 */
export function computePermissions(guild: FakeGuild, userId: string, roleIds: readonly string[], channelId?: string): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  const roles = guild.payload.roles;
  let permissions = 0n;
  for (const role of roles) {
    if (role.id === guild.everyoneRoleId || roleIds.includes(role.id)) permissions |= BigInt(role.permissions);
  }
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  const channel = channelId === undefined ? undefined : guild.payload.channels.find((c) => c.id === channelId);
  if (!channel) return permissions;
  const overwrites = channel.permission_overwrites ?? [];
  permissions = applyOverwrites(
    permissions,
    overwrites.filter((o) => o.type === OverwriteType.Role && o.id === guild.everyoneRoleId),
  );
  permissions = applyOverwrites(
    permissions,
    overwrites.filter((o) => o.type === OverwriteType.Role && o.id !== guild.everyoneRoleId && roleIds.includes(o.id)),
  );
  return applyOverwrites(
    permissions,
    overwrites.filter((o) => o.type === OverwriteType.Member && o.id === userId),
  );
}

/** The roles of `userId` in `guild` (empty when not a member). */
export function memberRoles(guild: FakeGuild, userId: string): string[] {
  return guild.payload.members.find((member) => member.user.id === userId)?.roles ?? [];
}

/** Value of a command option as it travels in interaction data. */
export type CommandOptionValue = string | number | boolean;

/** One option of a command invocation (use the {@link option} helpers to build them). */
export interface CommandOptionInput {
  /** Option name. */
  name: string;
  /** Option type. */
  type: ApplicationCommandOptionType;
  /** Value for basic options (absent for subcommands and groups). */
  value?: CommandOptionValue;
  /** Marks the option being typed in an autocomplete interaction. */
  focused?: boolean;
  /** Nested options of a subcommand or subcommand group. */
  options?: CommandOptionInput[];
  /** The file of an attachment option (its `value` is the attachment's id; the file goes in `resolved`). */
  attachment?: APIAttachment;
}

/** Helpers that build {@link CommandOptionInput}s. */
export const option = {
  /** A string option. */
  string: (name: string, value: string, focused?: boolean): CommandOptionInput => ({
    name,
    type: ApplicationCommandOptionType.String,
    value,
    ...(focused === undefined ? {} : { focused }),
  }),
  /** An integer option (autocomplete sends what the user typed, possibly a partial number). */
  integer: (name: string, value: number, focused?: boolean): CommandOptionInput => ({
    name,
    type: ApplicationCommandOptionType.Integer,
    value,
    ...(focused === undefined ? {} : { focused }),
  }),
  /** A number option. */
  number: (name: string, value: number, focused?: boolean): CommandOptionInput => ({
    name,
    type: ApplicationCommandOptionType.Number,
    value,
    ...(focused === undefined ? {} : { focused }),
  }),
  /** A boolean option. */
  boolean: (name: string, value: boolean): CommandOptionInput => ({ name, type: ApplicationCommandOptionType.Boolean, value }),
  /**
   * An attachment option: a file the member attached, as returned by `fake.uploadAttachment()`
   * (the fake serves its bytes at its `url`, as Discord's CDN does).
   */
  attachment: (name: string, attachment: APIAttachment): CommandOptionInput => ({
    name,
    type: ApplicationCommandOptionType.Attachment,
    value: attachment.id,
    attachment,
  }),
  /** A subcommand with its options. */
  subcommand: (name: string, options: CommandOptionInput[] = []): CommandOptionInput => ({
    name,
    type: ApplicationCommandOptionType.Subcommand,
    options,
  }),
  /** A subcommand group containing one subcommand. */
  group: (name: string, subcommand: CommandOptionInput): CommandOptionInput => ({
    name,
    type: ApplicationCommandOptionType.SubcommandGroup,
    options: [subcommand],
  }),
} as const;

/** Converts option inputs to the wire shape (the union type of discord-api-types is keyed on `type`). */
function toDataOptions<T extends InteractionType>(options: readonly CommandOptionInput[]): APIApplicationCommandInteractionDataOption<T>[] {
  return options.map((input) => {
    const wire: Record<string, unknown> = { name: input.name, type: input.type };
    if (input.value !== undefined) wire['value'] = input.value;
    if (input.focused !== undefined) wire['focused'] = input.focused;
    if (input.options !== undefined) wire['options'] = toDataOptions<T>(input.options);
    // The shape matches the member of the union selected by `type`; TypeScript cannot narrow a
    // runtime-built object to it.
    return wire as unknown as APIApplicationCommandInteractionDataOption<T>;
  });
}

/** Where an interaction happens (the interaction `context`). */
export type InteractionWhere =
  /** A guild channel (context 0). */
  | 'guild'
  /** The DM between the user and the bot (context 1). */
  | 'botDm'
  /** A DM or group DM between users, reachable only by a user-installed app (context 2). */
  | 'privateChannel';

/** Options shared by all interaction builders. */
export interface InteractionBaseOptions {
  /** Where the interaction happens (default `'guild'`). */
  where?: InteractionWhere;
  /**
   * How the app is installed for this interaction: `'guild'` (guild install; default for `guild` and
   * `botDm`) or `'user'` (user install; forced for `privateChannel`). Sets `authorizing_integration_owners`.
   */
  install?: 'guild' | 'user';
  /** Guild (default: the first configured guild). */
  guild?: FakeGuild;
  /** Channel id (default: the guild's first channel, the user's DM channel, or a new private channel). */
  channelId?: string;
  /** Channel type for `privateChannel` (default DM). */
  privateChannelType?: ChannelType.DM | ChannelType.GroupDM;
  /** The invoking user (default: `ctx.defaultUser`). */
  user?: APIUser;
  /** Role ids of the invoking member (default: the member's roles in the guild). */
  roles?: string[];
  /** `member.permissions` (default: computed from roles and channel overwrites). */
  memberPermissions?: bigint | string;
  /** `app_permissions` (default: the bot's computed channel permissions, or the DM set). */
  appPermissions?: bigint | string;
  /** The user's client locale (default `en-US`). */
  locale?: Locale;
  /** Interaction id (default: generated). */
  id?: string;
  /** Interaction token (default: random). */
  token?: string;
}

/** Fields common to every interaction type, computed from {@link InteractionBaseOptions}. */
interface InteractionEnvelope {
  id: string;
  application_id: string;
  token: string;
  version: 1;
  channel: APIChatInputApplicationCommandInteraction['channel'];
  channel_id: string;
  guild_id?: string;
  guild?: APIPartialInteractionGuild;
  member?: APIInteractionGuildMember;
  user?: APIUser;
  app_permissions: string;
  locale: Locale;
  guild_locale?: Locale;
  entitlements: [];
  authorizing_integration_owners: APIAuthorizingIntegrationOwnersMap;
  context: InteractionContextType;
  attachment_size_limit: number;
}

/** A random interaction token (Discord's are long opaque strings). */
function randomToken(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `aW50ZXJhY3Rpb24${Buffer.from(bytes).toString('base64url')}`;
}

function toPermissionString(value: bigint | string): string {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The guild to use: the given one or the first configured. */
function pickGuild(ctx: PayloadContext, guild: FakeGuild | undefined): FakeGuild {
  const chosen = guild ?? ctx.guilds[0];
  if (!chosen) throw new Error('interaction builder: no guild configured; pass where: "botDm" or configure a guild');
  return chosen;
}

/** Builds the envelope (everything but `type` and `data`) of an interaction. */
function envelope(ctx: PayloadContext, options: InteractionBaseOptions): InteractionEnvelope {
  const where = options.where ?? 'guild';
  const user = options.user ?? ctx.defaultUser;
  const install = where === 'privateChannel' ? 'user' : (options.install ?? 'guild');
  const common = {
    id: options.id ?? ctx.nextId(),
    application_id: ctx.applicationId,
    token: options.token ?? randomToken(),
    version: 1 as const,
    locale: options.locale ?? Locale.EnglishUS,
    entitlements: [] as [],
    attachment_size_limit: DEFAULT_ATTACHMENT_SIZE_LIMIT,
  };
  if (where === 'guild') {
    const guild = pickGuild(ctx, options.guild);
    const channelId = options.channelId ?? guild.defaultChannelId;
    const textChannel = guild.payload.channels.find((c) => c.id === channelId);
    const roles = options.roles ?? memberRoles(guild, user.id);
    const memberPermissions = options.memberPermissions ?? computePermissions(guild, user.id, roles, channelId);
    const appPermissions =
      options.appPermissions ?? computePermissions(guild, ctx.botUser.id, memberRoles(guild, ctx.botUser.id), channelId);
    const member: APIInteractionGuildMember = {
      ...buildMember(user, roles, guild.payload.joined_at),
      permissions: toPermissionString(memberPermissions),
    };
    return {
      ...common,
      channel: textChannel ?? { id: channelId, type: ChannelType.GuildText, guild_id: guild.id, name: 'unknown' },
      channel_id: channelId,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.payload.preferred_locale, features: guild.payload.features },
      guild_locale: guild.payload.preferred_locale,
      member,
      app_permissions: toPermissionString(appPermissions),
      authorizing_integration_owners:
        install === 'user'
          ? { [ApplicationIntegrationType.UserInstall]: user.id }
          : { [ApplicationIntegrationType.GuildInstall]: guild.id },
      context: InteractionContextType.Guild,
    };
  }
  if (where === 'botDm') {
    const channelId = options.channelId ?? ctx.dmChannelId(user);
    return {
      ...common,
      channel: { id: channelId, type: ChannelType.DM, name: null, recipients: [user], last_message_id: null },
      channel_id: channelId,
      user,
      app_permissions: toPermissionString(options.appPermissions ?? DM_APP_PERMISSIONS),
      authorizing_integration_owners:
        install === 'user'
          ? { [ApplicationIntegrationType.UserInstall]: user.id }
          : { [ApplicationIntegrationType.GuildInstall]: '0' },
      context: InteractionContextType.BotDM,
    };
  }
  const channelId = options.channelId ?? ctx.nextId();
  const friend = buildUser(ctx.nextId(), 'friend');
  const channel: APIChatInputApplicationCommandInteraction['channel'] =
    options.privateChannelType === ChannelType.GroupDM
      ? { id: channelId, type: ChannelType.GroupDM, name: null, recipients: [user, friend], owner_id: user.id, icon: null, last_message_id: null }
      : { id: channelId, type: ChannelType.DM, name: null, recipients: [friend], last_message_id: null };
  return {
    ...common,
    channel,
    channel_id: channelId,
    user,
    app_permissions: toPermissionString(options.appPermissions ?? DM_APP_PERMISSIONS),
    authorizing_integration_owners: { [ApplicationIntegrationType.UserInstall]: user.id },
    context: InteractionContextType.PrivateChannel,
  };
}

/** Options of {@link chatInputInteraction}. */
export interface ChatInputInteractionOptions extends InteractionBaseOptions {
  /** Command name. */
  name: string;
  /** Options (use the {@link option} helpers). */
  options?: CommandOptionInput[];
  /** Command id (default: the registered command's id, else a new id). */
  commandId?: string;
}

/** Command data common to chat input and autocomplete interactions. */
function commandData(ctx: PayloadContext, options: ChatInputInteractionOptions, env: InteractionEnvelope) {
  const commandId = options.commandId ?? ctx.findCommandId(options.name, ApplicationCommandType.ChatInput, env.guild_id) ?? ctx.nextId();
  return { id: commandId, name: options.name, type: ApplicationCommandType.ChatInput as const };
}

/**
 * A slash command invocation (interaction type 2, command type 1).
 * @example chatInputInteraction(fake, { name: 'ask', options: [option.string('question', 'Who won?')] })
 */
export function chatInputInteraction(ctx: PayloadContext, options: ChatInputInteractionOptions): APIChatInputApplicationCommandInteraction {
  const env = envelope(ctx, options);
  const attachments = attachedFiles(options.options ?? []);
  return {
    ...env,
    type: InteractionType.ApplicationCommand,
    data: {
      ...commandData(ctx, options, env),
      options: toDataOptions<InteractionType.ApplicationCommand>(options.options ?? []),
      // Discord sends an attachment option's file in `resolved.attachments`, keyed by its id.
      ...(attachments.length > 0 ? { resolved: { attachments: Object.fromEntries(attachments.map((file) => [file.id, file])) } } : {}),
    },
  };
}

/** The files of the attachment options, nested ones included. */
function attachedFiles(options: readonly CommandOptionInput[]): APIAttachment[] {
  return options.flatMap((input) => [...(input.attachment ? [input.attachment] : []), ...attachedFiles(input.options ?? [])]);
}

/** True when the option or one of its nested options is focused. */
function hasFocused(options: readonly CommandOptionInput[]): boolean {
  return options.some((o) => o.focused === true || hasFocused(o.options ?? []));
}

/**
 * An autocomplete request (interaction type 4). Exactly one option must be `focused`
 * (e.g. `option.string('question', 'Wh', true)`).
 */
export function autocompleteInteraction(
  ctx: PayloadContext,
  options: ChatInputInteractionOptions,
): APIApplicationCommandAutocompleteInteraction {
  const inputs = options.options ?? [];
  if (!hasFocused(inputs)) throw new Error('autocompleteInteraction: mark the option being typed with focused: true');
  const env = envelope(ctx, options);
  return {
    ...env,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { ...commandData(ctx, options, env), options: toDataOptions<InteractionType.ApplicationCommandAutocomplete>(inputs) },
  };
}

/** Options of {@link buildMessage}. */
export interface BuildMessageOptions {
  /** Channel id. */
  channelId: string;
  /** Author (default: `ctx.defaultUser`). */
  author?: APIUser;
  /** Text content. */
  content?: string;
  /** Embeds. */
  embeds?: APIEmbed[];
  /** Components. */
  components?: APIMessageTopLevelComponent[];
  /** Message id (default: generated). */
  id?: string;
  /** Message flags. */
  flags?: number;
}

/** A message object as REST returns it. */
export function buildMessage(ctx: Pick<PayloadContext, 'nextId' | 'defaultUser'>, options: BuildMessageOptions): APIMessage {
  const id = options.id ?? ctx.nextId();
  return {
    id,
    channel_id: options.channelId,
    author: options.author ?? ctx.defaultUser,
    content: options.content ?? '',
    timestamp: new Date(snowflakeTimestamp(id)).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: options.embeds ?? [],
    components: options.components ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: options.flags ?? 0,
  };
}

/** Options of {@link buttonInteraction}. */
export interface ButtonInteractionOptions extends InteractionBaseOptions {
  /** The clicked button's `custom_id`. */
  customId: string;
  /**
   * The message carrying the button (default: a bot message in the channel with that button).
   * `sendInteraction` stores it so `update`/`deferUpdate` edits can be checked.
   */
  message?: APIMessage;
}

/** A button click (interaction type 3, component type 2) on a message. */
export function buttonInteraction(ctx: PayloadContext, options: ButtonInteractionOptions): APIMessageComponentButtonInteraction {
  const env = envelope(ctx, options);
  const message =
    options.message ??
    buildMessage(ctx, {
      channelId: env.channel_id,
      author: ctx.botUser,
      content: 'A message with a button',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: options.customId, label: 'Button' }],
        },
      ],
    });
  return {
    ...env,
    type: InteractionType.MessageComponent,
    data: { custom_id: options.customId, component_type: ComponentType.Button },
    message,
  };
}

/** Options of {@link messageContextMenuInteraction}. */
export interface MessageContextMenuInteractionOptions extends InteractionBaseOptions {
  /** Command name (e.g. `Check this quote`). */
  name: string;
  /** The message the command was used on (default: a message by the user with `targetContent`). */
  target?: APIMessage;
  /** Content of the default target message. */
  targetContent?: string;
  /** Command id (default: the registered command's id, else a new id). */
  commandId?: string;
}

/** A message context menu command (interaction type 2, command type 3) with `target_id` and `resolved.messages`. */
export function messageContextMenuInteraction(
  ctx: PayloadContext,
  options: MessageContextMenuInteractionOptions,
): APIMessageApplicationCommandInteraction {
  const env = envelope(ctx, options);
  const target =
    options.target ?? buildMessage(ctx, { channelId: env.channel_id, author: options.user ?? ctx.defaultUser, content: options.targetContent ?? '' });
  const commandId = options.commandId ?? ctx.findCommandId(options.name, ApplicationCommandType.Message, env.guild_id) ?? ctx.nextId();
  return {
    ...env,
    type: InteractionType.ApplicationCommand,
    data: {
      id: commandId,
      name: options.name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    },
  };
}

/** Options of {@link dmMessage} and {@link guildMessage}. */
export interface IncomingMessageOptions {
  /** Text content. */
  content: string;
  /** Author (default: `ctx.defaultUser`). */
  author?: APIUser;
  /** Message id (default: generated). */
  id?: string;
  /** Users mentioned (e.g. `[fake.botUser]` for a mention of the bot). */
  mentions?: APIUser[];
}

/**
 * A MESSAGE_CREATE payload for a plain DM from a user to the bot: no `guild_id`, `channel_type` 1.
 * discord.js only emits `messageCreate` for it with `partials: [Partials.Channel]` (the DM channel
 * is not cached) and the `DirectMessages` intent.
 */
export function dmMessage(ctx: PayloadContext, options: IncomingMessageOptions): GatewayMessageCreateDispatchData {
  const author = options.author ?? ctx.defaultUser;
  const message = buildMessage(ctx, { channelId: ctx.dmChannelId(author), author, content: options.content, ...(options.id ? { id: options.id } : {}) });
  return { ...message, mentions: options.mentions ?? [], channel_type: ChannelType.DM };
}

/** Options of {@link guildMessage}. */
export interface GuildMessageOptions extends IncomingMessageOptions {
  /** Guild (default: the first). */
  guild?: FakeGuild;
  /** Channel (default: the guild's first channel). */
  channelId?: string;
}

/** A MESSAGE_CREATE payload for a message in a guild text channel (with `guild_id` and `member`). */
export function guildMessage(ctx: PayloadContext, options: GuildMessageOptions): GatewayMessageCreateDispatchData {
  const guild = pickGuild(ctx, options.guild);
  const author = options.author ?? ctx.defaultUser;
  const channelId = options.channelId ?? guild.defaultChannelId;
  const message = buildMessage(ctx, { channelId, author, content: options.content, ...(options.id ? { id: options.id } : {}) });
  const { user: _user, ...member } = buildMember(author, memberRoles(guild, author.id), guild.payload.joined_at);
  return {
    ...message,
    guild_id: guild.id,
    member,
    mentions: options.mentions ?? [],
    channel_type: ChannelType.GuildText,
  };
}

/** Every interaction payload the fake can dispatch. */
export type AnyInteraction = APIInteraction;
