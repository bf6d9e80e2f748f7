// RFC 5005 §4 archived feeds: a reader that starts at the subscription document and follows
// `prev-archive` (JSON Feed: `next_url`) sees every article of the scope exactly once, newest first;
// archives hold fixed runs counted from the oldest, so a new article leaves older archives alone.
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import { renderSite } from '../../../src/render/render-site.ts';
import { type FeedFormat, feedPath } from '../../../src/site/paths.ts';
import { makeArticle, makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { childrenNamed, childText, onlyChild, parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed, sitePath } from './read-feed.ts';

const SITE_URL = 'https://news.example.org/blog/';

interface ReadDocument {
  ids: string[];
  links: Record<string, string>;
  archive: boolean;
}

function readDocument(site: Site, format: FeedFormat, path: string): ReadDocument {
  const body = renderFeed(site, path);
  if (format === 'json') {
    const feed = JSON.parse(body);
    const links: Record<string, string> = { self: feed.feed_url };
    if (feed.next_url !== undefined) links['prev-archive'] = feed.next_url;
    return { ids: feed.items.map((i: { id: string }) => i.id), links, archive: false };
  }
  const root = parseXmlStrict(body).root;
  const container = format === 'rss' ? onlyChild(root, 'channel') : root;
  const linkName = format === 'rss' ? 'atom:link' : 'link';
  const links = Object.fromEntries(
    childrenNamed(container, linkName)
      .filter((l) => l.attributes.rel !== 'alternate')
      .map((l) => [l.attributes.rel, l.attributes.href]),
  );
  const items = childrenNamed(container, format === 'rss' ? 'item' : 'entry');
  return {
    ids: items.map((i) => childText(i, format === 'rss' ? 'guid' : 'id')),
    links,
    archive: childrenNamed(container, 'fh:archive').length === 1,
  };
}

/** Follows `prev-archive` from the subscription document to the oldest archive, as a reader would. */
function walk(site: Site, format: FeedFormat, basePath: string): { url: string; doc: ReadDocument }[] {
  const docs: { url: string; doc: ReadDocument }[] = [];
  let url: string | undefined = new URL(feedPath(basePath, format).slice(1), SITE_URL).href;
  while (url !== undefined) {
    if (docs.length > 100) throw new Error('prev-archive links loop');
    const doc = readDocument(site, format, sitePath(SITE_URL, url));
    docs.push({ url, doc });
    url = doc.links['prev-archive'];
  }
  return docs;
}

describe('archived feeds', () => {
  describe.each([
    ['the whole site', '/', 20, 55, [35, 20]],
    ['a tag with every article', '/tags/all/', 20, 60, [20, 20, 20]],
    ['a tag with half the articles', '/tags/even-days/', 7, 56, [7, 7, 7, 7]],
    ['a tag with fewer articles than a feed holds', '/tags/odd-days/', 20, 38, [19]],
    ['a scope that just reached twice the feed size', '/', 10, 39, [19, 10, 10]],
  ])('when walking %s (%s, %i per feed, %i articles)', (_name, basePath, itemsPerFeed, count, sizes) => {
    const site = makeSite(makeArticles(count), { siteUrl: SITE_URL, itemsPerFeed });
    const scope = [site.site, ...site.tags].find((s) => s.basePath === basePath);
    if (!scope) throw new Error(`no scope ${basePath}`);
    const expectedIds = scope.articles.map((a) => a.id);

    it.each(['rss', 'atom', 'json'] as const)(
      '%s: collects every article exactly once, newest first',
      (format) => {
        const ids = walk(site, format, basePath).flatMap((d) => d.doc.ids);
        expect(ids).toEqual(expectedIds);
        expect(new Set(ids).size).toBe(ids.length);
      },
    );

    it.each(['rss', 'atom', 'json'] as const)(
      '%s: keeps at least a feed’s worth in the subscription document and full archives',
      (format) => {
        expect(walk(site, format, basePath).map((d) => d.doc.ids.length)).toEqual(sizes);
      },
    );

    it.each(['rss', 'atom', 'json'] as const)('%s: gives each document its own URL as self', (format) => {
      for (const { url, doc } of walk(site, format, basePath)) expect(doc.links.self).toBe(url);
    });

    it.each(['rss', 'atom'] as const)(
      '%s: marks archives with fh:archive and links them to the current and the next newer',
      (format) => {
        const docs = walk(site, format, basePath);
        const [subscription, ...archives] = docs;
        expect(subscription?.doc.archive).toBe(false);
        expect(subscription?.doc.links.current).toBeUndefined();
        archives.forEach(({ url, doc }, i) => {
          expect(doc.archive, url).toBe(true);
          expect(doc.links.current).toBe(subscription?.url);
          expect(doc.links['next-archive']).toBe(i === 0 ? undefined : archives[i - 1]?.url);
          expect(url).toMatch(/\/archive\/.*\d+\/(feed|atom)\.xml$/);
        });
      },
    );
  });
});

describe('adding one article', () => {
  // Each count from empty to past several archives; at every step, one new article dated after all
  // others. Only the subscription documents and listing pages of its scopes, and the newest archive
  // of each (which gains a next-archive link, or is new), may change.
  it('rewrites only the current documents and at most the newest archive of each scope', () => {
    const all = makeArticles(45);
    const settings = { siteUrl: SITE_URL, itemsPerFeed: 4, itemsPerPage: 3 };
    let before = renderSite(makeSite([], settings));
    for (let n = 1; n <= all.length; n++) {
      const after = renderSite(makeSite(all.slice(0, n), settings));
      // Article pages are not listings: leave them out (each is rendered once, for nothing).
      const changed = after
        .paths()
        .filter((path) => !path.startsWith('/articles/'))
        .filter((path) => !before.get(path)?.body.equals(after.get(path)?.body ?? Buffer.alloc(0)));
      const archived = changed.filter((path) => /\/(archive|page)\//.test(path));
      // Per scope (site, one tag of two, "All", at most one author): one newest archive per feed
      // format and one newest listing page, and only when an archive is cut.
      expect(archived.length, `article ${n}: ${archived.join(' ')}`).toBeLessThanOrEqual(4 * 2 * (3 + 1));
      for (const path of archived) {
        const number = Number(/\/(\d+)\/(?:[a-z]+\.[a-z]+)?$/.exec(path)?.[1]);
        const newest = Math.max(
          ...after
            .paths()
            .filter((p) => p.replace(/\d+\/([a-z.]*)$/, '') === path.replace(/\d+\/([a-z.]*)$/, ''))
            .map((p) => Number(/\/(\d+)\/(?:[a-z]+\.[a-z]+)?$/.exec(p)?.[1])),
        );
        expect(number, `article ${n} changed ${path}`).toBeGreaterThanOrEqual(newest - 1);
      }
      before = after;
    }
  });

  it('dated in the past, leaves the archives older than its date alone', () => {
    const articles = makeArticles(60);
    const settings = { siteUrl: SITE_URL, itemsPerFeed: 10 };
    const before = renderSite(makeSite(articles, settings));
    const backdated = makeArticle({ slug: 'backdated', date: new Date(Date.UTC(2022, 0, 35, 12)) });
    const after = renderSite(makeSite([...articles, backdated], settings));
    for (const format of ['feed.xml', 'atom.xml', 'feed.json']) {
      for (const n of [1, 2, 3]) {
        const path = `/archive/${n}/${format}`;
        expect(after.get(path)?.etag, path).toBe(before.get(path)?.etag);
      }
      expect(after.get(`/archive/4/${format}`)?.etag).not.toBe(before.get(`/archive/4/${format}`)?.etag);
    }
  });
});
