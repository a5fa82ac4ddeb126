/**
 * State of the fake: channels (guild text channels and DMs), their messages and pins, and the
 * conversion + validation of message bodies the bot sends (Discord's documented limits).
 */
import { ChannelType, MessageFlags, MessageType } from 'discord.js';
import type { APIAttachment, APIChannel, APIEmbed, APIMessage, APIUser } from 'discord.js';
import {
  ErrorCode,
  ErrorMessage,
  MAX_EMBED_AUTHOR_NAME_LENGTH,
  MAX_EMBED_DESCRIPTION_LENGTH,
  MAX_EMBED_FIELD_NAME_LENGTH,
  MAX_EMBED_FIELD_VALUE_LENGTH,
  MAX_EMBED_FIELDS,
  MAX_EMBED_FOOTER_LENGTH,
  MAX_EMBED_TITLE_LENGTH,
  MAX_EMBED_TOTAL_CHARACTERS,
  MAX_EMBEDS_PER_MESSAGE,
  MAX_MESSAGE_CONTENT_LENGTH,
  MAX_PINS_PER_CHANNEL,
} from './constants.ts';
import type { FakeGuild } from './payloads.ts';
import type { SnowflakeGenerator } from './snowflake.ts';
import { snowflakeTimestamp } from './snowflake.ts';
import type { RecordedFile } from './types.ts';

/** Nested `errors` object of a 400 Invalid Form Body response. */
export type FormErrors = { [key: string]: FormErrors | { code: string; message: string }[] };

/** An error response in Discord's JSON error format (`{ message, code, errors? }`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  /**
   * @param status HTTP status.
   * @param code Discord JSON error code.
   * @param message Discord error message.
   * @param errors field errors of an Invalid Form Body (50035) error.
   */
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super(message);
  }

  /** The JSON body Discord would send. */
  toJSON(): { message: string; code: number; errors?: FormErrors } {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

/** A 400 Invalid Form Body error for one field path (e.g. `['embeds', '0', 'title']`). */
export function formError(path: readonly string[], code: string, message: string): ApiError {
  let errors: FormErrors = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [key]: errors };
  return new ApiError(400, ErrorCode.InvalidFormBodyOrContentType, ErrorMessage.InvalidFormBody, errors);
}

/** Reads `value` as a plain object (empty object otherwise). */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A pinned message entry. */
export interface PinEntry {
  /** Pinned message id. */
  readonly messageId: string;
  /** ISO time of pinning. */
  readonly pinnedAt: string;
}

/** A channel the fake knows: a guild text channel or a DM. */
export interface ChannelRecord {
  /** Channel id. */
  readonly id: string;
  /** Guild id, null for DMs. */
  readonly guildId: string | null;
  /** Channel type. */
  readonly type: ChannelType;
  /** The other user of a DM (null for guild channels). */
  readonly recipient: APIUser | null;
  /** Channel object as REST returns it. */
  readonly payload: APIChannel;
  /** Messages by id, in creation order. */
  readonly messages: Map<string, APIMessage>;
  /** Pins, oldest first. */
  readonly pins: PinEntry[];
}

/** Stored attachment bytes served under `/attachments/...`. */
export interface StoredAttachment {
  /** Content type. */
  readonly contentType: string;
  /** Bytes. */
  readonly data: Buffer;
}

/** Message fields common to all message-creating routes. */
export interface MessageOrigin {
  /** Channel the message is in. */
  channelId: string;
  /** Author. */
  author: APIUser;
  /** Message type (default from `message_reference`: reply or default). */
  type?: MessageType;
  /** Extra fields (webhook_id, application_id, interaction_metadata, ...). */
  extra?: Partial<APIMessage>;
}

/** Flags a bot may set when sending a message. */
const SENDABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

/** Length of a string field, 0 when absent. */
function lengthOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

