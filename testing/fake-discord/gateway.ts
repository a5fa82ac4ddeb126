/**
 * The fake gateway: a `ws` WebSocket server speaking Discord's gateway protocol v10 with JSON
 * encoding — HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay, dispatches
 * with increasing sequence numbers, and the close codes discord.js reacts to.
 *
 * What @discordjs/ws 1.2 (used by discord.js 14.28) does with the fake's signals:
 * - It connects to `${url}?v=10&encoding=json` where `url` is the `url` of `GET /gateway/bot`, or
 *   on resume the READY `resume_gateway_url` (the fake announces `/gateway/resume` for it).
 * - close 4000 (and 1006 from a dropped TCP connection, and any unknown code): waits 500 ms and
 *   RESUMEs on `resume_gateway_url`; the fake replays events the client missed, then RESUMED.
 * - close 1000: reconnects with a new IDENTIFY (session dropped).
 * - close 4004: emits an "Authentication failed" error and does not reconnect; `client.login()`
 *   rejects with that error and discord.js emits `shardDisconnect` with code 4004.
 * - A second IDENTIFY from the same client within 5 s waits for the identify throttle
 *   (5 s + up to 1.5 s jitter) unless `ws.buildIdentifyThrottler` is overridden.
 * - `compress=zlib-stream` is only requested when the optional `zlib-sync` package is installed;
 *   the fake then still sends uncompressed text frames, which discord.js accepts (text frames are
 *   never inflated). IDENTIFY `compress: true` is likewise answered with uncompressed frames.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import type { APIUser, GatewayGuildCreateDispatchData, GatewayReadyDispatchData } from 'discord.js';
import { API_VERSION, CloseCode, GATEWAY_PATH, MAX_REPLAY_BUFFER, RESUME_GATEWAY_PATH } from './constants.ts';
import type { ChangeSignal } from './wait.ts';
import type {
  DispatchResult,
  FilteredDispatch,
  GatewayConnectionRecord,
  GatewayFrameRecord,
} from './types.ts';

/** Intents that must be enabled for the app in the developer portal. */
export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** WebSocket close code of an abnormal closure (no close frame), what the client sees after a drop. */
const ABNORMAL_CLOSURE = 1006;

/** Configuration of the fake gateway. */
export interface FakeGatewayOptions {
  /** Expected bot token (IDENTIFY/RESUME with another → close 4004). */
  token: string;
  /** The bot user sent in READY. */
  botUser: APIUser;
  /** Application id (READY `application.id`). */
  applicationId: string;
  /** Application flags (READY `application.flags`). */
  applicationFlags: number;
  /** GUILD_CREATE payloads, sent after READY in order. */
  guilds: () => readonly GatewayGuildCreateDispatchData[];
  /** HELLO heartbeat interval. */
  heartbeatIntervalMs: number;
  /** Privileged intents the app may use; others → close 4014. */
  allowedPrivilegedIntents: number;
  /** Base `ws://127.0.0.1:PORT` URL, known once listening. */
  baseUrl: () => string;
  /** Change notifications for waiters. */
  signal: ChangeSignal;
}

/** Intent requirement of a dispatch: the event is delivered only if the session has `intent`. */
export interface IntentRequirement {
  /** The intent bit. */
  intent: number;
  /** Name of the intent, for the filter reason. */
  name: string;
}

/** A gateway frame as sent on the wire. */
interface WireFrame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** A session (what RESUME resumes). */
interface Session {
  readonly id: string;
  readonly intents: number;
  seq: number;
  readonly replay: WireFrame[];
}

/** Mutable connection state; exposed read-only as {@link GatewayConnectionRecord}. */
interface Connection {
  id: number;
  path: string;
  query: Record<string, string>;
  state: GatewayConnectionRecord['state'];
  openedAt: number;
  closeCode: number | null;
  readonly socket: WebSocket;
}

/** Type guard for a parsed client frame. */
function isClientFrame(value: unknown): value is { op: number; d?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'number';
}

/** Reads a property of an unknown object. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The fake gateway server (one bot, one shard). */
export class FakeGateway {
  /** Every connection, in order. */
  readonly connections: GatewayConnectionRecord[] = [];
  /** Every frame sent and received (heartbeats included). */
  readonly frames: GatewayFrameRecord[] = [];
  /** Dispatches withheld because of the session's intents. */
  readonly filtered: FilteredDispatch[] = [];
  /** Whether heartbeats are ACKed; set to false to make discord.js detect a zombie connection. */
  ackHeartbeats = true;
  /** Number of successful IDENTIFYs. */
  identifyCount = 0;
  /** Number of successful RESUMEs. */
  resumeCount = 0;

  readonly #options: FakeGatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  #session: Session | null = null;
  #active: Connection | null = null;
  readonly #open = new Set<Connection>();
  #connectionCounter = 0;

