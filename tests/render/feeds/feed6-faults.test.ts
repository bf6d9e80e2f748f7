// The `feed` package (6.0.0) gets these wrong; each test pins down that Herald's feeds, rendered through
// feed, do not. The numbers are those of the list in src/render/feeds/feed-output.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { feedRoutes } from '../../../src/render/feeds/feed-routes.ts';
import { makeFeedArticles } from '../../fixtures/feeds/feed-articles.ts';
import { makeArticle, makeSite } from '../../helpers/site-fixture.ts';
import { allElements, childrenNamed, childText, onlyChild, parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed } from './read-feed.ts';

function firstEntry(xml: string) {
  const entry = childrenNamed(parseXmlStrict(xml).root, 'entry')[0];
  if (!entry) throw new Error('no entry');
  return entry;
}

describe('faults of feed 6.0.0 that Herald does not have', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes Atom categories with the required term (RFC 4287 §4.2.2), the display name as label (fault 1)', () => {
    const site = makeSite([makeArticle({ tagNames: ['Xiaomi 12 Ultra'] })]);
    const category = onlyChild(firstEntry(renderFeed(site, '/atom.xml')), 'category');
    expect(category.attributes.term).toBe('xiaomi-12-ultra');
    expect(category.attributes.label).toBe('Xiaomi 12 Ultra');
  });

  it.each([
    ['rss', '/feed.xml'],
    ['atom', '/atom.xml'],
  ])(
    'removes characters XML 1.0 forbids from the %s feed instead of passing them through (fault 2)',
    (_f, path) => {
      const site = makeSite([
        makeArticle({ title: 'a\u0000b\u0001c\u000Bd\u000Ce\u001Ff\uD800g\uFFFEh\uFFFFi' }),
      ]);
      const xml = renderFeed(site, path);
      expect(xml).toContain('abcdefghi');
      expect(() => parseXmlStrict(xml)).not.toThrow();
    },
  );

  it.each([
    ['rss', '/feed.xml', 'content:encoded'],
    ['atom', '/atom.xml', 'content'],
  ])('keeps every `]]>` of the %s content, not only the first (fault 3)', (_f, path, element) => {
    const site = makeSite([makeArticle({ contentHtml: '<p>one ]]> two ]]> three ]]></p>' })]);
    const root = parseXmlStrict(renderFeed(site, path)).root;
    const content = allElements(root).find((e) => e.name === element);
    expect(content?.text).toBe('<p>one ]]> two ]]> three ]]></p>');
  });

  it.each([
    ['rss', '/feed.xml'],
    ['atom', '/atom.xml'],
  ])('keeps every `]]>` of a %s title with no other markup character (fault 3)', (_f, path) => {
    const site = makeSite([makeArticle({ title: 'one ]]> two ]]> three' })]);
    const root = parseXmlStrict(renderFeed(site, path)).root;
    const container = root.name === 'rss' ? onlyChild(root, 'channel') : root;
    const item = childrenNamed(container, root.name === 'rss' ? 'item' : 'entry')[0];
    expect(item && childText(item, 'title')).toBe('one ]]> two ]]> three');
  });

  it('escapes a lone `<` in an attribute value, which feed writes raw (fault 4)', () => {
    const site = makeSite([makeArticle({ tagNames: ['a<b'] })]);
    expect(onlyChild(firstEntry(renderFeed(site, '/atom.xml')), 'category').attributes.label).toBe('a<b');
  });

  it('escapes `<`, `&` and both quotes in attribute values, so nothing can be injected (fault 4)', () => {
    const name = `"><injected a='1'/> & <b>`;
    const site = makeSite([makeArticle({ tagNames: [name] })]);
    const xml = renderFeed(site, '/atom.xml');
    const entry = firstEntry(xml);
    expect(childrenNamed(entry, 'category').map((c) => c.attributes.label)).toEqual([name]);
    expect(allElements(parseXmlStrict(xml).root).some((e) => e.local === 'injected')).toBe(false);
  });

  describe('when a plain-text title or summary holds `<` or `&` (fault 10)', () => {
    it('types Atom title and summary as text and escapes them once', () => {
      const site = makeSite([makeArticle({ title: 'Fish & Chips <3', summary: 'a < b && c > d' })]);
      const xml = renderFeed(site, '/atom.xml');
      const entry = firstEntry(xml);
      expect(onlyChild(entry, 'title').attributes.type).toBe('text');
      expect(childText(entry, 'title')).toBe('Fish & Chips <3');
      expect(onlyChild(entry, 'summary').attributes.type).toBe('text');
      expect(childText(entry, 'summary')).toBe('a < b && c > d');
      expect(xml).toContain('<title type="text">Fish &amp; Chips &lt;3</title>');
    });

    it('does not take an already-escaped entity for an escape: `&amp;` stays `&amp;`', () => {
      const site = makeSite([makeArticle({ title: 'Write &amp; for &' })]);
      expect(childText(firstEntry(renderFeed(site, '/atom.xml')), 'title')).toBe('Write &amp; for &');
    });
  });

  describe('when rendered at different times (fault 7)', () => {
    it('dates every feed by its newest update, not the clock, so the bytes are identical', () => {
      const render = () => {
        const site = makeSite(makeFeedArticles());
        return feedRoutes(site).map(([path, run]) => [path, run().body.toString()]);
      };
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
      const first = render();
      vi.setSystemTime(new Date('2044-07-04T12:34:56Z'));
      expect(render()).toEqual(first);

      const site = makeSite(makeFeedArticles());
      expect(childText(parseXmlStrict(renderFeed(site, '/atom.xml')).root, 'updated')).toBe(
        '2022-06-01T07:45:00.000Z',
      );
      const channel = onlyChild(parseXmlStrict(renderFeed(site, '/feed.xml')).root, 'channel');
      expect(childText(channel, 'lastBuildDate')).toBe('Wed, 01 Jun 2022 07:45:00 GMT');
    });
  });

  describe('when the site has no articles', () => {
    it('still gives the Atom feed a non-empty id and a feed-level author (RFC 4287 §4.1.1; fault 8)', () => {
      const feed = parseXmlStrict(renderFeed(makeSite([]), '/atom.xml')).root;
      expect(childText(feed, 'id')).toBe('https://news.example.org/atom.xml');
      expect(childText(onlyChild(feed, 'author'), 'name')).toBe('Site Author');
      expect(childText(feed, 'updated')).toBe('1970-01-01T00:00:00.000Z');
    });

    it('still declares the atom, content, dc and fh namespaces the RSS channel uses (fault 13)', () => {
      const { root } = parseXmlStrict(renderFeed(makeSite([]), '/feed.xml'));
      expect(root.namespaces).toEqual({
        atom: 'http://www.w3.org/2005/Atom',
        content: 'http://purl.org/rss/1.0/modules/content/',
        dc: 'http://purl.org/dc/elements/1.1/',
        fh: 'http://purl.org/syndication/history/1.0',
      });
      expect(childText(onlyChild(root, 'channel'), 'dc:creator')).toBe('Site Author');
    });
  });

  it('puts xml:lang on the Atom feed and its entries (fault 11)', () => {
    const xml = renderFeed(makeSite([makeArticle()], { language: 'pt-BR' }), '/atom.xml');
    expect(parseXmlStrict(xml).root.attributes['xml:lang']).toBe('pt-BR');
    expect(firstEntry(xml).attributes['xml:lang']).toBe('pt-BR');
  });

  it('resolves relative icon, logo and author URLs against the site URL instead of throwing (fault 6)', () => {
    const site = makeSite(
      [makeArticle({ authors: [{ name: 'Rel Ative', slug: 'rel-ative', url: 'people/rel/' }] })],
      { siteUrl: 'https://example.com/blog/', icon: 'images/icon.png', logo: '/logo.png' },
    );
    const feed = parseXmlStrict(renderFeed(site, '/atom.xml')).root;
    expect(childText(feed, 'icon')).toBe('https://example.com/blog/images/icon.png');
    expect(childText(feed, 'logo')).toBe('https://example.com/blog/logo.png');
    expect(childText(onlyChild(firstEntry(renderFeed(site, '/atom.xml')), 'author'), 'uri')).toBe(
      'https://example.com/blog/people/rel/',
    );
  });

  it('names RSS authors with dc:creator (namespace declared) and never puts a bare name in <author> (fault 12)', () => {
    const site = makeSite([makeArticle({ authorNames: ['Grace Hopper'] })]);
    const root = parseXmlStrict(renderFeed(site, '/feed.xml')).root;
    expect(root.namespaces.dc).toBe('http://purl.org/dc/elements/1.1/');
    const item = onlyChild(onlyChild(root, 'channel'), 'item');
    expect(childrenNamed(item, 'author')).toEqual([]);
    expect(childText(item, 'dc:creator')).toBe('Grace Hopper');
  });

  it.each([
    ['/atom.xml', 'https://news.example.org/atom.xml'],
    ['/feed.xml', 'https://news.example.org/feed.xml'],
    ['/tags/q-and-a/atom.xml', 'https://news.example.org/tags/q-and-a/atom.xml'],
  ])('points the self link of %s at itself, not at another format (fault 9)', (path, self) => {
    const root = parseXmlStrict(renderFeed(makeSite(makeFeedArticles()), path)).root;
    const container = root.name === 'rss' ? onlyChild(root, 'channel') : root;
    const selfLinks = allElements(container).filter((e) => e.local === 'link' && e.attributes.rel === 'self');
    expect(selfLinks.map((l) => l.attributes.href)).toEqual([self]);
  });

  it.each([
    ['/feed.xml', 'description', 'content:encoded'],
    ['/atom.xml', 'summary', 'content'],
  ])(
    'keeps the summary and content elements of %s when they are empty (fault 16)',
    (path, summary, content) => {
      const site = makeSite([makeArticle({ summary: '', contentHtml: '' })]);
      const item = allElements(parseXmlStrict(renderFeed(site, path)).root).find(
        (e) => e.name === 'item' || e.name === 'entry',
      );
      if (!item) throw new Error('no item');
      expect([childText(item, summary), childText(item, content)]).toEqual(['', '']);
    },
  );

  it('writes JSON Feed 1.1, with an authors array and a language, not version 1 (fault 17)', () => {
    const feed = JSON.parse(renderFeed(makeSite(makeFeedArticles()), '/feed.json'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.authors).toEqual([{ name: 'Site Author', url: 'mailto:editor@news.example.org' }]);
    expect(feed.language).toBe('en');
    expect(feed.items[0].authors).toHaveLength(2);
    expect(feed.items[0].language).toBe('en');
  });

  describe('when text holds a literal `&amp;`, CR or LF (fault 5: xml-js text escaping)', () => {
    it('reads back `&amp;` as written in element text feed escapes itself (Atom author name, RSS category)', () => {
      const site = makeSite([makeArticle({ authorNames: ['R&amp;D Team'], tagNames: ['R&amp;D'] })]);
      const entry = firstEntry(renderFeed(site, '/atom.xml'));
      expect(childText(onlyChild(entry, 'author'), 'name')).toBe('R&amp;D Team');
      const item = onlyChild(
        onlyChild(parseXmlStrict(renderFeed(site, '/feed.xml')).root, 'channel'),
        'item',
      );
      expect(childText(item, 'category')).toBe('R&amp;D');
    });

    it.each([
      ['rss', '/feed.xml', 'description'],
      ['atom', '/atom.xml', 'summary'],
    ])('keeps a CR in the %s summary instead of letting readers turn it into LF', (_f, path, name) => {
      const site = makeSite([makeArticle({ summary: 'one\rtwo\rthree' })]);
      const item = allElements(parseXmlStrict(renderFeed(site, path)).root).find(
        (e) => e.name === 'item' || e.name === 'entry',
      );
      const summary = item && onlyChild(item, name);
      expect(summary?.text).toBe('one\rtwo\rthree');
    });

    it('keeps tab and LF in an attribute value instead of letting readers turn them into spaces', () => {
      const site = makeSite([makeArticle({ tagNames: ['one\ttwo\nthree'] })]);
      const category = onlyChild(firstEntry(renderFeed(site, '/atom.xml')), 'category');
      expect(category.attributes.label).toBe('one\ttwo\nthree');
    });
  });

  it.each([
    ['/atom.xml', 'id'],
    ['/feed.xml', 'guid'],
  ])(
    'keeps the article id of %s exactly as the site model decided it, not URL-normalized (fault 6)',
    (path, name) => {
      const id = 'HTTPS://News.Example.org/ids/../Post-1';
      const site = makeSite([makeArticle({ id })]);
      const ids = allElements(parseXmlStrict(renderFeed(site, path)).root).filter(
        (e) => e.name === name && e.text !== 'https://news.example.org/atom.xml',
      );
      expect(ids.map((e) => e.text)).toEqual([id]);
    },
  );

  it.each(['/feed.xml', '/atom.xml'])(
    'escapes the stylesheet href of %s as an xml-stylesheet pseudo-attribute (fault 14)',
    (path) => {
      const site = makeSite([makeArticle()], { siteUrl: 'https://example.org/a&b/' });
      const { processingInstructions } = parseXmlStrict(renderFeed(site, path));
      expect(processingInstructions).toEqual([
        { target: 'xml-stylesheet', body: 'type="text/xsl" href="/a&amp;b/feed.xsl"' },
      ]);
    },
  );

  it('marks an RSS guid that is the article URL as a permalink, and any other guid not (fault 15)', () => {
    const site = makeSite([
      makeArticle({ slug: 'by-url', id: 'https://news.example.org/articles/by-url/' }),
      makeArticle({ slug: 'by-tag', id: 'tag:news.example.org,2022:by-tag' }),
    ]);
    const items = childrenNamed(
      onlyChild(parseXmlStrict(renderFeed(site, '/feed.xml')).root, 'channel'),
      'item',
    );
    expect(items.map((i) => [childText(i, 'guid'), onlyChild(i, 'guid').attributes.isPermaLink])).toEqual(
      expect.arrayContaining([
        ['https://news.example.org/articles/by-url/', 'true'],
        ['tag:news.example.org,2022:by-tag', 'false'],
      ]),
    );
  });
});
