// Conditional GET (RFC 9110 §13): If-None-Match decides when present; If-Modified-Since otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { header, send, serve, serveThroughExpressOnly } from '../helpers/server.ts';

const FEED = '/feed.xml';
const OTHER_TAG = '"not-the-current-tag"';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;

const secondEarlier = (d: Date) => new Date(d.getTime() - 1000);
const dayLater = (d: Date) => new Date(d.getTime() + 86_400_000);

/** The obsolete RFC 850 form of an HTTP date (RFC 9110 §5.6.7): `Monday, 23-May-22 04:00:00 GMT`. */
function rfc850(d: Date): string {
  const year = two(d.getUTCFullYear() % 100);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${year} ${clock(d)} GMT`;
}

/** The obsolete asctime form: `Mon May 23 04:00:00 2022` (day padded with a space). */
function asctime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]?.slice(0, 3)} ${MONTHS[d.getUTCMonth()]} ${day} ${clock(d)} ${d.getUTCFullYear()}`;
}

let articles: ArticlesDir;
const servers: Record<string, { url: string; close(): Promise<void> }> = {};

beforeAll(async () => {
  articles = await makeArticlesDir();
  servers['the server'] = await serve(articles.path);
  servers['the Express app alone'] = await serveThroughExpressOnly(articles.path);
});

afterAll(async () => {
  for (const server of Object.values(servers)) await server.close();
  await articles.dispose();
});

describe.each(['the server', 'the Express app alone'])('conditional GET through %s', (name) => {
  const url = (path: string) => `${servers[name]?.url}${path}`;
  /** The current strong ETag of the feed for an encoding. */
  const etagOf = async (encoding = 'identity') =>
    header(await send(url(FEED), { headers: { 'accept-encoding': encoding } }), 'etag') as string;

  // When these bytes first appeared (the ledger in the state folder), whole seconds.
  let lastModified: Date;
  beforeAll(async () => {
    lastModified = new Date(header(await send(url(FEED)), 'last-modified') as string);
  });

  it('serves the feed with a strong ETag and a Last-Modified no later than now', async () => {
    const response = await send(url(FEED));
    expect(response.status).toBe(200);
    expect(header(response, 'etag')).toMatch(/^"[^"]+"$/);
    const sent = new Date(header(response, 'last-modified') as string);
    expect(sent.getTime()).toBeLessThanOrEqual(Date.now());
    expect(sent).toEqual(lastModified);
  });

  describe('when only If-None-Match is sent', () => {
    it.each<[string, (etag: string, gzipEtag: string) => string, number]>([
      ['the current ETag', (etag) => etag, 304],
      ['another ETag', () => OTHER_TAG, 200],
      ['the weak form W/ of the current ETag', (etag) => `W/${etag}`, 304],
      ['*', () => '*', 304],
      ['a list holding the current ETag', (etag) => `${OTHER_TAG}, ${etag}`, 304],
      ['a list without spaces holding the current ETag', (etag) => `${OTHER_TAG},${etag}`, 304],
      ['a list of other ETags', () => `${OTHER_TAG}, "another", W/"third"`, 200],
      ['the ETag of the gzip variant', (_etag, gzipEtag) => gzipEtag, 304],
      ['the ETag without its quotes', (etag) => etag.slice(1, -1), 200],
      ['an empty value', () => '', 200],
    ])('with %s it answers %i', async (_what, ifNoneMatch, status) => {
      const value = ifNoneMatch(await etagOf(), await etagOf('gzip'));
      const response = await send(url(FEED), { headers: { 'if-none-match': value } });
      expect(response.status).toBe(status);
    });
  });

  describe('when only If-Modified-Since is sent', () => {
    it.each<[string, (lm: Date) => string, number]>([
      ['the Last-Modified date itself', (lm) => lm.toUTCString(), 304],
      ['a later date', (lm) => dayLater(lm).toUTCString(), 304],
      ['an earlier date', (lm) => secondEarlier(lm).toUTCString(), 200],
      ['the same date in the obsolete RFC 850 form', rfc850, 304],
      ['the same date in the obsolete asctime form', asctime, 304],
      ['an earlier date in the asctime form', (lm) => asctime(secondEarlier(lm)), 200],
      ['a value that is not a date', () => 'yesterday', 200],
      ['a bare number, which is not an HTTP date', () => '3000', 200],
    ])('with %s it answers %i', async (_what, since, status) => {
      const ifModifiedSince = since(lastModified);
      const response = await send(url(FEED), { headers: { 'if-modified-since': ifModifiedSince } });
      expect(response.status).toBe(status);
    });
  });

  describe('when both are sent, If-None-Match decides (RFC 9110 §13.1.3)', () => {
    it.each<[string, number, (etag: string) => string, (lm: Date) => Date]>([
      ['the ETag mismatches though the date would match', 200, () => OTHER_TAG, dayLater],
      ['the ETag matches though the date is older', 304, (etag) => etag, secondEarlier],
      ['both match', 304, (etag) => etag, (lm) => lm],
      ['neither matches', 200, () => OTHER_TAG, secondEarlier],
    ])('and %s it answers %i', async (_what, status, ifNoneMatch, since) => {
      const headers = {
        'if-none-match': ifNoneMatch(await etagOf()),
        'if-modified-since': since(lastModified).toUTCString(),
      };
      expect((await send(url(FEED), { headers })).status).toBe(status);
    });
  });

  describe('when the answer is 304 Not Modified', () => {
    it.each(['identity', 'gzip', 'br'])('has no body and the current validators (%s)', async (encoding) => {
      const full = await send(url(FEED), { headers: { 'accept-encoding': encoding } });
      const response = await send(url(FEED), {
        headers: { 'accept-encoding': encoding, 'if-none-match': header(full, 'etag') as string },
      });
      expect(response.status).toBe(304);
      expect(response.body.length).toBe(0);
      for (const name of ['etag', 'last-modified', 'cache-control', 'vary', 'content-security-policy']) {
        expect(header(response, name), name).toBe(header(full, name));
      }
      expect(header(response, 'content-encoding')).toBeUndefined();
    });

    it('answers a client holding the gzip ETag with the ETag of the encoding it now asks for', async () => {
      const response = await send(url(FEED), {
        headers: { 'accept-encoding': 'br', 'if-none-match': await etagOf('gzip') },
      });
      expect(response.status).toBe(304);
      expect(header(response, 'etag')).toBe(await etagOf('br'));
    });

    it('answers HEAD the same way', async () => {
      const response = await send(url(FEED), {
        method: 'HEAD',
        headers: { 'if-none-match': await etagOf() },
      });
      expect(response.status).toBe(304);
      expect(header(response, 'etag')).toBe(await etagOf());
    });
  });

  describe('when the path is unknown', () => {
    it('answers 404 even to a matching If-None-Match: *', async () => {
      const response = await send(url('/no-such-page/'), { headers: { 'if-none-match': '*' } });
      expect(response.status).toBe(404);
      expect(response.body.length).toBeGreaterThan(0);
    });
  });
});
