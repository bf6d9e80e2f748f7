// What readers and browsers look for besides pages and feeds (the icon, the OPML list of feeds, the
// page a browser shows for a feed), in a static export served by a real nginx with the exported recipe.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import { SHIPPED_ARTICLES_DIR } from '../helpers/articles-dir.ts';
import { pngBytes } from '../helpers/media-fixture.ts';
import { findNginx, type RunningNginx, startNginx } from '../helpers/nginx.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { runHerald } from '../helpers/run-herald.ts';

const ICON = pngBytes(32, 32, [0, 150, 80]);
const nginxBinary = findNginx();

describe('an exported site served by nginx', () => {
  let root: string;
  let nginx: RunningNginx;
  let herald: RunningServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-icon-'));
    await mkdir(join(root, 'articles'));
    await mkdir(join(root, 'site'));
    for (const name of await readdir(SHIPPED_ARTICLES_DIR)) {
      if (name.endsWith('.md'))
        await copyFile(join(SHIPPED_ARTICLES_DIR, name), join(root, 'articles', name));
    }
    await writeFile(join(root, 'site/icon.png'), ICON);
    const config = {
      siteUrl: 'https://news.example.test/',
      icon: 'site/icon.png',
      port: 0,
      host: '127.0.0.1',
    };
    await writeFile(join(root, 'herald.config.json'), JSON.stringify(config));
    const build = await runHerald(['build', '--out', join(root, 'out')], root);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    nginx = await startNginx(
      nginxBinary as string,
      join(root, 'out'),
      `include ${join(root, 'out/nginx.conf')};`,
    );
    herald = await startServer({ settings: loadSettings({ cwd: root, env: {} }) });
  });

  afterAll(async () => {
    await nginx?.stop();
    await herald?.close();
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    ['/favicon.ico', 'image/x-icon'],
    ['/apple-touch-icon.png', 'image/png'],
  ])('answers %s with 200, %s and the bytes herald serve sends', async (path, type) => {
    const [theirs, ours] = await Promise.all([rawGet(`${nginx.url}${path}`), rawGet(`${herald.url}${path}`)]);
    expect(theirs.status).toBe(200);
    expect(theirs.headers['content-type']).toBe(type);
    expect(ours.headers['content-type']).toBe(type);
    expect(theirs.body.equals(ours.body)).toBe(true);
    expect(theirs.body.subarray(-ICON.length).equals(ICON)).toBe(true);
  });

  it('answers /feeds.opml as OPML', async () => {
    const response = await rawGet(`${nginx.url}/feeds.opml`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/x-opml; charset=utf-8');
    expect(response.body.toString()).toContain('xmlUrl="https://news.example.test/feed.xml"');
  });

  it.each([
    ['/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/tags/xiaomi/feed.json', 'application/feed+json; charset=utf-8'],
  ])(
    'answers a browser opening %s with the preview page, and anyone else with the feed',
    async (path, type) => {
      const [browser, reader, ours] = await Promise.all([
        rawGet(`${nginx.url}${path}`, { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' }),
        rawGet(`${nginx.url}${path}`),
        rawGet(`${herald.url}${path}`, { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' }),
      ]);
      expect(browser.status).toBe(200);
      expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(browser.headers['cache-control']).toBe('no-cache');
      expect(browser.body.equals(ours.body)).toBe(true);
      expect(browser.body.toString()).toContain('This is a feed');
      expect(reader.headers['content-type']).toBe(type);
    },
  );
});