  constructor(options: FakeGatewayOptions) {
    this.#options = options;
  }

  /** The current session's id (null before the first IDENTIFY). */
  get sessionId(): string | null {
    return this.#session?.id ?? null;
  }

  /** Intents of the current session (null before the first IDENTIFY). */
  get intents(): number | null {
    return this.#session?.intents ?? null;
  }

  /** Last sequence number used in the current session. */
  get sequence(): number {
    return this.#session?.seq ?? 0;
  }

  /** Whether an identified or resumed connection is open. */
  get connected(): boolean {
    return this.#active !== null;
  }

  /** Frames of one direction, optionally only dispatches of event `t`. */
  framesOf(direction: 'in' | 'out', t?: string): GatewayFrameRecord[] {
    return this.frames.filter((frame) => frame.direction === direction && (t === undefined || frame.t === t));
  }

  /**
   * Takes over an HTTP upgrade on the gateway paths; returns false (socket untouched) for other paths.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== GATEWAY_PATH && url.pathname !== RESUME_GATEWAY_PATH && url.pathname !== '/') return false;
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws, url));
    return true;
  }

  #onConnection(socket: WebSocket, url: URL): void {
    const connection: Connection = {
      id: ++this.#connectionCounter,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      state: 'hello',
      openedAt: Date.now(),
      closeCode: null,
      socket,
    };
    this.#open.add(connection);
    this.connections.push(connection);
    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    socket.on('close', (code) => {
      connection.closeCode ??= code;
      connection.state = 'closed';
      this.#open.delete(connection);
      if (this.#active === connection) this.#active = null;
      this.#options.signal.notify();
    });
    socket.on('error', () => {
      // Errors are followed by 'close'; nothing else to do.
    });
    const { v, encoding } = connection.query;
    if (v !== String(API_VERSION)) {
      this.#close(connection, CloseCode.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if (encoding !== undefined && encoding !== 'json') {
      this.#close(connection, CloseCode.DecodeError, 'Only encoding=json is supported by the fake');
      return;
    }
    this.#send(connection, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs, _trace: ['fake-discord'] }, s: null, t: null });
    this.#options.signal.notify();
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#close(connection, CloseCode.DecodeError, 'Binary (etf) frames are not supported by the fake');
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
    } catch {
      this.#close(connection, CloseCode.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isClientFrame(frame)) {
      this.#close(connection, CloseCode.DecodeError, 'Error while decoding payload.');
      return;
    }
    this.frames.push({ connectionId: connection.id, direction: 'in', op: frame.op, t: null, s: null, d: frame.d ?? null, at: Date.now() });
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        if (this.ackHeartbeats) this.#send(connection, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        break;
      case GatewayOpcodes.Identify:
        this.#identify(connection, frame.d);
        break;
      case GatewayOpcodes.Resume:
        this.#resume(connection, frame.d);
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (connection.state === 'hello') this.#close(connection, CloseCode.NotAuthenticated, 'Not authenticated.');
        break;
      default:
        this.#close(connection, CloseCode.UnknownOpcode, 'Unknown opcode.');
    }
    this.#options.signal.notify();
  }

  /**
   * IDENTIFY and RESUME both need a connection that has not authenticated yet and the bot's
   * token; closes the connection as Discord does and returns false otherwise.
   */
  #authenticates(connection: Connection, d: unknown): boolean {
    if (connection.state !== 'hello') {
      this.#close(connection, CloseCode.AlreadyAuthenticated, 'Already authenticated.');
      return false;
    }
    if (field(d, 'token') !== this.#options.token) {
      this.#close(connection, CloseCode.AuthenticationFailed, 'Authentication failed.');
      return false;
    }
    return true;
  }

  #identify(connection: Connection, d: unknown): void {
    if (!this.#authenticates(connection, d)) return;
    const shard = field(d, 'shard');
    if (shard !== undefined && (!Array.isArray(shard) || shard[0] !== 0 || shard[1] !== 1)) {
      this.#close(connection, CloseCode.InvalidShard, 'Invalid shard (the fake serves one shard: [0, 1]).');
      return;
    }
    const intents = field(d, 'intents');
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      this.#close(connection, CloseCode.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.#options.allowedPrivilegedIntents) !== 0) {
      this.#close(connection, CloseCode.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), intents, seq: 0, replay: [] };
    this.#sessions.set(session.id, session);
    this.#session = session;
    this.#activate(connection, 'identified');
    this.identifyCount += 1;
    const guilds = this.#options.guilds();
    const ready: GatewayReadyDispatchData = {
      v: API_VERSION,
      user: { ...this.#options.botUser, bot: true, verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `${this.#options.baseUrl()}${RESUME_GATEWAY_PATH}`,
      shard: [0, 1],
      application: { id: this.#options.applicationId, flags: this.#options.applicationFlags, flags_new: String(this.#options.applicationFlags) },
    };
    this.dispatch(GatewayDispatchEvents.Ready, ready);
    for (const guild of guilds) this.dispatch(GatewayDispatchEvents.GuildCreate, guild);
  }

  #resume(connection: Connection, d: unknown): void {
    if (!this.#authenticates(connection, d)) return;
    const sessionId = field(d, 'session_id');
    const session = typeof sessionId === 'string' ? this.#sessions.get(sessionId) : undefined;
    if (!session || session !== this.#session) {
      // Not resumable: discord.js re-identifies.
      this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const seq = field(d, 'seq');
    const lastSeen = typeof seq === 'number' ? seq : 0;
    if (lastSeen > session.seq) {
      this.#close(connection, CloseCode.InvalidSeq, 'Invalid seq.');
      return;
    }
    this.#activate(connection, 'resumed');
    this.resumeCount += 1;
    for (const frame of session.replay) {
      if (frame.s !== null && frame.s > lastSeen) this.#send(connection, frame);
    }
    session.seq += 1;
    this.#send(connection, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: session.seq, d: { _trace: ['fake-discord'] } });
  }

  /** Makes `connection` the one dispatches go to, closing a previous one. */
  #activate(connection: Connection, state: 'identified' | 'resumed'): void {
    const previous = this.#active;
    connection.state = state;
    this.#active = connection;
    if (previous && previous !== connection) this.#close(previous, CloseCode.SessionTimedOut, 'Superseded by a new connection.');
  }

  /**
   * Dispatches event `t` with data `d` in the current session: sent now when connected, queued for
   * replay otherwise, or withheld when the session lacks `requires.intent`.
   * @throws when no client has identified yet (nothing could ever receive the event).
   */
  dispatch(t: string, d: unknown, requires?: IntentRequirement): DispatchResult {
    const session = this.#session;
    if (!session) {
      throw new Error(`fake gateway: cannot dispatch ${t} before a client has identified (await the client's clientReady event first)`);
    }
    if (requires && (session.intents & requires.intent) === 0) {
      const reason = `the session was identified without the ${requires.name} intent`;
      this.filtered.push({ t, reason, at: Date.now() });
      this.#options.signal.notify();
      return { sequence: null, outcome: 'filtered', reason };
    }
    session.seq += 1;
    const frame: WireFrame = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d };
    session.replay.push(frame);
    if (session.replay.length > MAX_REPLAY_BUFFER) session.replay.shift();
    const connection = this.#active;
    if (!connection) return { sequence: session.seq, outcome: 'queued' };
    this.#send(connection, frame);
    return { sequence: session.seq, outcome: 'sent' };
  }

  /** Whether the current session has all bits of `intent`. */
  hasIntent(intent: number): boolean {
    return this.#session !== null && (this.#session.intents & intent) === intent;
  }

  /**
   * Drops the active connection without a close frame (TCP reset); the client sees 1006 and
   * resumes. Returns false when no connection was active.
   */
  drop(): boolean {
    const connection = this.#active;
    if (!connection) return false;
    connection.closeCode = ABNORMAL_CLOSURE;
    this.#active = null;
    connection.socket.terminate();
    return true;
  }

  /** Closes the active connection with `code` (e.g. 4000 to force a resume). Returns false if none. */
  close(code: number, reason = ''): boolean {
    const connection = this.#active ?? [...this.#open].at(-1);
    if (!connection) return false;
    this.#close(connection, code, reason);
    return true;
  }

  /** Sends op 7 RECONNECT; discord.js closes and resumes. Returns false if no connection is active. */
  requestReconnect(): boolean {
    const connection = this.#active;
    if (!connection) return false;
    this.#send(connection, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
    return true;
  }

  /**
   * Sends op 9 INVALID_SESSION. With `resumable` false the session is forgotten and the client must
   * IDENTIFY again (subject to the 5 s identify throttle).
   */
  invalidateSession(resumable: boolean): boolean {
    const connection = this.#active;
    if (!connection) return false;
    if (!resumable && this.#session) {
      this.#sessions.delete(this.#session.id);
    }
    this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
    return true;
  }

  #send(connection: Connection, frame: WireFrame): void {
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    this.frames.push({ connectionId: connection.id, direction: 'out', op: frame.op, t: frame.t, s: frame.s, d: frame.d, at: Date.now() });
    connection.socket.send(JSON.stringify(frame));
  }

  #close(connection: Connection, code: number, reason: string): void {
    connection.closeCode = code;
    if (this.#active === connection) this.#active = null;
    if (connection.socket.readyState === connection.socket.OPEN || connection.socket.readyState === connection.socket.CONNECTING) {
      connection.socket.close(code, reason);
    }
    this.#options.signal.notify();
  }

  /** Terminates every connection and the WebSocket server. */
  async shutdown(): Promise<void> {
    for (const connection of this.#open) connection.socket.terminate();
    this.#open.clear();
    this.#active = null;
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
