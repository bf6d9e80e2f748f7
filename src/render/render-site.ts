import type { RenderedSite, Representation, Site } from '../model.ts';
import { FEED_FORMATS, feedPath, NOT_FOUND_PATH, STYLESHEET_PATH } from '../site/paths.ts';
import { feedDirectoryRoutes } from './feed-directory-routes.ts';
import { feedRouteLists, scopeFeedRoutes, stylesheetRoute } from './feeds/feed-routes.ts';
import { feedPreviewRouteLists, scopeFeedPreviewRoutes } from './html/feed-preview-page.ts';
import { htmlRouteLists, scopeRoutes } from './html/html-routes.ts';
import { iconRoutes } from './icon-routes.ts';
import { mediaRoutes } from './media-routes.ts';
import { withRedirects } from './redirects.ts';
import { makeRepresentation, type StampLastModified } from './representation.ts';
import {
  type Route,
  type RouteInputs,
  type RouteLists,
  routeFingerprint,
  sameInputs,
  settingsKey,
} from './route.ts';

export interface RenderSiteOptions {
  /**
   * Bytes of rendered bodies kept besides the pinned ones. At 10,000 articles every feed page holds
   * 20 full articles, and all URLs together are over 1 GB: keeping every one would exceed the
   * 400 MB memory target. The least recently used are dropped and rendered again, to the same bytes
   * and ETag, if asked for again.
   */
  cacheBytes?: number;
  /**
   * The site this one replaces. A path whose inputs did not change keeps the representation the
   * previous site had rendered for it (same bytes, ETag and Last-Modified) instead of rendering again.
   */
  previous?: SiteRender;
  /** Told how long each representation took to render (for the server's metrics). */
  onRender?: (path: string, seconds: number) => void;
  /**
   * Gives each representation rendered here its Last-Modified from its ETag: when these bytes
   * appeared at its path. One taken over from `previous` keeps its own. Without it, the date the
   * renderer gives (the newest article shown).
   */
  stamp?: StampLastModified;
}

export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * Compressed variants are made later, on first use, and are kept with the representation; count
 * them as a share of the identity body so the budget covers them too.
 */
const VARIANT_SHARE = 0.5;

/** A representation kept by a rendered site, with the inputs it was rendered from. */
interface Kept {
  representation: Representation;
  inputs: RouteInputs;
}

/** A rendered site as the publishing layer sees it: also its routes, to compare with the next site. */
export interface SiteRender extends RenderedSite {
  /** Every route by path (listed on first call, about 10 ms at 10,000 articles). */
  routes(): ReadonlyMap<string, Route>;
  /** Every route, in the lists it is made in: what two sites share is compared as a whole. */
  routeLists(): RouteLists;
  /** The representations this site holds, to be taken over by the next site where inputs match. */
  kept(): Iterable<readonly [string, Kept]>;
  /** Takes over what the previous site held for unchanged paths now and forgets the rest. */
  settle(): void;
  /**
   * A string that changes whenever the inputs of the route at `path` do (settings included), found
   * without rendering: a later run that kept it knows the bytes are unchanged. Undefined when the
   * route cannot say (an unknown path, an article without a content key).
   */
  fingerprint(path: string): string | undefined;
}

/**
 * The site as a map of path → representation. Building it only lists the routes; each
 * representation is rendered on first use and kept, so a 10,000-article site is ready to serve
 * at once. What every reader polls (the site's feeds, the home page, the stylesheet) stays once
 * rendered; other pages, tag and author feeds included, stay while they fit in `cacheBytes`.
 */
