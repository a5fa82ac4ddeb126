/**
 * The command list, checked at load time. One module per command, each default-exporting
 * `{ data, execute, autocomplete?, button?, directMessage? } satisfies Command`, as in discord.js's
 * TypeScript template. The composition root (src/bot.ts) and deploy hand this list to src/discord.
 */
import { assertCommandModules, type AnyCommand } from '../src/discord/command.ts';
import article from './article.ts';
import ask from './ask.ts';
import check from './check.ts';
import gaps from './gaps.ts';
import help from './help.ts';
import pinSummary from './pin-summary.ts';
import quote from './quote.ts';
import settings from './settings.ts';
import source from './source.ts';
import summary from './summary.ts';

/** The one command type lives with the Discord layer; re-exported for command modules' convenience. */
export type { Command } from '../src/discord/command.ts';

/** Every command, in the order /help and the deploy output list them. */
export const commands: readonly AnyCommand[] = [ask, quote, summary, pinSummary, source, help, check, gaps, settings, article];

// The runtime check of the template: a module that lost its default export fails here, by name.
assertCommandModules(commands);

export default commands;
