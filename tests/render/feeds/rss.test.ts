import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import { makeFeedArticles } from '../../fixtures/feeds/feed-articles.ts';
import { makeSite } from '../../helpers/site-fixture.ts';
import { childrenNamed, childText, onlyChild, parseXmlStrict } from '../../helpers/xml.ts';
import { htmlText, readFeed, renderFeed } from './read-feed.ts';

const RFC_822_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function makeRssSite(settings: Parameters<typeof makeSite>[1] = {}): Site {
  return makeSite(makeFeedArticles(), { icon: '/icon.png', logo: '/logo.png', ...settings });
}

function channelOf(xml: string) {
  return onlyChild(parseXmlStrict(xml).root, 'channel');
}

describe('rss feed', () => {
  describe('when read by a feed reader (feedparser)', () => {
    it('gives the channel title, link, description, language, generator, author and self URL', async () => {
      const site = makeRssSite();
      const { meta } = await readFeed(renderFeed(site, '/feed.xml'));
      expect(meta['#type']).toBe('rss');
      expect(meta.title).toBe('Herald Test Site');
      expect(meta.link).toBe('https://news.example.org/');
      expect(meta.description).toBe('Articles for testing Herald');
      expect(meta.language).toBe('en');
      expect(meta.generator).toBe('Herald');
      expect(meta.author).toBe('Site Author');
      expect(meta.xmlurl).toBe('https://news.example.org/feed.xml');
      expect(meta.image.url).toBe('https://news.example.org/logo.png');
    });

    it('gives every article, newest first, field by field', async () => {
      const site = makeRssSite();
      const { items } = await readFeed(renderFeed(site, '/feed.xml'));
      expect(items).toHaveLength(site.site.articles.length);
      items.forEach((item, i) => {
        const article = site.site.articles[i];
        if (!article) throw new Error(`no article ${i}`);
        expect(item.title).toBe(article.title);
        expect(item.link).toBe(article.url);
        expect(item.guid).toBe(article.id);
        expect(item.pubdate).toEqual(article.date);
        expect(htmlText(item.summary)).toBe(article.summary);
        expect(item.description).toBe(article.contentHtml);
        expect(item.categories).toEqual(article.tags.map((t) => t.name));
        const creators: { '#': string }[] = [item['dc:creator']].flat();
        expect(creators.map((c) => c['#'])).toEqual(article.authors.map((a) => a.name));
      });
    });
  });

  describe('as XML', () => {
    it('is RSS 2.0 and declares every namespace it uses', () => {
      const { root } = parseXmlStrict(renderFeed(makeRssSite(), '/feed.xml'));
      expect(root.name).toBe('rss');
      expect(root.attributes.version).toBe('2.0');
      expect(root.namespaces).toEqual({
        atom: 'http://www.w3.org/2005/Atom',
        content: 'http://purl.org/rss/1.0/modules/content/',
        dc: 'http://purl.org/dc/elements/1.1/',
        fh: 'http://purl.org/syndication/history/1.0',
      });
    });

    it('dates the channel by the newest update, in RFC 822 GMT', () => {
      const channel = channelOf(renderFeed(makeRssSite(), '/feed.xml'));
      expect(childText(channel, 'lastBuildDate')).toBe('Wed, 01 Jun 2022 07:45:00 GMT');
    });

    it('names the site author in managingEditor (with e-mail) and dc:creator', () => {
      const channel = channelOf(renderFeed(makeRssSite(), '/feed.xml'));
      expect(childText(channel, 'managingEditor')).toBe('editor@news.example.org (Site Author)');
      expect(childText(channel, 'dc:creator')).toBe('Site Author');
    });

    it('links to itself and the same document in Atom and JSON Feed', () => {
      const channel = channelOf(renderFeed(makeRssSite(), '/feed.xml'));
      const links = childrenNamed(channel, 'atom:link').map((l) => [
        l.attributes.rel,
        l.attributes.type,
        l.attributes.href,
      ]);
      expect(links).toEqual([
        ['self', 'application/rss+xml', 'https://news.example.org/feed.xml'],
        ['hub', undefined, 'https://news.example.org/websub'],
        ['alternate', 'application/atom+xml', 'https://news.example.org/atom.xml'],
        ['alternate', 'application/feed+json', 'https://news.example.org/feed.json'],
      ]);
    });

    it('writes each item with guid, RFC 822 pubDate, atom:updated, dc:creator, category and both bodies', () => {
      const site = makeRssSite();
      const items = childrenNamed(channelOf(renderFeed(site, '/feed.xml')), 'item');
      items.forEach((item, i) => {
        const article = site.site.articles[i];
        if (!article) throw new Error(`no article ${i}`);
        expect(childText(item, 'pubDate')).toMatch(RFC_822_GMT);
        expect(new Date(childText(item, 'pubDate'))).toEqual(article.date);
        expect(childText(item, 'atom:updated')).toBe(article.updated.toISOString());
        expect(childrenNamed(item, 'dc:creator').map((c) => c.text)).toEqual(
          article.authors.map((a) => a.name),
        );
        expect(childrenNamed(item, 'category').map((c) => [c.text, c.attributes.domain])).toEqual(
          article.tags.map((t) => [t.name, 'https://news.example.org/tags/']),
        );
        expect(childText(item, 'content:encoded')).toBe(article.contentHtml);
        expect(htmlText(childText(item, 'description'))).toBe(article.summary);
      });
    });

    it.each([
      ['a tag: URI', 'two-authors', 'false'],
      ["the article's own URL", 'permalink-id', 'true'],
    ])('marks a guid that is %s with isPermaLink="%s"', (_what, slug, isPermaLink) => {
      const site = makeRssSite();
      const article = site.site.articles.find((a) => a.slug === slug);
      const item = childrenNamed(channelOf(renderFeed(site, '/feed.xml')), 'item').find(
        (i) => childText(i, 'link') === article?.url,
      );
      if (!item || !article) throw new Error(`no item ${slug}`);
      expect(onlyChild(item, 'guid').attributes.isPermaLink).toBe(isPermaLink);
      expect(childText(item, 'guid')).toBe(article.id);
    });

    it('writes the logo (or else the icon) as the channel image, with the channel title and link', () => {
      const image = onlyChild(channelOf(renderFeed(makeRssSite(), '/feed.xml')), 'image');
      expect([childText(image, 'url'), childText(image, 'title'), childText(image, 'link')]).toEqual([
        'https://news.example.org/logo.png',
        'Herald Test Site',
        'https://news.example.org/',
      ]);
      const iconOnly = channelOf(renderFeed(makeRssSite({ logo: undefined }), '/feed.xml'));
      expect(childText(onlyChild(iconOnly, 'image'), 'url')).toBe('https://news.example.org/icon.png');
    });
  });

  describe('when the site author has no e-mail address', () => {
    it('leaves out managingEditor, which RSS 2.0 requires to be an e-mail address', () => {
      const site = makeRssSite({ author: { name: 'Nameless Mailbox' } });
      const channel = channelOf(renderFeed(site, '/feed.xml'));
      expect(childrenNamed(channel, 'managingEditor')).toEqual([]);
      expect(childText(channel, 'dc:creator')).toBe('Nameless Mailbox');
    });
  });

  describe('when the site has neither icon nor logo', () => {
    it('writes no image', () => {
      const channel = channelOf(renderFeed(makeSite(makeFeedArticles()), '/feed.xml'));
      expect(childrenNamed(channel, 'image')).toEqual([]);
    });
  });
});
