/**
 * A child process for the kill -9 test: opens the store named by argv[2] (JSON DatabaseTarget),
 * casts votes as fast as the store confirms them, and prints "ack N" once vote N is written.
 * The parent kills it with SIGKILL mid-burst.
 */
import { FeedbackStore } from '../../src/store/feedback-store.ts';

const target = JSON.parse(process.argv[2] ?? '{}');
const store = FeedbackStore.open({ target, retentionDays: 90, voteHashSecret: 'kill-test-secret-0123456789' });
if (!(await store.ready())) process.exit(3);
process.stdout.write('ready\n');
let next = 0;
// Several votes in flight at once, as several members pressing buttons together.
async function voter(): Promise<void> {
  for (;;) {
    const n = next++;
    const written = await store.recordVote({
      guildId: '100000000000000001',
      channelId: '200000000000000002',
      memberId: String(300000000000000000n + BigInt(n)),
      answer: { messageId: '400000000000000005', article: 'nato-summit', paragraph: 1 },
      question: `Question number ${n}?`,
      verdict: n % 2 === 0 ? 'up' : 'down',
    });
    if (written) process.stdout.write(`ack ${n}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, voter));
