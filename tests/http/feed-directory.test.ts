// Every feed of the site in one place: /feeds.opml, imported by a real feed reader (newsboat), and
// the /feeds/ page for people, linked from the Subscribe section.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { header, send, serve } from '../helpers/server.ts';

const SITE = 'https://news.example.org';

let articles: ArticlesDir;
let home: string;

beforeEach(async () => {
  articles = await makeArticlesDir();
  // A tag and an author whose names need escaping in XML and HTML.
  await articles.write(
    '2022-06-01-q-and-a.md',
    articleText({ title: 'Q&A', date: '2022-06-01', tags: ['Q&A'], author: 'Ada & Grace' }),
  );
  home = await mkdtemp(join(tmpdir(), 'herald-newsboat-'));
});

afterEach(async () => {
  await articles.dispose();
  await rm(home, { recursive: true, force: true });
});

/** The feed URLs newsboat subscribes to after importing the OPML file. */
async function importWithNewsboat(opml: Buffer): Promise<string[]> {
  await writeFile(join(home, 'feeds.opml'), opml);
  const urls = join(home, 'urls');
  await promisify(execFile)(
    'newsboat',
    ['-u', urls, '-c', join(home, 'cache.db'), '-i', join(home, 'feeds.opml')],
    { env: { ...process.env, HOME: home }, timeout: 20_000 },
  );
  return (await readFile(urls, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(' ')[0] as string);
}

describe('/feeds.opml', () => {
  it('is imported by newsboat as every feed of the site: the site, each tag, each author', async () => {
    const server = await serve(articles.path);
    const response = await send(`${server.url}/feeds.opml`);
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe('text/x-opml; charset=utf-8');
    const { site } = server.live.rendered;
    const expected = [site.site, ...site.tags, ...site.authors].map((s) => `${SITE}${s.basePath}feed.xml`);
    expect(site.tags.length).toBeGreaterThan(3);
    expect(await importWithNewsboat(response.body)).toEqual(expected);
  });

  it('lists only feeds that answer 200', async () => {
    const server = await serve(articles.path);
    const opml = (await send(`${server.url}/feeds.opml`)).body.toString();
    const urls = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1] as string);
    for (const url of urls) {
      const response = await send(`${server.url}${url.slice(SITE.length)}`);
      expect(response.status, url).toBe(200);
      expect(header(response, 'content-type'), url).toBe('application/rss+xml; charset=utf-8');
    }
  });

  it('names an added tag once its article is published', async () => {
    const server = await serve(articles.path, { watch: true });
    await articles.write(
      '2022-06-03-new.md',
      articleText({ title: 'New', date: '2022-06-03', tags: ['Brand New'] }),
    );
    const deadline = Date.now() + 10_000;
    let opml = '';
    while (Date.now() < deadline && !opml.includes('/tags/brand-new/feed.xml')) {
      opml = (await send(`${server.url}/feeds.opml`)).body.toString();
      await new Promise((done) => setTimeout(done, 20));
    }
    expect(opml).toContain(`xmlUrl="${SITE}/tags/brand-new/feed.xml"`);
  });
});

describe('/feeds/', () => {
  it('lists the site feeds and every tag and author with their three feeds', async () => {
    const server = await serve(articles.path);
    const response = await send(`${server.url}/feeds/`);
    expect(response.status).toBe(200);
    const page = response.body.toString();
    const { site } = server.live.rendered;
    for (const scope of [site.site, ...site.tags, ...site.authors]) {
      for (const file of ['feed.xml', 'atom.xml', 'feed.json']) {
        expect(page).toContain(`href="${SITE}${scope.basePath}${file}"`);
      }
    }
    expect(page).toContain('Ada &amp; Grace');
    expect(page).toContain(`href="${SITE}/feeds.opml"`);
  });

  it('is linked, with the OPML file, from the Subscribe section of the home page', async () => {
    const server = await serve(articles.path);
    const page = (await send(`${server.url}/`)).body.toString();
    const subscribe = page.slice(page.indexOf('<section id="subscribe"'));
    expect(subscribe).toContain(`href="${SITE}/feeds/"`);
    expect(subscribe).toContain(`href="${SITE}/feeds.opml"`);
  });
});
