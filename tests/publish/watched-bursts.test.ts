// Files saved while an update runs are published together by the next update, not one update per
// save: a writer (or a sync tool) saving a file every few milliseconds must not queue a whole-site
// update behind another for each of them.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ArticleCache } from '../../src/content/article-cache.ts';
import type { ChangeSet } from '../../src/model.ts';
import { Publisher } from '../../src/publish/publisher.ts';
import { type ArticlesDir, articleText, makeArticlesDir, stateDirFor } from '../helpers/articles-dir.ts';
import { testSettings } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';

let articles: ArticlesDir;
let publisher: Publisher | undefined;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  await publisher?.close();
  publisher = undefined;
  await articles.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('publishes the files saved during an update in one update after it', async () => {
  // The update that reads `first.md` waits until released, so the saves below land while it runs.
  const cache = await ArticleCache.open({
    file: join(stateDirFor(articles.path), 'article-cache.json'),
    version: 'test',
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let blocked = false;
  const load = cache.load.bind(cache);
  cache.load = async (name, options) => {
    if (name === '2020-01-01-first.md') {
      blocked = true;
      await released;
    }
    return load(name, options);
  };
  publisher = await Publisher.start({
    settings: testSettings(articles.path),
    watch: true,
    debounceMs: 5,
    articleCache: cache,
  });
  const changes: ChangeSet[] = [];
  publisher.subscribe((change) => changes.push(change));

  await articles.write('2020-01-01-first.md', articleText({ title: 'First', date: '2020-01-01' }));
  await waitUntil(() => blocked, 10_000);
  const saved = Array.from({ length: 8 }, (_, i) => `2020-01-0${i + 2}-later-${i}.md`);
  for (const [i, name] of saved.entries()) {
    await articles.write(name, articleText({ title: `Later ${i}`, date: `2020-01-0${i + 2}` }));
    // Each save its own burst of events: well past the 5 ms that gather one burst.
    await sleep(40);
  }
  release();

  const feed = () => publisher?.rendered.get('/feed.xml')?.body.toString('utf8') ?? '';
  await waitUntil(() => saved.every((_, i) => feed().includes(`Later ${i}`)), 10_000);
  await publisher.settled();
  expect(feed()).toContain('First');
  // One update for the file being read, one for every file saved meanwhile.
  expect(changes).toHaveLength(2);
  expect(changes[1]?.added.filter((path) => path.startsWith('/articles/')).length).toBe(saved.length);
});
