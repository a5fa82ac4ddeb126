/** Structured logging (pino): one JSON line per event, no secret among the fields. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config.ts';

/** Field paths pino replaces with "[redacted]" wherever they appear. */
export const REDACTED_PATHS = ['token', '*.token', 'config.token', 'headers.authorization', '*.headers.authorization'];

/** Interaction webhook URLs carry the interaction's token (valid 15 min): keep it out of logs. */
const TOKEN_IN_URL = /(\/(?:webhooks|interactions)\/\d+\/)[^/?]+/g;

/** "scheme://user:password@" (or "scheme://user@") at the start of an address. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/** Removes the user and password of every address in `text` (a proxy URL in a log line or error). */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1');
}

/** Removes interaction tokens from any text (URLs in errors). */
export function redactInteractionTokens(text: string): string {
  return text.replace(TOKEN_IN_URL, '$1[redacted]');
}

/** pino's error serializer, minus the interaction token in a Discord API error's URL and the request body. */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ['url', 'stack', 'message']) {
    const value = serialized[key];
    if (typeof value === 'string') serialized[key] = redactUrlCredentials(redactInteractionTokens(value));
  }
  delete serialized.requestBody;
  return serialized;
}

/** The bot's logger: JSON lines on stdout (or `destination`) at `level`. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
