// `feedDelayMinutes`: an article is on the site (its page, the listings) as soon as it is published,
// and in the feeds that many minutes after its date, so a typo can be fixed before readers fetch it.
// Read back as readers read it: RSS and Atom by Python's feedparser, JSON Feed as JSON.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import type { ChangeSet } from '../../src/model.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { type PingRecorder, startPingRecorder } from '../helpers/ping-recorder.ts';
import { parseWithPythonFeedparser } from '../helpers/python-feedparser.ts';
import { send, serve } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';

const SITE = 'https://news.example.org/';
const FILE = '2030-01-01-fresh-news.md';
const PAGE = '/articles/fresh-news/';
const DATE = new Date(Date.UTC(2030, 0, 1, 9, 0, 0));
const MINUTE = 60_000;

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  await articles.dispose();
});

async function body(server: RunningServer, path: string, headers: Record<string, string> = {}) {
  const response = await send(`${server.url}${path}`, { headers });
  expect(response.status, path).toBe(200);
  return response.body.toString();
}

/** The item titles of every format of a scope's feed, as a reader sees them. */
async function feedTitles(server: RunningServer, base: string) {
  const rss = await parseWithPythonFeedparser(await body(server, `${base}feed.xml`));
  const atom = await parseWithPythonFeedparser(await body(server, `${base}atom.xml`));
  const json = JSON.parse(await body(server, `${base}feed.json`)) as { items: { title: string }[] };
  expect(rss.bozo, rss.bozo_exception).toBe(false);
  expect(atom.bozo, atom.bozo_exception).toBe(false);
  return {
    rss: rss.entries.map((e) => e.title),
    atom: atom.entries.map((e) => e.title),
    json: json.items.map((i) => i.title),
  };
}

/** Every path's ETag, rendering the whole site: the slow, obvious answer to "what changed". */
function etags(server: RunningServer): Map<string, string | undefined> {
  const rendered = server.live.rendered;
  return new Map(rendered.paths().map((path) => [path, rendered.get(path)?.etag]));
}

describe('with feedDelayMinutes set', () => {
  describe('when an article is published (fake clock)', () => {
    let now: Date;
    let server: RunningServer;

    beforeEach(async () => {
      now = new Date(DATE.getTime() + MINUTE);
      await articles.write(
        FILE,
        articleText({ title: 'Fresh news wiht a typo', date: DATE.toISOString(), tags: ['Delay'] }),
      );
      server = await serve(articles.path, { now: () => now, settings: { feedDelayMinutes: 10 } });
    });

    it('is on its page and in the listings at once', async () => {
      expect(await body(server, PAGE)).toContain('Fresh news wiht a typo');
      expect(await body(server, '/')).toContain('Fresh news wiht a typo');
      expect(await body(server, '/tags/delay/')).toContain('Fresh news wiht a typo');
    });

    it('is in no feed, and in no feed preview, before the delay is over', async () => {
      for (const base of ['/', '/tags/delay/', '/authors/admin/']) {
        const titles = await feedTitles(server, base);
        expect(titles.rss, base).not.toContain('Fresh news wiht a typo');
        expect(titles.atom, base).not.toContain('Fresh news wiht a typo');
        expect(titles.json, base).not.toContain('Fresh news wiht a typo');
      }
      // The site's older articles are still in its feeds.
      expect((await feedTitles(server, '/')).rss.length).toBeGreaterThan(0);
      const preview = await body(server, '/feed.xml', { 'sec-fetch-dest': 'document' });
      expect(preview).toContain('This is a feed');
      expect(preview).not.toContain('Fresh news wiht a typo');
    });

    it('enters every feed it belongs to once the delay is over, with the fix made meanwhile', async () => {
      await articles.write(
        FILE,
        articleText({ title: 'Fresh news with no typo', date: DATE.toISOString(), tags: ['Delay'] }),
      );
      await server.live.reload([FILE]);
      expect(await body(server, PAGE)).toContain('Fresh news with no typo');
      expect((await feedTitles(server, '/')).rss).not.toContain('Fresh news with no typo');

      now = new Date(DATE.getTime() + 10 * MINUTE - 1);
      await server.live.republish();
      expect((await feedTitles(server, '/')).atom).not.toContain('Fresh news with no typo');

      now = new Date(DATE.getTime() + 10 * MINUTE);
      await server.live.republish();
      for (const base of ['/', '/tags/delay/', '/authors/admin/']) {
        const titles = await feedTitles(server, base);
        expect(titles.rss[0], base).toBe('Fresh news with no typo');
        expect(titles.atom[0], base).toBe('Fresh news with no typo');
        expect(titles.json[0], base).toBe('Fresh news with no typo');
        expect([...titles.rss, ...titles.atom].join(' ')).not.toContain('typo wiht');
      }
      const preview = await body(server, '/feed.xml', { 'sec-fetch-dest': 'document' });
      expect(preview).toContain('Fresh news with no typo');
    });

    it('changes exactly the feeds it enters, and no page, when it enters them', async () => {
      const before = etags(server);
      const changes: ChangeSet[] = [];
      server.live.subscribe((change) => changes.push(change));
      now = new Date(DATE.getTime() + 10 * MINUTE);
      await server.live.republish();
      const after = etags(server);
      const differ = [...after.keys()].filter((path) => before.get(path) !== after.get(path)).sort();
      expect(changes).toHaveLength(1);
      const [change] = changes as [ChangeSet];
      expect(change.added).toEqual([]);
      expect(change.removed).toEqual([]);
      expect(change.changed.map((c) => c.path).sort()).toEqual(differ);
      // The site's, the tag's and the author's feeds in three formats, and their previews; the
      // article's page and the listings already showed it.
      for (const base of ['/', '/tags/delay/', '/authors/admin/']) {
        for (const feed of ['feed.xml', 'atom.xml', 'feed.json']) {
          expect(differ).toContain(`${base}${feed}`);
          expect(differ).toContain(`${base}${feed}.html`);
        }
      }
      expect(differ).toHaveLength(18);
    });
  });

  describe('when the server watches the folder (real clock)', () => {
    let hub: PingRecorder;

    beforeEach(async () => {
      hub = await startPingRecorder();
    });

    afterEach(async () => {
      await hub.close();
    });

    it('puts the article into its feeds when the delay is over, with no file change, and pings the hub', async () => {
      const delayMs = 3000;
      const server = await serve(articles.path, {
        watch: true,
        settings: { feedDelayMinutes: delayMs / MINUTE, hub: hub.url },
      });
      const date = new Date(Math.floor(Date.now() / 1000) * 1000);
      await articles.write(FILE, articleText({ title: 'Fresh news', date: date.toISOString() }));
      await waitUntil(async () => (await send(`${server.url}${PAGE}`)).status === 200, 5000);
      const shownAt = Date.now();
      if (shownAt < date.getTime() + delayMs) {
        expect(await body(server, '/feed.xml')).not.toContain('Fresh news');
        expect(hub.pings).not.toContain(`${SITE}feed.xml`);
      }
      await waitUntil(async () => (await body(server, '/feed.xml')).includes('Fresh news'), delayMs + 5000);
      expect(Date.now()).toBeGreaterThanOrEqual(date.getTime() + delayMs);
      expect((await feedTitles(server, '/')).rss[0]).toBe('Fresh news');
      await waitUntil(() => hub.pings.includes(`${SITE}feed.xml`), 5000);
      expect(hub.pings).toContain(`${SITE}atom.xml`);
      expect(hub.pings).toContain(`${SITE}authors/admin/feed.json`);
    });
  });
});
