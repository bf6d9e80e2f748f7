import { describe, expect, it } from 'vitest';
import { EMPTY_FEED_UPDATED } from '../../../src/render/feeds/feed-page.ts';
import { feedRoutes } from '../../../src/render/feeds/feed-routes.ts';
import { renderSite } from '../../../src/render/render-site.ts';
import { archiveCount } from '../../../src/site/archives.ts';
import { FEED_FORMATS, feedArchivePath, feedPath, STYLESHEET_PATH } from '../../../src/site/paths.ts';
import { makeFeedArticles, makeHostileArticle } from '../../fixtures/feeds/feed-articles.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeedRoute } from './read-feed.ts';

describe('feedRoutes', () => {
  describe('when the site has 65 articles', () => {
    const site = makeSite(makeArticles(65));
    const paths = feedRoutes(site).map(([path]) => path);

    it('has a route for the subscription document and every archive of every format of every scope, and the stylesheet, once each', () => {
      const scopes = [site.site, ...site.tags, ...site.authors];
      const expected = scopes.flatMap((scope) => [
        ...FEED_FORMATS.map((format) => feedPath(scope.basePath, format)),
        ...Array.from({ length: archiveCount(scope.articles.length, site.settings.itemsPerFeed) }, (_, i) =>
          FEED_FORMATS.map((format) => feedArchivePath(scope.basePath, format, i + 1)),
        ).flat(),
      ]);
      expect(new Set(paths)).toEqual(new Set([...expected, STYLESHEET_PATH]));
      expect(paths).toHaveLength(new Set(paths).size);
      expect(paths).toContain('/archive/2/feed.xml');
      expect(paths).toContain('/archive/tags/all/2/atom.xml');
      expect(paths).not.toContain('/archive/3/feed.xml');
      expect(paths).toContain('/authors/ada-lovelace/feed.json');
    });

    it.each([
      ['/feed.xml', 'application/rss+xml; charset=utf-8'],
      ['/archive/2/atom.xml', 'application/atom+xml; charset=utf-8'],
      ['/archive/tags/all/1/feed.json', 'application/feed+json; charset=utf-8'],
      ['/feed.xsl', 'text/xsl; charset=utf-8'],
    ])('serves %s as %s', (path, mediaType) => {
      expect(renderFeedRoute(site, path).mediaType).toBe(mediaType);
    });

    it.each([
      ['/feed.xml', '2022-03-06T09:30:00Z'],
      ['/archive/2/atom.xml', '2022-02-09T09:30:00Z'],
      ['/archive/1/feed.json', '2022-01-20T09:30:00Z'],
    ])('dates %s by the newest update among its own articles', (path, date) => {
      expect(renderFeedRoute(site, path).lastModified).toEqual(new Date(date));
    });
  });

  describe('when the site has no articles', () => {
    it('still serves page 1 of each site feed, dated by a fixed instant', () => {
      const site = makeSite([]);
      expect(feedRoutes(site).map(([path]) => path)).toEqual([
        '/feed.xml',
        '/atom.xml',
        '/feed.json',
        '/feed.xsl',
      ]);
      for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
        expect(renderFeedRoute(site, path).lastModified).toEqual(EMPTY_FEED_UPDATED);
      }
    });
  });

  describe('every route of a site with hostile text', () => {
    const routes = () =>
      feedRoutes(makeSite([makeHostileArticle(), ...makeFeedArticles(), ...makeArticles(25)]));

    it('is well-formed: strict XML for RSS, Atom and XSL, JSON for JSON Feed', () => {
      for (const [path, render] of routes()) {
        const body = render().body.toString();
        if (path.endsWith('.json')) expect(() => JSON.parse(body), path).not.toThrow();
        else expect(() => parseXmlStrict(body), path).not.toThrow();
      }
    });

    it('renders byte-identical output from a freshly built, equal site', () => {
      // Only fixtures with every field fixed: makeArticle's defaults depend on a call counter.
      const build = () => feedRoutes(makeSite([makeHostileArticle(), ...makeFeedArticles()]));
      const once = build().map(([path, render]) => [path, render().body]);
      const again = build().map(([path, render]) => [path, render().body]);
      expect(again).toEqual(once);
    });

    it('renders every route of the same site to the same bytes twice', () => {
      const site = makeSite(makeArticles(55));
      const once = feedRoutes(site).map(([path, render]) => [path, render().body]);
      const again = feedRoutes(site).map(([path, render]) => [path, render().body]);
      expect(again).toEqual(once);
    });
  });

  describe('when rendered through renderSite', () => {
    it('gives each feed its representation with an ETag and whole-second Last-Modified', () => {
      const rendered = renderSite(makeSite(makeFeedArticles()));
      const atom = rendered.get('/atom.xml');
      expect(atom?.mediaType).toBe('application/atom+xml; charset=utf-8');
      expect(atom?.etag).toMatch(/^"[\w-]+"$/);
      expect(atom?.lastModified).toEqual(new Date('2022-06-01T07:45:00Z'));
      expect(rendered.paths()).toContain('/feed.xsl');
    });
  });
});