/** Validates one embed; returns its character count (title, description, fields, footer, author). */
function validateEmbed(embed: Record<string, unknown>, index: number): number {
  const at = (...path: string[]) => ['embeds', String(index), ...path];
  const maxLength = (path: string[], value: unknown, limit: number): number => {
    const length = lengthOf(value);
    if (length > limit) throw formError(at(...path), 'BASE_TYPE_MAX_LENGTH', `Must be ${limit} or fewer in length.`);
    return length;
  };
  let total = maxLength(['title'], embed['title'], MAX_EMBED_TITLE_LENGTH);
  total += maxLength(['description'], embed['description'], MAX_EMBED_DESCRIPTION_LENGTH);
  total += maxLength(['footer', 'text'], asRecord(embed['footer'])['text'], MAX_EMBED_FOOTER_LENGTH);
  total += maxLength(['author', 'name'], asRecord(embed['author'])['name'], MAX_EMBED_AUTHOR_NAME_LENGTH);
  const fields = Array.isArray(embed['fields']) ? embed['fields'] : [];
  if (fields.length > MAX_EMBED_FIELDS) {
    throw formError(at('fields'), 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBED_FIELDS} or fewer in length.`);
  }
  fields.forEach((raw, fieldIndex) => {
    const embedField = asRecord(raw);
    for (const [key, limit] of [['name', MAX_EMBED_FIELD_NAME_LENGTH], ['value', MAX_EMBED_FIELD_VALUE_LENGTH]] as const) {
      const value = embedField[key];
      if (typeof value !== 'string' || value.length === 0) {
        throw formError(at('fields', String(fieldIndex), key), 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      total += maxLength(['fields', String(fieldIndex), key], value, limit);
    }
  });
  return total;
}

/** Options of {@link validateMessageBody}. */
export interface ValidateOptions {
  /** Files attached to the request. */
  files: readonly RecordedFile[];
  /** Attachments already on the message (edits keep them). */
  existingAttachments?: number;
  /** Content/embeds/components already on the message (edits only change what they send). */
  existing?: APIMessage | null;
}

/**
 * Validates a message body against Discord's limits: content ≤ 2000 characters, ≤ 10 embeds,
 * embed field limits and 6000 characters in total, and not empty.
 * @throws ApiError 400 (50035 Invalid Form Body, or 50006 Cannot send an empty message).
 */
export function validateMessageBody(body: Record<string, unknown>, options: ValidateOptions): void {
  const content = body['content'];
  if (content !== undefined && content !== null && typeof content !== 'string') {
    throw formError(['content'], 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
  }
  if (lengthOf(content) > MAX_MESSAGE_CONTENT_LENGTH) {
    throw formError(['content'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_MESSAGE_CONTENT_LENGTH} or fewer in length.`);
  }
  const embeds = body['embeds'];
  if (Array.isArray(embeds)) {
    if (embeds.length > MAX_EMBEDS_PER_MESSAGE) {
      throw formError(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBEDS_PER_MESSAGE} or fewer in length.`);
    }
    const total = embeds.reduce<number>((sum, embed, index) => sum + validateEmbed(asRecord(embed), index), 0);
    if (total > MAX_EMBED_TOTAL_CHARACTERS) {
      throw formError(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL_CHARACTERS}`);
    }
  }
  const existing = options.existing ?? null;
  const finalContent = 'content' in body ? (typeof content === 'string' ? content : '') : (existing?.content ?? '');
  const finalEmbeds = 'embeds' in body ? (Array.isArray(embeds) ? embeds.length : 0) : (existing?.embeds.length ?? 0);
  const components = body['components'];
  const finalComponents = 'components' in body ? (Array.isArray(components) ? components.length : 0) : (existing?.components?.length ?? 0);
  const attachments = options.files.length + (options.existingAttachments ?? 0);
  const poll = body['poll'] !== undefined && body['poll'] !== null;
  const stickers = Array.isArray(body['sticker_ids']) && body['sticker_ids'].length > 0;
  if (finalContent.trim() === '' && finalEmbeds === 0 && finalComponents === 0 && attachments === 0 && !poll && !stickers) {
    throw new ApiError(400, ErrorCode.CannotSendAnEmptyMessage, ErrorMessage.EmptyMessage);
  }
}

/** The state store. */
export class FakeStore {
  readonly #channels = new Map<string, ChannelRecord>();
  readonly #dmByUser = new Map<string, string>();
  readonly #attachments = new Map<string, StoredAttachment>();
  readonly #nextId: SnowflakeGenerator;
  readonly #users = new Map<string, APIUser>();
  readonly #origin: () => string;

  /**
   * @param nextId snowflake generator.
   * @param origin `http://127.0.0.1:PORT`, used in attachment URLs.
   */
  constructor(nextId: SnowflakeGenerator, origin: () => string) {
    this.#nextId = nextId;
    this.#origin = origin;
  }

  /** Registers a user (so `GET /users/{id}` and DMs know it). */
  addUser(user: APIUser): void {
    this.#users.set(user.id, user);
  }

  /** A known user. */
  user(id: string): APIUser | undefined {
    return this.#users.get(id);
  }

