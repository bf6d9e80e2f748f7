import type { Scope, SiteSettings } from '../../model.ts';
import { absoluteUrl, FEED_FORMATS, type FeedFormat, feedPath, scopeFeedTitle } from '../../site/paths.ts';

/** One subscribable feed of a scope, as advertised in `<head>` and in the Subscribe section. */
export interface FeedLink {
  format: FeedFormat;
  mediaType: string;
  /** Name of the format, e.g. `RSS 2.0`. */
  label: string;
  /** Title a feed reader shows for the discovered feed. */
  title: string;
  url: string;
  /** One line on who the format is for. */
  purpose: string;
}

const FORMATS: Record<FeedFormat, Pick<FeedLink, 'mediaType' | 'label' | 'purpose'> & { short: string }> = {
  rss: {
    mediaType: 'application/rss+xml',
    label: 'RSS 2.0',
    short: 'RSS',
    purpose: 'Works in almost every feed reader and podcast app: the safe choice.',
  },
  atom: {
    mediaType: 'application/atom+xml',
    label: 'Atom 1.0',
    short: 'Atom',
    purpose: 'A stricter standard with exact update times; pick it if your reader offers both.',
  },
  json: {
    mediaType: 'application/feed+json',
    label: 'JSON Feed 1.1',
    short: 'JSON Feed',
    purpose: 'The same articles as JSON, for newer readers and for scripts.',
  },
};

export function scopeFeeds(settings: SiteSettings, scope: Scope): FeedLink[] {
  const title = scopeFeedTitle(settings, scope);
  return FEED_FORMATS.map((format) => {
    const { short, ...rest } = FORMATS[format];
    return {
      format,
      ...rest,
      title: `${title} (${short})`,
      url: absoluteUrl(settings, feedPath(scope.basePath, format)),
    };
  });
}
