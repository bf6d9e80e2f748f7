// The `icon` setting naming an image file of the project: served at /favicon.ico (where Feedly,
// Inoreader and browsers look without being told) and /apple-touch-icon.png, linked from every page,
// and named by every feed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { pngBytes } from '../helpers/media-fixture.ts';
import { parseWithPythonFeedparser } from '../helpers/python-feedparser.ts';
import { header, send, serve } from '../helpers/server.ts';

const ICON = pngBytes(64, 64, [240, 120, 0]);
const SITE = 'https://news.example.org';

let articles: ArticlesDir;
let project: string;

beforeEach(async () => {
  articles = await makeArticlesDir();
  project = await mkdtemp(join(tmpdir(), 'herald-project-'));
  await mkdir(join(project, 'site'));
  await writeFile(join(project, 'site/icon.png'), ICON);
});

afterEach(async () => {
  await articles.dispose();
  await rm(project, { recursive: true, force: true });
});

/** The images an ICO file holds: each directory entry's size and bytes. */
function icoImages(ico: Buffer): { width: number; height: number; image: Buffer }[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const size = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    return {
      width: ico.readUInt8(entry) || 256,
      height: ico.readUInt8(entry + 1) || 256,
      image: ico.subarray(offset, offset + size),
    };
  });
}

describe('an icon file in the project', () => {
  it('is served at /favicon.ico as an ICO holding the image', async () => {
    const server = await serve(articles.path, { settings: { icon: join(project, 'site/icon.png') } });
    const response = await send(`${server.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe('image/x-icon');
    expect(header(response, 'etag')).toMatch(/^"/);
    expect(icoImages(response.body)).toEqual([{ width: 64, height: 64, image: ICON }]);
    const again = await send(`${server.url}/favicon.ico`, {
      headers: { 'If-None-Match': header(response, 'etag') as string },
    });
    expect(again.status).toBe(304);
  });

  it('is served at /apple-touch-icon.png as it is', async () => {
    const server = await serve(articles.path, { settings: { icon: join(project, 'site/icon.png') } });
    const response = await send(`${server.url}/apple-touch-icon.png`);
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe('image/png');
    expect(response.body.equals(ICON)).toBe(true);
  });

  it('is linked from every page', async () => {
    const server = await serve(articles.path, { settings: { icon: join(project, 'site/icon.png') } });
    for (const path of [
      '/',
      '/articles/leica-ends-its-huawei-partnership-and-signs-a-long-term-deal-with-xiaomi/',
      '/tags/',
      '/404.html',
    ]) {
      const page = (await send(`${server.url}${path}`)).body.toString();
      expect(page, path).toContain(`<link rel="icon" href="${SITE}/favicon.ico">`);
      expect(page, path).toContain(`<link rel="apple-touch-icon" href="${SITE}/apple-touch-icon.png">`);
    }
  });

  it('is named by every feed: RSS image, Atom icon, JSON Feed icon and favicon', async () => {
    const server = await serve(articles.path, { settings: { icon: join(project, 'site/icon.png') } });
    const rss = await parseWithPythonFeedparser((await send(`${server.url}/feed.xml`)).body);
    expect(rss.feed.image?.href).toBe(`${SITE}/apple-touch-icon.png`);
    const atom = await parseWithPythonFeedparser((await send(`${server.url}/atom.xml`)).body);
    expect(atom.feed.icon).toBe(`${SITE}/favicon.ico`);
    const json = JSON.parse((await send(`${server.url}/feed.json`)).body.toString());
    expect(json.icon).toBe(`${SITE}/apple-touch-icon.png`);
    expect(json.favicon).toBe(`${SITE}/favicon.ico`);
  });

  it('is found relative to the folder the settings are read in', () => {
    const settings = loadSettings({ cwd: project, env: {}, flags: { icon: 'site/icon.png' } });
    expect(settings.iconImage?.bytes.equals(ICON)).toBe(true);
    expect(settings.icon).toBe('http://localhost:3000/apple-touch-icon.png');
  });

  describe('when it cannot be used', () => {
    it.each([
      ['site/missing.png', /icon: "site\/missing.png" cannot be read \(ENOENT\)/],
      [
        'site/icon.jpg',
        /icon: "site\/icon.jpg" must be a .png or .ico file in the project, or an absolute http\(s\) URL/,
      ],
      ['site/fake.png', /icon: "site\/fake.png" is not a PNG image/],
      ['ftp://example.org/icon.png', /icon: must be an absolute http\(s\) URL or a .png or .ico file/],
    ])('%s stops Herald with a line naming the setting', async (icon, message) => {
      await writeFile(join(project, 'site/icon.jpg'), ICON);
      await writeFile(join(project, 'site/fake.png'), 'not a png');
      expect(() => loadSettings({ cwd: project, env: {}, flags: { icon } })).toThrow(message);
    });
  });
});

describe('without an icon file', () => {
  it('answers /favicon.ico with 404, and an icon URL is linked as it is', async () => {
    const server = await serve(articles.path, { settings: { icon: 'https://cdn.example.org/icon.png' } });
    expect((await send(`${server.url}/favicon.ico`)).status).toBe(404);
    const page = (await send(`${server.url}/`)).body.toString();
    expect(page).toContain('<link rel="icon" href="https://cdn.example.org/icon.png">');
    expect(page).not.toContain('apple-touch-icon');
  });
});
