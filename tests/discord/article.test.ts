/**
 * `/article` through real discord.js objects and the router, against a corpus folder of its own
 * and pages served on 127.0.0.1: who may use it, what the moderator is told (kept, dropped, every
 * failure), what lands in the folder, and the Undo buttons.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { UNDO_LABEL } from '../../commands/article.ts';
import { freeIdLike, MAX_ID_OPTION, parseArticleButton, restoreButtonId, undoButtonId, waitUntilLive } from '../../commands/article/actions.ts';
import { addedView, ARTICLE_MESSAGES } from '../../commands/article/views.ts';
import type { CorpusAccess } from '../../src/discord/command.ts';
import { MAX_CUSTOM_ID } from '../../src/discord/limits.ts';
import { renderEmbed } from '../../src/discord/respond.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { FetchError, Story } from '../../src/story.ts';
import { escapeMarkdown } from '../../src/views.ts';
import { startPageServer, type PageServer } from '../corpus/page-server.ts';
import { BRIDGE_ID, BRIDGE_PARAGRAPHS, bridgePage } from '../pages.ts';
import { tempDir } from '../temp.ts';
import {
  autocomplete,
  buttonPress,
  callbacks,
  createHarness,
  embedOf,
  type Harness,
  interactionLogs,
  MEMBER_PERMISSIONS,
  OTHER_USER_ID,
  rawMessage,
  type RawOption,
  slash,
  snowflake,
  text,
  USER_ID,
} from './harness.ts';

// Each test fetches, cleans and writes real pages: a loaded 2-core machine needs more than vitest's 5 s.
vi.setConfig({ testTimeout: 60_000 });

const MODERATOR = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
const SEED_ID = 'putin-wont-win-in-ukraine-nato';

/** The bridge page with a paragraph of Markdown and a link, which the report must show inert. */
const PAGE = bridgePage([...BRIDGE_PARAGRAPHS.slice(0, 2), 'Residents of the **old town** said the ferry that replaced the bridge had doubled their commute; see https://example.com/ferry for the timetable.', ...BRIDGE_PARAGRAPHS.slice(2)]);

/** A paste as copied from a browser: furniture around the article's paragraphs. */
const PASTE = `Home\nNews\nSport\nLibrary opens its new reading room\n\nBy Ana Pérez\n\nThe city library opened its new reading room on Monday after eighteen months of building work paid for by local donors.\n\nThe librarian, Tomas Berg, said the room would stay open until ten at night so that students had somewhere quiet to work.\n\nShare this article\n`;

/** A Markdown article as a file host may serve it: untyped. */
const NOTES = `---\ntitle: Council notes\npublisher: City Hall\n---\n\nThe council met on Tuesday and agreed to extend the night bus to the harbour from June.\n\nMembers asked for a report on the cost of the bridge repairs before the summer recess.\n`;

/** A subcommand and its options, as Discord sends them. */
function subcommand(name: string, options: RawOption[]): RawOption {
  return { name, type: ApplicationCommandOptionType.Subcommand, options } as unknown as RawOption;
}

/** `/article add` with an attached file (Discord sends the file in `resolved.attachments`). */
function addWithFile(file: { name: string; url: string; size: number; type?: string }, extra: RawOption[] = [], shape: Parameters<typeof slash>[2] = { memberPermissions: MODERATOR }) {
  const id = snowflake();
  const raw = slash('article', [subcommand('add', [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: id } as unknown as RawOption, ...extra])], shape);
  const attachment = { id, filename: file.name, size: file.size, url: file.url, proxy_url: file.url, content_type: file.type ?? 'text/html; charset=utf-8' };
  return { ...raw, data: { ...raw.data, resolved: { attachments: { [id]: attachment } } } };
}

function addByUrl(url: string, extra: RawOption[] = [], shape: Parameters<typeof slash>[2] = { memberPermissions: MODERATOR }) {
  return slash('article', [subcommand('add', [text('url', url), ...extra])], shape);
}

function removeById(id: string, shape: Parameters<typeof slash>[2] = { memberPermissions: MODERATOR }) {
  return slash('article', [subcommand('remove', [text('id', id)])], shape);
}

/** The last message the moderator was shown: a reply, an edit of the deferred reply, an update or a follow-up. */
function lastMessage(h: Harness): { embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[]; components?: { components: { custom_id: string; label: string }[] }[] } {
  return (h.rest.messageBodies().at(-1)?.body ?? {}) as ReturnType<typeof lastMessage>;
}

