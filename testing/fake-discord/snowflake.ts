/**
 * Snowflake ids as Discord makes them: `(ms since Discord epoch) << 22 | worker << 17 | process << 12 | increment`.
 *
 * Real-looking (19 digit) ids matter: @discordjs/rest only recognises 17–19 digit numbers as major
 * parameters when it buckets rate limits, and discord.js derives `createdTimestamp` from them.
 */
import { DISCORD_EPOCH_MS } from './constants.ts';

const INCREMENT_BITS = 12n;
const INCREMENT_MASK = (1n << INCREMENT_BITS) - 1n;
const TIMESTAMP_SHIFT = 22n;
const WORKER_SHIFT = 17n;
const FAKE_WORKER_ID = 1n;

/** Produces unique, increasing snowflakes. */
export type SnowflakeGenerator = () => string;

/**
 * Creates a snowflake generator. Ids are unique and strictly increasing within one generator even
 * when many are made in the same millisecond (the timestamp part is advanced when the 12-bit
 * increment would overflow).
 * @param now clock to read; injectable for deterministic tests.
 */
export function createSnowflakeGenerator(now: () => number = Date.now): SnowflakeGenerator {
  let lastMs = 0n;
  let increment = 0n;
  return () => {
    let ms = BigInt(now()) - DISCORD_EPOCH_MS;
    if (ms <= lastMs) {
      ms = lastMs;
      increment += 1n;
      if (increment > INCREMENT_MASK) {
        ms += 1n;
        increment = 0n;
      }
    } else {
      increment = 0n;
    }
    lastMs = ms;
    return ((ms << TIMESTAMP_SHIFT) | (FAKE_WORKER_ID << WORKER_SHIFT) | increment).toString();
  };
}

/**
 * The creation time (ms since the Unix epoch) encoded in a snowflake.
 * @param id a snowflake string.
 */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> TIMESTAMP_SHIFT) + DISCORD_EPOCH_MS);
}
