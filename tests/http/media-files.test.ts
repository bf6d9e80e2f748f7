// Images, audio and other media files in the articles folder are served by `herald serve`.
import { mkdir, mkdtemp, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSite } from '../../src/load-site.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { patternBytes, pngBytes } from '../helpers/media-fixture.ts';
import { header, send, serve, testSettings } from '../helpers/server.ts';

const PHOTO = pngBytes(4, 3, [200, 30, 30]);
const EPISODE = patternBytes(100_000);
const SITE = 'https://news.example.org';

let articles: ArticlesDir;
let outside: string;

beforeEach(async () => {
  articles = await makeArticlesDir();
  outside = await mkdtemp(join(tmpdir(), 'herald-outside-'));
  await articles.write(
    '2022-06-01-photo-test.md',
    articleText({
      title: 'Photo test',
      date: '2022-06-01',
      body: '![A photo](photo.png)\n\nListen: [the episode](2022-06-01-photo-test/episode.mp3)\n',
    }),
  );
  await articles.write('photo.png', PHOTO);
  await mkdir(join(articles.path, '2022-06-01-photo-test'));
  await articles.write('2022-06-01-photo-test/episode.mp3', EPISODE);
});

afterEach(async () => {
  await articles.dispose();
  await rm(outside, { recursive: true, force: true });
});

describe('a relative reference to a media file', () => {
  it('becomes the absolute URL where the file is served, in the page and in every feed', async () => {
    const server = await serve(articles.path);
    for (const path of ['/articles/photo-test/', '/feed.xml', '/atom.xml', '/feed.json']) {
      const body = (await send(`${server.url}${path}`)).body.toString();
      expect(body, path).toContain(`${SITE}/media/photo.png`);
      expect(body, path).toContain(`${SITE}/media/2022-06-01-photo-test/episode.mp3`);
    }
  });
});

describe('a media file', () => {
  it.each([
    ['/media/photo.png', 'image/png', PHOTO],
    ['/media/2022-06-01-photo-test/episode.mp3', 'audio/mpeg', EPISODE],
  ])(
    '%s answers 200 with its bytes, type, ETag, Last-Modified and a long Cache-Control',
    async (path, type, bytes) => {
      const server = await serve(articles.path);
      const response = await send(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'gzip, br' } });
      expect(response.status).toBe(200);
      expect(header(response, 'content-type')).toBe(type);
      expect(response.body.equals(bytes)).toBe(true);
      expect(header(response, 'content-encoding')).toBeUndefined(); // compressed already
      expect(header(response, 'etag')).toMatch(/^"[\w-]+"$/);
      expect(header(response, 'last-modified')).toBeDefined();
      expect(header(response, 'cache-control')).toBe('public, max-age=86400');
      expect(header(response, 'accept-ranges')).toBe('bytes');
      expect(header(response, 'content-security-policy')).toContain('sandbox');
    },
  );

  it('answers a conditional GET with 304', async () => {
    const server = await serve(articles.path);
    const first = await send(`${server.url}/media/photo.png`);
    const byTag = await send(`${server.url}/media/photo.png`, {
      headers: { 'If-None-Match': header(first, 'etag') as string },
    });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    const byDate = await send(`${server.url}/media/photo.png`, {
      headers: { 'If-Modified-Since': header(first, 'last-modified') as string },
    });
    expect(byDate.status).toBe(304);
  });

  describe('when a Range is asked for', () => {
    const path = '/media/2022-06-01-photo-test/episode.mp3';
    it.each([
      ['bytes=0-99', 0, 99],
      ['bytes=5000-5999', 5000, 5999],
      ['bytes=99990-', 99990, 99999],
      ['bytes=-10', 99990, 99999],
      ['bytes=99000-200000', 99000, 99999],
    ])('%s answers 206 with exactly those bytes', async (range, start, end) => {
      const server = await serve(articles.path);
      const response = await send(`${server.url}${path}`, { headers: { Range: range } });
      expect(response.status).toBe(206);
      expect(header(response, 'content-range')).toBe(`bytes ${start}-${end}/100000`);
      expect(header(response, 'content-length')).toBe(String(end - start + 1));
      expect(response.body.equals(EPISODE.subarray(start, end + 1))).toBe(true);
    });

    it('answers 416 when the range lies past the end', async () => {
      const server = await serve(articles.path);
      const response = await send(`${server.url}${path}`, { headers: { Range: 'bytes=200000-' } });
      expect(response.status).toBe(416);
      expect(header(response, 'content-range')).toBe('bytes */100000');
    });

    it('sends the whole file when If-Range names other bytes', async () => {
      const server = await serve(articles.path);
      const response = await send(`${server.url}${path}`, {
        headers: { Range: 'bytes=0-9', 'If-Range': '"an-old-etag"' },
      });
      expect(response.status).toBe(200);
      expect(response.body.length).toBe(100_000);
    });
  });
});

