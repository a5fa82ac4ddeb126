/**
 * Question shapes: several questions in one, answered part by part, each with its own quote;
 * "how did X react?" and "what did X say back?" asked as the story puts a reply.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, test } from 'vitest';
import { createAnswerer } from '../../src/answer/answer.ts';
import { reactionQuestion, splitQuestion } from '../../src/answer/question-shapes.ts';
import { StatementStore } from '../../src/answer/statements.ts';
import { parseArticle } from '../../src/corpus/load.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { Story, type Answer } from '../../src/story.ts';
import { answerListView, answerPageCount, answerView } from '../../src/views.ts';
import { viewToText } from '../../src/terminal/render.ts';

describe('splitQuestion', () => {
  it.each([
    // question → parts → why
    ['Who is threatening nukes and what did NATO say back?', ['Who is threatening nukes?', 'What did NATO say back?'], '"and" before a question word opens a second question'],
    ['How many tablets had she taken, and how many were a lethal dose?', ['How many tablets had she taken?', 'How many were a lethal dose?'], '", and how" likewise'],
    ['Who is Stoltenberg? What did he say?', ['Who is Stoltenberg?', 'What did he say?'], 'two question marks, two questions'],
    ['what is nato and why does it matter', ['What is nato?', 'Why does it matter?'], 'typed without capitals or a question mark'],
    ['Is Putin bluffing and how did NATO react?', ['Is Putin bluffing?', 'How did NATO react?'], 'a yes/no question, then a question word'],
    ['Who discovered neon, and when?', ['Who discovered neon?', 'When (discovered neon)?'], 'a lone "and when?" asks the part before about a date'],
    ['What did Putin announce, and when?', ['What did Putin announce?', 'When (did Putin announce)?'], 'likewise, the part before without its question word'],
    ['What did Stoltenberg and Putin say?', ['What did Stoltenberg and Putin say?'], '"and Putin" opens no question: one question about two people'],
    ['What did de Miranda say about the Soviets and neon?', ['What did de Miranda say about the Soviets and neon?'], 'two things in one question'],
    ['will ukrainians and russians both die', ['will ukrainians and russians both die'], 'no second question word'],
    ['Who released the exploit, which crashes servers?', ['Who released the exploit, which crashes servers?'], 'after a bare comma, "which" starts a relative clause'],
    ['How much is Verizon paying for Yahoo?', ['How much is Verizon paying for Yahoo?'], 'one question'],
  ])('GIVEN %j THEN it is asked as %j (%s)', (question, parts) => {
    expect(splitQuestion(question)).toEqual(parts);
  });
});

describe('reactionQuestion', () => {
  it.each([
    // question → understood → why
    ['What did NATO say back?', 'How did NATO respond?', '"say back" is a reply'],
    ["What was the Kremlin's reaction to the sanctions?", 'How did the Kremlin respond to the sanctions?', 'a reaction, and to what'],
    ['how did stoltenberg react', 'How did stoltenberg respond?', 'react is respond'],
    ['How did Russia hit back at the West?', 'How did Russia respond to the West?', 'hitting back is a reply'],
    ['What did Putin say about the war?', null, 'what someone said is no reaction'],
    ['How did the war start?', null, 'no reaction asked for'],
  ] as [string, string | null, string][])('GIVEN %j THEN it is understood as %j (%s)', (question, understood) => {
    expect(reactionQuestion(question)).toBe(understood);
  });
});

describe('a question in parts, answered through the Story', () => {
  let story: Story;
  beforeAll(() => {
    story = Story.load(join(REPO_ROOT, 'corpus'));
  }, 120_000);

  it('GIVEN two questions in one THEN each part is answered with its own quote, the reply as the story puts it', () => {
    const answer = story.ask('Who is threatening nukes and what did NATO say back?');
    expect(answer.answered).toBe(true);
    expect(answer.parts?.map((part) => part.understood)).toEqual(['Who is threatening nukes?', 'How did NATO respond?']);
    for (const part of answer.parts ?? []) expect(part.quotes[0]?.text).toMatch(/nuclear|Responding/);
    expect(answer.parts?.[1]?.quotes[0]?.text).toMatch(/Responding to Putin’s threats/);
    expect(answer.understood).toBe('Who is threatening nukes? How did NATO respond?');
  });

  it('GIVEN a second part that says "he" THEN he is the person of the first part', () => {
    const answer = story.ask('Who is Stoltenberg and what did he say?');
    expect(answer.parts?.[1]?.understood).toBe('What did Stoltenberg say?');
    expect(answer.parts?.[1]?.quotes[0]?.speaker).toBe('Stoltenberg');
  });

  it('GIVEN an answer in parts THEN the first page shows every part with its quote, and the list view heads each part', () => {
    const answer = story.ask('Who is threatening nukes and what did NATO say back?');
    const first = viewToText(answerView(answer, { page: 0 }));
    expect(first).toContain('1. Who is threatening nukes?');
    expect(first).toContain('2. How did NATO respond?');
    expect(first.match(/^> /gm)?.length).toBeGreaterThanOrEqual(2);
    // The pages after the first show the quotes the first did not.
    expect(answerPageCount(answer)).toBeGreaterThan(1);
    const second = viewToText(answerView(answer, { page: 1 }));
    expect(second).not.toContain('1. Who is threatening nukes?');
    const list = viewToText(answerListView(answer));
    expect(list).toContain('1. Who is threatening nukes?');
    expect(list).toContain('2. How did NATO respond?');
  });

  it('GIVEN one question THEN the answer has no parts', () => {
    expect(story.ask('How many reservists will be called up?').parts).toBeUndefined();
  });
});

test('GIVEN a question in parts on chat --json THEN its line carries each part with its quote', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), 'chat', '--json'], {
    input: 'Who is threatening nukes and what did NATO say back?\n', encoding: 'utf8', cwd: REPO_ROOT, timeout: 120_000,
  });
  expect(result.status).toBe(0);
  const answer = JSON.parse(result.stdout.trim()) as Answer;
  expect(answer.parts).toHaveLength(2);
  expect(answer.parts?.map((part) => part.quotes[0]?.speaker)).toEqual(['Stoltenberg', 'Stoltenberg']);
  expect(answer.parts?.[1]?.quotes[0]?.text).toMatch(/Responding to Putin’s threats/);
}, 180_000);

describe('"What did X say about Y?" quotes X’s own sentence on Y', () => {
  const paragraph = 'Maria Lopez, the city engineer, showed councillors the plans for the river bridge on Monday, and the bridge budget was approved after months of debate over what Lopez and the bridge would cost taxpayers. '
    + '“It will open to traffic next spring, whatever the weather does to the bridge,” said Lopez, who has led the project since it began. '
    + 'Councillors also voted to repave the high street and to extend the opening hours of the central library through the summer months.';
  let answerer: ReturnType<typeof createAnswerer>;
  beforeAll(() => {
    const articles = [parseArticle('bridge.md', `---\nid: bridge\ntitle: The bridge\n---\n\n${paragraph}\n`)];
    answerer = createAnswerer(articles, { cacheDir: null, statements: new StatementStore(articles) });
  }, 120_000);

  it('GIVEN a paragraph that tells of Lopez and the bridge and quotes her on it THEN the quote is her own sentence, with her name', () => {
    const quote = answerer.ask('What did Lopez say about the bridge?').quotes[0];
    expect(quote?.text).toMatch(/^“It will open to traffic next spring/);
    expect(quote?.speaker).toBe('Lopez');
  });

  it('GIVEN the same paragraph asked about the budget THEN the narration that answers is quoted', () => {
    expect(answerer.ask('When was the bridge budget approved?').quotes[0]?.text).toMatch(/^Maria Lopez, the city engineer, showed councillors/);
  });
});