export function renderSite(site: Site, options: RenderSiteOptions = {}): SiteRender {
  // Read here, never inside the closures below: a closure naming `options` kept its `previous`, and
  // so every site since start-up with the representations each had rendered, one chain per edit.
  const { onRender, stamp, previous } = options;
  // Listing every route of a 10,000-article site (about 19,000) takes ~10 ms, so it is done on first
  // need; the site scope's routes (its feeds, the home page) are listed at once, so the swap after an
  // edit and the polls that follow it never wait for the full list.
  let lists: RouteLists | undefined;
  const listsOf = () => {
    lists ??= withRedirects(site, [
      ...feedRouteLists(site),
      ...htmlRouteLists(site),
      ...feedPreviewRouteLists(site),
      mediaRoutes(site),
      iconRoutes(site),
      feedDirectoryRoutes(site),
    ]);
    return lists;
  };
  let allRoutes: Map<string, Route> | undefined;
  const routesOf = () => {
    if (!allRoutes) {
      allRoutes = new Map();
      for (const list of listsOf()) for (const route of list) allRoutes.set(route[0], route);
    }
    return allRoutes;
  };
  const siteRoutes = new Map<string, Route>(
    [
      ...scopeFeedRoutes(site, site.site),
      ...scopeRoutes(site, site.site),
      stylesheetRoute(),
      ...mediaRoutes(site),
      ...iconRoutes(site),
      ...scopeFeedPreviewRoutes(site, site.site),
    ].map((route) => [route[0], route]),
  );
  const routeOf = (path: string) => siteRoutes.get(path) ?? routesOf().get(path);
  const budget = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
  // Only what every reader polls stays outside the budget: the site's feeds, home page and
  // stylesheet. The first pages of tag and author feeds share the budget with every other page:
  // pinned, a client asking for each of thousands of tags' feeds grew memory without bound
  // (1,000 tag feeds of a 5,000-tag site: 403 MB, never released).
  const pinnedPaths = new Set<string>([
    '/',
    STYLESHEET_PATH,
    ...FEED_FORMATS.map((format) => feedPath(site.site.basePath, format)),
  ]);
  const pinned = new Map<string, Kept>();
  // A Map iterates in insertion order: re-inserting on use makes its first entry the least recent.
  const recent = new Map<string, Kept>();
  let recentBytes = 0;
  const cost = (representation: Representation) => representation.body.length * (1 + VARIANT_SHARE);
  // What the previous site held, offered to this one path by path. Only representations are taken,
  // never the previous site itself, so sites do not chain in memory.
  const sameSettings = previous?.site.settings === site.settings;
  let inherited = new Map(sameSettings ? (previous?.kept() ?? []) : []);

  const keep = (path: string, kept: Kept) => {
    if (pinnedPaths.has(path)) {
      pinned.set(path, kept);
      return;
    }
    recent.set(path, kept);
    recentBytes += cost(kept.representation);
    for (const [oldest, old] of recent) {
      if (recentBytes <= budget || oldest === path) break;
      recent.delete(oldest);
      recentBytes -= cost(old.representation);
    }
  };

  // Looked up once, not once per route: an export's plan asks for all 19,000 fingerprints.
  let settingsHash: string | undefined;

  /** The previous site's representation of `route`, if its inputs are the same. */
  const adopt = (route: Route): Representation | undefined => {
    const [path, , inputs] = route;
    const offered = inherited.get(path);
    if (!offered) return undefined;
    inherited.delete(path);
    if (!sameInputs(offered.inputs, inputs)) return undefined;
    keep(path, { representation: offered.representation, inputs });
    return offered.representation;
  };

  return {
    site,
    paths: () => [...routesOf().keys()],
    routes: routesOf,
    routeLists: listsOf,
    get(path) {
      const kept = pinned.get(path);
      if (kept) return kept.representation;
      const used = recent.get(path);
      if (used) {
        recent.delete(path);
        recent.set(path, used);
        return used.representation;
      }
      const route = routeOf(path);
      if (!route) return undefined;
      const adopted = adopt(route);
      if (adopted) return adopted;
      const [, render, inputs] = route;
      const started = onRender ? performance.now() : 0;
      const representation = makeRepresentation(path, render(), stamp);
      onRender?.(path, (performance.now() - started) / 1000);
      keep(path, { representation, inputs });
      return representation;
    },
    notFound() {
      return this.get(NOT_FOUND_PATH);
    },
    fingerprint(path) {
      const route = routeOf(path);
      settingsHash ??= settingsKey(site.settings);
      return route && routeFingerprint(route[2], settingsHash);
    },
    *kept() {
      yield* inherited;
      yield* pinned;
      yield* recent;
    },
    settle() {
      for (const [path] of inherited) {
        const route = routeOf(path);
        if (route) adopt(route);
      }
      inherited = new Map();
    },
  };
}
