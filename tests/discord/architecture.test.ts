/**
 * The layering the design asks for, checked: src/ does not import commands/ (the composition root
 * src/bot.ts excepted), testing/ nor bench/, bench/ does not import tests/, the core has no Discord
 * import and no front door or store, the front doors reach the core through src/story.ts only,
 * every command module is in the list, and the list is checked at load time.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import commands from '../../commands/index.ts';
import { assertCommandModules, commandModuleProblem } from '../../src/discord/command.ts';
import { loadCommands } from '../../src/discord/loader.ts';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Whether `file` imports (statically or dynamically) a specifier matching `specifier`. */
function importsFrom(file: string, specifier: RegExp): boolean {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
  return specifiers.some((name) => specifier.test(name));
}

describe('layering', () => {
  test('no module in src/ imports commands/, except the composition root src/bot.ts', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((file) => relative(ROOT, file) !== join('src', 'bot.ts'))
      .filter((file) => /from\s+['"][./]*\/?commands\//.test(readFileSync(file, 'utf8')) || /import\(\s*['"][./]*commands\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('no module in src/ imports testing/ (the fake Discord is for tests and benchmarks)', () => {
    const offenders = sourceFiles(join(ROOT, 'src')).filter((file) => importsFrom(file, /^(\.\.?\/)+testing\//));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('no module in bench/ imports tests/ (what both need lives in testing/)', () => {
    const offenders = sourceFiles(join(ROOT, 'bench')).filter((file) => importsFrom(file, /^(\.\.?\/)+tests\//));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('the core (text, corpus, search, answer, cache, story.ts) never imports discord.js', () => {
    const core = ['src/text', 'src/corpus', 'src/search', 'src/answer', 'src/cache']
      .map((dir) => join(ROOT, dir))
      .filter((dir) => existsSync(dir))
      .flatMap(sourceFiles)
      .concat(join(ROOT, 'src/story.ts'));
    const offenders = core.filter((file) => importsFrom(file, /^discord\.js$|^@discordjs\//));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('the front doors (terminal, Discord, commands) reach the core only through src/story.ts', () => {
    const doors = [join(ROOT, 'src/cli.ts'), join(ROOT, 'src/bot.ts'), join(ROOT, 'src/views.ts'), join(ROOT, 'src/replies.ts'),
      ...['src/discord', 'src/terminal', 'commands'].flatMap((dir) => sourceFiles(join(ROOT, dir)))];
    const offenders = doors.filter((file) => importsFrom(file, /^(\.\.?\/)+(src\/)?(text|corpus|search|answer|cache)\//));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('the core imports no front door, no store and nothing of bench/: it is a function of the corpus and the question', () => {
    const core = ['src/text', 'src/corpus', 'src/search', 'src/answer', 'src/cache']
      .map((dir) => join(ROOT, dir))
      .filter((dir) => existsSync(dir))
      .flatMap(sourceFiles)
      .concat(join(ROOT, 'src/story.ts'));
    const outside = /^(\.\.?\/)+(discord|terminal|store|views\.ts|replies\.ts|cli\.ts|bot\.ts|config\.ts)|^(\.\.?\/)+(bench|commands|testing)\//;
    const offenders = core.filter((file) => importsFrom(file, outside));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('no module in src/ imports bench/ (the quality harness measures the core from outside)', () => {
    const offenders = sourceFiles(join(ROOT, 'src')).filter((file) => importsFrom(file, /^(\.\.?\/)+bench\//));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test("Discord's embed limits are written only in src/discord/limits.ts (callers pass budgets)", () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'commands'))].filter((file) => relative(ROOT, file) !== join('src', 'discord', 'limits.ts'));
    // 4,096 (embed description), 6,000 (one embed), 1,024 (field value): numbers only Discord gives meaning to.
    const offenders = files.filter((file) => /\b(4_?096|6_?000|1_?024)\b/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('views, replies and the terminal import nothing from Discord (both doors share them)', () => {
    const shared = [join(ROOT, 'src/views.ts'), join(ROOT, 'src/replies.ts'), ...sourceFiles(join(ROOT, 'src/terminal'))];
    const offenders = shared.filter((file) => importsFrom(file, /^discord\.js$|^@discordjs\/|\/discord\//));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  test('every command module in commands/ is in the list', async () => {
    const modules = readdirSync(join(ROOT, 'commands')).filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'shared.ts');
    for (const name of modules) {
      const loaded = (await import(pathToFileURL(join(ROOT, 'commands', name)).href)) as { default: unknown };
      expect(commands, name).toContain(loaded.default);
    }
    expect(modules).toHaveLength(commands.length);
  });
});

describe('runtime check of command modules', () => {
  test.each([
    [null, 'not an object'],
    [{ execute() {} }, 'no `data` object'],
    [{ data: { name: '' }, execute() {} }, '`data.name` is missing'],
    [{ data: { name: 'x' } }, '"x" has no execute function'],
    [{ data: { name: 'x' }, execute() {}, autocomplete: 'yes' }, '"x".autocomplete is not a function'],
  ])('GIVEN %j THEN the problem is named: %s', (module, problem) => {
    expect(commandModuleProblem(module)).toContain(problem);
    expect(() => assertCommandModules([module])).toThrow(`command module #1: ${problem}`);
  });

  test('GIVEN two commands of the same name and type THEN it is refused; a slash and a menu may share one', () => {
    const slash = { data: { name: 'dup', description: 'd' }, async execute() {} };
    expect(() => assertCommandModules([slash, slash])).toThrow('command "dup" is defined twice');
    expect(() => assertCommandModules([slash, { data: { name: 'dup', type: 3 }, async execute() {} }])).not.toThrow();
  });

  test('GIVEN a commands folder whose index exports something else THEN loading names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storybot-commands-'));
    try {
      writeFileSync(join(dir, 'index.ts'), 'export default { not: "a list" };\n');
      await expect(loadCommands(dir)).rejects.toThrow(`${join(dir, 'index.ts')} must default-export the array of commands`);
      // A second folder: the first index is cached by the module loader.
      const second = join(dir, 'second');
      mkdirSync(second);
      writeFileSync(join(second, 'index.ts'), 'export default [{ data: { name: "half" } }];\n');
      await expect(loadCommands(second)).rejects.toThrow('"half" has no execute function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the default folder loads the real list', async () => {
    expect(await loadCommands()).toBe(commands);
  });
});
