// feed's output is parsed without the indentation between its elements (a third of the parse in a
// fresh process): the tree must be the one the whole output gives, whatever the articles hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFeedInput } from '../../../src/render/feeds/feed-input.ts';
import { withoutIndentation } from '../../../src/render/feeds/feed-output.ts';
import { subscriptionPage } from '../../../src/render/feeds/feed-page.ts';
import { parseXmlDocument } from '../../../src/render/feeds/xml-parse.ts';
import { makeArticle, makeSite } from '../../helpers/site-fixture.ts';
import { childrenNamed, childText, onlyChild, parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed } from './read-feed.ts';

// Values whose whitespace a reader must get back exactly: only spaces, spaces around, line breaks
// and indentation-like runs inside (those reach feed as placeholder tokens).
const TITLES = ['   ', '  two spaces around  ', 'line one\n    line two', 'tab\there', '>\n  <'];

function siteWithTitles() {
  return makeSite(
    TITLES.map((title, i) =>
      makeArticle({ title, summary: ` ${title} `, date: new Date(Date.UTC(2022, 4, 23, 12, i)) }),
    ),
  );
}

describe('reading feed output without its indentation', () => {
  it.each(['rss', 'atom'] as const)('gives the same %s tree as the whole output', (format) => {
    const site = siteWithTitles();
    const { feed } = makeFeedInput(subscriptionPage(site.settings, site.site), format);
    const xml = format === 'rss' ? feed.rss2() : feed.atom1();
    const stripped = withoutIndentation(xml);
    expect(stripped.length).toBeLessThan(xml.length);
    expect(stripped).not.toMatch(/>\n/);
    expect(parseXmlDocument(stripped)).toEqual(parseXmlDocument(xml));
  });

  it('gives the same tree as the whole output for any titles, summaries, bodies, tags and authors (property)', () => {
    // Text weighted toward what meets indentation: spaces, tabs, line breaks, markup characters.
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(' ', '  ', '\t', '\n', '\r', '>', '<', '&', '"', ']]>', '\n    <'),
        fc.string({ minLength: 1, maxLength: 3 }),
      ),
      maxLength: 12,
    });
    const article = fc.record({
      title: text,
      summary: text,
      contentHtml: text,
      tagNames: fc.array(
        text.filter((name) => /[a-z0-9]/i.test(name)),
        { maxLength: 2 },
      ),
      // Author names are element text, not CDATA: spaces alone must come back there too.
      authorNames: fc.array(text, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(
        fc.array(article, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('rss', 'atom'),
        (fields, format) => {
          const site = makeSite(
            fields.map((f, i) => makeArticle({ ...f, date: new Date(Date.UTC(2022, 4, 23, 12, i)) })),
          );
          const { feed } = makeFeedInput(subscriptionPage(site.settings, site.site), format);
          const xml = format === 'rss' ? feed.rss2() : feed.atom1();
          expect(parseXmlDocument(withoutIndentation(xml))).toEqual(parseXmlDocument(xml));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps every title as written, whitespace included, in the finished RSS feed', () => {
    const channel = onlyChild(parseXmlStrict(renderFeed(siteWithTitles(), '/feed.xml')).root, 'channel');
    const items = childrenNamed(channel, 'item');
    expect(items.map((item) => childText(item, 'title')).sort()).toEqual([...TITLES].sort());
  });
});
