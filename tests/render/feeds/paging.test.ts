// RFC 5005 §3 paged feeds: a reader that starts at the subscription URL and follows `next` must see
// every article of the scope exactly once, newest first.
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import { type FeedFormat, feedPath } from '../../../src/site/paths.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { childrenNamed, childText, onlyChild, parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed, sitePath } from './read-feed.ts';

const SITE_URL = 'https://news.example.org/blog/';

interface ReadPage {
  ids: string[];
  links: Record<string, string>;
}

function readPage(site: Site, format: FeedFormat, path: string): ReadPage {
  const body = renderFeed(site, path);
  if (format === 'json') {
    const feed = JSON.parse(body);
    const links: Record<string, string> = { self: feed.feed_url };
    if (feed.next_url !== undefined) links.next = feed.next_url;
    return { ids: feed.items.map((i: { id: string }) => i.id), links };
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
  return { ids: items.map((i) => childText(i, format === 'rss' ? 'guid' : 'id')), links };
}

/** Follows `next` from page 1 to the end, as a reader would. */
function walk(site: Site, format: FeedFormat, basePath: string): { url: string; page: ReadPage }[] {
  const pages: { url: string; page: ReadPage }[] = [];
  let url: string | undefined = new URL(feedPath(basePath, format).slice(1), SITE_URL).href;
  while (url !== undefined) {
    if (pages.length > 100) throw new Error('next links loop');
    const page = readPage(site, format, sitePath(SITE_URL, url));
    pages.push({ url, page });
    url = page.links.next;
  }
  return pages;
}

describe('paged feeds', () => {
  describe.each([
    ['the whole site', '/', 20, 3],
    ['a tag with every article', '/tags/all/', 20, 3],
    ['a tag with half the articles', '/tags/even-days/', 7, 4],
  ])('when walking %s (%s, %i per page)', (_name, basePath, itemsPerFeed, expectedPages) => {
    const site = makeSite(makeArticles(55), { siteUrl: SITE_URL, itemsPerFeed });
    const scope = [site.site, ...site.tags].find((s) => s.basePath === basePath);
    if (!scope) throw new Error(`no scope ${basePath}`);
    const expectedIds = scope.articles.map((a) => a.id);

    it.each(['rss', 'atom', 'json'] as const)(
      '%s: collects every article exactly once, newest first',
      (format) => {
        const pages = walk(site, format, basePath);
        expect(pages).toHaveLength(expectedPages);
        const ids = pages.flatMap((p) => p.page.ids);
        expect(ids).toEqual(expectedIds);
        expect(new Set(ids).size).toBe(ids.length);
      },
    );

    it.each(['rss', 'atom', 'json'] as const)('%s: fills every page but the last', (format) => {
      const sizes = walk(site, format, basePath).map((p) => p.page.ids.length);
      expect(sizes.slice(0, -1).every((n) => n === itemsPerFeed)).toBe(true);
      expect(sizes.at(-1)).toBeGreaterThan(0);
      expect(sizes.at(-1)).toBeLessThanOrEqual(itemsPerFeed);
    });

    it.each(['rss', 'atom', 'json'] as const)('%s: gives each page its own URL as self', (format) => {
      for (const { url, page } of walk(site, format, basePath)) expect(page.links.self).toBe(url);
    });

    it.each(['rss', 'atom'] as const)(
      '%s: links every page to the first, the last and the previous',
      (format) => {
        const pages = walk(site, format, basePath);
        const first = pages[0]?.url;
        const last = pages.at(-1)?.url;
        pages.forEach(({ page }, i) => {
          expect(page.links.first).toBe(first);
          expect(page.links.last).toBe(last);
          expect(page.links.previous).toBe(i === 0 ? undefined : pages[i - 1]?.url);
        });
        expect(pages.at(-1)?.page.links.next).toBeUndefined();
      },
    );
  });
});
