/**
 * Application command registry of the fake (`/applications/{app}/commands` and the guild variant),
 * with Discord's documented validation so a deploy script that Discord would reject fails here too.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType } from 'discord.js';
import type { APIApplicationCommand } from 'discord.js';
import { ErrorCode, ErrorMessage } from './constants.ts';
import type { SnowflakeGenerator } from './snowflake.ts';
import { ApiError, asRecord, formError } from './store.ts';

/** Chat input command and option names: 1–32 of letters, numbers, `-`, `_`, `'` (Devanagari and Thai allowed). */
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** Maximum length of a user/message command name. */
const MAX_CONTEXT_MENU_NAME_LENGTH = 32;
/** Command/option description length range. */
const MAX_DESCRIPTION_LENGTH = 100;
/** Maximum options per command or subcommand. */
const MAX_OPTIONS = 25;
/** Maximum choices per option. */
const MAX_CHOICES = 25;
/** Maximum global chat input commands. */
const MAX_CHAT_INPUT_COMMANDS = 100;
/** Maximum user and message commands, each. */
const MAX_CONTEXT_MENU_COMMANDS = 5;

/** Validates a chat input name (also used for options): allowed characters and lower case. */
function validateChatInputName(path: string[], name: unknown): void {
  if (typeof name !== 'string' || !CHAT_INPUT_NAME.test(name)) {
    throw formError(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (name !== name.toLowerCase()) throw formError(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
}

/** Validates a description of 1–100 characters. */
function validateDescription(path: string[], description: unknown): void {
  if (typeof description !== 'string' || description.length < 1 || description.length > MAX_DESCRIPTION_LENGTH) {
    throw formError(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_DESCRIPTION_LENGTH} in length.`);
  }
}

/** Validates options recursively: names, descriptions, count, choices, required-before-optional. */
function validateOptions(path: string[], options: unknown): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) throw formError(path, 'LIST_TYPE_CONVERT', 'Must be an array.');
  if (options.length > MAX_OPTIONS) throw formError(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_OPTIONS} or fewer in length.`);
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((raw, index) => {
    const at = [...path, String(index)];
    const option = asRecord(raw);
    validateChatInputName([...at, 'name'], option['name']);
    const name = String(option['name']);
    if (names.has(name)) throw formError([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    names.add(name);
    validateDescription([...at, 'description'], option['description']);
    const type = option['type'];
    if (typeof type !== 'number' || !(type in ApplicationCommandOptionType)) {
      throw formError([...at, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of the option types.');
    }
    const choices = option['choices'];
    if (Array.isArray(choices) && choices.length > MAX_CHOICES) {
      throw formError([...at, 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CHOICES} or fewer in length.`);
    }
    if (option['autocomplete'] === true && Array.isArray(choices) && choices.length > 0) {
      throw formError([...at, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_CHOICES_AND_AUTOCOMPLETE', 'Autocomplete cannot be set with choices');
    }
    if (type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup) {
      validateOptions([...at, 'options'], option['options']);
      return;
    }
    if (option['required'] === true) {
      if (sawOptional) throw formError([...at, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else {
      sawOptional = true;
    }
  });
}

/** Validates one command body at index `index` of a request. */
function validateCommand(body: Record<string, unknown>, prefix: string[]): ApplicationCommandType {
  const type = body['type'] === undefined ? ApplicationCommandType.ChatInput : body['type'];
  if (type !== ApplicationCommandType.ChatInput && type !== ApplicationCommandType.User && type !== ApplicationCommandType.Message) {
    throw formError([...prefix, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
  }
  if (type === ApplicationCommandType.ChatInput) {
    validateChatInputName([...prefix, 'name'], body['name']);
    validateDescription([...prefix, 'description'], body['description']);
    validateOptions([...prefix, 'options'], body['options']);
  } else {
    const name = body['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > MAX_CONTEXT_MENU_NAME_LENGTH) {
      throw formError([...prefix, 'name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_CONTEXT_MENU_NAME_LENGTH} in length.`);
    }
    if (body['description'] !== undefined && body['description'] !== '') {
      throw formError([...prefix, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
    }
    if (body['options'] !== undefined) throw formError([...prefix, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
  }
  return type;
}

/** Key identifying a command within a scope (Discord keys upserts by name and type). */
function commandKey(name: string, type: ApplicationCommandType): string {
  return `${type}:${name}`;
}

/** Stored commands: global and per guild. */
export class CommandStore {
  readonly #global: APIApplicationCommand[] = [];
  readonly #guild = new Map<string, APIApplicationCommand[]>();
  readonly #applicationId: string;
  readonly #nextId: SnowflakeGenerator;

  constructor(applicationId: string, nextId: SnowflakeGenerator) {
    this.#applicationId = applicationId;
    this.#nextId = nextId;
  }

  /** Global commands, as registered. */
  get global(): readonly APIApplicationCommand[] {
    return this.#global;
  }

  /** Commands of a guild, as registered. */
  guild(guildId: string): readonly APIApplicationCommand[] {
    return this.#guild.get(guildId) ?? [];
  }

  /** Id of the command `name` of `type`: guild command first, then global. */
  findId(name: string, type: ApplicationCommandType, guildId?: string): string | undefined {
    const key = commandKey(name, type);
    const inGuild = guildId === undefined ? undefined : this.guild(guildId).find((c) => commandKey(c.name, c.type) === key);
    return (inGuild ?? this.#global.find((c) => commandKey(c.name, c.type) === key))?.id;
  }

  #list(guildId: string | null): APIApplicationCommand[] {
    if (guildId === null) return this.#global;
    let list = this.#guild.get(guildId);
    if (!list) {
      list = [];
      this.#guild.set(guildId, list);
    }
    return list;
  }

  /** Checks the application id in the path. */
  #checkApplication(applicationId: string): void {
    if (applicationId !== this.#applicationId) throw new ApiError(404, ErrorCode.UnknownApplication, 'Unknown Application');
  }

  /** Builds the stored command from a validated body, keeping the id of the command it replaces. */
  #materialise(body: Record<string, unknown>, type: ApplicationCommandType, guildId: string | null, previous?: APIApplicationCommand): APIApplicationCommand {
    const command = {
      ...body,
      id: previous?.id ?? this.#nextId(),
      application_id: this.#applicationId,
      version: this.#nextId(),
      type,
      name: String(body['name']),
      description: typeof body['description'] === 'string' ? body['description'] : '',
      default_member_permissions: typeof body['default_member_permissions'] === 'string' ? body['default_member_permissions'] : null,
      nsfw: body['nsfw'] === true,
      ...(guildId === null
        ? { integration_types: Array.isArray(body['integration_types']) ? body['integration_types'] : [ApplicationIntegrationType.GuildInstall] }
        : { guild_id: guildId }),
    };
    // The body was validated field by field above; the spread keeps fields the fake does not model.
    return command as APIApplicationCommand;
  }

  /** `GET .../commands`. */
  list(applicationId: string, guildId: string | null): APIApplicationCommand[] {
    this.#checkApplication(applicationId);
    return [...this.#list(guildId)];
  }

  /** `PUT .../commands`: replaces all commands of the scope (ids kept for unchanged name+type). */
  overwrite(applicationId: string, guildId: string | null, body: unknown): APIApplicationCommand[] {
    this.#checkApplication(applicationId);
    if (!Array.isArray(body)) throw formError([], 'LIST_TYPE_CONVERT', 'Must be an array.');
    const seen = new Set<string>();
    const counts = new Map<ApplicationCommandType, number>();
    const validated = body.map((raw, index) => {
      const command = asRecord(raw);
      const type = validateCommand(command, [String(index)]);
      const key = commandKey(String(command['name']), type);
      if (seen.has(key)) throw formError([String(index), 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
      seen.add(key);
      counts.set(type, (counts.get(type) ?? 0) + 1);
      return { command, type };
    });
    if ((counts.get(ApplicationCommandType.ChatInput) ?? 0) > MAX_CHAT_INPUT_COMMANDS ||
      (counts.get(ApplicationCommandType.User) ?? 0) > MAX_CONTEXT_MENU_COMMANDS ||
      (counts.get(ApplicationCommandType.Message) ?? 0) > MAX_CONTEXT_MENU_COMMANDS) {
      throw new ApiError(400, ErrorCode.MaximumNumberOfApplicationCommandsReached, 'Maximum number of application commands reached');
    }
    const list = this.#list(guildId);
    const next = validated.map(({ command, type }) =>
      this.#materialise(command, type, guildId, list.find((c) => commandKey(c.name, c.type) === commandKey(String(command['name']), type))),
    );
    list.splice(0, list.length, ...next);
    return [...list];
  }

  /** `POST .../commands`: creates or updates by name+type; `created` tells 201 from 200. */
  upsert(applicationId: string, guildId: string | null, body: unknown): { command: APIApplicationCommand; created: boolean } {
    this.#checkApplication(applicationId);
    const raw = asRecord(body);
    const type = validateCommand(raw, []);
    const list = this.#list(guildId);
    const index = list.findIndex((c) => commandKey(c.name, c.type) === commandKey(String(raw['name']), type));
    const command = this.#materialise(raw, type, guildId, index >= 0 ? list[index] : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    return { command, created: index < 0 };
  }

  /** `GET .../commands/{id}`. */
  get(applicationId: string, guildId: string | null, commandId: string): APIApplicationCommand {
    this.#checkApplication(applicationId);
    const command = this.#list(guildId).find((c) => c.id === commandId);
    if (!command) throw new ApiError(404, ErrorCode.UnknownApplicationCommand, ErrorMessage.UnknownApplicationCommand);
    return command;
  }

  /** `PATCH .../commands/{id}`. */
  edit(applicationId: string, guildId: string | null, commandId: string, body: unknown): APIApplicationCommand {
    const current = this.get(applicationId, guildId, commandId);
    const merged = { ...current, ...asRecord(body) };
    const type = validateCommand(merged, []);
    const list = this.#list(guildId);
    const command = this.#materialise(merged, type, guildId, current);
    list[list.indexOf(current)] = command;
    return command;
  }

  /** `DELETE .../commands/{id}`. */
  delete(applicationId: string, guildId: string | null, commandId: string): void {
    const current = this.get(applicationId, guildId, commandId);
    const list = this.#list(guildId);
    list.splice(list.indexOf(current), 1);
  }
}
