/**
 * The one reply path. Every message storybot sends (interaction replies, edits, follow-ups,
 * button updates, DM replies, posted summaries) is built by `buildReplyPayload` from a View:
 * embeds truncated to Discord's limits so a payload is never rejected, and
 * `allowedMentions: { parse: [] }` so neither a quote nor a member's own words can ping anyone.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  type APIStringSelectComponent,
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  BaseInteraction,
  ButtonStyle,
  ComponentType,
  Message,
  MessageFlags,
  type MessageMentionOptions,
  type RepliableInteraction,
  type SendableChannels,
} from 'discord.js';
import { defuseLinks, errorView, type View, type ViewTone } from '../views.ts';
import {
  MAX_AUTOCOMPLETE_CHOICES,
  MAX_BUTTON_LABEL,
  MAX_BUTTONS_PER_ROW,
  MAX_CHOICE_NAME,
  MAX_CHOICE_VALUE,
  MAX_CUSTOM_ID,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELD_NAME,
  MAX_EMBED_FIELD_VALUE,
  MAX_EMBED_FIELDS,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
  MAX_EMBED_TOTAL,
  MAX_SELECT_OPTION_LABEL,
  MAX_SELECT_OPTIONS,
  MAX_SELECT_PLACEHOLDER,
} from './limits.ts';


/** Embed colour per kind of reply. */
export const TONE_COLOURS: Readonly<Record<ViewTone, number>> = {
  answer: 0x2b6cb0,
  abstain: 0xd69e2e,
  notice: 0x718096,
  error: 0xc53030,
};

/** Marks text cut short. */
export const ELLIPSIS = '…';
/** What a field shows when later fields had to be left out to stay under the embed limit. */
const OMITTED_FIELD_NAME = 'More';
/** Room kept for the "N more not shown" field while fitting fields. */
const OMITTED_NOTE_RESERVE = 40;
/** An empty name or value would be rejected; Discord accepts a zero-width space. */
const BLANK = '\u200b';

/** A button under a reply. Its custom id must carry all the state it needs (no memory). */
export interface ReplyButton {
  /** Custom id, at most 100 characters; routed by its prefix up to the first ':'. */
  customId: string;
  /** What the button says. */
  label: string;
  /** Blue for the obvious next step, grey otherwise (default grey). */
  style?: 'primary' | 'secondary';
}

/** A menu of choices under a reply (one per reply); its custom id carries all its state. */
export interface ReplySelect {
  /** Custom id, at most 100 characters; routed by its prefix up to the first ':'. */
  customId: string;
  /** Shown before a choice is made. */
  placeholder: string;
  /** The choices: what the member reads, and the value the handler gets. */
  options: readonly { label: string; value: string }[];
}

/** How to send a view. */
export interface ReplyOptions {
  /** A select menu in its own row under the buttons. */
  select?: ReplySelect;
  /** Only the member who asked sees it (interaction replies and follow-ups only). */
  ephemeral?: boolean;
  /** Buttons under the embed, in one row per five. An empty list removes existing buttons. */
  buttons?: readonly ReplyButton[];
  /** For a button press: edit the message the button is on instead of replying. */
  update?: boolean;
  /** Send a new follow-up message even while the deferred reply is still pending. */
  followUp?: boolean;
}

/** The message body every path sends, Discord's JSON shape plus the mentions guard. */
export interface ReplyPayload {
  /** One embed rendered from the view. */
  embeds: APIEmbed[];
  /** Action rows of buttons or one select menu (possibly empty, which clears old ones on an edit). */
  components: APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>[];
  /** Always `{ parse: [] }`. */
  allowedMentions: MessageMentionOptions;
}

