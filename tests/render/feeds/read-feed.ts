// Helpers shared by the feed tests: render one feed path, and read a feed the way a feed reader does.
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';
import type { Site } from '../../../src/model.ts';
import { feedRoutes } from '../../../src/render/feeds/feed-routes.ts';
import type { Rendered } from '../../../src/render/representation.ts';

/** Renders one route of the site's feeds; throws when the path has no route. */
export function renderFeedRoute(site: Site, path: string): Rendered {
  const render = new Map(feedRoutes(site).map(([routePath, render]) => [routePath, render])).get(path);
  if (!render) throw new Error(`no feed route for ${path}`);
  return render();
}

/** The body of one feed route, as text. */
export function renderFeed(site: Site, path: string): string {
  return renderFeedRoute(site, path).body.toString();
}

export interface ReadFeed {
  meta: FeedParser.Meta;
  items: FeedParser.Item[];
}

/** Parses RSS or Atom with feedparser, the library many Node feed readers use. */
export function readFeed(xml: string): Promise<ReadFeed> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({});
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta as FeedParser.Meta, items }));
    Readable.from([xml]).pipe(parser);
  });
}

/** The text an HTML reader shows for an HTML string (RSS <description> is HTML). */
export function htmlText(html: string): string {
  const text = (node: DefaultTreeAdapterTypes.ChildNode): string =>
    'value' in node && node.nodeName === '#text'
      ? node.value
      : 'childNodes' in node
        ? node.childNodes.map(text).join('')
        : '';
  return parseFragment(html).childNodes.map(text).join('');
}

/** The site path of an absolute feed URL, the inverse of `absoluteUrl(settings, path)`. */
export function sitePath(siteUrl: string, url: string): string {
  if (!url.startsWith(siteUrl)) throw new Error(`${url} is not under ${siteUrl}`);
  return `/${url.slice(siteUrl.length)}`;
}
