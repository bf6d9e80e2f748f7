// The exported folder served by a real nginx with the exported recipe answers every URL as Herald does.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import { SECURITY_HEADERS } from '../../src/render/response-headers.ts';
import { findNginx, type RunningNginx, startNginx } from '../helpers/nginx.ts';
import { type RawResponse, rawGet } from '../helpers/raw-http.ts';
import { runHerald } from '../helpers/run-herald.ts';
import {
  cliSettings,
  FIXTURE_MEDIA,
  type FixtureFolder,
  HUB_URL,
  makeFixtureFolder,
  SITE_URL,
} from './site-fixture-folder.ts';

const nginxBinary = findNginx();

/** What must be equal between the two servers, beyond the body. */
function comparable(response: RawResponse) {
  const headers: Record<string, string | undefined> = {
    'content-type': response.headers['content-type'],
    'content-encoding': response.headers['content-encoding'],
    'cache-control': response.headers['cache-control'],
    link: response.headers.link as string | undefined,
  };
  if (response.status === 200) headers['last-modified'] = response.headers['last-modified'];
  for (const name of Object.keys(SECURITY_HEADERS))
    headers[name.toLowerCase()] = response.headers[name.toLowerCase()];
  return { status: response.status, headers, body: response.body.toString('base64') };
}

// Never skipped: `npm test` installs nginx first (tests/setup/); without it this must fail, not pass silently.
describe('a static export served by nginx', () => {
  it('has nginx installed (apt-get install nginx-light)', () => {
    expect(nginxBinary, 'nginx is not installed: apt-get install nginx-light').toBeTruthy();
  });

  let fixture: FixtureFolder;
  let herald: RunningServer;
  let nginx: RunningNginx;
  let paths: string[];

  beforeAll(async () => {
    fixture = await makeFixtureFolder(50);
    const out = join(fixture.root, 'site');
    const build = await runHerald(['build', '--out', out, ...cliSettings(fixture)], fixture.root, {
      HERALD_HUB: HUB_URL,
    });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    herald = await startServer({ settings: fixture.settings });
    paths = herald.live.rendered.paths();
    nginx = await startNginx(nginxBinary as string, out, `include ${join(out, 'nginx.conf')};`);
  });

  afterAll(async () => {
    await nginx?.stop();
    await herald?.close();
    await rm(fixture.root, { recursive: true, force: true });
  });

  it('has a site with tag pages, author pages, feed archives, archive pages and the 404 page', () => {
    expect(paths.length).toBeGreaterThan(80);
    for (const part of [
      '/tags/',
      '/authors/',
      '/archive/1/feed.xml',
      '/archive/1/atom.xml',
      '/page/1/',
      '/404.html',
      '/feed.xsl',
    ]) {
      expect(paths.some((p) => p.includes(part))).toBe(true);
    }
  });

  it('answers every URL with the same status, bytes, media type and headers', async () => {
    for (const path of paths) {
      const [ours, theirs] = await Promise.all([
        rawGet(`${herald.url}${path}`),
        rawGet(`${nginx.url}${path}`),
      ]);
      expect(comparable(theirs), path).toEqual(comparable(ours));
    }
  });

  it('sends the WebSub Link headers of every subscription feed, and only of those', async () => {
    const linked = [];
    for (const path of paths) {
      const response = await rawGet(`${nginx.url}${path}`);
      if (response.headers.link) linked.push(path);
    }
    expect(linked).toContain('/feed.xml');
    expect(linked).toContain('/tags/cameras/atom.xml');
    expect(linked.every((p) => /(feed\.xml|atom\.xml|feed\.json)$/.test(p))).toBe(true);
    const feed = await rawGet(`${nginx.url}/feed.json`);
    expect(feed.headers.link).toBe(
      '<https://hub.example.test/>; rel="hub", <https://news.example.test/feed.json>; rel="self"',
    );
  });

  it('sends, with Accept-Encoding: gzip, the same gzip bytes as Herald', async () => {
    const headers = { 'Accept-Encoding': 'gzip' };
    let compressed = 0;
    for (const path of paths) {
      const [ours, theirs] = await Promise.all([
        rawGet(`${herald.url}${path}`, headers),
        rawGet(`${nginx.url}${path}`, headers),
      ]);
      expect(comparable(theirs), path).toEqual(comparable(ours));
      if (ours.headers['content-encoding'] === 'gzip') compressed += 1;
    }
    expect(compressed).toBeGreaterThan(paths.length / 2);
  });

  it('answers 304 to If-None-Match with its own ETag and to If-Modified-Since with Herald’s Last-Modified', async () => {
    for (const path of paths) {
      const ours = await rawGet(`${herald.url}${path}`);
      if (ours.status !== 200) continue;
      const theirs = await rawGet(`${nginx.url}${path}`);
      const byTag = await rawGet(`${nginx.url}${path}`, { 'If-None-Match': theirs.headers.etag as string });
      expect(byTag.status, path).toBe(304);
      const ourByTag = await rawGet(`${herald.url}${path}`, { 'If-None-Match': ours.headers.etag as string });
      expect(ourByTag.status, path).toBe(304);
      const since = { 'If-Modified-Since': ours.headers['last-modified'] as string };
      const [ourByDate, theirByDate] = await Promise.all([
        rawGet(`${herald.url}${path}`, since),
        rawGet(`${nginx.url}${path}`, since),
      ]);
      expect([ourByDate.status, theirByDate.status], path).toEqual([304, 304]);
    }
  });

  describe('media files', () => {
    it.each(Object.entries(FIXTURE_MEDIA))(
      'serves /media/%s with its bytes and type',
      async (name, { type, bytes }) => {
        const page = await rawGet(`${nginx.url}/articles/with-media/`);
        expect(page.body.toString()).toContain(`${SITE_URL}media/${name}`);
        const response = await rawGet(`${nginx.url}/media/${name}`);
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe(type);
        expect(response.headers['cache-control']).toBe('public, max-age=86400');
        expect(response.body.equals(bytes)).toBe(true);
      },
    );

    it('answers a Range request for audio with 206 and the same bytes as Herald', async () => {
      const path = '/media/2022-06-01-with-media/episode.mp3';
      const range = { Range: 'bytes=1000-1999' };
      const [ours, theirs] = await Promise.all([
        rawGet(`${herald.url}${path}`, range),
        rawGet(`${nginx.url}${path}`, range),
      ]);
      expect([ours.status, theirs.status]).toEqual([206, 206]);
      expect(theirs.headers['content-range']).toBe('bytes 1000-1999/40000');
      expect(theirs.body.equals(ours.body)).toBe(true);
      expect(
        theirs.body.equals(
          FIXTURE_MEDIA['2022-06-01-with-media/episode.mp3']?.bytes.subarray(1000, 2000) as Buffer,
        ),
      ).toBe(true);
    });
  });

  describe('when the URL is not part of the site', () => {
    it.each(['/no/such/page/', '/articles/', '/nginx.conf', '/_headers', '/feed.xml.gz', '/.herald-export'])(
      'answers %s with the same 404 page',
      async (path) => {
        const [ours, theirs] = await Promise.all([
          rawGet(`${herald.url}${path}`),
          rawGet(`${nginx.url}${path}`),
        ]);
        expect(ours.status).toBe(404);
        expect(comparable(theirs)).toEqual(comparable(ours));
      },
    );
  });
});
