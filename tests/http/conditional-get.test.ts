// Conditional GET (RFC 9110 §13): If-None-Match decides when present; If-Modified-Since otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { header, send, serve, serveThroughExpressOnly } from '../helpers/server.ts';

const FEED = '/feed.xml';
const LAST_MODIFIED = 'Mon, 23 May 2022 04:00:00 GMT'; // newest shipped article: 12:00 in UTC+8
const BEFORE = 'Mon, 23 May 2022 03:59:59 GMT';
const AFTER = 'Tue, 24 May 2022 00:00:00 GMT';
const OTHER_TAG = '"not-the-current-tag"';

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

  it('serves the feed with a strong ETag and the newest article as Last-Modified', async () => {
    const response = await send(url(FEED));
    expect(response.status).toBe(200);
    expect(header(response, 'etag')).toMatch(/^"[^"]+"$/);
    expect(header(response, 'last-modified')).toBe(LAST_MODIFIED);
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
    it.each([
      ['the Last-Modified date itself', LAST_MODIFIED, 304],
      ['a later date', AFTER, 304],
      ['an earlier date', BEFORE, 200],
      ['the same date in the obsolete RFC 850 form', 'Monday, 23-May-22 04:00:00 GMT', 304],
      ['the same date in the obsolete asctime form', 'Mon May 23 04:00:00 2022', 304],
      ['an earlier date in the asctime form', 'Mon May 23 03:59:59 2022', 200],
      ['a value that is not a date', 'yesterday', 200],
      ['a bare number, which is not an HTTP date', '3000', 200],
    ])('with %s it answers %i', async (_what, ifModifiedSince, status) => {
      const response = await send(url(FEED), { headers: { 'if-modified-since': ifModifiedSince } });
      expect(response.status).toBe(status);
    });
  });

  describe('when both are sent, If-None-Match decides (RFC 9110 §13.1.3)', () => {
    it.each<[string, number, (etag: string) => string, string]>([
      ['the ETag mismatches though the date would match', 200, () => OTHER_TAG, AFTER],
      ['the ETag matches though the date is older', 304, (etag) => etag, BEFORE],
      ['both match', 304, (etag) => etag, LAST_MODIFIED],
      ['neither matches', 200, () => OTHER_TAG, BEFORE],
    ])('and %s it answers %i', async (_what, status, ifNoneMatch, ifModifiedSince) => {
      const headers = { 'if-none-match': ifNoneMatch(await etagOf()), 'if-modified-since': ifModifiedSince };
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
