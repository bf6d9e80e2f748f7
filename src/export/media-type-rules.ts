// Media types for static hosts, from a FIXED set of file-name rules. Hosts guess a type from the file
// name; Herald names its files so that a handful of suffixes decide every type (RSS `feed.xml`,
// Atom `atom.xml`, JSON Feed `feed.json`, pages `index.html`, the stylesheet `feed.xsl`). The rules
// never depend on the content, so the recipes (nginx.conf, _headers) stay byte for byte the same as
// articles come and go: nothing to edit or reload on a deploy, and a few rules for any site size
// (Cloudflare Pages accepts 100).

import type { Representation } from '../model.ts';
import { FEED_MEDIA_TYPES, STYLESHEET_MEDIA_TYPE } from '../render/feeds/media-types.ts';
import { OPML_MEDIA_TYPE } from '../render/feeds/opml.ts';
import { HTML_MEDIA_TYPE } from '../render/html/rendered-html.ts';
import { MEDIA_TYPES } from '../render/media-routes.ts';
import { extensionOf, filePathFor, fileUrl } from './file-paths.ts';

export interface ExportedFile {
  /** URL path of the representation, e.g. `/articles/x/`. */
  path: string;
  /** File of its identity bytes, relative to the export root, e.g. `articles/x/index.html`. */
  file: string;
  mediaType: string;
  status: number;
  /** The `Link` header Herald sends with it, if any. */
  link?: string;
}

/** What the recipes need to know of the file written for `path`. */
export function exportedFile(
  path: string,
  representation: Pick<Representation, 'mediaType' | 'status' | 'link'>,
): ExportedFile {
  return {
    path,
    file: filePathFor(path),
    mediaType: representation.mediaType,
    status: representation.status,
    ...(representation.link === undefined ? {} : { link: representation.link }),
  };
}

/** nginx `types`: extension → media type. */
export const TYPES_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['html', HTML_MEDIA_TYPE],
  ['json', FEED_MEDIA_TYPES.json],
  ['xml', FEED_MEDIA_TYPES.rss],
  ['xsl', STYLESHEET_MEDIA_TYPE],
  ['opml', OPML_MEDIA_TYPE],
  // Media files (and the icon files, .ico and .png) are published only with these extensions.
  ...Object.entries(MEDIA_TYPES),
]);

/** Files whose name ends so have another type than their extension's (Atom shares `.xml` with RSS). */
export const SUFFIX_TYPES: readonly { suffix: string; mediaType: string }[] = [
  { suffix: 'atom.xml', mediaType: FEED_MEDIA_TYPES.atom },
];

export interface HeaderRule {
  /** `_headers` URL pattern: `/*` followed by the end of the path (`*` matches anything, `/` included). */
  pattern: string;
  mediaType: string;
}

/**
 * Content-Type rules for `_headers` hosts (Netlify, Cloudflare Pages), which serve `.xml` as
 * application/xml. HTML needs none. No URL matches two rules: those hosts join the values of every
 * matching rule into one header.
 */
export const HEADER_TYPE_RULES: readonly HeaderRule[] = [
  { pattern: '/*atom.xml', mediaType: FEED_MEDIA_TYPES.atom },
  { pattern: '/*feed.xml', mediaType: FEED_MEDIA_TYPES.rss },
  { pattern: '/*.json', mediaType: FEED_MEDIA_TYPES.json },
  { pattern: '/*.xsl', mediaType: STYLESHEET_MEDIA_TYPE },
  { pattern: '/*.opml', mediaType: OPML_MEDIA_TYPE },
  // Hosts send `image/vnd.microsoft.icon` for .ico, which some feed readers do not take for an icon.
  { pattern: '/*.ico', mediaType: MEDIA_TYPES.ico as string },
];

/**
 * Types every static host already sends for these extensions (the standard ones of the media files
 * Herald publishes), so they need no rule of their own.
 */
const HOST_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries(MEDIA_TYPES).filter(([ext]) => ext !== 'ico'),
);

/** The type nginx gives a file under the recipe's rules. */
export function nginxTypeOf(file: string): string | undefined {
  const suffix = SUFFIX_TYPES.find((rule) => file.endsWith(rule.suffix));
  return suffix ? suffix.mediaType : TYPES_BY_EXTENSION.get(extensionOf(file));
}

/** The Content-Type rules of `_headers` that match a file's URL. */
export function headerRulesFor(file: string): HeaderRule[] {
  const url = fileUrl(file);
  return HEADER_TYPE_RULES.filter((rule) => url.endsWith(rule.pattern.slice(2)));
}

/**
 * Refuses a file the fixed rules would serve with another type than Herald's: a new kind of URL
 * must get a name (or a rule) that fits, rather than a rule per file.
 */
export function checkMediaTypes(files: readonly ExportedFile[]): void {
  for (const { file, mediaType } of files) {
    const nginx = nginxTypeOf(file);
    const headers = headerRulesFor(file);
    const ext = extensionOf(file);
    const viaHeaders = headers[0]?.mediaType ?? (ext === 'html' ? HTML_MEDIA_TYPE : HOST_TYPES.get(ext));
    if (nginx !== mediaType || headers.length > 1 || viaHeaders !== mediaType) {
      throw new Error(
        `cannot export ${file}: its name gives ${nginx ?? 'no media type'}, but it is ${mediaType}`,
      );
    }
  }
}