function lastDescription(h: Harness): string | undefined {
  return lastMessage(h).embeds?.[0]?.description;
}

function undoButton(h: Harness): string {
  const button = lastMessage(h).components?.[0]?.components[0];
  expect(button?.label).toBe(UNDO_LABEL);
  return button?.custom_id ?? '';
}

describe('/article', () => {
  let server: PageServer;
  let corpusDir: string;
  let story: Story;
  let h: Harness;
  let access: CorpusAccess;

  beforeAll(async () => {
    server = await startPageServer({
      '/bridge': { body: PAGE },
      '/library.txt?ex=1&hm=signed': { body: PASTE, type: 'text/plain; charset=utf-8' },
      '/photo': { body: 'not really a png', type: 'image/png' },
      '/menu': { body: '<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav></body></html>' },
      '/big': { body: `<p>${'word '.repeat(4_000)}</p>` },
      '/slow': { body: PAGE, delayMs: 3_000 },
      '/notes.md': { body: NOTES, type: 'application/octet-stream' },
    });
    corpusDir = join(tempDir('article'), 'corpus');
    mkdirSync(corpusDir);
    copyFileSync(join(DEFAULT_CORPUS_DIR, `${SEED_ID}.md`), join(corpusDir, `${SEED_ID}.md`));
    story = Story.load(corpusDir, { cacheDir: null });
  }, 60_000);
  afterAll(() => server.close());

  beforeEach(() => {
    for (const name of readdirSync(corpusDir)) if (name !== `${SEED_ID}.md`) rmSync(join(corpusDir, name));
    access = { dir: corpusDir, maxFileBytes: 2 * 2 ** 20, allowLoopbackFetch: true };
    h = createHarness({ story, corpus: access });
  });

  describe('adding', () => {
    test('GIVEN a moderator and a page by its address THEN it is written to the folder, and the private reply says what was kept and dropped with an Undo', async () => {
      await h.interact(addByUrl(`${server.url}/bridge`));
      expect(callbacks(h.rest)[0]).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
      const embed = lastMessage(h).embeds?.[0];
      expect(embed?.title).toBe('Added “Harbour bridge reopens after repairs”');
      expect(embed?.description).toContain('The Example Gazette · 2024-03-01');
      expect(embed?.description).toContain(`Saved as \`${BRIDGE_ID}.md\``);
      expect(embed?.fields?.[0]?.name).toBe('Kept 4 paragraphs');
      expect(embed?.fields?.[0]?.value).toContain('1. The harbour bridge reopened to traffic on Friday morning');
      // Page text can neither format nor link: Markdown escaped, the address defused.
      expect(embed?.fields?.[0]?.value).toContain('3. Residents of the \\*\\*old town\\*\\*');
      expect(embed?.fields?.[0]?.value).not.toContain('https://');
      expect(embed?.fields?.[0]?.value).toContain('…and 1 more.');
      expect(embed?.fields?.[1]?.name).toMatch(/^Dropped \d+ blocks?$/);
      expect(readdirSync(corpusDir).sort()).toEqual([`${BRIDGE_ID}.md`, `${SEED_ID}.md`]);
      expect(loadCorpus(corpusDir).find((article) => article.id === BRIDGE_ID)).toMatchObject({ title: 'Harbour bridge reopens after repairs', publisher: 'The Example Gazette', published: '2024-03-01' });
      expect(undoButton(h)).toMatch(new RegExp(`^article:undo:[0-9a-z]+:[\\w-]{10}:${BRIDGE_ID}$`));
      expect(h.logs.find((line) => line.msg === 'article added')).toMatchObject({ article: BRIDGE_ID, paragraphs: 4, source: 'url' });
      expect(interactionLogs(h.logs).at(-1)).toMatchObject({ command: 'article', outcome: 'ok' });
    });

    test('GIVEN an attached paste with a publisher and a date THEN the paste is cleaned and the given metadata kept; the address of the attachment is not', async () => {
      await h.interact(addWithFile({ name: 'library.txt', url: `${server.url}/library.txt?ex=1&hm=signed`, size: PASTE.length, type: 'text/plain' }, [text('publisher', 'City News'), text('published', '2024-05-06')]));
      const embed = lastMessage(h).embeds?.[0];
      expect(embed?.title).toBe('Added “Library opens its new reading room”');
      expect(embed?.fields?.[0]?.name).toBe('Kept 2 paragraphs');
      expect(embed?.fields?.[1]?.value).toContain('By Ana Pérez');
      const file = readFileSync(join(corpusDir, 'library-opens-its-new-reading-room.md'), 'utf8');
      expect(file).toContain('publisher: City News');
      expect(file).toContain('published: 2024-05-06');
      expect(file).not.toContain('signed');
      expect(file).not.toContain('Share this article');
    });

    test('GIVEN an attached .md served untyped THEN it is read as the Markdown its name says', async () => {
      await h.interact(addWithFile({ name: 'notes.md', url: `${server.url}/notes.md`, size: NOTES.length, type: 'application/octet-stream' }));
      expect(lastMessage(h).embeds?.[0]?.title).toBe('Added “Council notes”');
      expect(loadCorpus(corpusDir).find((article) => article.id === 'council-notes')).toMatchObject({ publisher: 'City Hall' });
    });

    test('GIVEN an attachment named .html but served as an image THEN it is refused as not a page, naming the file rather than its long address', async () => {
      await h.interact(addWithFile({ name: 'photo.html', url: `${server.url}/photo`, size: 16 }));
      expect(lastDescription(h)).toContain(escapeMarkdown('photo.html is image/png, not a web page or text'));
      expect(lastDescription(h)).not.toContain(server.url.replace('http://', ''));
    });

    test('GIVEN a page slower than the time limit THEN the moderator is told to try later or attach it', async () => {
      access.fetchTimeoutMs = 300;
      await h.interact(addByUrl(`${server.url}/slow`));
      expect(lastDescription(h)).toContain(`fetch that: ${new URL(server.url).host} did not answer within 0.3 s`);
      expect(lastDescription(h)).toContain('Try again later, or save the page and attach it as a file.');
      expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
    });

    test('GIVEN an address with a user and password THEN the article is added, and the password is nowhere: not in the file, the reply or the log', async () => {
      await h.interact(addByUrl(`http://editor:hunter2@${new URL(server.url).host}/bridge`));
      expect(lastMessage(h).embeds?.[0]?.title).toBe('Added “Harbour bridge reopens after repairs”');
      const file = readFileSync(join(corpusDir, `${BRIDGE_ID}.md`), 'utf8');
      expect(file).toContain(`url: ${server.url}/bridge`);
      for (const text of [file, JSON.stringify(h.rest.requests), JSON.stringify(h.logs)]) expect(text).not.toContain('hunter2');
    });

    test('GIVEN an attachment that is not a page or a text, or over the size cap THEN it is refused before anything is downloaded', async () => {
      const before = server.requested.length;
      await h.interact(addWithFile({ name: 'photo.png', url: `${server.url}/photo`, size: 100, type: 'image/png' }));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.addFailed('photo.png is not a page or a text: attach an .html, .txt or .md file')));
      await h.interact(addWithFile({ name: 'huge.html', url: `${server.url}/bridge`, size: 3 * 2 ** 20 }));
      expect(lastDescription(h)).toContain('huge.html is 3145728 bytes, over the limit of 2097152 bytes');
      expect(server.requested.length).toBe(before);
      expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
    });

    test.each([
      ['a page of another type', '/photo', 'is image/png, not a web page or text', 'Link the article\'s own page'],
      ['a page with no article text', '/menu', 'no article text found in', 'copy its text into a .txt file'],
      ['a page over the size cap', '/big', 'over the limit of 1000 bytes', 'attach that'],
      ['a missing page', '/gone', 'answered 404', 'Check the address'],
    ])('GIVEN %s THEN the moderator is told what went wrong and what to do, and nothing is written', async (_label, path, problem, hint) => {
      access.maxFileBytes = 1_000;
      await h.interact(addByUrl(`${server.url}${path}`));
      const description = lastDescription(h) ?? '';
      expect(description).toContain(escapeMarkdown(problem));
      expect(description).toContain(escapeMarkdown(hint));
      expect(description).toContain('Nothing was added.');
      expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
      expect(interactionLogs(h.logs).at(-1)).toMatchObject({ outcome: 'user_error' });
    });

    test('GIVEN the loopback setting off THEN a page on 127.0.0.1 (by address or by a name resolving to it) is refused', async () => {
      access.allowLoopbackFetch = false;
      const before = server.requested.length;
      await h.interact(addByUrl(`${server.url}/bridge`));
      expect(lastDescription(h)).toContain(escapeMarkdown(`refused ${new URL(server.url).host}: 127.0.0.1 is not a public address`));
      expect(lastDescription(h)).toContain('never from local or private networks');
      await h.interact(addByUrl(`http://localhost:${new URL(server.url).port}/bridge`));
      expect(lastDescription(h)).toContain('resolves to an address that is not public');
      expect(server.requested.length).toBe(before);
      expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
    });

    test('GIVEN an address that is not http(s) THEN it is refused with how to give one', async () => {
      await h.interact(addByUrl('file:///etc/passwd'));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.fetchFailed(new FetchError('only http and https addresses can be fetched, not file', 'address'))));
    });

    test('GIVEN the same page added twice THEN the second is refused as a duplicate, with a free id to use instead', async () => {
      await h.interact(addByUrl(`${server.url}/bridge`));
      await h.interact(addByUrl(`${server.url}/bridge`));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.duplicateId(BRIDGE_ID, undefined, `${BRIDGE_ID}-2`)));
      await h.interact(addByUrl(`${server.url}/bridge`, [text('id', `${BRIDGE_ID}-2`)]));
      expect(readdirSync(corpusDir).sort()).toEqual([`${BRIDGE_ID}-2.md`, `${BRIDGE_ID}.md`, `${SEED_ID}.md`]);
    });

    test('GIVEN an id already used by an article answering now THEN it is refused before anything is fetched', async () => {
      const before = server.requested.length;
      await h.interact(addByUrl(`${server.url}/bridge`, [text('id', SEED_ID)]));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.duplicateId(SEED_ID, story.articles[0]?.title, `${SEED_ID}-2`)));
      expect(server.requested.length).toBe(before);
    });

    test.each([
      [[text('published', '2024-13-01')], 'the date must be YYYY-MM-DD, not "2024-13-01"'],
      [[text('id', 'Bad Id')], 'bad id "Bad Id": use lowercase letters, digits and hyphens'],
    ])('GIVEN bad metadata %j THEN it is refused before anything is fetched', async (extra, problem) => {
      const before = server.requested.length;
      await h.interact(addByUrl(`${server.url}/bridge`, extra));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.addFailed(problem)));
      expect(server.requested.length).toBe(before);
    });

    test('GIVEN both an address and a file, or neither THEN the moderator is told to give one', async () => {
      const both = addWithFile({ name: 'a.html', url: `${server.url}/bridge`, size: 10 }, [text('url', `${server.url}/bridge`)]);
      await h.interact(both);
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.bothSources));
      await h.interact(slash('article', [subcommand('add', [])], { memberPermissions: MODERATOR }));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.noSource));
    });

    test('GIVEN a corpus folder that cannot be written THEN the moderator is told to ask whoever runs the bot, and the bot goes on', async () => {
      access.dir = join(tempDir('article-gone'), 'missing');
      await h.interact(addByUrl(`${server.url}/bridge`));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.unwritable('ENOENT')));
      expect(interactionLogs(h.logs).at(-1)).toMatchObject({ outcome: 'user_error' });
      // Whoever runs the bot learns it from the log.
      expect(h.logs.find((line) => line.msg === 'cannot write to the corpus folder: ENOENT')).toMatchObject({ level: 40, code: 'ENOENT', corpus: access.dir });
    });
  });

  describe('going live', () => {
    test('GIVEN hot reload swapping in a story that holds the article THEN the report is edited to say it is live, Undo kept', async () => {
      const live = { current: story };
      const reloading = createHarness({ story, liveStory: live, corpus: access });
      const adding = reloading.interact(addByUrl(`${server.url}/bridge`));
      await vi.waitFor(() => expect(lastDescription(reloading)).toContain('within a few seconds'), { timeout: 30_000 });
      live.current = Story.load(corpusDir, { cacheDir: null });
      await adding;
      expect(lastDescription(reloading)).toContain('It is live: members can ask about it now.');
      expect(undoButton(reloading)).toMatch(/^article:undo:/);
      // The same private report, edited: never a second message (which would not be private).
      expect(reloading.rest.find('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/)).toHaveLength(2);
      expect(reloading.rest.find('POST', /^\/webhooks\//)).toEqual([]);
    });

    test('GIVEN the story skipping the file THEN the wait says why; GIVEN no reload in time THEN it says nothing more', async () => {
      const file = join(corpusDir, 'x.md');
      const skipping = { articles: [], skipped: [{ file, problem: 'duplicate id "x" (also in x.html)' }] } as unknown as Story;
      expect(await waitUntilLive('x', file, () => skipping)).toEqual({ problem: 'duplicate id "x" (also in x.html)' });
      expect(await waitUntilLive('x', file, () => story, 300)).toBeUndefined();
      expect(addedView({ id: 'x', title: 'X', paragraphs: ['p'], dropped: [] }, { problem: 'duplicate id "x" (also in x.html)' }).description).toContain('But I could not load it, so members cannot ask about it');
    });
  });

  describe('who may use it', () => {
    test('GIVEN a member without Manage Server THEN a private refusal, and nothing is fetched', async () => {
      const before = server.requested.length;
      await h.interact(addByUrl(`${server.url}/bridge`, [], { memberPermissions: MEMBER_PERMISSIONS }));
      expect(callbacks(h.rest)[0]).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.permission));
      expect(server.requested.length).toBe(before);
    });

    test.each([
      ['from the DM with the bot', { place: 'dm' as const }],
      ['from a server where only the member installed the app', { memberPermissions: MODERATOR, userInstall: true }],
    ])('GIVEN the command %s THEN it is refused', async (_label, shape) => {
      await h.interact(addByUrl(`${server.url}/bridge`, [], shape));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.guildOnly));
      expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
    });

    test('GIVEN a bot without a corpus folder to write to THEN moderators are told to use npm run add', async () => {
      const bare = createHarness({ story });
      await bare.interact(addByUrl(`${server.url}/bridge`));
      expect(lastDescription(bare)).toBe(escapeMarkdown(ARTICLE_MESSAGES.noCorpus));
    });
  });

  describe('Undo of an addition', () => {
    async function added(): Promise<{ customId: string; message: object }> {
      await h.interact(addByUrl(`${server.url}/bridge`));
      const customId = undoButton(h);
      return { customId, message: rawMessage({ flags: MessageFlags.Ephemeral, components: lastMessage(h).components ?? [] }) };
    }

    test('GIVEN the moderator who added it THEN the file is removed and the message says so, without the button', async () => {
      const { customId, message } = await added();
      await h.interact(buttonPress(customId, message, { memberPermissions: MODERATOR }));
      expect(readdirSync(corpusDir)).toEqual([`${SEED_ID}.md`]);
      const update = callbacks(h.rest).at(-1);
      expect(update?.type).toBe(InteractionResponseType.UpdateMessage);
      expect(embedOf(update?.data).title).toBe('Undone');
      expect(update?.data?.components).toEqual([]);
    });

    test('GIVEN another moderator, or the same one without Manage Server now THEN it is refused and the file stays', async () => {
      const { customId, message } = await added();
      await h.interact(buttonPress(customId, message, { memberPermissions: MODERATOR, user: OTHER_USER_ID }));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.notYours));
      await h.interact(buttonPress(customId, message, { memberPermissions: MEMBER_PERMISSIONS }));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.permission));
      expect(existsSync(join(corpusDir, `${BRIDGE_ID}.md`))).toBe(true);
    });

    test('GIVEN the file edited since THEN it is left as it is; GIVEN it removed already THEN nothing to undo', async () => {
      const { customId, message } = await added();
      const file = join(corpusDir, `${BRIDGE_ID}.md`);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nA paragraph a moderator added by hand.\n`);
      await h.interact(buttonPress(customId, message, { memberPermissions: MODERATOR }));
      expect(lastDescription(h)).toContain(escapeMarkdown(`${BRIDGE_ID}.md has changed since it was added, so I left it as it is`));
      expect(existsSync(file)).toBe(true);
      rmSync(file);
      await h.interact(buttonPress(customId, message, { memberPermissions: MODERATOR }));
      expect(lastDescription(h)).toBe(escapeMarkdown(`"${BRIDGE_ID}" is no longer in the corpus, so there is nothing to undo.`));
    });
  });

  describe('removing', () => {
    test('GIVEN an article added moments ago THEN it is removed, and Undo puts the same bytes back', async () => {
      await h.interact(addByUrl(`${server.url}/bridge`));
      const file = join(corpusDir, `${BRIDGE_ID}.md`);
      const bytes = readFileSync(file);
      await h.interact(removeById(BRIDGE_ID));
      expect(existsSync(file)).toBe(false);
      expect(callbacks(h.rest).at(-1)?.data?.flags).toBe(MessageFlags.Ephemeral);
      const customId = undoButton(h);
      expect(customId).toMatch(/^article:restore:/);
      const message = rawMessage({ flags: MessageFlags.Ephemeral, components: lastMessage(h).components ?? [] });
      await h.interact(buttonPress(customId, message, { memberPermissions: MODERATOR }));
      expect(readFileSync(file)).toEqual(bytes);
      expect(embedOf(callbacks(h.rest).at(-1)?.data).title).toBe('Put back “harbour-bridge-reopens-after-repairs”');
      // Pressed again: the bytes were handed back once.
      await h.interact(buttonPress(customId, message, { memberPermissions: MODERATOR }));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.restoreGone));
    });

    test('GIVEN a file of the same name added meanwhile THEN Undo of the removal leaves it as it is', async () => {
      await h.interact(addByUrl(`${server.url}/bridge`));
      await h.interact(removeById(BRIDGE_ID));
      expect(lastMessage(h).embeds?.[0]?.title).toBe(`Removed “${BRIDGE_ID}”`);
      const customId = undoButton(h);
      const file = join(corpusDir, `${BRIDGE_ID}.md`);
      writeFileSync(file, 'a newer file');
      await h.interact(buttonPress(customId, rawMessage({ flags: MessageFlags.Ephemeral }), { memberPermissions: MODERATOR }));
      expect(lastDescription(h)).toBe(escapeMarkdown(`A file named ${BRIDGE_ID}.md is in the corpus folder again, so I left it as it is.`));
      expect(readFileSync(file, 'utf8')).toBe('a newer file');
    });

    test('GIVEN the only article answering THEN it is kept; GIVEN an unknown id THEN the member is pointed to the list', async () => {
      await h.interact(removeById(SEED_ID));
      expect(lastDescription(h)).toBe(escapeMarkdown(ARTICLE_MESSAGES.lastArticle));
      expect(existsSync(join(corpusDir, `${SEED_ID}.md`))).toBe(true);
      await h.interact(removeById('no-such-article'));
      expect(lastDescription(h)).toContain('There is no article "no-such-article"');
    });

    test('GIVEN a moderator typing in the id option THEN the articles are offered by title, valued by id', async () => {
      await h.interact(autocomplete('article', [subcommand('remove', [text('id', 'putin', true)])], { memberPermissions: MODERATOR }));
      const choices = (callbacks(h.rest).at(-1)?.data as { choices?: { name: string; value: string }[] } | undefined)?.choices;
      expect(choices).toEqual([{ name: story.articles[0]?.title, value: SEED_ID }]);
    });
  });
});

describe('/article buttons and reply', () => {
  test('GIVEN the longest id and the largest user id THEN the Undo custom id fits Discord, and reads back', () => {
    const id = 'a'.repeat(MAX_ID_OPTION);
    const user = '18446744073709551615';
    const customId = undoButtonId(user, 'AbCdEf-_12', id);
    expect(customId.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
    expect(parseArticleButton(customId)).toEqual({ kind: 'undo', userId: user, digest: 'AbCdEf-_12', id });
    expect(parseArticleButton(restoreButtonId(USER_ID, 'abcdefghijkl'))).toEqual({ kind: 'restore', userId: USER_ID, token: 'abcdefghijkl' });
    expect(parseArticleButton('article:undo:zz:short:id')).toBeUndefined();
    expect(parseArticleButton('article:delete:everything')).toBeUndefined();
  });

  test('GIVEN ids taken THEN the first free suffix, kept within the id limit', () => {
    const taken = new Set(['story', 'story-2']);
    expect(freeIdLike('story', (id) => taken.has(id))).toBe('story-3');
    expect(freeIdLike('a'.repeat(MAX_ID_OPTION), () => false)).toBe(`${'a'.repeat(MAX_ID_OPTION - 2)}-2`);
  });

  test('GIVEN a long article full of Markdown, mentions and links THEN the reply fits one embed and nothing in it formats, pings or links', () => {
    const paragraphs = Array.from({ length: 200 }, (_, index) => `**Bold** @everyone <@123> [link](https://evil.example) paragraph ${index} ${'words '.repeat(100)}`);
    const dropped = Array.from({ length: 50 }, () => ({ text: 'Share https://evil.example @here', reason: 'page furniture' }));
    const view = addedView({ id: 'long', title: `**${'T'.repeat(400)}**`, paragraphs, dropped });
    const embed = renderEmbed(view);
    expect(embed.fields?.[0]?.name).toBe('Kept 200 paragraphs');
    expect(embed.fields?.[0]?.value).toContain('…and 197 more.');
    expect(embed.fields?.[1]?.value).toContain('…and 45 more.');
    // The page's words: the title and the fields (the description's own **Undo** is the bot's).
    const shown = [embed.title, ...(embed.fields ?? []).map((field) => field.value)].join('\n');
    expect(shown).not.toMatch(/(?<!\\)\*\*/);
    expect(shown).not.toContain('https://');
  });
});
