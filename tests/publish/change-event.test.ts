// Every publication is an event: subscribers get exactly the URLs it added, changed and removed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeSet } from '../../src/model.ts';
import { Publisher } from '../../src/publish/publisher.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { serve, testSettings } from '../helpers/server.ts';

const LEICA_FILE = '2022-05-23-leica-ends-huawei-partnership-and-signs-with-xiaomi.md';
const LEICA = '/articles/leica-ends-huawei-partnership-and-signs-with-xiaomi/';

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  await articles.dispose();
});

async function publisherOn(folder: string, now = () => new Date()) {
  const publisher = await Publisher.start({ settings: testSettings(folder), now });
  const changes: ChangeSet[] = [];
  publisher.subscribe((change) => changes.push(change));
  return { publisher, changes };
}

describe('when a scheduled article becomes due', () => {
  it('names its new URLs as added and the lists that show it as changed, with both ETags', async () => {
    let now = new Date('2030-01-01T08:59:00Z');
    await articles.write(
      '2030-01-01-due.md',
      articleText({ title: 'Due', date: '2030-01-01T09:00:00Z', tags: ['Fresh'] }),
    );
    const { publisher, changes } = await publisherOn(articles.path, () => now);
    const before = publisher.rendered.get('/feed.xml')?.etag;
    now = new Date('2030-01-01T09:00:00Z');
    await publisher.republish();
    expect(changes).toHaveLength(1);
    const [change] = changes as [ChangeSet];
    expect(change.next).toBe(publisher.rendered);
    expect(change.at).toEqual(now);
    expect(change.added.sort()).toEqual(
      [
        '/articles/due/',
        '/tags/fresh/',
        '/tags/fresh/feed.xml',
        '/tags/fresh/atom.xml',
        '/tags/fresh/feed.json',
        // What a browser opening each of the tag's feeds is shown.
        '/tags/fresh/feed.xml.html',
        '/tags/fresh/atom.xml.html',
        '/tags/fresh/feed.json.html',
      ].sort(),
    );
    expect(change.removed).toEqual([]);
    const feed = change.changed.find((c) => c.path === '/feed.xml');
    expect(feed).toEqual({ path: '/feed.xml', before, after: publisher.rendered.get('/feed.xml')?.etag });
    expect(feed?.after).not.toBe(before);

    // Nothing else is due: publishing again changes no byte, and says so.
    await publisher.republish();
    await publisher.close();
    expect(changes[1]).toMatchObject({ added: [], changed: [], removed: [] });
  });
});

describe('when the server sees an edit', () => {
  it('logs one line with the count and the URLs, and subscribers get the same paths', async () => {
    const lines: string[] = [];
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    const changes: ChangeSet[] = [];
    server.live.subscribe((change) => changes.push(change));
    const feedBefore = server.live.rendered.get('/feed.xml')?.etag;
    await articles.write(
      LEICA_FILE,
      articleText({ title: 'Leica, revised', date: '2022-05-23', tags: ['Leica'] }),
    );
    // An editor's save may arrive as two events (truncate, write): wait for the one with the text.
    await vi.waitFor(() => expect(server.live.rendered.get(LEICA)?.body.toString()).toContain('revised'), {
      timeout: 5000,
      interval: 20,
    });
    await server.live.settled();
    const change = changes.find((c) => c.changed.some(({ path }) => path === LEICA)) as ChangeSet;
    const changed = change.changed.map((c) => c.path);
    expect(changed).toEqual(expect.arrayContaining([LEICA, '/feed.xml', '/atom.xml', '/feed.json', '/']));
    // The edit dropped the article's other tags: those scopes' pages changed or went.
    expect(change.removed.length + changed.filter((p) => p.startsWith('/tags/')).length).toBeGreaterThan(0);
    const feed = change.changed.find((c) => c.path === '/feed.xml');
    expect(feed?.before).toBe(feedBefore);
    expect(feed?.after).toBe(server.live.rendered.get('/feed.xml')?.etag);
    expect(feed?.after).not.toBe(feed?.before);
    const count = change.added.length + change.changed.length + change.removed.length;
    const logged = lines.find((line) => line.startsWith(`updated ${count} `));
    expect(logged).toMatch(new RegExp(`^updated ${count} URLs: /\\S+( /\\S+){0,4}( …)? \\(\\d+ ms\\)$`));
  });
});
