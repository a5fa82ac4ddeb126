import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressProblem, fetchPage, FetchError } from '../../src/corpus/fetch.ts';
import { startPageServer, type PageServer } from './page-server.ts';

const PAGE = '<html><head><title>A page</title></head><body><p>Hello from a page.</p></body></html>';

describe('which addresses may be fetched from', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback written as IPv6'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['100.64.0.1', 'shared (carrier NAT)'],
    ['169.254.169.254', 'link-local (cloud metadata)'], ['fe80::1', 'link-local'], ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['224.0.0.1', 'multicast'], ['::ffff:10.0.0.1', 'private written as IPv6'],
  ])('GIVEN %s (%s) THEN it is refused', (address) => {
    expect(addressProblem(address)).toBe(`${address} is not a public address`);
  });

  it.each([['93.184.216.34'], ['8.8.8.8'], ['2606:4700::1111'], ['172.32.0.1']])('GIVEN the public address %s THEN it is allowed', (address) => {
    expect(addressProblem(address)).toBeUndefined();
  });

  it('GIVEN the loopback setting THEN loopback is allowed and the other private ranges are still refused', () => {
    expect(addressProblem('127.0.0.1', true)).toBeUndefined();
    expect(addressProblem('::1', true)).toBeUndefined();
    expect(addressProblem('10.0.0.1', true)).toBe('10.0.0.1 is not a public address');
    expect(addressProblem('169.254.169.254', true)).toBe('169.254.169.254 is not a public address');
  });
});

describe('fetching a page', () => {
  let server: PageServer;
  const big = 'x'.repeat(300_000);
  beforeAll(async () => {
    server = await startPageServer({
      '/page': { body: PAGE },
      '/latin1': { type: 'text/html; charset=iso-8859-1', body: Buffer.from('<p>Caf\xe9 cr\xe8me</p>', 'latin1') },
      '/text': { type: 'text/plain', body: 'Just text.' },
      '/json': { type: 'application/json', body: '{}' },
      '/big': { type: 'text/plain', body: big },
      '/gone': { status: 404, type: 'text/html', body: 'no' },
      '/slow': { delayMs: 3_000, body: PAGE },
      '/to-page': { location: '/page' },
      '/to-private': { location: 'http://10.0.0.1/secret' },
      '/to-ftp': { location: 'ftp://example.com/file' },
      '/loop': { location: '/loop' },
    });
  });
  afterAll(() => server.close());

  it('GIVEN a page on 127.0.0.1 and the loopback setting THEN it is fetched as HTML', async () => {
    expect(await fetchPage(`${server.url}/page`, { allowLoopback: true })).toEqual({ url: `${server.url}/page`, kind: 'html', body: PAGE });
  });

  it('GIVEN a URL naming 127.0.0.1 without the loopback setting THEN it is refused before any request', async () => {
    const before = server.requested.length;
    await expect(fetchPage(`${server.url}/page`)).rejects.toThrow(new FetchError(`refused ${server.url.replace('http://', '')}: 127.0.0.1 is not a public address`, 'refused'));
    expect(server.requested.length).toBe(before);
  });

  it('GIVEN a host name that resolves to 127.0.0.1 without the loopback setting THEN it is refused after resolution, before any request', async () => {
    const before = server.requested.length;
    const port = new URL(server.url).port;
    await expect(fetchPage(`http://localhost:${port}/page`)).rejects.toThrow(/localhost resolves to an address that is not public/);
    expect(server.requested.length).toBe(before);
  });

  it('GIVEN a redirect THEN it is followed and the page’s own address is the final one', async () => {
    expect((await fetchPage(`${server.url}/to-page`, { allowLoopback: true })).url).toBe(`${server.url}/page`);
  });

  // The kind of failure lets a front door say what to do about it (/article's hints).
  it.each([
    ['/to-private', 'refused 10.0.0.1: 10.0.0.1 is not a public address', 'refused'],
    ['/to-ftp', 'only http and https addresses can be fetched, not ftp', 'address'],
    ['/loop', 'more than 5 redirects', 'redirects'],
    ['/json', 'is application/json, not a web page or text', 'type'],
    ['/gone', 'answered 404', 'status'],
  ])('GIVEN %s THEN it is refused: %s', async (path, message, failure) => {
    await expect(fetchPage(`${server.url}${path}`, { allowLoopback: true })).rejects.toMatchObject({ message: expect.stringContaining(message), failure });
  });

  it('GIVEN a body over the size cap THEN it is refused', async () => {
    await expect(fetchPage(`${server.url}/big`, { allowLoopback: true, maxBytes: 100_000 })).rejects.toThrow(/the page is (?:300000 bytes, )?over the limit of 100000 bytes/);
    await expect(fetchPage(`${server.url}/big`, { allowLoopback: true, maxBytes: 100_000 })).rejects.toMatchObject({ failure: 'too-big' });
  });

  it('GIVEN a server slower than the time limit THEN it is given up on with a clear message', async () => {
    await expect(fetchPage(`${server.url}/slow`, { allowLoopback: true, timeoutMs: 300 })).rejects.toThrow(`${new URL(server.url).host} did not answer within 0.3 s`);
    await expect(fetchPage(`${server.url}/slow`, { allowLoopback: true, timeoutMs: 300 })).rejects.toMatchObject({ failure: 'timeout' });
  });

  it('GIVEN a charset in the content type THEN the body is decoded with it', async () => {
    expect((await fetchPage(`${server.url}/latin1`, { allowLoopback: true })).body).toBe('<p>Café crème</p>');
  });

  it('GIVEN plain text THEN it is fetched as text', async () => {
    expect((await fetchPage(`${server.url}/text`, { allowLoopback: true })).kind).toBe('text');
  });

  it.each([['file:///etc/passwd'], ['javascript:alert(1)'], ['not a url']])('GIVEN %s THEN it is refused without a request', async (address) => {
    await expect(fetchPage(address, { allowLoopback: true })).rejects.toBeInstanceOf(FetchError);
  });
});
