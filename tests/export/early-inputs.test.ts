// A build lists the articles folder on another thread while its own loads modules and reads the
// article cache. The listing must be the one this thread makes (it decides whether a build has
// anything to do), and the cache must take its stamps only once they are there.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ArticleCache } from '../../src/content/article-cache.ts';
import type { FileStamp } from '../../src/content/file-stamp.ts';
import { articlesFolderInputs } from '../../src/export/build-inputs.ts';
import { listInputsEarly } from '../../src/export/early-inputs.ts';
import { type ArticlesDir, articleText, makeArticlesDir, stateDirFor } from '../helpers/articles-dir.ts';
import { loadOptionsFor } from '../helpers/load-options.ts';

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir({ empty: true });
});

afterEach(async () => {
  await articles.dispose();
});

it('lists the folder on another thread exactly as this thread does: articles, media at any depth, symlinks', async () => {
  await articles.write('2020-01-01-one.md', articleText({ title: 'One', date: '2020-01-01' }));
  await articles.write('2020-01-02-two.md', articleText({ title: 'Two', date: '2020-01-02' }));
  await articles.write('.hidden.md', 'skipped');
  await articles.write('draft.md~', 'an editor backup, skipped');
  await mkdir(join(articles.path, 'media', 'deep'), { recursive: true });
  await writeFile(join(articles.path, 'media', 'deep', 'photo.jpg'), 'not really a photo');
  await symlink(join(articles.path, '2020-01-01-one.md'), join(articles.path, '2020-01-03-link.md'));
  await symlink(join(articles.path, 'gone.md'), join(articles.path, '2020-01-04-broken.md'));

  const early = await listInputsEarly(articles.path);
  const here = articlesFolderInputs(articles.path);

  expect(early.text).toBe(here.text);
  expect(early.newestMs).toBe(here.newestMs);
  expect([...early.stamps]).toEqual([...here.stamps]);
  expect(early.text).toContain('media/deep/photo.jpg');
  expect(early.text).not.toContain('hidden');
  expect([...early.stamps.keys()]).toEqual([
    '2020-01-01-one.md',
    '2020-01-02-two.md',
    '2020-01-03-link.md',
    '2020-01-04-broken.md',
  ]);
});

it('lists a folder that cannot be read as this thread does', async () => {
  const missing = join(articles.path, 'missing');
  const early = await listInputsEarly(missing);
  expect(early.text).toBe(articlesFolderInputs(missing).text);
  expect(early.text).toContain('unreadable');
});

it('opens the article cache while the stamps are still being taken, and uses them once they come', async () => {
  const name = '2020-01-01-one.md';
  await articles.write(name, articleText({ title: 'One', date: '2020-01-01' }));
  const file = join(stateDirFor(articles.path), 'article-cache.json');
  const options = loadOptionsFor(articles.path);
  const first = await ArticleCache.open({ file, version: 'test', racyMs: -60_000 });
  await first.load(name, options);
  await first.save();

  let give: (stamps: Map<string, FileStamp>) => void = () => {};
  const pending = new Promise<Map<string, FileStamp>>((resolve) => {
    give = resolve;
  });
  let opened = false;
  const opening = ArticleCache.open({ file, version: 'test', racyMs: -60_000 }, pending).then((cache) => {
    opened = true;
    return cache;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  // No article file may be read before the listing is there: the cache is not handed out yet.
  expect(opened).toBe(false);

  const stamps = (await listInputsEarly(articles.path)).stamps;
  give(stamps);
  const cache = await opening;
  const loaded = await cache.load(name, options);
  expect(loaded.article?.title).toBe('One');
  // Taken: the stamp was used for the file instead of examining it again.
  expect(stamps.has(name)).toBe(false);
});
