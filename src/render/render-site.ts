import type { RenderedSite, Representation, Site } from '../model.ts';
import { feedRoutes } from './feeds/feed-routes.ts';
import { htmlRoutes } from './html/html-routes.ts';
import { makeRepresentation, type Rendered } from './representation.ts';

/** A URL path and how to render its response. Rendering is deferred until the path is first asked for. */
export type Route = readonly [path: string, render: () => Rendered];

/**
 * The site as a map of path → representation. Building it only lists the routes; each
 * representation is rendered on first use and kept, so a 10,000-article site is ready to serve
 * at once and every URL is still rendered at most once per content change.
 */
export function renderSite(site: Site): RenderedSite {
  const routes = new Map<string, () => Rendered>([...feedRoutes(site), ...htmlRoutes(site)]);
  const cache = new Map<string, Representation>();
  return {
    site,
    paths: () => [...routes.keys()],
    get(path) {
      let representation = cache.get(path);
      if (representation) return representation;
      const render = routes.get(path);
      if (!render) return undefined;
      representation = makeRepresentation(path, render());
      cache.set(path, representation);
      return representation;
    },
  };
}
