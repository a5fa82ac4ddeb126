/**
 * A small web server on 127.0.0.1 for fetching tests: each path answers with a fixed status,
 * content type and body (or redirects), and every request is counted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one path answers. */
export interface Route {
  status?: number;
  type?: string;
  body?: string | Buffer;
  /** Redirect here (a 302) instead. */
  location?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A started server: its base address, the paths requested, and stop. */
export interface PageServer {
  url: string;
  requested: string[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with the given routes; unknown paths answer 404. */
export async function startPageServer(routes: Record<string, Route>): Promise<PageServer> {
  const requested: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requested.push(path);
    const route = routes[path];
    const answer = () => {
      if (!route) return response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      if (route.location) return response.writeHead(302, { location: route.location }).end();
      response.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8' }).end(route.body ?? '');
    };
    if (route?.delayMs) {
      const timer = setTimeout(() => { timers.delete(timer); answer(); }, route.delayMs);
      timers.add(timer);
    } else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
