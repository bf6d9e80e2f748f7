// A stub external WebSub hub on 127.0.0.1 that records the feed URLs publishers ping it with.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PingRecorder {
  /** The hub's address, to set as Herald's `hub` setting. */
  url: string;
  /** The `hub.url` of every `hub.mode=publish` request, in order (clear it with `length = 0`). */
  pings: string[];
  close(): Promise<void>;
}

export async function startPingRecorder(): Promise<PingRecorder> {
  const pings: string[] = [];
  const hub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const params = new URLSearchParams(body);
      if (params.get('hub.mode') === 'publish') pings.push(params.get('hub.url') ?? '');
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => hub.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`,
    pings,
    close: () => new Promise<void>((done) => hub.close(() => done())),
  };
}
