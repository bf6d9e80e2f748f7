import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import { makeFeedArticles } from '../../fixtures/feeds/feed-articles.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { renderFeed, renderFeedRoute } from './read-feed.ts';

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function makeJsonSite(settings: Parameters<typeof makeSite>[1] = {}): Site {
  return makeSite(makeFeedArticles(), { icon: '/icon.png', ...settings });
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, checked field by field below
function readJsonFeed(site: Site, path: string): any {
  return JSON.parse(renderFeed(site, path));
}

describe('json feed', () => {
  it('is JSON Feed 1.1 with title, home page, feed URL, description, authors, language and icons', () => {
    const feed = readJsonFeed(makeJsonSite(), '/feed.json');
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Herald Test Site',
      home_page_url: 'https://news.example.org/',
      feed_url: 'https://news.example.org/feed.json',
      description: 'Articles for testing Herald',
      authors: [{ name: 'Site Author', url: 'mailto:editor@news.example.org' }],
      language: 'en',
      icon: 'https://news.example.org/icon.png',
      favicon: 'https://news.example.org/icon.png',
    });
  });

  it('uses no field that JSON Feed 1.1 deprecates', () => {
    const feed = readJsonFeed(makeJsonSite(), '/feed.json');
    expect(feed).not.toHaveProperty('author');
    for (const item of feed.items) expect(item).not.toHaveProperty('author');
  });

  it('gives every article, newest first, field by field', () => {
    const site = makeJsonSite();
    const feed = readJsonFeed(site, '/feed.json');
    expect(feed.items).toHaveLength(site.site.articles.length);
    feed.items.forEach((item: Record<string, unknown>, i: number) => {
      const article = site.site.articles[i];
      if (!article) throw new Error(`no article ${i}`);
      expect(item).toEqual({
        id: article.id,
        url: article.url,
        title: article.title,
        content_html: article.contentHtml,
        summary: article.summary,
        date_published: article.date.toISOString(),
        date_modified: article.updated.toISOString(),
        authors: expect.any(Array),
        tags: article.tags.map((t) => t.name),
        language: 'en',
      });
      expect(item.date_published).toMatch(RFC_3339);
      expect((item.authors as { name: string }[]).map((a) => a.name)).toEqual(
        article.authors.map((a) => a.name),
      );
    });
  });

  it('gives authors a home page URL, or else a mailto: URL, or just a name', () => {
    const feed = readJsonFeed(makeJsonSite(), '/feed.json');
    expect(feed.items[0].authors).toEqual([
      { name: 'Grace Hopper', url: 'https://grace.example.com/' },
      { name: 'Ada Lovelace', url: 'https://news.example.org/authors/ada-lovelace/' },
    ]);
    const nameOnly = readJsonFeed(makeJsonSite({ author: { name: 'No Mail' } }), '/feed.json');
    expect(nameOnly.authors).toEqual([{ name: 'No Mail' }]);
  });

  describe('when the feed has no archive', () => {
    it('has no next_url', () => {
      expect(readJsonFeed(makeJsonSite(), '/feed.json')).not.toHaveProperty('next_url');
    });
  });

  describe('when the feed has archives', () => {
    it('walks from the subscription document to the newest archive and on to the oldest with next_url, and gives each its own feed_url', () => {
      const site = makeSite(makeArticles(65));
      const pages = ['/feed.json', '/archive/2/feed.json', '/archive/1/feed.json'].map((p) =>
        readJsonFeed(site, p),
      );
      expect(pages.map((p) => [p.feed_url, p.next_url])).toEqual([
        ['https://news.example.org/feed.json', 'https://news.example.org/archive/2/feed.json'],
        ['https://news.example.org/archive/2/feed.json', 'https://news.example.org/archive/1/feed.json'],
        ['https://news.example.org/archive/1/feed.json', undefined],
      ]);
    });
  });

  describe('when the site has no icon', () => {
    it('has neither icon nor favicon', () => {
      const feed = readJsonFeed(makeSite(makeFeedArticles()), '/feed.json');
      expect(feed).not.toHaveProperty('icon');
      expect(feed).not.toHaveProperty('favicon');
    });
  });

  it('is served as application/feed+json', () => {
    expect(renderFeedRoute(makeJsonSite(), '/feed.json').mediaType).toBe(
      'application/feed+json; charset=utf-8',
    );
  });
});
