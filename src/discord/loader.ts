/**
 * Loads the command list by path for entry points that cannot take it as an argument
 * (`npm run deploy` reaches `runDeploy(argv)` through src/cli.ts, which holds no command list).
 * A path, not an import: src/discord keeps no module dependency on commands/, and tests can point
 * it at another folder.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_ROOT } from '../paths.ts';
import { COMPILED } from '../runtime.ts';
import { assertCommandModules, type AnyCommand } from './command.ts';

/** Where the command modules live by default (compiled: their JavaScript in dist/). */
export const DEFAULT_COMMANDS_DIR = join(CODE_ROOT, 'commands');

/** Imports `<dir>/index.ts` (compiled: `index.js`) and returns its checked default export (the command list). */
export async function loadCommands(dir: string = DEFAULT_COMMANDS_DIR): Promise<readonly AnyCommand[]> {
  const entry = join(dir, COMPILED ? 'index.js' : 'index.ts');
  const module = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  if (!Array.isArray(module.default)) throw new TypeError(`${entry} must default-export the array of commands`);
  assertCommandModules(module.default);
  return module.default;
}
