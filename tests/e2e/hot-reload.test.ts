/**
 * Hot reload in the real bot: members keep asking through the fake Discord while an article is
 * added to the corpus folder; every question is answered exactly once, from the old story until
 * the new one is swapped in, and the new article then answers. No timing is asserted: the
 * benchmark (`npm run bench:load -- --reload`) measures how long answers wait.
 */
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCorpus } from '../../bench/synthetic.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { startBotProcess, type BotProcess } from '../../testing/bot-process.ts';
import { chatInputInteraction, option, startFakeDiscord, type FakeDiscord, type InteractionHandle } from '../../testing/fake-discord/index.ts';
import { tempDir } from '../temp.ts';
import { embedText, visibleReply } from './helpers.ts';
import { expectAnsweredOnce } from '../../testing/fake-discord/harness.ts';

/** A busy machine builds a corpus in seconds; the whole test gets minutes. */
const BUDGET_MS = 240_000;
const SEED_QUESTION = 'What did Stoltenberg say about Putin?';
const BRIDGE = {
  file: 'harbour-bridge-reopens.md',
  text: `---\ntitle: Harbour bridge reopens\n---\n\nThe harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in its supports.\n\nThe city council said the final cost of the repairs was 84 million euros, about 12 million more than the budget set in 2022.\n`,
  question: 'How much did the harbour bridge repairs cost?',
  answer: '84 million euros',
};

describe('hot reload while members ask, through the fake Discord', () => {
  let fake: FakeDiscord;
  let bot: BotProcess;
  let corpus: string;
  beforeAll(async () => {
    corpus = join(tempDir('e2e-reload'), 'corpus');
    mkdirSync(corpus);
    copyFileSync(join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md'), join(corpus, 'seed.md'));
    // A few more articles, so the new story opens in more than one slice.
    writeSyntheticCorpus({ articles: 5, out: corpus });
    fake = await startFakeDiscord();
    bot = await startBotProcess({ env: { ...fake.env(), CORPUS_DIR: corpus }, readyTimeoutMs: BUDGET_MS / 2 });
  }, BUDGET_MS);
  afterAll(async () => {
    bot?.kill();
    await fake?.close();
  });

  const ask = (question: string): InteractionHandle => fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', question)] }));
  const answerText = async (handle: InteractionHandle) => embedText((await visibleReply(fake, handle, BUDGET_MS / 4)).embeds?.[0] ?? {});

  it(
    'GIVEN an article added while members ask THEN every question is answered exactly once throughout, and the new article answers after the swap',
    async () => {
      const asked: InteractionHandle[] = [];
      let asking = true;
      // Members ask one after another, each as soon as the last was answered.
      const members = (async () => {
        while (asking) {
          const handle = ask(SEED_QUESTION);
          asked.push(handle);
          await visibleReply(fake, handle, BUDGET_MS / 4);
        }
      })();
      const written = join(corpus, `.${BRIDGE.file}.tmp`);
      writeFileSync(written, BRIDGE.text);
      renameSync(written, join(corpus, BRIDGE.file));
      const reloaded = await bot.waitForLog((line) => (line.msg ?? '').startsWith('corpus reloaded'), BUDGET_MS / 2, 'the reload');
      const duringReload = asked.length;
      let live = false;
      while (!live) live = (await answerText(ask(BRIDGE.question))).includes(BRIDGE.answer);
      asking = false;
      await members;

      expect(reloaded).toMatchObject({ swapped: true, articles: 7 });
      // Questions were asked and answered while the new index was built and opened.
      expect(duringReload).toBeGreaterThan(1);
      for (const handle of asked) {
        await expectAnsweredOnce(handle, { timeoutMs: BUDGET_MS / 4, settleMs: 0 });
        expect(await answerText(handle)).toMatch(/Stoltenberg|Putin/);
        expect((await bot.interactionLog(handle.id)).outcome).not.toBe('error');
      }
      expect(bot.linesAtLeast(50)).toEqual([]);
    },
    BUDGET_MS,
  );
});
