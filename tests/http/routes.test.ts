// What is served, with which media type and headers, and the answers at the edges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH } from '../../src/http/app.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { header, send, serve } from '../helpers/server.ts';

let articles: ArticlesDir;
let server: RunningServer;
const url = (path: string) => `${server.url}${path}`;

beforeAll(async () => {
  articles = await makeArticlesDir();
  server = await serve(articles.path, { settings: { cacheMaxAgeMinutes: 7 } });
});

afterAll(async () => {
  await server.close();
  await articles.dispose();
});

describe('every rendered path', () => {
  it('is served with 200, its media type with a charset, and public caching (a feed preview: no-cache)', async () => {
    const paths = server.live.rendered.paths().filter((p) => p !== '/404.html');
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const response = await send(url(path));
      expect(response.status, path).toBe(200);
      expect(header(response, 'content-type'), path).toMatch(/; charset=utf-8$/);
      expect(header(response, 'content-type'), path).toBe(server.live.rendered.get(path)?.mediaType);
      // A feed's preview is also served at the feed's address: shared caches must check back.
      const preview = /(?:feed\.xml|atom\.xml|feed\.json)\.html$/.test(path);
      expect(header(response, 'cache-control'), path).toBe(preview ? 'no-cache' : 'public, max-age=420');
    }
  });
});

describe('media types', () => {
  it.each([
    ['/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/feed.xsl', 'text/xsl; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/tags/', 'text/html; charset=utf-8'],
    ['/authors/', 'text/html; charset=utf-8'],
    ['/tags/leica/', 'text/html; charset=utf-8'],
    ['/tags/leica/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/authors/admin/', 'text/html; charset=utf-8'],
    ['/authors/admin/feed.json', 'application/feed+json; charset=utf-8'],
    ['/articles/leica-ends-huawei-partnership-and-signs-with-xiaomi/', 'text/html; charset=utf-8'],
  ])('%s is %s', async (path, mediaType) => {
    const response = await send(url(path));
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe(mediaType);
  });
});

describe('security headers', () => {
  it.each([
    ['a feed', 'GET', '/feed.xml'],
    ['a page', 'GET', '/'],
    ['a 304', 'GET', '/feed.xml'],
    ['the 404 page', 'GET', '/nope'],
    ['a 405', 'POST', '/'],
    ['a 414', 'GET', `/${'a'.repeat(MAX_URL_LENGTH)}`],
    ['the health check', 'GET', '/healthz'],
    ['a redirect', 'GET', '/tags/leica'],
  ])('are on %s', async (what, method, path) => {
    const headers: Record<string, string> = what === 'a 304' ? { 'if-none-match': '*' } : {};
    const response = await send(url(path), { method, headers });
    const csp = header(response, 'content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(header(response, 'x-content-type-options')).toBe('nosniff');
    expect(header(response, 'referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(header(response, 'x-powered-by')).toBeUndefined();
  });
});

describe('when the path is not on the site', () => {
  it.each([
    '/nope',
    '/articles/no-such-article/',
    '/tags/no-such-tag/',
    '/../package.json',
    '/%2e%2e/package.json',
    '/articles/../../package.json',
    '/src/model.ts',
    '/articles/2022-05-23-leica-ends-huawei-partnership-and-signs-with-xiaomi.md',
    '/feed.xml/',
    '/FEED.XML',
  ])('answers %s with the HTML 404 page, never a file', async (path) => {
    const response = await send(url(path));
    expect(response.status).toBe(404);
    expect(header(response, 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(response, 'cache-control')).toBe('no-cache');
    expect(response.body.toString()).toMatch(/<html/i);
    expect(response.body.toString()).not.toContain('"name": "herald"');
  });
});

describe('when a page is asked for without its trailing slash', () => {
  it.each([
    ['/tags/leica', '/tags/leica/'],
    [
      '/articles/leica-ends-huawei-partnership-and-signs-with-xiaomi',
      '/articles/leica-ends-huawei-partnership-and-signs-with-xiaomi/',
    ],
    ['/tags?x=1', '/tags/?x=1'],
  ])('redirects %s permanently to %s', async (path, location) => {
    const response = await send(url(path));
    expect(response.status).toBe(301);
    expect(header(response, 'location')).toBe(location);
  });

  it('never redirects off the site', async () => {
    const response = await send(url('//evil.example/tags/leica'));
    expect(response.status).toBe(404);
    expect(header(response, 'location')).toBeUndefined();
  });
});

describe('when the method is neither GET nor HEAD', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405 and Allow', async (method) => {
    for (const path of ['/', '/feed.xml', '/nope', '/healthz']) {
      const response = await send(url(path), { method });
      expect(response.status, path).toBe(405);
      expect(header(response, 'allow'), path).toBe('GET, HEAD');
    }
  });
});

describe('when the URL is too long', () => {
  it('answers 414, for rendered paths with a long query too', async () => {
    expect((await send(url(`/${'a'.repeat(MAX_URL_LENGTH)}`))).status).toBe(414);
    expect((await send(url(`/feed.xml?${'a'.repeat(MAX_URL_LENGTH)}`))).status).toBe(414);
  });

  it('serves a URL just within the limit', async () => {
    const path = '/feed.xml?';
    const response = await send(url(`${path}${'a'.repeat(MAX_URL_LENGTH - path.length)}`));
    expect(response.status).toBe(200);
  });
});

describe('/healthz', () => {
  it('reports the number of articles and problems, uncached', async () => {
    const response = await send(url('/healthz'));
    expect(response.status).toBe(200);
    expect(header(response, 'cache-control')).toBe('no-store');
    expect(JSON.parse(response.body.toString())).toEqual({ status: 'ok', articles: 2, problems: 0 });
  });
});

describe('Cache-Control', () => {
  it.each([
    [0, 'public, max-age=0'],
    [1, 'public, max-age=60'],
    [2.5, 'public, max-age=150'],
  ])('with cacheMaxAgeMinutes %d is %s', async (minutes, cacheControl) => {
    const other = await serve(articles.path, { settings: { cacheMaxAgeMinutes: minutes } });
    for (const path of ['/feed.xml', '/']) {
      expect(header(await send(`${other.url}${path}`), 'cache-control')).toBe(cacheControl);
    }
  });
});

describe('logging', () => {
  it('writes one JSON line per request with method, path, status, bytes sent and what readers sent', async () => {
    const chunks: string[] = [];
    const logged = await serve(articles.path, { requestLog: { write: (chunk) => chunks.push(chunk) } });
    const feed = await send(`${logged.url}/feed.xml`, {
      headers: { 'accept-encoding': 'gzip', 'user-agent': 'Reader/1.0' },
    });
    const missing = await send(`${logged.url}/nope`);
    const head = await send(`${logged.url}/feed.xml`, {
      method: 'HEAD',
      headers: { 'if-none-match': '"stale"' },
    });
    await logged.close();
    const lines = chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      method: 'GET',
      path: '/feed.xml',
      status: 200,
      bytes: feed.body.length,
      ua: 'Reader/1.0',
      ip: '127.0.0.1',
      lastModified: feed.headers['last-modified'],
    });
    expect(lines[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(typeof lines[0].ms).toBe('number');
    expect(lines[1]).toMatchObject({ method: 'GET', path: '/nope', status: 404, bytes: missing.body.length });
    expect(lines[2]).toMatchObject({
      method: 'HEAD',
      path: '/feed.xml',
      status: 200,
      bytes: 0,
      ifNoneMatch: '"stale"',
    });
    expect(head.status).toBe(200);
  });
});
