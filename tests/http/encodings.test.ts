// Content negotiation of Accept-Encoding, and HEAD: same headers as GET, no body.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { header, send, serve } from '../helpers/server.ts';

let articles: ArticlesDir;
let server: RunningServer;

beforeAll(async () => {
  articles = await makeArticlesDir();
  server = await serve(articles.path);
});

afterAll(async () => {
  await server.close();
  await articles.dispose();
});

const DECODE: Record<string, (body: Buffer) => Buffer> = {
  identity: (body) => body,
  gzip: gunzipSync,
  br: brotliDecompressSync,
};

/** One path of each kind the site has. */
function samplePaths(): string[] {
  const paths = server.live.rendered.paths();
  const pick = (test: (path: string) => boolean) => paths.find(test) ?? '/';
  return [
    '/',
    '/feed.xml',
    '/atom.xml',
    '/feed.json',
    '/feed.xsl',
    pick((p) => p.startsWith('/articles/')),
    pick((p) => /^\/tags\/[^/]+\/$/.test(p)),
    pick((p) => /^\/authors\/[^/]+\/feed\.json$/.test(p)),
  ];
}

describe('Accept-Encoding', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['deflate', 'identity'],
    ['*', 'br'],
    ['gzip;q=0, br;q=0', 'identity'],
  ])('%j is answered with %s', async (acceptEncoding, encoding) => {
    const headers: Record<string, string> =
      acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const response = await send(`${server.url}/feed.xml`, { headers });
    expect(response.status).toBe(200);
    expect(header(response, 'content-encoding')).toBe(encoding === 'identity' ? undefined : encoding);
    // A browser opening the feed gets its preview page instead (Sec-Fetch-Dest: document).
    expect(header(response, 'vary')).toBe('Accept-Encoding, Sec-Fetch-Dest');
  });

  describe('when the same page is asked for in every encoding', () => {
    it('decodes each to the identity bytes, under its own strong ETag', async () => {
      for (const path of samplePaths()) {
        const identity = await send(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
        const etags = new Set<string>();
        for (const encoding of ['identity', 'gzip', 'br']) {
          const response = await send(`${server.url}${path}`, { headers: { 'accept-encoding': encoding } });
          expect(response.status, path).toBe(200);
          expect(DECODE[encoding]?.(response.body).equals(identity.body), `${path} ${encoding}`).toBe(true);
          expect(Number(header(response, 'content-length'))).toBe(response.body.length);
          expect(header(response, 'etag')).toMatch(/^"[^"]+"$/);
          etags.add(header(response, 'etag') as string);
        }
        // A body too small to gain from compression is only sent as it is.
        expect(etags.size, path).toBe(identity.body.length >= 256 ? 3 : 1);
      }
    });

    it('answers 304 to any encoding’s ETag, whichever encoding is asked for', async () => {
      const url = `${server.url}/feed.xml`;
      const etags = await Promise.all(
        ['identity', 'gzip', 'br'].map(async (e) =>
          header(await send(url, { headers: { 'accept-encoding': e } }), 'etag'),
        ),
      );
      for (const held of etags) {
        for (const encoding of ['identity', 'gzip', 'br']) {
          const response = await send(url, {
            headers: { 'accept-encoding': encoding, 'if-none-match': held as string },
          });
          expect(response.status, `${held} as ${encoding}`).toBe(304);
        }
      }
    });
  });
});

describe('HEAD', () => {
  it.each(['identity', 'gzip', 'br'])('has the same headers as GET and no body (%s)', async (encoding) => {
    for (const path of [...samplePaths(), '/no-such-page/', '/healthz']) {
      const headers = { 'accept-encoding': encoding };
      const get = await send(`${server.url}${path}`, { headers });
      const head = await send(`${server.url}${path}`, { method: 'HEAD', headers });
      expect(head.status, path).toBe(get.status);
      expect(head.body.length, path).toBe(0);
      const { date: _getDate, ...getHeaders } = get.headers;
      const { date: _headDate, ...headHeaders } = head.headers;
      expect(headHeaders, path).toEqual(getHeaders);
    }
  });
});
