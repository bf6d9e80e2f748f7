// What reading an article needs to know of the site: its time zone, id authority and article URLs.
import type { ParseOptions } from '../content/parse-article.ts';
import type { SiteSettings } from '../model.ts';
import { absoluteUrl, articlePath, MEDIA_PREFIX } from './paths.ts';

export function parseOptions(settings: SiteSettings): ParseOptions {
  return {
    timeZone: settings.timeZone,
    idAuthority: settings.idAuthority,
    articleUrl: (slug) => absoluteUrl(settings, articlePath(slug)),
    mediaBase: absoluteUrl(settings, MEDIA_PREFIX),
  };
}
