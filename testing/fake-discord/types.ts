/**
 * Public record types of the fake Discord server: what it recorded about REST requests and
 * gateway traffic, and the fault-injection spec.
 */

/** A file part of a multipart request (`files[n]`). */
export interface RecordedFile {
  /** Form field name (`files[0]`, ...). */
  readonly field: string;
  /** File name as uploaded. */
  readonly filename: string;
  /** Declared content type. */
  readonly contentType: string;
  /** Size in bytes. */
  readonly size: number;
  /** The file's bytes. */
  readonly data: Buffer;
}

/** One REST request the fake received, with the response it sent once it has. */
export interface RecordedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path as received (percent-encoded, with the `/api/v10` prefix, without the query). */
  readonly rawPath: string;
  /** Decoded path relative to `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** The matched route template, e.g. `POST /interactions/:id/:token/callback`; null when unknown. */
  readonly route: string | null;
  /** Query parameters (last value wins). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, lower-cased; the authorization value is replaced by `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether an `Authorization: Bot <token>` header with the expected token was sent. */
  readonly authorized: boolean;
  /** JSON body; for multipart requests the parsed `payload_json`; raw text if not JSON; null if none. */
  readonly body: unknown;
  /** Files of a multipart request. */
  readonly files: readonly RecordedFile[];
  /** Time of arrival (ms since epoch). */
  readonly receivedAt: number;
  /** Response status; null while the request is in flight (or was reset by a fault). */
  readonly status: number | null;
  /** Parsed JSON response body (null for 204). */
  readonly response: unknown;
  /** Description of the injected fault that handled this request, if any. */
  readonly fault: string | null;
  /** Time the response was sent; null while in flight. */
  readonly respondedAt: number | null;
}

/**
 * A fault to inject into REST responses. The first unexhausted fault whose method and path match
 * handles the request.
 *
 * discord.js behaviour to keep in mind (@discordjs/rest 2.6):
 * - 429: waits `Retry-After` seconds (+ `rest.offset`, 50 ms by default) and retries, without limit
 *   (unless `rest.rejectOnRateLimit` says otherwise); the caller's promise resolves normally.
 * - 5xx: retried immediately up to `rest.retries` (3) more times; only when all attempts fail does
 *   the promise reject — with an `HTTPError`, not a `DiscordAPIError`. Use `times: Infinity` (or
 *   `>= retries + 1`) to make the failure surface.
 * - other 4xx: never retried; rejects with `DiscordAPIError` carrying `code` and `status`.
 * - `delayMs` beyond `rest.timeout` (15 s) aborts and retries the request.
 * - `resetConnection`: the socket is destroyed; discord.js retries ECONNRESET up to `rest.retries`.
 */
export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /**
   * Path to match, relative to `/api/v10` and decoded. A RegExp is tested against the path; a string
   * matches the path exactly or the route template (e.g. `/interactions/:id/:token/callback`).
   */
  path: RegExp | string;
  /** Respond with this status instead of handling the request. Omit for a pure delay. */
  status?: number;
  /** Discord JSON error code (defaults: 403 → 50013, 429 → none, others → 0). */
  code?: number;
  /** Error message (defaults per status, e.g. `Missing Permissions`). */
  message?: string;
  /** For 429: seconds to wait, may be fractional (sent in `Retry-After` and `retry_after`). Default 0.05. */
  retryAfter?: number;
  /** For 429: a global rate limit (`X-RateLimit-Global: true`). */
  global?: boolean;
  /** For 429: the `X-RateLimit-Scope` header (default `user`, or `global` when `global`). */
  scope?: 'user' | 'global' | 'shared';
  /** Wait this long before responding (or before handling normally when `status` is omitted). */
  delayMs?: number;
  /** How many requests to affect (default 1; `Infinity` for all). */
  times?: number;
  /** Destroy the connection instead of responding. */
  resetConnection?: boolean;
  /** A custom JSON body instead of the default error body. */
  body?: unknown;
}

/** Handle of an injected fault. */
export interface FaultHandle {
  /** The spec. */
  readonly spec: Readonly<FaultSpec>;
  /** Number of requests it affected so far. */
  readonly hits: number;
  /** Requests it still affects. */
  readonly remaining: number;
  /** Removes the fault. */
  remove(): void;
}

/** Outcome of dispatching a gateway event. */
export interface DispatchResult {
  /** Sequence number given to the event (null when filtered out). */
  readonly sequence: number | null;
  /**
   * `sent` on an open connection; `queued` for replay on RESUME (the connection is down);
   * `filtered` when the session's intents exclude it (see `reason`).
   */
  readonly outcome: 'sent' | 'queued' | 'filtered';
  /** Why the event was filtered. */
  readonly reason?: string;
}

/** A gateway WebSocket connection. */
export interface GatewayConnectionRecord {
  /** Connection number, from 1. */
  readonly id: number;
  /** Request path of the upgrade (`/gateway` or `/gateway/resume`). */
  readonly path: string;
  /** Query parameters of the upgrade (`v`, `encoding`, `compress`). */
  readonly query: Readonly<Record<string, string>>;
  /** `hello` until IDENTIFY/RESUME succeeds. */
  readonly state: 'hello' | 'identified' | 'resumed' | 'closed';
  /** Open time. */
  readonly openedAt: number;
  /** Close code (the code the server sent, or the one the client sent, 1006 if dropped). */
  readonly closeCode: number | null;
}

/** A gateway frame sent or received. */
export interface GatewayFrameRecord {
  /** Connection it travelled on. */
  readonly connectionId: number;
  /** `in` = from the client, `out` = from the fake. */
  readonly direction: 'in' | 'out';
  /** Opcode. */
  readonly op: number;
  /** Event name of a dispatch. */
  readonly t: string | null;
  /** Sequence number of a dispatch. */
  readonly s: number | null;
  /** Payload data. */
  readonly d: unknown;
  /** Time. */
  readonly at: number;
}

/** A dispatch the fake did not send because of the session's intents. */
export interface FilteredDispatch {
  /** Event name. */
  readonly t: string;
  /** Explanation (which intent was missing). */
  readonly reason: string;
  /** Time. */
  readonly at: number;
}
