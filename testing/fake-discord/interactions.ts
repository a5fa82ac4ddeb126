/**
 * Interaction state and the interaction routes: the callback
 * (`POST /interactions/{id}/{token}/callback`) and the interaction webhook
 * (`POST /webhooks/{app}/{token}`, `GET|PATCH|DELETE /webhooks/{app}/{token}/messages/{@original|id}`).
 *
 * Modelled Discord behaviour:
 * - One callback per interaction: a second one → 400 40060 "Interaction has already been acknowledged."
 * - A callback later than the ack deadline (3 s by default) → 404 10062 "Unknown interaction".
 * - Follow-ups and `@original` before the callback → 404 10015 "Unknown Webhook".
 * - Type 5 (defer) creates a loading `@original` (flag 128); editing it clears the flag, and the
 *   first follow-up after a defer replaces the loading message (as Discord does).
 * - Type 6/7 target the message carrying the component; type 8 only answers autocomplete.
 * - `?with_response=true` returns an interaction callback response object, otherwise 204.
 */
import { ApplicationCommandType, InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord.js';
import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIMessage,
  APIMessageInteractionMetadata,
  APIUser,
  RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord.js';
import {
  ErrorCode,
  ErrorMessage,
  MAX_AUTOCOMPLETE_CHOICES,
  MAX_CHOICE_NAME_LENGTH,
  MAX_CHOICE_STRING_VALUE_LENGTH,
} from './constants.ts';
import { ApiError, asRecord, formError, validateMessageBody } from './store.ts';
import type { FakeStore } from './store.ts';
import type { RecordedFile, RecordedRequest } from './types.ts';
import { DEFAULT_WAIT_TIMEOUT_MS, waitUntil } from './wait.ts';
import type { ChangeSignal } from './wait.ts';

/** Route template of the interaction callback. */
export const CALLBACK_ROUTE = 'POST /interactions/:id/:token/callback';

/** The fake's view of one dispatched interaction; lets a test await and inspect the bot's answer. */
export interface InteractionHandle {
  /** Interaction id. */
  readonly id: string;
  /** Interaction token. */
  readonly token: string;
  /** The INTERACTION_CREATE payload. */
  readonly payload: APIInteraction;
  /** Gateway sequence number of the dispatch (null if filtered — never for interactions). */
  readonly sequence: number | null;
  /** Every REST request aimed at this interaction (callbacks and webhook calls), in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Callback requests, accepted or not (a correct bot sends exactly one). */
  readonly callbackRequests: readonly RecordedRequest[];
  /** The accepted callback's type, null until acknowledged. */
  readonly callbackType: InteractionResponseType | null;
  /** The `@original` response message (for 6/7: the component's message); null if none or deleted. */
  readonly original: APIMessage | null;
  /** Follow-up messages (not counting one that replaced a deferred loading message). */
  readonly followUps: readonly APIMessage[];
  /** Messages the user sees for this interaction: `@original` (if any) then follow-ups. */
  readonly messages: readonly APIMessage[];
  /** Autocomplete choices sent with callback type 8. */
  readonly choices: readonly APIApplicationCommandOptionChoice[] | null;
  /** Modal data sent with callback type 9. */
  readonly modal: unknown;
  /** Resolves with the accepted callback request (the first 2xx one). */
  waitForCallback(timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * Resolves with `@original` once `predicate` holds (default: it exists and is no longer loading,
   * i.e. a reply, or a deferred reply that was edited).
   */
  waitForOriginal(predicate?: (message: APIMessage) => boolean, timeoutMs?: number): Promise<APIMessage>;
  /** Resolves with the follow-ups once there are at least `count`. */
  waitForFollowUps(count: number, timeoutMs?: number): Promise<readonly APIMessage[]>;
  /** Resolves with the autocomplete choices once sent. */
  waitForChoices(timeoutMs?: number): Promise<readonly APIApplicationCommandOptionChoice[]>;
  /** Resolves with the first request to this interaction matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
}

/** Publishes message changes to the gateway (MESSAGE_CREATE/UPDATE/DELETE for the bot's own messages). */
export type MessageEcho = (event: 'create' | 'update' | 'delete', message: APIMessage) => void;

/** Everything the interaction routes need from the server. */
export interface InteractionDeps {
  /** State store. */
  readonly store: FakeStore;
  /** Application id (webhook id of interaction webhooks). */
  readonly applicationId: string;
  /** The bot user (author of responses). */
  readonly botUser: APIUser;
  /** Change notifications. */
  readonly signal: ChangeSignal;
  /** Gateway echo of the bot's messages. */
  readonly echo: MessageEcho;
  /** Summary of recent requests for timeout messages. */
  readonly describeRecent: () => string;
}

/** The state of one interaction. */
export class InteractionRecord implements InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  /** Set once dispatched (the record exists before, so an instant answer is attributed). */
  sequence: number | null = null;
  readonly requests: RecordedRequest[] = [];
  /** Epoch ms after which a callback is rejected. */
  readonly deadline: number;
  callbackType: InteractionResponseType | null = null;
  original: APIMessage | null = null;
  readonly #followUps = new Map<string, APIMessage>();
  choices: APIApplicationCommandOptionChoice[] | null = null;
  modal: unknown = null;
  readonly #deps: InteractionDeps;

  constructor(payload: APIInteraction, ackDeadlineMs: number, deps: InteractionDeps) {
    this.id = payload.id;
    this.token = payload.token;
    this.payload = payload;
    this.deadline = Date.now() + ackDeadlineMs;
    this.#deps = deps;
  }

  get callbackRequests(): readonly RecordedRequest[] {
    return this.requests.filter((request) => request.route === CALLBACK_ROUTE);
  }

  get followUps(): readonly APIMessage[] {
    return [...this.#followUps.values()];
  }

  get messages(): readonly APIMessage[] {
    return [...(this.original ? [this.original] : []), ...this.#followUps.values()];
  }

  /** Channel id of the interaction. */
  get channelId(): string | undefined {
    return this.payload.channel?.id ?? this.payload.channel_id;
  }

  #wait<T>(check: () => T | undefined | null | false, description: string, timeoutMs: number | undefined): Promise<T> {
    return waitUntil(check, {
      timeoutMs: timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
      description: `${description} of interaction ${this.id}`,
      signal: this.#deps.signal,
      diagnostics: () => this.#diagnostics(),
    });
  }

  #diagnostics(): string {
    const mine = this.requests.map((r) => `  ${r.method} ${r.path} -> ${r.status ?? 'pending'}${r.fault ? ` (fault: ${r.fault})` : ''}`);
    return [
      `callback type: ${this.callbackType ?? 'none'}; original: ${this.original ? JSON.stringify(this.original.content) : 'none'}; follow-ups: ${this.#followUps.size}`,
      `requests for this interaction:${mine.length ? `\n${mine.join('\n')}` : ' none'}`,
      `recent requests:\n${this.#deps.describeRecent()}`,
    ].join('\n');
  }

  waitForCallback(timeoutMs?: number): Promise<RecordedRequest> {
    return this.#wait(
      () => this.callbackRequests.find((r) => r.status !== null && r.status >= 200 && r.status < 300),
      'an accepted callback',
      timeoutMs,
    );
  }

  waitForOriginal(predicate?: (message: APIMessage) => boolean, timeoutMs?: number): Promise<APIMessage> {
    const test = predicate ?? ((message: APIMessage) => ((message.flags ?? 0) & MessageFlags.Loading) === 0);
    return this.#wait(() => (this.original && test(this.original) ? this.original : undefined), 'the original response', timeoutMs);
  }

  waitForFollowUps(count: number, timeoutMs?: number): Promise<readonly APIMessage[]> {
    return this.#wait(() => (this.#followUps.size >= count ? this.followUps : undefined), `${count} follow-up(s)`, timeoutMs);
  }

  waitForChoices(timeoutMs?: number): Promise<readonly APIApplicationCommandOptionChoice[]> {
    return this.#wait(() => this.choices, 'autocomplete choices', timeoutMs);
  }

  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest> {
    return this.#wait(() => this.requests.find(predicate), 'a matching request', timeoutMs);
  }

  /** Adds a follow-up. */
  addFollowUp(message: APIMessage): void {
    this.#followUps.set(message.id, message);
  }

  /** A follow-up by id. */
  followUp(id: string): APIMessage | undefined {
    return this.#followUps.get(id);
  }

  /** Replaces or removes a follow-up. */
  setFollowUp(id: string, message: APIMessage | null): void {
    if (message) this.#followUps.set(id, message);
    else this.#followUps.delete(id);
  }
}

/** Valid callback types per interaction type. */
const ALLOWED_CALLBACKS: Readonly<Record<number, readonly InteractionResponseType[]>> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
    InteractionResponseType.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
    InteractionResponseType.LaunchActivity,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** Result of a route handler. */
export interface RouteResult {
  /** HTTP status. */
  status: number;
  /** JSON body (omitted for 204). */
  body?: unknown;
}

/** The user who invoked an interaction. */
function invoker(payload: APIInteraction): APIUser | undefined {
  return payload.member?.user ?? payload.user;
}

/** Validates autocomplete choices (≤ 25; names 1–100 characters; string values ≤ 100). */
function validateChoices(data: Record<string, unknown>): APIApplicationCommandOptionChoice[] {
  const choices = data['choices'];
  if (!Array.isArray(choices)) throw formError(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (choices.length > MAX_AUTOCOMPLETE_CHOICES) {
    throw formError(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_AUTOCOMPLETE_CHOICES} or fewer in length.`);
  }
  return choices.map((raw, index) => {
    const choice = asRecord(raw);
    const name = choice['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > MAX_CHOICE_NAME_LENGTH) {
      throw formError(['data', 'choices', String(index), 'name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_CHOICE_NAME_LENGTH} in length.`);
    }
    const value = choice['value'];
    if (typeof value === 'string' ? value.length > MAX_CHOICE_STRING_VALUE_LENGTH : typeof value !== 'number') {
      throw formError(['data', 'choices', String(index), 'value'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CHOICE_STRING_VALUE_LENGTH} or fewer in length.`);
    }
    return { name, value: value as string | number };
  });
}

/** The registry of dispatched interactions and the handlers of the interaction routes. */
export class InteractionRegistry {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();
  readonly #deps: InteractionDeps;

  constructor(deps: InteractionDeps) {
    this.#deps = deps;
  }

  /** All interactions, in dispatch order. */
  get all(): readonly InteractionRecord[] {
    return [...this.#byId.values()];
  }

  /** Registers a dispatched interaction. */
  add(payload: APIInteraction, ackDeadlineMs: number): InteractionRecord {
    if (this.#byId.has(payload.id)) throw new Error(`fake discord: interaction id ${payload.id} was already dispatched`);
    const record = new InteractionRecord(payload, ackDeadlineMs, this.#deps);
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
    return record;
  }

  /** An interaction by id. */
  get(id: string): InteractionRecord | undefined {
    return this.#byId.get(id);
  }

  /** Attributes a request to the interaction its path names (called for every request, faulted or not). */
  attribute(request: RecordedRequest & { path: string }): void {
    const callback = /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(request.path);
    const webhook = /^\/webhooks\/([^/]+)\/([^/]+)(?:\/|$)/.exec(request.path);
    const record = callback ? this.#byId.get(callback[1] ?? '') : webhook ? this.#byToken.get(webhook[2] ?? '') : undefined;
    if (record && (!callback || callback[2] === record.token)) record.requests.push(request);
  }

  /** Author, type and metadata of a response message. */
  #responseOrigin(record: InteractionRecord) {
    const payload = record.payload;
    const user = invoker(payload);
    const metadata = {
      id: payload.id,
      type: payload.type,
      user,
      authorizing_integration_owners: payload.authorizing_integration_owners,
      ...(payload.type === InteractionType.ApplicationCommand ? { name: payload.data.name, command_type: payload.data.type } : {}),
    } as APIMessageInteractionMetadata;
    const type =
      payload.type === InteractionType.ApplicationCommand
        ? payload.data.type === ApplicationCommandType.ChatInput
          ? MessageType.ChatInputCommand
          : MessageType.ContextMenuCommand
        : MessageType.Default;
    return {
      channelId: record.channelId ?? '',
      author: this.#deps.botUser,
      type,
      extra: { webhook_id: this.#deps.applicationId, application_id: this.#deps.applicationId, interaction_metadata: metadata },
    };
  }

  /** Stores a response message in its channel (unless ephemeral or the channel is unknown) and echoes it. */
  #publish(message: APIMessage, event: 'create' | 'update'): void {
    if (((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return;
    if (!this.#deps.store.channel(message.channel_id)) return;
    this.#deps.store.putMessage(message);
    this.#deps.echo(event, message);
  }

  /** `POST /interactions/{id}/{token}/callback`. */
  callback(id: string, token: string, body: unknown, files: readonly RecordedFile[], withResponse: boolean): RouteResult {
    const record = this.#byId.get(id);
    if (!record || record.token !== token) throw new ApiError(404, ErrorCode.UnknownInteraction, ErrorMessage.UnknownInteraction);
    if (record.callbackType !== null) {
      throw new ApiError(400, ErrorCode.InteractionHasAlreadyBeenAcknowledged, ErrorMessage.AlreadyAcknowledged);
    }
    if (Date.now() > record.deadline) throw new ApiError(404, ErrorCode.UnknownInteraction, ErrorMessage.UnknownInteraction);
    const request = asRecord(body);
    const type = request['type'];
    if (typeof type !== 'number' || !(ALLOWED_CALLBACKS[record.payload.type] ?? []).includes(type)) {
      throw formError(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${String(type)} is not valid for interaction type ${record.payload.type}`);
    }
    const data = asRecord(request['data']);
    const componentMessage = 'message' in record.payload ? (record.payload.message ?? null) : null;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        validateMessageBody(data, { files });
        record.original = this.#deps.store.createMessage(this.#responseOrigin(record), data, files);
        this.#publish(record.original, 'create');
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = (typeof data['flags'] === 'number' ? data['flags'] & MessageFlags.Ephemeral : 0) | MessageFlags.Loading;
        record.original = this.#deps.store.createMessage(this.#responseOrigin(record), { flags: 0 }, []);
        record.original = { ...record.original, flags };
        this.#publish(record.original, 'create');
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
        record.original = componentMessage;
        break;
      case InteractionResponseType.UpdateMessage: {
        if (!componentMessage) throw new ApiError(400, ErrorCode.UnknownMessage, ErrorMessage.UnknownMessage);
        validateMessageBody(data, { files, existing: componentMessage, existingAttachments: componentMessage.attachments.length });
        const current = this.#deps.store.message(componentMessage.channel_id, componentMessage.id) ?? componentMessage;
        record.original = this.#deps.store.editMessage(current, data, files);
        this.#publish(record.original, 'update');
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        record.choices = validateChoices(data);
        break;
      default:
        record.modal = data;
    }
    record.callbackType = type;
    this.#deps.signal.notify();
    if (!withResponse) return { status: 204 };
    const original = record.original;
    const result: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: {
        id: record.id,
        type: record.payload.type,
        ...(original
          ? {
              response_message_id: original.id,
              response_message_loading: ((original.flags ?? 0) & MessageFlags.Loading) !== 0,
              response_message_ephemeral: ((original.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: {
        type,
        ...(original && (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage)
          ? { message: original }
          : {}),
      },
    };
    return { status: 200, body: result };
  }

  /** The acknowledged interaction of an interaction webhook, or 404 Unknown Webhook. */
  #webhookRecord(applicationId: string, token: string): InteractionRecord {
    const record = this.#byToken.get(token);
    if (applicationId !== this.#deps.applicationId || !record || record.callbackType === null) {
      throw new ApiError(404, ErrorCode.UnknownWebhook, ErrorMessage.UnknownWebhook);
    }
    return record;
  }

  /** Resolves `@original` or a follow-up id to its message. */
  #target(record: InteractionRecord, messageId: string): { message: APIMessage; isOriginal: boolean } {
    if (messageId === '@original' || messageId === record.original?.id) {
      if (!record.original) throw new ApiError(404, ErrorCode.UnknownMessage, ErrorMessage.UnknownMessage);
      return { message: record.original, isOriginal: true };
    }
    const followUp = record.followUp(messageId);
    if (!followUp) throw new ApiError(404, ErrorCode.UnknownMessage, ErrorMessage.UnknownMessage);
    return { message: followUp, isOriginal: false };
  }

  /** `POST /webhooks/{app}/{token}` — a follow-up message. */
  followUp(applicationId: string, token: string, body: unknown, files: readonly RecordedFile[], wait: boolean): RouteResult {
    const record = this.#webhookRecord(applicationId, token);
    const data = asRecord(body);
    validateMessageBody(data, { files });
    const original = record.original;
    let message: APIMessage;
    if (
      record.callbackType === InteractionResponseType.DeferredChannelMessageWithSource &&
      original &&
      ((original.flags ?? 0) & MessageFlags.Loading) !== 0
    ) {
      // Discord: the first follow-up after a deferred reply replaces the loading message.
      message = this.#deps.store.editMessage(original, data, files, MessageFlags.Loading);
      record.original = message;
      this.#publish(message, 'update');
    } else {
      message = this.#deps.store.createMessage(this.#responseOrigin(record), data, files);
      record.addFollowUp(message);
      this.#publish(message, 'create');
    }
    this.#deps.signal.notify();
    return wait ? { status: 200, body: message } : { status: 204 };
  }

  /** `GET /webhooks/{app}/{token}/messages/{message}`. */
  getMessage(applicationId: string, token: string, messageId: string): RouteResult {
    const record = this.#webhookRecord(applicationId, token);
    return { status: 200, body: this.#target(record, messageId).message };
  }

  /** `PATCH /webhooks/{app}/{token}/messages/{message}`. */
  editMessage(applicationId: string, token: string, messageId: string, body: unknown, files: readonly RecordedFile[]): RouteResult {
    const record = this.#webhookRecord(applicationId, token);
    const { message, isOriginal } = this.#target(record, messageId);
    const data = asRecord(body);
    validateMessageBody(data, { files, existing: message, existingAttachments: message.attachments.length });
    const edited = this.#deps.store.editMessage(message, data, files, MessageFlags.Loading);
    if (isOriginal) record.original = edited;
    else record.setFollowUp(edited.id, edited);
    this.#publish(edited, 'update');
    this.#deps.signal.notify();
    return { status: 200, body: edited };
  }

  /** `DELETE /webhooks/{app}/{token}/messages/{message}`. */
  deleteMessage(applicationId: string, token: string, messageId: string): RouteResult {
    const record = this.#webhookRecord(applicationId, token);
    const { message, isOriginal } = this.#target(record, messageId);
    if (isOriginal) record.original = null;
    else record.setFollowUp(message.id, null);
    if (this.#deps.store.deleteMessage(message.channel_id, message.id)) this.#deps.echo('delete', message);
    this.#deps.signal.notify();
    return { status: 204 };
  }
}
