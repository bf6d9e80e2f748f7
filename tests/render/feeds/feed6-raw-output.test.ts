// What the `feed` package (6.0.0) writes by itself, given the hostile fixture the way its README shows:
// the reason src/render/feeds/feed-output.ts exists. And proof that Herald's RSS and Atom go through it.
import { Feed, type FeedOptions } from 'feed';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOSTILE, makeHostileArticle } from '../../fixtures/feeds/feed-articles.ts';
import { makeArticle, makeSite } from '../../helpers/site-fixture.ts';
import { allElements, childrenNamed, onlyChild, parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed } from './read-feed.ts';

const OPTIONS: FeedOptions = {
  id: 'https://news.example.org/atom.xml',
  title: 'Herald Test Site',
  link: 'https://news.example.org/',
  updated: new Date('2022-04-01T00:00:00Z'),
  feedLinks: { atom: 'https://news.example.org/atom.xml' },
};

/** The hostile article, handed to feed as plain options and items, with no adaptation. */
function naiveFeed(options: Partial<FeedOptions> = {}): Feed {
  const article = makeHostileArticle();
  const feed = new Feed({ ...OPTIONS, ...options });
  feed.addItem({
    title: article.title,
    id: article.id,
    link: 'https://news.example.org/articles/hostile/',
    date: article.updated,
    description: article.summary,
    content: article.contentHtml,
    author: [{ name: HOSTILE.authorName }],
    category: [{ name: HOSTILE.tagName }],
  });
  return feed;
}

describe('feed 6.0.0 on its own', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['rss2', (f: Feed) => f.rss2()],
    ['atom1', (f: Feed) => f.atom1()],
  ])('%s() writes a document a strict XML parser rejects, given the hostile article', (_name, render) => {
    const xml = render(naiveFeed());
    expect(xml).toContain('\u0000'); // a character XML 1.0 forbids, passed through
    expect(() => parseXmlStrict(xml)).toThrow();
  });

  it('splits only the first `]]>` of a CDATA section and leaves `<` raw in attribute values', () => {
    const xml = naiveFeed().atom1();
    expect(xml).toContain('<![CDATA[Fish & Chips <3 ]]]]><![CDATA[> and ]]> again');
    expect(xml).toMatch(/<category label="[^"]*<b>/);
  });

  describe('given text that is otherwise well-formed', () => {
    const tame = () => {
      const feed = new Feed({ ...OPTIONS, language: 'en' });
      feed.addItem({
        title: 'Fish & Chips <3',
        link: 'https://news.example.org/a/',
        date: new Date('2022-01-01T00:00:00Z'),
        author: [{ name: 'Grace Hopper' }],
        category: [{ name: 'Compilers' }],
      });
      return feed;
    };

    it('writes an Atom category without term, a html-typed title, and no xml:lang', () => {
      const { root } = parseXmlStrict(tame().atom1());
      const entry = onlyChild(root, 'entry');
      expect(onlyChild(entry, 'category').attributes).toEqual({ label: 'Compilers' });
      expect(onlyChild(entry, 'title').attributes.type).toBe('html');
      expect(root.attributes['xml:lang']).toBeUndefined();
    });

    it('puts a bare name in RSS <author>', () => {
      const item = onlyChild(onlyChild(parseXmlStrict(tame().rss2()).root, 'channel'), 'item');
      expect(childrenNamed(item, 'author').map((a) => a.text)).toEqual(['Grace Hopper']);
    });

    it('dates the feed by the clock when no `updated` is given, and writes an empty Atom id', () => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
      const feed = new Feed({ title: 'x', link: 'https://news.example.org/' });
      expect(feed.atom1()).toContain('<updated>2031-01-01T00:00:00.000Z</updated>');
      expect(feed.atom1()).toContain('<id/>');
      expect(feed.rss2()).toContain('<lastBuildDate>Wed, 01 Jan 2031 00:00:00 GMT</lastBuildDate>');
    });

    it('points the Atom self link at `options.feed` (the RSS URL) when it is set', () => {
      const feed = new Feed({ ...OPTIONS, feed: 'https://news.example.org/feed.xml' });
      const self = allElements(parseXmlStrict(feed.atom1()).root).find((e) => e.attributes.rel === 'self');
      expect(self?.attributes.href).toBe('https://news.example.org/feed.xml');
    });

    it('throws on a relative URL', () => {
      const feed = new Feed({ ...OPTIONS, author: { name: 'a', link: '/authors/a/' } });
      expect(() => feed.atom1()).toThrow();
    });
  });
});

describe("Herald's RSS and Atom feeds", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['/feed.xml', 'rss2'],
    ['/atom.xml', 'atom1'],
  ] as const)('%s is rendered by feed’s %s()', (path, method) => {
    const spy = vi.spyOn(Feed.prototype, method);
    renderFeed(makeSite([makeArticle()]), path);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['/feed.xml', 'rss2'],
    ['/atom.xml', 'atom1'],
  ] as const)(
    '%s fails loudly, rather than guessing, when feed’s %s() output is not well-formed',
    (path, method) => {
      vi.spyOn(Feed.prototype, method).mockReturnValue('<rss><channel></rss>');
      expect(() => renderFeed(makeSite([makeArticle()]), path)).toThrow();
    },
  );
});
