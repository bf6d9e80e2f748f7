import type { RenderedSite, Representation, Site } from '../model.ts';
import { FEED_FORMATS, feedPath, STYLESHEET_PATH } from '../site/paths.ts';
import { feedRoutes, scopeFeedRoutes, stylesheetRoute } from './feeds/feed-routes.ts';
import { htmlRoutes, scopeRoutes } from './html/html-routes.ts';
import { makeRepresentation, type Rendered } from './representation.ts';

/** A URL path and how to render its response. Rendering is deferred until the path is first asked for. */
export type Route = readonly [path: string, render: () => Rendered];

export interface RenderSiteOptions {
  /**
   * Bytes of rendered bodies kept besides the pinned ones. At 10,000 articles every feed page holds
   * 20 full articles, and all URLs together are over 1 GB: keeping every one would exceed the
   * 400 MB memory target (issue 7). The least recently used are dropped and rendered again, to the
   * same bytes and ETag, if asked for again.
   */
  cacheBytes?: number;
}

export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * Compressed variants are made later, on first use, and are kept with the representation; count
 * them as a share of the identity body so the budget covers them too.
 */
const VARIANT_SHARE = 0.5;

/**
 * The site as a map of path → representation. Building it only lists the routes; each
 * representation is rendered on first use and kept, so a 10,000-article site is ready to serve
 * at once. What readers poll (the first page of every feed, the home page, the stylesheet) stays
 * once rendered; other pages stay while they fit in `cacheBytes`.
 */
export function renderSite(site: Site, options: RenderSiteOptions = {}): RenderedSite {
  // Listing every route of a 10,000-article site (about 19,000) takes ~10 ms, so it is done on first
  // need; the site scope's routes (its feeds, the home page) are listed at once, so the swap after an
  // edit and the polls that follow it never wait for the full list.
  let allRoutes: Map<string, () => Rendered> | undefined;
  const routesOf = () => {
    allRoutes ??= new Map([...feedRoutes(site), ...htmlRoutes(site)]);
    return allRoutes;
  };
  const siteRoutes = new Map<string, () => Rendered>([
    ...scopeFeedRoutes(site, site.site),
    ...scopeRoutes(site, site.site),
    stylesheetRoute(),
  ]);
  const budget = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
  const pinnedPaths = new Set<string>(['/', STYLESHEET_PATH]);
  for (const scope of [site.site, ...site.tags, ...site.authors]) {
    for (const format of FEED_FORMATS) pinnedPaths.add(feedPath(scope.basePath, format));
  }
  const pinned = new Map<string, Representation>();
  // A Map iterates in insertion order: re-inserting on use makes its first entry the least recent.
  const recent = new Map<string, Representation>();
  let recentBytes = 0;
  const cost = (representation: Representation) => representation.body.length * (1 + VARIANT_SHARE);

  return {
    site,
    paths: () => [...routesOf().keys()],
    get(path) {
      const kept = pinned.get(path);
      if (kept) return kept;
      let representation = recent.get(path);
      if (representation) {
        recent.delete(path);
        recent.set(path, representation);
        return representation;
      }
      const render = siteRoutes.get(path) ?? routesOf().get(path);
      if (!render) return undefined;
      representation = makeRepresentation(path, render());
      if (pinnedPaths.has(path)) {
        pinned.set(path, representation);
        return representation;
      }
      recent.set(path, representation);
      recentBytes += cost(representation);
      for (const [oldest, old] of recent) {
        if (recentBytes <= budget || oldest === path) break;
        recent.delete(oldest);
        recentBytes -= cost(old);
      }
      return representation;
    },
  };
}
