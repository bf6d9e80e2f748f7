// Bytes that changed twice within one second get a Last-Modified a second after the previous one,
// which may be ahead of the clock for a moment. RFC 9110 §8.8.2.1 forbids sending a date in the
// future: until the clock gets there, no Last-Modified is sent and If-Modified-Since is not
// evaluated; from then on both are, on the same representation.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sendRepresentation } from '../../src/http/send-representation.ts';
import { makeRepresentation } from '../../src/render/representation.ts';
import { header, send, testSettings } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';

it('sends no Last-Modified while it is ahead of the clock, and sends and honours it once the clock is past it', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'herald-ahead-'));
  // Whole seconds, as HTTP dates carry them, at least a second ahead.
  const ahead = new Date((Math.floor(Date.now() / 1000) + 2) * 1000);
  const representation = makeRepresentation('/feed.xml', {
    mediaType: 'application/rss+xml; charset=utf-8',
    body: '<rss version="2.0"><channel><title>t</title></channel></rss>',
    lastModified: ahead,
  });
  const settings = testSettings(folder);
  const server = createServer((req, res) => sendRepresentation(req, res, representation, settings));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  const since = { 'if-modified-since': ahead.toUTCString() };
  try {
    const early = await send(url);
    expect(early.status).toBe(200);
    expect(header(early, 'last-modified')).toBeUndefined();
    // A date the server has not sent yet is not a validator yet: the reader gets the bytes.
    expect((await send(url, { headers: since })).status).toBe(200);
    // The ETag is a validator all along.
    const etag = header(early, 'etag') as string;
    expect((await send(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    await waitUntil(() => Date.now() >= ahead.getTime(), 5000);
    const due = await send(url);
    expect(header(due, 'last-modified')).toBe(ahead.toUTCString());
    expect((await send(url, { headers: since })).status).toBe(304);
    const notModified = await send(url, { headers: { 'if-none-match': etag } });
    expect(header(notModified, 'last-modified')).toBe(ahead.toUTCString());
  } finally {
    server.close();
    await rm(folder, { recursive: true, force: true });
  }
});
