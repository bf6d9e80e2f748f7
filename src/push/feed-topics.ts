// Which URLs are WebSub topics: the subscription documents (page 1 of every scope's feed, in every
// format), never older pages or HTML. A hub delivers them and a publisher announces them.

import { attached } from '../memory.ts';
import type { RenderedSite, Site, SiteSettings } from '../model.ts';
import { absoluteUrl, FEED_FORMATS, feedPath } from '../site/paths.ts';
import type { TopicContent } from './websub-hub.ts';

const topicPaths = attached<Site, ReadonlySet<string>>(
  'WebSub topics',
  "the paths of a site's subscription feeds",
);

/** Paths of every scope's subscription feeds, computed once per site model. */
export function subscriptionPaths(site: Site): ReadonlySet<string> {
  let paths = topicPaths.get(site);
  if (!paths) {
    paths = new Set(
      [site.site, ...site.tags, ...site.authors].flatMap((scope) =>
        FEED_FORMATS.map((format) => feedPath(scope.basePath, format)),
      ),
    );
    topicPaths.set(site, paths);
  }
  return paths;
}

/** The site path of a topic URL under the site URL, or undefined. */
export function topicPath(settings: Pick<SiteSettings, 'siteUrl'>, url: string): string | undefined {
  if (!url.startsWith(settings.siteUrl)) return undefined;
  return `/${url.slice(settings.siteUrl.length)}`;
}

/** The hub's view of the live site: a topic URL's current bytes, when it is a subscription feed. */
export function topicContent(
  rendered: () => RenderedSite,
  settings: Pick<SiteSettings, 'siteUrl'>,
): (url: string) => TopicContent | undefined {
  return (url) => {
    const path = topicPath(settings, url);
    const site = rendered();
    if (path === undefined || !subscriptionPaths(site.site).has(path)) return undefined;
    const representation = site.get(path);
    return representation && { body: representation.body, mediaType: representation.mediaType };
  };
}

/** Absolute URLs of the subscription feeds among `paths` (paths whose bytes changed, say). */
export function changedTopicUrls(
  settings: Pick<SiteSettings, 'siteUrl'>,
  site: RenderedSite,
  paths: readonly string[],
): string[] {
  const topics = subscriptionPaths(site.site);
  return paths.filter((path) => topics.has(path)).map((path) => absoluteUrl(settings, path));
}
