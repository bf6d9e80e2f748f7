// `npx tsx bench/send-path.ts`: why a rendered path is answered without Express's `res.send`.
// Serves the same /feed.xml two ways in one process and polls each with autocannon (10 connections):
// Express routing + `res.send` (which hashes nothing here, but runs its freshness check, sets headers
// one by one and converts the body), and `sendRendered` straight from node:http. Prints requests per
// second of both and their ratio; never fails.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { resolveSettings } from '../src/config.ts';
import { sendRendered } from '../src/http/send-representation.ts';
import { Publisher } from '../src/publish/publisher.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const settings = resolveSettings(
  [{ siteUrl: 'https://bench.example.org/', port: 0, host: '127.0.0.1' }],
  process.cwd(),
);
const publication = await Publisher.start({ settings });
const feed = publication.rendered.get('/feed.xml');
if (!feed) throw new Error('no /feed.xml');

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.get('/feed.xml', (_req, res) => {
  res
    .set({
      'Cache-Control': 'public, max-age=300',
      ETag: feed.etag,
      'Last-Modified': feed.lastModified.toUTCString(),
    })
    .type(feed.mediaType)
    .send(feed.body);
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

async function rps(port: number): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/feed.xml`,
    connections: 10,
    duration: SECONDS,
  });
  return result.requests.average;
}

const viaExpress = createServer(app);
const direct = createServer((req, res) => {
  if (!sendRendered(req, res, publication.rendered, settings)) res.writeHead(404).end();
});
const [expressPort, directPort] = [await listen(viaExpress), await listen(direct)];
await rps(directPort); // warm up both
await rps(expressPort);
const expressRps = await rps(expressPort);
const directRps = await rps(directPort);
console.log(`/feed.xml (${feed.body.length} bytes), ${SECONDS} s each, 10 connections`);
console.log(`Express res.send: ${expressRps.toFixed(0)} req/s`);
console.log(`sendRendered:     ${directRps.toFixed(0)} req/s`);
console.log(`res.send runs at ${(expressRps / directRps).toFixed(2)}× the direct path`);
viaExpress.close();
direct.close();
await publication.close();
