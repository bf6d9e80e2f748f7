// Text from articles reaches readers intact; only what XML 1.0 cannot carry at all is removed.
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import {
  FORBIDDEN_IN_XML,
  HOSTILE,
  makeFeedArticles,
  makeHostileArticle,
  withoutForbidden,
} from '../../fixtures/feeds/feed-articles.ts';
import { makeSite } from '../../helpers/site-fixture.ts';
import {
  allElements,
  childrenNamed,
  childText,
  onlyChild,
  parseXmlStrict,
  type XmlNode,
} from '../../helpers/xml.ts';
import { htmlText, readFeed, renderFeed } from './read-feed.ts';

function makeHostileSite(settings: Parameters<typeof makeSite>[1] = {}): Site {
  return makeSite([makeHostileArticle(), ...makeFeedArticles()], settings);
}

function hostileItem(xml: string, itemName: 'item' | 'entry'): XmlNode {
  const root = parseXmlStrict(xml).root;
  const container = itemName === 'item' ? onlyChild(root, 'channel') : root;
  const item = childrenNamed(container, itemName)[0];
  if (!item) throw new Error('no item');
  return item;
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('hostile text', () => {
  describe.each([
    ['rss', '/feed.xml'],
    ['atom', '/atom.xml'],
  ] as const)('in the %s feed', (format, path) => {
    it('leaves no character XML forbids in the document, which a strict parser accepts', () => {
      const xml = renderFeed(makeHostileSite(), path);
      for (const c of FORBIDDEN_IN_XML)
        expect(xml.includes(c), `U+${c.charCodeAt(0).toString(16)}`).toBe(false);
      expect(() => parseXmlStrict(xml)).not.toThrow();
    });

    it('creates no element from markup in the text', () => {
      const names = allElements(parseXmlStrict(renderFeed(makeHostileSite(), path)).root).map((e) => e.local);
      expect(names).not.toContain('script');
      expect(names).not.toContain('injected');
      expect(names).not.toContain('b');
      expect(names).not.toContain('ann');
    });

    it('reads back title and content through feedparser with only the forbidden characters removed', async () => {
      const { items } = await readFeed(renderFeed(makeHostileSite(), path));
      // feedparser strips tags from its normalized `title`; its raw element keeps what the feed said.
      expect(items[0]?.[`${format}:title`]['#']).toBe(withoutForbidden(HOSTILE.title));
      expect(items[0]?.description).toBe(withoutForbidden(HOSTILE.contentHtml));
    });
  });

  describe('in the rss feed', () => {
    const item = () => hostileItem(renderFeed(makeHostileSite(), '/feed.xml'), 'item');

    it('keeps title, summary, content, category and author exact, emoji and right-to-left text included', () => {
      const it = item();
      expect(childText(it, 'title')).toBe(withoutForbidden(HOSTILE.title));
      expect(htmlText(childText(it, 'description'))).toBe(withoutForbidden(HOSTILE.summary));
      expect(childText(it, 'content:encoded')).toBe(withoutForbidden(HOSTILE.contentHtml));
      expect(childText(it, 'category')).toBe(HOSTILE.tagName);
      expect(childText(it, 'dc:creator')).toBe(HOSTILE.authorName);
    });

    it('keeps both `]]>` in the content', () => {
      expect(countOf(childText(item(), 'content:encoded'), ']]>')).toBe(2);
    });
  });

  describe('in the atom feed', () => {
    const entry = () => hostileItem(renderFeed(makeHostileSite(), '/atom.xml'), 'entry');

    it('keeps title, summary, content, category label and author exact', () => {
      const e = entry();
      expect(childText(e, 'title')).toBe(withoutForbidden(HOSTILE.title));
      expect(childText(e, 'summary')).toBe(withoutForbidden(HOSTILE.summary));
      expect(childText(e, 'content')).toBe(withoutForbidden(HOSTILE.contentHtml));
      expect(childrenNamed(e, 'category').map((c) => c.attributes.label)).toEqual([HOSTILE.tagName]);
      expect(childText(onlyChild(e, 'author'), 'name')).toBe(HOSTILE.authorName);
    });

    it('keeps both `]]>` in the title, summary and content', () => {
      const e = entry();
      for (const name of ['title', 'summary', 'content'])
        expect(countOf(childText(e, name), ']]>'), name).toBe(2);
    });
  });

  describe('in the json feed', () => {
    it('keeps every string exactly, since JSON can carry every character', () => {
      const feed = JSON.parse(renderFeed(makeHostileSite(), '/feed.json'));
      const [item] = feed.items;
      expect(item.title).toBe(HOSTILE.title);
      expect(item.summary).toBe(HOSTILE.summary);
      expect(item.content_html).toBe(HOSTILE.contentHtml);
      expect(item.tags).toEqual([HOSTILE.tagName]);
      expect(item.authors).toEqual([{ name: HOSTILE.authorName }]);
    });
  });

  describe('when the site URL itself holds `&` and a quote', () => {
    const siteUrl = "https://news.example.org/it's&more/";

    it.each([
      ['rss', '/feed.xml'],
      ['atom', '/atom.xml'],
    ])('%s: every link reads back under that URL', (_format, path) => {
      const root = parseXmlStrict(renderFeed(makeHostileSite({ siteUrl }), path)).root;
      const links = allElements(root).flatMap((e) => {
        if (e.attributes.href !== undefined) return [e.attributes.href];
        return e.local === 'link' ? [e.text] : [];
      });
      expect(links.length).toBeGreaterThanOrEqual(7);
      for (const link of links) expect(link.startsWith(siteUrl), link).toBe(true);
    });

    it('writes the stylesheet instruction with the prefix, still well-formed', () => {
      const { processingInstructions } = parseXmlStrict(
        renderFeed(makeHostileSite({ siteUrl }), '/feed.xml'),
      );
      expect(processingInstructions).toEqual([
        { target: 'xml-stylesheet', body: 'type="text/xsl" href="/it&apos;s&amp;more/feed.xsl"' },
      ]);
    });
  });
});
