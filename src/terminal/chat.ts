import type { Story } from '../story.ts';
export async function runChat(_story: Story, _input: NodeJS.ReadableStream, _output: NodeJS.WritableStream): Promise<void> {
  throw new Error('chat: not built yet');
}
