import type { FeedFormat } from '../../site/paths.ts';

/** The media type of each format, as used in `type` attributes of links. */
export const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/** The `Content-Type` of each format's responses. */
export const FEED_MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: `${FEED_TYPES.rss}; charset=utf-8`,
  atom: `${FEED_TYPES.atom}; charset=utf-8`,
  json: `${FEED_TYPES.json}; charset=utf-8`,
};

export const STYLESHEET_MEDIA_TYPE = 'text/xsl; charset=utf-8';
