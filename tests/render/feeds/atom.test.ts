import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import { makeFeedArticles } from '../../fixtures/feeds/feed-articles.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { childrenNamed, childText, onlyChild, parseXmlStrict, type XmlNode } from '../../helpers/xml.ts';
import { readFeed, renderFeed } from './read-feed.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function makeAtomSite(settings: Parameters<typeof makeSite>[1] = {}): Site {
  return makeSite(makeFeedArticles(), { icon: '/icon.png', logo: '/logo.png', ...settings });
}

function feedOf(xml: string): XmlNode {
  return parseXmlStrict(xml).root;
}

function linksOf(node: XmlNode): (string | undefined)[][] {
  return childrenNamed(node, 'link').map((l) => [l.attributes.rel, l.attributes.type, l.attributes.href]);
}

describe('atom feed', () => {
  describe('when read by a feed reader (feedparser)', () => {
    it('gives the feed title, subtitle, link, language, generator, author, icon, logo and self URL', async () => {
      const { meta } = await readFeed(renderFeed(makeAtomSite(), '/atom.xml'));
      expect(meta['#type']).toBe('atom');
      expect(meta.title).toBe('Herald Test Site');
      expect(meta.description).toBe('Articles for testing Herald');
      expect(meta.link).toBe('https://news.example.org/');
      expect(meta.language).toBe('en');
      expect(meta.generator).toBe('Herald');
      expect(meta.author).toBe('Site Author');
      expect(meta.favicon).toBe('https://news.example.org/icon.png');
      expect(meta.image.url).toBe('https://news.example.org/logo.png');
      expect(meta.xmlurl).toBe('https://news.example.org/atom.xml');
      expect(meta.date).toEqual(new Date('2022-06-01T07:45:00Z'));
    });

    it('gives every article, newest first, field by field', async () => {
      const site = makeAtomSite();
      const { items } = await readFeed(renderFeed(site, '/atom.xml'));
      expect(items).toHaveLength(site.site.articles.length);
      items.forEach((item, i) => {
        const article = site.site.articles[i];
        if (!article) throw new Error(`no article ${i}`);
        expect(item.title).toBe(article.title);
        expect(item.link).toBe(article.url);
        expect(item.guid).toBe(article.id);
        expect(item.pubdate).toEqual(article.date);
        expect(item.date).toEqual(article.updated);
        expect(item.summary).toBe(article.summary);
        expect(item.description).toBe(article.contentHtml);
        expect(item.categories).toEqual(article.tags.map((t) => t.slug));
        // feedparser's `author` holds one name; with several authors only its raw elements have them all.
        const authors: { name: { '#': string } }[] = [item['atom:author']].flat();
        expect(authors.map((a) => a.name['#'])).toEqual(article.authors.map((a) => a.name));
      });
    });
  });

  describe('as XML (RFC 4287)', () => {
    it('is an Atom feed with xml:lang', () => {
      const feed = feedOf(renderFeed(makeAtomSite(), '/atom.xml'));
      expect([feed.local, feed.uri]).toEqual(['feed', ATOM]);
      expect(feed.attributes['xml:lang']).toBe('en');
    });

    it('has exactly one id, title, updated and a feed-level author (§4.1.1)', () => {
      const feed = feedOf(renderFeed(makeAtomSite(), '/atom.xml'));
      for (const name of ['id', 'title', 'updated', 'author', 'generator', 'icon', 'logo', 'subtitle']) {
        expect(childrenNamed(feed, name), name).toHaveLength(1);
      }
      expect(childText(feed, 'id')).toBe('https://news.example.org/atom.xml');
      expect(childText(feed, 'updated')).toBe('2022-06-01T07:45:00.000Z');
      const author = onlyChild(feed, 'author');
      expect([childText(author, 'name'), childText(author, 'email')]).toEqual([
        'Site Author',
        'editor@news.example.org',
      ]);
    });

    it('types title and subtitle as text', () => {
      const feed = feedOf(renderFeed(makeAtomSite(), '/atom.xml'));
      expect(onlyChild(feed, 'title').attributes.type).toBe('text');
      expect(onlyChild(feed, 'subtitle').attributes.type).toBe('text');
    });

    it('links to the HTML page, itself and the same document in RSS and JSON Feed', () => {
      const links = linksOf(feedOf(renderFeed(makeAtomSite(), '/atom.xml')));
      expect(links).toEqual([
        ['alternate', 'text/html', 'https://news.example.org/'],
        ['self', 'application/atom+xml', 'https://news.example.org/atom.xml'],
        ['hub', undefined, 'https://news.example.org/websub'],
        ['alternate', 'application/rss+xml', 'https://news.example.org/feed.xml'],
        ['alternate', 'application/feed+json', 'https://news.example.org/feed.json'],
      ]);
      // §4.1.1: no two alternate links with the same type.
      const alternateTypes = links.filter(([rel]) => rel === 'alternate').map(([, type]) => type);
      expect(new Set(alternateTypes).size).toBe(alternateTypes.length);
    });

    it('writes each entry with id, text title, link, RFC 3339 dates, authors, categories, summary and content', () => {
      const site = makeAtomSite();
      const entries = childrenNamed(feedOf(renderFeed(site, '/atom.xml')), 'entry');
      expect(entries).toHaveLength(site.site.articles.length);
      entries.forEach((entry, i) => {
        const article = site.site.articles[i];
        if (!article) throw new Error(`no article ${i}`);
        expect(entry.attributes['xml:lang']).toBe('en');
        expect(childText(entry, 'id')).toBe(article.id);
        expect(onlyChild(entry, 'title').attributes.type).toBe('text');
        expect(childText(entry, 'title')).toBe(article.title);
        expect(linksOf(entry)).toEqual([['alternate', 'text/html', article.url]]);
        expect(childText(entry, 'published')).toMatch(RFC_3339);
        expect(new Date(childText(entry, 'published'))).toEqual(article.date);
        expect(new Date(childText(entry, 'updated'))).toEqual(article.updated);
        expect(onlyChild(entry, 'summary').attributes.type).toBe('text');
        expect(childText(entry, 'summary')).toBe(article.summary);
        expect(onlyChild(entry, 'content').attributes.type).toBe('html');
        expect(childText(entry, 'content')).toBe(article.contentHtml);
        expect(childrenNamed(entry, 'category').map((c) => c.attributes)).toEqual(
          article.tags.map((t) => ({
            term: t.slug,
            scheme: 'https://news.example.org/tags/',
            label: t.name,
          })),
        );
      });
    });

    it('writes every author with name, e-mail and absolute URI', () => {
      const site = makeAtomSite();
      const entry = childrenNamed(feedOf(renderFeed(site, '/atom.xml')), 'entry')[0];
      if (!entry) throw new Error('no entry');
      const authors = childrenNamed(entry, 'author').map((a) =>
        Object.fromEntries(a.children.map((c) => [c.name, c.text])),
      );
      expect(authors).toEqual([
        { name: 'Grace Hopper', email: 'grace@example.com', uri: 'https://grace.example.com/' },
        { name: 'Ada Lovelace', uri: 'https://news.example.org/authors/ada-lovelace/' },
      ]);
    });
  });

  describe('when the feed has archives', () => {
    it('keeps the same feed id in every document (RFC 5005 §4)', () => {
      const site = makeSite(makeArticles(65));
      const ids = ['/atom.xml', '/archive/1/atom.xml', '/archive/2/atom.xml'].map((path) =>
        childText(feedOf(renderFeed(site, path)), 'id'),
      );
      expect(new Set(ids)).toEqual(new Set(['https://news.example.org/atom.xml']));
    });
  });

  describe('when the scope is a tag', () => {
    it('uses the tag feed title, the tag page as alternate and its own id', () => {
      const site = makeAtomSite();
      const feed = feedOf(renderFeed(site, '/tags/compilers/atom.xml'));
      expect(childText(feed, 'title')).toBe('Herald Test Site: articles tagged “Compilers”');
      expect(childText(feed, 'id')).toBe('https://news.example.org/tags/compilers/atom.xml');
      expect(linksOf(feed)[0]).toEqual([
        'alternate',
        'text/html',
        'https://news.example.org/tags/compilers/',
      ]);
      expect(childrenNamed(feed, 'entry')).toHaveLength(2);
    });
  });
});