  /** Registers the text channels of a guild. */
  addGuild(guild: FakeGuild): void {
    for (const channel of guild.payload.channels) {
      this.#channels.set(channel.id, {
        id: channel.id,
        guildId: guild.id,
        type: channel.type,
        recipient: null,
        payload: channel,
        messages: new Map(),
        pins: [],
      });
    }
    for (const member of guild.payload.members) this.addUser(member.user);
  }

  /** The DM channel with `user`, created on first use (ids are stable per user). */
  ensureDm(user: APIUser, channelId?: string): ChannelRecord {
    this.addUser(user);
    const existingId = channelId ?? this.#dmByUser.get(user.id);
    const existing = existingId === undefined ? undefined : this.#channels.get(existingId);
    if (existing) return existing;
    const id = existingId ?? this.#nextId();
    const record: ChannelRecord = {
      id,
      guildId: null,
      type: ChannelType.DM,
      recipient: user,
      payload: { id, type: ChannelType.DM, name: null, last_message_id: null, recipients: [user] },
      messages: new Map(),
      pins: [],
    };
    this.#channels.set(id, record);
    if (!this.#dmByUser.has(user.id)) this.#dmByUser.set(user.id, id);
    return record;
  }

  /** A channel by id. */
  channel(id: string): ChannelRecord | undefined {
    return this.#channels.get(id);
  }

  /** Stores `message` in its channel (the channel must exist). */
  putMessage(message: APIMessage): void {
    const channel = this.#channels.get(message.channel_id);
    if (!channel) throw new Error(`fake store: unknown channel ${message.channel_id}`);
    channel.messages.set(message.id, message);
  }

  /** A message, or undefined. */
  message(channelId: string, messageId: string): APIMessage | undefined {
    return this.#channels.get(channelId)?.messages.get(messageId);
  }

  /** Removes a message (and its pin). */
  deleteMessage(channelId: string, messageId: string): boolean {
    const channel = this.#channels.get(channelId);
    if (!channel) return false;
    const index = channel.pins.findIndex((pin) => pin.messageId === messageId);
    if (index >= 0) channel.pins.splice(index, 1);
    return channel.messages.delete(messageId);
  }

  /**
   * Pins a message. Pinning a pinned message is a no-op.
   * @throws ApiError 404 10008 for an unknown message, 400 30003 when 50 are pinned already.
   */
  pin(channelId: string, messageId: string): void {
    const channel = this.#requireChannel(channelId);
    const message = channel.messages.get(messageId);
    if (!message) throw new ApiError(404, ErrorCode.UnknownMessage, ErrorMessage.UnknownMessage);
    if (channel.pins.some((pin) => pin.messageId === messageId)) return;
    if (channel.pins.length >= MAX_PINS_PER_CHANNEL) {
      throw new ApiError(400, ErrorCode.MaximumNumberOfPinsReachedForTheChannel, ErrorMessage.MaxPins);
    }
    channel.pins.push({ messageId, pinnedAt: new Date().toISOString() });
    channel.messages.set(messageId, { ...message, pinned: true });
  }

  /**
   * Unpins a message (no-op if not pinned).
   * @throws ApiError 404 10008 for an unknown message.
   */
  unpin(channelId: string, messageId: string): void {
    const channel = this.#requireChannel(channelId);
    const message = channel.messages.get(messageId);
    if (!message) throw new ApiError(404, ErrorCode.UnknownMessage, ErrorMessage.UnknownMessage);
    const index = channel.pins.findIndex((pin) => pin.messageId === messageId);
    if (index >= 0) channel.pins.splice(index, 1);
    channel.messages.set(messageId, { ...message, pinned: false });
  }

  /** Pins of a channel, newest first, with their messages. */
  pins(channelId: string): { pinnedAt: string; message: APIMessage }[] {
    const channel = this.#channels.get(channelId);
    if (!channel) return [];
    return [...channel.pins]
      .reverse()
      .flatMap((pin) => {
        const message = channel.messages.get(pin.messageId);
        return message ? [{ pinnedAt: pin.pinnedAt, message }] : [];
      });
  }

  /**
   * A file a member attached to a command: stored and served like an uploaded one, at an address
   * shaped like the CDN's (the signature query Discord adds is ignored when serving).
   */
  upload(filename: string, contentType: string, data: Buffer): APIAttachment {
    const id = this.#nextId();
    const path = `/attachments/uploads/${id}/${encodeURIComponent(filename)}`;
    this.#attachments.set(path, { contentType, data });
    const url = `${this.#origin()}${path}?ex=${Math.floor(Date.now() / 1000 + 86_400).toString(16)}&is=0&hm=fake`;
    return { id, filename, size: data.length, url, proxy_url: url, content_type: contentType };
  }

  /** Stored attachment bytes by URL path. */
  attachment(path: string): StoredAttachment | undefined {
    return this.#attachments.get(path);
  }

  #requireChannel(channelId: string): ChannelRecord {
    const channel = this.#channels.get(channelId);
    if (!channel) throw new ApiError(404, ErrorCode.UnknownChannel, ErrorMessage.UnknownChannel);
    return channel;
  }

  /** Turns uploaded files (+ `attachments` metadata of the body) into attachment objects. */
  #attachmentsFrom(channelId: string, body: Record<string, unknown>, files: readonly RecordedFile[]): APIAttachment[] {
    const metadata = Array.isArray(body['attachments']) ? body['attachments'].map(asRecord) : [];
    return files.map((file, index) => {
      const id = this.#nextId();
      const meta = metadata.find((entry) => String(entry['id']) === String(index)) ?? {};
      const filename = typeof meta['filename'] === 'string' ? meta['filename'] : file.filename;
      const path = `/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      this.#attachments.set(path, { contentType: file.contentType, data: file.data });
      return {
        id,
        filename,
        size: file.size,
        url: `${this.#origin()}${path}`,
        proxy_url: `${this.#origin()}${path}`,
        content_type: file.contentType,
        ...(typeof meta['description'] === 'string' ? { description: meta['description'] } : {}),
      };
    });
  }

  /**
   * Builds a new message from a create-message body (content, embeds, components, flags,
   * message_reference, files). Does not store it.
   */
  createMessage(origin: MessageOrigin, body: Record<string, unknown>, files: readonly RecordedFile[]): APIMessage {
    const id = this.#nextId();
    const reference = asRecord(body['message_reference']);
    const referencedId = typeof reference['message_id'] === 'string' ? reference['message_id'] : undefined;
    const referenced = referencedId === undefined ? undefined : this.message(String(reference['channel_id'] ?? origin.channelId), referencedId);
    const flags = typeof body['flags'] === 'number' ? body['flags'] & SENDABLE_FLAGS : 0;
    return {
      id,
      channel_id: origin.channelId,
      author: origin.author,
      content: typeof body['content'] === 'string' ? body['content'] : '',
      timestamp: new Date(snowflakeTimestamp(id)).toISOString(),
      edited_timestamp: null,
      tts: body['tts'] === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.#attachmentsFrom(origin.channelId, body, files),
      embeds: Array.isArray(body['embeds']) ? (body['embeds'] as APIEmbed[]).map((embed) => ({ type: 'rich' as APIEmbed['type'], ...embed })) : [],
      components: Array.isArray(body['components']) ? (body['components'] as APIMessage['components']) : [],
      pinned: false,
      type: origin.type ?? (referencedId === undefined ? MessageType.Default : MessageType.Reply),
      flags,
      ...(typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number' ? { nonce: body['nonce'] } : {}),
      ...(referencedId === undefined
        ? {}
        : {
            message_reference: { type: 0, message_id: referencedId, channel_id: origin.channelId },
            referenced_message: referenced ?? null,
          }),
      ...origin.extra,
    };
  }

  /**
   * Applies an edit body to `message`: replaces content/embeds/components when present, keeps the
   * attachments listed in `attachments` (all when absent) and adds uploaded files.
   */
  editMessage(message: APIMessage, body: Record<string, unknown>, files: readonly RecordedFile[], clearFlags = 0): APIMessage {
    const keepIds = Array.isArray(body['attachments']) ? new Set(body['attachments'].map((a) => String(asRecord(a)['id']))) : null;
    const kept = keepIds ? message.attachments.filter((attachment) => keepIds.has(attachment.id)) : message.attachments;
    const flags = (message.flags ?? 0) & ~clearFlags;
    const editedFlags = typeof body['flags'] === 'number' ? (flags & ~MessageFlags.SuppressEmbeds) | (body['flags'] & MessageFlags.SuppressEmbeds) : flags;
    return {
      ...message,
      ...('content' in body ? { content: typeof body['content'] === 'string' ? body['content'] : '' } : {}),
      ...('embeds' in body ? { embeds: Array.isArray(body['embeds']) ? (body['embeds'] as APIEmbed[]) : [] } : {}),
      ...('components' in body ? { components: Array.isArray(body['components']) ? (body['components'] as APIMessage['components']) : [] } : {}),
      attachments: [...kept, ...this.#attachmentsFrom(message.channel_id, body, files)],
      flags: editedFlags,
      edited_timestamp: (message.flags ?? 0) & MessageFlags.Loading ? null : new Date().toISOString(),
    };
  }
}