/**
 * Cuts `text` to at most `max` characters, at a word boundary when one is near, ending with "…".
 * Never leaves half an escape (`\`) or half a surrogate pair behind.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(max, 0));
  let cut = text.slice(0, max - ELLIPSIS.length);
  const space = cut.search(/\s\S*$/);
  // Prefer a word boundary, unless that throws away more than a fifth of the room.
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

function isWebUrl(text: string | undefined): text is string {
  if (text === undefined || !URL.canParse(text)) return false;
  return /^https?:$/.test(new URL(text).protocol);
}

/**
 * Renders a view as one embed within every embed limit: title, description, each field and the
 * footer truncated to their own limits; fields beyond 25, or beyond 6,000 characters in all,
 * replaced by a "N more not shown" field.
 */
export function renderEmbed(view: View): APIEmbed {
  const embed: APIEmbed = { color: TONE_COLOURS[view.tone] };
  if (view.title) embed.title = truncateText(view.title, MAX_EMBED_TITLE);
  if (isWebUrl(view.url) && embed.title) embed.url = view.url;
  // The footer carries the answer's paging state, so it is kept whole (it fits: see views.ts).
  if (view.footer) embed.footer = { text: truncateText(view.footer, MAX_EMBED_FOOTER) };
  // With fields to come, keep room for at least the "N more not shown" note.
  const room = MAX_EMBED_TOTAL - embedLength(embed) - (view.fields.length > 0 ? OMITTED_NOTE_RESERVE : 0);
  embed.description = truncateText(view.description.trim() === '' ? BLANK : view.description, Math.min(MAX_EMBED_DESCRIPTION, room));

  const fields: APIEmbedField[] = view.fields.map((field) => ({
    name: truncateText(field.name.trim() === '' ? BLANK : field.name, MAX_EMBED_FIELD_NAME),
    value: truncateText(field.value.trim() === '' ? BLANK : field.value, MAX_EMBED_FIELD_VALUE),
  }));
  let remaining = MAX_EMBED_TOTAL - embedLength(embed);
  const kept: APIEmbedField[] = [];
  for (const [index, field] of fields.entries()) {
    const isLast = index === fields.length - 1;
    const slots = isLast ? MAX_EMBED_FIELDS : MAX_EMBED_FIELDS - 1;
    const reserve = isLast ? 0 : OMITTED_NOTE_RESERVE;
    const size = field.name.length + field.value.length;
    if (kept.length >= slots || size > remaining - reserve) break;
    kept.push(field);
    remaining -= size;
  }
  const omitted = fields.length - kept.length;
  if (omitted > 0) kept.push({ name: OMITTED_FIELD_NAME, value: `${omitted} more not shown.` });
  if (kept.length > 0) embed.fields = kept;
  return embed;
}

/** One row per five buttons; throws for a custom id over 100 characters (a bug, not user input). */
export function renderButtons(buttons: readonly ReplyButton[]): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let start = 0; start < buttons.length; start += MAX_BUTTONS_PER_ROW) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(start, start + MAX_BUTTONS_PER_ROW).map((button) => {
        if (button.customId.length > MAX_CUSTOM_ID) {
          throw new RangeError(`custom id "${button.customId}" is ${button.customId.length} characters; Discord allows ${MAX_CUSTOM_ID}`);
        }
        return {
          type: ComponentType.Button,
          custom_id: button.customId,
          label: truncateText(button.label, MAX_BUTTON_LABEL),
          style: button.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
        };
      }),
    });
  }
  return rows;
}

/** A select menu in a row of its own; throws for a custom id over 100 characters (a bug). */
export function renderSelect(select: ReplySelect): APIActionRowComponent<APIStringSelectComponent> {
  if (select.customId.length > MAX_CUSTOM_ID) throw new RangeError(`custom id "${select.customId}" is ${select.customId.length} characters; Discord allows ${MAX_CUSTOM_ID}`);
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: select.customId,
        placeholder: truncateText(select.placeholder, MAX_SELECT_PLACEHOLDER),
        options: select.options.slice(0, MAX_SELECT_OPTIONS).map((option) => ({ label: truncateText(option.label, MAX_SELECT_OPTION_LABEL), value: option.value })),
      },
    ],
  };
}

