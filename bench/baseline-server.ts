// The polling baseline: a plain `node:http` server answering the bytes and headers Herald answered,
// with the least work a server can do (a Map lookup, an If-None-Match compare, one writeHead).
// Usage: node --import tsx bench/baseline-server.ts <responses.json>; prints the port when listening.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedResponse {
  /** Flat [name, value, …] headers of the 200, as Herald sent them. */
  headers: string[];
  /** Base64 body. */
  body: string;
  etag: string;
}

export interface RecordedPath {
  identity: RecordedResponse;
  gzip: RecordedResponse;
}

const file = process.argv[2];
if (!file) throw new Error('usage: baseline-server.ts <responses.json>');
const recorded = JSON.parse(readFileSync(file, 'utf8')) as Record<string, RecordedPath>;
const responses = new Map(
  Object.entries(recorded).map(([path, variants]) => [
    path,
    Object.fromEntries(
      Object.entries(variants).map(([encoding, r]) => {
        const notModified: string[] = [];
        for (let i = 0; i < r.headers.length; i += 2) {
          const name = (r.headers[i] as string).toLowerCase();
          if (name !== 'content-length' && name !== 'content-type' && name !== 'content-encoding') {
            notModified.push(r.headers[i] as string, r.headers[i + 1] as string);
          }
        }
        return [encoding, { ...r, bytes: Buffer.from(r.body, 'base64'), notModified }];
      }),
    ) as Record<keyof RecordedPath, RecordedResponse & { bytes: Buffer; notModified: string[] }>,
  ]),
);

const server = createServer((req, res) => {
  const variants = responses.get(req.url ?? '');
  if (!variants) {
    res.writeHead(404).end();
    return;
  }
  const variant = req.headers['accept-encoding']?.includes('gzip') ? variants.gzip : variants.identity;
  if (req.headers['if-none-match'] === variant.etag) {
    res.writeHead(304, variant.notModified).end();
    return;
  }
  res.writeHead(200, variant.headers).end(variant.bytes);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
