/**
 * What chat adds to a question that is no word of it: Discord's mention tokens (`<@123>`,
 * `<@&456>`, `<#789>`), custom emoji (`<:name:123>`) and links. Removed before analysis so they
 * neither block an answer nor count as words ("123" would read as a number).
 */

/** Discord's mention, channel, role, slash-command and custom-emoji tokens, and timestamps. */
const DISCORD_TOKEN = /<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|\/[\w -]+:\d+|t:\d+(?::[tTdDfFR])?)>/g;

/** Links: with a scheme, or starting "www.". */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>]+/gi;

/** The text with chat markup removed and the spaces it leaves folded. */
export function stripChatMarkup(text: string): string {
  return text.replace(DISCORD_TOKEN, ' ').replace(LINK, ' ').replace(/[ \t]{2,}/g, ' ').trim();
}
