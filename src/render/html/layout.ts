import type { SiteSettings } from '../../model.ts';
import { APPLE_TOUCH_ICON_PATH, AUTHORS_INDEX_PATH, absoluteUrl, TAGS_INDEX_PATH } from '../../site/paths.ts';
import type { FeedLink } from './feed-links.ts';
import { type Html, html, raw } from './html.ts';
import { STYLES } from './styles.ts';

export interface PageSpec {
  /** Text of `<title>`. */
  title: string;
  description: string;
  /** Canonical path. Absent on the 404 page, which is served at any URL. */
  path?: string;
  /** Feeds advertised for autodiscovery (RSS Board autodiscovery; WHATWG `rel=alternate`). */
  feeds: readonly FeedLink[];
  /** Open Graph (ogp.me): `og:type`, `og:title` and extra properties such as `article:published_time`. */
  openGraph?: {
    type: 'website' | 'article';
    title: string;
    properties?: readonly (readonly [string, string])[];
    /** Shown when the page is shared: `og:image`, and a large-image Twitter card. */
    image?: { url: string; alt?: string | undefined };
  };
  noindex?: boolean;
  main: Html;
}

/**
 * The HTML5 document around every page. Every link is absolute: the site may live under a
 * sub-path of `siteUrl`, and the 404 page is served at URLs of any depth.
 */
export function renderLayout(settings: SiteSettings, page: PageSpec): string {
  const home = absoluteUrl(settings, '/');
  const canonical = page.path === undefined ? undefined : absoluteUrl(settings, page.path);
  const document = html`<!DOCTYPE html>
<html lang="${settings.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<meta name="description" content="${page.description}">
${page.noindex && html`<meta name="robots" content="noindex">\n`}${canonical && html`<link rel="canonical" href="${canonical}">\n`}${renderIcons(settings)}${page.feeds.map(renderAlternate)}${page.openGraph && renderOpenGraph(settings, page.openGraph, page.description, canonical)}<style>${raw(STYLES)}</style>
</head>
<body>
<header class="site">
<a class="site-name" href="${home}">${settings.title}</a>
<nav aria-label="Site"><a href="${absoluteUrl(settings, TAGS_INDEX_PATH)}">Tags</a> · <a href="${absoluteUrl(settings, AUTHORS_INDEX_PATH)}">Authors</a> · <a href="${home}#subscribe">Subscribe</a></nav>
</header>
<main>
${page.main}
</main>
</body>
</html>
`;
  return document.toString();
}

/** The site's icon for browser tabs, bookmarks and home screens. */
function renderIcons(settings: SiteSettings): Html | undefined {
  const small = settings.favicon ?? settings.icon;
  if (small === undefined) return undefined;
  const touch = settings.iconImage?.kind === 'png' ? absoluteUrl(settings, APPLE_TOUCH_ICON_PATH) : undefined;
  return html`<link rel="icon" href="${absoluteUrl(settings, small)}">\n${touch && html`<link rel="apple-touch-icon" href="${touch}">\n`}`;
}

function renderAlternate(feed: FeedLink): Html {
  return html`<link rel="alternate" type="${feed.mediaType}" title="${feed.title}" href="${feed.url}">\n`;
}

function renderOpenGraph(
  settings: SiteSettings,
  og: NonNullable<PageSpec['openGraph']>,
  description: string,
  url: string | undefined,
): Html {
  const properties: (readonly [string, string])[] = [
    ['og:site_name', settings.title],
    ['og:type', og.type],
    ['og:title', og.title],
    ['og:description', description],
    ...(url === undefined ? [] : [['og:url', url] as const]),
    ...(og.image ? [['og:image', og.image.url] as const] : []),
    ...(og.image?.alt ? [['og:image:alt', og.image.alt] as const] : []),
    ...(og.properties ?? []),
  ];
  return html`${properties.map(([property, content]) => html`<meta property="${property}" content="${content}">\n`)}${og.image && html`<meta name="twitter:card" content="summary_large_image">\n`}`;
}
