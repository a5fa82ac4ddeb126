/**
 * Fetching an article by its address, safely: http(s) only; public addresses only, checked after
 * DNS resolution and again on every redirect, and the connection made to the very address that
 * was checked (the check is the socket's own lookup, so a name cannot resolve to a public address
 * for the check and a private one for the request); a time limit, a size cap, and HTML or text
 * content types only.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { TextDecoder } from 'node:util';

/** Default time for the whole fetch, redirects included. */
export const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
/** Default cap on a page's size. */
export const DEFAULT_FETCH_MAX_BYTES = 5 * 2 ** 20;
/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;
/** Content types read: a page or text. */
const ACCEPTED_TYPES = /^(?:text\/html|application\/xhtml\+xml|text\/plain|text\/markdown)$/i;

/**
 * Why a fetch failed, so a front door can say what to do about it: not a usable address, an
 * address that is not public, no answer in time, too big, not a page or text, an error status,
 * too many redirects, or the connection failed.
 */
export type FetchFailure = 'address' | 'refused' | 'timeout' | 'too-big' | 'type' | 'status' | 'redirects' | 'network';

/** A fetch refused or failed; the message is one line for the person who gave the address. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    message: string,
    /** What kind of failure it is. */
    readonly failure: FetchFailure = 'network',
  ) {
    super(message);
  }
}

/** Options for `fetchPage`. */
export interface FetchOptions {
  /** Allow loopback addresses (127.0.0.0/8, ::1): for tests against a local server only. */
  allowLoopback?: boolean;
  /** Time for the whole fetch, in milliseconds. */
  timeoutMs?: number;
  /** Largest body accepted, in bytes. */
  maxBytes?: number;
  /**
   * Also read a body served as a generic binary type (`application/octet-stream`): for a file
   * whose name already says it is a page or a text, which a file host may serve untyped.
   */
  acceptUntyped?: boolean;
}

/** A page as fetched. */
export interface FetchedPage {
  /** The address the page came from, after redirects. */
  url: string;
  /** `html` or `text`, from the content type. */
  kind: 'html' | 'text';
  /** The body, decoded with the charset the server named (UTF-8 otherwise). */
  body: string;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Addresses that are not the public internet: private, shared, link-local, unique-local, reserved. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64], ['64:ff9b:1::', 48],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Why an address may not be fetched from, or undefined when it may. */
export function addressProblem(address: string, allowLoopback = false): string | undefined {
  const family = isIP(address);
  if (family === 0) return `"${address}" is not an IP address`;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  const [plain, type] = mapped ? [mapped, 'ipv4' as const] : [address, family === 4 ? ('ipv4' as const) : ('ipv6' as const)];
  if (allowLoopback && LOOPBACK.check(plain, type)) return undefined;
  if (NOT_PUBLIC.check(plain, type)) return `${address} is not a public address`;
  return undefined;
}

/** A DNS lookup for the socket that refuses a name with any address that is not public. */
function checkedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((entry) => addressProblem(entry.address, allowLoopback)).find((problem) => problem !== undefined);
      if (refused !== undefined || addresses.length === 0) {
        return callback(new FetchError(`${hostname} resolves to an address that is not public (${refused ?? 'none'})`, 'refused'), '', 0);
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
}

/** Checks an address before any connection: scheme, and the host when it is an IP literal. */
function checkUrl(text: string, allowLoopback: boolean): URL {
  if (!URL.canParse(text)) throw new FetchError(`"${text}" is not a web address`, 'address');
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(`only http and https addresses can be fetched, not ${url.protocol.replace(/:$/, '')}`, 'address');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // The socket skips the lookup for an IP literal, so a literal is checked here.
  if (isIP(host) !== 0) {
    const problem = addressProblem(host, allowLoopback);
    if (problem !== undefined) throw new FetchError(`refused ${url.host}: ${problem}`, 'refused');
  }
  return url;
}

/** The charset a content type names, when TextDecoder knows it. */
function decoderFor(contentType: string): TextDecoder {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

interface Response {
  status: number;
  location?: string;
  contentType: string;
  body?: Buffer;
}

/** One GET, without following redirects; the body only for a 200 of an accepted type within the cap. */
function getOnce(url: URL, options: Required<FetchOptions>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(
      url,
      { lookup: checkedLookup(options.allowLoopback), signal, headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9', 'user-agent': 'storybot (article fetcher)' } },
      (response) => {
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers['content-type'] ?? '');
        if (status >= 300 && status < 400) {
          response.resume();
          return resolve({ status, location: response.headers.location, contentType });
        }
        const mediaType = contentType.split(';')[0]?.trim() ?? '';
        if (status !== 200 || !(ACCEPTED_TYPES.test(mediaType) || (options.acceptUntyped && /^application\/octet-stream$/i.test(mediaType)))) {
          response.resume();
          return resolve({ status, contentType });
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          response.destroy();
          return reject(new FetchError(`the page is ${declared} bytes, over the limit of ${options.maxBytes} bytes`, 'too-big'));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            response.destroy();
            reject(new FetchError(`the page is over the limit of ${options.maxBytes} bytes`, 'too-big'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, contentType, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/**
 * Fetches a page or a text by its http(s) address, following up to MAX_REDIRECTS redirects, each
 * checked as the first. Throws a FetchError whose message says what was refused or failed.
 */
export async function fetchPage(address: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const settings: Required<FetchOptions> = {
    allowLoopback: options.allowLoopback ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES,
    acceptUntyped: options.acceptUntyped ?? false,
  };
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let url = checkUrl(address, settings.allowLoopback);
  for (let redirects = 0; ; redirects += 1) {
    let response: Response;
    try {
      response = await getOnce(url, settings, signal);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (signal.aborted) throw new FetchError(`${url.host} did not answer within ${settings.timeoutMs / 1_000} s`, 'timeout');
      const cause = (error as { cause?: unknown }).cause;
      throw new FetchError(`could not fetch ${url.href}: ${cause instanceof FetchError ? cause.message : (error as Error).message}`, cause instanceof FetchError ? cause.failure : 'network');
    }
    if (response.location !== undefined) {
      if (redirects >= MAX_REDIRECTS) throw new FetchError(`more than ${MAX_REDIRECTS} redirects from ${address}`, 'redirects');
      url = checkUrl(new URL(response.location, url).href, settings.allowLoopback);
      continue;
    }
    if (response.status !== 200) throw new FetchError(`${url.href} answered ${response.status}`, 'status');
    if (!response.body) throw new FetchError(`${url.href} is ${response.contentType.split(';')[0] || 'of no stated type'}, not a web page or text`, 'type');
    const mediaType = response.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const kind = mediaType === 'text/html' || mediaType === 'application/xhtml+xml' ? 'html' : 'text';
    return { url: url.href, kind, body: decoderFor(response.contentType).decode(response.body) };
  }
}
