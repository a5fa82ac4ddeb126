/**
 * Discord's limits on what a bot may send, named once. Payloads over these are rejected with a
 * 400, so the reply helper truncates to them. Source: Discord API docs (Message, Embed, Application
 * Commands, Message Components).
 */

/** Characters in a message's `content` (storybot replies with embeds only, so it never sends content). */
export const MAX_MESSAGE_CONTENT = 2_000;
/** Characters in an embed title. */
export const MAX_EMBED_TITLE = 256;
/** Characters in an embed description. */
export const MAX_EMBED_DESCRIPTION = 4_096;
/** Fields in one embed. */
export const MAX_EMBED_FIELDS = 25;
/** Characters in an embed field name. */
export const MAX_EMBED_FIELD_NAME = 256;
/** Characters in an embed field value. */
export const MAX_EMBED_FIELD_VALUE = 1_024;
/** Characters in an embed footer. */
export const MAX_EMBED_FOOTER = 2_048;
/** Characters in one embed, title + description + field names and values + footer + author. */
export const MAX_EMBED_TOTAL = 6_000;
/** Choices in one autocomplete response. */
export const MAX_AUTOCOMPLETE_CHOICES = 25;
/** Characters in an autocomplete choice's name (what the member sees). */
export const MAX_CHOICE_NAME = 100;
/** Characters in a string autocomplete choice's value (what the bot receives). */
export const MAX_CHOICE_VALUE = 100;
/** Characters in a component's custom id. */
export const MAX_CUSTOM_ID = 100;
/** Characters in a button label. */
export const MAX_BUTTON_LABEL = 80;
/** Buttons in one action row. */
export const MAX_BUTTONS_PER_ROW = 5;
/** Characters Discord allows in a message a member sends (with Nitro); a DM question may be this long. */
export const MAX_USER_MESSAGE = 6_000;
/** Choices in one select menu. */
export const MAX_SELECT_OPTIONS = 25;
/** Characters in a select menu choice's label. */
export const MAX_SELECT_OPTION_LABEL = 100;
/** Characters in a select menu's placeholder. */
export const MAX_SELECT_PLACEHOLDER = 150;