describe('what is never served', () => {
  it('a symlink out of the folder, a hidden file, an unknown type, an article, or a ../ trick', async () => {
    await writeFile(join(outside, 'secret.png'), PHOTO);
    await symlink(join(outside, 'secret.png'), join(articles.path, 'leak.png'));
    await articles.write('.hidden.png', PHOTO);
    await mkdir(join(articles.path, '.git'));
    await articles.write('.git/config.png', PHOTO);
    await articles.write('notes.txt', 'private notes');
    await articles.write('script.js', 'alert(1)');
    const server = await serve(articles.path);
    for (const path of [
      '/media/leak.png',
      '/media/.hidden.png',
      '/media/.git/config.png',
      '/media/notes.txt',
      '/media/script.js',
      '/media/2022-06-01-photo-test.md',
      '/media/../media/leak.png',
      '/media/%2e%2e/%2e%2e/etc/passwd',
      '/media/..%2f..%2fsecret.png',
      '/media/2022-06-01-photo-test/../../photo.png',
      '/media//photo.png',
    ]) {
      const response = await send(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.body.includes(PHOTO), path).toBe(false);
    }
    const { problems } = await loadSite(testSettings(articles.path), new Date(), articles.path);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: join(articles.path, 'leak.png'),
        severity: 'warning',
        message: expect.stringContaining('outside'),
      }),
    );
  });

  it('a symlink to a file inside the folder is served', async () => {
    await symlink(join(articles.path, 'photo.png'), join(articles.path, 'same-photo.png'));
    const server = await serve(articles.path);
    const response = await send(`${server.url}/media/same-photo.png`);
    expect(response.status).toBe(200);
    expect(response.body.equals(PHOTO)).toBe(true);
  });

  it('a file over maxMediaBytes, with a warning naming it', async () => {
    const server = await serve(articles.path, { settings: { maxMediaBytes: 50_000 } });
    expect((await send(`${server.url}/media/2022-06-01-photo-test/episode.mp3`)).status).toBe(404);
    expect((await send(`${server.url}/media/photo.png`)).status).toBe(200);
    expect(server.live.problems).toContainEqual(
      expect.objectContaining({
        file: expect.stringMatching(/2022-06-01-photo-test\/episode\.mp3$/),
        severity: 'warning',
        message: expect.stringContaining('maxMediaBytes'),
      }),
    );
  });
});

describe('a reference to a missing file', () => {
  it('is a warning naming the article and the path, and the article is still published', async () => {
    await articles.write(
      '2022-06-02-broken-photo.md',
      articleText({ title: 'Broken photo', date: '2022-06-02', body: '![Gone](gone/missing.jpg)\n' }),
    );
    const { problems, rendered } = await loadSite(testSettings(articles.path), new Date(), articles.path);
    expect(problems).toEqual([
      {
        file: join(articles.path, '2022-06-02-broken-photo.md'),
        severity: 'warning',
        field: 'media',
        message: expect.stringContaining('"gone/missing.jpg"'),
      },
    ]);
    expect(rendered.get('/articles/broken-photo/')?.status).toBe(200);
  });
});

describe('when the server watches the folder', () => {
  const within = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 5000, interval: 20 });

  it('publishes an added file, the new bytes of a replaced one, and forgets a deleted one', async () => {
    const server = await serve(articles.path, { watch: true });
    const url = `${server.url}/media/2022-06-01-photo-test/new.png`;
    expect((await send(url)).status).toBe(404);

    await articles.write('2022-06-01-photo-test/new.png', PHOTO);
    await within(async () => expect((await send(url)).body.equals(PHOTO)).toBe(true));
    const before = header(await send(url), 'etag');

    const replaced = pngBytes(8, 8, [0, 0, 255]);
    await articles.write('2022-06-01-photo-test/new.png', replaced);
    await within(async () => expect((await send(url)).body.equals(replaced)).toBe(true));
    expect(header(await send(url), 'etag')).not.toBe(before);

    await articles.remove('2022-06-01-photo-test/new.png');
    await within(async () => expect((await send(url)).status).toBe(404));
  });

  // Same size, same modification time, other bytes: what `cp -p`, rsync or `touch -r` leave behind.
  it.each([
    ['overwritten in place', 'in place'],
    ['replaced by a file renamed over it', 'rename'],
  ] as const)(
    'serves the new bytes and ETag of a file %s with the same size and time',
    async (_name, how) => {
      const path = join(articles.path, '2022-06-01-photo-test/episode.mp3');
      // A time in whole seconds, which every file system keeps exactly.
      const time = new Date('2022-06-01T10:00:00Z');
      await utimes(path, time, time);
      const server = await serve(articles.path, { watch: true });
      const url = `${server.url}/media/2022-06-01-photo-test/episode.mp3`;
      const old = await send(url);
      expect(old.body.equals(EPISODE)).toBe(true);
      const before = await stat(path);

      const other = patternBytes(EPISODE.length, 99);
      if (how === 'in place') await writeFile(path, other);
      else {
        await writeFile(`${path}.tmp`, other);
        await utimes(`${path}.tmp`, time, time);
        await rename(`${path}.tmp`, path);
      }
      await utimes(path, time, time);
      expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
      expect((await stat(path)).size).toBe(before.size);

      await within(async () => expect((await send(url)).body.equals(other)).toBe(true));
      const now = await send(url);
      expect(header(now, 'etag')).not.toBe(header(old, 'etag'));
      // A client holding the old bytes gets the new ones, not a 304.
      const revalidated = await send(url, { headers: { 'if-none-match': header(old, 'etag') as string } });
      expect(revalidated.status).toBe(200);
      expect(revalidated.body.equals(other)).toBe(true);
    },
  );

  it('drops the missing-file warning once the file arrives', async () => {
    await articles.remove('photo.png');
    const server = await serve(articles.path, { watch: true });
    expect(server.live.problems.map((p) => p.message).join()).toContain('"photo.png"');
    await articles.write('photo.png', PHOTO);
    await within(async () => expect(server.live.problems).toEqual([]));
  });
});
