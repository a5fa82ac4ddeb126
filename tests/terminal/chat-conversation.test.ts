/**
 * The terminal carries the conversation: `npm run chat` reads a follow-up in the light of the
 * lines before it, and `chat --json` reads conversations from standard input (a blank line starts
 * a new one), one Answer a line with the question as understood. `ask` stays stateless.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { Story, type Answer } from '../../src/story.ts';
import { replyToLine, type ChatState } from '../../src/terminal/chat.ts';
import { viewToText } from '../../src/terminal/render.ts';

/** Runs the CLI with `input` on standard input (its own budget: a process and a story load). */
function run(args: string[], input: string): { stdout: string; status: number | null } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), ...args], { input, encoding: 'utf8', cwd: REPO_ROOT, timeout: 120_000 });
  return { stdout: result.stdout, status: result.status };
}

describe('chat --json', () => {
  test('GIVEN two conversations on stdin THEN one Answer a line, follow-ups understood within their conversation only', () => {
    const input = ['What did Stoltenberg say about the mobilisation?', 'what else did he say?', '', 'what else did he say?', ''].join('\n');
    const { stdout, status } = run(['chat', '--json'], input);
    expect(status).toBe(0);
    const answers = stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers).toHaveLength(3);
    const [first, followUp, fresh] = answers;
    expect(Object.keys(first ?? {}).sort()).toEqual(['answered', 'question', 'quotes', 'suggestions', 'understood']);
    expect(followUp).toMatchObject({ question: 'what else did he say?', understood: 'what else did Stoltenberg say?', answered: true });
    expect(followUp?.quotes[0]?.speaker).toBe('Stoltenberg');
    // A blank line started a new conversation: "he" has nobody to stand for.
    expect(fresh?.understood).toBe('what else did he say?');
  }, 180_000);

  test('GIVEN ask with the same lines THEN each is answered on its own', () => {
    const { stdout } = run(['ask', '--json'], 'What did Stoltenberg say about the mobilisation?\nwhat else did he say?\n');
    const [, second] = stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(second?.understood).toBe('what else did he say?');
  }, 180_000);
});

describe('npm run chat', () => {
  test('GIVEN a follow-up typed in the chat THEN the reply shows the question as understood', () => {
    const story = Story.load('corpus');
    const state: ChatState = {};
    replyToLine(story, 'What did Stoltenberg say about the mobilisation?', state);
    const reply = replyToLine(story, 'what else did he say?', state);
    expect(viewToText(reply ?? { title: '', description: '', fields: [], tone: 'answer' })).toContain('what else did Stoltenberg say?');
  }, 120_000);
});
