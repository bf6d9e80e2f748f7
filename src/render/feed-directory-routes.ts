// The list of every feed of the site: `/feeds.opml` for readers, `/feeds/` for people.
import type { Scope, Site } from '../model.ts';
import { FEEDS_PAGE_PATH, OPML_PATH } from '../site/paths.ts';
import { OPML_MEDIA_TYPE, renderOpml } from './feeds/opml.ts';
import { renderFeedsPage } from './html/feeds-page.ts';
import { newestUpdate } from './html/last-modified.ts';
import type { Route, RouteInputs } from './route.ts';

export function feedDirectoryRoutes(site: Site): Route[] {
  return [
    [
      OPML_PATH,
      () => ({
        mediaType: OPML_MEDIA_TYPE,
        body: renderOpml(site),
        lastModified: newestUpdate(site.site.articles),
      }),
      directoryInputs('opml', site, (s) => `${s.kind}\t${s.slug}\t${s.name}`),
    ],
    [
      FEEDS_PAGE_PATH,
      () => renderFeedsPage(site.settings, site.site, site.tags, site.authors),
      directoryInputs('feeds page', site, (s) => `${s.kind}\t${s.slug}\t${s.name}\t${s.articles.length}`),
    ],
  ];
}

/**
 * What each shows of every scope (the OPML: name and slug; the page: also the article count),
 * computed only when compared: equal inputs must mean equal bytes, and unequal inputs unequal bytes.
 */
function directoryInputs(what: string, site: Site, line: (scope: Scope) => string): RouteInputs {
  return {
    get key() {
      return `${what}\n${[site.site, ...site.tags, ...site.authors].map(line).join('\n')}`;
    },
    // Their Last-Modified is the newest update, which their bytes do not show.
    get lastModifiedKey() {
      return String(newestUpdate(site.site.articles).getTime());
    },
    articles: [],
  };
}
