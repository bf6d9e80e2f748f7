// A starting server stamps the article files on another thread while it loads, and the article cache
// takes those stamps instead of examining each file. They are taken before the folder is watched, so
// a file edited in between is first served as the cache knew it: the folder's rescan must then read
// it again, as it does for any change the watcher missed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ArticleCache } from '../../src/content/article-cache.ts';
import { fileStamp } from '../../src/content/file-stamp.ts';
import { stampArticleFiles } from '../../src/publish/early-stamps.ts';
import { Publisher } from '../../src/publish/publisher.ts';
import { type ArticlesDir, articleText, makeArticlesDir, stateDirFor } from '../helpers/articles-dir.ts';
import { testSettings } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';

let articles: ArticlesDir;
let publisher: Publisher | undefined;

beforeEach(async () => {
  articles = await makeArticlesDir({ empty: true });
});

afterEach(async () => {
  await publisher?.close();
  publisher = undefined;
  await articles.dispose();
});

it('stamps every article file as the cache would, and nothing else', async () => {
  await articles.write('2020-01-01-one.md', articleText({ title: 'One', date: '2020-01-01' }));
  await articles.write('2020-01-02-two.md', articleText({ title: 'Two', date: '2020-01-02' }));
  await articles.write('notes.txt', 'not an article');
  await articles.write('.hidden.md', articleText({ title: 'Hidden', date: '2020-01-03' }));
  await mkdir(join(articles.path, 'folder.md'));

  const stamps = await stampArticleFiles(articles.path);

  expect([...(stamps?.keys() ?? [])].sort()).toEqual(['2020-01-01-one.md', '2020-01-02-two.md', 'folder.md']);
  for (const [name, stamp] of stamps ?? []) expect(stamp).toBe(fileStamp(join(articles.path, name)));
});

it('gives no stamps for a folder that does not exist, so every file is examined as usual', async () => {
  expect(await stampArticleFiles(join(articles.path, 'missing'))).toBeUndefined();
});

it('serves a file edited after the stamps were taken as it is now, once the folder is rescanned', async () => {
  const name = '2020-01-01-one.md';
  await articles.write(name, articleText({ title: 'Before the restart', date: '2020-01-01' }));
  const file = join(stateDirFor(articles.path), 'article-cache.json');
  const settings = testSettings(articles.path);
  // A first run leaves the file in the article cache (written just now: not held back as racy).
  const first = await Publisher.start({
    settings,
    articleCache: await ArticleCache.open({ file, version: 'test', racyMs: -60_000 }),
  });
  await first.close();

  const stamps = await stampArticleFiles(articles.path);
  // Edited between the stamps and the watch, with its stamp moved well away from the recorded one.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await writeFile(join(articles.path, name), articleText({ title: 'Edited meanwhile', date: '2020-01-01' }));

  publisher = await Publisher.start({
    settings,
    watch: true,
    articleCache: await ArticleCache.open({
      file,
      version: 'test',
      racyMs: -60_000,
      ...(stamps ? { stamps } : {}),
    }),
  });
  const feed = () => publisher?.rendered.get('/feed.xml')?.body.toString('utf8') ?? '';
  // What the cache knew under the stamp it was given: the edit is not seen yet.
  expect(feed()).toContain('Before the restart');
  await waitUntil(() => feed().includes('Edited meanwhile'), 15_000);
  expect(feed()).not.toContain('Before the restart');
}, 30_000);