/** The payload every send path uses: one embed from the view, the buttons, no mentions. */
export function buildReplyPayload(view: View, options: Pick<ReplyOptions, 'buttons' | 'select'> = {}): ReplyPayload {
  return {
    embeds: [renderEmbed(view)],
    components: [...renderButtons(options.buttons ?? []), ...(options.select ? [renderSelect(options.select)] : [])],
    // Mentions storybot allows in anything it sends: none (a fresh object: discord.js may mutate it).
    allowedMentions: { parse: [] },
  };
}

/** Where a view can be sent: an interaction, a message to reply to (DMs), or a channel. */
export type ReplyTarget = RepliableInteraction | Message | SendableChannels;

/**
 * Sends a view to `target` through the right call for its state: a fresh interaction is replied
 * to; a deferred one edited; one already answered gets a follow-up; a button press with
 * `update` edits its message. A Message gets a reply (without pinging its author); a channel a
 * new message. Returns the message sent, where Discord returns one.
 */
export async function respond(target: ReplyTarget, view: View, options: ReplyOptions = {}): Promise<Message | undefined> {
  const payload = buildReplyPayload(view, options);
  if (target instanceof BaseInteraction) {
    const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
    if (options.update && target.isMessageComponent()) {
      if (target.deferred || target.replied) return target.editReply(payload);
      await target.update(payload);
      return undefined;
    }
    if (options.followUp && (target.deferred || target.replied)) return target.followUp({ ...payload, flags });
    if (target.deferred && !target.replied) return target.editReply(payload);
    if (target.replied) return target.followUp({ ...payload, flags });
    await target.reply({ ...payload, flags });
    return undefined;
  }
  if (target instanceof Message) {
    // failIfNotExists: false, so a question deleted meanwhile still gets its answer.
    return target.reply({ ...payload, allowedMentions: { ...payload.allowedMentions, repliedUser: false }, failIfNotExists: false });
  }
  return target.send(payload);
}

/**
 * A private, plain-words error through the same path. After a private defer it edits the reply;
 * after a public one it removes the "thinking…" reply and follows up privately, so a member's
 * mistake is never shown to the channel; after a button's deferUpdate it leaves the message as it
 * was and follows up privately.
 */
export async function respondWithError(target: RepliableInteraction | Message, message: string): Promise<void> {
  const view = errorView(message);
  if (target instanceof BaseInteraction && target.deferred && !target.replied && target.ephemeral !== true) {
    if (target.ephemeral === false) await target.deleteReply().catch(() => undefined);
    await respond(target, view, { ephemeral: true, followUp: true });
    return;
  }
  await respond(target, view, { ephemeral: true });
}

/** An autocomplete choice before fitting. */
export type ChoiceInput = string | { name: string; value: string };

/**
 * Fits choices to Discord's rules: at most 25, names and values 1 to 100 characters, values
 * unique (Discord rejects duplicates).
 */
export function fitChoices(choices: readonly ChoiceInput[]): ApplicationCommandOptionChoiceData<string>[] {
  const seen = new Set<string>();
  const fitted: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const choice of choices) {
    const { name, value } = typeof choice === 'string' ? { name: choice, value: choice } : choice;
    const fittedValue = truncateText(value.trim(), MAX_CHOICE_VALUE);
    // Names may echo what the member typed: never show it as a link.
    const fittedName = truncateText(defuseLinks(name.trim()), MAX_CHOICE_NAME);
    if (fittedValue === '' || fittedName === '' || seen.has(fittedValue)) continue;
    seen.add(fittedValue);
    fitted.push({ name: fittedName, value: fittedValue });
    if (fitted.length === MAX_AUTOCOMPLETE_CHOICES) break;
  }
  return fitted;
}

/** Answers an autocomplete request with fitted choices (once: a second answer would fail). */
export async function respondWithChoices(interaction: AutocompleteInteraction, choices: readonly ChoiceInput[]): Promise<void> {
  if (interaction.responded) return;
  await interaction.respond(fitChoices(choices));
}
